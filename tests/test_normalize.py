from __future__ import annotations

import pytest

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


def test_letters_drawn_as_emoji() -> None:
    assert normalize("🅱🅰🅽🅶🆂🅰🆃 ⓑⓞⓚⓔⓟ").text == "bangsat bokep"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("4njing", "anjing"), ("k4t4ny4", "katanya"), ("b4b1", "babi"), ("0rang", "orang"),
        ("PPPK", "pppk"), ("ᴀɴᴊɪɴɢ", "anjing"), ("10rb", "10rb"), ("5g", "5g"), ("covid19", "covid19"),
        ("s€rbu", "serbu"), ("pa¢ar", "pacar"), ("$ultan", "sultan"), ("$lot gacor", "slot gacor"),
        ("$500", "$500"), ("€20", "€20"), ("us$ 5", "us$ 5"), ("$$$", "$$$"), ("$ok", "$ok"),
    ],
)
def test_leet_at_word_edges_and_acronyms(raw: str, expected: str) -> None:
    assert normalize(raw).text == expected
