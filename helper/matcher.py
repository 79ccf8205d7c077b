"""One pass over the tokens finds every pattern of every rule at once, and sets aside where
context patterns may start, so that the context pass later visits only those tokens.

Sequences are indexed by the keys and stems of their first slot, so each token costs a few
dictionary lookups however many rules there are. Common first words ("yang", "jangan") start
hundreds of sequences that fail at the second word, so those are grouped by their second slot
and a group is tried only where the following token may fill it: each distinct later slot
("need") has a bit, each token form knows the bits of the needs it fills, and one integer AND
with the next token's bits picks the groups. What it picks depends on the two words alone, so it
is kept per pair and reused by every later draft (a per-draft filter made a batch of different
drafts recompute it for every post). Sequences are walked past their second word only if every
later slot has a form somewhere in the draft (the OR of its forms' bits)."""

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
# A sequence whose second step is a slot: the sequence, its owner, the bits of its needs from
# the third step on.
_Pair = tuple[Sequence, int, int]
# Such sequences grouped by their second slot, which is tested once for the whole group.
_PairGroup = tuple[Slot, tuple[_Pair, ...]]
# What the matcher keeps of a sequence: sequence, owner, bits of its needs (from the second
# step), bit of its second step's need (0 for a gap), bits of its needs from the third step.
_Entry = tuple[Sequence, int, int, int, int]
# Pair groups kept per start form, one list per combination of second-slot needs the following
# token may fill (bounds the memory a long-running helper adds).
_BY_NEXT_CAP = 64


# Not frozen, like Token: a frozen dataclass sets each field through object.__setattr__, which
# made a hit cost 430 ns instead of 160 (hundreds per long draft). Nothing mutates a hit.
@dataclass(slots=True)
class Hit:
    owner: int  # whose pattern matched: an index the engine assigned
    start: int  # token indices, end exclusive
    end: int


class _Side:
    """The sequences of one kind of owner (rules, or context groups) that a token form may start.

    One-word sequences match at once. A sequence whose second step is a slot is tried only
    where the following token may fill that slot: every form knows the bits of the needs it
    fills, so `seconds & fills of the next token` picks the few groups worth testing, and the
    groups picked are kept per such combination. Which those are depends on the two words
    alone, not on the rest of the draft, so a batch of different drafts keeps reusing them.
    A sequence with a gap second is walked when all its needs occur somewhere in the draft."""

    __slots__ = ("_by_next", "_pairs", "gapped", "seconds", "single_set", "singles")

    def __init__(self, candidates: list[_Entry]) -> None:
        self.singles = tuple(owner for seq, owner, _, _, _ in candidates if len(seq) == 1)
        unique = frozenset(self.singles)
        self.single_set = unique if len(unique) == len(self.singles) else None
        pairs: dict[Slot, list[tuple[_Pair, int]]] = {}
        gapped: list[_Candidate] = []
        for seq, owner, mask, second_bit, rest in candidates:
            if len(seq) == 1:
                continue
            second = seq[1]
            if isinstance(second, Slot):
                pairs.setdefault(second, []).append(((seq, owner, rest), second_bit))
            else:
                gapped.append((seq, owner, mask))
        self._pairs = [(slot, tuple(p for p, _ in group), group[0][1]) for slot, group in pairs.items()]
        self.seconds = _union(bit for _, _, bit in self._pairs)
        self.gapped = tuple(gapped)
        self._by_next: dict[int, tuple[_PairGroup, ...]] | None = None  # made on first use

    def pairs_after(self, fills: int) -> tuple[_PairGroup, ...]:
        """The pair groups whose second slot a token filling `fills` (masked by seconds) may fill."""
        kept = self._by_next
        if kept is None:
            kept = self._by_next = {}
        found = kept.get(fills)
        if found is None:
            if len(kept) >= _BY_NEXT_CAP:
                kept.clear()
            found = kept[fills] = tuple((slot, group) for slot, group, bit in self._pairs if bit & fills)
        return found


class _Start:
    """What a token form may start, and which needs it fills (memoised per form)."""

    __slots__ = ("deferred", "eager", "empty", "fills", "has_deferred", "has_eager")

    def __init__(self, eager: _Side, deferred: _Side, fills: int, has_eager: bool, has_deferred: bool) -> None:
        self.eager = eager
        self.deferred = deferred
        self.has_eager = has_eager
        self.has_deferred = has_deferred
        self.empty = not has_eager and not has_deferred  # most words start nothing
        self.fills = fills


def _union(bits: Iterable[int]) -> int:
    out = 0
    for b in bits:
        out |= b
    return out


def _walk(side: _Side, i: int, tokens: list[Token], starts: list[_Start], filled: int, hits: list[Hit],
          wanted: Collection[int] | None) -> None:
    """Append the hits of the sequences of `side` that start at tokens[i] (of owners in `wanted`,
    unless None) to `hits`: one-word ones have been added by the caller."""
    seconds = side.seconds
    if seconds and i + 1 < len(tokens):
        key = seconds & starts[i + 1].fills
        if key:
            token = tokens[i]
            following = tokens[i + 1]
            sentence = token.sentence
            if following.sentence == sentence:
                stem = following.stem
                keys = following.keys
                for second, group in side.pairs_after(key):
                    if not (stem in second.stems or not second.exact.isdisjoint(keys)):
                        continue
                    for seq, owner, rest in group:
                        if wanted is not None and owner not in wanted:
                            continue
                        if len(seq) == 2:
                            hits.append(Hit(owner, i, i + 2))
                        elif rest & filled == rest:
                            end = _match_rest(seq, 2, tokens, i + 2, sentence)
                            if end is not None:
                                hits.append(Hit(owner, i, end))
    for seq, owner, mask in side.gapped:
        if (wanted is None or owner in wanted) and mask & filled == mask:
            end = _match_rest(seq, 1, tokens, i + 1, tokens[i].sentence)
            if end is not None:
                hits.append(Hit(owner, i, end))


class Matches:
    """The hits of the eager owners, and where the deferred owners' sequences may start."""

    __slots__ = ("_filled", "_later", "_starts", "_tokens", "hits")

    def __init__(self, hits: list[Hit], tokens: list[Token], starts: list[_Start], later: list[int],
                 filled: int) -> None:
        self.hits = hits
        self._tokens = tokens
        self._starts = starts
        self._later = later
        self._filled = filled

    def deferred(self, wanted: Collection[int]) -> list[Hit]:
        """Every match of the deferred owners in `wanted`."""
        tokens = self._tokens
        starts = self._starts
        filled = self._filled
        wanted = wanted if isinstance(wanted, set | frozenset) else set(wanted)
        hits: list[Hit] = []
        for i in self._later:
            side = starts[i].deferred
            if side.singles:  # most context patterns are one word: no walk
                if side.single_set is not None:
                    for owner in side.single_set & wanted:
                        hits.append(Hit(owner, i, i + 1))
                else:  # an owner with two equal one-word sequences: a hit for each, as walked
                    for owner in side.singles:
                        if owner in wanted:
                            hits.append(Hit(owner, i, i + 1))
            if side.seconds or side.gapped:
                _walk(side, i, tokens, starts, filled, hits, wanted)
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
        self._entries: list[_Entry] = []
        for seq, owner in sequences:
            first = seq[0]
            assert isinstance(first, Slot), "compiled sequences start with a slot"
            bits = [0] * len(seq)  # the bit of each later slot's need
            for k, step in enumerate(seq[1:], 1):
                if isinstance(step, Slot):
                    need = step.exact | step.stems
                    if need not in need_ids:
                        need_ids[need] = len(need_ids)
                        for form in need:
                            self._need_bits[form] = self._need_bits.get(form, 0) | 1 << need_ids[need]
                    bits[k] = 1 << need_ids[need]
            mask = _union(bits)
            index = len(self._sequences)
            self._sequences.append((seq, owner, mask))
            second_bit = bits[1] if len(seq) > 1 else 0
            self._entries.append((seq, owner, mask, second_bit, _union(bits[2:])))
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
        candidates = [self._entries[i] for i in sorted(found)]
        limit = self._deferred_from
        eager = [c for c in candidates if c[1] < limit]
        deferred = [c for c in candidates if c[1] >= limit]
        if len(self._memo) >= _MEMO_CAP:
            self._memo.clear()
        start = self._memo[form] = _Start(_Side(eager), _Side(deferred), fills, bool(eager), bool(deferred))
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
        later: list[int] = []
        for i, start in enumerate(starts):
            if start.empty:
                continue
            if start.has_deferred:
                later.append(i)
            if not start.has_eager:
                continue
            side = start.eager
            for owner in side.singles:
                hits.append(Hit(owner, i, i + 1))
            if side.seconds or side.gapped:
                _walk(side, i, tokens, starts, filled, hits, None)
        return Matches(hits, tokens, starts, later, filled)


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
