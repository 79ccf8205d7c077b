"""One pass over the tokens finds every pattern of every rule at once, and sets aside where
context patterns may start, so that the context pass later visits only those tokens.

Sequences are indexed by the keys and stems of their first slot, so each token costs a few
dictionary lookups however many rules there are. A sequence whose first slot matched is followed
further only if every later slot has a form that occurs somewhere in the draft: common first
words ("yang", "jangan") would otherwise start hundreds of walks that fail at the second word.
That test is one integer AND per candidate: each distinct later slot ("need") has a bit, each
token form knows the bits of the needs it fills, and a draft's filled needs are the OR of its
forms' bits.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from helper.patterns import Gap, Sequence, Slot
from helper.tokens import Token

# Distinct token forms seen by one matcher; past this the memo starts afresh (a helper runs for
# months and sees an open-ended vocabulary).
_MEMO_CAP = 200_000

# A sequence that may start at a token: the sequence, its owner, the bits of its needs.
_Candidate = tuple[Sequence, int, int]
_Form = tuple[tuple[str, ...], str]  # a token's keys and stem
# Filtered candidate lists kept per token form (bounds the memory a long-running helper adds).
_VIABLE_CAP = 16


# Not frozen, like Token: a frozen dataclass sets each field through object.__setattr__, which
# made a hit cost 430 ns instead of 160 (hundreds per long draft). Nothing mutates a hit.
@dataclass(slots=True)
class Hit:
    owner: int  # whose pattern matched: an index the engine assigned
    start: int  # token indices, end exclusive
    end: int


class _Start:
    """What a token form may start, and which needs it fills (memoised per form).

    Which of its candidates a draft makes possible depends only on which of their needs the
    draft fills (and, for context owners, which are wanted), and drafts repeat those few
    combinations; so the filtered lists are kept per combination, up to _VIABLE_CAP of them."""

    __slots__ = ("_deferred_by_key", "_eager_by_fill", "deferred", "deferred_needs", "deferred_owners",
                 "eager", "eager_needs", "empty", "fills")

    def __init__(self, eager: tuple[_Candidate, ...], deferred: tuple[_Candidate, ...], fills: int,
                 deferred_from: int) -> None:
        self.eager = eager
        self.deferred = deferred
        self.empty = not eager and not deferred  # most words start nothing
        self.fills = fills
        self.eager_needs = _union(c[2] for c in eager)
        self.deferred_needs = _union(c[2] for c in deferred)
        self.deferred_owners = _union(1 << (c[1] - deferred_from) for c in deferred)
        # Made on first use: most forms start nothing and never ask.
        self._eager_by_fill: dict[int, list[_Candidate]] | None = None
        self._deferred_by_key: dict[tuple[int, int], list[_Candidate]] | None = None

    def viable_eager(self, filled: int) -> list[_Candidate]:
        """The eager candidates all of whose needs are in `filled`."""
        key = filled & self.eager_needs
        kept = self._eager_by_fill
        if kept is None:
            kept = self._eager_by_fill = {}
        found = kept.get(key)
        if found is None:
            if len(kept) >= _VIABLE_CAP:
                kept.clear()
            found = kept[key] = [c for c in self.eager if c[2] & key == c[2]]
        return found

    def viable_deferred(self, filled: int, wanted: int, deferred_from: int) -> list[_Candidate]:
        """The deferred candidates of wanted owners (bits from deferred_from) with every need filled."""
        key = (filled & self.deferred_needs, wanted & self.deferred_owners)
        kept = self._deferred_by_key
        if kept is None:
            kept = self._deferred_by_key = {}
        found = kept.get(key)
        if found is None:
            if len(kept) >= _VIABLE_CAP:
                kept.clear()
            fill, owners = key
            found = kept[key] = [
                c for c in self.deferred if c[2] & fill == c[2] and owners >> (c[1] - deferred_from) & 1]
        return found


def _union(bits: Iterable[int]) -> int:
    out = 0
    for b in bits:
        out |= b
    return out


class Matches:
    """The hits of the eager owners, and where the deferred owners' sequences may start."""

    __slots__ = ("_deferred_from", "_filled", "_later", "_tokens", "hits")

    def __init__(self, hits: list[Hit], tokens: list[Token], later: list[tuple[int, _Start]], filled: int,
                 deferred_from: int) -> None:
        self.hits = hits
        self._tokens = tokens
        self._later = later
        self._filled = filled
        self._deferred_from = deferred_from

    def deferred(self, wanted: Collection[int]) -> list[Hit]:
        """Every match of the deferred owners in `wanted`."""
        tokens = self._tokens
        filled = self._filled
        first = self._deferred_from
        wanted_bits = _union(1 << (owner - first) for owner in wanted if owner >= first)
        hits: list[Hit] = []
        viable_by_start: dict[_Start, list[_Candidate]] = {}
        for i, start in self._later:
            viable = viable_by_start.get(start)
            if viable is None:
                viable = viable_by_start[start] = start.viable_deferred(filled, wanted_bits, first)
            for seq, owner, _ in viable:
                if len(seq) == 1:  # most context patterns are one word: no walk
                    hits.append(Hit(owner, i, i + 1))
                    continue
                end = _match_at(seq, tokens, i)
                if end is not None:
                    hits.append(Hit(owner, i, end))
        return hits


class TokenMatcher:
    def __init__(self, sequences: Iterable[tuple[Sequence, int]], deferred_from: int | None = None) -> None:
        """Owners from `deferred_from` on are matched only when Matches.deferred asks for them."""
        sequences = list(sequences)
        if deferred_from is None:  # nothing deferred
            deferred_from = 1 + max((owner for _, owner in sequences), default=0)
        self._deferred_from = deferred_from
        self._sequences: list[_Candidate] = []
        self._by_key: dict[str, list[int]] = {}
        self._by_stem: dict[str, list[int]] = {}
        need_ids: dict[frozenset[str], int] = {}
        self._need_bits: dict[str, int] = {}  # form -> bits of the needs it fills
        for seq, owner in sequences:
            first = seq[0]
            assert isinstance(first, Slot), "compiled sequences start with a slot"
            mask = 0
            for step in seq[1:]:
                if isinstance(step, Slot):
                    need = step.exact | step.stems
                    if need not in need_ids:
                        need_ids[need] = len(need_ids)
                        for form in need:
                            self._need_bits[form] = self._need_bits.get(form, 0) | 1 << need_ids[need]
                    mask |= 1 << need_ids[need]
            index = len(self._sequences)
            self._sequences.append((seq, owner, mask))
            for key in first.exact:
                self._by_key.setdefault(key, []).append(index)
            for stem in first.stems:
                self._by_stem.setdefault(stem, []).append(index)
        self._memo: dict[_Form, _Start] = {}

    def _start(self, form: _Form) -> _Start:
        keys, stem = form
        found: set[int] = set()
        fills = self._need_bits.get(stem, 0)
        for key in keys:
            found.update(self._by_key.get(key, ()))
            fills |= self._need_bits.get(key, 0)
        found.update(self._by_stem.get(stem, ()))
        candidates = [self._sequences[i] for i in sorted(found)]
        limit = self._deferred_from
        eager = tuple(c for c in candidates if c[1] < limit)
        deferred = tuple(c for c in candidates if c[1] >= limit)
        if len(self._memo) >= _MEMO_CAP:
            self._memo.clear()
        start = self._memo[form] = _Start(eager, deferred, fills, limit)
        return start

    def find(self, tokens: list[Token]) -> Matches:
        memo = self._memo
        starts: list[_Start] = []
        by_form: dict[_Form, _Start] = {}
        for token in tokens:
            form = (token.keys, token.stem)
            start = by_form.get(form)
            if start is None:
                start = memo.get(form)
                if start is None:
                    start = self._start(form)
                by_form[form] = start
            starts.append(start)
        filled = 0
        for start in by_form.values():
            if start.fills:
                filled |= start.fills
        hits: list[Hit] = []
        later: list[tuple[int, _Start]] = []
        # The candidates of a form that are possible in this draft at all: a draft repeats its
        # words ("yang", "di"), and each of their candidates would be tested again at every one.
        viable_by_start: dict[_Start, list[_Candidate]] = {}
        last = len(tokens) - 1
        for i, start in enumerate(starts):
            if start.empty:
                continue
            if start.deferred:
                later.append((i, start))
            if not start.eager:
                continue
            eager = viable_by_start.get(start)
            if eager is None:
                eager = viable_by_start[start] = start.viable_eager(filled)
            for seq, owner, _ in eager:
                if len(seq) == 1:
                    hits.append(Hit(owner, i, i + 1))
                    continue
                second = seq[1]
                if second.__class__ is Slot:
                    # The second word, tested here: most walks end at it, and a call costs
                    # more than the test.
                    if i == last:
                        continue
                    token = tokens[i]
                    following = tokens[i + 1]
                    if following.sentence != token.sentence or not (
                            following.stem in second.stems
                            or not second.exact.isdisjoint(following.keys)):
                        continue
                    if len(seq) == 2:
                        hits.append(Hit(owner, i, i + 2))
                        continue
                    end = _match_rest(seq, 2, tokens, i + 2, token.sentence)
                else:
                    end = _match_rest(seq, 1, tokens, i + 1, tokens[i].sentence)
                if end is not None:
                    hits.append(Hit(owner, i, end))
        return Matches(hits, tokens, later, filled, self._deferred_from)


def _match_at(seq: Sequence, tokens: list[Token], i: int) -> int | None:
    """The end of the shortest match of a sequence whose first slot tokens[i] fills, or None."""
    if len(seq) == 1:
        return i + 1
    second = seq[1]
    if not isinstance(second, Slot):
        return _match_rest(seq, 1, tokens, i + 1, tokens[i].sentence)
    # The second word, tested here: most walks end at it, and a call costs more than the test.
    if i + 1 == len(tokens):
        return None
    following = tokens[i + 1]
    sentence = tokens[i].sentence
    if following.sentence != sentence or not (
            following.stem in second.stems or not second.exact.isdisjoint(following.keys)):
        return None
    if len(seq) == 2:
        return i + 2
    return _match_rest(seq, 2, tokens, i + 2, sentence)


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
