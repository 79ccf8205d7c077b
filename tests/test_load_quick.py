"""A short scripts/load run against the real helper: 8 clients, 1,600 mixed checks, then the
pathological texts next to 280-character checks. Zero errors, no 5xx, healthy afterwards."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_quick_load_has_no_errors(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "load.py"), "--quick", "--out", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    doc = json.loads((tmp_path / "latest-load-quick.json").read_text(encoding="utf-8"))
    load = doc["load"]
    assert load["checks"] == doc["settings"]["checks"] == 1_600
    assert load["errors"] == {}
    assert load["status_5xx"] == 0
    assert load["statuses"] == {"200": 1_600}
    assert doc["helper"]["healthy_after"] is True
    patho = doc["pathological"]
    assert patho["errors"] == {}
    assert patho["small_during_ms"]["n"] > 0
    for big in patho["big"]:
        allowed = {"200", "413"} if big["body_bytes"] > 256 * 1024 else {"200"}
        assert set(big["statuses"]) <= allowed, big["name"]
    assert doc["failures"] == []
