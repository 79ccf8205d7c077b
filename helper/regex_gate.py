"""Characters a regular expression cannot match without: a cheap test that skips most rules'
regular expressions on most drafts.

Python's `re` scans every position of the text for a pattern that starts with a look-behind
(most rule patterns do, to anchor at a word edge), even when the text lacks a character the
pattern needs. A digit pattern on a draft without digits, or a mask pattern on a draft without
`*`, then costs a full scan for nothing. This reads the parsed pattern once and finds a small
set of characters one of which every match must contain.
"""

from __future__ import annotations

import importlib
import re
import string
from typing import Any

_c: Any
_p: Any
try:  # the parser is internal to `re`; without it every pattern simply runs
    _c = importlib.import_module("re._constants")
    _p = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Python versions
    _c = _p = None

_MAX_SET = 64
# Letters are in most drafts, so a set of letters is a weak test; digits and symbols are rarer.
_WEIGHT = {**{c: 20 for c in string.ascii_lowercase}, **{c: 15 for c in " .,\n"},
           **{c: 1 for c in string.digits}}


def required_chars(pattern: str) -> frozenset[str] | None:
    """A set of characters at least one of which occurs in every match, or None if unknown."""
    if _p is None:
        return None
    try:
        parsed = _p.parse(pattern)
    except (re.error, RecursionError):
        return None
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _sequence(parsed)


def gate_passes(chars: frozenset[str] | None, text: str) -> bool:
    return chars is None or any(c in text for c in chars)


def _weight(chars: frozenset[str]) -> int:
    return sum(_WEIGHT.get(c, 2) for c in chars)


def _sequence(items: Any) -> frozenset[str] | None:
    best: frozenset[str] | None = None
    for op, av in items:
        found = _item(op, av)
        if found is not None and (best is None or _weight(found) < _weight(best)):
            best = found
    return best


def _item(op: Any, av: Any) -> frozenset[str] | None:
    if op is _c.LITERAL:
        return frozenset(chr(av))
    if op is _c.IN:
        return _char_class(av)
    if op is _c.SUBPATTERN:
        return _sequence(av[3])
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sequence(av)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        low, _high, sub = av
        return _sequence(sub) if low >= 1 else None
    if op is _c.ASSERT:  # a look-ahead or look-behind that must match
        return _sequence(av[1])
    if op is _c.BRANCH:
        union: set[str] = set()
        for branch in av[1]:
            found = _sequence(branch)
            if found is None:
                return None
            union |= found
        return frozenset(union) if len(union) <= _MAX_SET else None
    return None


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
