"""langdetect's answer for a text, computed the same way at a fraction of the cost.

langdetect (a port of Cybozu's Java detector) reads a text one character at a time through
several Python method calls, then runs random trials over its n-grams. For the close calls
that reach it (about one post in nine) that cost 0.5-1 ms, a sixth of a batch run. This does
the same arithmetic, in the same order, with the same seeded random generator, so the
probabilities are identical to the last bit (tests/test_language.py compares them):

* n-grams come from the runs of non-space characters, each read as langdetect's n-gram
  buffer reads it after a space, and are cached per run: most words recur;
* the trials update a short list of floats in the order langdetect does.

Texts with upper-case letters after langdetect's own character normalization (its
"capital word" rule) go through langdetect itself; the engine's texts are case-folded.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.ngram import NGram

_RUN = re.compile(r"[^ ]+ ?")  # a run of non-space characters and the space after it, if any
_SPACES = re.compile(r" {2,}")
_LATIN = re.compile(r"[A-z]")  # langdetect's test, 'A' <= ch <= 'z', brackets and all
_BEYOND_LATIN = re.compile(r"[\u0300-\U0010ffff]")
_RUN_CACHE_CAP = 100_000


def _trial(word_probs: list[list[float]], pick: Callable[[], int], weight: float, limit: int,
           converged: float, n_langs: int) -> list[float]:
    """One of Detector._detect_block's trials: update by random n-grams, normalize every fifth
    step, stop once one language is nearly certain."""
    prob = [1.0 / n_langs] * n_langs
    i = 0
    while True:
        word_prob = word_probs[pick()]
        prob = [p * (weight + w) for p, w in zip(prob, word_prob, strict=True)]
        if i % 5 == 0:
            total = sum(prob)
            prob = [p / total for p in prob]
            if max(0.0, *prob) > converged or i >= limit:
                return prob
        i += 1


def _two_language_trial(word_probs: list[list[float]], pick: Callable[[], int], weight: float, limit: int,
                        converged: float) -> list[float]:
    """_trial for two languages in plain floats: the same operations, a third of the time."""
    p0 = p1 = 1.0 / 2
    i = 0
    while True:
        w0, w1 = word_probs[pick()]
        p0 *= weight + w0
        p1 *= weight + w1
        if i % 5 == 0:
            total = 0 + p0 + p1  # sum() starts from the integer 0
            p0 /= total
            p1 /= total
            if max(0.0, p0, p1) > converged or i >= limit:
                return [p0, p1]
        i += 1


def _inline_picker(rng: random.Random, n: int) -> Callable[[], int]:
    """rng.choice(range(n)) as a closure: what random.choice draws (Random._randbelow with
    getrandbits), without its two Python-level calls per draw."""
    getrandbits = rng.getrandbits
    bits = n.bit_length()

    def pick() -> int:
        r = getrandbits(bits)
        while r >= n:
            r = getrandbits(bits)
        return r

    return pick


def _inline_draws_match() -> bool:
    """Whether this Python's random.choice draws what _inline_picker draws."""
    for n in (1, 2, 3, 7, 100, 1000, 4097):
        reference, inline = random.Random(n), _inline_picker(random.Random(n), n)
        if [reference.choice(range(n)) for _ in range(200)] != [inline() for _ in range(200)]:
            return False
    return True


_INLINE_DRAWS_MATCH = _inline_draws_match()


def _index_picker(rng: random.Random, n: int) -> Callable[[], int]:
    if _INLINE_DRAWS_MATCH:
        return _inline_picker(rng, n)
    return lambda: rng.choice(range(n))  # pragma: no cover - a Python whose random draws otherwise


class _NGramChars(dict[int, str]):
    """A str.translate table: each character as NGram.normalize reads it, filled on demand."""

    def __missing__(self, code: int) -> str:
        char: str = NGram.normalize(chr(code))
        self[code] = char
        return char


class NGramDetector:
    """Detector.get_probabilities() of a fresh detector from `factory`, for one text."""

    def __init__(self, factory: DetectorFactory, n_trial: int, max_text_length: int) -> None:
        self._factory = factory
        self._n_trial = n_trial
        self._max_text_length = max_text_length
        self._word_prob: dict[str, list[float]] = factory.word_lang_prob_map
        self._langs: list[str] = factory.langlist
        self._chars = _NGramChars()
        # The n-grams of each run, as langdetect's per-language probabilities of each: the
        # profile table is large, and looking each n-gram up again per text missed the CPU
        # cache (140 µs per text in a batch).
        self._runs: dict[str, tuple[list[float], ...]] = {}
        self._random = random.Random()

    def best(self, text: str) -> tuple[str, float] | None:
        """The most probable language and its probability, or None where langdetect has no
        answer (no n-gram known, or no language above its threshold)."""
        cleaned = self._cleaned(text)
        normalized = cleaned.translate(self._chars)
        if not normalized.islower() and any(map(str.isupper, normalized)):
            return self._by_langdetect(text)
        ngrams = self._ngrams(normalized)
        if not ngrams:
            return None
        candidates = [(lang, p) for lang, p in zip(self._langs, self._probabilities(ngrams), strict=True)
                      if p > Detector.PROB_THRESHOLD]
        if not candidates:
            return None
        # langdetect sorts by probability, stable and reversed: the first of the highest wins.
        top = max(p for _, p in candidates)
        return next((lang, p) for lang, p in candidates if p == top)

    def _cleaned(self, text: str) -> str:
        """Detector.append and cleaning_text."""
        # Each substitution only where it can apply: the e-mail expression alone scanned every
        # word of every text for an '@'.
        if "http" in text:
            text = Detector.URL_RE.sub(" ", text)
        if "@" in text:
            text = Detector.MAIL_RE.sub(" ", text)
        if any(mark in text for mark in NGram.DMARK_CLASS):
            text = NGram.normalize_vi(text)
        text = _SPACES.sub(" ", text[: self._max_text_length])
        # langdetect means to leave Latin Extended Additional (ạ, ể) out of this count, but
        # compares the block's number with its name, so every character from U+0300 counts.
        non_latin = len(_BEYOND_LATIN.findall(text))
        if non_latin and len(_LATIN.findall(text)) * 2 < non_latin:
            text = "".join(ch for ch in text if ch < "A" or ch > "z")
        return text

    def _ngrams(self, normalized: str) -> list[list[float]]:
        """Detector._extract_ngrams on a text without upper-case letters, each n-gram given as
        its probabilities."""
        runs = self._runs
        if len(runs) > _RUN_CACHE_CAP:
            runs.clear()
        out: list[list[float]] = []
        for run in _RUN.findall(normalized):
            grams = runs.get(run)
            if grams is None:
                grams = runs[run] = self._run_ngrams(run)
            out.extend(grams)
        return out

    def _run_ngrams(self, run: str) -> tuple[list[float], ...]:
        """The n-grams langdetect takes while reading `run`: its buffer starts from a space, and
        at each character offers the last 1, 2 and 3 characters read."""
        padded = " " + run
        known = self._word_prob
        out: list[list[float]] = []
        for k in range(1, len(padded)):
            for n in (1, 2, 3):
                if n > k + 1:
                    break
                gram = padded[k + 1 - n:k + 1]
                if gram != " " and gram in known:
                    out.append(known[gram])
        return tuple(out)

    def _probabilities(self, word_probs: list[list[float]]) -> list[float]:
        """Detector._detect_block's trials, operation for operation."""
        rng = self._random
        rng.seed(self._factory.seed)
        pick = _index_picker(rng, len(word_probs))
        n_langs = len(self._langs)
        n_trial = self._n_trial
        limit = Detector.ITERATION_LIMIT
        converged = Detector.CONV_THRESHOLD
        totals = [0.0] * n_langs
        for _ in range(n_trial):
            alpha = Detector.ALPHA_DEFAULT + rng.gauss(0.0, 1.0) * Detector.ALPHA_WIDTH
            weight = alpha / Detector.BASE_FREQ
            if n_langs == 2:
                prob = _two_language_trial(word_probs, pick, weight, limit, converged)
            else:
                prob = _trial(word_probs, pick, weight, limit, converged, n_langs)
            for j in range(n_langs):
                totals[j] += prob[j] / n_trial
        return totals

    def _by_langdetect(self, text: str) -> tuple[str, float] | None:
        detector = self._factory.create()
        detector.set_max_text_length(self._max_text_length)
        detector.n_trial = self._n_trial
        detector.append(text)
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return None
        return best.lang, best.prob
