'use strict';
// The findings banner: an open shadow root in a host placed right after the
// editor's wrapper — never inside the editor, whose framework would delete or
// trip over foreign nodes. The shadow root keeps the page's CSS out.

const BANNER_CSS = `
:host { all: initial; display: block; }
.saring {
  position: relative;
  --fg: #1f2328; --muted: #57606a; --bg: #ffffff; --border: #d0d7de; --chip: #f3f4f6;
  --error: #b3261e; --warning: #8a5300; --info: #0b57d0; --ok: #1a7f37;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg);
}
:host([data-theme="dark"]) .saring {
  --fg: #e6edf3; --muted: #9da7b3; --bg: #161b22; --border: #3d444d; --chip: #262c36;
  --error: #ff8a80; --warning: #f2c14e; --info: #8ab4f8; --ok: #7ee2a8;
}
.card { margin: 6px 0; background: var(--bg); border: 1px solid var(--border); border-radius: 8px; overflow: hidden; }
.card[hidden], .affirmation[hidden] { display: none; }
.card[data-worst="error"] { border-left: 4px solid var(--error); }
.card[data-worst="warning"] { border-left: 4px solid var(--warning); }
.card[data-worst="info"] { border-left: 4px solid var(--info); }
.toggle {
  all: unset; box-sizing: border-box; display: flex; width: 100%; align-items: center; gap: 6px;
  padding: 6px 10px; cursor: pointer; font-weight: 600; color: var(--fg);
}
.toggle:focus-visible { outline: 2px solid var(--info); outline-offset: -2px; border-radius: 6px; }
.chevron { margin-left: auto; transition: transform 120ms; }
.toggle[aria-expanded="false"] .chevron { transform: rotate(-90deg); }
ul { list-style: none; margin: 0; padding: 0 10px 6px; max-height: 16em; overflow-y: auto; }
ul[hidden] { display: none; }
li { padding: 6px 0; border-top: 1px solid var(--border); }
.head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px; }
.severity { font-weight: 600; }
li[data-severity="error"] .severity { color: var(--error); }
li[data-severity="warning"] .severity { color: var(--warning); }
li[data-severity="info"] .severity { color: var(--info); }
.severity::before { content: "●"; margin-right: 4px; }
.category { font-weight: 600; }
.clause { background: var(--chip); border-radius: 4px; padding: 0 5px; font-size: 12px; text-decoration: none; }
.message, .suggestion { margin: 2px 0 0; }
.suggestion { color: var(--muted); }
.suggestion b { font-weight: 600; }
.affirmation { margin: 4px 0 6px; color: var(--ok); font-size: 12px; }
.affirmation p { margin: 0; }
.announcer { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
`;

function bannerElement(tag, props = {}, ...children) {
  const element = Object.assign(document.createElement(tag), props);
  element.append(...children);
  return element;
}

/** Whether the page behind `element` is dark: sites have their own themes, whatever the OS says. */
function backgroundIsDark(element) {
  for (let node = element; node instanceof Element; node = node.parentElement) {
    const [r, g, b, alpha = 1] = (getComputedStyle(node).backgroundColor.match(/[\d.]+/g) ?? []).map(Number);
    if (alpha > 0.5) return 0.2126 * r + 0.7152 * g + 0.0722 * b < 128;
  }
  return matchMedia('(prefers-color-scheme: dark)').matches;
}

function findingItem(finding) {
  const severityKey = { error: 'severityError', warning: 'severityWarning', info: 'severityInfo' }[finding.severity];
  const head = bannerElement(
    'div',
    { className: 'head' },
    bannerElement('span', { className: 'severity', textContent: chrome.i18n.getMessage(severityKey ?? 'severityInfo') }),
    bannerElement('span', { className: 'category', textContent: finding.category_label }),
    bannerElement('abbr', {
      className: 'clause',
      textContent: finding.clause.id,
      title: finding.clause.text,
    }),
  );
  const item = bannerElement('li', {}, head, bannerElement('p', { className: 'message', textContent: finding.message }));
  item.dataset.severity = finding.severity;
  item.dataset.category = finding.category;
  if (finding.suggestion) {
    item.append(
      bannerElement(
        'p',
        { className: 'suggestion' },
        bannerElement('b', { textContent: chrome.i18n.getMessage('suggestionLabel') }),
        ' ',
        finding.suggestion,
      ),
    );
  }
  return item;
}

function worstSeverity(findings) {
  return ['error', 'warning', 'info'].find((severity) => findings.some((f) => f.severity === severity)) ?? null;
}

function createBanner(anchor) {
  const host = bannerElement('div', { contentEditable: 'false' });
  host.dataset.saring = 'banner';
  const root = host.attachShadow({ mode: 'open' });

  // Always present and never display:none, or screen readers would not announce its changes.
  const announcer = bannerElement('div', { className: 'announcer' });
  announcer.setAttribute('role', 'status');
  const heading = bannerElement('span');
  const chevron = bannerElement('span', { className: 'chevron', textContent: '▾' });
  chevron.setAttribute('aria-hidden', 'true');
  const toggle = bannerElement('button', { className: 'toggle', type: 'button' }, heading, chevron);
  const list = bannerElement('ul', { id: 'saring-findings' });
  toggle.setAttribute('aria-controls', list.id);
  toggle.setAttribute('aria-expanded', 'true');
  const card = bannerElement('section', { className: 'card', hidden: true }, toggle, list);
  card.setAttribute('aria-label', 'Saring');
  const affirmations = bannerElement('div', { className: 'affirmation', hidden: true });
  root.append(
    bannerElement('style', { textContent: BANNER_CSS }),
    bannerElement('div', { className: 'saring' }, announcer, card, affirmations),
  );

  toggle.addEventListener('click', () => {
    const expanded = toggle.getAttribute('aria-expanded') === 'true';
    toggle.setAttribute('aria-expanded', String(!expanded));
    list.hidden = expanded;
  });

  let lastAnnouncement = '';
  function announce(text) {
    if (text === lastAnnouncement) return;
    lastAnnouncement = text;
    announcer.textContent = text;
  }

  /** Puts the host back after the wrapper if a re-render of the page moved or dropped it. */
  function keepInPlace() {
    if (anchor.isConnected && host.previousSibling !== anchor) anchor.after(host);
  }

  /** Shows the helper's findings and affirmations; nothing at all for a clean draft. */
  function show(findings, affirmationList) {
    keepInPlace();
    host.dataset.theme = backgroundIsDark(anchor.parentElement) ? 'dark' : 'light';

    card.hidden = findings.length === 0;
    card.dataset.worst = worstSeverity(findings) ?? '';
    heading.textContent = chrome.i18n.getMessage('bannerHeading', [String(findings.length)]);
    list.replaceChildren(...findings.map(findingItem));

    affirmations.hidden = affirmationList.length === 0;
    affirmations.replaceChildren(
      ...affirmationList.map((affirmation) =>
        bannerElement(
          'p',
          {},
          `✓ ${affirmation.message} `,
          bannerElement('abbr', { className: 'clause', textContent: affirmation.clause.id, title: affirmation.clause.text }),
        ),
      ),
    );

    if (findings.length > 0) {
      const labels = findings.map((f) => `${f.category_label} (${f.clause.id})`).join(', ');
      announce(chrome.i18n.getMessage('announceFindings', [String(findings.length), labels]));
    } else if (lastAnnouncement) {
      announce(chrome.i18n.getMessage('announceClear'));
    }
  }

  keepInPlace();
  return {
    keepInPlace,
    show,
    clear: () => show([], []),
    remove: () => host.remove(),
  };
}
