"""Text normalization that undoes how people disguise words, keeping a map back to the original.

Every transformation here either replaces one character by characters that all map to the same
original index, or deletes characters. So each character of the normalized text knows which
character of the original it came from, and a span found in the normalized text maps back to
an exact span of what the person typed.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

# Look-alike letters from other scripts that NFKC leaves alone.
_CONFUSABLES = {
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "н": "h", "і": "i",
    "ї": "i", "ј": "j", "к": "k", "ӏ": "l", "м": "m", "п": "n", "о": "o", "р": "p", "ԛ": "q",
    "г": "r", "ѕ": "s", "т": "t", "џ": "u", "ѵ": "v", "ԝ": "w", "х": "x", "у": "y", "з": "z",
    # Greek
    "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "μ": "u", "ν": "v", "ο": "o",
    "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ζ": "z",
    # Latin letters from other alphabets (IPA, small capitals survive NFKD as these)
    "ɑ": "a", "ɡ": "g", "ı": "i", "ʀ": "r", "ʏ": "y", "ᴀ": "a", "ʙ": "b", "ᴄ": "c", "ᴅ": "d",
    "ᴇ": "e", "ғ": "f", "ɢ": "g", "ʜ": "h", "ɪ": "i", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m",
    "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ǫ": "q", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w",
    "ᴢ": "z",
}

# Digits and symbols standing for letters inside a word (h0ax, b4ngs4t, b@ngsat, s€rbu).
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "8": "b",
                       "9": "g", "6": "g", "2": "z", "@": "a", "$": "s", "!": "i", "|": "l",
                       "€": "e", "¢": "c"})

# Words mixing letters with digits or symbols. Possessive and anchored at a word start: linear
# even on a 100,000-letter "word".
_LEET_WORD = re.compile(r"(?<![a-z0-9@$!|€¢])(?=[a-z0-9@$!|€¢]*?[a-z])[a-z0-9@$!|€¢]*?[0-9@$!|€¢][a-z0-9@$!|€¢]*+")
_INNER_LEET = re.compile(r"[a-z][0-9@$!|€¢]+[a-z]")
_LEADING_LEET = re.compile(r"[40][a-z]{3,}")
# Symbols before a word (@mention) and digits or symbols after it ("anj1ng!!", "covid19") are
# not letters.
_EDGES = re.compile(r"([@$!|€¢]*+)(.*?)([0-9@$!|€¢]*+)")

# Single letters spaced or dotted apart: "a n j i n g", "a.n.j.i.n.g", "t-o-l-o-l". One separator
# per run: in "j.a.n.g.a.n p.i.l.i.h" the space parts two words.
_SPACED_LETTERS = re.compile(r"(?<![^\W\d_])[^\W\d_]([ .\-_*])(?:[^\W\d_]\1)+[^\W\d_](?![^\W\d_])")
_SPACED_SEPARATOR = re.compile(r"[ .\-_*]")

# Three or more of the same letter after another letter ("tololll", "hoaxxx", "anjiiing"),
# not at a word's start, where it is an acronym (PPPK, WWF), are found from runs of any
# character: an expression testing for a letter at every position cost five times more.
_RUN_OF_THREE = re.compile(r"(.)\1\1+", re.DOTALL)
_LETTER = re.compile(r"[^\W\d_]")
# Necessary for spaced letters, and cheap: one letter between two separators. Every spaced
# run starts one character before such a hint (letter, separator, letter, separator, letter),
# so the run expression, slow to try at every position, is tried only there. The closing
# separator is a look-ahead: hints overlap in "a b c d".
_SPACED_HINT = re.compile(r"[ .\-_*][a-z\x80-\U0010ffff](?=[ .\-_*])")  # the text is case-folded
_SYMBOL_RUN = re.compile(r"[0-9@$!|€¢]+")
_LEET_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789@$!|€¢")

_KEEP_CONTROLS = {"\n", "\t", "\r"}
_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NOT_PLAIN = re.compile(r"[^\x20-\x7e\n\t\r]")


# Letters drawn as emoji, which have no compatibility decomposition: 🅐 (negative circled), 🅰 (negative squared).
_EMOJI_LETTER_BLOCKS = ((0x1F150, 0x1F169), (0x1F170, 0x1F189))


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """Compatibility-decompose, drop accents and invisible marks, case fold, map look-alikes."""
    code = ord(char)
    for first, last in _EMOJI_LETTER_BLOCKS:
        if first <= code <= last:
            return chr(ord("a") + code - first)
    category = unicodedata.category(char)
    if category == "Cf":
        return ""
    if category == "Cc" and char not in _KEEP_CONTROLS:
        return " "
    if category.startswith("Cs"):  # a lone surrogate: keep a placeholder of the same length
        return "\ufffd"
    decomposed = unicodedata.normalize("NFKD", char)
    if "\u0338" in decomposed:
        return char  # ≠ ∉ ≮ carry their negation as a combining slash: dropping it flips the meaning
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = kept.casefold()
    return "".join(_CONFUSABLES.get(c, c) for c in folded)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalized text plus, for each of its characters, the index of the original character.

    `origin` is None when the normalized text has the same length as the original and each
    character maps to the same index (the common, all-ASCII case): no list is built then.
    """

    original: str
    text: str
    surface: str  # `text` before leet was read as letters, aligned with it character by character
    origin: list[int] | None

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalized span [start, end) to a span of the original (code points)."""
        if self.origin is None:
            return start, end
        o_start = self.origin[start]
        if end <= start:
            return o_start, o_start
        o_end = self.origin[end - 1] + 1
        limit = self.origin[end] if end < len(self.origin) else len(self.original)
        return o_start, _extend_end(self.original, o_end, limit)


def _extend_end(original: str, end: int, limit: int) -> int:
    """Take back what normalization dropped at the end of a span: the rest of an elongation
    ("tololll"), combining marks and joiners, which belong to the letter before them."""
    while end < limit:
        char = original[end]
        mark = unicodedata.combining(char) or char in "\u200d\ufe0f\ufe0e"
        repeat = char.isalpha() and char.casefold() == original[end - 1].casefold()
        if mark or repeat:
            end += 1
        else:
            break
    return end


def normalize(text: str) -> Normalized:
    folded, origin = _fold(text)
    folded, origin = _delete(folded, origin, _spaced_letter_separators(folded))
    folded, origin = _delete(folded, origin, _elongated_repeats(folded))
    deleeted = _deleet_words(folded)
    return Normalized(text, deleeted, folded, origin)


def _deleet_words(text: str) -> str:
    """_LEET_WORD.sub(_deleet, text), looking only at the words where a digit or symbol
    touches a letter: most drafts have a few numbers and no leet, and scanning every word
    for one cost 60 µs per 2,200 characters."""
    pieces: list[str] = []
    pos = 0
    n = len(text)
    for run in _SYMBOL_RUN.finditer(text):
        start, end = run.span()
        if start < pos:
            continue  # inside a word already read
        if not ((start and "a" <= text[start - 1] <= "z") or (end < n and "a" <= text[end] <= "z")):
            continue
        word = start
        while word > pos and text[word - 1] in _LEET_CHARS:
            word -= 1
        match = _LEET_WORD.match(text, word)
        if match is None:
            continue
        pieces.append(text[pos:word])
        pieces.append(_deleet(match))
        pos = match.end()
    if not pieces:
        return text
    pieces.append(text[pos:])
    return "".join(pieces)


def _deleet(match: re.Match[str]) -> str:
    """Read digits and symbols as letters where that is what they are: between letters (h0ax,
    b4ngs4t, 0r4ng, k4t4ny4), or one leading 4/0 before three letters (4njing). "covid19",
    "5g", "10rb" and e-mail addresses keep theirs; the surface form stays a key for matching."""
    word = match.group(0)
    if "@" in word and match.string.startswith(".", match.end()):
        return word  # an e-mail address
    edges = _EDGES.fullmatch(word)
    assert edges is not None
    lead, core, tail = edges.groups()
    if len(tail) == 1 and tail.isdigit() and _INNER_LEET.search(core):
        core, tail = core + tail, ""  # k4t4ny4
    if lead == "$" and len(core) >= 3 and core.isalpha():
        return "s" + core + tail  # $ultan, $lot: a dollar sign before a word is its S
    if _INNER_LEET.search(core) or _LEADING_LEET.fullmatch(core):
        return lead + core.translate(_LEET) + tail
    return word


def fold(text: str) -> str:
    """The character-level fold alone: how rule terms are written down for matching."""
    return _fold(text)[0]


def _fold(text: str) -> tuple[str, list[int] | None]:
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text.lower(), None
    # Plain ASCII runs are lowered in one go; only the other characters are looked at one by one.
    pieces: list[str] = []
    pos = 0
    same_length = True
    for match in _NOT_PLAIN.finditer(text):
        index = match.start()
        if index > pos:
            pieces.append(text[pos:index].lower())
        out = _fold_char(match.group())
        pieces.append(out)
        same_length = same_length and len(out) == 1
        pos = index + 1
    pieces.append(text[pos:].lower())
    if same_length:  # every character stayed one character (emoji, most accents): no map needed
        return "".join(pieces), None
    origin: list[int] = []
    pos = 0
    for match in _NOT_PLAIN.finditer(text):
        index = match.start()
        origin.extend(range(pos, index))
        origin.extend([index] * len(_fold_char(match.group())))
        pos = index + 1
    origin.extend(range(pos, len(text)))
    return "".join(pieces), origin


def _spaced_letter_separators(text: str) -> list[int]:
    doomed: list[int] = []
    pos = 0  # _SPACED_LETTERS.finditer(text), trying only where a run can start
    for hint in _SPACED_HINT.finditer(text):
        start = hint.start() - 1
        if start < pos:
            continue
        match = _SPACED_LETTERS.match(text, start)
        if match is None:
            continue
        doomed.extend(start + m.start() for m in _SPACED_SEPARATOR.finditer(match.group(0)))
        pos = match.end()
    return doomed


def _elongated_repeats(text: str) -> list[int]:
    doomed: list[int] = []
    for run in _RUN_OF_THREE.finditer(text):
        start, end = run.span()
        if not _LETTER.match(text, start):
            continue
        if start == 0 or not _LETTER.match(text, start - 1):
            start += 1  # a run at a word's start keeps two letters (PPPK, "aaaah")
            if end - start < 3:
                continue
        doomed.extend(range(start + 1, end))
    return doomed


def _delete(text: str, origin: list[int] | None, doomed: list[int]) -> tuple[str, list[int] | None]:
    if not doomed:
        return text, origin
    source: Sequence[int] = origin if origin is not None else range(len(text))
    pieces: list[str] = []
    kept: list[int] = []
    pos = 0
    for index in sorted(set(doomed)):
        if index > pos:
            pieces.append(text[pos:index])
            kept.extend(source[pos:index])
        pos = index + 1
    pieces.append(text[pos:])
    kept.extend(source[pos:])
    return "".join(pieces), kept


class Utf16Offsets:
    """Converts code-point indices of one string into JavaScript (UTF-16) indices.

    Each character outside the Basic Multilingual Plane (most emoji) takes two UTF-16 units, so
    an index moves by the number of those before it: a binary search in their positions. A
    draft has few of them, and a table of every index cost 100 µs per 2,200 characters."""

    __slots__ = ("_astral",)

    _ASTRAL = re.compile("[\U00010000-\U0010ffff]")

    def __init__(self, text: str) -> None:
        self._astral = [m.start() for m in self._ASTRAL.finditer(text)]

    def __call__(self, index: int) -> int:
        return index + bisect.bisect_left(self._astral, index) if self._astral else index
