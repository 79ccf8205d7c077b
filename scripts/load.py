"""Load, soak and pathological-concurrency test of the real Saring helper on 127.0.0.1.

    scripts/load            32 clients, 20,000 checks of mixed posts (280–2,200 chars, random strictness);
                            then one client sends pathological texts while another sends 280-char checks
    scripts/load --soak     the same with 200,000 checks, and the helper's resident memory after
                            warm-up (the first 5,000) and after the soak: fails above 1.10×
    scripts/load --quick    a short run (what tests/test_load_quick.py runs)

Exit status: 0 when every check was answered well; 1 on any error (non-200, 5xx, connection
error, time-out, malformed answer), an unhealthy helper afterwards, or (soak) memory growth.
Latency bounds for the pathological texts are reported as pass/miss.
Only ever talks to 127.0.0.1; every loop is bounded; the helper is stopped at the end.
Privacy: texts are never printed or logged, only counts and timings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib.util
import json
import os
import random
import string
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_spec = importlib.util.spec_from_file_location("saring_bench", Path(__file__).resolve().parent / "bench.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules["saring_bench"] = bench
_spec.loader.exec_module(bench)

STRICTNESS = ("relaxed", "standard", "strict")
LOCALES = ("id", "en")
CLIENT_TIMEOUT_S = 30.0
SMALL_BOUND_MS = 100.0  # a 280-char check during a pathological one
BIG_BOUND_MS = 1000.0  # the pathological check itself
SOAK_WARMUP_CHECKS = 5_000
SOAK_MAX_GROWTH = 1.10
BODY_LIMIT = 256 * 1024  # helper/server.py MAX_BODY_BYTES


@dataclass
class Settings:
    clients: int
    checks: int
    min_chars: int
    max_chars: int
    pool: int  # distinct bodies to draw from
    patho_repeats: int
    soak: bool
    seed: int


# ---------------------------------------------------------------------------------------------
# Requests


def mixed_bodies(posts: Sequence[Any], count: int, min_chars: int, max_chars: int, categories: Sequence[str],
                 seed: int) -> list[bytes]:
    """Real-looking drafts of random length, strictness and locale; some with a category turned off."""
    rng = random.Random(f"{seed}:load")
    bodies = []
    for _ in range(count):
        size = rng.randint(min_chars, max_chars)
        text = bench.join_posts(posts, size, rng)
        extra: dict[str, Any] = {"locale": rng.choice(LOCALES)}
        if categories and rng.random() < 0.1:
            extra["disabled_categories"] = [rng.choice(categories)]
        bodies.append(bench.request_body(text, rng.choice(STRICTNESS), **extra))
    return bodies


def pathological_bodies(seed: int) -> list[tuple[str, bytes]]:
    rng = random.Random(f"{seed}:patho")
    word = "".join(rng.choice(string.ascii_lowercase) for _ in range(100_000))
    emoji_fit = (BODY_LIMIT - 64) // 4  # the most 4-byte emoji a request body may carry
    return [
        ("100,000 × one letter", bench.request_body("a" * 100_000)),
        ("100,000 emoji", bench.request_body("😀" * 100_000)),
        (f"{emoji_fit:,} emoji (fits the 256 KiB body limit)", bench.request_body("😀" * emoji_fit)),
        ("one 100,000-letter word", bench.request_body(word)),
    ]


def answer_problem(status: int, raw: bytes) -> str | None:
    """None for a well-formed 200 answer to /v1/check, else what was wrong (no content quoted)."""
    if status != 200:
        return f"HTTP {status}"
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return "answer not JSON"
    if not isinstance(doc, dict) or not isinstance(doc.get("findings"), list) \
            or not isinstance(doc.get("affirmations"), list) or "language" not in doc:
        return "answer malformed"
    return None


# ---------------------------------------------------------------------------------------------
# The load


@dataclass
class LoadResult:
    checks: int = 0
    wall_s: float = 0.0
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    rss_mb: list[tuple[int, float]] = field(default_factory=list)  # (checks done, helper RSS)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())


async def run_load(port: int, bodies: Sequence[bytes], total: int, clients: int, helper: Any,
                   rss_every: int, seed: int, say: Any) -> LoadResult:
    import aiohttp

    res = LoadResult()
    next_index = 0
    done = 0
    next_rss = rss_every
    next_progress = max(1, total // 10)
    url = f"http://127.0.0.1:{port}/v1/check"
    timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT_S)
    order = random.Random(f"{seed}:order")
    picks = [order.randrange(len(bodies)) for _ in range(min(total, 100_000))]

    async def client() -> None:
        nonlocal next_index, done, next_rss, next_progress
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1), timeout=timeout) as session:
            while next_index < total:
                body = bodies[picks[next_index % len(picks)]]
                next_index += 1
                t0 = time.perf_counter_ns()
                try:
                    async with session.post(url, data=body, headers=bench.HEADERS) as resp:
                        raw = await resp.read()
                        status = resp.status
                    res.statuses[status] += 1
                    problem = answer_problem(status, raw)
                except (TimeoutError, aiohttp.ClientError) as exc:
                    problem = type(exc).__name__
                res.latencies_ms.append((time.perf_counter_ns() - t0) / 1e6)
                if problem:
                    res.errors[problem] += 1
                done += 1
                if done >= next_rss:
                    next_rss += rss_every
                    res.rss_mb.append((done, helper.rss_mb()))
                if done >= next_progress:
                    next_progress += max(1, total // 10)
                    say(f"  {done:,}/{total:,} checks, {res.error_count} errors")

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    res.wall_s = time.perf_counter() - t0
    res.checks = done
    return res


# ---------------------------------------------------------------------------------------------
# Pathological texts next to small checks


@dataclass
class BigResult:
    name: str
    chars: int
    body_bytes: int
    durations_ms: list[float] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    windows: list[tuple[float, float]] = field(default_factory=list)
    small_max_ms: float = 0.0  # the slowest 280-char check that overlapped this one


@dataclass
class PathoResult:
    baseline_ms: list[float] = field(default_factory=list)  # small checks with nothing else running
    during_ms: list[float] = field(default_factory=list)  # small checks overlapping a big one
    bigs: list[BigResult] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)


async def run_pathological(port: int, small: Sequence[bytes], repeats: int, seed: int) -> PathoResult:
    import aiohttp

    res = PathoResult()
    url = f"http://127.0.0.1:{port}/v1/check"
    timeout = aiohttp.ClientTimeout(total=CLIENT_TIMEOUT_S)
    windows: list[tuple[float, float]] = []
    big_running = False
    stop = False

    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1), timeout=timeout) as s_small, \
            aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1), timeout=timeout) as s_big:

        async def small_check(i: int) -> tuple[float, float, str | None]:
            t0 = time.perf_counter()
            try:
                async with s_small.post(url, data=small[i % len(small)], headers=bench.HEADERS) as resp:
                    problem = answer_problem(resp.status, await resp.read())
            except (TimeoutError, aiohttp.ClientError) as exc:
                problem = type(exc).__name__
            return t0, time.perf_counter(), problem

        for i in range(min(200, 40 * repeats)):  # baseline, nothing else in flight
            t0, t1, problem = await small_check(i)
            res.baseline_ms.append((t1 - t0) * 1000)
            if problem:
                res.errors[f"small: {problem}"] += 1

        small_log: list[tuple[float, float]] = []

        async def small_client() -> None:
            i = 0
            while not stop and i < 100_000:
                t0, t1, problem = await small_check(i)
                small_log.append((t0, t1))
                if problem:
                    res.errors[f"small: {problem}"] += 1
                i += 1
                if not big_running:
                    await asyncio.sleep(0.002)

        async def big_client() -> None:
            nonlocal big_running
            for name, body in pathological_bodies(seed):
                text_len = len(json.loads(body)["text"])
                big = BigResult(name, text_len, len(body))
                res.bigs.append(big)
                for _ in range(repeats):
                    await asyncio.sleep(0.05)  # let the small client settle between big ones
                    big_running = True
                    t0 = time.perf_counter()
                    try:
                        async with s_big.post(url, data=body, headers=bench.HEADERS) as resp:
                            await resp.read()
                            status = resp.status
                    except (TimeoutError, aiohttp.ClientError) as exc:
                        status = 0
                        res.errors[f"big: {type(exc).__name__}"] += 1
                    t1 = time.perf_counter()
                    big_running = False
                    windows.append((t0, t1))
                    big.windows.append((t0, t1))
                    big.durations_ms.append((t1 - t0) * 1000)
                    big.statuses[status] += 1
                    # 200, or 413 where the body is over the helper's 256 KiB limit; never 5xx.
                    if status not in (200, 413) or (status == 413 and len(body) <= BODY_LIMIT):
                        res.errors[f"big: HTTP {status}"] += 1

        small_task = asyncio.create_task(small_client())
        try:
            await big_client()
        finally:
            stop = True
            await small_task
    res.during_ms = [(t1 - t0) * 1000 for t0, t1 in small_log
                     if any(t0 < w1 and t1 > w0 for w0, w1 in windows)]
    for big in res.bigs:
        big.small_max_ms = max(((t1 - t0) * 1000 for t0, t1 in small_log
                                if any(t0 < w1 and t1 > w0 for w0, w1 in big.windows)), default=0.0)
    return res


# ---------------------------------------------------------------------------------------------
# Report


def fmt(ms: float) -> str:
    return bench.fmt_ms(ms)


def render(settings: Settings, facts: dict[str, Any], load: LoadResult, patho: PathoResult | None,
           healthy: bool, soak: dict[str, Any] | None, ready_s: float,
           mode: str) -> tuple[str, list[tuple[str, str, bool]]]:
    q = bench.quantile
    lat = load.latencies_ms
    lines: list[str] = []
    add = lines.append
    bounds: list[tuple[str, str, bool]] = []
    add(f"## Saring load test ({mode})")
    add("")
    add(f"{facts['nproc']} cores · {facts['cpu']} · Python {facts['python']} · git {facts['git']} · "
        f"other processes used {facts['other_cores_during_run']:.2f} cores during the run · "
        f"helper ready in {ready_s:.2f} s")
    add("")
    add("| figure | value |")
    add("|---|---:|")
    add(f"| clients (keep-alive sessions) | {settings.clients} |")
    add(f"| checks | {load.checks:,} |")
    add(f"| posts | {settings.min_chars:,}–{settings.max_chars:,} chars, random strictness and locale, "
        f"{settings.pool:,} distinct |")
    add(f"| wall time | {load.wall_s:.1f} s |")
    add(f"| throughput | {load.checks / load.wall_s:,.0f} checks/s |")
    add(f"| latency p50 / p99 / max | {fmt(q(lat, 0.5))} / {fmt(q(lat, 0.99))} / {fmt(max(lat, default=0))} |")
    add(f"| statuses | {', '.join(f'{k}: {v:,}' for k, v in sorted(load.statuses.items()))} |")
    add(f"| errors | {load.error_count}{' (' + ', '.join(f'{k}: {v}' for k, v in load.errors.items()) + ')' if load.errors else ''} |")  # noqa: E501
    if load.rss_mb:
        add(f"| helper RSS, first / last sample | {load.rss_mb[0][1]:.0f} MB / {load.rss_mb[-1][1]:.0f} MB |")
    if soak:
        add(f"| helper RSS after warm-up ({soak['warmup_checks']:,} checks) | {soak['warm_mb']:.1f} MB |")
        add(f"| helper RSS after the soak ({load.checks:,} checks) | {soak['after_mb']:.1f} MB |")
        add(f"| ratio (bound ≤ {SOAK_MAX_GROWTH:.2f}) | {soak['ratio']:.3f} |")
        bounds.append((f"RSS after soak ≤ {SOAK_MAX_GROWTH:.2f}× after warm-up", f"{soak['ratio']:.3f}×",
                       soak["ratio"] <= SOAK_MAX_GROWTH))
    add(f"| helper healthy afterwards | {'yes' if healthy else '**NO**'} |")
    if patho:
        add("")
        add("### Pathological texts from one client, 280-char checks from another")
        add("")
        add("| big request | chars | body | statuses | longest | bound ≤ 1 s | slowest 280-char check alongside |")
        add("|---|---:|---:|---|---:|---|---:|")
        for big in patho.bigs:
            longest = max(big.durations_ms, default=0.0)
            refused = set(big.statuses) == {413}
            ok = longest <= BIG_BOUND_MS
            note = " (refused: body over 256 KiB)" if refused else ""
            add(f"| {big.name} | {big.chars:,} | {big.body_bytes / 1024:,.0f} KiB "
                f"| {', '.join(f'{k}×{v}' for k, v in sorted(big.statuses.items()))} "
                f"| {fmt(longest)} | {'pass' if ok else '**MISS**'}{note} | {fmt(big.small_max_ms)} |")
            bounds.append((f"{big.name}: answered ≤ 1 s", fmt(longest), ok))
        d = patho.during_ms
        small_ok = bool(d) and max(d) <= SMALL_BOUND_MS
        add("")
        add("| 280-char checks | count | p50 | p99 | max | bound ≤ 100 ms |")
        add("|---|---:|---:|---:|---:|---|")
        b = patho.baseline_ms
        add(f"| alone (baseline) | {len(b)} | {fmt(q(b, 0.5))} | {fmt(q(b, 0.99))} | {fmt(max(b, default=0))} | |")
        add(f"| during the big ones | {len(d)} | {fmt(q(d, 0.5))} | {fmt(q(d, 0.99))} | {fmt(max(d, default=0))} "
            f"| {'pass' if small_ok else '**MISS**'} |")
        bounds.append(("280-char checks during the big ones: max ≤ 100 ms",
                       f"max {fmt(max(d, default=0))}, p99 {fmt(q(d, 0.99))}", small_ok))
        if patho.errors:
            add("")
            add("Errors: " + ", ".join(f"{k}: {v}" for k, v in patho.errors.items()))
    add("")
    add("| bound | measured | verdict |")
    add("|---|---|---|")
    add(f"| zero errors under load | {load.error_count} | {'pass' if load.error_count == 0 else '**FAIL**'} |")
    for name, measured, ok in bounds:
        add(f"| {name} | {measured} | {'pass' if ok else '**MISS**'} |")
    return "\n".join(lines), bounds


# ---------------------------------------------------------------------------------------------


def settings_from(args: argparse.Namespace) -> Settings:
    if args.quick:
        s = Settings(8, 1_600, 280, 1_000, 400, 1, False, args.seed)
    else:
        s = Settings(32, 200_000 if args.soak else 20_000, 280, 2_200, 2_000, 5, args.soak, args.seed)
    if args.clients:
        s.clients = args.clients
    if args.checks:
        s.checks = args.checks
    if args.patho_repeats is not None:
        s.patho_repeats = args.patho_repeats
    return s


async def health_ok(port: int) -> bool:
    import aiohttp

    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session:
            async with session.get(f"http://127.0.0.1:{port}/v1/health") as resp:
                if resp.status != 200 or (await resp.json()).get("status") != "ok":
                    return False
            async with session.post(f"http://127.0.0.1:{port}/v1/check", headers=bench.HEADERS,
                                    data=bench.request_body("Terima kasih tenaga kesehatan.")) as resp:
                return answer_problem(resp.status, await resp.read()) is None
    except (TimeoutError, aiohttp.ClientError):
        return False


async def categories(port: int) -> list[str]:
    import aiohttp

    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10)) as session, \
            session.get(f"http://127.0.0.1:{port}/v1/rules") as resp:
        return [c["id"] for c in (await resp.json())["categories"]]


def start_with_snapshot(workdir: Path, say: Any, tries: int = 6, source: Path | None = None) -> tuple[Any, float]:
    """Start the helper on a copy of rules/ (edits during the run change nothing); retry while the
    pack on disk does not load (exit 2), as when someone is mid-edit."""
    for attempt in range(1, tries + 1):
        helper = bench.start_helper(workdir, bench.snapshot_rules(workdir, source))
        try:
            return helper, helper.wait_ready()
        except RuntimeError:
            helper.stop()
            if helper.proc.returncode != 2 or attempt == tries:
                raise
            say("rules/ does not load; trying again in 10 s")
            time.sleep(10)
    raise AssertionError("unreachable")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--soak", action="store_true", help="200,000 checks and a memory bound")
    parser.add_argument("--quick", action="store_true", help="8 clients, 1,600 checks of 280–1,000 chars")
    parser.add_argument("--clients", type=int, default=0)
    parser.add_argument("--checks", type=int, default=0)
    parser.add_argument("--patho-repeats", type=int, default=None, help="times each pathological text is sent")
    parser.add_argument("--no-patho", action="store_true", help="skip the pathological-texts check")
    parser.add_argument("--rules", type=Path, default=None, help="rule pack directory (default: rules/)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, default=bench.RESULTS_DIR, help="where the JSON goes")
    args = parser.parse_args(argv)
    settings = settings_from(args)
    if not 1 <= settings.clients <= 256 or not 1 <= settings.checks <= 1_000_000:
        parser.error("clients must be 1–256 and checks 1–1,000,000")

    started = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    facts = bench.machine_facts()
    other_load = bench.OtherLoad()
    posts = bench.load_corpus()
    with tempfile.TemporaryDirectory(prefix="saring-load-") as tmp:
        helper, ready_s = start_with_snapshot(Path(tmp), say, source=args.rules)
        with bench.running(helper):
            say(f"helper ready in {ready_s:.2f} s on 127.0.0.1:{helper.port}")
            cats = asyncio.run(categories(helper.port))
            bodies = mixed_bodies(posts, settings.pool, settings.min_chars, settings.max_chars, cats, settings.seed)
            small = [bench.request_body(bench.join_posts(posts, 280, random.Random(f"{settings.seed}:small:{i}")))
                     for i in range(50)]
            rss_every = SOAK_WARMUP_CHECKS if settings.soak else max(1, settings.checks // 4)
            say(f"load: {settings.clients} clients, {settings.checks:,} checks")
            load = asyncio.run(run_load(helper.port, bodies, settings.checks, settings.clients, helper, rss_every,
                                        settings.seed, say))
            soak = None
            if settings.soak:
                warm = next((mb for n, mb in load.rss_mb if n >= SOAK_WARMUP_CHECKS), load.rss_mb[0][1])
                after = helper.rss_mb()
                soak = {"warmup_checks": SOAK_WARMUP_CHECKS, "warm_mb": warm, "after_mb": after,
                        "ratio": after / warm, "series": load.rss_mb}
            patho = None
            if not args.no_patho:
                say(f"pathological texts × {settings.patho_repeats}, with 280-char checks alongside")
                patho = asyncio.run(run_pathological(helper.port, small, settings.patho_repeats, settings.seed))
            healthy = helper.alive() and asyncio.run(health_ok(helper.port))
            rss_end = helper.rss_mb() if helper.alive() else None
            code = helper.stop()
    facts["other_cores_during_run"] = round(other_load.cores(), 2)
    mode = "soak" if settings.soak else ("quick" if args.quick else "load")
    report, bounds = render(settings, facts, load, patho, healthy, soak, ready_s, mode)
    print(report)
    failures = []
    if load.error_count:
        failures.append(f"{load.error_count} errors under load")
    if patho and patho.errors:
        failures.append(f"{sum(patho.errors.values())} errors in the pathological check")
    if not healthy:
        failures.append("helper not healthy afterwards")
    if soak and soak["ratio"] > SOAK_MAX_GROWTH:
        failures.append(f"memory grew {soak['ratio']:.3f}× during the soak")
    doc = {
        "mode": mode,
        "machine": {**facts, "loadavg_at_end": [round(x, 2) for x in os.getloadavg()]},
        "settings": settings.__dict__,
        "helper": {"ready_s": round(ready_s, 3), "rss_end_mb": rss_end, "exit_code": code, "healthy_after": healthy},
        "load": {"checks": load.checks, "wall_s": round(load.wall_s, 3),
                 "checks_per_s": round(load.checks / load.wall_s, 1),
                 "latency_ms": bench.Stats.of(load.latencies_ms).as_dict(),
                 "statuses": {str(k): v for k, v in load.statuses.items()}, "errors": dict(load.errors),
                 "status_5xx": sum(v for k, v in load.statuses.items() if k >= 500),
                 "rss_mb": [[n, round(mb, 1)] for n, mb in load.rss_mb]},
        "soak": soak,
        "pathological": None if patho is None else {
            "baseline_ms": bench.Stats.of(patho.baseline_ms).as_dict(),
            "small_during_ms": bench.Stats.of(patho.during_ms).as_dict(),
            "big": [{"name": b.name, "chars": b.chars, "body_bytes": b.body_bytes,
                     "durations_ms": [round(x, 2) for x in b.durations_ms],
                     "small_max_ms": round(b.small_max_ms, 2),
                     "statuses": {str(k): v for k, v in b.statuses.items()}} for b in patho.bigs],
            "errors": dict(patho.errors)},
        "bounds": [{"name": n, "measured": m, "pass": ok} for n, m, ok in bounds],
        "failures": failures,
        "elapsed_s": round(time.perf_counter() - started, 1),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"load-{bench.timestamp()}-{doc['mode']}.json"
    path.write_text(json.dumps(bench.json_safe(doc), indent=1, allow_nan=False) + "\n", encoding="utf-8")
    with contextlib.suppress(OSError):
        (args.out / f"latest-load-{doc['mode']}.json").write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    print(f"\nJSON: {path}")
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("OK: zero errors" + (", memory bound held" if soak else ""))
    return 0


if __name__ == "__main__":
    bench.run_script(main, "scripts/load")
