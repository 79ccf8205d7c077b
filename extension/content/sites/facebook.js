'use strict';
// Facebook. Post and comment composers are Lexical editors, each a
// contenteditable element with role="textbox". Messenger is private
// correspondence, not a post: left alone.

startSaring({
  platform: 'facebook',
  editors: '[contenteditable="true"][role="textbox"]',
  skip: () => location.pathname.startsWith('/messages'),
  // Lexical deletes foreign nodes inside the editor at once: the banner goes after its wrapper.
  bannerAnchor: (editor) => editor.parentElement ?? editor,
});
