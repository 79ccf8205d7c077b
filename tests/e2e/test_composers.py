"""Every composer of every site: a violating post gets the banner with the
right category and clause, fixing the post removes it, and the editor's own
text stays exactly what was typed."""

import pytest

from .posts import CLEAN, HEALTH_HOAX, HOAX_FINDING

COMPOSERS = [
    ("x", "home"),
    ("x", "reply"),
    ("facebook", "post"),
    ("facebook", "comment"),
    ("instagram", "caption"),
    ("instagram", "comment"),
]


@pytest.mark.parametrize(("site", "name"), COMPOSERS, ids=[f"{s}-{n}" for s, n in COMPOSERS])
def test_banner_follows_the_draft_and_never_edits_it(open_site, site, name):
    composer = open_site(site).composer(name)
    lines = ["Selamat pagi semua,", HEALTH_HOAX]

    composer.type("\n".join(lines))
    composer.wait_for_findings(HOAX_FINDING)
    assert composer.paragraphs() == lines
    banner = composer.banner()
    assert banner["findings"][0]["severity"] == "error"
    assert banner["findings"][0]["text"].startswith("Melanggar\nHoaks kesehatan\nL5")
    assert "Hoaks kesehatan (L5)" in banner["announced"]
    if name == "comment" and site == "instagram":
        assert composer.overlay_marks()  # a textarea gets the overlay
    else:
        assert any("Vaksin bikin autis" in r["text"] for r in composer.painted_ranges())
    composer.screenshot(f"banner-{site}-{name}.png")

    composer.select_all_and_delete()
    composer.wait_for_findings()
    assert composer.paragraphs() == [""]

    composer.undo()
    composer.wait_for_findings(HOAX_FINDING)
    assert composer.paragraphs() == lines

    composer.select_all_and_delete()
    composer.type(CLEAN)
    composer.wait_for_findings()
    assert composer.paragraphs() == [CLEAN]
    assert composer.painted_ranges() == []
    assert composer.overlay_marks() == []
