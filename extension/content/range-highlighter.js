'use strict';
// Highlights the browser paints over the editor's own text with the CSS Custom
// Highlight API: no node is added to the editor, and the live ranges follow
// scrolling, resizing and edits by themselves. Styles: highlights.css.

const HIGHLIGHT_SEVERITIES = ['error', 'warning', 'info'];

/**
 * The page's registry holds one Highlight per name, so every composer on the
 * page shares it and adds or removes only its own ranges.
 */
function pageHighlight(severity) {
  const name = `saring-${HIGHLIGHT_SEVERITIES.includes(severity) ? severity : 'info'}`;
  let highlight = CSS.highlights.get(name);
  if (!highlight) {
    highlight = new Highlight();
    CSS.highlights.set(name, highlight);
  }
  return highlight;
}

function createRangeHighlighter(editor) {
  let drawn = []; // [highlight, range] pairs this composer added

  function clear() {
    for (const [highlight, range] of drawn) highlight.delete(range);
    drawn = [];
  }

  return {
    /** Highlights each finding's span of `text`, the draft the findings are about. */
    show(findings, text) {
      clear();
      const rangeFor = draftRangeMapper(editor, text);
      for (const finding of findings) {
        const range = rangeFor(finding.start, finding.end);
        if (!range) continue;
        const highlight = pageHighlight(finding.severity);
        highlight.add(range);
        drawn.push([highlight, range]);
      }
    },
    clear,
    remove: clear,
  };
}
