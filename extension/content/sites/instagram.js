'use strict';
// Instagram. The caption editor is a Lexical contenteditable (a <textarea> in
// some layouts); comment boxes are <textarea>s inside a form. Direct messages
// are private correspondence, not posts: left alone.

startSaring({
  platform: 'instagram',
  editors: 'textarea, [contenteditable="true"][role="textbox"]',
  skip: () => location.pathname.startsWith('/direct'),
  // A comment form holds the textarea and its Post button: the banner goes below both.
  bannerAnchor: (editor) => editor.closest('form') ?? editor.parentElement ?? editor,
});
