// The toolbar badge. The browser keeps badge state itself, so nothing here
// lives in worker globals that a restart of the worker would lose.

import { t } from '../shared/i18n.js';

const SEVERITY_COLOURS = { error: '#b3261e', warning: '#8a5300', info: '#0b57d0' };
const OFFLINE_COLOUR = '#6b7280';

function ignoreClosedTab() {
  // The tab may have closed between the report and the update.
}

/** Whether the helper answered, for tabs without a state of their own. */
export function showHelperReachable(reachable) {
  chrome.action.setBadgeText({ text: reachable ? '' : 'off' });
  chrome.action.setBadgeBackgroundColor({ color: OFFLINE_COLOUR });
  chrome.action.setTitle({ title: t(reachable ? 'actionTitle' : 'badgeOffline') });
}

/** A tab's own state: its number of findings, or offline. */
export function showTabState(tabId, { findings, worst, offline }) {
  const text = offline ? 'off' : findings > 0 ? String(findings) : '';
  const colour = offline ? OFFLINE_COLOUR : (SEVERITY_COLOURS[worst] ?? OFFLINE_COLOUR);
  const title = offline ? t('badgeOffline') : findings > 0 ? t('badgeFindings', [String(findings)]) : t('actionTitle');
  Promise.all([
    chrome.action.setBadgeText({ tabId, text }),
    chrome.action.setBadgeBackgroundColor({ tabId, color: colour }),
    chrome.action.setTitle({ tabId, title }),
  ]).catch(ignoreClosedTab);
}
