'use strict';
// One composer on the page: watches its editor, asks about the draft when the
// writer pauses, and shows the answer in a banner and highlights. Reads the
// editor; never writes to it.

/**
 * `page` is told about what concerns the whole page: `helperOffline()`,
 * `stateChanged()` (for the toolbar badge) and `extensionGone()`.
 */
function attachComposer(editor, site, page) {
  const banner = createBanner(site.bannerAnchor(editor));
  const highlighter =
    editor instanceof HTMLTextAreaElement || !globalThis.CSS?.highlights
      ? createOverlayHighlighter(editor)
      : createRangeHighlighter(editor);
  let state = { findings: [], offline: false };

  function showAnswer(answer, text) {
    if (answer.status === 'extension-gone') {
      page.extensionGone();
      return;
    }
    const findings = answer.status === 'ok' ? answer.findings : [];
    banner.show(findings, answer.status === 'ok' ? answer.affirmations : []);
    highlighter.show(findings, text);
    state = { findings, offline: answer.status === 'offline' };
    if (state.offline) page.helperOffline();
    page.stateChanged();
  }

  const scheduler = createCheckScheduler({
    platform: site.platform,
    readText: () => readDraft(editor),
    onAnswer: showAnswer,
  });

  // Draft.js and Lexical skip `input` events for some keystrokes: the DOM
  // itself tells every change. Only the editor is observed, so Saring's own
  // banner and highlights never trigger a check.
  const observer = new MutationObserver(scheduler.textChanged);
  observer.observe(editor, { childList: true, subtree: true, characterData: true });
  editor.addEventListener('input', scheduler.textChanged);
  scheduler.checkNow(); // a draft may already be there (restored, or typed before Saring started)

  return {
    keepInPlace: banner.keepInPlace,
    checkNow: scheduler.checkNow,
    /** What the popup and badge show: this composer's findings, and whether the helper was missing. */
    get state() {
      return state;
    },
    detach() {
      observer.disconnect();
      editor.removeEventListener('input', scheduler.textChanged);
      scheduler.stop();
      highlighter.remove();
      banner.remove();
    },
  };
}
