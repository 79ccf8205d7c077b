"""Single-page apps: composers that appear after the page loaded are picked up,
removed ones are released, and composers on one page do not affect each other."""

from .composers import Tab
from .posts import HEALTH_HOAX, HOAX_FINDING, PROFANITY, PROFANITY_FINDING

NOTHING_PAINTED = """() => ['error', 'warning', 'info']
  .every(severity => (CSS.highlights.get(`saring-${severity}`)?.size ?? 0) === 0)"""


def test_compose_modal_opened_in_app_is_checked_then_released(open_site):
    tab = open_site("x")
    tab.wait_for_banners(2)

    tab.page.get_by_test_id("SideNav_NewTweet_Button").click()
    assert tab.page.url == "https://x.com/compose/post"
    modal = tab.composer("modal")
    modal.type(PROFANITY)
    modal.wait_for_findings(PROFANITY_FINDING)
    assert tab.composer("home").banner()["findings"] == []
    modal.screenshot("banner-x-modal.png")

    tab.page.get_by_test_id("app-bar-close").click()
    tab.wait_for_banners(2)
    tab.page.wait_for_function(NOTHING_PAINTED, polling=25)  # the modal's ranges are released


def test_two_composers_on_one_page_are_independent(open_site):
    tab = open_site("x")
    home, reply = tab.composer("home"), tab.composer("reply")
    home.type(HEALTH_HOAX)
    reply.type(PROFANITY)
    home.wait_for_findings(HOAX_FINDING)
    reply.wait_for_findings(PROFANITY_FINDING)
    assert any("Vaksin bikin autis" in r["text"] for r in home.painted_ranges())
    assert [r["text"] for r in reply.painted_ranges()] == ["b4ngs4t"]

    home.select_all_and_delete()
    home.wait_for_findings()
    assert home.painted_ranges() == []
    reply.wait_for_findings(PROFANITY_FINDING)
    assert [r["text"] for r in reply.painted_ranges()] == ["b4ngs4t"]


def test_comment_box_added_after_load_is_picked_up(open_site):
    tab = open_site("facebook")
    tab.wait_for_banners(2)
    tab.page.get_by_text("View more comments").click()
    added = tab.composer("comment2")
    added.type(PROFANITY)
    added.wait_for_findings(PROFANITY_FINDING)
    assert tab.composer("comment").banner()["findings"] == []
    tab.wait_for_banners(3)


def test_extension_removed_under_an_open_page_leaves_it_cleanly(own_browser):
    """What an update or removal of the extension does to tabs already open."""
    page = own_browser.context.new_page()
    tab = Tab(page, "x")
    page.goto("https://x.com/home")
    home = tab.composer("home")
    home.type(PROFANITY)
    home.wait_for_findings(PROFANITY_FINDING)

    own_browser.control.evaluate("setTimeout(() => chrome.runtime.reload())")
    own_browser.control.wait_for_event("close")  # the extension's pages go with it

    home.append(" ya")  # the page's copy of Saring finds its extension gone
    tab.wait_for_banners(0)
    page.wait_for_function(NOTHING_PAINTED, polling=25)
    assert home.paragraphs() == [f"{PROFANITY} ya"]
    assert tab.errors == []
