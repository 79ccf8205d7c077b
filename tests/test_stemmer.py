from __future__ import annotations

import json
import re

import pytest

from helper.engine import Engine
from helper.patterns import Slot
from helper.stemmer import IndonesianStemmer, StemReach
from tests.conftest import RULES


@pytest.fixture(scope="module")
def stemmer() -> IndonesianStemmer:
    return IndonesianStemmer(["hoaks", "sebarluas"])


@pytest.mark.parametrize(
    ("word", "stem"),
    [
        ("menyebarkan", "sebar"), ("disebarluaskan", "sebarluas"), ("penyebaran", "sebar"),
        ("memfitnah", "fitnah"), ("difitnah", "fitnah"), ("merendahkan", "rendah"),
        ("dihina", "hina"), ("menghina", "hina"), ("memprovokasi", "provokasi"),
        ("kafir-kafir", "kafir"), ("memamerkan", "pamer"), ("hoaksnya", "hoaks"),
        ("vaksinnya", "vaksin"),
        # colloquial Jakarta forms
        ("nyebarin", "sebar"), ("ngehina", "hina"), ("difitnahin", "fitnah"), ("pamerin", "pamer"),
    ],
)
def test_standard_and_colloquial_forms_reach_their_root(stemmer: IndonesianStemmer, word: str, stem: str) -> None:
    assert stemmer.stem(word) == stem


def test_unknown_words_and_short_words_are_left_alone(stemmer: IndonesianStemmer) -> None:
    assert stemmer.stem("xyzzyqu") == "xyzzyqu"
    assert stemmer.stem("yg") == "yg"


def test_added_roots_take_effect(stemmer: IndonesianStemmer) -> None:
    fresh = IndonesianStemmer()
    assert fresh.stem("dighosting") != "ghosting"
    fresh.add_root("ghosting")
    assert fresh.stem("dighosting") == "ghosting"


# -- StemReach: a word whose stem a rule names must never be skipped --------------------------

_PREFIXES = ("", "me", "mem", "men", "meng", "meny", "di", "ter", "ber", "pe", "peng", "peny", "nge", "ng", "ny",
             "m", "memper")
_SUFFIXES = ("", "kan", "i", "an", "nya", "in", "nin", "kannya")


def _affixed_forms(stem: str) -> set[str]:
    """Standard, nasalised, infixed and colloquial forms around a stem."""
    bodies = {stem, stem[1:], stem[0] + "el" + stem[1:]}
    if stem.endswith("kan"):
        bodies.add(stem[:-3])  # the -kan read from a colloquial -in
    return {p + b + s for p in _PREFIXES for b in bodies for s in _SUFFIXES}


def test_stem_reach_never_skips_a_word_that_reaches_a_rule_stem(engine: Engine) -> None:
    stems = {stem for seq, _, _ in engine._matcher._sequences for step in seq
             if isinstance(step, Slot) for stem in step.stems}
    reach = StemReach(stems)
    words = set().union(*(_affixed_forms(stem) for stem in stems))
    for path in ("dev.jsonl", "validation.jsonl"):
        with (RULES.parent / "tests" / "corpus" / path).open(encoding="utf-8") as f:
            words.update(w for line in f for w in re.findall(r"[a-z]+", json.loads(line)["text"].lower()))
    checked = 0
    for word in words:
        if engine.stemmer.stem(word) in stems:
            checked += 1
            assert reach.may_reach(word), word
    assert checked > 500  # the test saw many words that do reach a rule's stem


@pytest.mark.parametrize(("word", "reached"), [
    ("menyebarkan", True), ("nyebarin", True), ("sebar", True), ("dipukul", True),
    ("kemarin", False), ("rumah", False),
])
def test_stem_reach_of_some_words(word: str, reached: bool) -> None:
    assert StemReach(["sebar", "pukul"]).may_reach(word) is reached


def test_stem_reach_without_stems_reaches_nothing() -> None:
    assert not StemReach([]).may_reach("menyebarkan")
