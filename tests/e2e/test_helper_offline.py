"""A helper that stops mid-session: a quiet offline state, no errors in the
page, and the warnings come back by themselves when it is started again."""

import time

from .composers import ARTIFACTS
from .posts import HEALTH_HOAX, HOAX_FINDING


def wait_until(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def test_offline_state_then_recovery(browser, helper, open_site):
    tab = open_site("facebook")
    composer = tab.composer("post")
    composer.type(HEALTH_HOAX)
    composer.wait_for_findings(HOAX_FINDING)

    helper.stop()
    try:
        composer.append(" Terima kasih.")
        composer.wait_for_findings()  # no stale warnings about text the helper never saw
        assert composer.painted_ranges() == []
        wait_until(lambda: browser.badge_text(tab) == "off")

        popup = browser.context.new_page()
        popup.goto(browser.extension_url("popup/popup.html"))
        popup.locator('#status[data-state="offline"]').wait_for()
        assert popup.locator("#status").text_content() == "Saring offline"
        assert "./scripts/run" in popup.locator("#status-detail").text_content()
        assert popup.locator("#categories-offline").is_visible()
        popup.locator("main").screenshot(path=ARTIFACTS / "popup-offline.png")
        popup.close()
    finally:
        helper.start()

    composer.wait_for_findings(HOAX_FINDING, timeout=10_000)
    shown = len(composer.banner()["findings"])
    wait_until(lambda: browser.badge_text(tab) == str(shown))
    assert composer.paragraphs() == [f"{HEALTH_HOAX} Terima kasih."]
