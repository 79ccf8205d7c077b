"""The characters a rule's regular expression needs: the gate must never skip a text the
expression matches, and should be narrow enough to skip most drafts."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helper.cli import default_rules
from helper.regex_gate import gate_passes, required_chars
from helper.rulepack import RegexPattern, load_rule_pack


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"#tolak\w+", {"#"}),
    (r"\d(?<![\d.\-]\d)(?:[ .\-]?\d){15}(?![\d])", set("0123456789")),
    (r"(?<![\w*#])(?=[\w*#]*[*#])(?:b[o*#]k)", {"*", "#"}),  # a look-ahead that must match counts
    (r"\$\s?\d{3,}", {"$"}),  # a rare symbol beats a digit class
    (r"(?:kemkes|pom)\.go\.id|who\.int", {"."}),  # one character from every branch
    (r"(?:rp\.?\s?)?\d+", set("0123456789")),  # optional pieces are not required
])
def test_required_characters(pattern: str, expected: set[str]) -> None:
    assert required_chars(pattern) == frozenset(expected)


@pytest.mark.parametrize("pattern", [
    r"\w+", r"[^a]", r"(?i)abc", r"a?", r"(?!x)\w", r"(?:a|\w)",
])
def test_no_gate_when_nothing_is_certain(pattern: str) -> None:
    assert required_chars(pattern) is None


def test_a_pattern_without_gate_always_runs() -> None:
    assert gate_passes(None, "anything")
    assert not gate_passes(frozenset("#"), "no hash here")


_ALPHABET = "ab#*$.,+-8 0123456789rpjtnmo\n"


@lru_cache(maxsize=1)
def _bundled_patterns() -> list[tuple[str, re.Pattern[str], frozenset[str] | None]]:
    pack = load_rule_pack(default_rules())
    return [(rule.id, re.compile(p.regex), required_chars(p.regex))
            for rule in pack.rules for p in rule.patterns if isinstance(p, RegexPattern)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_bundled_patterns_never_skip_a_match(text: str) -> None:
    for rule_id, regex, needs in _bundled_patterns():
        if regex.search(text):
            assert gate_passes(needs, text), (rule_id, regex.pattern, text)
