"""The popup's settings reach open tabs at once, and outlive the background
worker being stopped by the browser."""

import json

from .composers import ARTIFACTS
from .posts import (
    HEALTH_HOAX,
    HEARSAY,
    HEARSAY_FINDING,
    HOAX_FINDING,
    PROFANITY,
    PROFANITY_FINDING,
)


def open_popup(browser):
    popup = browser.context.new_page()
    popup.goto(browser.extension_url("popup/popup.html"))
    return popup


def assert_stays_clean(composer, settle_ms=1200):
    """Nothing shows up in a while that is several debounce + check round trips long."""
    composer.page.wait_for_timeout(settle_ms)
    assert composer.banner()["findings"] == []


def test_strictness_chosen_in_the_popup_changes_an_open_tab_without_reload(browser, open_site):
    tab = open_site("x")
    composer = tab.composer("home")
    composer.type(HEARSAY)
    assert_stays_clean(composer)  # hearsay is only flagged when strict

    popup = open_popup(browser)
    popup.get_by_role("radio", name="Ketat").check()
    composer.wait_for_findings(HEARSAY_FINDING)
    popup.get_by_role("radio", name="Standar").check()
    composer.wait_for_findings()

    popup.get_by_role("radio", name="Longgar").check()
    popup.close()
    popup = open_popup(browser)  # the choice is kept
    assert popup.locator('input[value="relaxed"]').is_checked()
    popup.close()


def test_popup_category_and_site_toggles_apply_at_once(browser, helper, open_site):
    tab = open_site("x")
    composer = tab.composer("home")
    composer.type(f"{HEALTH_HOAX} {PROFANITY}")
    composer.wait_for_findings(HOAX_FINDING, PROFANITY_FINDING)

    popup = open_popup(browser)
    popup.locator('#status[data-state="online"]').wait_for()
    assert popup.locator("#status").text_content() == "Terhubung"
    rules = browser.extension("url => fetch(url + '/v1/rules').then(r => r.json())", helper.url)
    listed = popup.locator("#category-list input")
    listed.first.wait_for()
    assert listed.evaluate_all("boxes => boxes.map(b => b.value)") == [
        category["id"] for category in rules["categories"]
    ]

    popup.locator("main").screenshot(path=ARTIFACTS / "popup.png")

    popup.locator('#category-list input[value="health_hoax"]').uncheck()
    composer.wait_for_findings(PROFANITY_FINDING)
    popup.locator('#category-list input[value="health_hoax"]').check()
    composer.wait_for_findings(HOAX_FINDING, PROFANITY_FINDING)

    popup.locator('#sites input[value="x"]').uncheck()
    composer.wait_for_findings()
    assert composer.painted_ranges() == []
    popup.locator('#sites input[value="x"]').check()
    composer.wait_for_findings(HOAX_FINDING, PROFANITY_FINDING)
    popup.close()


def test_findings_count_reaches_the_badge_and_the_popup(browser, open_site):
    tab = open_site("x")
    tab.composer("home").type(HEALTH_HOAX)
    tab.composer("reply").type(PROFANITY)
    tab.composer("reply").wait_for_findings(PROFANITY_FINDING)
    tab.composer("home").wait_for_findings(HOAX_FINDING)

    shown = sum(len(tab.composer(name).banner()["findings"]) for name in ("home", "reply"))
    assert browser.badge_text(tab) == str(shown)
    summary = browser.extension(
        """async url => {
            const [tab] = await chrome.tabs.query({url});
            return chrome.tabs.sendMessage(tab.id, {type: 'summary'});
        }""",
        tab.page.url,
    )
    assert summary == {
        "platform": "x",
        "composers": 2,
        "findings": shown,
        "worst": "error",
        "offline": False,
    }


def test_settings_survive_the_worker_being_stopped(browser, open_site):
    popup = open_popup(browser)
    popup.get_by_role("radio", name="Ketat").check()
    popup.close()

    internals = browser.context.new_page()
    internals.goto("chrome://serviceworker-internals/")
    internals.get_by_text("Stop", exact=True).click()
    internals.get_by_text("Running Status: STOPPED").wait_for()
    internals.close()

    tab = open_site("x")
    tab.composer("home").type(HEARSAY)
    tab.composer("home").wait_for_findings(HEARSAY_FINDING)


def test_drafts_are_never_stored(browser, open_site):
    composer = open_site("instagram").composer("caption")
    composer.type(f"{PROFANITY}\n{HEALTH_HOAX}")
    composer.wait_for_findings(PROFANITY_FINDING, HOAX_FINDING)
    stored = browser.extension(
        """() => Promise.all(['local', 'sync', 'session']
              .map(area => chrome.storage[area].get(null)))"""
    )
    assert "b4ngs4t" not in json.dumps(stored)
    assert "autis" not in json.dumps(stored)
