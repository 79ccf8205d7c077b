"""One pass over the tokens finds every pattern of every rule and context at once.

Sequences are indexed by the keys and stems of their first slot, so each token costs a few
dictionary lookups however many rules there are; only sequences whose first slot matched are
followed further.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from helper.patterns import Gap, Sequence, Slot
from helper.tokens import Token


@dataclass(frozen=True, slots=True)
class Hit:
    owner: int  # whose pattern matched: an index the engine assigned
    start: int  # token indices, end exclusive
    end: int


class TokenMatcher:
    def __init__(self, sequences: Iterable[tuple[Sequence, int]]) -> None:
        self._sequences: list[tuple[Sequence, int]] = []
        by_key: defaultdict[str, list[int]] = defaultdict(list)
        by_stem: defaultdict[str, list[int]] = defaultdict(list)
        for seq, owner in sequences:
            first = seq[0]
            assert isinstance(first, Slot), "compiled sequences start with a slot"
            index = len(self._sequences)
            self._sequences.append((seq, owner))
            for key in first.exact:
                by_key[key].append(index)
            for stem in first.stems:
                by_stem[stem].append(index)
        self._by_key = dict(by_key)
        self._by_stem = dict(by_stem)

    def find(self, tokens: list[Token], wanted: Collection[int] | None = None) -> list[Hit]:
        """Every match, or only those of the `wanted` owners."""
        hits: list[Hit] = []
        by_key = self._by_key
        by_stem = self._by_stem
        sequences = self._sequences
        for i, token in enumerate(tokens):
            candidates: set[int] = set()
            for key in token.keys:
                found = by_key.get(key)
                if found:
                    candidates.update(found)
            found = by_stem.get(token.stem)
            if found:
                candidates.update(found)
            for index in candidates:
                seq, owner = sequences[index]
                if wanted is not None and owner not in wanted:
                    continue
                end = i + 1 if len(seq) == 1 else _match_rest(seq, 1, tokens, i + 1, token.sentence)
                if end is not None:
                    hits.append(Hit(owner, i, end))
        return hits


def _match_rest(seq: Sequence, k: int, tokens: list[Token], pos: int, sentence: int) -> int | None:
    """The end of the shortest match of seq[k:] starting at tokens[pos], or None.

    This runs for every candidate of every token: slot tests are written out inline and
    consecutive slots are walked in a loop; only a gap recurses."""
    n = len(tokens)
    length = len(seq)
    while k < length:
        step = seq[k]
        if step.__class__ is Gap:
            following = seq[k + 1]
            assert isinstance(step, Gap) and isinstance(following, Slot)
            for j in range(pos + step.low, min(pos + step.high, n - 1) + 1):
                token = tokens[j]
                if token.sentence != sentence:
                    return None
                if token.stem in following.stems or not following.exact.isdisjoint(token.keys):
                    end = _match_rest(seq, k + 2, tokens, j + 1, sentence)
                    if end is not None:
                        return end
            return None
        assert isinstance(step, Slot)
        if pos >= n:
            return None
        token = tokens[pos]
        if token.sentence != sentence or not (token.stem in step.stems or not step.exact.isdisjoint(token.keys)):
            return None
        k += 1
        pos += 1
    return pos
