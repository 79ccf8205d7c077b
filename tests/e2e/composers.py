"""Page objects: the fixture composers, and what Saring shows around them,
read from the page the way a person would see it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).parent / "artifacts"
EDITOR = '[data-testid^="tweetTextarea_"][contenteditable="true"], [role="textbox"], textarea'

BANNER_STATE = """name => {
  const host = document.querySelector(`[data-fixture="${name}"] [data-saring="banner"]`);
  if (!host) return null;
  const card = host.shadowRoot.querySelector('.card');
  const items = card.hidden ? [] : [...card.querySelectorAll('li')];
  return {
    findings: items.map(li => ({
      category: li.dataset.category,
      clause: li.querySelector('.clause').textContent,
      severity: li.dataset.severity,
      text: li.innerText,
    })),
    affirmations: [...host.shadowRoot.querySelectorAll('.affirmation:not([hidden]) p')]
      .map(p => p.textContent),
    announced: host.shadowRoot.querySelector('[role="status"]').textContent,
  };
}"""

EXPECT_FINDINGS = """([name, expected]) => {
  const host = document.querySelector(`[data-fixture="${name}"] [data-saring="banner"]`);
  if (!host) return false;
  const card = host.shadowRoot.querySelector('.card');
  const found = card.hidden ? [] : [...card.querySelectorAll('li')]
    .map(li => `${li.dataset.category} ${li.querySelector('.clause').textContent}`);
  return JSON.stringify([...new Set(found)].sort()) === JSON.stringify([...expected].sort());
}"""

# Ranges the CSS Custom Highlight API paints inside this composer's editor.
PAINTED_RANGES = """([name, editorSelector]) => {
  const editor = document.querySelector(`[data-fixture="${name}"]`).querySelector(editorSelector);
  const painted = [];
  for (const severity of ['error', 'warning', 'info']) {
    for (const range of CSS.highlights.get(`saring-${severity}`) ?? []) {
      if (range.collapsed || !editor.contains(range.commonAncestorContainer)) continue;
      const box = range.getBoundingClientRect();
      painted.push({severity, text: range.toString(), box: [box.left, box.top, box.width, box.height]});
    }
  }
  return painted;
}"""

# Marks on Saring's overlay layers that lie over this composer's editor.
OVERLAY_MARKS = """([name, editorSelector]) => {
  const editor = document.querySelector(`[data-fixture="${name}"]`).querySelector(editorSelector);
  const area = editor.getBoundingClientRect();
  return [...document.querySelectorAll('[data-saring="highlights"]')]
    .flatMap(host => [...host.shadowRoot.querySelectorAll('.mark')])
    .map(mark => ({severity: mark.dataset.severity, box: mark.getBoundingClientRect()}))
    .filter(({box}) => box.bottom > area.top && box.top < area.bottom
                       && box.right > area.left && box.left < area.right)
    .map(({severity, box}) => ({severity, box: [box.left, box.top, box.width, box.height]}));
}"""

# Where a single-line textarea draws `word`, measured independently
# of the extension with a canvas in the textarea's font.
TEXTAREA_SPAN_BOX = """([name, word]) => {
  const textarea = document.querySelector(`[data-fixture="${name}"] textarea`);
  const start = textarea.value.indexOf(word);
  const style = getComputedStyle(textarea);
  const context = document.createElement('canvas').getContext('2d');
  context.font = style.font;
  const box = textarea.getBoundingClientRect();
  const left = box.left + textarea.clientLeft + parseFloat(style.paddingLeft) - textarea.scrollLeft
    + context.measureText(textarea.value.slice(0, start)).width;
  return [left, context.measureText(word).width];
}"""


class Tab:
    """A fixture page, with every error it logs collected."""

    def __init__(self, page: Any, site: str) -> None:
        self.page = page
        self.site = site
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(f"pageerror: {error}"))
        page.on(
            "console",
            lambda message: self.errors.append(f"console: {message.text}") if message.type == "error" else None,
        )

    def composer(self, name: str) -> Composer:
        return Composer(self, name)

    def wait_for_banners(self, count: int) -> None:
        """Waits until Saring has a banner host for exactly `count` composers."""
        self.page.wait_for_function(
            "count => document.querySelectorAll('[data-saring=\"banner\"]').length === count",
            arg=count,
            polling=25,
        )


class Composer:
    """One composer of the fixture page: its editor, its model, and Saring's banner under it."""

    def __init__(self, tab: Tab, name: str) -> None:
        self.page = tab.page
        self.name = name
        self.root = self.page.locator(f'[data-fixture="{name}"]')
        self.editor = self.root.locator(EDITOR).first

    def type(self, text: str, delay: float = 0) -> None:
        """Types like a person: key by key, Enter between lines."""
        self.editor.click()
        for index, line in enumerate(text.split("\n")):
            if index:
                self.page.keyboard.press("Enter")
            self.page.keyboard.type(line, delay=delay)

    def append(self, text: str) -> None:
        """Types `text` at the end of the draft."""
        self.editor.click()
        self.page.keyboard.press("Control+End")
        self.page.keyboard.type(text)

    def select_all_and_delete(self) -> None:
        self.editor.click()
        self.page.keyboard.press("Control+a")
        self.page.keyboard.press("Backspace")

    def undo(self) -> None:
        self.page.keyboard.press("Control+z")

    def paragraphs(self) -> list[str]:
        """The editor's own model of the text (Draft.js or Lexical state, or the textarea value)."""
        return list(self.page.evaluate("name => window.fixtureParagraphs[name]()", self.name))

    def banner(self) -> dict[str, Any] | None:
        return self.page.evaluate(BANNER_STATE, self.name)  # type: ignore[no-any-return]

    def wait_for_findings(self, *expected: str, timeout: float = 5000) -> None:
        """Waits until the banner lists findings of exactly the kinds `expected`, each
        "category clause" (several rules may flag one kind), or none at all."""
        try:
            self.page.wait_for_function(EXPECT_FINDINGS, arg=[self.name, list(expected)], polling=25, timeout=timeout)
        except Exception as error:
            raise AssertionError(f"{self.name}: wanted {expected}, banner: {self.banner()}") from error

    def painted_ranges(self) -> list[dict[str, Any]]:
        return self.page.evaluate(PAINTED_RANGES, [self.name, EDITOR])  # type: ignore[no-any-return]

    def overlay_marks(self) -> list[dict[str, Any]]:
        return self.page.evaluate(OVERLAY_MARKS, [self.name, EDITOR])  # type: ignore[no-any-return]

    def textarea_span_box(self, word: str) -> list[float]:
        """[left, width] of `word` in this composer's single-line textarea."""
        return self.page.evaluate(TEXTAREA_SPAN_BOX, [self.name, word])  # type: ignore[no-any-return]

    def screenshot(self, filename: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / filename
        self.root.screenshot(path=path)
        return path
