'use strict';
// X (Twitter). Its composers are Draft.js editors — the home timeline box,
// reply boxes and the compose modal — each carrying
// data-testid="tweetTextarea_<n>" on the editable element (the sibling
// "…_label" element is not editable).

startSaring({
  platform: 'x',
  editors: '[data-testid^="tweetTextarea_"][contenteditable="true"]',
  // Draft.js re-renders everything inside .DraftEditor-root: the banner goes right after it.
  bannerAnchor: (editor) => editor.closest('.DraftEditor-root') ?? editor,
});
