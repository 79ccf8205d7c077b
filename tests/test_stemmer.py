from __future__ import annotations

import pytest

from helper.stemmer import IndonesianStemmer


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
