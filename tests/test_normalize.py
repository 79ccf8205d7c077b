from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helper import normalize as N
from helper.normalize import Utf16Offsets, normalize


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("h0ax", "hoax"),
        ("b4ngs4t", "bangsat"),
        ("g0bl0k", "goblok"),
        ("ho\u200bax", "hoax"),
        ("ｈｏａｘ", "hoax"),
        ("𝐛𝐚𝐧𝐠𝐬𝐚𝐭", "bangsat"),
        ("a n j i n g", "anjing"),
        ("a.n.j.i.n.g", "anjing"),
        ("t-o-l-o-l", "tolol"),
        ("j.a.n.g.a.n p.i.l.i.h", "jangan pilih"),  # one separator per run: the space parts words
        ("tololll", "tolol"),
        ("HOAXXX", "hoax"),
        ("bângsàt", "bangsat"),
        ("hоax", "hoax"),  # Cyrillic о
    ],
)
def test_disguises_are_undone(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


def test_digits_next_to_letters_only_at_one_side_stay_digits() -> None:
    n = normalize("covid19 5g 2029")
    assert n.text == "covid19 5g 2029"


def test_leet_keeps_the_surface_form_aligned() -> None:
    n = normalize("p3k h0ax")
    assert n.text == "pek hoax"
    assert n.surface == "p3k h0ax"


def test_ordinary_words_are_untouched() -> None:
    text = "Ayo ke Posyandu, saat ini maaf ada antrean."
    assert normalize(text).text == text.lower()


def test_control_characters_become_spaces_and_keep_length() -> None:
    n = normalize("ab\x00cd\x07ef")
    assert n.text == "ab cd ef"
    assert n.to_original(6, 8) == (6, 8)


@pytest.mark.parametrize(
    ("raw", "word", "excerpt"),
    [
        ("dasar tololll!", "tolol", "tololll"),
        ("ini ho\u200bax ya", "hoax", "ho\u200bax"),
        ("ih a n j i n g", "anjing", "a n j i n g"),
        ("kafe\u0301 enak", "kafe", "kafe\u0301"),
        ("😀 𝐛𝐚𝐧𝐠𝐬𝐚𝐭!", "bangsat", "𝐛𝐚𝐧𝐠𝐬𝐚𝐭"),
    ],
)
def test_spans_map_back_to_what_was_typed(raw: str, word: str, excerpt: str) -> None:
    n = normalize(raw)
    i = n.text.index(word)
    start, end = n.to_original(i, i + len(word))
    assert raw[start:end] == excerpt


def test_utf16_offsets_count_astral_characters_twice() -> None:
    text = "😀a👍🏽b"
    offsets = Utf16Offsets(text)
    assert [offsets(i) for i in range(len(text) + 1)] == [0, 2, 3, 5, 7, 8]
    assert Utf16Offsets("abc")(3) == 3


def test_normalization_is_deterministic() -> None:
    text = "H0AX!!! 𝐛𝐚𝐧𝐠𝐬𝐚𝐭 a.n.j.i.n.g 😀"
    assert normalize(text) == normalize(text)


def test_negated_symbols_keep_their_negation() -> None:
    assert normalize("jus jambu ≠ obat DBD").text == "jus jambu ≠ obat dbd"
    assert normalize("x ∉ A, é").text == "x ∉ a, e"


def test_letters_drawn_as_emoji() -> None:
    assert normalize("🅱🅰🅽🅶🆂🅰🆃 ⓑⓞⓚⓔⓟ").text == "bangsat bokep"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4njing", "anjing"), ("k4t4ny4", "katanya"), ("b4b1", "babi"), ("0rang", "orang"),
        ("PPPK", "pppk"), ("ᴀɴᴊɪɴɢ", "anjing"), ("10rb", "10rb"), ("5g", "5g"), ("covid19", "covid19"),
        ("s€rbu", "serbu"), ("pa¢ar", "pacar"), ("$ultan", "sultan"), ("$lot gacor", "slot gacor"),
        ("$500", "$500"), ("€20", "€20"), ("$lot88", "slot88"), ("us$ 5", "us$ 5"), ("$$$", "$$$"), ("$ok", "$ok"),
    ],
)
def test_leet_at_word_edges_and_acronyms(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected


# The straightforward form of normalization, kept as the reference the fast one must equal:
# each step scans the whole text with one expression.
_REF_ELONGATION = re.compile(r"(?<=[^\W\d_])([^\W\d_])\1{2,}")


def _reference_normalize(text: str) -> tuple[str, str, list[int]]:
    pieces: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        plain = "\x20" <= char <= "\x7e" or char in "\n\t\r"
        out = char.lower() if plain else N._fold_char(char)
        pieces.append(out)
        origin.extend([index] * len(out))
    folded = "".join(pieces)

    def delete(doomed: list[int]) -> None:
        nonlocal folded, origin
        drop = set(doomed)
        keep = [i for i in range(len(folded)) if i not in drop]
        folded, origin = "".join(folded[i] for i in keep), [origin[i] for i in keep]

    delete([m.start() + s.start() for m in N._SPACED_LETTERS.finditer(folded)
            for s in N._SPACED_SEPARATOR.finditer(m.group(0))])
    delete([i for m in _REF_ELONGATION.finditer(folded) for i in range(m.start() + 1, m.end())])
    return N._LEET_WORD.sub(N._deleet, folded), folded, origin


_ALPHABET = "aAbBzZkKlLoOsStTiI0134579@$!|€¢ .-_*\n\t\x07éÉ\u200bﬁ²😀🅰дⓑ"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_fast_normalization_equals_the_reference(text: str) -> None:
    fast = normalize(text)
    expected_text, expected_surface, expected_origin = _reference_normalize(text)
    assert (fast.text, fast.surface) == (expected_text, expected_surface)
    assert (fast.origin if fast.origin is not None else list(range(len(fast.text)))) == expected_origin


@pytest.mark.parametrize("text", ["tololll", "PPPPK", "aaaah", "anjiiing!!!", "b4ngs4t 2026 10rb h0ax",
                                  "a n j i n g", "t.o.l.o.l", "k z k", "д у р а к", "ﬁ ﬁx é\u200b"])
def test_fast_normalization_equals_the_reference_on_known_cases(text: str) -> None:
    fast = normalize(text)
    assert (fast.text, fast.surface) == _reference_normalize(text)[:2]


def _spaced_separators_everywhere(text: str) -> list[int]:
    """The spaced-letter expression tried at every position: what the hint-led search must find."""
    return [match.start() + m.start() for match in N._SPACED_LETTERS.finditer(text)
            for m in N._SPACED_SEPARATOR.finditer(match.group(0))]


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab é1 .-_*\nx", max_size=40))
def test_spaced_letters_found_from_hints_as_by_a_full_scan(text: str) -> None:
    folded = N.fold(text)
    assert N._spaced_letter_separators(folded) == _spaced_separators_everywhere(folded)


@pytest.mark.parametrize("text", ["a n j i n g", "a.n.j.i.n.g", "t-o-l-o-l dan b a b i", "x a b c d e f", "é l é"])
def test_spaced_letters_examples_match_a_full_scan(text: str) -> None:
    assert N._spaced_letter_separators(text) == _spaced_separators_everywhere(text)
    assert N._spaced_letter_separators(text)
