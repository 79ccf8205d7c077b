"""The token matcher against a plain reference: its shortcuts (the per-draft test that every
later slot of a sequence has a form somewhere in the draft, and deferring context owners) must
never lose or add a hit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from helper.matcher import Hit, TokenMatcher
from helper.patterns import Gap, Sequence, Slot
from helper.tokens import Token

_WORDS = ("a", "b", "c", "d", "e")
_DEFERRED_FROM = 3  # owners 0-2 are rules, 3-5 context groups


def _slot(exact: frozenset[str], stems: frozenset[str]) -> Slot:
    return Slot(exact, stems)


_slots = st.builds(_slot, st.frozensets(st.sampled_from(_WORDS), max_size=2),
                   st.frozensets(st.sampled_from(_WORDS), max_size=1)).filter(lambda s: bool(s.exact or s.stems))


@st.composite
def _sequence(draw: st.DrawFn) -> Sequence:
    steps: list[Slot | Gap] = [draw(_slots)]
    for _ in range(draw(st.integers(0, 3))):
        if draw(st.booleans()):
            low = draw(st.integers(0, 1))
            steps.append(Gap(low, low + draw(st.integers(0, 2))))
        steps.append(draw(_slots))
    return tuple(steps)


@st.composite
def _tokens(draw: st.DrawFn) -> list[Token]:
    out: list[Token] = []
    sentence = 0
    for i in range(draw(st.integers(0, 14))):
        keys = tuple(draw(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=2, unique=True)))
        if draw(st.integers(0, 5)) == 0:
            sentence += 1
        out.append(Token(i, i + 1, keys[0], keys, draw(st.sampled_from(_WORDS)), sentence, 0))
    return out


def _fills(slot: Slot, token: Token) -> bool:
    return token.stem in slot.stems or not slot.exact.isdisjoint(token.keys)


def _shortest_end(seq: Sequence, k: int, tokens: list[Token], pos: int, sentence: int) -> int | None:
    if k == len(seq):
        return pos
    step = seq[k]
    if isinstance(step, Gap):
        for skip in range(step.low, step.high + 1):
            end = _shortest_end(seq, k + 1, tokens, pos + skip, sentence)
            if end is not None and all(t.sentence == sentence for t in tokens[pos:pos + skip]):
                return end
        return None
    if pos >= len(tokens) or tokens[pos].sentence != sentence or not _fills(step, tokens[pos]):
        return None
    return _shortest_end(seq, k + 1, tokens, pos + 1, sentence)


def _reference(sequences: list[tuple[Sequence, int]], tokens: list[Token], owners: set[int]) -> list[Hit]:
    hits = []
    for i, token in enumerate(tokens):
        for seq, owner in sequences:
            if owner in owners:
                end = _shortest_end(seq, 0, tokens, i, token.sentence)
                if end is not None:
                    hits.append(Hit(owner, i, end))
    return hits


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(_sequence(), st.integers(0, 5)), min_size=1, max_size=12), _tokens(),
       st.sets(st.integers(_DEFERRED_FROM, 5)))
def test_matcher_finds_what_a_plain_walk_finds(sequences: list[tuple[Sequence, int]], tokens: list[Token],
                                               wanted: set[int]) -> None:
    matcher = TokenMatcher(sequences, deferred_from=_DEFERRED_FROM)
    matches = matcher.find(tokens)
    assert sorted(matches.hits, key=repr) == sorted(_reference(sequences, tokens, {0, 1, 2}), key=repr)
    assert sorted(matches.deferred(wanted), key=repr) == sorted(_reference(sequences, tokens, wanted), key=repr)


def test_a_sequence_whose_later_word_is_absent_is_not_walked_but_one_present_is() -> None:
    yang = Slot(frozenset({"yang"}), frozenset())
    sequences: list[tuple[Sequence, int]] = [((yang, Slot(frozenset({"kafir"}), frozenset())), 0),
                                             ((yang, Gap(0, 2), Slot(frozenset(), frozenset({"sebar"}))), 1)]
    tokens = [Token(i, i + 1, w, (w,), s, 0, 0) for i, (w, s) in
              enumerate([("yang", "yang"), ("lain", "lain"), ("menyebarkan", "sebar")])]
    assert TokenMatcher(sequences).find(tokens).hits == [Hit(1, 0, 3)]
