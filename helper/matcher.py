"""One pass over the tokens finds every pattern of every rule and context at once.

Sequences are indexed by the keys and stems of their first slot, so each token costs a few
dictionary lookups however many rules there are. A sequence whose first slot matched is followed
further only if every later slot has a form that occurs somewhere in the draft: common first
words ("yang", "jangan") would otherwise start hundreds of walks that fail at the second word.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from helper.patterns import Gap, Sequence, Slot
from helper.tokens import Token

# Distinct token forms seen by one matcher; past this the memo starts afresh (a helper runs for
# months and sees an open-ended vocabulary).
_MEMO_CAP = 200_000


@dataclass(frozen=True, slots=True)
class Hit:
    owner: int  # whose pattern matched: an index the engine assigned
    start: int  # token indices, end exclusive
    end: int


def forms_of(tokens: Iterable[Token]) -> set[str]:
    """Every key and stem of a draft's tokens: what a later slot of a sequence may need."""
    present: set[str] = set()
    for token in tokens:
        present.update(token.keys)
        present.add(token.stem)
    return present


class TokenMatcher:
    def __init__(self, sequences: Iterable[tuple[Sequence, int]]) -> None:
        self._sequences: list[tuple[Sequence, int, tuple[frozenset[str], ...]]] = []
        by_key: defaultdict[str, list[int]] = defaultdict(list)
        by_stem: defaultdict[str, list[int]] = defaultdict(list)
        for seq, owner in sequences:
            first = seq[0]
            assert isinstance(first, Slot), "compiled sequences start with a slot"
            index = len(self._sequences)
            # Fewest forms first: the slot most likely to be absent is tested first.
            needs = sorted((s.exact | s.stems for s in seq[1:] if isinstance(s, Slot)), key=len)
            self._sequences.append((seq, owner, tuple(needs)))
            for key in first.exact:
                by_key[key].append(index)
            for stem in first.stems:
                by_stem[stem].append(index)
        self._by_key = dict(by_key)
        self._by_stem = dict(by_stem)
        self._memo: dict[tuple[tuple[str, ...], str], tuple[int, ...]] = {}

    def _starting_with(self, keys: tuple[str, ...], stem: str) -> tuple[int, ...]:
        """The sequences whose first slot a token with these forms fills (memoised per form)."""
        found: set[int] = set()
        for key in keys:
            found.update(self._by_key.get(key, ()))
        found.update(self._by_stem.get(stem, ()))
        if len(self._memo) >= _MEMO_CAP:
            self._memo.clear()
        result = self._memo[keys, stem] = tuple(sorted(found))
        return result

    def find(self, tokens: list[Token], wanted: Collection[int] | None = None,
             present: Collection[str] | None = None) -> list[Hit]:
        """Every match, or only those of the `wanted` owners. `present` is forms_of(tokens),
        passed in when the caller has it already."""
        if present is None:
            present = forms_of(tokens)
        hits: list[Hit] = []
        memo = self._memo
        sequences = self._sequences
        # The sequences a token form may start that are possible in this draft at all: a
        # draft repeats its words ("yang", "di"), and each of their candidates would be
        # checked against `present` again at every occurrence.
        viable_by_form: dict[tuple[tuple[str, ...], str], list[tuple[Sequence, int]]] = {}
        last = len(tokens) - 1
        for i, token in enumerate(tokens):
            form = (token.keys, token.stem)
            viable = viable_by_form.get(form)
            if viable is None:
                candidates = memo.get(form)
                if candidates is None:
                    candidates = self._starting_with(token.keys, token.stem)
                viable = viable_by_form[form] = []
                for index in candidates:
                    seq, owner, needs = sequences[index]
                    if wanted is not None and owner not in wanted:
                        continue
                    for need in needs:
                        if need.isdisjoint(present):
                            break
                    else:
                        viable.append((seq, owner))
            for seq, owner in viable:
                if len(seq) == 1:
                    hits.append(Hit(owner, i, i + 1))
                    continue
                second = seq[1]
                if second.__class__ is Slot:
                    # The second word, tested here: most walks end at it, and a call costs
                    # more than the test.
                    if i == last:
                        continue
                    following = tokens[i + 1]
                    if following.sentence != token.sentence or not (
                            following.stem in second.stems or not second.exact.isdisjoint(following.keys)):
                        continue
                    if len(seq) == 2:
                        hits.append(Hit(owner, i, i + 2))
                        continue
                    end = _match_rest(seq, 2, tokens, i + 2, token.sentence)
                else:
                    end = _match_rest(seq, 1, tokens, i + 1, token.sentence)
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
