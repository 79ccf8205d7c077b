"""Tokens of the normalized text, each with every form a rule may match: surface, de-leeted,
standard Indonesian for slang, stem, and coarse classes (<url>, <num>, <mention>, <hashtag>)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import spacy
from spacy.language import Language

from helper.normalize import Normalized
from helper.stemmer import IndonesianStemmer

_SENTENCE_END = frozenset({".", "!", "?", "…"})
# spaCy splits one long run without spaces in quadratic time (20,000 emoji: a minute). No word
# of a rule is this long, so such a run is cut into pieces by blanking one character in each.
_LONG_RUN = 256
_LONG_RUN_RE = re.compile(rf"\S{{{_LONG_RUN + 1},}}")
# spaCy remembers every string it has seen; a helper that runs for months starts afresh past this.
_VOCAB_CAP = 500_000


@dataclass(frozen=True, slots=True)
class Token:
    start: int  # offsets into the normalized text
    end: int
    text: str
    keys: tuple[str, ...]  # exact forms to look up
    stem: str
    sentence: int


@lru_cache(maxsize=1)
def _blank_indonesian() -> Language:
    # A blank pipeline is only a tokenizer: nothing to download, ~10 µs per tweet. Shared by
    # every engine: it holds no state that rules change.
    return spacy.blank("id")


class Tokenizer:
    def __init__(self, slang: Mapping[str, str], stemmer: IndonesianStemmer) -> None:
        self._nlp = _blank_indonesian()
        self._slang = slang
        self._stemmer = stemmer

    def tokens(self, normalized: Normalized) -> list[Token]:
        if len(self._nlp.vocab) > _VOCAB_CAP:
            self._nlp = spacy.blank("id")
        doc = self._nlp.make_doc(_cut_long_runs(normalized.text))
        surface = normalized.surface
        out: list[Token] = []
        sentence = 0
        for tok in doc:
            text = tok.text
            if tok.is_space:
                if "\n" in text:
                    sentence += 1
                continue
            start = tok.idx
            end = start + len(text)
            keys = self._keys(tok, text, surface[start:end])
            norm = self._slang.get(text, text)
            stem = self._stemmer.stem(norm) if norm.isalpha() else norm
            out.append(Token(start, end, text, keys, stem, sentence))
            if text in _SENTENCE_END or "\n" in tok.whitespace_:
                sentence += 1
        return out

    def term_tokens(self, term: str) -> list[str]:
        """How the tokenizer splits a rule term, so terms and texts are cut the same way."""
        return [t.text for t in self._nlp.make_doc(term) if not t.is_space]

    def _keys(self, tok: spacy.tokens.Token, text: str, surface: str) -> tuple[str, ...]:
        keys = [text]
        if surface != text:
            keys.append(surface)
        norm = self._slang.get(text)
        if norm is not None:
            keys.append(norm)
        first = text[0]
        if first in "#@" and len(text) > 1:
            keys.append(text[1:])
            keys.append("<hashtag>" if first == "#" else "<mention>")
        elif tok.like_url:
            keys.append("<url>")
        elif tok.like_email:
            keys.append("<email>")
        elif tok.like_num:
            keys.append("<num>")
        return tuple(keys)


def _cut_long_runs(text: str) -> str:
    """The same text, same length, with a space every _LONG_RUN characters of a very long run."""
    if len(text) <= _LONG_RUN or not _LONG_RUN_RE.search(text):
        return text
    chars = list(text)
    for match in _LONG_RUN_RE.finditer(text):
        for i in range(match.start() + _LONG_RUN, match.end(), _LONG_RUN):
            chars[i] = " "
    return "".join(chars)
