"""Language identification restricted to the languages we serve: a soft signal, never a gate."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import langdetect
from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.lang_profile import LangProfile

LANGUAGES = ("id", "en")
# Below this many letters every detector guesses; say so instead of guessing.
_MIN_LETTERS = 12
# The language of a post shows in its first few hundred characters; reading more costs
# linear time for nothing.
_MAX_CHARS = 300


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # "id", "en" or "und"
    confidence: float


UNDETERMINED = Language("und", 0.0)


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    profiles = Path(langdetect.__file__).parent / "profiles"
    factory = DetectorFactory()
    for index, code in enumerate(LANGUAGES):
        data = json.loads((profiles / code).read_text(encoding="utf-8"))
        factory.add_profile(LangProfile(**data), index, len(LANGUAGES))
    factory.set_seed(0)  # same text, same answer
    return factory


class LanguageIdentifier:
    def __init__(self) -> None:
        self._factory = _factory()

    def identify(self, text: str) -> Language:
        sample = text[:_MAX_CHARS]
        if sum(c.isalpha() for c in sample) < _MIN_LETTERS:
            return UNDETERMINED
        detector = self._factory.create()
        detector.set_max_text_length(_MAX_CHARS)
        detector.append(sample)
        try:
            best = detector.get_probabilities()[0]
        except (LangDetectException, IndexError):
            return UNDETERMINED
        return Language(best.lang, round(best.prob, 3))
