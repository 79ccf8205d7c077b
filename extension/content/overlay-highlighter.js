'use strict';
// Highlights drawn as marks on a layer over the editor, where the CSS Custom
// Highlight API cannot reach: a <textarea> has no text nodes, and older
// browsers lack the API. The layer lives in its own shadow host outside the
// editor and is redrawn when the page scrolls, resizes or the text changes.

const OVERLAY_CSS = `
:host { all: initial; }
.layer { position: fixed; pointer-events: none; overflow: hidden; z-index: 2147483646; }
.mark { position: absolute; box-sizing: border-box; border-bottom: 2px solid; }
.mark[data-severity="error"] { background: rgb(229 72 77 / 0.18); border-color: rgb(229 72 77); }
.mark[data-severity="warning"] { background: rgb(217 154 0 / 0.18); border-color: rgb(217 154 0); }
.mark[data-severity="info"] { background: rgb(59 130 246 / 0.16); border-color: rgb(59 130 246); border-bottom-style: dotted; }
.mirror {
  position: fixed; top: 0; left: 0; visibility: hidden; overflow: hidden;
  box-sizing: content-box; border-style: solid; border-color: transparent;
  white-space: pre-wrap; overflow-wrap: break-word;
}
`;

function createOverlayHighlighter(editor) {
  const isTextarea = editor instanceof HTMLTextAreaElement;
  const host = document.createElement('div');
  host.dataset.saring = 'highlights';
  const root = host.attachShadow({ mode: 'open' });
  const layer = document.createElement('div');
  layer.className = 'layer';
  const mirror = document.createElement('div');
  mirror.className = 'mirror';
  const style = document.createElement('style');
  style.textContent = OVERLAY_CSS;
  root.append(style, layer, mirror);

  let findings = [];
  let findingsText = null; // the draft the findings are about
  let rangeFor = null;
  let frame = 0;

  function spanRects(finding) {
    if (isTextarea) return textareaSpanRects(editor, mirror, finding.start, finding.end);
    return [...(rangeFor(finding.start, finding.end)?.getClientRects() ?? [])];
  }

  function draw() {
    frame = 0;
    // Offsets into an older draft would mark the wrong words: draw nothing until the next answer.
    if (findings.length === 0 || !editor.isConnected || readDraft(editor) !== findingsText) {
      layer.replaceChildren();
      return;
    }
    const box = editor.getBoundingClientRect();
    const left = box.left + editor.clientLeft;
    const top = box.top + editor.clientTop;
    Object.assign(layer.style, {
      left: `${left}px`,
      top: `${top}px`,
      width: `${editor.clientWidth}px`,
      height: `${editor.clientHeight}px`,
    });
    const marks = findings.flatMap((finding) =>
      spanRects(finding).map((rect) => {
        const mark = document.createElement('div');
        mark.className = 'mark';
        mark.dataset.severity = finding.severity;
        Object.assign(mark.style, {
          left: `${rect.left - left}px`,
          top: `${rect.top - top}px`,
          width: `${rect.width}px`,
          height: `${rect.height}px`,
        });
        return mark;
      }),
    );
    layer.replaceChildren(...marks);
  }

  function redraw() {
    if (!frame) frame = requestAnimationFrame(draw);
  }

  const resizeObserver = new ResizeObserver(redraw);
  resizeObserver.observe(editor);
  window.addEventListener('scroll', redraw, { capture: true, passive: true });
  window.addEventListener('resize', redraw, { passive: true });
  editor.addEventListener('input', redraw);

  return {
    /** Marks each finding's span of `text`, the draft the findings are about. */
    show(newFindings, text) {
      findings = newFindings;
      findingsText = text;
      rangeFor = isTextarea ? null : draftRangeMapper(editor, text);
      if (!host.isConnected) document.body.append(host);
      redraw();
    },
    clear() {
      findings = [];
      redraw();
    },
    remove() {
      resizeObserver.disconnect();
      window.removeEventListener('scroll', redraw, { capture: true });
      window.removeEventListener('resize', redraw);
      editor.removeEventListener('input', redraw);
      cancelAnimationFrame(frame);
      host.remove();
    },
  };
}
