// UI language helpers for extension pages. Strings come from _locales via
// chrome.i18n, which follows the browser's language.

/** The helper speaks Indonesian and English; anything but Indonesian gets English. */
export function uiLocale() {
  return chrome.i18n.getUILanguage().toLowerCase().startsWith('id') ? 'id' : 'en';
}

export function t(key, substitutions) {
  return chrome.i18n.getMessage(key, substitutions);
}

/** Fills every [data-i18n] element's text from the locale files. */
export function localizePage() {
  document.documentElement.lang = uiLocale();
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n);
  }
}
