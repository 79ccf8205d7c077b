"""The tokenizer builds its columns a whole list at a time; a plain token-by-token walk (how it
was written before) must give the same tokens: offsets, keys, stems, sentences, paragraphs."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from helper.engine import Engine
from helper.normalize import normalize
from helper.tokens import _ABBREVIATION_SET, _SENTENCE_END, _SPACE, Token, Tokenizer, _cut_long_runs

PIECES = st.sampled_from([
    "dr", "Dr.", ".", "..", " ", "  ", "\n", "\n\n", " \n", "\t", "a.n.", "s.d", "dll", "kab", "no", "rt",
    "yang", "sebarin", "b4ngs4t", "h0ax", "anj*ng", "!", "?", "…", ",", "#tag", "@user", "http://x.id/a",
    "12.000", "rp", "😀", "e\u0301", "ok", "-", "'", "x" * 300, "$ultan", "s€rbu", "b@ngsat", "t0l0l!", "4njing",
    "k4t4ny4", "covid19", "|",
])
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=40).map("".join)


def _walk(tokenizer: Tokenizer, text: str) -> list[Token]:
    normalized = normalize(text)
    source = _cut_long_runs(normalized.text)
    surface = normalized.surface
    plain = surface is normalized.text
    sentence = paragraph = 0
    out: list[Token] = []
    for spacy_token in tokenizer._nlp.make_doc(source):
        first = spacy_token.idx
        last = first + len(spacy_token.text)
        text = spacy_token.text
        kind, keys, stem, special = tokenizer._word(text)
        if kind is _SPACE:
            if "\n" in text:
                sentence += 1
                if text.count("\n") > 1:
                    paragraph += 1
            continue
        if not plain and surface[first:last] != text:
            keys, stem = tokenizer._forms_of(text, surface[first:last], kind)
        if text == "." and out and out[-1].end == first and out[-1].text + "." in _ABBREVIATION_SET:
            previous = out[-1]
            text = previous.text + "."
            keys, stem = tokenizer._forms_of(text, surface[previous.start:last], None)
            out[-1] = Token(previous.start, last, text, keys, stem, previous.sentence, previous.paragraph)
        else:
            out.append(Token(first, last, text, keys, stem, sentence, paragraph))
        if (special and text in _SENTENCE_END) or source.startswith("\n", last):
            sentence += 1
    return out


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS)
def test_columns_are_the_tokens_of_a_plain_walk(engine: Engine, text: str) -> None:
    assert engine.tokenizer.tokens(normalize(text)) == _walk(engine.tokenizer, text)
