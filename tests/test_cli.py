from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from helper.cli import main

HOAX = "Vaksin bikin autis, jangan mau divaksin!"


def test_check_text_output_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", HOAX]) == 1
    out = capsys.readouterr().out
    assert "L5" in out and "health_hoax" in out
    assert "»Vaksin bikin autis«" in out  # the excerpt marked in context
    assert "Pasal L5: Menyebarkan hoaks terkait kesehatan;" in out
    assert "Saran:" in out
    assert main(["check", "Ayo vaksin di puskesmas terdekat, gratis!"]) == 0
    assert "Tidak ada masalah" in capsys.readouterr().out


def test_check_json_is_the_api_response(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json", "--locale", "en", "😀 " + HOAX]) == 1
    body = json.loads(capsys.readouterr().out)
    finding = next(f for f in body["findings"] if f["category"] == "health_hoax")
    assert finding["start"] == 3 and finding["excerpt"] == "Vaksin bikin autis"
    assert body["strictness"] == "standard" and body["ruleset_version"]


def test_check_reads_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("Katanya besok semua puskesmas tutup"))
    assert main(["check", "--strictness", "strict", "-"]) == 1
    assert "K5" in capsys.readouterr().out


def test_batch_goes_on_after_a_bad_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    batch = tmp_path / "posts.jsonl"
    batch.write_text("\n".join([
        json.dumps({"id": "a", "text": HOAX}),
        "{not json",
        json.dumps({"id": "c", "text": "Katanya besok semua puskesmas tutup", "strictness": "strict"}),
        json.dumps({"id": "d", "strictness": "strict"}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "Ayo vaksin!"}),
    ]) + "\n", encoding="utf-8")
    assert main(["check", "--jsonl", str(batch)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 6
    assert lines[0]["id"] == "a" and lines[0]["findings"][0]["category"] == "health_hoax"
    assert lines[1]["error"]["code"] == "invalid_line" and lines[1]["line"] == 2
    assert lines[2]["id"] == "c" and lines[2]["strictness"] == "strict" and lines[2]["findings"]
    assert lines[3]["id"] == "d" and lines[3]["error"]["code"] == "invalid_request"
    assert lines[4]["error"]["code"] == "invalid_line"
    assert lines[5]["findings"] == [] and "id" not in lines[5]


def test_python_dash_m_helper_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "helper", "check", "--format", "json", HOAX],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert json.loads(done.stdout)["findings"]


def test_serve_refuses_a_non_loopback_host_without_the_flag(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0"]) == 2
    assert "--allow-remote" in capsys.readouterr().err


def test_eval_gate_and_report_only(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "c.jsonl"
    rows = [
        {"id": "a", "text": HOAX, "labels": {"relaxed": ["health_hoax"], "standard": ["health_hoax"],
                                             "strict": ["health_hoax"]}},
        {"id": "b", "text": "Ayo vaksin di puskesmas terdekat, gratis!",
         "labels": {"relaxed": [], "standard": ["politics"], "strict": ["politics"]}},  # a miss on purpose
    ]
    corpus.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert main(["eval", str(corpus)]) == 1
    out = capsys.readouterr().out
    assert "BELOW THRESHOLD: recall of politics at standard is 0.000" in out
    assert "| health_hoax | 1.000 | 1.000 |" in out
    assert main(["eval", "--report-only", str(corpus)]) == 0
