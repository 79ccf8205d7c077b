"""A broken rule file never takes warnings away: the last good pack keeps serving."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from helper.server import Settings, create_app
from helper.store import RuleStore
from tests.conftest import RULES

HOAX = "Vaksin bikin autis, jangan mau divaksin!"


async def rule_ids(client: TestClient[Any, Any], text: str) -> list[str]:
    resp = await client.post("/v1/check", json={"text": text})
    return [f["rule_id"] for f in (await resp.json())["findings"]]


async def wait_for_status(client: TestClient[Any, Any], status: str) -> dict[str, Any]:
    """/v1/health once it reports `status`, or after five seconds whatever it says."""
    health: dict[str, Any] = {}
    for _ in range(100):
        await asyncio.sleep(0.05)
        health = await (await client.get("/v1/health")).json()
        if health["status"] == status:
            break
    return health


async def test_broken_file_keeps_last_good_pack_and_health_says_where(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    app = create_app(RuleStore(root), Settings(watch_interval=0.05))
    async with TestClient(TestServer(app)) as client:
        assert "health_hoax.vaccine_harm" in await rule_ids(client, HOAX)
        rule_file = root / "health_hoax" / "vaccine-harm.yaml"
        good = rule_file.read_text(encoding="utf-8")
        rule_file.write_text(good.replace("severity: error", "severity: [oops"), encoding="utf-8")
        health = await wait_for_status(client, "degraded")
        assert health["status"] == "degraded"
        assert any("vaccine-harm.yaml:" in p for p in health["rules_error"])
        assert "health_hoax.vaccine_harm" in await rule_ids(client, HOAX)  # still served

        resp = await client.post("/v1/reload")
        assert resp.status == 422 and (await resp.json())["error"]["code"] == "rules_invalid"

        rule_file.write_text(good.replace("strictness: relaxed", "strictness: strict"), encoding="utf-8")
        health = await wait_for_status(client, "ok")
        assert health["status"] == "ok" and "rules_error" not in health
        assert "health_hoax.vaccine_harm" not in await rule_ids(client, HOAX)  # the new pack took effect


async def test_reload_endpoint_obeys_the_origin_guard(tmp_path: Path) -> None:
    app = create_app(RuleStore(RULES), Settings(watch_interval=None))
    async with TestClient(TestServer(app)) as client:
        resp = await client.post("/v1/reload", headers={"Origin": "https://evil.example"})
        assert resp.status == 403
        assert (await client.post("/v1/reload")).status == 200


async def test_broken_model_weights_keep_last_good_pack(tmp_path: Path) -> None:
    root = tmp_path / "rules"
    shutil.copytree(RULES, root)
    app = create_app(RuleStore(root), Settings(watch_interval=0.05))
    async with TestClient(TestServer(app)) as client:
        weights = root / "model" / "weights.json"
        weights.write_text('{"categories": ["hoax"], "bias": [0.0],\n "weights": {"w:x": [1.0,]}}', encoding="utf-8")
        health = await wait_for_status(client, "degraded")
        assert health["status"] == "degraded"
        assert any("weights.json:2: JSON" in p for p in health["rules_error"])
        assert "health_hoax.vaccine_harm" in await rule_ids(client, HOAX)  # still served
