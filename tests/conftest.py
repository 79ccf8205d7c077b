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


@pytest.hookimpl(trylast=True)  # after tests/e2e/conftest.py has marked its browser tests
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: Playwright's sync API keeps an event loop running in the main thread
    for the session, and pytest-asyncio cannot start its own loop after that."""
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)
