"""The helper as a process: one per port, clean shutdown, and post text never leaves a trace."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.process import ROOT, free_port, helper, request

HOAX = "Vaksin bikin autis, jangan mau divaksin!"


def test_second_helper_on_a_busy_port_fails_fast() -> None:
    with helper() as (_, port):
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "helper", "serve", "--port", str(port)],
                              capture_output=True, text=True, timeout=30, cwd=ROOT)
        elapsed = time.monotonic() - started
    assert done.returncode == 3
    assert f"Cannot listen on 127.0.0.1:{port}" in done.stderr and "another helper" in done.stderr
    assert elapsed < 5  # before loading the rules, not after


@pytest.mark.skipif(os.name == "nt", reason="SIGTERM is POSIX; Ctrl+C is covered by aiohttp's run_app")
def test_sigterm_lets_requests_in_flight_finish() -> None:
    results: list[tuple[int, Any]] = []
    big = "Vaksin bikin autis. " * 4900  # ~100,000 characters: long enough to be in flight
    with helper() as (proc, port):
        worker = threading.Thread(target=lambda: results.append(request(port, "/v1/check", {"text": big}, timeout=30)))
        worker.start()
        time.sleep(0.05)
        proc.send_signal(signal.SIGTERM)
        worker.join(30)
        assert proc.wait(15) == 0
    assert results and results[0][0] == 200 and results[0][1]["findings"]


def test_config_file_sets_allowed_extensions(tmp_path: Path) -> None:
    config = tmp_path / "saring.toml"
    config.write_text('allow_extensions = ["goodid"]\n', encoding="utf-8")
    with helper("--config", str(config)) as (_, port):
        ok = request(port, "/v1/health", headers={"Origin": "chrome-extension://goodid"})
        bad = request(port, "/v1/health", headers={"Origin": "chrome-extension://otherid"})
    assert (ok[0], bad[0]) == (200, 403)


def test_bad_config_file_is_refused(tmp_path: Path) -> None:
    config = tmp_path / "saring.toml"
    config.write_text('allow_extension = "typo"\n', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "helper", "serve", "--port", str(free_port()),
                           "--config", str(config)], capture_output=True, text=True, timeout=30, cwd=ROOT)
    assert done.returncode == 2 and "unknown settings: allow_extension" in done.stderr


def test_post_text_appears_in_no_log_and_no_file(tmp_path: Path) -> None:
    """A unique marker goes through every endpoint and error path at debug logging."""
    marker = "ZQXJ-rahasia-pasien-8f2d"
    log = tmp_path / "helper.log"
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    before = {p for p in ROOT.rglob("*") if ".venv" not in p.parts}
    with helper("--log-level", "debug", log=log, cwd=workdir) as (_, port):
        bodies: list[Any] = [
            {"text": f"{marker} {HOAX}"},
            {"text": f"{marker} Katanya", "strictness": "strict", "locale": "en"},
            {"text": marker, "strictness": marker},
            {"text": marker, "disabled_categories": [marker]},
            {"text": marker * 20_000},
            {marker: marker},
            [marker],
            f'{{"text": "{marker}'.encode(),
            (marker * 30_000).encode(),
        ]
        for body in bodies:
            status, payload = request(port, "/v1/check", body)
            assert status < 500
            assert marker not in str(payload["error"]) if "error" in payload else True
        request(port, "/v1/check", {"text": marker}, headers={"Origin": f"https://{marker}.example"})
        request(port, f"/v1/{marker}")
    written = log.read_text(encoding="utf-8", errors="replace")
    assert "check:" in written  # debug logging was on, and logs counts
    assert marker not in written
    assert list(workdir.iterdir()) == []
    after = {p for p in ROOT.rglob("*") if ".venv" not in p.parts}
    for path in after - before:
        if path.is_file() and "__pycache__" not in path.parts:
            assert marker not in path.read_text(encoding="utf-8", errors="replace")
