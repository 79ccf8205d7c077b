"""Small rule packs written to a temporary directory, for tests of the engine's mechanisms."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

RULES = Path(__file__).resolve().parent.parent / "rules"


def write_pack(root: Path, rules: list[dict[str, Any]], lists: dict[str, list[str]] | None = None,
               slang: dict[str, str] | None = None) -> Path:
    """A pack with the real circular and categories, and only the given rules and lists."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("pack.yaml", "circular.yaml", "categories.yaml"):
        shutil.copy(RULES / name, root / name)
    (root / "lexicon").mkdir(exist_ok=True)
    (root / "lexicon" / "test.yaml").write_text(
        yaml.safe_dump({"lists": lists or {}, "slang": slang or {}}, allow_unicode=True), encoding="utf-8")
    for rule in rules:
        (root / f"{rule['id']}.yaml").write_text(yaml.safe_dump(rule, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
    return root


def rule(id: str, patterns: list[Any], *, category: str = "hoax", clause: str = "L1",
         strictness: str = "standard", severity: str = "warning", context: list[dict[str, Any]] | None = None,
         kind: str = "finding", examples: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"id": id, "kind": kind, "clause": clause, "severity": severity,
                            "strictness": strictness, "patterns": patterns}
    if kind == "finding":
        body["category"] = category
    if context:
        body["context"] = context
    body["message"] = {"id": "Pesan.", "en": "Message."}
    body["suggestion"] = {"id": "Saran.", "en": "Suggestion."}
    body["examples"] = examples or [{"flag": "[[x]] placeholder"}, {"pass": "nothing here"}]
    return body
