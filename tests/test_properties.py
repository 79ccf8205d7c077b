"""Properties that hold for any text: offsets slice the submitted text exactly (in UTF-16),
normalization is deterministic, nothing escapes as an exception."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helper.api import CheckRequest, check
from helper.engine import Engine
from helper.normalize import normalize
from tests.utf16 import js_slice

# Words the rules react to, mixed with arbitrary Unicode, so spans are actually produced.
WORDS = st.sampled_from([
    "vaksin", "bikin", "autis", "b4ngs4t", "a n j i n g", "katanya", "sebarkan", "coblos", "02",
    "3174011203900001", "0812-3456-7890", "hoaks", "faktanya", "\u200b", "😀", "👨‍👩‍👧", "e\u0301",
    "ｈｏａｘ", "𝐛𝐚𝐧𝐠𝐬𝐚𝐭", "tololll", "\n", " ", ".", "!", "#GantiPresiden",
])
TEXTS = st.lists(st.one_of(WORDS, st.text(max_size=5)), max_size=30).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_every_span_slices_the_submitted_text(engine: Engine, text: str) -> None:
    for level in ("relaxed", "standard", "strict"):
        result = check(engine, CheckRequest(text=text, strictness=level))
        for item in [*result.findings, *result.affirmations]:
            assert 0 <= item.start < item.end
            assert js_slice(text, item.start, item.end) == item.excerpt


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=200))
def test_normalization_is_deterministic_and_maps_every_character(text: str) -> None:
    a, b = normalize(text), normalize(text)
    assert a == b
    if a.origin is not None:
        assert len(a.origin) == len(a.text)
        assert all(0 <= o < len(text) for o in a.origin)
        assert a.origin == sorted(a.origin)
    assert len(a.surface) == len(a.text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(alphabet=st.characters(codec=None), max_size=300))
def test_any_unicode_is_checked_without_error(engine: Engine, text: str) -> None:
    result = check(engine, CheckRequest(text=text, strictness="strict"))
    for item in result.findings:
        assert js_slice(text, item.start, item.end) == item.excerpt
