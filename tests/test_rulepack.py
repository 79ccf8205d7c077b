"""A broken rule file is refused with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from helper.cli import main
from helper.engine import Engine
from helper.examples import check_examples, unmark
from helper.rulepack import RulePackError, load_rule_pack
from tests.packs import rule, write_pack

GOOD = rule("hoax.good", ["hoaks"], examples=[{"flag": "ini [[hoaks]]"}, {"pass": "ini fakta"}])


def problems_of(root: Path) -> list[str]:
    with pytest.raises(RulePackError) as caught:
        Engine(load_rule_pack(root))
    return caught.value.problems


def test_yaml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "rules", [GOOD])
    (root / "broken.yaml").write_text("id: hoax.broken\npatterns: [\n  - oops: : :\n", encoding="utf-8")
    [problem] = problems_of(root)
    assert problem.startswith("rules/broken.yaml:3: YAML")


def test_schema_error_points_at_the_field(tmp_path: Path) -> None:
    bad = rule("hoax.bad", ["hoaks"])
    bad["severity"] = "fatal"
    root = write_pack(tmp_path / "rules", [GOOD, bad])
    [problem] = problems_of(root)
    text = (root / "hoax.bad.yaml").read_text().splitlines()
    line = next(i for i, row in enumerate(text, 1) if row.startswith("severity:"))
    assert problem.startswith(f"rules/hoax.bad.yaml:{line}: severity:")


def test_missing_examples_and_unknown_category(tmp_path: Path) -> None:
    no_pass = rule("hoax.nopass", ["hoaks"], examples=[{"flag": "[[hoaks]]"}, {"flag": "[[hoaks]] lagi"}])
    alien = rule("alien.x", ["x"], category="aliens")
    problems = problems_of(write_pack(tmp_path / "rules", [GOOD, no_pass, alien]))
    assert any("hoax.nopass.yaml" in p and "pass example" in p for p in problems)
    assert any("alien.x.yaml:1:" in p and "unknown category 'aliens'" in p for p in problems)


def test_unknown_list_and_bad_regex(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "rules", [
        GOOD,
        rule("hoax.nolist", ["@nosuchlist"]),
        rule("personal_data.re", [{"regex": "(unclosed"}], category="personal_data", clause="K2"),
    ])
    problems = problems_of(root)
    assert any(p.startswith("rules/hoax.nolist.yaml:1:") and "unknown list @nosuchlist" in p for p in problems)
    assert any(p.startswith("rules/personal_data.re.yaml:1:") and "missing )" in p for p in problems)


def test_pattern_of_only_optional_pieces_is_refused(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "rules", [GOOD, rule("hoax.anyq", ["??"]), rule("hoax.opt", ["info? {0,2} a1?"])])
    problems = problems_of(root)
    for name in ("hoax.anyq", "hoax.opt"):
        assert any(p.startswith(f"rules/{name}.yaml:1:") and "every piece is optional" in p for p in problems)


def test_a_phrase_written_inside_alternatives_is_refused(tmp_path: Path) -> None:
    # "dikutip dari|dilansir dari situs" reads as (dikutip) (dari|dilansir) (dari|situs).
    root = write_pack(tmp_path / "rules", [
        GOOD,
        rule("hoax.phrase", ["menurut|dikutip dari|dilansir dari situs"]),
        rule("hoax.repeat", ["dengar dengar", "the? only|the best"]),
    ])
    problems = problems_of(root)
    assert any(p.startswith("rules/hoax.phrase.yaml:1:") and "'dari' is in two neighbouring positions" in p
               for p in problems)
    # A word said twice with no alternatives beside it ("dengar dengar") is a real phrase: of
    # hoax.repeat's two patterns only "the? only|the best" is refused.
    repeat = [p for p in problems if "hoax.repeat" in p]
    assert len(repeat) == 1 and "'the' is in two neighbouring positions" in repeat[0]


def test_an_unclosed_phrase_group_is_refused(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "rules", [GOOD, rule("hoax.group", ["(kerja bakti|gotong royong lintas agama"])])
    assert any(p.startswith("rules/hoax.group.yaml:1:") and "unclosed group" in p for p in problems_of(root))


def test_duplicate_rule_id(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "rules", [GOOD])
    (root / "copy.yaml").write_text((root / "hoax.good.yaml").read_text(), encoding="utf-8")
    assert problems_of(root) == ["rules/hoax.good.yaml:1: rule id 'hoax.good' already used at rules/copy.yaml:1"]


def test_duplicate_key_is_an_error(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "rules", [GOOD])
    (root / "dup.yaml").write_text("id: hoax.a\nid: hoax.b\n", encoding="utf-8")
    [problem] = problems_of(root)
    assert problem == "rules/dup.yaml:2: duplicate key 'id'"


def test_failing_examples_are_reported_with_their_line(tmp_path: Path) -> None:
    wrong_span = rule("hoax.span", ["hoaks"], examples=[{"flag": "[[ini hoaks]]"}, {"pass": "hoaks"}])
    root = write_pack(tmp_path / "rules", [GOOD, wrong_span])
    problems = check_examples(Engine(load_rule_pack(root)))
    assert len(problems) == 2
    lines = (root / "hoax.span.yaml").read_text().splitlines()
    flag_line = next(i for i, row in enumerate(lines, 1) if "[[ini hoaks]]" in row)
    assert problems[0] == (f"rules/hoax.span.yaml:{flag_line}: hoax.span: flag example at standard "
                           "expected 'ini hoaks', got 'hoaks'")
    assert "pass example at strict was flagged: 'hoaks'" in problems[1]


class _VetoEverything:
    """A recognizer stand-in that vetoes every rule finding and finds nothing itself."""

    highest_score = 0.0
    beside = None

    def vetoed(self, normalized: object, scored: list[object]) -> tuple[list[object], None]:
        return [], None

    def hits(self, *args: object) -> list[object]:
        return []


def test_pass_examples_are_checked_on_the_rules_alone(tmp_path: Path) -> None:
    # A pass example the rule itself flags is wrong even when the recognizer's veto hides it.
    leaky = rule("hoax.leaky", ["hoaks"], examples=[{"flag": "ini [[hoaks]]"}, {"pass": "itu hoaks juga"}])
    engine = Engine(load_rule_pack(write_pack(tmp_path / "rules", [leaky])))
    engine._model = _VetoEverything()  # type: ignore[assignment]
    assert engine.analyze("itu hoaks juga").of_rule("hoax.leaky", "strict") == []
    problems = check_examples(engine)
    assert any("pass example at strict was flagged: 'hoaks'" in p for p in problems)
    assert any("flag example at standard expected 'hoaks', got nothing" in p for p in problems)


def test_lint_command_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_pack(tmp_path / "rules", [GOOD])
    assert main(["rules", "lint", str(root)]) == 0
    assert "OK: 1 rules" in capsys.readouterr().out
    (root / "bad.yaml").write_text("id: hoax.bad\n", encoding="utf-8")
    assert main(["rules", "lint", str(root)]) == 1
    assert "rules/bad.yaml:1:" in capsys.readouterr().out


def test_unmark() -> None:
    assert unmark("a [[b]] c [[de]]") == ("a b c de", [(2, 3), (6, 8)])


def test_libyaml_reads_every_bundled_file_as_pyyaml_does() -> None:
    from helper.cli import default_rules
    from helper.rulepack import _FAST_LOADER, _load_yaml

    if _FAST_LOADER is None:
        pytest.skip("PyYAML without libyaml here")
    files = sorted(default_rules().rglob("*.yaml"))
    assert files
    for path in files:
        assert _load_yaml(path) == _load_yaml(path, fast=False), path


def test_yaml_libyaml_refuses_is_reported_by_pyyaml(tmp_path: Path) -> None:
    from helper.rulepack import _load_yaml

    broken = tmp_path / "broken.yaml"
    broken.write_text("a: [1, 2\nb: 3\n", encoding="utf-8")
    with pytest.raises(yaml.MarkedYAMLError) as fast:
        _load_yaml(broken)
    with pytest.raises(yaml.MarkedYAMLError) as slow:
        _load_yaml(broken, fast=False)
    assert str(fast.value) == str(slow.value)
