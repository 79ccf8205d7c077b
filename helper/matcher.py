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

import functools
import operator
from collections.abc import Collection, Hashable, Iterable
from dataclasses import dataclass
from typing import cast

from helper.patterns import Gap, Sequence, Slot
from helper.tokens import Token, Tokens

# Distinct token forms seen by one matcher; past this the memo starts afresh (a helper runs for
# months and sees an open-ended vocabulary).
_MEMO_CAP = 200_000

# A sequence that may start at a token: the sequence, its owner, the bits of its needs.
_Candidate = tuple[Sequence, int, int]
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

    __slots__ = ("_by_fill", "_by_next", "_pairs", "gapped", "gapped_needs", "gapped_owners", "pair_owners",
                 "seconds", "single_set", "singles")

    def __init__(self, candidates: list[_Entry]) -> None:
        self.singles = tuple(owner for seq, owner, _, _, _ in candidates if len(seq) == 1)
        unique = frozenset(self.singles)
        self.single_set = unique if len(unique) == len(self.singles) else None
        pairs: dict[Slot, list[tuple[_Pair, int]]] = {}
        gapped: dict[int, list[tuple[Sequence, int]]] = {}  # by the bits of their needs
        for seq, owner, mask, second_bit, rest in candidates:
            if len(seq) == 1:
                continue
            second = seq[1]
            if isinstance(second, Slot):
                pairs.setdefault(second, []).append(((seq, owner, rest), second_bit))
            else:
                gapped.setdefault(mask, []).append((seq, owner))
        self._pairs = [(slot, tuple(p for p, _ in group), group[0][1]) for slot, group in pairs.items()]
        self.seconds = _union(bit for _, _, bit in self._pairs)
        self.pair_owners = frozenset(owner for _, group, _ in self._pairs for _, owner, _ in group)
        self.gapped = tuple((mask, tuple(group)) for mask, group in gapped.items())
        self.gapped_owners = frozenset(owner for _, group in self.gapped for _, owner in group)
        self.gapped_needs = _union(mask for mask, _ in self.gapped)
        self._by_fill: dict[int, tuple[tuple[Sequence, int], ...]] | None = None  # made on first use
        self._by_next: dict[int, tuple[_PairGroup, ...]] | None = None  # made on first use

    def gapped_with(self, filled: int) -> tuple[tuple[Sequence, int], ...]:
        """The sequences with a gap second all of whose needs are in `filled` (masked by
        gapped_needs): a side's gapped sequences need few forms, so drafts repeat these keys."""
        kept = self._by_fill
        if kept is None:
            kept = self._by_fill = {}
        found = kept.get(filled)
        if found is None:
            if len(kept) >= _BY_NEXT_CAP:
                kept.clear()
            found = kept[filled] = tuple(c for mask, group in self.gapped if mask & filled == mask for c in group)
        return found

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


_FILLS = operator.attrgetter("fills")


def _union(bits: Iterable[int]) -> int:
    out = 0
    for b in bits:
        out |= b
    return out


def _pairs_at(side: _Side, key: int, i: int, tokens: Tokens, filled: int, hits: list[Hit],
              wanted: Collection[int] | None) -> None:
    """Append the hits of the sequences of `side` with a slot second that start at token i
    (of owners in `wanted`, unless None); `key`: the second-slot needs the next token may fill."""
    sentence = tokens.sentence[i]
    if tokens.sentence[i + 1] != sentence:
        return
    stem = tokens.stem[i + 1]
    keys = tokens.keys[i + 1]
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


def _gapped_at(side: _Side, i: int, tokens: Tokens, filled: int, hits: list[Hit],
               wanted: Collection[int] | None) -> None:
    """The same for the sequences of `side` with a gap second: walked when the draft has a form
    for each of their later slots."""
    sentence = tokens.sentence[i]
    for seq, owner in side.gapped_with(filled & side.gapped_needs):
        if wanted is None or owner in wanted:
            end = _match_rest(seq, 1, tokens, i + 1, sentence)
            if end is not None:
                hits.append(Hit(owner, i, end))


class Matches:
    """The hits of the eager owners, and where the deferred owners' sequences may start."""

    __slots__ = ("_filled", "_later", "_starts", "_tokens", "hits")

    def __init__(self, hits: list[Hit], tokens: Tokens, starts: list[_Start], later: list[int],
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
        last = len(tokens) - 1
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
            if side.seconds and i != last and not side.pair_owners.isdisjoint(wanted):
                key = side.seconds & starts[i + 1].fills
                if key:
                    _pairs_at(side, key, i, tokens, filled, hits, wanted)
            if side.gapped and not side.gapped_owners.isdisjoint(wanted):
                _gapped_at(side, i, tokens, filled, hits, wanted)
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
        self._memo: dict[Hashable, _Start] = {}  # by a token's form (Tokens.forms)

    def _start(self, keys: tuple[str, ...], stem: str, form: Hashable) -> _Start:
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

    def find(self, tokens: Tokens | list[Token]) -> Matches:
        if isinstance(tokens, list):
            tokens = Tokens.of(tokens)
        memo = self._memo
        forms = tokens.forms
        looked_up = list(map(memo.get, forms))
        if None in looked_up:
            for i, found in enumerate(looked_up):
                if found is None:
                    found = memo.get(forms[i])
                    looked_up[i] = found if found is not None else self._start(tokens.keys[i], tokens.stem[i], forms[i])
        starts = cast(list[_Start], looked_up)
        filled = functools.reduce(operator.or_, map(_FILLS, set(starts)), 0)
        hits: list[Hit] = []
        later: list[int] = []
        last = len(tokens) - 1
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
            if side.seconds and i != last:
                key = side.seconds & starts[i + 1].fills
                if key:
                    _pairs_at(side, key, i, tokens, filled, hits, None)
            if side.gapped:
                _gapped_at(side, i, tokens, filled, hits, None)
        return Matches(hits, tokens, starts, later, filled)


def _match_rest(seq: Sequence, k: int, tokens: Tokens, pos: int, sentence: int) -> int | None:
    """The end of the shortest match of seq[k:] starting at token pos, or None.

    This runs for every candidate of every token: slot tests are written out inline and
    consecutive slots are walked in a loop; only a gap recurses."""
    sentences = tokens.sentence
    stems = tokens.stem
    keys = tokens.keys
    n = len(sentences)
    length = len(seq)
    while k < length:
        step = seq[k]
        if step.__class__ is Gap:
            following = seq[k + 1]
            assert isinstance(step, Gap) and isinstance(following, Slot)
            for j in range(pos + step.low, min(pos + step.high, n - 1) + 1):
                if sentences[j] != sentence:
                    return None
                if stems[j] in following.stems or not following.exact.isdisjoint(keys[j]):
                    end = _match_rest(seq, k + 2, tokens, j + 1, sentence)
                    if end is not None:
                        return end
            return None
        assert isinstance(step, Slot)
        if pos >= n:
            return None
        if sentences[pos] != sentence or not (stems[pos] in step.stems or not step.exact.isdisjoint(keys[pos])):
            return None
        k += 1
        pos += 1
    return pos
