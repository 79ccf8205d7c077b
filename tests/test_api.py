"""The HTTP contract, through aiohttp's test client."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

from helper.server import MAX_BODY_BYTES, Settings, create_app
from helper.store import RuleStore
from tests.conftest import RULES
from tests.utf16 import js_index, js_slice

HOAX = "Vaksin bikin autis, jangan mau divaksin!"
EXT = "chrome-extension://abcdefghijklmnopabcdefghijklmnop"


@pytest.fixture
async def client() -> AsyncIterator[TestClient[Any, Any]]:
    app = create_app(RuleStore(RULES), Settings(watch_interval=None))
    async with TestClient(TestServer(app)) as c:
        yield c


async def post_check(client: TestClient[Any, Any], body: Any, **kw: Any) -> tuple[int, Any]:
    resp = await client.post("/v1/check", json=body, **kw)
    return resp.status, await resp.json()


async def test_health(client: TestClient[Any, Any]) -> None:
    resp = await client.get("/v1/health")
    assert resp.status == 200
    body = await resp.json()
    assert body["status"] == "ok"
    assert body["ruleset"]["rules"] > 0 and body["ruleset"]["version"]
    assert body["version"]


async def test_check_contract(client: TestClient[Any, Any]) -> None:
    status, body = await post_check(client, {"text": HOAX})
    assert status == 200
    assert set(body) == {"findings", "affirmations", "language", "strictness", "ruleset_version", "elapsed_ms"}
    assert body["strictness"] == "standard"
    assert body["language"]["code"] == "id" and 0 < body["language"]["confidence"] <= 1
    finding = next(f for f in body["findings"] if f["excerpt"] == "Vaksin bikin autis")
    assert finding["category"] == "health_hoax"
    assert finding["clause"]["id"] == "L5"
    assert finding["clause"]["text"] == "Menyebarkan hoaks terkait kesehatan;"
    assert finding["severity"] in {"error", "warning", "info"}
    assert (finding["start"], finding["end"]) == (0, len("Vaksin bikin autis"))
    assert finding["excerpt"] == "Vaksin bikin autis"
    assert finding["message"] and finding["suggestion"]
    assert finding["rule_id"].startswith("health_hoax.")


async def test_offsets_are_utf16_after_emoji(client: TestClient[Any, Any]) -> None:
    text = "😷🙏🏽 Info penting 👨‍👩‍👧: " + HOAX
    status, body = await post_check(client, {"text": text})
    assert status == 200
    finding = next(f for f in body["findings"] if f["category"] == "health_hoax")
    assert finding["start"] == js_index(text, "Vaksin")
    assert finding["start"] != text.index("Vaksin")  # code points would be wrong
    assert js_slice(text, finding["start"], finding["end"]) == finding["excerpt"] == "Vaksin bikin autis"


async def test_english_messages(client: TestClient[Any, Any]) -> None:
    _, id_body = await post_check(client, {"text": HOAX})
    _, en_body = await post_check(client, {"text": HOAX, "locale": "en"})
    assert id_body["findings"][0]["message"] != en_body["findings"][0]["message"]
    assert en_body["findings"][0]["category_label"] == "Health hoax"


async def test_strictness_and_disabled_categories(client: TestClient[Any, Any]) -> None:
    text = "Katanya besok semua puskesmas tutup"
    _, standard = await post_check(client, {"text": text})
    _, strict = await post_check(client, {"text": text, "strictness": "strict"})
    assert [f["category"] for f in standard["findings"]] == []
    assert "unverified_source" in [f["category"] for f in strict["findings"]]
    _, off = await post_check(client, {"text": text, "strictness": "strict",
                                       "disabled_categories": ["unverified_source"]})
    assert "unverified_source" not in [f["category"] for f in off["findings"]]


async def test_affirmation_for_a_debunk(client: TestClient[Any, Any]) -> None:
    text = "HOAKS: vaksin bikin autis. Faktanya, penelitian besar tidak menemukan hubungan."
    _, body = await post_check(client, {"text": text})
    assert body["findings"] == []
    [affirmation] = body["affirmations"]
    assert affirmation["clause"]["id"] == "K8"
    assert js_slice(text, affirmation["start"], affirmation["end"]) == affirmation["excerpt"]


async def test_rules_listing(client: TestClient[Any, Any]) -> None:
    resp = await client.get("/v1/rules")
    body = await resp.json()
    ids = [c["id"] for c in body["categories"]]
    assert len(ids) == 18 and "health_hoax" in ids and "personal_data" in ids
    hoax = next(c for c in body["categories"] if c["id"] == "health_hoax")
    assert hoax["clause"] == "L5" and hoax["label"]["id"] and hoax["description"]["en"]
    assert {"id", "category", "severity", "strictness"} <= set(body["rules"][0])


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"strictness": "strict"}, 422, "invalid_request"),
        ({"text": 42}, 422, "invalid_request"),
        ({"text": None}, 422, "invalid_request"),
        ({"text": "x", "strictness": "paranoid"}, 422, "invalid_request"),
        ({"text": "x", "locale": "fr"}, 422, "invalid_request"),
        ({"text": "x", "platform": "tiktok"}, 422, "invalid_request"),
        ({"text": "x", "disabled_categories": ["nope"]}, 422, "unknown_category"),
        ({"text": "x", "disabled_categories": "hoax"}, 422, "invalid_request"),
        ([1, 2, 3], 422, "invalid_request"),
        ("just a string", 422, "invalid_request"),
        ({"text": "a" * 100_001}, 413, "text_too_long"),
    ],
)
async def test_bad_requests_get_a_json_4xx(client: TestClient[Any, Any], body: Any, status: int, code: str) -> None:
    got, payload = await post_check(client, body)
    assert got == status
    assert payload["error"]["code"] == code and payload["error"]["message"]


async def test_error_messages_never_echo_the_text(client: TestClient[Any, Any]) -> None:
    marker = "RAHASIA-7f3a9c"
    _, payload = await post_check(client, {"text": marker, "strictness": marker})
    assert marker not in json.dumps(payload)


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        (b"{not json", "application/json", 400, "invalid_json"),
        (b"\xff\xfe\x00", "application/json", 400, "invalid_encoding"),
        (b'{"text": "x"}', "text/plain", 415, "unsupported_media_type"),
        (b"[" * 100_000 + b"]" * 100_000, "application/json", 400, "invalid_json"),
        (b'{"text": "' + b"a" * (MAX_BODY_BYTES + 10) + b'"}', "application/json", 413, "body_too_large"),
    ],
)
async def test_malformed_bodies(client: TestClient[Any, Any], data: bytes, content_type: str, status: int,
                                code: str) -> None:
    resp = await client.post("/v1/check", data=data, headers={"Content-Type": content_type})
    assert resp.status == status
    assert (await resp.json())["error"]["code"] == code
    assert (await client.get("/v1/health")).status == 200


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\n  ",
        "\ud83d dasar b4ngs4t \udc00",  # lone surrogates, as a JS string may hold
        "\x00\x01 dasar b4ngs4t\x7f",
        "\u200bb4ngs4t\u200b",
        "e\u0301\u0301 dasar b4ngs4t\u0301",
        "👨‍👩‍👧 dasar b4ngs4t 👍🏽",
        "‮dasar b4ngs4t‬",
    ],
)
async def test_odd_text_gets_correct_offsets(client: TestClient[Any, Any], text: str) -> None:
    status, body = await post_check(client, {"text": text})
    assert status == 200
    for item in body["findings"] + body["affirmations"]:
        assert js_slice(text, item["start"], item["end"]) == item["excerpt"]
    if "b4ngs4t" in text:
        assert any("b4ngs4t" in f["excerpt"] for f in body["findings"])


async def test_unknown_route_and_method(client: TestClient[Any, Any]) -> None:
    resp = await client.get("/v1/nope")
    assert resp.status == 404 and (await resp.json())["error"]["code"] == "not_found"
    resp = await client.get("/v1/check")
    assert resp.status == 405 and (await resp.json())["error"]["code"] == "method_not_allowed"


# -- who may talk to it ------------------------------------------------------------------------


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1", "", "localhost:1",
                                  "127.0.0.1.nip.io:{port}"])
async def test_foreign_host_is_refused(client: TestClient[Any, Any], host: str) -> None:
    port = client.server.port
    resp = await client.get("/v1/health", headers={"Host": host.format(port=port)})
    assert resp.status == 403
    assert (await resp.json())["error"]["code"] == "forbidden_host"


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
async def test_loopback_hosts_are_served(client: TestClient[Any, Any], host: str) -> None:
    resp = await client.get("/v1/health", headers={"Host": host.format(port=client.server.port)})
    assert resp.status == 200


@pytest.mark.parametrize("origin", ["https://x.com", "http://evil.example", "null", "chrome-extension://",
                                    "file://"])
async def test_web_origins_are_refused(client: TestClient[Any, Any], origin: str) -> None:
    status, body = await post_check(client, {"text": HOAX}, headers={"Origin": origin})
    assert status == 403 and body["error"]["code"] == "forbidden_origin"
    resp = await client.options("/v1/check", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert resp.status == 403
    assert "Access-Control-Allow-Origin" not in resp.headers


@pytest.mark.parametrize("origin", [EXT, "moz-extension://0b1c2d3e-1111-2222-3333-444455556666"])
async def test_extension_origins_are_served(client: TestClient[Any, Any], origin: str) -> None:
    resp = await client.post("/v1/check", json={"text": HOAX}, headers={"Origin": origin})
    assert resp.status == 200
    assert resp.headers["Access-Control-Allow-Origin"] == origin
    pre = await client.options("/v1/check", headers={"Origin": origin, "Access-Control-Request-Method": "POST"})
    assert pre.status == 204 and pre.headers["Access-Control-Allow-Origin"] == origin


async def test_allow_list_of_extension_ids() -> None:
    app = create_app(RuleStore(RULES), Settings(watch_interval=None,
                                                allowed_extension_ids=frozenset({"goodid"})))
    async with TestClient(TestServer(app)) as c:
        ok = await c.get("/v1/health", headers={"Origin": "chrome-extension://goodid"})
        bad = await c.get("/v1/health", headers={"Origin": "chrome-extension://otherid"})
        assert (ok.status, bad.status) == (200, 403)
