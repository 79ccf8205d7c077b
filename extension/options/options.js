// The options page: where the helper listens. An administrator's policy can
// fix the address; then it is shown, locked.

import { loadSettings, normalizeHelperUrl, saveSettings } from '../shared/settings.js';
import { localizePage, t } from '../shared/i18n.js';

const form = document.querySelector('#helper-form');
const input = document.querySelector('#helper-url');
const result = document.querySelector('#result');

localizePage();
const settings = await loadSettings();
input.value = settings.helperUrl;
form.querySelector('.locked').hidden = !settings.helperUrlLocked;
form.querySelector('#helper-fields').disabled = settings.helperUrlLocked;

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const helperUrl = normalizeHelperUrl(input.value);
  if (!helperUrl) {
    result.textContent = t('optionsInvalidUrl');
    return;
  }
  input.value = helperUrl;
  await saveSettings({ helperUrl });
  result.textContent = t('optionsSaved');
});

document.querySelector('#test-connection').addEventListener('click', async () => {
  const health = await chrome.runtime.sendMessage({ type: 'health', url: input.value });
  result.textContent = health.online ? t('optionsTestOk', [health.version]) : t('optionsTestFail');
});
