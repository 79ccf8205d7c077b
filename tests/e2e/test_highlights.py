"""Highlights sit over the offending words — after emoji too, whose UTF-16
length differs from their code-point count — and follow the page."""

import pytest

from .posts import PROFANITY, PROFANITY_FINDING

# Two emoji, one with a skin-tone modifier: 6 UTF-16 code units for 3 code points.
EMOJI_POST = f"Hari ini 😊🙏🏽 {PROFANITY}"

RICH_EDITORS = [("x", "home"), ("facebook", "post"), ("instagram", "caption")]


@pytest.mark.parametrize(("site", "name"), RICH_EDITORS, ids=[f"{s}-{n}" for s, n in RICH_EDITORS])
def test_painted_range_covers_the_word_after_emoji(open_site, site, name):
    composer = open_site(site).composer(name)
    composer.type(EMOJI_POST)
    composer.wait_for_findings(PROFANITY_FINDING)

    painted = composer.painted_ranges()
    assert [(p["severity"], p["text"]) for p in painted] == [("error", "b4ngs4t")]
    assert painted[0]["box"][2] > 0  # laid out, not collapsed
    assert composer.paragraphs() == [EMOJI_POST]


def test_overlay_mark_sits_over_the_word_in_a_textarea_and_follows_the_page(open_site):
    tab = open_site("instagram")
    composer = tab.composer("comment")
    composer.type(EMOJI_POST)
    composer.wait_for_findings(PROFANITY_FINDING)

    def assert_mark_over_word() -> dict[str, float]:
        tab.page.wait_for_timeout(100)  # the overlay redraws on the next animation frame
        [mark] = composer.overlay_marks()
        word_left, word_width = composer.textarea_span_box("b4ngs4t")
        textarea = composer.editor.bounding_box()
        assert mark["box"][0] == pytest.approx(word_left, abs=2)
        assert mark["box"][2] == pytest.approx(word_width, abs=2)
        assert textarea["y"] <= mark["box"][1] < textarea["y"] + textarea["height"]
        return textarea

    before = assert_mark_over_word()
    tab.page.evaluate("window.scrollBy(0, 120)")
    scrolled = assert_mark_over_word()
    assert scrolled["y"] == pytest.approx(before["y"] - 120, abs=1)  # the page did scroll

    tab.page.set_viewport_size({"width": 560, "height": 700})
    resized = assert_mark_over_word()
    assert resized["x"] != pytest.approx(scrolled["x"], abs=5)  # the layout did move
