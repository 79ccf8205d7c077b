"""Every rule carries examples; this runs them. A flag example marks the span it expects with
[[...]]; a pass example must yield nothing from its rule (checked at strict unless it says),
by the rules alone."""

from __future__ import annotations

import re

from helper.engine import Engine
from helper.rulepack import Rule

_MARK = re.compile(r"\[\[(.+?)\]\]", re.DOTALL)


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    """The text without [[ ]] and the spans they enclosed (code-point offsets)."""
    spans: list[tuple[int, int]] = []
    out: list[str] = []
    pos = 0
    length = 0
    for match in _MARK.finditer(marked):
        before = marked[pos:match.start()]
        out.append(before)
        length += len(before)
        inner = match.group(1)
        spans.append((length, length + len(inner)))
        out.append(inner)
        length += len(inner)
        pos = match.end()
    out.append(marked[pos:])
    return "".join(out), spans


def check_examples(engine: Engine) -> list[str]:
    problems: list[str] = []
    for rule in engine.pack.rules:
        for index, example in enumerate(rule.examples):
            where = engine.pack.example_lines.get((rule.id, index))
            place = f"{where.file}:{where.line}" if where else rule.id
            problem = _check_one(engine, rule, example.flag, example.pass_, example.strictness)
            if problem:
                problems.append(f"{place}: {rule.id}: {problem}")
    return problems


def _check_one(engine: Engine, rule: Rule, flag: str | None, pass_: str | None,
               strictness: str | None) -> str | None:
    if flag is not None:
        text, expected = unmark(flag)
        level = strictness or rule.strictness
    else:
        assert pass_ is not None
        text, expected = pass_, []
        level = strictness or "strict"
    # A pass example states what the rule itself leaves alone, so the recognizer's veto may not
    # rescue it; a flag example must still flag once the veto has had its say, as a user sees it.
    analysis = engine.analyze(text, recognizer=flag is not None)
    got = sorted((h.start, h.end) for h in analysis.of_rule(rule.id, level))  # type: ignore[arg-type]
    if got == sorted(expected):
        return None
    shown = ", ".join(repr(text[s:e]) for s, e in got) or "nothing"
    if flag is not None:
        want = ", ".join(repr(text[s:e]) for s, e in expected)
        return f"flag example at {level} expected {want}, got {shown}"
    return f"pass example at {level} was flagged: {shown}"
