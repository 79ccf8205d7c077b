"""Rule examples are tests: every example of every bundled rule, one test per rule."""

from __future__ import annotations

import re
import time

import pytest

from helper.engine import Engine
from helper.examples import check_examples
from helper.rulepack import RegexPattern, load_rule_pack
from tests.conftest import RULES

PACK = load_rule_pack(RULES)


@pytest.fixture(scope="module")
def bundled() -> Engine:
    return Engine(PACK)


@pytest.mark.parametrize("rule_id", [r.id for r in PACK.rules])
def test_examples_of(bundled: Engine, rule_id: str) -> None:
    problems = [p for p in check_examples(bundled) if f": {rule_id}: " in p]
    assert problems == []


def test_every_category_has_rules() -> None:
    covered = {r.category for r in PACK.rules if r.category}
    assert covered <= set(PACK.categories)


REGEXES = [(r.id, re.compile(p.regex)) for r in PACK.rules for p in r.patterns if isinstance(p, RegexPattern)]


@pytest.mark.parametrize("text", ["a" * 100_000, "1" * 100_000, "a1." * 33_000, "- " * 50_000, "www." * 25_000])
def test_rule_regexes_take_linear_time(text: str) -> None:
    """A regex that backtracks on one long run stalls every client: one took 18 s here once."""
    for rule_id, regex in REGEXES:
        started = time.perf_counter()
        for _ in regex.finditer(text):
            pass
        assert time.perf_counter() - started < 0.5, rule_id
