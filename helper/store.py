"""The live rule pack: loaded once, swapped atomically on reload, never replaced by a broken one."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path

from helper.engine import Engine
from helper.rulepack import RulePackError, load_rule_pack

log = logging.getLogger("saring.rules")


@dataclass(frozen=True)
class Fingerprint:
    files: tuple[tuple[str, int, int], ...]


def fingerprint(root: Path) -> Fingerprint:
    """Names, sizes and modification times of the rule files: cheap to poll on any OS."""
    entries = []
    # The recognizer's weights are JSON; retraining it must reload the pack like editing a rule.
    for path in sorted([*root.rglob("*.yaml"), *root.glob("model/*.json")]):
        try:
            stat = path.stat()
        except OSError:
            continue
        entries.append((str(path), stat.st_size, stat.st_mtime_ns))
    return Fingerprint(tuple(entries))


class RuleStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._lock = threading.Lock()
        self.error: list[str] | None = None
        self.fingerprint = fingerprint(self.root)
        self.engine = Engine(load_rule_pack(self.root))  # the first load must succeed
        log.info("rules loaded: %d rules, version %s", len(self.engine.pack.rules),
                 self.engine.pack.meta.version)

    def reload(self) -> bool:
        """Build a new engine from disk; on success swap it in, else keep the old one."""
        with self._lock:
            self.fingerprint = fingerprint(self.root)
            try:
                engine = Engine(load_rule_pack(self.root))
            except RulePackError as exc:
                self.error = exc.problems
                log.error("rules not reloaded, the last good pack keeps serving:\n%s",
                          "\n".join(exc.problems))
                return False
            self.engine = engine  # a single reference assignment: readers see old or new
            self.error = None
            log.info("rules reloaded: %d rules, version %s", len(engine.pack.rules),
                     engine.pack.meta.version)
            return True

    def changed_on_disk(self) -> bool:
        return fingerprint(self.root) != self.fingerprint
