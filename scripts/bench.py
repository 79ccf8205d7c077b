"""Saring benchmark: what a check costs, in process and over HTTP, next to the floors.

    scripts/bench            full run (a few minutes): prints markdown tables, writes bench-results/*.json
    scripts/bench --quick    a few seconds; fewer repetitions, no 63,206-character texts, 2,000-post batch

Workloads are built from the team's corpus (tests/corpus/dev.jsonl): posts of one language
(`tags`: id / en) and one kind (`labels`: clean = empty at every strictness, violating = not)
joined with blank lines until a size is reached and cut there: 280 characters (X), 2,200
(Instagram caption), 10,000 and 63,206 (Facebook's limit).

Figures (median and p99 over many runs after warm-up, same texts, same run):
  1. check() in process (helper.api.check: Engine.analyze + building the response), and cost per 1,000 chars
  2. HTTP round trip to the real helper (`python -m helper serve`) over loopback, keep-alive session
  3. batch throughput of `saring check --jsonl` on 280-character posts, and its start-up alone
  4. helper start-up to /v1/health answering, and its resident memory after warm-up
Side by side:
  5. floor for scanning: one pass of a pyahocorasick automaton of every lexicon term
  6. floor for serving: a minimal aiohttp handler parsing the same JSON, answering pre-built bytes
  7. naive alternative: one regular expression alternating every lexicon term, on the lower-cased text
  8. peer inline checker: harper.js (LocalLinter, inlined binary) on the same English texts, in Node

Targets are printed as pass/miss; a miss never fails the run, an error does (exit 1).
Privacy: texts are never printed or logged, only counts and timings.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import json
import os
import platform
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus" / "dev.jsonl"
HARPER_DIR = ROOT / "bench" / "harper"
RESULTS_DIR = ROOT / "bench-results"
ORIGIN = "chrome-extension://saringbenchmarkclient"

SIZES_FULL = (280, 2_200, 10_000, 63_206)
SIZES_QUICK = (280, 2_200, 10_000)
VARIANTS = (("id", "clean"), ("id", "violating"), ("en", "clean"), ("en", "violating"))


# ---------------------------------------------------------------------------------------------
# Shared with scripts/load.py: corpus, texts, statistics, the helper as a subprocess


@dataclass(frozen=True)
class Post:
    text: str
    lang: str  # id, en or mixed
    clean: bool


def load_corpus(path: Path = CORPUS) -> list[Post]:
    posts = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            item = json.loads(line)
            tags = item.get("tags", [])
            lang = next((t for t in ("id", "en", "mixed") if t in tags), "mixed")
            labels = item.get("labels", {})
            clean = not any(labels.get(level) for level in ("relaxed", "standard", "strict"))
            posts.append(Post(item["text"], lang, clean))
    return posts


def join_posts(posts: Sequence[Post], size: int, rng: random.Random) -> str:
    """Posts in random order (reshuffled each time round) joined with blank lines, cut at `size`."""
    if not posts:
        raise ValueError("no posts to build a text from")
    pieces: list[str] = []
    total = -2  # the separator goes between posts
    while total < size:
        order = list(posts)
        rng.shuffle(order)
        for post in order:
            pieces.append(post.text)
            total += 2 + len(post.text)
            if total >= size:
                break
    return "\n\n".join(pieces)[:size]


def select(posts: Sequence[Post], lang: str | None = None, kind: str | None = None) -> list[Post]:
    return [p for p in posts
            if (lang is None or p.lang == lang) and (kind is None or p.clean == (kind == "clean"))]


def quantile(values: Sequence[float], q: float) -> float:
    """Linear interpolation between closest ranks (numpy's default; same as bench/harper/run.mjs)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass
class Stats:
    n: int
    median: float  # milliseconds
    p99: float
    mean: float
    min: float
    max: float

    @classmethod
    def of(cls, ms: Sequence[float]) -> Stats:
        return cls(len(ms), quantile(ms, 0.5), quantile(ms, 0.99), statistics.fmean(ms) if ms else float("nan"),
                   min(ms, default=float("nan")), max(ms, default=float("nan")))

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in self.__dict__.items()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(port: int, path: str, timeout: float = 2.0) -> tuple[int, bytes]:
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


class Server:
    """A server subprocess on 127.0.0.1 (the real helper, or the aiohttp floor)."""

    def __init__(self, args: Sequence[str], port: int, health: str, log: Path) -> None:
        self.port = port
        self.health = health
        self.log = log
        self._log_file = log.open("wb")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, *args], cwd=ROOT, stdout=self._log_file, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        self.ready_s: float | None = None

    @property
    def pid(self) -> int:
        return self.proc.pid

    def wait_ready(self, timeout: float = 60.0, poll: float = 0.01) -> float:
        """Seconds from process start to the health endpoint answering 200."""
        deadline = self.started + timeout
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited with {self.proc.returncode} before answering; "
                                   f"last log lines:\n{self.log_tail()}")
            try:
                status, _ = http_get(self.port, self.health, timeout=1.0)
                if status == 200:
                    self.ready_s = time.perf_counter() - self.started
                    return self.ready_s
            except OSError:
                pass
            if time.perf_counter() > deadline:
                self.stop()
                raise RuntimeError(f"server not ready after {timeout:.0f} s; last log lines:\n{self.log_tail()}")
            time.sleep(poll)

    def watch_ready(self) -> None:
        """Time the start-up in a background thread while this process does other work."""
        import threading

        def run() -> None:
            try:
                self.wait_ready()
            except RuntimeError as exc:
                self._ready_error = exc

        self._ready_error: RuntimeError | None = None
        self._watcher = threading.Thread(target=run, daemon=True)
        self._watcher.start()

    def ready(self) -> float:
        """Seconds from start to ready: waits for watch_ready's thread, or polls now."""
        watcher = getattr(self, "_watcher", None)
        if watcher is None:
            return self.wait_ready()
        watcher.join()
        if self._ready_error is not None:
            raise self._ready_error
        assert self.ready_s is not None
        return self.ready_s

    def rss_mb(self) -> float:
        import psutil

        return float(psutil.Process(self.proc.pid).memory_info().rss) / 2**20

    def cpu_s(self) -> float:
        import psutil

        t = psutil.Process(self.proc.pid).cpu_times()
        return float(t.user + t.system)

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, lines: int = 8) -> str:
        # The helper never logs drafts (only counts, timings and exception type names).
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> int | None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        self._log_file.close()
        return self.proc.returncode


def snapshot_rules(workdir: Path, source: Path | None = None) -> Path:
    """A copy of rules/ for this run: every figure uses the same pack, whatever changes on disk meanwhile."""
    dest = workdir / "rules"
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(source or ROOT / "rules", dest)
    return dest


def load_engine(workdir: Path, say: Callable[[str], None], tries: int = 1, snapshot: Path | None = None,
                source: Path | None = None) -> tuple[Any, Path]:
    """Snapshot the rule pack (or use `snapshot`) and build an engine from it; retry while someone is mid-edit."""
    from helper.engine import Engine
    from helper.rulepack import RulePackError, load_rule_pack

    for attempt in range(1, tries + 1):
        rules = snapshot or snapshot_rules(workdir, source)
        try:
            return Engine(load_rule_pack(rules)), rules
        except RulePackError as exc:
            if attempt == tries:
                raise RuntimeError("the rule pack in rules/ does not load:\n  "
                                   + "\n  ".join(exc.problems[:5])) from None
            say(f"rules/ does not load ({len(exc.problems)} problems); trying again in 10 s")
            time.sleep(10)
    raise AssertionError("unreachable")


def start_helper(workdir: Path, rules: Path, name: str = "helper", extra: Sequence[str] = ()) -> Server:
    port = free_port()
    return Server(["-m", "helper", "serve", "--host", "127.0.0.1", "--port", str(port), "--no-watch",
                   "--rules", str(rules), "--log-level", "warning", *extra],
                  port, "/v1/health", workdir / f"{name}.log")


@contextlib.contextmanager
def running(server: Server) -> Iterator[Server]:
    try:
        yield server
    finally:
        server.stop()


def _cpu_busy_seconds() -> float:
    """Seconds of non-idle CPU time on the whole machine since boot (all cores), from /proc/stat."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        return float("nan")
    ticks = [int(x) for x in fields]
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class OtherLoad:
    """How much CPU other processes used while we ran: machine busy time minus ours and our children's."""

    def __init__(self) -> None:
        self.wall0 = time.monotonic()
        self.busy0 = _cpu_busy_seconds()
        self.own0 = self._own()

    @staticmethod
    def _own() -> float:
        t = os.times()
        return t.user + t.system + t.children_user + t.children_system

    def cores(self) -> float:
        """Average number of cores other processes kept busy (0 on a quiet machine)."""
        wall = time.monotonic() - self.wall0
        if wall <= 0:
            return 0.0
        other = (_cpu_busy_seconds() - self.busy0) - (self._own() - self.own0)
        return max(0.0, other / wall)


def wait_until_quiet(limit_s: float, say: Callable[[str], None], threshold: float = 0.25) -> float:
    """Wait (at most limit_s) until other processes use less than `threshold` of a core; returns that use."""
    deadline = time.monotonic() + limit_s
    warned = False
    while True:
        probe = OtherLoad()
        time.sleep(1.0)
        used = probe.cores()
        if used < threshold or time.monotonic() >= deadline:
            return used
        if not warned:
            say(f"other processes keep {used:.2f} cores busy; waiting up to {limit_s:.0f} s for a quieter machine")
            warned = True


def machine_facts() -> dict[str, Any]:
    cpu = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    rev = "unknown"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, timeout=5).stdout.strip() or "unknown"
        dirty = subprocess.run(["git", "-C", str(ROOT), "status", "--porcelain", "--", "helper", "rules"],
                               capture_output=True, text=True, timeout=5).stdout.strip()
        if dirty:
            rev += "+uncommitted"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "git": rev,
    }


def json_safe(value: Any) -> Any:
    """NaN and infinity become null, so the file is strict JSON."""
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        return None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def timestamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")


# ---------------------------------------------------------------------------------------------
# Workloads


@dataclass
class Workload:
    size: int
    texts: dict[tuple[str, str], str]  # (lang, kind) -> text of exactly `size` characters

    def items(self) -> list[tuple[tuple[str, str], str]]:
        return list(self.texts.items())

    def english(self) -> list[tuple[tuple[str, str], str]]:
        return [(k, t) for k, t in self.texts.items() if k[0] == "en"]


def build_workloads(posts: Sequence[Post], sizes: Sequence[int], seed: int) -> list[Workload]:
    out = []
    for size in sizes:
        texts = {}
        for lang, kind in VARIANTS:
            rng = random.Random(f"{seed}:{size}:{lang}:{kind}")
            texts[(lang, kind)] = join_posts(select(posts, lang, kind), size, rng)
        out.append(Workload(size, texts))
    return out


def batch_posts(posts: Sequence[Post], count: int, size: int, seed: int) -> list[str]:
    rng = random.Random(f"{seed}:batch")
    pool = select(posts)
    return [join_posts(pool, size, rng) for _ in range(count)]


# ---------------------------------------------------------------------------------------------
# Measurement


@dataclass
class Plan:
    sizes: tuple[int, ...]
    samples: dict[int, int]  # per size, pooled over the four texts (engine, regex, HTTP)
    warmup_runs: int
    warmup_s: float  # at least this long per method and size
    batch_posts: int
    startups: int  # helper start-ups timed (the last one serves the HTTP figures)
    harper: bool


def plan_for(quick: bool, harper: bool | None, scale: float = 1.0) -> Plan:
    if quick:
        samples = {280: 60, 2_200: 20, 10_000: 8}
        plan = Plan(SIZES_QUICK, samples, 2, 0.02, 2_000, 1, bool(harper))
    else:
        samples = {280: 1_000, 2_200: 400, 10_000: 120, 63_206: 48}
        plan = Plan(SIZES_FULL, samples, 5, 0.3, 20_000, 3, harper is not False)
    plan.samples = {k: max(4, int(v * scale)) for k, v in plan.samples.items()}
    if scale < 1:
        plan.batch_posts = max(50, int(plan.batch_posts * scale))
    return plan


def time_round_robin(fn: Callable[[Any], object], inputs: Sequence[Any], samples: int, warmup_runs: int,
                     warmup_s: float, cpu: list[float] | None = None) -> list[float]:
    """Warm up on every input, then time `samples` calls cycling through the inputs (ms of wall time;
    `cpu` receives this thread's CPU time per call, which other processes on the machine don't inflate)."""
    until = time.perf_counter() + warmup_s
    for _ in range(warmup_runs):
        for x in inputs:
            fn(x)
    while time.perf_counter() < until:
        for x in inputs:
            fn(x)
    out = []
    clock = time.perf_counter_ns
    cpu_clock = time.thread_time_ns
    for i in range(samples):
        x = inputs[i % len(inputs)]
        c0 = cpu_clock()
        t0 = clock()
        fn(x)
        out.append((clock() - t0) / 1e6)
        if cpu is not None:
            cpu.append((cpu_clock() - c0) / 1e6)
    return out


def lexicon_terms(engine: Any) -> list[str]:
    """Every term of every list of the rule pack, as plain strings with `~` stripped."""
    terms = {t.replace("~", "").strip().casefold() for terms in engine.pack.lists.values() for t in terms}
    return sorted(t for t in terms if t)


def build_automaton(terms: Sequence[str]) -> Any:
    import ahocorasick

    automaton = ahocorasick.Automaton()
    for i, term in enumerate(terms):
        automaton.add_word(term, i)
    automaton.make_automaton()
    return automaton


def build_naive_regex(terms: Sequence[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternation})\b")


@dataclass
class InProcess:
    check: dict[int, list[float]] = field(default_factory=dict)
    check_cpu: dict[int, list[float]] = field(default_factory=dict)  # CPU time of the same calls
    check_by_variant: dict[int, dict[str, list[float]]] = field(default_factory=dict)
    analyze: dict[int, list[float]] = field(default_factory=dict)
    ac: dict[int, list[float]] = field(default_factory=dict)
    regex: dict[int, list[float]] = field(default_factory=dict)
    findings: dict[int, dict[str, int]] = field(default_factory=dict)
    ac_matches: dict[int, dict[str, int]] = field(default_factory=dict)
    regex_matches: dict[int, dict[str, int]] = field(default_factory=dict)
    responses: dict[int, bytes] = field(default_factory=dict)  # pre-built answers for the floor server
    terms: int = 0


def measure_in_process(engine: Any, workloads: Sequence[Workload], plan: Plan, say: Callable[[str], None]) -> InProcess:
    from helper.api import CheckRequest, check

    terms = lexicon_terms(engine)
    automaton = build_automaton(terms)
    naive = build_naive_regex(terms)
    res = InProcess()

    def scan_ac(text: str) -> int:
        return sum(1 for _ in automaton.iter(text))

    def scan_regex(text: str) -> int:
        return len(naive.findall(text.lower()))

    for wl in workloads:
        n = plan.samples[wl.size]
        say(f"in process: {wl.size:,} chars × {n} samples")
        keys = [f"{lang}-{kind}" for (lang, kind), _ in wl.items()]
        texts = [t for _, t in wl.items()]
        requests = [CheckRequest(text=t) for t in texts]
        res.findings[wl.size] = {}
        for key, req in zip(keys, requests, strict=True):
            answer = check(engine, req)
            res.findings[wl.size][key] = len(answer.findings)
        res.ac_matches[wl.size] = {k: scan_ac(t) for k, t in zip(keys, texts, strict=True)}
        res.regex_matches[wl.size] = {k: scan_regex(t) for k, t in zip(keys, texts, strict=True)}
        # A typical response for this size: the largest of the four (violating texts have findings).
        res.responses[wl.size] = max((check(engine, r).model_dump_json().encode() for r in requests), key=len)

        cpu: list[float] = []
        samples = time_round_robin(lambda r: check(engine, r), requests, n, plan.warmup_runs, plan.warmup_s, cpu)
        res.check[wl.size] = samples
        res.check_cpu[wl.size] = cpu
        res.check_by_variant[wl.size] = {k: samples[i::len(keys)] for i, k in enumerate(keys)}
        res.analyze[wl.size] = time_round_robin(engine.analyze, texts, max(4, n // 2), 1, 0.0)
        res.ac[wl.size] = time_round_robin(scan_ac, texts, n * 4, plan.warmup_runs, plan.warmup_s)
        res.regex[wl.size] = time_round_robin(scan_regex, texts, n, plan.warmup_runs, plan.warmup_s)
    res.terms = len(terms)
    return res


# -- HTTP -------------------------------------------------------------------------------------


def serve_floor(port: int, responses_file: Path) -> None:
    """The floor for serving: parse the request JSON, answer pre-built bytes of a same-sized response."""
    from aiohttp import web

    table = {int(k): v.encode() for k, v in json.loads(responses_file.read_text(encoding="utf-8")).items()}
    default = table[min(table)]

    async def check_floor(request: web.Request) -> web.Response:
        payload = await request.json()
        body = table.get(len(payload["text"]), default)
        return web.Response(body=body, content_type="application/json")

    async def health(_: web.Request) -> web.Response:
        return web.Response(body=b'{"status":"ok"}', content_type="application/json")

    app = web.Application(client_max_size=256 * 1024)
    app.router.add_post("/v1/check", check_floor)
    app.router.add_get("/v1/health", health)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def start_floor(workdir: Path, responses: dict[int, bytes]) -> Server:
    path = workdir / "floor-responses.json"
    path.write_text(json.dumps({str(k): v.decode() for k, v in responses.items()}), encoding="utf-8")
    port = free_port()
    return Server([str(Path(__file__).resolve()), "--serve-floor", str(port), str(path)], port, "/v1/health",
                  workdir / "floor.log")


def request_body(text: str, strictness: str = "standard", **extra: Any) -> bytes:
    # As the extension sends it: JSON.stringify keeps non-ASCII characters as they are.
    return json.dumps({"text": text, "strictness": strictness, **extra}, ensure_ascii=False).encode()


HEADERS = {"Content-Type": "application/json", "Origin": ORIGIN}


async def _time_http(ports: dict[str, int], bodies: Sequence[bytes], samples: int, warmup_runs: int,
                     warmup_s: float, cpu_probe: Callable[[], dict[str, float]] | None = None,
                     cpu_out: dict[str, float] | None = None) -> dict[str, list[float]]:
    """Time round trips to each server, alternating between them sample by sample (ms). With a
    `cpu_probe` (CPU seconds used so far by each server), `cpu_out` gets each server's CPU ms per request."""
    import aiohttp

    out: dict[str, list[float]] = {name: [] for name in ports}
    timeout = aiohttp.ClientTimeout(total=60)
    sessions = {name: aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=1), timeout=timeout)
                for name in ports}
    try:
        async def one(name: str, body: bytes) -> float:
            t0 = time.perf_counter_ns()
            async with sessions[name].post(f"http://127.0.0.1:{ports[name]}/v1/check", data=body,
                                           headers=HEADERS) as resp:
                await resp.read()
                if resp.status != 200:
                    raise RuntimeError(f"{name}: HTTP {resp.status} on /v1/check")
            return (time.perf_counter_ns() - t0) / 1e6

        until = time.perf_counter() + warmup_s
        for _ in range(warmup_runs):
            for body in bodies:
                for name in ports:
                    await one(name, body)
        while time.perf_counter() < until:
            for body in bodies:
                for name in ports:
                    await one(name, body)
        before = cpu_probe() if cpu_probe else {}
        for i in range(samples):
            body = bodies[i % len(bodies)]
            for name in ports:
                out[name].append(await one(name, body))
        if cpu_probe and cpu_out is not None and samples:
            after = cpu_probe()
            for name in ports:
                cpu_out[name] = (after[name] - before[name]) * 1000 / samples
    finally:
        for s in sessions.values():
            await s.close()
    return out


@dataclass
class Http:
    helper: dict[int, list[float]] = field(default_factory=dict)
    floor: dict[int, list[float]] = field(default_factory=dict)
    helper_cpu_ms: dict[int, float] = field(default_factory=dict)  # server CPU per request (mean)
    floor_cpu_ms: dict[int, float] = field(default_factory=dict)
    startups_s: list[float] = field(default_factory=list)
    rss_ready_mb: float = 0.0
    rss_warm_mb: float = 0.0
    floor_rss_mb: float = 0.0


def measure_http(workloads: Sequence[Workload], responses: dict[int, bytes], plan: Plan, workdir: Path,
                 rules: Path, say: Callable[[str], None], helper: Server | None = None) -> Http:
    """HTTP figures; `helper` may have been started earlier (quick mode), else it starts here."""
    res = Http()
    if helper is None:
        for i in range(plan.startups - 1):
            with running(start_helper(workdir, rules, f"startup-{i}")) as extra:
                res.startups_s.append(extra.wait_ready())
                say(f"helper start-up {i + 1}/{plan.startups}: {res.startups_s[-1]:.2f} s")
        helper = start_helper(workdir, rules)
    with running(helper), running(start_floor(workdir, responses)) as floor:
        res.startups_s.append(helper.ready())
        say(f"helper start-up {len(res.startups_s)}/{plan.startups}: {res.startups_s[-1]:.2f} s")
        res.rss_ready_mb = helper.rss_mb()
        floor.wait_ready()
        for wl in workloads:
            n = plan.samples[wl.size]
            say(f"HTTP: {wl.size:,} chars × {n} samples (helper and floor alternating)")
            bodies = [request_body(t) for _, t in wl.items()]
            cpu: dict[str, float] = {}
            times = asyncio.run(_time_http({"helper": helper.port, "floor": floor.port}, bodies, n,
                                           plan.warmup_runs, plan.warmup_s,
                                           lambda: {"helper": helper.cpu_s(), "floor": floor.cpu_s()}, cpu))
            res.helper[wl.size] = times["helper"]
            res.floor[wl.size] = times["floor"]
            res.helper_cpu_ms[wl.size] = cpu.get("helper", float("nan"))
            res.floor_cpu_ms[wl.size] = cpu.get("floor", float("nan"))
        res.rss_warm_mb = helper.rss_mb()
        res.floor_rss_mb = floor.rss_mb()
        if not helper.alive():
            raise RuntimeError("the helper exited during the benchmark")
    return res


# -- Batch ------------------------------------------------------------------------------------


@dataclass
class Batch:
    posts: int
    chars: int
    wall_s: float
    startup_s: float
    lines_out: int
    line_errors: int

    def steady_pps(self) -> float | None:
        """Posts per second once started (None when start-up noise swamps the run)."""
        work = self.wall_s - self.startup_s
        return self.posts / work if work > 0.05 * self.wall_s else None


def run_batch(path: Path, sink: Path, rules: Path) -> float:
    """Wall seconds of `saring check --jsonl path` (output to sink)."""
    cmd = [sys.executable, "-m", "helper", "check", "--rules", str(rules), "--jsonl", str(path)]
    with sink.open("wb") as stdout:
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, timeout=1800)
        wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"saring check --jsonl exited {proc.returncode}: "
                           f"{proc.stderr.decode(errors='replace')[-500:]}")
    return wall


def batch_startup(workdir: Path, rules: Path, name: str = "empty") -> float:
    """Start-up alone: the batch command on an empty file."""
    empty = workdir / f"{name}.jsonl"
    empty.write_text("", encoding="utf-8")
    return run_batch(empty, workdir / f"{name}-out.jsonl", rules)


def measure_batch(posts: Sequence[Post], plan: Plan, seed: int, workdir: Path, rules: Path,
                  say: Callable[[str], None], startups: Sequence[float] = ()) -> Batch:
    texts = batch_posts(posts, plan.batch_posts, 280, seed)
    source = workdir / "batch.jsonl"
    with source.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts):
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    out = workdir / "batch-out.jsonl"
    if not startups:
        startups = [batch_startup(workdir, rules) for _ in range(max(1, plan.startups))]
    say(f"batch: {len(texts):,} posts of 280 chars")
    wall = run_batch(source, out, rules)
    lines = errors = 0
    with out.open(encoding="utf-8") as f:
        for line in f:
            lines += 1
            if "error" in json.loads(line):
                errors += 1
    for p in (source, out):
        p.unlink()
    return Batch(len(texts), 280, wall, statistics.median(startups), lines, errors)


# -- harper.js --------------------------------------------------------------------------------


@dataclass
class Harper:
    status: str  # "ok", "skipped" or what failed
    version: str = ""
    node: str = ""
    setup_ms: float = 0.0
    times: dict[int, list[float]] = field(default_factory=dict)
    lints: dict[int, list[int]] = field(default_factory=dict)


def ensure_harper(install: bool) -> str | None:
    """None when harper.js is ready to run, else why not."""
    node = shutil.which("node")
    if node is None:
        return "node not found"
    if (HARPER_DIR / "node_modules" / "harper.js" / "package.json").exists():
        return None
    if not install:
        return "bench/harper/node_modules missing (run scripts/bench once without --quick, or npm ci in bench/harper)"
    npm = shutil.which("npm")
    if npm is None:
        return "npm not found"
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HARPER_DIR,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        lines = [line for line in (proc.stderr + proc.stdout).splitlines() if line.strip()]
        return "npm ci failed: " + " | ".join(lines[-3:])
    return None


def measure_harper(workloads: Sequence[Workload], plan: Plan, say: Callable[[str], None]) -> Harper:
    if not plan.harper:
        return Harper("skipped (quick mode; pass --harper to include it)")
    problem = ensure_harper(install=True)
    if problem:
        return Harper(problem)
    job = {
        "warmup": plan.warmup_runs * 4,
        "warmup_ms": max(plan.warmup_s, 0.2) * 1000 * 3,
        "sizes": [{"size": wl.size, "samples": max(2, plan.samples[wl.size] // 2),
                   "texts": [t for _, t in wl.english()]} for wl in workloads],
    }
    say("harper.js: linting the English texts in Node")
    proc = subprocess.run(["node", str(HARPER_DIR / "run.mjs")], input=json.dumps(job), capture_output=True,
                          text=True, cwd=HARPER_DIR, timeout=1800)
    try:
        out = json.loads(proc.stdout.strip().splitlines()[-1])
    except (json.JSONDecodeError, IndexError):
        tail = " | ".join(proc.stderr.strip().splitlines()[-3:])
        return Harper(f"node exited {proc.returncode} without a result: {tail}")
    if "error" in out:
        return Harper(f"harper.js failed: {out['error']}")
    h = Harper("ok", out.get("harper", ""), out.get("node", ""), out.get("setup_ms", 0.0))
    for item in out["sizes"]:
        h.times[item["size"]] = item["times_ms"]
        h.lints[item["size"]] = item["lints"]
    return h


# ---------------------------------------------------------------------------------------------
# Report


@dataclass
class Target:
    name: str
    measured: str
    ok: bool | None  # None: not measured

    @property
    def verdict(self) -> str:
        return "n/a" if self.ok is None else ("pass" if self.ok else "**MISS**")


def fmt_ms(ms: float) -> str:
    if ms != ms:  # nan
        return "–"
    if ms < 0.1:
        return f"{ms * 1000:.1f} µs"
    if ms < 10:
        return f"{ms:.2f} ms"
    return f"{ms:.1f} ms"


def fmt_pair(values: Sequence[float] | None) -> str:
    if not values:
        return "–"
    return f"{fmt_ms(quantile(values, 0.5))} / {fmt_ms(quantile(values, 0.99))}"


def ratio(a: float, b: float) -> str:
    if not b or a != a or b != b:
        return "–"
    r = a / b
    return f"{r:.0f}×" if r >= 100 else (f"{r:.1f}×" if r >= 1 else f"{r:.2f}×")


def med(values: Sequence[float] | None) -> float:
    return quantile(values, 0.5) if values else float("nan")


def english_samples(inproc: InProcess, size: int) -> list[float]:
    by = inproc.check_by_variant[size]
    return by.get("en-clean", []) + by.get("en-violating", [])


LINEAR_SLACK = 1.5  # per-1k-char cost at the largest size may be at most this × the cost at 2,200


def evaluate_targets(sizes: Sequence[int], inproc: InProcess, http: Http | None, batch: Batch | None,
                     harper: Harper, concurrent_startups: bool = False) -> list[Target]:
    t: list[Target] = []
    for size, limit in ((280, 1.0), (2_200, 5.0)):
        if size in inproc.check:
            m = med(inproc.check[size])
            t.append(Target(f"check() median ≤ {limit:g} ms at {size:,} chars", fmt_ms(m), m <= limit))
    per_k = {s: med(inproc.check[s]) / (s / 1000) for s in sizes}
    big = max(sizes)
    if 2_200 in per_k and big > 2_200:
        grow = per_k[big] / per_k[2_200]
        t.append(Target(f"cost grows linearly (per 1k chars at {big:,} ≤ {LINEAR_SLACK}× at 2,200)",
                        f"{grow:.2f}×", grow <= LINEAR_SLACK))
    for size in sizes:
        r = med(inproc.check[size]) / med(inproc.ac[size])
        t.append(Target(f"check() within 15× the Aho-Corasick floor at {size:,}", f"{r:.0f}×", r <= 15))
    for size in sizes:
        a, b = med(inproc.check[size]), med(inproc.regex[size])
        t.append(Target(f"check() faster than the naive regex at {size:,}",
                        f"{fmt_ms(a)} vs {fmt_ms(b)}", a < b))
    if http and 280 in http.helper:
        a, b = med(http.helper[280]), med(http.floor[280])
        t.append(Target("HTTP median ≤ 1.5× the aiohttp floor at 280", f"{a / b:.2f}× ({fmt_ms(a)} vs {fmt_ms(b)})",
                        a <= 1.5 * b))
        t.append(Target("HTTP median ≤ 3 ms at 280", fmt_ms(a), a <= 3.0))
    for size in sizes:
        if harper.status == "ok" and size in harper.times:
            a, b = med(english_samples(inproc, size)), med(harper.times[size])
            t.append(Target(f"faster than harper.js on the English texts at {size:,}",
                            f"{fmt_ms(a)} vs {fmt_ms(b)}", a < b))
        else:
            t.append(Target(f"faster than harper.js on the English texts at {size:,}", harper.status[:60], None))
    if batch:
        pps = batch.posts / batch.wall_s
        t.append(Target(f"batch ≥ 3,000 posts/s (280 chars, one process, {batch.posts:,} posts)",
                        f"{pps:,.0f} posts/s", pps >= 3000))
    if http and http.startups_s:
        worst = max(http.startups_s)
        note = " (quick mode: started alongside other processes)" if concurrent_startups else ""
        t.append(Target("ready ≤ 5 s after start (worst of the start-ups)", f"{worst:.2f} s{note}", worst <= 5.0))
        t.append(Target("RSS ≤ 300 MB after warm-up", f"{http.rss_warm_mb:.0f} MB", http.rss_warm_mb <= 300))
    return t


def render(facts: dict[str, Any], plan: Plan, inproc: InProcess, http: Http | None, batch: Batch | None,
           harper: Harper, targets: list[Target], quick: bool) -> str:
    sizes = [s for s in plan.sizes if s in inproc.check]
    lines: list[str] = []
    add = lines.append
    add(f"## Saring benchmark ({'quick' if quick else 'full'})")
    add("")
    add(f"{facts['nproc']} cores · {facts['cpu']} · Python {facts['python']} · git {facts['git']} · "
        f"other processes used {facts.get('other_cores_during_run', 0):.2f} cores during the run "
        f"(load average at start {facts['loadavg_at_start'][0]}) · {inproc.terms} lexicon terms "
        f"· harper.js {harper.version or '–'} (node {harper.node or '–'})")
    add("Times are median / p99 over the samples (pooled over the id/en × clean/violating texts of each size).")
    add("CPU figures are this process's (or the server's) CPU time, which other processes on the machine don't "
        "inflate; the server's is a mean over the timed requests.")
    add("")
    add("### In process: check() vs the scanning floors")
    add("")
    add("| chars | samples | check() | per 1k chars | check() CPU | Engine.analyze | Aho-Corasick floor | × AC "
        "| naive regex | × regex | check(), en texts | harper.js, en texts | × harper |")
    add("|---:|---:|---|---:|---|---|---|---:|---|---:|---|---|---:|")
    for s in sizes:
        c = inproc.check[s]
        en = english_samples(inproc, s)
        h = harper.times.get(s)
        add(f"| {s:,} | {len(c)} | {fmt_pair(c)} | {fmt_ms(med(c) / (s / 1000))} "
            f"| {fmt_pair(inproc.check_cpu.get(s))} | {fmt_pair(inproc.analyze[s])} "
            f"| {fmt_pair(inproc.ac[s])} | {ratio(med(c), med(inproc.ac[s]))} "
            f"| {fmt_pair(inproc.regex[s])} | {ratio(med(c), med(inproc.regex[s]))} "
            f"| {fmt_pair(en)} | {fmt_pair(h)} | {ratio(med(en), med(h)) if h else '–'} |")
    add("")
    add("check() median by text (findings at standard strictness in brackets):")
    add("")
    keys = [f"{lang}-{kind}" for lang, kind in VARIANTS]
    add("| chars | " + " | ".join(keys) + " |")
    add("|---:|" + "---|" * len(keys))
    for s in sizes:
        by = inproc.check_by_variant[s]
        add(f"| {s:,} | " + " | ".join(f"{fmt_ms(med(by.get(k)))} [{inproc.findings[s].get(k, 0)}]" for k in keys)
            + " |")
    nan = float("nan")
    if http:
        add("")
        add("### HTTP round trip over loopback (keep-alive session, one request at a time)")
        add("")
        add("| chars | samples | Saring helper | aiohttp floor | × floor | helper − check() (median) "
            "| server CPU per request: helper / floor |")
        add("|---:|---:|---|---|---:|---:|---|")
        for s in sizes:
            hh, ff = http.helper.get(s), http.floor.get(s)
            add(f"| {s:,} | {len(hh or [])} | {fmt_pair(hh)} | {fmt_pair(ff)} | {ratio(med(hh), med(ff))} "
                f"| {fmt_ms(med(hh) - med(inproc.check[s]))} "
                f"| {fmt_ms(http.helper_cpu_ms.get(s, nan))} / {fmt_ms(http.floor_cpu_ms.get(s, nan))} |")
    add("")
    add("### Start-up, memory, batch")
    add("")
    add("| figure | value |")
    add("|---|---:|")
    if http:
        st = http.startups_s
        add(f"| helper ready after process start (median / worst of {len(st)}) "
            f"| {statistics.median(st):.2f} s / {max(st):.2f} s |")
        add(f"| helper RSS when ready / after warm-up | {http.rss_ready_mb:.0f} MB / {http.rss_warm_mb:.0f} MB |")
        add(f"| aiohttp floor server RSS | {http.floor_rss_mb:.0f} MB |")
    if batch:
        pps = batch.posts / batch.wall_s
        steady = batch.steady_pps()
        add(f"| `saring check --jsonl`: {batch.posts:,} posts × {batch.chars} chars, wall time "
            f"| {batch.wall_s:.2f} s |")
        add(f"| … posts per second (wall time, nothing subtracted) | {pps:,.0f} |")
        add(f"| … start-up alone (same command on an empty file) | {batch.startup_s:.2f} s |")
        add(f"| … posts per second after start-up | {f'{steady:,.0f}' if steady else '–'} |")
        add(f"| … output lines / lines with an error | {batch.lines_out:,} / {batch.line_errors} |")
    if harper.status == "ok":
        add(f"| harper.js set-up (import + LocalLinter.setup) | {harper.setup_ms / 1000:.2f} s |")
    else:
        add(f"| harper.js | {harper.status} |")
    add("")
    add("### Targets (warm, this machine)")
    add("")
    add("| target | measured | verdict |")
    add("|---|---|---|")
    for t in targets:
        add(f"| {t.name} | {t.measured} | {t.verdict} |")
    missed = sum(1 for t in targets if t.ok is False)
    add("")
    add(f"{missed} of {sum(1 for t in targets if t.ok is not None)} targets missed "
        "(a miss is reported, never a failure).")
    return "\n".join(lines)


def to_json(facts: dict[str, Any], plan: Plan, inproc: InProcess, http: Http | None, batch: Batch | None,
            harper: Harper, targets: list[Target], quick: bool, engine: Any) -> dict[str, Any]:
    def stats(d: dict[int, list[float]]) -> dict[str, Any]:
        return {str(k): Stats.of(v).as_dict() for k, v in d.items()}

    doc: dict[str, Any] = {
        "mode": "quick" if quick else "full",
        "machine": {**facts, "loadavg_at_end": [round(x, 2) for x in os.getloadavg()]},
        "ruleset": {"version": engine.pack.meta.version, "rules": len(engine.pack.rules),
                    "lexicon_terms": inproc.terms},
        "plan": {"sizes": list(plan.sizes), "samples": {str(k): v for k, v in plan.samples.items()},
                 "warmup_runs": plan.warmup_runs, "warmup_s": plan.warmup_s},
        "units": "milliseconds unless named otherwise",
        "in_process": {
            "check": stats(inproc.check),
            "check_cpu": stats(inproc.check_cpu),
            "check_per_1k_chars_median": {str(s): round(med(v) / (s / 1000), 4) for s, v in inproc.check.items()},
            "check_by_text": {str(s): {k: Stats.of(v).as_dict() for k, v in by.items()}
                              for s, by in inproc.check_by_variant.items()},
            "check_english_texts": {str(s): Stats.of(english_samples(inproc, s)).as_dict() for s in plan.sizes},
            "analyze": stats(inproc.analyze),
            "aho_corasick_floor": stats(inproc.ac),
            "naive_regex": stats(inproc.regex),
            "findings_standard": {str(k): v for k, v in inproc.findings.items()},
            "aho_corasick_matches": {str(k): v for k, v in inproc.ac_matches.items()},
            "naive_regex_matches": {str(k): v for k, v in inproc.regex_matches.items()},
        },
        "harper": {"status": harper.status, "version": harper.version, "node": harper.node,
                   "setup_ms": round(harper.setup_ms, 1), "english_texts": stats(harper.times),
                   "lints": {str(k): v for k, v in harper.lints.items()}},
        "targets": [{"name": t.name, "measured": t.measured, "pass": t.ok} for t in targets],
    }
    if http:
        doc["http"] = {"helper": stats(http.helper), "aiohttp_floor": stats(http.floor),
                       "helper_cpu_ms_per_request": {str(k): round(v, 4) for k, v in http.helper_cpu_ms.items()},
                       "floor_cpu_ms_per_request": {str(k): round(v, 4) for k, v in http.floor_cpu_ms.items()},
                       "startup_s": [round(x, 3) for x in http.startups_s],
                       "rss_ready_mb": round(http.rss_ready_mb, 1), "rss_warm_mb": round(http.rss_warm_mb, 1),
                       "floor_rss_mb": round(http.floor_rss_mb, 1)}
    if batch:
        doc["batch"] = {"posts": batch.posts, "chars_each": batch.chars, "wall_s": round(batch.wall_s, 3),
                        "posts_per_s": round(batch.posts / batch.wall_s, 1), "startup_s": round(batch.startup_s, 3),
                        "posts_per_s_after_startup": round(batch.steady_pps() or 0, 1) or None,
                        "lines_out": batch.lines_out, "line_errors": batch.line_errors}
    return doc


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scripts/bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a few seconds: fewer runs, no 63,206, 2,000-post batch")
    parser.add_argument("--harper", action=argparse.BooleanOptionalAction, default=None,
                        help="include harper.js (default: in full mode only)")
    parser.add_argument("--no-http", action="store_true", help="skip the HTTP, start-up and memory figures")
    parser.add_argument("--no-batch", action="store_true", help="skip the batch figure")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply the sample counts (and batch size if < 1)")
    parser.add_argument("--wait-quiet", type=float, default=120.0, metavar="S",
                        help="full mode: wait up to S seconds for other processes to go quiet (0: don't)")
    parser.add_argument("--rules", type=Path, default=None, help="rule pack directory (default: rules/)")
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--out", type=Path, default=RESULTS_DIR, help="where the JSON goes (default bench-results/)")
    parser.add_argument("--serve-floor", nargs=2, metavar=("PORT", "RESPONSES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve_floor:
        serve_floor(int(args.serve_floor[0]), Path(args.serve_floor[1]))
        return 0

    started = time.perf_counter()

    def say(msg: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f}s] {msg}", file=sys.stderr, flush=True)

    plan = plan_for(args.quick, args.harper, args.scale)
    facts = machine_facts()
    if not args.quick and args.wait_quiet > 0:
        facts["other_cores_at_start"] = round(wait_until_quiet(args.wait_quiet, say), 2)
    other_load = OtherLoad()
    posts = load_corpus()
    workloads = build_workloads(posts, plan.sizes, args.seed)
    say(f"{len(posts)} corpus posts; texts of {', '.join(f'{s:,}' for s in plan.sizes)} characters")
    with tempfile.TemporaryDirectory(prefix="saring-bench-") as tmp:
        workdir = Path(tmp)
        helper = None
        startup_thread = None
        batch_starts: list[float] = []
        if args.quick:
            # Quick mode saves ~10 s by starting the helper and timing the batch command's start-up
            # while this process loads its engine; those start-ups run alongside each other.
            import threading

            rules = snapshot_rules(workdir, args.rules)
            if not args.no_http:
                helper = start_helper(workdir, rules)
                helper.watch_ready()
            if not args.no_batch:
                startup_thread = threading.Thread(
                    target=lambda: batch_starts.append(batch_startup(workdir, rules)), daemon=True)
                startup_thread.start()
        try:
            if args.quick:
                engine, _ = load_engine(workdir, say, snapshot=rules)
            else:
                engine, rules = load_engine(workdir, say, tries=12, source=args.rules)
            if startup_thread is not None:
                startup_thread.join()
                if not batch_starts:
                    raise RuntimeError("saring check --jsonl failed on an empty file")
            if helper is not None:
                helper.ready()
            gc.collect()
            inproc = measure_in_process(engine, workloads, plan, say)
            http = None if args.no_http else measure_http(workloads, inproc.responses, plan, workdir, rules, say,
                                                          helper)
        finally:
            if helper is not None:
                helper.stop()
        batch = None if args.no_batch else measure_batch(posts, plan, args.seed, workdir, rules, say, batch_starts)
        harper = measure_harper(workloads, plan, say)
    facts["other_cores_during_run"] = round(other_load.cores(), 2)
    if facts["other_cores_during_run"] > 0.25:
        say(f"note: other processes kept {facts['other_cores_during_run']:.2f} of {facts['nproc']} cores busy "
            "during the run; figures are inflated")
    targets = evaluate_targets(plan.sizes, inproc, http, batch, harper, concurrent_startups=args.quick)
    print(render(facts, plan, inproc, http, batch, harper, targets, args.quick))
    doc = to_json(facts, plan, inproc, http, batch, harper, targets, args.quick, engine)
    doc["elapsed_s"] = round(time.perf_counter() - started, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bench-{timestamp()}{'-quick' if args.quick else ''}.json"
    path.write_text(json.dumps(json_safe(doc), indent=1, ensure_ascii=False, allow_nan=False) + "\n",
                    encoding="utf-8")
    (args.out / f"latest{'-quick' if args.quick else ''}.json").write_text(path.read_text(encoding="utf-8"),
                                                                             encoding="utf-8")
    print(f"\nJSON: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path} "
          f"({doc['elapsed_s']:.0f} s)")
    return 0


def run_script(entry: Callable[[], int], name: str) -> None:
    """Exit with entry()'s status; a failure of the helper, a process or a file is one line, not a trace."""
    try:
        sys.exit(entry())
    except KeyboardInterrupt:
        sys.exit(130)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        print(f"{name}: error: {exc}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    run_script(main, "scripts/bench")
