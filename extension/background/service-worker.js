// Background worker: the one route between the extension and the helper.
// The browser stops this worker when idle and starts it again for the next
// event, so every listener is registered at the top level and every answer
// is computed from chrome.storage, never from worker globals.

import { loadSettings, normalizeHelperUrl } from '../shared/settings.js';
import { uiLocale } from '../shared/i18n.js';
import { askHelper, HelperUnreachable } from './helper-client.js';
import { showHelperReachable, showTabState } from './badge.js';

const CHECK_PORT = 'saring-check';

chrome.runtime.onConnect.addListener((port) => {
  if (port.name === CHECK_PORT) answerCheck(port);
});

const MESSAGE_HANDLERS = {
  health: reportHealth,
  rules: reportRules,
  'tab-state': async (message, sender) => {
    if (sender.tab?.id !== undefined) showTabState(sender.tab.id, message);
  },
};

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const handler = MESSAGE_HANDLERS[message?.type];
  if (!handler) return false;
  handler(message, sender).then(sendResponse);
  return true; // the answer is sent asynchronously
});

/**
 * One port per check: the content script disconnects it when the draft
 * changes, which aborts the helper request still in flight.
 */
function answerCheck(port) {
  const controller = new AbortController();
  port.onDisconnect.addListener(() => controller.abort());
  port.onMessage.addListener(async ({ text, platform }) => {
    const answer = await checkDraft(text, platform, controller.signal);
    if (!controller.signal.aborted) port.postMessage(answer);
  });
}

async function checkDraft(text, platform, signal) {
  const settings = await loadSettings();
  if (settings.disabledSites.includes(platform)) return { status: 'disabled' };
  try {
    const result = await askHelper(settings.helperUrl, '/v1/check', {
      signal,
      body: {
        text,
        strictness: settings.strictness,
        disabled_categories: settings.disabledCategories,
        locale: uiLocale(),
        platform,
      },
    });
    showHelperReachable(true);
    return { status: 'ok', findings: result.findings, affirmations: result.affirmations };
  } catch (error) {
    return failedAnswer(error);
  }
}

function failedAnswer(error) {
  if (error.name === 'AbortError') return { status: 'cancelled' }; // not sent: nobody waits for it
  if (error instanceof HelperUnreachable) {
    showHelperReachable(false);
    return { status: 'offline' };
  }
  // Never log the draft: only what went wrong.
  console.warn('Saring:', error.message);
  return { status: 'error' };
}

/** `url` lets the options page try an address before saving it. */
async function reportHealth({ url }) {
  const baseUrl = url === undefined ? (await loadSettings()).helperUrl : normalizeHelperUrl(url);
  if (!baseUrl) return { online: false };
  try {
    const health = await askHelper(baseUrl, '/v1/health');
    showHelperReachable(true);
    return { online: true, version: health.version, ruleset: health.ruleset };
  } catch (error) {
    if (error instanceof HelperUnreachable) showHelperReachable(false);
    return { online: false };
  }
}

async function reportRules() {
  const { helperUrl } = await loadSettings();
  try {
    const rules = await askHelper(helperUrl, '/v1/rules');
    return { categories: rules.categories };
  } catch {
    return { categories: null };
  }
}
