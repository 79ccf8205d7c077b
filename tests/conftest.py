from __future__ import annotations

from pathlib import Path

import pytest

from helper.engine import Engine
from helper.rulepack import load_rule_pack

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"


@pytest.fixture(scope="session")
def engine() -> Engine:
    return Engine(load_rule_pack(RULES))
