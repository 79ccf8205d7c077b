"""The API's request and response models, and how an analysis becomes a response.

The CLI's JSON output and the HTTP API share these models, so they cannot drift apart.
"""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal
from weakref import WeakKeyDictionary

from pydantic import BaseModel, ConfigDict, Field, field_validator

from helper.engine import Engine, Scored
from helper.normalize import Utf16Offsets
from helper.rulepack import Rule, Strictness

MAX_TEXT_CHARS = 100_000
Locale = Literal["id", "en"]
Platform = Literal["x", "instagram", "facebook", "other"]


class CheckRequest(BaseModel):
    # Unknown fields are ignored so an older helper still serves a newer extension.
    model_config = ConfigDict(extra="ignore")

    text: str
    strictness: Strictness = "standard"
    disabled_categories: Annotated[list[str], Field(max_length=64)] = []
    locale: Locale = "id"
    platform: Platform | None = None

    @field_validator("text", mode="before")
    @classmethod
    def _text_is_string(cls, value: object) -> object:
        if not isinstance(value, str):
            raise ValueError("text must be a string")
        return value


class Clause(BaseModel):
    id: str
    text: str


class Finding(BaseModel):
    rule_id: str
    category: str
    category_label: str
    clause: Clause
    severity: Literal["error", "warning", "info"]
    start: int
    end: int
    excerpt: str
    message: str
    suggestion: str | None


class Affirmation(BaseModel):
    rule_id: str
    clause: Clause
    start: int
    end: int
    excerpt: str
    message: str


class LanguageOut(BaseModel):
    code: str
    confidence: float


class CheckResponse(BaseModel):
    findings: list[Finding]
    affirmations: list[Affirmation]
    language: LanguageOut
    strictness: Strictness
    ruleset_version: str
    elapsed_ms: float


class RulesetInfo(BaseModel):
    version: str
    rules: int


class Health(BaseModel):
    status: Literal["ok", "degraded"]
    version: str
    ruleset: RulesetInfo
    # Present while the rule files on disk are broken and the last good pack keeps serving.
    rules_error: list[str] | None = None


class CategoryOut(BaseModel):
    id: str
    clause: str | None
    label: dict[str, str]
    description: dict[str, str]


class RuleOut(BaseModel):
    id: str
    kind: str
    category: str | None
    clause: str
    severity: str
    strictness: Strictness


class RulesResponse(BaseModel):
    ruleset_version: str
    categories: list[CategoryOut]
    rules: list[RuleOut]


def check(engine: Engine, request: CheckRequest) -> CheckResponse:
    started = time.perf_counter()
    analysis = engine.analyze(request.text)
    selected = analysis.select(request.strictness, set(request.disabled_categories))
    utf16 = Utf16Offsets(request.text)
    findings: list[Finding] = []
    affirmations: list[Affirmation] = []
    for hit in selected:
        if hit.rule.kind == "affirmation":
            affirmations.append(_affirmation(engine, hit, request, utf16))
        else:
            findings.append(_finding(engine, hit, request, utf16))
    return CheckResponse(
        findings=findings,
        affirmations=affirmations,
        language=LanguageOut(code=analysis.language.code, confidence=analysis.language.confidence),
        strictness=request.strictness,
        ruleset_version=engine.pack.meta.version,
        elapsed_ms=round((time.perf_counter() - started) * 1000, 3),
    )


def _clause(engine: Engine, clause_id: str) -> Clause:
    return Clause(id=clause_id, text=engine.pack.clauses.get(clause_id, ""))


# What a finding or affirmation of one rule says in one locale is the same in every response:
# made once per engine (rules, clause, messages), leaving only the span to fill in. Keyed by the
# rule object, which the engine keeps.
_PARTS: WeakKeyDictionary[Engine, dict[tuple[int, str], dict[str, Any]]] = WeakKeyDictionary()


def _parts(engine: Engine, rule: Rule, locale: Locale) -> dict[str, Any]:
    by_rule = _PARTS.get(engine)
    if by_rule is None:
        by_rule = _PARTS[engine] = {}
    parts = by_rule.get((id(rule), locale))
    if parts is None:
        if rule.kind == "affirmation":
            parts = {"rule_id": rule.id, "clause": _clause(engine, rule.clause), "message": rule.message.get(locale)}
        else:
            assert rule.category is not None
            category = engine.pack.categories.get(rule.category)
            parts = {
                "rule_id": rule.id,
                "category": rule.category,
                "category_label": category.label.get(locale) if category else rule.category,
                "clause": _clause(engine, rule.clause),
                "severity": rule.severity,
                "message": rule.message.get(locale),
                "suggestion": rule.suggestion.get(locale) if rule.suggestion else None,
            }
        by_rule[(id(rule), locale)] = parts
    return parts


def _finding(engine: Engine, hit: Scored, request: CheckRequest, utf16: Utf16Offsets) -> Finding:
    return Finding(**_parts(engine, hit.rule, request.locale), start=utf16(hit.start), end=utf16(hit.end),
                   excerpt=request.text[hit.start:hit.end])


def _affirmation(engine: Engine, hit: Scored, request: CheckRequest, utf16: Utf16Offsets) -> Affirmation:
    return Affirmation(**_parts(engine, hit.rule, request.locale), start=utf16(hit.start), end=utf16(hit.end),
                       excerpt=request.text[hit.start:hit.end])


def rules_response(engine: Engine) -> RulesResponse:
    pack = engine.pack
    return RulesResponse(
        ruleset_version=pack.meta.version,
        categories=[
            CategoryOut(id=c.id, clause=c.clause, label=c.label.model_dump(),
                        description=c.description.model_dump())
            for c in pack.categories.values()
        ],
        rules=[
            RuleOut(id=r.id, kind=r.kind, category=r.category, clause=r.clause,
                    severity=r.severity, strictness=r.strictness)
            for r in pack.rules
        ],
    )
