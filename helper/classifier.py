"""A small trained recognizer for what keyword rules miss: paraphrase, dialect, irony.

Rules catch the words a reviewer named; on posts by authors they were not tuned on they find
about half of the violations (see the README's blind holdout). This linear model scores each
category from character n-grams and word pairs of the normalized text, so "korup", "koruptor"
and "k0rupsiii" share evidence and an unseen spelling still counts. It is trained by
`scripts/train-model` on the team's labelled corpus and shipped as data in `rules/model/`.

Scoring is a sum of per-word weight vectors, each distinct word once, so a word's vector is
computed once and kept: a draft costs a dictionary lookup per word. Windows of about
`WINDOW_WORDS` words are scored separately, so one bad sentence in a 10,000-character post is
not averaged away.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

# Featurization. Training (scripts/train_model.py) calls `post_features`, so the two cannot drift.
NGRAM_MIN, NGRAM_MAX = 2, 5
# Part of the training fingerprint: a change to what the features are makes the bundled weights
# stale just as a change to the corpus does. 2: each distinct word and pair counts once.
FEATURES_VERSION = 2
WINDOW_WORDS = 80
_WORD = re.compile(r"\w+")
# A sentence ends at . ! ? or a line break; windows are cut only there.
_SENTENCE_END = re.compile(r"[.!?\n]+")
_T = TypeVar("_T")
_CACHE_LIMIT = 200_000  # words whose rows are kept in memory (never on disk); cleared when full


def word_features(word: str) -> list[str]:
    """The word itself and its character n-grams, padded so prefixes and suffixes stand out."""
    padded = f" {word} "
    out = [f"w:{word}"]
    for n in range(NGRAM_MIN, NGRAM_MAX + 1):
        out.extend(padded[i:i + n] for i in range(len(padded) - n + 1))
    return out


def pair_feature(first: str, second: str) -> str:
    return f"b:{first}_{second}"


def post_features(text: str) -> tuple[list[str], int]:
    """The features of each distinct word and word pair of a normalized text, and its number of
    distinct words (for scaling). A line repeated forty times counts once, as it does to a reader:
    counted each time, it outweighed the one sentence that mattered."""
    words = _WORD.findall(text)
    distinct = list(dict.fromkeys(words))
    out: list[str] = []
    for word in distinct:
        out.extend(word_features(word))
    out.extend(pair_feature(a, b) for a, b in dict.fromkeys(itertools.pairwise(words)))
    return out, len(distinct)


def training_fingerprint(examples: Iterable[tuple[str, Iterable[str]]]) -> str:
    """What a model was trained on: each normalized text and its labels, hashed. A weights file
    whose fingerprint no longer matches (a post or label changed, the normalizer now reads a
    text differently, or FEATURES_VERSION moved) is stale."""
    digest = hashlib.sha256(f"features {FEATURES_VERSION}\n".encode())
    for text, labels in examples:
        digest.update(json.dumps([text, sorted(labels)], ensure_ascii=False).encode("utf-8"))
    return digest.hexdigest()


def window_texts(text: str) -> list[str]:
    """The windows `verdicts` scores, as texts with the same features (training uses them)."""
    return [" ".join(w for s in window for w in s) for window in _windows(_sentence_words(text), len)]


@dataclass(frozen=True, slots=True)
class Verdict:
    """One category's probability in one window, and the sentence that weighs most in it."""

    category: str
    probability: float
    start: int  # offsets in the normalized text
    end: int


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    words: list[str]


class TextClassifier:
    """One-vs-rest logistic regression over the features above, scaled by 1/sqrt(words)."""

    def __init__(self, categories: Sequence[str], bias: Sequence[float],
                 weights: Mapping[str, Sequence[float]]) -> None:
        self.categories = list(categories)
        width = len(self.categories)
        self._bias = np.asarray(bias, dtype=np.float64)
        self._weights = {f: np.asarray(w, dtype=np.float64) for f, w in weights.items()}
        if self._bias.shape != (width,) or any(w.shape != (width,) for w in self._weights.values()):
            raise ValueError(f"every weight vector must have {width} values, one per category")
        self._zero = np.zeros(width)
        # Each word seen once gets a row of its summed feature weights; a window is then one
        # fancy-index and one sum over a matrix, not an array built from a vector per word.
        # Row 0 is the zero vector of words with no weighted feature.
        self._row: dict[str, int] = {}
        self._table = np.zeros((1024, width))
        self._rows_used = 1
        # Pair weights by first word, then second: no "b:a_b" string is built per pair of a draft.
        # A word may hold "_", so a feature is filed under every split; pair (a, b) finds exactly
        # the feature f"b:{a}_{b}".
        self._pairs_after: dict[str, dict[str, np.ndarray]] = {}
        for feature, vector in self._weights.items():
            if feature.startswith("b:"):
                for i in range(2, len(feature)):
                    if feature[i] == "_":
                        self._pairs_after.setdefault(feature[2:i], {})[feature[i + 1:]] = vector

    @classmethod
    def from_document(cls, document: Mapping[str, Any]) -> TextClassifier:
        """From the parsed weights.json: {"categories", "bias", "weights": {feature: [...]}}."""
        return cls(document["categories"], document["bias"], document["weights"])

    def _word_rows(self, words: list[str]) -> list[int]:
        if len(self._row) + len(words) > _CACHE_LIMIT:  # between windows: no row in use is reused
            self._row.clear()
            self._rows_used = 1
        rows = list(map(self._row.get, words))
        if None in rows:
            for i, row in enumerate(rows):
                if row is None:
                    rows[i] = self._add_word(words[i])
        return rows  # type: ignore[return-value]  # every None was replaced

    def _add_word(self, word: str) -> int:
        found = [w for f in word_features(word) if (w := self._weights.get(f)) is not None]
        if not found:
            row = 0
        else:
            if self._rows_used == len(self._table):
                self._table = np.concatenate([self._table, np.zeros_like(self._table)])
            row = self._rows_used
            self._table[row] = np.sum(found, axis=0)
            self._rows_used += 1
        self._row[word] = row
        return row

    def _pairs(self, words: list[str]) -> np.ndarray:
        after = self._pairs_after.get
        found = [v for a, b in dict.fromkeys(itertools.pairwise(words))
                 if (following := after(a)) is not None and (v := following.get(b)) is not None]
        return np.sum(found, axis=0) if found else self._zero

    def _logits(self, words: list[str]) -> np.ndarray:
        """The scaled logits of the words' distinct words and pairs, as `post_features` counts them."""
        distinct = list(dict.fromkeys(words))
        indices = self._word_rows(distinct)  # first: it may grow the table
        total = self._table[indices].sum(axis=0) + self._pairs(words)
        result: np.ndarray = self._bias + total / math.sqrt(max(1, len(distinct)))
        return result

    def _weight(self, words: list[str]) -> np.ndarray:
        """What one sentence's distinct words add to each category."""
        total: np.ndarray = self._table[self._word_rows(list(dict.fromkeys(words)))].sum(axis=0)
        return total

    def probabilities(self, text: str) -> dict[str, float]:
        """The whole text as one window (as in training)."""
        logits = self._logits(_WORD.findall(text))
        return dict(zip(self.categories, _sigmoid(logits).tolist(), strict=True))

    def peak_probabilities(self, text: str, min_words: int = 0) -> dict[str, float] | None:
        """Each category's highest probability over the windows of the text: a long post is as
        suspect as its worst part. None for a text of fewer than `min_words` words."""
        sentences = _sentence_words(text)
        if sum(map(len, sentences)) < min_words:
            return None
        peak = dict.fromkeys(self.categories, 0.0)
        for window in _windows(sentences, len):
            logits = self._logits([w for s in window for w in s])
            for category, p in zip(self.categories, _sigmoid(logits).tolist(), strict=True):
                peak[category] = max(peak[category], p)
        return peak

    def verdicts(self, text: str, floor: Mapping[str, float],
                 peak: Mapping[str, float] | None = None) -> list[Verdict]:
        """Categories whose probability reaches `floor[category]` in some window of the text,
        each once, at its strongest window, pointing at that window's weightiest sentence.
        `peak`: the text's peak_probabilities, when the caller has them already."""
        # Most drafts reach no floor: the peaks, without sentence spans, settle that for less.
        if peak is None:
            peak = self.peak_probabilities(text)
        if peak is None or not any(p >= floor[c] for c, p in peak.items() if c in floor):
            return []
        best: dict[str, Verdict] = {}
        for window in _windows(_sentences(text), lambda s: len(s.words)):
            logits = self._logits([w for s in window for w in s.words])
            probabilities = _sigmoid(logits).tolist()
            sentence_sums: np.ndarray | None = None
            for index, category in enumerate(self.categories):
                p = probabilities[index]
                threshold = floor.get(category)
                if threshold is None or p < threshold or (category in best and best[category].probability >= p):
                    continue
                if sentence_sums is None:
                    sentence_sums = np.array([self._weight(s.words) for s in window])
                top = window[int(np.argmax(sentence_sums[:, index]))]
                best[category] = Verdict(category, p, top.start, top.end)
        return sorted(best.values(), key=lambda v: (v.start, v.category))


def _sigmoid(x: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(x, -30, 30)))
    return result


def _sentence_words(text: str) -> list[list[str]]:
    """The words of each sentence, where nothing needs their places: findall per sentence costs
    a third of building the spans of `_sentences`."""
    return [words for part in _SENTENCE_END.split(text) if (words := _WORD.findall(part))]


def _sentences(text: str) -> list[_Sentence]:
    out: list[_Sentence] = []
    start = 0
    for end_mark in _SENTENCE_END.finditer(text):
        out.extend(_sentence(text, start, end_mark.end()))
        start = end_mark.end()
    out.extend(_sentence(text, start, len(text)))
    return out


def _sentence(text: str, start: int, end: int) -> Iterator[_Sentence]:
    matches = list(_WORD.finditer(text, start, end))
    if matches:
        # The span runs from the first word to the end mark, without leading blanks.
        yield _Sentence(matches[0].start(), end if text[end - 1:end].strip() else matches[-1].end(),
                        [m.group() for m in matches])


def _windows(sentences: Sequence[_T], size: Callable[[_T], int]) -> Iterator[list[_T]]:
    """Consecutive sentences up to about WINDOW_WORDS words; a short post is one window."""
    window: list[_T] = []
    count = 0
    for sentence in sentences:
        words = size(sentence)
        if window and count + words > WINDOW_WORDS:
            yield window
            window, count = [], 0
        window.append(sentence)
        count += words
    if window:
        yield window
