"""Indonesian stems for standard and colloquial (Jakarta) word forms, cached per word.

Sastrawi handles the standard affixes (menyebarkan, difitnah, memprovokasi, kafir-kafir). Spoken
forms (nyebarin, ngehina, difitnahin, mamerin) are first rewritten into candidate standard forms
and accepted only if Sastrawi then reaches a known root, so an unknown word is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from Sastrawi.Dictionary.ArrayDictionary import ArrayDictionary
from Sastrawi.Stemmer.Stemmer import Stemmer as _SastrawiStemmer
from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

_VOWELS = frozenset("aeiou")
# Shorter words are mostly function words or abbreviations; stemming them only adds noise.
_MIN_LENGTH = 4
# "ketidakbertanggungjawaban" has 25 letters; longer runs are noise, and Sastrawi's regular
# expressions take super-linear time on them.
_MAX_LENGTH = 32


@lru_cache(maxsize=1)
def _sastrawi_roots() -> tuple[str, ...]:
    return tuple(StemmerFactory().get_words())


class IndonesianStemmer:
    def __init__(self, extra_roots: Iterable[str] = (), cache_size: int = 65536) -> None:
        self._dictionary = ArrayDictionary([*_sastrawi_roots(), *extra_roots])
        self._sastrawi = _SastrawiStemmer(self._dictionary)
        # A bounded cache: a long-running helper sees an open-ended vocabulary.
        self.stem = lru_cache(maxsize=cache_size)(self._stem_uncached)

    def add_root(self, word: str) -> None:
        self._dictionary.add(word)
        self.stem.cache_clear()

    def is_root(self, word: str) -> bool:
        return bool(self._dictionary.contains(word))

    def _stem_uncached(self, word: str) -> str:
        if not _MIN_LENGTH <= len(word) <= _MAX_LENGTH or not word.replace("-", "").isalpha():
            return word
        if self.is_root(word):
            return word
        standard = self._sastrawi.stem_word(word)
        if self.is_root(standard):
            return str(standard)
        for candidate in _colloquial_candidates(word):
            if self.is_root(candidate):
                return candidate
            stem = self._sastrawi.stem_word(candidate)
            if self.is_root(stem):
                return str(stem)
        return str(standard)


def _colloquial_candidates(word: str) -> Iterator[str]:
    """Standard forms a colloquial word may stand for, most likely first."""
    bases = [word]
    for suffix in ("in", "nin"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            bases.append(word[: -len(suffix)] + "kan")
            bases.append(word[: -len(suffix)])
    for base in bases:
        if base is not word:
            yield base
        yield from _colloquial_prefixes(base)
        if base.startswith("di"):
            yield from _colloquial_prefixes(base[2:])


def _colloquial_prefixes(word: str) -> Iterator[str]:
    if word.startswith("nge") and len(word) > 5:
        yield word[3:]
    if word.startswith("ny") and len(word) > 4 and word[2] in _VOWELS:
        yield "s" + word[2:]
        yield "c" + word[2:]
    if word.startswith("ng") and len(word) > 4 and word[2] in _VOWELS:
        yield word[2:]
        yield "k" + word[2:]
    if word.startswith("m") and len(word) > 4 and word[1] in _VOWELS:
        yield "p" + word[1:]


class StemReach:
    """Which words may stem to one of a few given stems, told without stemming them.

    A stem found by Sastrawi or by the colloquial rewrites above is a piece of the word with
    affixes cut off, whose first letter may be replaced (menyebarkan -> sebar, mukul -> pukul)
    and after whose first letter an infix may be dropped (gemetar -> getar). So all of a stem
    but its first letter is in the word, except where a colloquial -in/-nin was read as -kan.
    Only the stems rules name matter to matching, and Sastrawi costs 50-300 µs for each new
    word, most of which can reach none of them.
    """

    def __init__(self, stems: Iterable[str]) -> None:
        cores = sorted({stem[1:] for stem in stems if stem})
        # Without stems nothing is reachable; an empty core (one-letter stem) is in every word.
        self._cores = re.compile("|".join(map(re.escape, cores))) if cores else None

    def may_reach(self, word: str) -> bool:
        if self._cores is None:
            return False
        if self._cores.search(word):
            return True
        for suffix in ("in", "nin"):  # nyebarin -> nyebarkan: the "kan" is not in the word
            if word.endswith(suffix) and self._cores.search(word[: -len(suffix)] + "kan"):
                return True
        return False
