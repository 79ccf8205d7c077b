'use strict';
// Runs Saring on a page for one site adapter: attaches to composers as the
// single-page app adds them and detaches when it removes them, re-checks when
// the settings change, waits for a missing helper to come back, keeps the
// toolbar badge current and answers the popup.

const RESCAN_DELAY_MS = 100;
const HELPER_RETRY_FIRST_MS = 1000;
const HELPER_RETRY_MAX_MS = 3000;

/**
 * `site` is a site adapter (content/sites/):
 *   platform       the helper's platform id
 *   editors        CSS selector of the site's composers
 *   bannerAnchor   editor → the wrapper after which the banner goes
 *   skip           optional, editor → true to leave it alone (private messages)
 */
function startSaring(site) {
  const composers = new Map(); // editor element → composer
  let scanTimer = 0;
  let retryTimer = 0;
  let reportTimer = 0;
  let reportedState = '';

  const page = { helperOffline: waitForHelper, stateChanged: reportState, extensionGone: stop };

  function scan() {
    scanTimer = 0;
    let removed = false;
    for (const [editor, composer] of composers) {
      if (editor.isConnected) {
        composer.keepInPlace();
      } else {
        composer.detach();
        composers.delete(editor);
        removed = true;
      }
    }
    for (const editor of document.querySelectorAll(site.editors)) {
      if (!composers.has(editor) && !site.skip?.(editor)) composers.set(editor, attachComposer(editor, site, page));
    }
    if (removed) reportState();
  }

  function scheduleScan() {
    if (!scanTimer) scanTimer = setTimeout(scan, RESCAN_DELAY_MS);
  }

  function tabState() {
    const states = [...composers.values()].map((composer) => composer.state);
    const findings = states.flatMap((state) => state.findings);
    return { findings: findings.length, worst: worstSeverity(findings), offline: states.some((s) => s.offline) };
  }

  /** Tells the worker this tab's state for the badge, once per change. */
  function reportState() {
    if (reportTimer) return;
    reportTimer = setTimeout(() => {
      reportTimer = 0;
      const state = tabState();
      const key = JSON.stringify(state);
      if (key === reportedState) return;
      reportedState = key;
      askWorker({ type: 'tab-state', ...state });
    });
  }

  function checkAllNow() {
    for (const composer of composers.values()) composer.checkNow();
  }

  /** Asks the worker about the helper, less and less often, until it answers again. */
  function waitForHelper() {
    if (retryTimer) return;
    let delay = HELPER_RETRY_FIRST_MS;
    const retry = async () => {
      if (![...composers.values()].some((composer) => composer.state.offline)) {
        retryTimer = 0;
        return;
      }
      const health = await askWorker({ type: 'health' });
      if (health?.online) {
        retryTimer = 0;
        checkAllNow();
        return;
      }
      delay = Math.min(delay * 2, HELPER_RETRY_MAX_MS);
      retryTimer = setTimeout(retry, delay);
    };
    retryTimer = setTimeout(retry, delay);
  }

  // Only settings live in storage: any change there (strictness, categories,
  // sites, helper address, an administrator's policy) applies at once.
  function onStorageChanged(changes, area) {
    if (area === 'local' || area === 'managed') checkAllNow();
  }

  function answerPopup(message, sender, sendResponse) {
    if (message?.type === 'summary') sendResponse({ platform: site.platform, composers: composers.size, ...tabState() });
  }

  const pageObserver = new MutationObserver(scheduleScan);

  /** Messages the worker. Once the extension is reloaded or removed, this page's copy stops. */
  async function askWorker(message) {
    try {
      return await chrome.runtime.sendMessage(message);
    } catch {
      if (!chrome.runtime?.id) stop();
      return undefined;
    }
  }

  function stop() {
    pageObserver.disconnect();
    clearTimeout(scanTimer);
    clearTimeout(retryTimer);
    clearTimeout(reportTimer);
    for (const composer of composers.values()) composer.detach();
    composers.clear();
  }

  pageObserver.observe(document.documentElement, { childList: true, subtree: true });
  chrome.storage.onChanged.addListener(onStorageChanged);
  chrome.runtime.onMessage.addListener(answerPopup);
  scan();
}
