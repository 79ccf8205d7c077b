"""The HTTP API on loopback: an aiohttp app factory, state under web.AppKey, and middlewares
for what every request shares (who may ask, how big, how errors look)."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from pydantic import ValidationError

from helper import __version__
from helper.api import MAX_TEXT_CHARS, CheckRequest, Health, RulesetInfo, check, rules_response
from helper.store import RuleStore

log = logging.getLogger("saring.server")

# Room for the longest text allowed (100,000 characters) even when every one is a 4-byte emoji,
# JSON-escaped; larger bodies are refused before they are read whole.
MAX_BODY_BYTES = 1024 * 1024
# Longer drafts are checked in a worker thread so short ones from other tabs are not held up.
_OFFLOAD_CHARS = 20_000
_EXTENSION_SCHEMES = ("chrome-extension://", "moz-extension://", "safari-web-extension://")
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_CATEGORY_ID = re.compile(r"[a-z_]{1,40}")

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@dataclass
class Settings:
    allowed_extension_ids: frozenset[str] = frozenset()  # empty: any extension may ask
    extra_hosts: frozenset[str] = frozenset()  # host names besides loopback, when bound wider
    watch_interval: float | None = 1.0  # seconds between looks at the rule files; None: never
    offload: ThreadPoolExecutor = field(default_factory=lambda: ThreadPoolExecutor(1, "saring-check"))


STORE = web.AppKey("store", RuleStore)
SETTINGS = web.AppKey("settings", Settings)


class ApiError(web.HTTPException):
    """An error answered as {"error": {"code", "message"}} with its HTTP status."""

    def __init__(self, status: int, code: str, message: str) -> None:
        self.status_code = status
        super().__init__(
            text=json.dumps({"error": {"code": code, "message": message}}),
            content_type="application/json",
        )


# ---------------------------------------------------------------------------------------------
# Middlewares


@web.middleware
async def errors_as_json(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError:
        raise
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        code = {404: "not_found", 405: "method_not_allowed", 413: "body_too_large"}.get(
            exc.status, "http_error")
        raise ApiError(exc.status, code, exc.reason) from None
    except Exception as exc:
        # Never the exception's message: it may quote the draft.
        log.error("internal error in %s: %s", request.path, type(exc).__name__)
        raise ApiError(500, "internal_error", "Internal error; the helper keeps running.") from None


@web.middleware
async def only_local_callers(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse DNS-rebinding (foreign Host) and web pages (foreign Origin) before any work."""
    settings = request.app[SETTINGS]
    if not _host_allowed(request, settings):
        raise ApiError(403, "forbidden_host", "Host not allowed.")
    origin = request.headers.get("Origin")
    if origin is not None and not _origin_allowed(origin, settings):
        raise ApiError(403, "forbidden_origin", "Only the Saring extension may call the helper.")
    if request.method == "OPTIONS":  # a CORS preflight from an allowed extension
        response: web.StreamResponse = web.Response(status=204)
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = "Content-Type"
        response.headers["Access-Control-Max-Age"] = "600"
    else:
        response = await handler(request)
    if origin is not None:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.headers["Vary"] = "Origin"
    return response


def _host_allowed(request: web.Request, settings: Settings) -> bool:
    host = request.headers.get("Host", "")
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    port = sockname[1] if sockname else None
    names = (*_LOOPBACK_NAMES, *settings.extra_hosts)
    return port is not None and host in {f"{name}:{port}" for name in names}


def _origin_allowed(origin: str, settings: Settings) -> bool:
    for scheme in _EXTENSION_SCHEMES:
        if origin.startswith(scheme):
            ext_id = origin[len(scheme):].rstrip("/")
            return bool(ext_id) and (not settings.allowed_extension_ids
                                     or ext_id in settings.allowed_extension_ids)
    return False


# ---------------------------------------------------------------------------------------------
# Handlers


async def health(request: web.Request) -> web.Response:
    store = request.app[STORE]
    pack = store.engine.pack
    body = Health(
        status="degraded" if store.error else "ok",
        version=__version__,
        ruleset=RulesetInfo(version=pack.meta.version, rules=len(pack.rules)),
        rules_error=store.error,
    )
    return web.json_response(body.model_dump(exclude_none=True))


async def list_rules(request: web.Request) -> web.Response:
    return web.json_response(rules_response(request.app[STORE].engine).model_dump())


async def check_draft(request: web.Request) -> web.Response:
    payload = await _json_body(request)
    if isinstance(payload, dict) and isinstance(payload.get("text"), str) \
            and len(payload["text"]) > MAX_TEXT_CHARS:
        raise ApiError(413, "text_too_long", f"Text longer than {MAX_TEXT_CHARS} characters.")
    try:
        body = CheckRequest.model_validate(payload)
    except ValidationError as exc:
        raise ApiError(422, "invalid_request", _describe(exc)) from None
    engine = request.app[STORE].engine
    unknown = sorted(set(body.disabled_categories) - engine.pack.categories.keys())
    if unknown:
        # Name them only when they look like ids: whatever else a client sent is not repeated.
        named = [c for c in unknown if _CATEGORY_ID.fullmatch(c)][:5]
        raise ApiError(422, "unknown_category",
                       f"{len(unknown)} unknown categories" + (f": {', '.join(named)}" if named else ""))
    started = time.perf_counter()
    if len(body.text) > _OFFLOAD_CHARS:
        loop = asyncio.get_running_loop()
        result = await loop.run_in_executor(request.app[SETTINGS].offload, check, engine, body)
    else:
        result = check(engine, body)
    log.debug("check: %d chars, %d findings, %.2f ms", len(body.text), len(result.findings),
              (time.perf_counter() - started) * 1000)
    return web.json_response(text=result.model_dump_json())


async def reload_rules(request: web.Request) -> web.Response:
    store = request.app[STORE]
    loop = asyncio.get_running_loop()
    ok = await loop.run_in_executor(None, store.reload)
    if not ok:
        raise ApiError(422, "rules_invalid", "\n".join(store.error or []))
    return await health(request)


async def _json_body(request: web.Request) -> Any:
    if request.content_type != "application/json":
        raise ApiError(415, "unsupported_media_type", "Send JSON with Content-Type: application/json.")
    try:
        raw = await request.read()  # bounded by client_max_size: larger bodies stop with 413
    except web.RequestPayloadError:  # e.g. "Content-Encoding: gzip" on a body that is not
        raise ApiError(400, "invalid_encoding", "The body could not be decoded as its Content-Encoding says.") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "invalid_encoding", "The body is not valid UTF-8.") from None
    except (json.JSONDecodeError, RecursionError):
        raise ApiError(400, "invalid_json", "The body is not valid JSON.") from None


def _describe(exc: ValidationError) -> str:
    """Field names and reasons only: pydantic's default text would echo the draft back."""
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(x) for x in err["loc"]) or "body"
        parts.append(f"{where}: {err['msg']}")
    return "; ".join(parts)


# ---------------------------------------------------------------------------------------------
# The app


async def _watch_rules(app: web.Application) -> AsyncIterator[None]:
    settings = app[SETTINGS]
    store = app[STORE]
    task = None
    if settings.watch_interval:
        async def watch() -> None:
            loop = asyncio.get_running_loop()
            while True:
                await asyncio.sleep(settings.watch_interval or 1.0)
                if await loop.run_in_executor(None, store.changed_on_disk):
                    await loop.run_in_executor(None, store.reload)
        task = asyncio.create_task(watch())
    yield
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    settings.offload.shutdown(wait=False)


def create_app(store: RuleStore, settings: Settings | None = None) -> web.Application:
    app = web.Application(
        middlewares=[errors_as_json, only_local_callers],
        client_max_size=MAX_BODY_BYTES,
    )
    app[STORE] = store
    app[SETTINGS] = settings or Settings()
    app.router.add_get("/v1/health", health)
    app.router.add_get("/v1/rules", list_rules)
    app.router.add_post("/v1/check", check_draft)
    app.router.add_post("/v1/reload", reload_rules)
    app.cleanup_ctx.append(_watch_rules)
    return app
