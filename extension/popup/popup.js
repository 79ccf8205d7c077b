// The toolbar popup: helper status, strictness, categories, sites, and the
// findings on the current tab. Changes are saved to chrome.storage, which open
// tabs watch, so they apply without a reload.

import { loadSettings, saveSettings, STRICTNESS_LEVELS } from '../shared/settings.js';
import { localizePage, t, uiLocale } from '../shared/i18n.js';

const $ = (selector) => document.querySelector(selector);

async function showHelperStatus() {
  const status = $('#status');
  const health = await chrome.runtime.sendMessage({ type: 'health' });
  status.dataset.state = health.online ? 'online' : 'offline';
  status.textContent = t(health.online ? 'popupOnline' : 'popupOffline');
  const detail = $('#status-detail');
  if (health.online) {
    detail.textContent = t('popupRuleset', [health.ruleset.version, String(health.ruleset.rules)]);
  } else {
    const command = Object.assign(document.createElement('code'), { textContent: './scripts/run' });
    detail.replaceChildren(t('popupStartHint'), ' ', command);
  }
}

async function showTabCount() {
  const output = $('#tab-count');
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  try {
    const summary = await chrome.tabs.sendMessage(tab.id, { type: 'summary' });
    output.textContent = summary.composers > 0 ? t('popupTabCount', [String(summary.findings)]) : t('popupTabNone');
  } catch {
    output.textContent = t('popupTabNone'); // no Saring content script on this tab
  }
}

function showStrictness(settings) {
  const floor = STRICTNESS_LEVELS.indexOf(settings.minimumStrictness);
  for (const radio of document.querySelectorAll('input[name="strictness"]')) {
    radio.checked = radio.value === settings.strictness;
    radio.disabled = STRICTNESS_LEVELS.indexOf(radio.value) < floor;
    radio.addEventListener('change', () => saveSettings({ strictness: radio.value }));
  }
  $('#strictness .locked').hidden = floor === 0;
  $('#strictness').disabled = false; // disabled in the HTML until the saved choice is shown
}

function showSites(settings) {
  const boxes = [...document.querySelectorAll('#sites input')];
  for (const box of boxes) {
    box.checked = !settings.disabledSites.includes(box.value);
    box.addEventListener('change', () =>
      saveSettings({ disabledSites: boxes.filter((b) => !b.checked).map((b) => b.value) }),
    );
  }
  $('#sites').disabled = false;
}

async function showCategories(settings) {
  const { categories } = await chrome.runtime.sendMessage({ type: 'rules' });
  $('#categories-offline').hidden = categories !== null;
  if (!categories) return;
  const locale = uiLocale();
  const boxes = categories.map((category) => {
    const box = Object.assign(document.createElement('input'), {
      type: 'checkbox',
      value: category.id,
      checked: !settings.disabledCategories.includes(category.id),
    });
    const clause = Object.assign(document.createElement('span'), { className: 'clause', textContent: category.clause });
    const label = document.createElement('label');
    label.title = category.description[locale];
    label.append(box, category.label[locale], clause);
    $('#category-list').append(label);
    return box;
  });
  for (const box of boxes) {
    box.addEventListener('change', () =>
      saveSettings({ disabledCategories: boxes.filter((b) => !b.checked).map((b) => b.value) }),
    );
  }
}

localizePage();
const settings = await loadSettings();
showStrictness(settings);
showSites(settings);
await Promise.all([showHelperStatus(), showCategories(settings), showTabCount()]);
