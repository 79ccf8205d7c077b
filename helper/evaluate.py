"""Precision, recall and false alarms of the rule pack on a labelled corpus, per strictness.

A corpus line: {"id", "text", "labels": {"relaxed": [...], "standard": [...], "strict": [...]}}.
A post with no label at any level is clean. Info-level reminders are not counted: they are not
warnings. A line with only "categories" is read as the labels at standard and strict.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from helper.engine import Engine
from helper.rulepack import STRICTNESS_LEVELS, Strictness


@dataclass
class Post:
    id: str
    text: str
    labels: dict[Strictness, set[str]]

    @property
    def clean(self) -> bool:
        return not any(self.labels.values())


@dataclass
class LevelScore:
    tp: Counter[str] = field(default_factory=Counter)
    fp: Counter[str] = field(default_factory=Counter)
    fn: Counter[str] = field(default_factory=Counter)
    clean_posts: int = 0
    false_alarms: int = 0
    misses: list[tuple[str, str]] = field(default_factory=list)  # (post id, category)
    wrong: list[tuple[str, str]] = field(default_factory=list)

    def precision(self, category: str) -> float | None:
        denominator = self.tp[category] + self.fp[category]
        return self.tp[category] / denominator if denominator else None

    def recall(self, category: str) -> float | None:
        denominator = self.tp[category] + self.fn[category]
        return self.tp[category] / denominator if denominator else None

    @property
    def false_alarm_rate(self) -> float:
        return self.false_alarms / self.clean_posts if self.clean_posts else 0.0


def load_corpus(paths: list[Path]) -> list[Post]:
    posts: list[Post] = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                labels = item.get("labels")
                if labels is None:
                    cats = set(item.get("categories", []))
                    labels = {"relaxed": set(), "standard": cats, "strict": cats}
                parsed = {level: set(labels.get(level, [])) for level in STRICTNESS_LEVELS}
                posts.append(Post(str(item.get("id", f"{path.name}:{number}")), item["text"], parsed))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                raise ValueError(f"{path}:{number}: not a corpus line ({exc})") from None
    return posts


def evaluate(engine: Engine, posts: list[Post]) -> dict[Strictness, LevelScore]:
    scores: dict[Strictness, LevelScore] = {level: LevelScore() for level in STRICTNESS_LEVELS}
    for post in posts:
        analysis = engine.analyze(post.text)
        for level in STRICTNESS_LEVELS:
            score = scores[level]
            predicted = {
                h.rule.category for h in analysis.select(level)
                if h.rule.kind == "finding" and h.rule.severity != "info" and h.rule.category
            }
            expected = post.labels[level]
            for category in predicted & expected:
                score.tp[category] += 1
            for category in predicted - expected:
                score.fp[category] += 1
                score.wrong.append((post.id, category))
            for category in expected - predicted:
                score.fn[category] += 1
                score.misses.append((post.id, category))
            if post.clean:
                score.clean_posts += 1
                score.false_alarms += bool(predicted)
    return scores


def _fmt(value: float | None) -> str:
    return "  –  " if value is None else f"{value:5.3f}"


def report(scores: dict[Strictness, LevelScore], categories: list[str]) -> str:
    header = "| category | " + " | ".join(f"P {lv} | R {lv}" for lv in STRICTNESS_LEVELS) + " |"
    lines = [header, "|" + "---|" * (1 + 2 * len(STRICTNESS_LEVELS))]
    for category in categories:
        cells = []
        for level in STRICTNESS_LEVELS:
            s = scores[level]
            cells += [_fmt(s.precision(category)), _fmt(s.recall(category))]
        lines.append(f"| {category} | " + " | ".join(cells) + " |")
    lines.append("")
    for level in STRICTNESS_LEVELS:
        s = scores[level]
        lines.append(f"false alarms on clean posts at {level}: {s.false_alarms}/{s.clean_posts}"
                     f" = {s.false_alarm_rate:.1%}")
    return "\n".join(lines)


def gate(scores: dict[Strictness, LevelScore], categories: list[str], min_recall: float,
         max_false_alarms: float) -> list[str]:
    """The corpus floors: recall at standard for every category, false alarms at standard and
    none at all at relaxed."""
    failures = []
    standard = scores["standard"]
    for category in categories:
        recall = standard.recall(category)
        if recall is not None and recall < min_recall:
            failures.append(f"recall of {category} at standard is {recall:.3f} < {min_recall}")
    if standard.false_alarm_rate > max_false_alarms:
        failures.append(f"false alarms at standard {standard.false_alarm_rate:.1%} > {max_false_alarms:.0%}")
    if scores["relaxed"].false_alarms:
        failures.append(f"{scores['relaxed'].false_alarms} false alarms at relaxed (must be 0)")
    return failures
