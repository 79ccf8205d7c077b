"""The strings a rule's regular expression needs: the gate must never skip a text the
expression matches, and should be narrow enough to skip most drafts."""

from __future__ import annotations

import re
from functools import lru_cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helper.cli import default_rules
from helper.regex_gate import Gate, gate_for
from helper.rulepack import RegexPattern, load_rule_pack


@pytest.mark.parametrize("pattern", [
    r"\w+", r"[^a]", r"(?i)abc", r"a?", r"(?!x)\w", r"(?:a|\w)",
])
def test_no_gate_when_nothing_is_certain(pattern: str) -> None:
    assert gate_for(pattern).strings is None


def test_a_pattern_without_gate_always_runs() -> None:
    assert Gate(None).passes("anything")
    assert not Gate(frozenset("#")).passes("no hash here")


_ALPHABET = "ab#*$.,+-8 0123456789rpjtnmo\n"


@lru_cache(maxsize=1)
def _bundled_patterns() -> list[tuple[str, re.Pattern[str], Gate]]:
    pack = load_rule_pack(default_rules())
    return [(rule.id, re.compile(p.regex), gate_for(p.regex))
            for rule in pack.rules for p in rule.patterns if isinstance(p, RegexPattern)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_bundled_patterns_never_skip_a_match(text: str) -> None:
    for rule_id, regex, gate in _bundled_patterns():
        if regex.search(text):
            assert gate.passes(text), (rule_id, regex.pattern, text)


# Letters of the bundled words next to mask characters: what the masked-word gate looks at.
_MASKED_ALPHABET = "anjigbsto*# \n.-_"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_MASKED_ALPHABET, max_size=30))
def test_bundled_gates_never_skip_a_masked_word(text: str) -> None:
    for rule_id, regex, gate in _bundled_patterns():
        if regex.search(text):
            assert gate.passes(text), (rule_id, regex.pattern, text)


@given(st.sampled_from(["anj*ng", "b*ngs*t", "a#j#ng", "**b*ngs*t", "x anj*ng!"]))
def test_masked_words_pass_their_gate(text: str) -> None:
    for rule_id, regex, gate in _bundled_patterns():
        if regex.search(text):
            assert gate.passes(text), (rule_id, text)


@pytest.mark.parametrize(("pattern", "strings"), [
    (r"\b(?:share|bagikan)\s+ke\s+semua\w*", {"semua"}),  # a run of literals is one string
    (r"(?:kemkes|pom)\.go\.id\S*|who\.int\S*", {".go.id", "who.int"}),
    (r"#tolak\w+", {"#tolak"}),
    (r"(?:rp\.?\s?)?\d+", set("0123456789")),
    (r"(?i:abc)d", {"d"}),  # a case-blind group is no evidence
    (r"\d(?<![\d.\-]\d)(?:[ .\-]?\d){15}(?![\d])", set("0123456789")),
    (r"(?<![\w*#])(?=[\w*#]*[*#])(?:b[o*#]k)", {"*", "#"}),  # a look-ahead that must match counts
    (r"\$\s?\d{3,}", {"$"}),  # a rare symbol beats a digit class
])
def test_required_strings(pattern: str, strings: set[str]) -> None:
    assert gate_for(pattern).strings == frozenset(strings)


def test_masked_word_gate_skips_hashtags_but_not_masks() -> None:
    gate = gate_for(r"(?<![\w*#])(?=[\w*#]*[*#])(?:a[n*#][j*#][i*#][n*#]g|t[o*#][l*#][o*#]l)(?![\w*#])")
    assert gate.pair is not None
    assert not gate.passes("#2026 semangat #asn #berakhlak")  # '#' only opens words
    assert gate.passes("dasar anj*ng")
    assert gate.passes("dasar t#l#l")


@pytest.mark.parametrize("pattern", [
    r"(?=[\w*#]*[*#])(?:[a*]b)",  # the first character may be the mask itself
    r"(?=[\w*#]*[*#])\w+",  # first characters unknown
    r"(?=[\w*#]+[*#])ab",  # not the [W]*[M] shape
])
def test_no_pair_gate_when_the_shape_differs(pattern: str) -> None:
    assert gate_for(pattern).pair is None
