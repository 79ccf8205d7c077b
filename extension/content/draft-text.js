'use strict';
// Reading the draft as the editor holds it, and finding the text nodes that
// show a span of it — read only: nothing here writes to the editor's DOM.

/**
 * The draft's text. innerText keeps the block breaks the editors render
 * (Draft.js puts "\n" between blocks, Lexical "\n\n" between paragraphs);
 * textContent would glue the lines together. Editors pad with no-break spaces
 * where the writer typed plain ones.
 */
function readDraft(editor) {
  if (editor instanceof HTMLTextAreaElement) return editor.value;
  return editor.innerText.replace(/\u00a0/g, ' ');
}

/**
 * For a contenteditable `editor` whose draft read as `text`, a function from
 * a span [start, end) of `text` to a DOM Range over the same characters, or
 * null where the DOM no longer shows them. Each text node's data appears in
 * `text` in document order; only block breaks lie between them.
 */
function draftRangeMapper(editor, text) {
  const pieces = [];
  const walker = document.createTreeWalker(editor, NodeFilter.SHOW_TEXT);
  let cursor = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const data = node.data.replace(/\u00a0/g, ' ');
    const at = data ? text.indexOf(data, cursor) : -1;
    // A node whose text is not next in the draft is not rendered: skip it.
    if (at < 0 || text.slice(cursor, at).trim() !== '') continue;
    pieces.push({ node, start: at, end: at + data.length });
    cursor = at + data.length;
  }
  return (start, end) => {
    const first = pieces.find((piece) => piece.end > start);
    const last = pieces.findLast((piece) => piece.start < end);
    if (!first || !last || first.start >= end) return null;
    const range = document.createRange();
    range.setStart(first.node, Math.max(0, start - first.start));
    range.setEnd(last.node, Math.min(last.end, end) - last.start);
    return range;
  };
}
