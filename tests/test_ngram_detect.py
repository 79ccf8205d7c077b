"""NGramDetector must give langdetect's answer to the last bit: same n-grams, same random
draws, same arithmetic."""

from __future__ import annotations

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from langdetect.lang_detect_exception import LangDetectException

from helper.language import _MAX_CHARS, _factory
from helper.ngram_detect import _INLINE_DRAWS_MATCH, NGramDetector
from helper.normalize import normalize
from tests.conftest import ROOT


def _langdetect(text: str) -> tuple[str, float] | None:
    detector = _factory().create()
    detector.set_max_text_length(_MAX_CHARS)
    detector.n_trial = 3
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    return best.lang, best.prob


@pytest.fixture(scope="module")
def fast() -> NGramDetector:
    return NGramDetector(_factory(), n_trial=3, max_text_length=_MAX_CHARS)


def test_the_inline_draws_are_random_choice_here() -> None:
    assert _INLINE_DRAWS_MATCH


def test_same_answer_as_langdetect_on_the_corpus(fast: NGramDetector) -> None:
    texts: list[str] = []
    for name in ("dev.jsonl", "validation.jsonl"):
        with (ROOT / "tests" / "corpus" / name).open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
    for text in texts:
        for sample in (normalize(text).text[:_MAX_CHARS], text[:_MAX_CHARS]):  # folded, and as typed
            assert fast.best(sample) == _langdetect(sample)


_PIECES = st.sampled_from([
    "yang", "tidak", "the", "and", "vaksin", "hoax", "kamu", "with", "DAN", "The", " ", "  ", ",", ".",
    "😀", "é", "\u0301", "ạ", "ก", "日本", "a@b.co", "http://x.id/a", "ß", "İ", "\n", "[", "`", "12",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
@example("theạ日本日本日本")  # langdetect counts ạ as non-Latin, whatever its code intends
def test_same_answer_as_langdetect_on_mixed_text(fast: NGramDetector, text: str) -> None:
    sample = text[:_MAX_CHARS]
    assert fast.best(sample) == _langdetect(sample)
