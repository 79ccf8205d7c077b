"""Tokens of the normalized text, each with every form a rule may match: surface, de-leeted,
standard Indonesian for slang, stem, and coarse classes (<url>, <num>, <mention>, <hashtag>)."""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from spacy.attrs import IDX, SPACY
from spacy.lang.id import Indonesian, IndonesianDefaults
from spacy.language import Language

from helper.normalize import Normalized
from helper.stemmer import IndonesianStemmer, StemReach

_SENTENCE_END = frozenset({".", "!", "?", "…"})
# spaCy splits one long run without spaces in quadratic time (20,000 emoji: a minute). No word
# of a rule is this long, so such a run is cut into pieces by blanking one character in each.
_LONG_RUN = 256
_LONG_RUN_RE = re.compile(rf"\S{{{_LONG_RUN + 1},}}")
# spaCy remembers every string it has seen; a helper that runs for months starts afresh past this.
_VOCAB_CAP = 500_000
_FORMS_CAP = 200_000
_ATTRS = [IDX, SPACY]  # start offset, and whether one space follows
_SPACE = "<space>"  # the class of a whitespace token
# A word with letters hidden behind asterisks: anj*ng, b*ngs*t.
_MASKED = re.compile(r"[a-z*]{4,}")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made building
# tokens a third of the cost of a check. Nothing mutates a token.
@dataclass(slots=True)
class Token:
    start: int  # offsets into the normalized text
    end: int
    text: str
    keys: tuple[str, ...]  # exact forms to look up
    stem: str  # its stem where that may be one a rule names (Tokenizer.learn_stems), else its word
    sentence: int
    paragraph: int  # paragraphs are separated by a blank line


# What a token's text alone says: its class, keys and stem, and whether it is whitespace or
# may end a sentence. Equal records stand for equal forms, so a record is also what the matcher
# remembers a form by.
_Record = tuple[str | None, tuple[str, ...], str, bool]
_KEYS = operator.itemgetter(1)
_STEMS = operator.itemgetter(2)
_SPECIAL = operator.itemgetter(3)
# Every character normalization may read as a letter (helper/normalize.py: _LEET, and "$"):
# where the text differs from what was typed, what was typed has one of these.
_READ_AS_LETTER = re.compile(r"[0-9@$!|€¢]")


@dataclass(slots=True)
class Tokens:
    """A draft's tokens as columns, one list per attribute of Token: the engine reads them by
    index. Building one Token object per token, and reading it back, cost more than spaCy's
    tokenizing."""

    start: list[int]
    end: list[int]
    text: list[str]
    keys: list[tuple[str, ...]]
    stem: list[str]
    sentence: list[int]
    paragraph: list[int]
    forms: list[Hashable]  # one per token, equal only where keys and stem are equal

    def __len__(self) -> int:
        return len(self.start)

    def as_list(self) -> list[Token]:
        return list(map(Token, self.start, self.end, self.text, self.keys, self.stem, self.sentence, self.paragraph))

    @classmethod
    def of(cls, tokens: list[Token]) -> Tokens:
        keys = [t.keys for t in tokens]
        stems = [t.stem for t in tokens]
        return cls([t.start for t in tokens], [t.end for t in tokens], [t.text for t in tokens], keys, stems,
                   [t.sentence for t in tokens], [t.paragraph for t in tokens], list(zip(keys, stems, strict=True)))


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


def _abbreviation_set() -> frozenset[str]:
    """spaCy's Indonesian abbreviations (dr., dll., s.d.) and ours, in lower case: the text is
    case-folded before it is tokenized."""
    spacy_ones = {
        k.casefold() for k in IndonesianDefaults.tokenizer_exceptions
        if k.endswith(".") and " " not in k and "-" not in k and any(c.isalnum() for c in k)
    }
    return frozenset(spacy_ones | set(_ABBREVIATIONS))


_ABBREVIATION_SET = _abbreviation_set()


class _Defaults(IndonesianDefaults):
    # No special cases at all. spaCy stops caching a draft's words after the draft's first
    # special case (`has_special` is not reset between chunks in tokenizer.pyx), so one "dr."
    # near the start made tokenizing a 2,200-character draft ten times slower. Its 15,614
    # reduplications (anak-anak) also cost 5 s at every start, and its emoticons send every
    # draft through the special-case matcher. Abbreviations are joined back by Tokenizer.
    tokenizer_exceptions: dict[str, list[dict[int, str]]] = {}  # noqa: RUF012 (spaCy reads this class attribute)


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
        # class, keys and stem of tokens whose surface is their text: most words recur.
        self._forms: dict[str, _Record] = {}
        # The stems rules match (None: any stem may matter, so every word is stemmed).
        self._reach: StemReach | None = None

    def learn_vocabulary(self, words: Iterable[str]) -> None:
        """The words rules name: what a masked token (b*ngs*t) may stand for."""
        by_length: dict[int, list[str]] = {}
        for word in set(words):
            if word.isalpha():
                by_length.setdefault(len(word), []).append(word)
        self._words_by_length = by_length
        self._unmask.cache_clear()
        self._forms.clear()

    def learn_stems(self, stems: Iterable[str]) -> None:
        """The stems rules match. A token's stem is only looked for where it may be one of these;
        elsewhere the token's `stem` is its (standard) word, which no rule asks for either."""
        self._reach = StemReach(stems)
        self._forms.clear()

    def tokens(self, normalized: Normalized) -> list[Token]:
        return self.columns(normalized).as_list()

    def columns(self, normalized: Normalized) -> Tokens:
        if len(self._nlp.vocab) > _VOCAB_CAP:
            self._nlp = _indonesian_tokenizer()
        source = _cut_long_runs(normalized.text)
        forms = self._forms
        if len(forms) > _FORMS_CAP:
            forms.clear()
        # Start offsets and trailing-space flags are all we ask spaCy for: a token ends where
        # the next starts, less its trailing space, and everything else about a token depends
        # on its text alone and is cached by it. Asking for lengths and lexeme flags too cost
        # more than tokenizing (87 vs 54 µs at 2,200 characters).
        columns = self._nlp.make_doc(source).to_array(_ATTRS)
        starts: list[int] = columns[:, 0].tolist()
        n = len(starts)
        if not n:
            return Tokens([], [], [], [], [], [], [], [])
        spaced: list[int] = columns[:, 1].tolist()
        stops = starts[1:]
        stops.append(len(source))
        # Whole columns at a time (map, compress, accumulate run in C); only the few tokens that
        # are whitespace, may end a sentence or come before a line break are looked at one by one.
        ends = list(map(operator.sub, stops, spaced))
        texts = [source[a:b] for a, b in zip(starts, ends, strict=True)]
        looked_up = list(map(forms.get, texts))
        if None in looked_up:
            for i, record in enumerate(looked_up):
                if record is None:
                    text = texts[i]
                    record = forms.get(text)
                    if record is None:
                        record = forms[text] = self._word(text)
                    looked_up[i] = record
        found = cast(list[_Record], looked_up)
        specials = list(itertools.compress(itertools.count(), map(_SPECIAL, found)))
        breaks = _before_line_breaks(source, ends) if "\n" in source else []
        surface = normalized.surface
        dropped: list[int] = []  # whitespace, and periods joined to the abbreviation before them
        changed: list[int] = []  # tokens whose forms are not those of their text alone
        if specials or breaks:
            enders = set(breaks)  # tokens after which a sentence ends
            sentence_steps = [0] * n  # at i: how many sentences end before token i (and after i - 1)
            paragraph_steps: list[int] | None = None
            joined_to: dict[int, int] = {}  # a period joined to an abbreviation -> that token
            for j in specials:
                text = texts[j]
                if found[j][0] is _SPACE:
                    dropped.append(j)
                    enders.discard(j)
                    if "\n" in text and j + 1 < n:
                        sentence_steps[j + 1] += 1
                        if text.count("\n") > 1:
                            if paragraph_steps is None:
                                paragraph_steps = [0] * n
                            paragraph_steps[j + 1] += 1
                    continue
                if text == "." and j and found[j - 1][0] is not _SPACE:
                    # "dr" "." is one token "dr.", which does not end a sentence.
                    before = joined_to.get(j - 1, j - 1)
                    if ends[before] == starts[j] and texts[before] + "." in _ABBREVIATION_SET:
                        texts[before] += "."
                        ends[before] = ends[j]
                        keys, stem = self._forms_of(texts[before], surface[starts[before]:ends[j]], None)
                        found[before] = (None, keys, stem, False)
                        changed.append(before)
                        joined_to[j] = before
                        dropped.append(j)
                        if j not in breaks:
                            enders.discard(j)
                        continue
                enders.add(j)  # ".", "!", "?", "…"
            for j in enders:
                if j + 1 < n:
                    sentence_steps[j + 1] += 1
            sentence = list(itertools.accumulate(sentence_steps))
            paragraph = list(itertools.accumulate(paragraph_steps)) if paragraph_steps else [0] * n
        else:
            joined_to = {}
            sentence = [0] * n
            paragraph = [0] * n
        if surface is not normalized.text:  # leet read as letters: the word as typed is a key too
            joined = set(joined_to.values())  # their forms are made above from what was typed
            read = normalized.text
            # The tokens with a character read as a letter; the rest are as typed.
            differ = {bisect.bisect_right(starts, m.start()) - 1
                      for m in _READ_AS_LETTER.finditer(surface) if read[m.start()] != m.group()}
            for i in sorted(differ):
                first, last = starts[i], ends[i]
                if surface[first:last] != texts[i] and i not in joined and found[i][0] is not _SPACE:
                    kind, _, _, special = found[i]
                    keys, stem = self._forms_of(texts[i], surface[first:last], kind)
                    found[i] = (kind, keys, stem, special)
                    changed.append(i)
        # What the matcher remembers a token's form by: its text (whose hash str keeps), or where
        # its forms are not its text's, the record of them.
        form_keys: list[Hashable] = list(texts)
        for i in changed:
            form_keys[i] = found[i]
        if dropped:
            keep = [True] * n
            for j in dropped:
                keep[j] = False
            compress = itertools.compress
            starts = list(compress(starts, keep))
            ends = list(compress(ends, keep))
            texts = list(compress(texts, keep))
            found = list(compress(found, keep))
            form_keys = list(compress(form_keys, keep))
            sentence = list(compress(sentence, keep))
            paragraph = list(compress(paragraph, keep))
        return Tokens(starts, ends, texts, list(map(_KEYS, found)), list(map(_STEMS, found)), sentence, paragraph,
                      form_keys)

    def _word(self, text: str) -> _Record:
        """Class, keys and stem of a token whose surface is its text, and whether it is a space
        or ends a sentence (the tokens the loop above looks at more closely)."""
        lexeme = self._nlp.vocab[text]  # spaCy's own flags, from the text alone
        if lexeme.is_space:
            return _SPACE, (), "", True
        kind = "<url>" if lexeme.like_url else "<email>" if lexeme.like_email else "<num>" if lexeme.like_num else None
        keys, stem = self._forms_of(text, text, kind)
        return kind, keys, stem, text in _SENTENCE_END

    def _forms_of(self, text: str, surface: str, kind: str | None) -> tuple[tuple[str, ...], str]:
        norm = self._slang.get(text, text)
        wanted = norm.isalpha() and (self._reach is None or self._reach.may_reach(norm))
        stem = self._stemmer.stem(norm) if wanted else norm
        return self._keys(text, surface, kind), stem

    def _unmask_uncached(self, masked: str) -> tuple[str, ...]:
        letters = len(masked) - masked.count("*")
        if letters < 2 or masked.count("*") * 2 > len(masked):
            return ()
        pattern = re.compile(re.escape(masked).replace(r"\*", "[a-z]"))
        return tuple(w for w in self._words_by_length.get(len(masked), ()) if pattern.fullmatch(w))

    def term_tokens(self, term: str) -> list[str]:
        """How the tokenizer splits a rule term, so terms and texts are cut the same way."""
        pieces: list[str] = []
        for token in self._nlp.make_doc(term):
            if token.is_space:
                continue
            joined = pieces[-1] + "." if pieces and token.text == "." and not token.nbor(-1).whitespace_ else None
            if joined in _ABBREVIATION_SET:
                pieces[-1] = joined
            else:
                pieces.append(token.text)
        return pieces

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


def _before_line_breaks(source: str, ends: list[int]) -> list[int]:
    """The tokens a line break follows at once (`ends`: each token's end, ascending)."""
    out = []
    pos = source.find("\n")
    while pos != -1:
        j = bisect.bisect_left(ends, pos)
        if j < len(ends) and ends[j] == pos:
            out.append(j)
        pos = source.find("\n", pos + 1)
    return out


def _cut_long_runs(text: str) -> str:
    """The same text, same length, with a space every _LONG_RUN characters of a very long run."""
    # str.split() splits on the characters \s matches; measuring its pieces is half the cost
    # of the expression, which restarts at every character of every word.
    if len(text) <= _LONG_RUN or max(map(len, text.split()), default=0) <= _LONG_RUN:
        return text
    chars = list(text)
    for match in _LONG_RUN_RE.finditer(text):
        for i in range(match.start() + _LONG_RUN, match.end(), _LONG_RUN):
            chars[i] = " "
    return "".join(chars)
