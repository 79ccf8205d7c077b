"""The banner itself: outside the editor, keyboard operable, announced to
screen readers, and readable on a dark site theme."""

import yaml

from .conftest import ROOT
from .posts import HEALTH_HOAX, HOAX_FINDING

BANNER = '[data-saring="banner"]'


def test_banner_sits_after_the_editor_wrapper_never_inside(open_site):
    composer = open_site("x").composer("home")
    composer.type(HEALTH_HOAX)
    composer.wait_for_findings(HOAX_FINDING)
    assert composer.editor.locator("[data-saring]").count() == 0
    assert composer.root.locator(f".DraftEditor-root + {BANNER}").count() == 1


def test_banner_collapses_by_keyboard_and_is_announced(open_site):
    tab = open_site("x")
    composer = tab.composer("home")
    composer.type(HEALTH_HOAX)
    composer.wait_for_findings(HOAX_FINDING)
    assert "Hoaks kesehatan (L5)" in composer.banner()["announced"]

    toggle = composer.root.locator(f"{BANNER} button.toggle")
    findings = composer.root.locator(f"{BANNER} ul")
    tab.page.keyboard.press("Tab")  # from the editor to the banner
    assert toggle.evaluate("button => button.getRootNode().activeElement === button")
    assert toggle.get_attribute("aria-expanded") == "true"
    tab.page.keyboard.press("Enter")
    assert toggle.get_attribute("aria-expanded") == "false"
    assert findings.is_hidden()
    tab.page.keyboard.press("Space")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert findings.is_visible()


def test_banner_follows_a_dark_site_theme(open_site):
    composer = open_site("x", "/home?theme=dark").composer("home")
    composer.type(HEALTH_HOAX)
    composer.wait_for_findings(HOAX_FINDING)
    host = composer.root.locator(BANNER)
    assert host.get_attribute("data-theme") == "dark"
    card = composer.root.locator(f"{BANNER} .card")
    assert card.evaluate("card => getComputedStyle(card).backgroundColor") == "rgb(22, 27, 34)"
    composer.screenshot("banner-x-dark.png")


def affirmation_example() -> tuple[dict, str]:
    """An affirmation rule of the bundled rules, and one of its own examples that it flags
    at the default strictness (the helper's `rules lint` checks every example)."""
    for path in sorted((ROOT / "rules").rglob("*.yaml")):
        document = yaml.safe_load(path.read_text())
        rules = document.get("rules", [document]) if isinstance(document, dict) else []
        for rule in rules:
            if rule.get("kind") != "affirmation" or rule.get("strictness") == "strict":
                continue
            for example in rule.get("examples", []):
                if "flag" in example:
                    return rule, example["flag"].replace("[[", "").replace("]]", "")
    raise AssertionError("the bundled rules have no affirmation with a flagged example")


def test_affirmation_shows_as_a_small_positive_note(open_site):
    rule, example = affirmation_example()
    composer = open_site("x").composer("home")
    composer.type(example)
    composer.page.wait_for_function(
        "name => document.querySelector(`[data-fixture='${name}'] [data-saring='banner']`)"
        ".shadowRoot.querySelector('.affirmation:not([hidden])')",
        arg=composer.name,
        polling=25,
    )
    assert f"✓ {rule['message']['id']} {rule['clause']}" in composer.banner()["affirmations"]
    composer.screenshot("affirmation-x-home.png")
