"""The rule pack as data: YAML files under `rules/`, validated into pydantic models.

Layout (see rules/README.md):
  pack.yaml             name, version
  circular.yaml         the text of each clause (K1–K13, L1–L8, P1–P6)
  categories.yaml       category ids with clause, labels and descriptions in id and en
  lexicon/*.yaml        shared word lists (`lists`), slang → standard (`slang`), extra stem roots
  model/model.yaml      the trained recognizer: thresholds, messages; model/weights.json its weights
  <anything else>.yaml  one rule (a mapping with `id`) or several (`rules: [...]`)

Every problem is reported as `file:line: message`, so an author can jump to it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

Strictness = Literal["relaxed", "standard", "strict"]
Severity = Literal["error", "warning", "info"]
STRICTNESS_LEVELS: tuple[Strictness, ...] = ("relaxed", "standard", "strict")

_CLAUSE_ID = r"^(K(1[0-3]|[1-9])|L[1-8]|P[1-6])$"
_SPECIAL_FILES = {"pack.yaml", "circular.yaml", "categories.yaml"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    id: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)]

    def get(self, locale: str) -> str:
        return self.en if locale == "en" else self.id


class RegexPattern(_Strict):
    regex: str
    validator: str | None = None


Pattern = str | RegexPattern


class ContextItem(_Strict):
    """Words near a hit that change it: cancel it, require them, or raise/lower its level."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    cancel: list[str] | None = None
    require: list[str] | None = None
    raise_: Annotated[list[str] | None, Field(alias="raise")] = None
    lower: list[str] | None = None
    # "post", "paragraph", "sentence", a number of tokens either side, "before:N", "after:N", or
    # "after_quote:N": within N tokens after the closing mark of the quotation the hit is in (or
    # introduces, three tokens at most before it opens).
    within: str | int = "sentence"

    @model_validator(mode="before")
    @classmethod
    def _one_effect(cls, data: Any) -> Any:
        if isinstance(data, dict):
            effects = [k for k in ("cancel", "require", "raise", "lower") if k in data]
            if len(effects) != 1:
                raise ValueError("a context item has exactly one of cancel, require, raise, lower")
            value = data[effects[0]]
            if isinstance(value, str):
                data = {**data, effects[0]: [value]}
        return data

    @model_validator(mode="after")
    def _valid_scope(self) -> ContextItem:
        scope = self.within
        if isinstance(scope, int):
            if scope < 1:
                raise ValueError("within must be at least 1 token")
        elif scope not in ("post", "paragraph", "sentence") and not re.fullmatch(
                r"(before|after|after_quote):[1-9]\d*", scope):
            raise ValueError(
                f"within must be post, paragraph, sentence, N, before:N, after:N or after_quote:N, not {scope!r}")
        return self

    @property
    def effect(self) -> Literal["cancel", "require", "raise", "lower"]:
        if self.cancel is not None:
            return "cancel"
        if self.require is not None:
            return "require"
        return "raise" if self.raise_ is not None else "lower"

    @property
    def patterns(self) -> list[str]:
        return self.cancel or self.require or self.raise_ or self.lower or []


class Example(_Strict):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    flag: str | None = None
    pass_: Annotated[str | None, Field(alias="pass")] = None
    strictness: Strictness | None = None
    note: str | None = None

    @model_validator(mode="after")
    def _one_text(self) -> Example:
        if (self.flag is None) == (self.pass_ is None):
            raise ValueError("an example has exactly one of flag or pass")
        if self.flag is not None and "[[" not in self.flag:
            raise ValueError("a flag example marks its expected span with [[...]]")
        return self


class Rule(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")]
    kind: Literal["finding", "affirmation"] = "finding"
    category: str | None = None
    clause: Annotated[str, Field(pattern=_CLAUSE_ID)]
    severity: Severity = "warning"
    strictness: Strictness = "standard"
    patterns: Annotated[list[Pattern], Field(min_length=1)]
    context: list[ContextItem] = []
    message: Localized
    suggestion: Localized | None = None
    link: str | None = None
    examples: Annotated[list[Example], Field(min_length=2)]

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.kind == "finding" and self.category is None:
            raise ValueError("a finding rule needs a category")
        if not any(e.flag for e in self.examples) or not any(e.pass_ for e in self.examples):
            raise ValueError("a rule needs at least one flag and one pass example")
        return self


class Category(_Strict):
    id: Annotated[str, Field(pattern=r"^[a-z_]+$")]
    clause: Annotated[str, Field(pattern=_CLAUSE_ID)] | None = None
    label: Localized
    description: Localized


class PackMeta(_Strict):
    name: str
    version: Annotated[str, Field(min_length=1)]
    description: str | None = None


class CircularFile(_Strict):
    source: str | None = None
    clauses: dict[Annotated[str, Field(pattern=_CLAUSE_ID)], str]


class CategoriesFile(_Strict):
    categories: list[Category]


class LexiconFile(_Strict):
    description: str | None = None
    lists: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")], list[str]] = {}
    slang: dict[str, str] = {}
    roots: list[str] = []


class ModelCategory(_Strict):
    message: Localized
    suggestion: Localized


class ModelThresholds(_Strict):
    """The probability from which a verdict shows at a strictness (none: never at that level),
    and the veto: a rule finding whose category stays below it in every window is dropped."""

    standard: Annotated[float, Field(gt=0, lt=1)] | None = None
    strict: Annotated[float, Field(gt=0, lt=1)]
    veto: Annotated[float, Field(gt=0, lt=1)] | None = None
    # A category's own veto where the checks found the default wrong for it (none: no veto).
    veto_for: dict[str, Annotated[float, Field(gt=0, lt=1)] | None] = {}
    # A category whose verdicts need more certainty to show at standard (below it: strict only).
    standard_for: dict[str, Annotated[float, Field(gt=0, lt=1)]] = {}
    # From this probability a verdict also shows beside a rule's finding of another category
    # (none: where a rule found something, the model is silent).
    beside: Annotated[float, Field(gt=0, lt=1)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> ModelThresholds:
        if self.standard is not None and self.strict > self.standard:
            raise ValueError("the strict threshold cannot be above the standard one")
        if self.standard_for and self.standard is None:
            raise ValueError("standard_for needs a standard threshold: the recognizer is silent at standard")
        for threshold in self.standard_for.values():
            if self.standard is not None and threshold < self.standard:
                raise ValueError("a category's standard threshold can only be above the default one")
        if self.beside is not None and (self.standard is None or self.beside < self.standard):
            raise ValueError("beside needs a standard threshold and cannot be below it")
        for veto in [self.veto, *self.veto_for.values()]:
            if veto is not None and veto >= self.strict:
                raise ValueError("a veto must be below the strict threshold")
        return self

    def veto_of(self, category: str) -> float | None:
        return self.veto_for.get(category, self.veto)

    def standard_of(self, category: str) -> float | None:
        return self.standard_for.get(category, self.standard)


class ModelFile(_Strict):
    """model/model.yaml: how the trained recognizer's probabilities become findings."""

    weights: str
    thresholds: ModelThresholds
    quiet_when: list[str] = []  # affirmation ids: when one shows, the model stays silent
    # Categories it never reports, where the rules do better alone; it still vetoes there.
    quiet_on: list[str] = []
    # Categories it never reports beside a rule's finding (thresholds.beside).
    quiet_beside: list[str] = []
    categories: dict[str, ModelCategory]


class WeightsFile(_Strict):
    about: str = ""
    trained_on: str = ""  # helper.classifier.training_fingerprint of the corpus it was fitted on
    categories: Annotated[list[str], Field(min_length=1)]
    bias: list[float]
    weights: dict[str, list[float]]

    @model_validator(mode="after")
    def _shapes(self) -> WeightsFile:
        width = len(self.categories)
        if len(self.bias) != width:
            raise ValueError(f"bias has {len(self.bias)} values for {width} categories")
        for feature, vector in self.weights.items():
            if len(vector) != width:
                raise ValueError(f"weights[{feature!r}] has {len(vector)} values for {width} categories")
        return self


@dataclass(frozen=True)
class Model:
    spec: ModelFile
    weights: WeightsFile


class RulesFile(_Strict):
    rules: Annotated[list[Rule], Field(min_length=1)]


@dataclass(frozen=True)
class Located:
    """Where something was written, for error messages."""

    file: str
    line: int


class RulePackError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class RulePack:
    meta: PackMeta
    clauses: dict[str, str]
    categories: dict[str, Category]
    rules: list[Rule]
    lists: dict[str, list[str]]
    slang: dict[str, str]
    roots: list[str]
    model: Model | None = None
    where: dict[str, Located] = field(default_factory=dict)  # rule id → its place
    example_lines: dict[tuple[str, int], Located] = field(default_factory=dict)


# ---------------------------------------------------------------------------------------------
# YAML with line numbers


class _LineLoader(yaml.SafeLoader):
    pass


_Loaded = tuple[Any, dict[tuple[str | int, ...], int]]  # a YAML document and its lines by path


# libyaml, the C parser PyYAML's wheels carry, reads the rule pack several times faster than
# PyYAML's own (0.1 vs 0.6 s at every start); both make the same nodes, with the same lines.
# PyYAML's parser still reads whatever libyaml refuses, so a broken file is reported in the same
# words either way, and it reads everything where libyaml is missing.
_FAST_LOADER: Any = getattr(yaml, "CSafeLoader", None) if getattr(yaml, "__with_libyaml__", False) else None


def _compose(text: str, loader_class: Any) -> yaml.Node | None:
    loader = loader_class(text)
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    finally:
        loader.dispose()


def _load_yaml(path: Path, fast: bool = True) -> _Loaded:
    """Parse YAML keeping the line of every mapping key and list item, keyed by its path."""
    text = path.read_text(encoding="utf-8")
    use_fast = fast and _FAST_LOADER is not None
    try:
        node = _compose(text, _FAST_LOADER if use_fast else _LineLoader)
    except yaml.YAMLError:
        if not use_fast:
            raise
        node = _compose(text, _LineLoader)  # PyYAML's own words for what libyaml refused
    lines: dict[tuple[str | int, ...], int] = {}
    if node is None:
        return None, lines
    return _construct(node, (), lines), lines


def _construct(node: yaml.Node, path: tuple[str | int, ...], lines: dict[tuple[str | int, ...], int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = yaml.SafeLoader.construct_scalar(_LineLoader(""), key_node)
            if key in out:
                raise _YamlProblem(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            lines[(*path, key)] = key_node.start_mark.line + 1
            out[key] = _construct(value_node, (*path, key), lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_construct(item, (*path, i), lines) for i, item in enumerate(node.value)]
    loader = _LineLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


class _YamlProblem(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _line_for(lines: dict[tuple[str | int, ...], int], loc: tuple[str | int, ...]) -> int:
    for cut in range(len(loc), -1, -1):
        if loc[:cut] in lines:
            return lines[loc[:cut]]
    return 1


def _validate(model: type[BaseModel], data: Any, rel: str, lines: dict[tuple[str | int, ...], int],
              problems: list[str], prefix: tuple[str | int, ...] = ()) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            loc = tuple(x for x in err["loc"] if not (isinstance(x, str) and "[" in x))
            where = ".".join(str(x) for x in loc) or "(top)"
            line = _line_for(lines, (*prefix, *loc))
            problems.append(f"{rel}:{line}: {where}: {err['msg']}")
        return None


# ---------------------------------------------------------------------------------------------
# Loading a pack


def load_rule_pack(root: Path) -> RulePack:
    """Read and validate every file under `root`; raise RulePackError listing all problems."""
    root = Path(root)
    problems: list[str] = []
    if not root.is_dir():
        raise RulePackError([f"{root}: not a directory"])

    def rel(p: Path) -> str:
        try:
            return str(p.relative_to(root.parent))
        except ValueError:
            return str(p)

    def load(p: Path) -> _Loaded | None:
        try:
            return _load_yaml(p)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 1
            problems.append(f"{rel(p)}:{line}: YAML: {exc.problem or exc}")
        except _YamlProblem as exc:
            problems.append(f"{rel(p)}:{exc.line}: {exc.message}")
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{rel(p)}:1: cannot read: {exc}")
        return None

    def special(name: str, model: type[BaseModel]) -> Any:
        path = root / name
        if not path.exists():
            problems.append(f"{rel(path)}:1: missing")
            return None
        loaded = load(path)
        return _validate(model, loaded[0], rel(path), loaded[1], problems) if loaded else None

    meta = special("pack.yaml", PackMeta)
    circular = special("circular.yaml", CircularFile)
    categories_file = special("categories.yaml", CategoriesFile)

    lists: dict[str, list[str]] = {}
    slang: dict[str, str] = {}
    roots: list[str] = []
    list_where: dict[str, str] = {}
    for path in sorted((root / "lexicon").glob("*.yaml")):
        loaded = load(path)
        if not loaded:
            continue
        lexicon = _validate(LexiconFile, loaded[0], rel(path), loaded[1], problems)
        if lexicon is None:
            continue
        for name, terms in lexicon.lists.items():
            here = f"{rel(path)}:{_line_for(loaded[1], ('lists', name))}"
            if name in lists:
                problems.append(f"{here}: list {name!r} is already defined at {list_where[name]}")
            lists[name] = terms
            list_where[name] = here
        slang.update({k.casefold(): v.casefold() for k, v in lexicon.slang.items()})
        roots.extend(lexicon.roots)

    rules: list[Rule] = []
    where: dict[str, Located] = {}
    example_lines: dict[tuple[str, int], Located] = {}
    model = _load_model(root / "model" / "model.yaml", rel, load, problems)

    for path in sorted(root.rglob("*.yaml")):
        if path.parent == root and path.name in _SPECIAL_FILES:
            continue
        if (root / "lexicon") in path.parents or (root / "model") in path.parents:
            continue
        loaded = load(path)
        if not loaded:
            continue
        data, lines = loaded
        if isinstance(data, dict) and "rules" in data:
            parsed = _validate(RulesFile, data, rel(path), lines, problems)
            items: list[tuple[Rule, tuple[str | int, ...]]] = (
                [(r, ("rules", i)) for i, r in enumerate(parsed.rules)] if parsed else [])
        else:
            rule = _validate(Rule, data, rel(path), lines, problems)
            items = [(rule, ())] if rule else []
        for rule, prefix in items:
            line = _line_for(lines, (*prefix, "id"))
            if rule.id in where:
                first = where[rule.id]
                problems.append(f"{rel(path)}:{line}: rule id {rule.id!r} already used at {first.file}:{first.line}")
                continue
            where[rule.id] = Located(rel(path), line)
            for i in range(len(rule.examples)):
                example_lines[(rule.id, i)] = Located(rel(path), _line_for(lines, (*prefix, "examples", i)))
            rules.append(rule)

    categories = {c.id: c for c in categories_file.categories} if categories_file else {}
    clauses = circular.clauses if circular else {}
    for rule in rules:
        loc = where[rule.id]
        if rule.category is not None and categories and rule.category not in categories:
            problems.append(f"{loc.file}:{loc.line}: unknown category {rule.category!r}")
        if clauses and rule.clause not in clauses:
            problems.append(f"{loc.file}:{loc.line}: clause {rule.clause} is not in circular.yaml")
    if model is not None:
        _check_model(model, rel(root / "model" / "model.yaml"), categories,
                     {r.id for r in rules if r.kind == "affirmation"}, problems)
    if problems or meta is None:
        raise RulePackError(problems)
    return RulePack(meta, clauses, categories, rules, lists, slang, roots, model, where, example_lines)


def _load_model(path: Path, rel: Callable[[Path], str], load: Callable[[Path], _Loaded | None],
                problems: list[str]) -> Model | None:
    """model/model.yaml and the weights it names; a pack without model/ has no model."""
    if not path.exists():
        return None
    loaded = load(path)
    spec = _validate(ModelFile, loaded[0], rel(path), loaded[1], problems) if loaded else None
    if spec is None:
        return None
    weights_path = path.parent / spec.weights
    try:
        document = json.loads(weights_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problems.append(f"{rel(weights_path)}:{exc.lineno}: JSON: {exc.msg}")
        return None
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{rel(weights_path)}:1: cannot read: {exc}")
        return None
    # One line of JSON: the line number would say nothing, the field path does.
    weights = _validate(WeightsFile, document, rel(weights_path), {}, problems)
    return Model(spec, weights) if weights is not None else None


def _check_model(model: Model, here: str, categories: dict[str, Category], affirmations: set[str],
                 problems: list[str]) -> None:
    for category in model.weights.categories:
        if categories and category not in categories:
            problems.append(f"{here}:1: the weights name an unknown category {category!r}")
        elif category not in model.spec.categories:
            problems.append(f"{here}:1: no message for the weights' category {category!r}")
    for setting, named in (("veto_for", model.spec.thresholds.veto_for),
                           ("standard_for", model.spec.thresholds.standard_for), ("quiet_on", model.spec.quiet_on),
                           ("quiet_beside", model.spec.quiet_beside)):
        for category in named:
            if category not in model.weights.categories:
                problems.append(f"{here}:1: {setting} names {category!r}, which the weights do not score")
    for rule_id in model.spec.quiet_when:
        if rule_id not in affirmations:
            problems.append(f"{here}:1: quiet_when names {rule_id!r}, which is not an affirmation rule")
