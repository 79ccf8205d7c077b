"""A short run of scripts/bench.py: the workloads, the in-process figures, the aiohttp floor
server, the batch figure, and a report that prints a missed target without failing."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str, path: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


bench = _load("saring_bench", ROOT / "scripts" / "bench.py")


@pytest.fixture(scope="module")
def posts() -> list:
    return bench.load_corpus()


def test_workloads_have_exact_sizes_and_the_right_posts(posts: list) -> None:
    workloads = bench.build_workloads(posts, (280, 2_200), seed=1)
    assert [w.size for w in workloads] == [280, 2_200]
    for wl in workloads:
        assert set(wl.texts) == set(bench.VARIANTS)
        assert all(len(t) == wl.size for t in wl.texts.values())
        assert len(set(wl.texts.values())) == 4
    english = {p.text for p in bench.select(posts, "en")}
    first_post = workloads[1].texts[("en", "clean")].split("\n\n")[0]
    assert first_post in english
    clean = bench.select(posts, "id", "clean")
    assert clean and all(p.clean and p.lang == "id" for p in clean)
    # Same seed, same texts: runs compare like with like.
    again = bench.build_workloads(posts, (280,), seed=1)
    assert again[0].texts == workloads[0].texts


def test_quantile_matches_linear_interpolation() -> None:
    values = list(range(1, 101))
    assert bench.quantile(values, 0.5) == pytest.approx(50.5)
    assert bench.quantile(values, 0.99) == pytest.approx(99.01)
    assert bench.quantile([3.0], 0.99) == 3.0


def test_in_process_run_prints_tables_and_writes_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = bench.main(["--quick", "--scale", "0.1", "--no-http", "--no-batch", "--no-harper",
                       "--out", str(tmp_path)])
    assert code == 0
    out = capsys.readouterr().out
    assert "| chars | samples | check() |" in out
    assert "### Targets" in out
    doc = json.loads((tmp_path / "latest-quick.json").read_text(encoding="utf-8"))
    assert doc["mode"] == "quick"
    assert set(doc["in_process"]["check"]) == {"280", "2200", "10000"}
    for size in ("280", "2200", "10000"):
        for figure in ("check", "aho_corasick_floor", "naive_regex"):
            stats = doc["in_process"][figure][size]
            assert stats["n"] >= 4 and 0 < stats["median"] <= stats["p99"]
    assert doc["ruleset"]["lexicon_terms"] > 100
    assert doc["targets"] and all(t["pass"] in (True, False, None) for t in doc["targets"])


def test_a_missed_target_is_reported_not_raised() -> None:
    inproc = bench.InProcess(check={280: [50.0] * 10}, ac={280: [0.001] * 10}, regex={280: [0.01] * 10},
                             check_by_variant={280: {"en-clean": [50.0] * 5}}, analyze={280: [40.0] * 5},
                             findings={280: {}}, terms=10)
    harper = bench.Harper("skipped")
    targets = bench.evaluate_targets((280,), inproc, None, None, harper)
    verdicts = {t.name: t.ok for t in targets}
    assert verdicts["check() median ≤ 1 ms at 280 chars"] is False
    assert verdicts["check() within 15× the Aho-Corasick floor at 280"] is False
    text = bench.render(bench.machine_facts(), bench.plan_for(True, False), inproc, None, None, harper, targets, True)
    assert "**MISS**" in text


def test_floor_server_answers_prebuilt_bytes(tmp_path: Path) -> None:
    answer = json.dumps({"findings": [], "affirmations": [], "padding": "x" * 500}).encode()
    floor = bench.start_floor(tmp_path, {280: answer})
    with bench.running(floor):
        assert floor.wait_ready(timeout=30) < 30
        bodies = [bench.request_body("a" * 280), bench.request_body("b" * 280)]
        times = asyncio.run(bench._time_http({"floor": floor.port}, bodies, samples=10, warmup_runs=1,
                                             warmup_s=0.0))
        assert len(times["floor"]) == 10 and all(t > 0 for t in times["floor"])
        assert floor.rss_mb() > 5


def test_batch_figure_counts_every_post(tmp_path: Path, posts: list) -> None:
    plan = bench.plan_for(True, False)
    plan.batch_posts = 30
    # One process only (the start-up alone is timed by scripts/bench --quick in scripts/test).
    rules = bench.snapshot_rules(tmp_path)
    batch = bench.measure_batch(posts, plan, seed=2, workdir=tmp_path, rules=rules, say=lambda _: None,
                                startups=[0.5])
    assert batch.posts == batch.lines_out == 30
    assert batch.line_errors == 0
    assert batch.wall_s > 0 and batch.startup_s == 0.5
