"""The pattern language of rules, compiled into token sequences.

A pattern is words separated by spaces; each piece is one of
  word        that exact token (after normalization; slang is matched in both forms)
  word~       any affixed or colloquial form with the same stem (sebar~: menyebarkan, nyebarin)
  a|b~|c      any of these in one position
  (a b|c d)   any of these phrases in one position: spaces inside the parentheses join words
  @list       any entry of a lexicon list (entries may be phrases)
  piece?      optional
  {m,n}       m to n arbitrary tokens of the same sentence ({n} means 0 to n)
  <url> <num> <mention> <hashtag> <email>   a token of that class
A pattern compiles into one or more sequences of slots and gaps.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from helper.normalize import fold

_GAP = re.compile(r"^\{(?:(\d+),)?(\d+)\}$")
# Inside a phrase group "(kerja bakti|gotong royong)" the spaces join words, not positions.
_JOIN = "\x1f"
_CLASS = re.compile(r"^<(url|num|mention|hashtag|email)>$")
_MAX_EXPANSIONS = 5000


class PatternError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Slot:
    exact: frozenset[str]
    stems: frozenset[str]


@dataclass(frozen=True, slots=True)
class Gap:
    low: int
    high: int


Step = Slot | Gap
Sequence = tuple[Step, ...]


class PatternCompiler:
    def __init__(
        self,
        lists: Mapping[str, list[str]],
        split: Callable[[str], list[str]],
        stem: Callable[[str], str],
        slang: Mapping[str, str],
    ) -> None:
        self._lists = lists
        self._split = split
        self._stem = stem
        self._slang = slang
        self._list_cache: dict[str, list[Sequence]] = {}

    def compile(self, pattern: str) -> list[Sequence]:
        pieces = _split_pieces(pattern)
        if not pieces:
            raise PatternError("empty pattern")
        if all(_GAP.match(p) or (p.endswith("?") and len(p) > 1) for p in pieces):
            # "a? b?" would match "a" alone anywhere, "??" every question mark.
            raise PatternError("every piece is optional or a gap: make at least one piece required")
        _check_phrases_in_alternatives(pieces)
        options = [self._piece(p) for p in pieces]
        total = 1
        for o in options:
            total *= len(o)
        if total > _MAX_EXPANSIONS:
            raise PatternError(f"pattern expands to {total} sequences (at most {_MAX_EXPANSIONS})")
        sequences: list[Sequence] = []
        for combo in itertools.product(*options):
            seq = _tidy(tuple(step for part in combo for step in part))
            if seq and seq not in sequences:
                sequences.append(seq)
        if not sequences:
            raise PatternError("pattern matches nothing (only gaps or optional pieces)")
        return sequences

    def _piece(self, piece: str) -> list[Sequence]:
        gap = _GAP.match(piece)
        if gap:
            low = int(gap.group(1)) if gap.group(1) is not None else 0
            high = int(gap.group(2))
            if low > high or high > 20:
                raise PatternError(f"bad gap {piece}: need low ≤ high ≤ 20")
            return [(Gap(low, high),)]
        optional = piece.endswith("?") and len(piece) > 1
        if optional:
            piece = piece[:-1]
        phrases = _group_phrases(piece)
        alternatives: list[Sequence] = []
        if phrases is not None:
            alternatives = [tuple(step for word in phrase for step in self.term(word)) for phrase in phrases]
        else:
            for alt in piece.split("|"):
                if not alt:
                    raise PatternError(f"empty alternative in {piece!r}")
                if alt.startswith("@") and len(alt) > 1:
                    alternatives.extend(self._list(alt[1:]))
                else:
                    alternatives.append(self.term(alt))
        merged = _merge_single_slots(alternatives)
        return [*merged, ()] if optional else merged

    def _list(self, name: str) -> list[Sequence]:
        if name not in self._lists:
            raise PatternError(f"unknown list @{name}")
        if name not in self._list_cache:
            entries: list[Sequence] = []
            for entry in self._lists[name]:
                for seq in self.compile(entry):
                    entries.append(seq)
            self._list_cache[name] = _merge_single_slots(entries)
        return self._list_cache[name]

    def term(self, term: str) -> Sequence:
        """One literal word (or `word~`), tokenized the way texts are."""
        by_stem = term.endswith("~")
        word = fold(term[:-1] if by_stem else term)
        if _CLASS.match(word):
            return (Slot(frozenset({word}), frozenset()),)
        if word.startswith("\\@"):
            word = word[1:]
        parts = self._split(word)
        if not parts:
            raise PatternError(f"term {term!r} has no word in it")
        if len(parts) == 1:
            stems = frozenset({self._stem(self._slang.get(word, word))}) if by_stem else frozenset()
            return (Slot(frozenset({word}), stems),)
        return tuple(Slot(frozenset({p}), frozenset()) for p in parts)


def stem_terms(pattern: str) -> Iterator[str]:
    """The words a pattern asks to match by stem (`word~`), before any list is expanded."""
    try:
        pieces = _split_pieces(pattern)
    except PatternError:
        return  # compiling the pattern reports it, with its file and line
    for piece in pieces:
        phrases = _group_phrases(piece.rstrip("?"))
        words = [w for phrase in phrases for w in phrase] if phrases is not None else piece.rstrip("?").split("|")
        for word in words:
            if word.endswith("~") and word[:-1].isalpha():
                yield word[:-1].casefold()


def _split_pieces(pattern: str) -> list[str]:
    """The pattern's positions. A piece that opens with "(" glued to a word ("(kerja bakti|gotong
    royong)") runs to its ")", spaces inside joining words; "( my" and "( <num> )" keep their
    literal parentheses."""
    pieces: list[str] = []
    words = pattern.split()
    i = 0
    while i < len(words):
        word = words[i]
        if word.startswith("(") and len(word) > 1 and not _closes(word):
            group = [word]
            while not _closes(group[-1]):
                i += 1
                if i == len(words):
                    raise PatternError(f"unclosed group in {pattern!r}: a phrase group ends with ')'")
                group.append(words[i])
            word = _JOIN.join(group)
        pieces.append(word)
        i += 1
    return pieces


def _closes(word: str) -> bool:
    return word.endswith(")") or word.endswith(")?")


def _group_phrases(piece: str) -> list[list[str]] | None:
    """The phrases of a group piece, "(kerja bakti|gotong royong)", each as its words; None for
    any other piece."""
    if not (len(piece) > 2 and piece.startswith("(") and piece.endswith(")")):
        return None
    phrases = [alt.split(_JOIN) for alt in piece[1:-1].split("|")]
    if not all(all(phrase) for phrase in phrases):
        raise PatternError(f"empty alternative in {piece.replace(_JOIN, ' ')!r}")
    return phrases


def _check_phrases_in_alternatives(pieces: list[str]) -> None:
    """Refuse "menurut|dikutip dari|dilansir dari situs": spaces split it into positions, so it
    meant "(menurut|dikutip) (dari|dilansir) (dari|situs)". Such a pattern names one word in two
    neighbouring positions, one of them with alternatives; "dengar dengar" has none and is fine."""
    for left, right in itertools.pairwise(pieces):
        if "|" not in left and "|" not in right:
            continue
        # A group's phrases are whole by construction: only single-word positions are compared.
        words = [set() if _group_phrases(p.rstrip("?")) is not None
                 else {w for w in p.rstrip("?").split("|") if w and not w.startswith("@")} for p in (left, right)]
        shared = sorted(words[0] & words[1])
        if shared:
            raise PatternError(
                f"{shared[0]!r} is in two neighbouring positions ({left} {right}): spaces separate "
                "positions and | joins single words, so write phrases as a group, (one phrase|another), "
                "or each as its own entry")


def _merge_single_slots(alternatives: list[Sequence]) -> list[Sequence]:
    """Fold every one-slot alternative into a single slot: one lookup instead of many."""
    singles = [a[0] for a in alternatives if len(a) == 1 and isinstance(a[0], Slot)]
    rest = [a for a in alternatives if not (len(a) == 1 and isinstance(a[0], Slot))]
    merged: list[Sequence] = []
    if singles:
        exact = frozenset().union(*(s.exact for s in singles))
        stems = frozenset().union(*(s.stems for s in singles))
        merged.append((Slot(exact, stems),))
    return merged + rest


def _tidy(seq: Sequence) -> Sequence:
    """Drop gaps at the ends and join neighbouring gaps."""
    steps: list[Step] = []
    for step in seq:
        if isinstance(step, Gap) and steps and isinstance(steps[-1], Gap):
            last = steps.pop()
            assert isinstance(last, Gap)
            step = Gap(last.low + step.low, min(20, last.high + step.high))
        steps.append(step)
    while steps and isinstance(steps[0], Gap):
        steps.pop(0)
    while steps and isinstance(steps[-1], Gap):
        steps.pop()
    return tuple(steps)
