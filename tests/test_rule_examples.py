"""Rule examples are tests: every example of every bundled rule, one test per rule."""

from __future__ import annotations

import pytest

from helper.engine import Engine
from helper.examples import check_examples
from helper.rulepack import load_rule_pack
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
