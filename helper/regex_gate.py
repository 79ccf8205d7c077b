"""Strings a regular expression cannot match without: a cheap test that skips most rules'
regular expressions on most drafts.

Python's `re` scans every position of the text for a pattern that starts with a look-behind
(most rule patterns do, to anchor at a word edge), even when the text lacks a character the
pattern needs. A digit pattern on a draft without digits, or a mask pattern on a draft without
`*`, then costs a full scan for nothing. This reads the parsed pattern once and finds a small
set of strings one of which every match must contain.
"""

from __future__ import annotations

import importlib
import re
import string
from dataclasses import dataclass
from typing import Any

_c: Any
_p: Any
_compiler: Any
try:  # the parser is internal to `re`; without it every pattern simply runs
    _c = importlib.import_module("re._constants")
    _p = importlib.import_module("re._parser")
    _compiler = importlib.import_module("re._compiler")
except ImportError:  # pragma: no cover - other Python versions
    _c = _p = _compiler = None

_MAX_SET = 64
# Letters are in most drafts, so a set of letters is a weak test; digits and symbols are rarer.
_WEIGHT = {**{c: 20 for c in string.ascii_lowercase}, **{c: 15 for c in " .,\n"},
           **{c: 1 for c in string.digits}}


@dataclass(frozen=True, slots=True)
class Gate:
    """What every match of a pattern needs: one of `strings` in the text (None: unknown), and
    a match of `pair` (None: no such test). Both are much cheaper than running the pattern."""

    strings: frozenset[str] | None
    pair: re.Pattern[str] | None = None

    def passes(self, text: str) -> bool:
        if self.strings is not None and not any(s in text for s in self.strings):
            return False
        return self.pair is None or self.pair.search(text) is not None


def gate_for(pattern: str) -> Gate:
    """The narrowest gate found for a pattern; Gate(None) passes every text."""
    if _p is None:
        return Gate(None)
    try:
        parsed = _p.parse(pattern)
    except (re.error, RecursionError):
        return Gate(None)
    if parsed.state.flags & re.IGNORECASE:
        return Gate(None)
    return Gate(_strings_of_sequence(parsed), _masked_pair(parsed))


def _char_class(items: Any) -> frozenset[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is _c.LITERAL:
            chars.add(chr(av))
        elif op is _c.RANGE:
            low, high = av
            if high - low >= _MAX_SET:
                return None
            chars.update(chr(c) for c in range(low, high + 1))
        elif op is _c.CATEGORY and av is _c.CATEGORY_DIGIT:
            chars.update(string.digits)
        else:  # NEGATE, word or space categories: nearly any character
            return None
    return frozenset(chars) if chars and len(chars) <= _MAX_SET else None


# -- Required strings: like required characters, but a run of literal characters counts as one
# string ("semua", ".go.id"), which far fewer drafts contain than any one of its letters.


def _string_weight(strings: frozenset[str]) -> float:
    """Lower is rarer: a single character weighs as above, a longer string far less."""
    return sum(_WEIGHT.get(s, 2) if len(s) == 1 else 2 / len(s) for s in strings)


def _strings_of_sequence(items: Any) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    run: list[str] = []

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found is not None and (best is None or _string_weight(found) < _string_weight(best)):
            best = found

    for op, av in items:
        if op is _c.LITERAL:
            run.append(chr(av))  # adjacent literals are adjacent in every match
            continue
        if run:
            consider(frozenset({"".join(run)}))
            run = []
        consider(_strings_of_item(op, av))
    if run:
        consider(frozenset({"".join(run)}))
    return best


def _strings_of_item(op: Any, av: Any) -> frozenset[str] | None:
    if op is _c.IN:
        return _char_class(av)
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE else _strings_of_sequence(sub)
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _strings_of_sequence(av)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        return _strings_of_sequence(sub) if low >= 1 else None
    if op is _c.ASSERT:
        return _strings_of_sequence(av[1])
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _strings_of_sequence(branch)
            if found is None:
                return None
            union |= found
        return frozenset(union) if len(union) <= _MAX_SET else None
    return None


# -- The masked-word shape: (?<![\w*#])(?=[\w*#]*[*#])(?:b[a*#]ngs[a*#]t|...). Its only rare
# character, '#', is in most drafts with a hashtag, so a gate on characters runs the pattern's
# full scan on them. But the look-ahead needs a mask character M after a run of word
# characters W that starts at the match, and the match starts with a letter that is not M, so
# every match has an M right after a W: "b*", never the "#" that opens a hashtag.

_ZERO_WIDTH = ("ASSERT", "ASSERT_NOT", "AT")


def _masked_pair(items: Any) -> re.Pattern[str] | None:
    word = mask = None
    for op, av in items:
        if op is _c.ASSERT and av[0] == 1 and word is None:
            word, mask = _run_then_mask(av[1])
            continue
        if str(op) in _ZERO_WIDTH:
            continue
        if word is None or mask is None:
            return None
        first = _first_chars(op, av)
        if first is None:
            return None
        mask_re = _compile([(_c.IN, mask)])
        if any(mask_re.fullmatch(c) for c in first):
            return None
        # M, looking back at W M: a scan for M's few characters, then a look at the one before.
        look = _p.SubPattern(_p.State(), [(_c.IN, word), (_c.IN, mask)])
        return _compile([(_c.IN, mask), (_c.ASSERT, (-1, look))])
    return None


def _run_then_mask(items: Any) -> tuple[Any, Any]:
    """(W, M) when a look-ahead is exactly [W]*[M], else (None, None)."""
    if len(items) != 2:
        return None, None
    (op1, av1), (op2, av2) = items[0], items[1]
    if op1 is not _c.MAX_REPEAT or av1[0] != 0 or len(av1[2]) != 1 or op2 is not _c.IN:
        return None, None
    inner_op, inner_av = av1[2][0]
    if inner_op is not _c.IN:
        return None, None
    return inner_av, av2


def _first_chars(op: Any, av: Any) -> frozenset[str] | None:
    """The characters a consuming item can start with, when they are few and plain."""
    if op is _c.LITERAL:
        return frozenset(chr(av))
    if op is _c.IN:
        return _char_class(av)
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, sub = av
        return None if add_flags & re.IGNORECASE or not len(sub) else _first_chars(*sub[0])
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _first_chars(*branch[0]) if len(branch) else None
            if found is None:
                return None
            union |= found
        return frozenset(union)
    return None


def _compile(data: list[tuple[Any, Any]]) -> re.Pattern[str]:
    return _compiler.compile(_p.SubPattern(_p.State(), data), 0)  # type: ignore[no-any-return]
