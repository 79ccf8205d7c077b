'use strict';
// Where a span of a <textarea>'s value is drawn. A textarea exposes no nodes
// for its text, so a hidden mirror with the same box and font lays out the
// same text, and the span is measured there.

const MIRRORED_PROPERTIES = [
  'borderTopWidth', 'borderRightWidth', 'borderBottomWidth', 'borderLeftWidth',
  'paddingTop', 'paddingRight', 'paddingBottom', 'paddingLeft',
  'fontFamily', 'fontSize', 'fontStyle', 'fontVariant', 'fontWeight', 'fontStretch',
  'lineHeight', 'letterSpacing', 'wordSpacing', 'textTransform', 'textIndent', 'tabSize',
  'direction', 'textAlign',
];

/** Viewport rects of `textarea.value.slice(start, end)`, laid out in `mirror`. */
function textareaSpanRects(textarea, mirror, start, end) {
  const style = getComputedStyle(textarea);
  for (const property of MIRRORED_PROPERTIES) mirror.style[property] = style[property];
  const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
  mirror.style.width = `${textarea.clientWidth - padding}px`;

  const { value } = textarea;
  const span = document.createElement('span');
  span.textContent = value.slice(start, end);
  mirror.replaceChildren(value.slice(0, start), span, value.slice(end));

  const mirrorBox = mirror.getBoundingClientRect();
  const textareaBox = textarea.getBoundingClientRect();
  const dx = textareaBox.left - mirrorBox.left - textarea.scrollLeft;
  const dy = textareaBox.top - mirrorBox.top - textarea.scrollTop;
  return [...span.getClientRects()].map((rect) => new DOMRect(rect.left + dx, rect.top + dy, rect.width, rect.height));
}
