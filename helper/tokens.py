"""Tokens of the normalized text, each with every form a rule may match: surface, de-leeted,
standard Indonesian for slang, stem, and coarse classes (<url>, <num>, <mention>, <hashtag>)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IDX, IS_SPACE, LENGTH, LIKE_EMAIL, LIKE_NUM, LIKE_URL, ORTH
from spacy.lang.id import Indonesian, IndonesianDefaults
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
_ATTRS = [IDX, LENGTH, IS_SPACE, LIKE_URL, LIKE_NUM, LIKE_EMAIL]
# A word with letters hidden behind asterisks: anj*ng, b*ngs*t.
_MASKED = re.compile(r"[a-z*]{4,}")


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
    """A blank pipeline is only a tokenizer: nothing to download. Shared by every engine."""
    return _indonesian_tokenizer()


# Abbreviations in ASN posts whose period does not end a sentence.
_ABBREVIATIONS = (
    "kab.", "kec.", "kel.", "desa.", "jl.", "jln.", "no.", "tn.", "ny.", "nn.", "sdr.", "sdri.", "bpk.",
    "bp.", "ibu.", "yth.", "a.n.", "u.p.", "s.d.", "dkk.", "dll.", "dsb.", "dst.", "tsb.", "rp.", "prov.",
    "drg.", "dr.", "ns.", "bd.", "apt.", "skm.", "mr.", "mrs.", "ms.", "st.", "vs.", "rt.", "rw.", "hp.",
)


def _exceptions() -> dict[str, list[dict[int, str]]]:
    """Of spaCy's 15,963 Indonesian exceptions only the abbreviations (dr., dll., s.d.) stay,
    in lower case too: the text is case-folded before it is tokenized. The 15,614
    reduplications (anak-anak) cost 5 s at every start and are not needed: rule terms are cut by
    this same tokenizer, and "anak" stems alike either way. The emoticons (":)", "(:") send every
    draft through spaCy's special-case matcher, 2.6 times slower."""
    kept = {
        k: v for k, v in IndonesianDefaults.tokenizer_exceptions.items()
        if "-" not in k and any(c.isalnum() for c in k)
    }
    for key in [k for k in kept if "." in k and " " not in k]:
        kept.setdefault(key.casefold(), [{ORTH: key.casefold()}])
    for abbreviation in _ABBREVIATIONS:
        kept.setdefault(abbreviation, [{ORTH: abbreviation}])
    return kept


class _Defaults(IndonesianDefaults):
    tokenizer_exceptions = _exceptions()


class _Indonesian(Indonesian):  # type: ignore[no-untyped-call]
    Defaults = _Defaults


def _indonesian_tokenizer() -> Language:
    return _Indonesian()


class Tokenizer:
    def __init__(self, slang: Mapping[str, str], stemmer: IndonesianStemmer) -> None:
        self._nlp = _blank_indonesian()
        self._slang = slang
        self._stemmer = stemmer
        self._words_by_length: dict[int, list[str]] = {}
        self._unmask = lru_cache(maxsize=4096)(self._unmask_uncached)

    def learn_vocabulary(self, words: Iterable[str]) -> None:
        """The words rules name: what a masked token (b*ngs*t) may stand for."""
        by_length: dict[int, list[str]] = {}
        for word in set(words):
            if word.isalpha():
                by_length.setdefault(len(word), []).append(word)
        self._words_by_length = by_length
        self._unmask.cache_clear()

    def tokens(self, normalized: Normalized) -> list[Token]:
        if len(self._nlp.vocab) > _VOCAB_CAP:
            self._nlp = _indonesian_tokenizer()
        source = _cut_long_runs(normalized.text)
        doc = self._nlp.make_doc(source)
        surface = normalized.surface
        out: list[Token] = []
        sentence = 0
        # Arrays instead of spaCy Token objects: half the cost per token.
        for start, length, is_space, like_url, like_num, like_email in doc.to_array(_ATTRS).tolist():
            end = start + length
            text = source[start:end]
            if is_space:
                if "\n" in text:
                    sentence += 1
                continue
            kind = "<url>" if like_url else "<email>" if like_email else "<num>" if like_num else None
            keys = self._keys(text, surface[start:end], kind)
            norm = self._slang.get(text, text)
            stem = self._stemmer.stem(norm) if norm.isalpha() else norm
            out.append(Token(start, end, text, keys, stem, sentence))
            if text in _SENTENCE_END or source.startswith("\n", end):
                sentence += 1
        return out

    def _unmask_uncached(self, masked: str) -> tuple[str, ...]:
        letters = len(masked) - masked.count("*")
        if letters < 2 or masked.count("*") * 2 > len(masked):
            return ()
        pattern = re.compile(re.escape(masked).replace(r"\*", "[a-z]"))
        return tuple(w for w in self._words_by_length.get(len(masked), ()) if pattern.fullmatch(w))

    def term_tokens(self, term: str) -> list[str]:
        """How the tokenizer splits a rule term, so terms and texts are cut the same way."""
        return [t.text for t in self._nlp.make_doc(term) if not t.is_space]

    def _keys(self, text: str, surface: str, kind: str | None) -> tuple[str, ...]:
        keys = [text]
        if surface != text:
            keys.append(surface)
        norm = self._slang.get(text)
        if norm is not None:
            keys.append(norm)
        if "*" in text and _MASKED.fullmatch(text):
            keys.extend(self._unmask(text))
        if text[-1] == "." and len(text) > 1:  # an abbreviation: "dr." is also "dr"
            keys.append(text.rstrip("."))
        first = text[0]
        if first in "#@" and len(text) > 1:
            keys.append(text[1:])
            keys.append("<hashtag>" if first == "#" else "<mention>")
        elif kind is not None:
            keys.append(kind)
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
