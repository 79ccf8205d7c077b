"""When checks are asked, and which answers count: only the latest draft's."""

import time

import pytest

from .posts import CLEAN, PROFANITY, PROFANITY_FINDING
from .slow_helper import SlowHelper

ANSWER_DELAY_S = 0.8

# Records, in the page, every finding the banner ever shows.
RECORD_SHOWN_FINDINGS = """name => {
  const root = document.querySelector(`[data-fixture="${name}"] [data-saring="banner"]`).shadowRoot;
  window.shownFindings = [];
  new MutationObserver(() => {
    if (root.querySelector('.card').hidden) return;
    for (const item of root.querySelectorAll('li')) window.shownFindings.push(item.dataset.category);
  }).observe(root, {subtree: true, childList: true, attributes: true});
}"""


@pytest.fixture
def slow_helper(helper):
    proxy = SlowHelper(helper.url, ANSWER_DELAY_S)
    yield proxy
    proxy.close()


def test_answer_about_an_older_draft_is_never_shown(browser, slow_helper, open_site):
    tab = open_site("x")
    browser.extension("url => chrome.storage.local.set({helperUrl: url})", slow_helper.url)
    composer = tab.composer("home")
    tab.page.evaluate(RECORD_SHOWN_FINDINGS, composer.name)

    composer.type(PROFANITY)
    tab.page.wait_for_timeout(450)  # past the debounce: the check is in flight
    assert slow_helper.checks_received == 1
    composer.select_all_and_delete()
    composer.type(CLEAN)

    deadline = time.monotonic() + 5
    while slow_helper.checks_answered < 2:
        assert time.monotonic() < deadline, "the helper was not asked about the new draft"
        time.sleep(0.05)
    tab.page.wait_for_timeout(200)
    assert tab.page.evaluate("window.shownFindings") == []
    assert composer.paragraphs() == [CLEAN]

    composer.select_all_and_delete()
    composer.type(PROFANITY)  # and the latest answer is shown
    composer.wait_for_findings(PROFANITY_FINDING, timeout=5000)
