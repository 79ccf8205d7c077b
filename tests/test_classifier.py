"""The trained recognizer: its features, its windows and spans, how the engine lets it speak,
how a broken model file is refused, and the bundled model on traps it must leave alone."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
import yaml

from helper.api import CheckRequest, check
from helper.classifier import TextClassifier, post_features, training_fingerprint, window_texts, word_features
from helper.engine import Engine
from helper.evaluate import load_corpus
from helper.normalize import normalize
from helper.rulepack import RulePackError, load_rule_pack
from tests.conftest import RULES
from tests.packs import rule, write_pack

# A one-word model: "bangkrut" speaks for hoax, "pasti" a little for slander; bias keeps silence.
WEIGHTS: dict[str, Any] = {
    "categories": ["hoax", "slander"],
    "bias": [-4.0, -4.0],
    "weights": {"w:bangkrut": [60.0, 0.0], "w:pasti": [0.0, 1.0], "b:pasti_bangkrut": [1.0, 0.0]},
}


def model_pack(tmp_path: Path, rules: list[dict[str, Any]] | None = None, weights: Any = None,
               spec: dict[str, Any] | None = None) -> Path:
    root = write_pack(tmp_path / "rules", rules or [])
    (root / "model").mkdir()
    message = {"message": {"id": "Pesan.", "en": "Message."}, "suggestion": {"id": "Saran.", "en": "Do."}}
    body = spec or {"weights": "weights.json", "thresholds": {"strict": 0.8},
                    "categories": {"hoax": message, "slander": message}}
    (root / "model" / "model.yaml").write_text(yaml.safe_dump(body), encoding="utf-8")
    text = weights if isinstance(weights, str) else json.dumps(weights or WEIGHTS, indent=1)
    (root / "model" / "weights.json").write_text(text, encoding="utf-8")
    return root


def found(engine: Engine, text: str, level: str) -> list[tuple[str, str]]:
    return [(h.rule.id, text[h.start:h.end]) for h in engine.analyze(text).select(level)  # type: ignore[arg-type]
            if h.rule.kind == "finding"]


def test_word_features_are_the_word_and_its_padded_ngrams() -> None:
    features = word_features("korup")
    assert features[0] == "w:korup"
    assert {" k", " ko", "up ", "korup", "orup "} <= set(features)
    assert " korup " not in features  # at most five characters


def test_post_features_count_words_and_join_neighbours() -> None:
    features, words = post_features("pasti bangkrut!")
    assert words == 2
    assert "b:pasti_bangkrut" in features and "w:pasti" in features


def test_probability_is_a_logistic_of_weights_scaled_by_length() -> None:
    model = TextClassifier.from_document(WEIGHTS)
    p = model.probabilities("pasti bangkrut")
    assert p["hoax"] == pytest.approx(1 / (1 + math.exp(-(-4.0 + (60.0 + 1.0) / math.sqrt(2)))))
    assert p["slander"] == pytest.approx(1 / (1 + math.exp(-(-4.0 + 1.0 / math.sqrt(2)))))


def test_word_cache_grows_and_clears_without_changing_a_probability(monkeypatch: pytest.MonkeyPatch) -> None:
    # Thousands of distinct words with weights (ngrams of "bangkrut" are not weighted, so give
    # every word one): the row table must grow past its first size, and a full cache must start
    # afresh between windows, and neither may change what a text scores.
    weights = {"categories": ["hoax"], "bias": [-1.0],
               "weights": {f"w:kata{i}": [0.001 * (i % 7)] for i in range(3000)} | {"w:bangkrut": [5.0]}}
    text = " ".join(f"kata{i}" for i in range(3000)) + " bangkrut"
    expected = TextClassifier.from_document(weights).probabilities(text)["hoax"]
    fresh = TextClassifier.from_document(weights)
    assert fresh.probabilities(text)["hoax"] == expected
    monkeypatch.setattr("helper.classifier._CACHE_LIMIT", 2000)  # smaller than one window
    small = TextClassifier.from_document(weights)
    for _ in range(3):  # 3,001 words each time: every call finds the cache too full to add to
        assert small.probabilities(text)["hoax"] == expected
    assert small.probabilities("bangkrut")["hoax"] == pytest.approx(1 / (1 + math.exp(-(-1.0 + 5.0))))


def test_a_repeated_line_counts_once_and_does_not_drown_the_sentence_that_matters() -> None:
    model = TextClassifier.from_document(WEIGHTS)
    once = model.probabilities("Katanya BPJS bangkrut. Ayo senam pagi.")["hoax"]
    repeated = model.probabilities("Katanya BPJS bangkrut. " + "Ayo senam pagi. " * 40)["hoax"]
    assert repeated == once > 0.99
    features, distinct = post_features("ayo ayo senam ayo senam")
    assert distinct == 2 and features.count("w:ayo") == 1 and features.count("b:ayo_senam") == 1


def test_a_bad_sentence_in_a_long_text_is_found_and_pointed_at() -> None:
    model = TextClassifier.from_document(WEIGHTS)
    filler = "Hari ini kami senam pagi bersama warga di lapangan. " * 40
    text = filler + "Katanya BPJS bangkrut. " + filler
    assert len(window_texts(text)) > 2
    verdicts = model.verdicts(text, {"hoax": 0.8})
    assert [(v.category, text[v.start:v.end]) for v in verdicts] == [("hoax", "Katanya BPJS bangkrut.")]


def test_model_without_a_standard_threshold_speaks_only_at_strict_and_maps_utf16_offsets(tmp_path: Path) -> None:
    engine = Engine(load_rule_pack(model_pack(tmp_path)))
    text = "😷😷 Halo semua. Katanya BPJS bangkrut"
    assert found(engine, text, "relaxed") == []
    assert found(engine, text, "standard") == []
    assert found(engine, text, "strict") == [("model.hoax", "Katanya BPJS bangkrut")]
    response = check(engine, CheckRequest(text=text, strictness="strict"))
    (finding,) = response.findings
    # Each 😷 is two UTF-16 code units: the sentence starts at JS index 4 + len(" Halo semua. ").
    assert (finding.start, finding.end) == (text.index("Katanya") + 2, len(text) + 2)
    assert finding.category == "hoax" and finding.clause.id == "L1"
    assert finding.message == "Pesan."


def test_model_is_silent_where_a_rule_found_something_and_when_disabled(tmp_path: Path) -> None:
    rules = [rule("slander.penipu", ["penipu"], category="slander")]
    engine = Engine(load_rule_pack(model_pack(tmp_path, rules)))
    text = "BPJS bangkrut, direkturnya penipu"
    assert found(engine, text, "strict") == [("slander.penipu", "penipu")]
    assert engine.analyze("BPJS bangkrut").select("strict", disabled=["hoax"]) == []


def test_a_very_sure_verdict_shows_beside_a_rule_of_another_category(tmp_path: Path) -> None:
    message = {"message": {"id": "Pesan.", "en": "Message."}, "suggestion": {"id": "Saran.", "en": "Do."}}
    rules = [rule("slander.penipu", ["penipu"], category="slander"),
             rule("hoax.bohong", ["bohong"], category="hoax")]

    def engine(where: str, quiet_beside: list[str] | None = None, **thresholds: object) -> Engine:
        spec = {"weights": "weights.json", "thresholds": {"strict": 0.8, "standard": 0.9, **thresholds},
                "quiet_beside": quiet_beside or [], "categories": {"hoax": message, "slander": message}}
        return Engine(load_rule_pack(model_pack(tmp_path / where, rules, spec=spec)))

    text = "Kemarin saya dengar BPJS bangkrut, dan direkturnya itu penipu besar sekali"  # hoax p ≈ 1
    both = [("model.hoax", text), ("slander.penipu", "penipu")]
    assert found(engine("a"), text, "standard") == [("slander.penipu", "penipu")]
    assert sorted(found(engine("b", beside=0.99), text, "standard")) == both
    assert sorted(found(engine("c", beside=0.99), text, "strict")) == both
    # Never at relaxed, nor for a category the post's rules already name, nor for a quiet one.
    assert found(engine("d", beside=0.99), text, "relaxed") == []
    assert sorted(found(engine("e", beside=0.99), text + ", bohong", "standard")) == [
        ("hoax.bohong", "bohong"), ("slander.penipu", "penipu")]
    # A short draft gives the model too little to judge beside a rule.
    assert found(engine("e2", beside=0.99), "BPJS bangkrut, direkturnya penipu", "standard") == [
        ("slander.penipu", "penipu")]
    assert found(engine("f", ["hoax"], beside=0.99), text, "standard") == [("slander.penipu", "penipu")]
    # Among 75 distinct words the hoax verdict is less sure (p ≈ 0.95): not beside a rule from 0.99.
    long = " ".join(f"kegiatan{i}" for i in range(72)) + ". Katanya BPJS bangkrut. Direkturnya penipu."
    assert found(engine("g", beside=0.99), long, "standard") == [("slander.penipu", "penipu")]
    assert ("model.hoax", "Katanya BPJS bangkrut.") in found(engine("h", beside=0.9), long, "standard")
    for where, settings, problem in (
            ("i", {"beside": 0.85}, "beside needs a standard threshold and cannot be below it"),
            ("j", {"standard": None, "beside": 0.95}, "beside needs a standard threshold"),
            ("k", {"quiet_beside": ["politics"]}, "quiet_beside names 'politics', which the weights do not")):
        quiet = settings.pop("quiet_beside", None)
        with pytest.raises(RulePackError) as error:
            engine(where, quiet, **settings)  # type: ignore[arg-type]
        assert any(problem in p for p in error.value.problems), error.value.problems


def test_model_is_quiet_on_a_debunk(tmp_path: Path) -> None:
    rules = [rule("affirmation.debunk", ["hoaks"], kind="affirmation", clause="K8", severity="info")]
    message = {"message": {"id": "Pesan.", "en": "Message."}, "suggestion": {"id": "Saran.", "en": "Do."}}
    spec = {"weights": "weights.json", "thresholds": {"strict": 0.8}, "quiet_when": ["affirmation.debunk"],
            "categories": {"hoax": message, "slander": message}}
    engine = Engine(load_rule_pack(model_pack(tmp_path, rules, spec=spec)))
    assert found(engine, "BPJS bangkrut", "strict") == [("model.hoax", "BPJS bangkrut")]
    assert found(engine, "HOAKS: BPJS bangkrut", "strict") == []


def test_a_category_the_model_is_quiet_on_is_never_reported_but_still_vetoed(tmp_path: Path) -> None:
    message = {"message": {"id": "Pesan.", "en": "Message."}, "suggestion": {"id": "Saran.", "en": "Do."}}
    spec = {"weights": "weights.json", "thresholds": {"strict": 0.8, "veto": 0.02}, "quiet_on": ["hoax"],
            "categories": {"hoax": message, "slander": message}}
    rules = [rule("slander.penipu", ["penipu"], category="slander"),
             rule("hoax.viral", ["viral"], category="hoax")]
    engine = Engine(load_rule_pack(model_pack(tmp_path / "a", rules, spec=spec)))
    assert found(engine, "BPJS bangkrut", "strict") == []  # p(hoax) ≈ 1, but quiet on hoax
    # Ten words with no hoax evidence: the rule's hoax finding is still vetoed; slander's too.
    assert found(engine, "Kemarin saya bertemu dia di pasar, katanya itu juga viral", "standard") == []
    assert found(engine, "Itu viral", "standard") == [("hoax.viral", "viral")]
    with pytest.raises(RulePackError) as error:
        load_rule_pack(model_pack(tmp_path / "b", spec=spec | {"quiet_on": ["politics"]}))
    assert any("quiet_on names 'politics', which the weights do not score" in p for p in error.value.problems)


def test_a_standard_threshold_lets_confident_verdicts_show_at_standard(tmp_path: Path) -> None:
    message = {"message": {"id": "Pesan.", "en": "Message."}, "suggestion": {"id": "Saran.", "en": "Do."}}
    spec = {"weights": "weights.json", "thresholds": {"strict": 0.8, "standard": 0.99},
            "categories": {"hoax": message, "slander": message}}
    engine = Engine(load_rule_pack(model_pack(tmp_path, spec=spec)))
    assert found(engine, "BPJS bangkrut", "standard") == [("model.hoax", "BPJS bangkrut")]  # p ≈ 1
    # Among 75 distinct words the same evidence weighs less (p ≈ 0.95): strict only.
    text = " ".join(f"kegiatan{i}" for i in range(72)) + ". Katanya BPJS bangkrut."
    assert found(engine, text, "standard") == []
    assert found(engine, text, "strict") == [("model.hoax", "Katanya BPJS bangkrut.")]


def test_a_category_may_need_more_certainty_to_show_at_standard(tmp_path: Path) -> None:
    message = {"message": {"id": "Pesan.", "en": "Message."}, "suggestion": {"id": "Saran.", "en": "Do."}}

    def engine(where: str, **thresholds: object) -> Engine:
        spec = {"weights": "weights.json", "thresholds": {"strict": 0.8, "standard": 0.9, **thresholds},
                "categories": {"hoax": message, "slander": message}}
        return Engine(load_rule_pack(model_pack(tmp_path / where, spec=spec)))

    # p ≈ 0.95: over the default 0.9, under hoax's own 0.99.
    text = " ".join(f"kegiatan{i}" for i in range(72)) + ". Katanya BPJS bangkrut."
    assert found(engine("a"), text, "standard") == [("model.hoax", "Katanya BPJS bangkrut.")]
    assert found(engine("b", standard_for={"hoax": 0.99}), text, "standard") == []
    assert found(engine("c", standard_for={"hoax": 0.99}), text, "strict") == [("model.hoax", "Katanya BPJS bangkrut.")]
    # Another category's setting leaves hoax with the default.
    assert found(engine("d", standard_for={"slander": 0.99}), text, "standard") == [
        ("model.hoax", "Katanya BPJS bangkrut.")]
    for where, thresholds, problem in (
            ("e", {"standard_for": {"hoax": 0.85}}, "can only be above the default one"),
            ("f", {"standard_for": {"politics": 0.95}}, "standard_for names 'politics', which the weights do not"),
            ("g", {"standard": None, "standard_for": {"hoax": 0.95}}, "standard_for needs a standard threshold")):
        with pytest.raises(RulePackError) as error:
            engine(where, **thresholds)
        assert any(problem in p for p in error.value.problems), error.value.problems


def test_a_verdict_shown_at_standard_stays_at_strict_beside_a_weak_rule_signal(tmp_path: Path) -> None:
    message = {"message": {"id": "Pesan.", "en": "Message."}, "suggestion": {"id": "Saran.", "en": "Do."}}
    spec = {"weights": "weights.json", "thresholds": {"strict": 0.8, "standard": 0.99},
            "categories": {"hoax": message, "slander": message}}
    rules = [rule("slander.maybe", ["kayaknya"], category="slander", strictness="strict"),
             rule("slander.penipu", ["penipu"], category="slander")]
    engine = Engine(load_rule_pack(model_pack(tmp_path, rules, spec=spec)))
    text = "BPJS bangkrut kayaknya"
    assert found(engine, text, "standard") == [("model.hoax", "BPJS bangkrut kayaknya")]
    # Strict adds the weak rule and keeps what standard showed.
    assert set(found(engine, text, "strict")) == {("model.hoax", "BPJS bangkrut kayaknya"),
                                                  ("slander.maybe", "kayaknya")}
    # A rule that shows at standard still silences the model at every level.
    assert found(engine, "BPJS bangkrut penipu", "strict") == [("slander.penipu", "penipu")]


def veto_pack(tmp_path: Path, veto: float | None = 0.02, veto_for: dict[str, float | None] | None = None) -> Engine:
    message = {"message": {"id": "Pesan.", "en": "Message."}, "suggestion": {"id": "Saran.", "en": "Do."}}
    thresholds: dict[str, object] = {"strict": 0.8, "veto": veto}
    if veto_for is not None:
        thresholds["veto_for"] = veto_for
    spec = {"weights": "weights.json", "thresholds": thresholds,
            "categories": {"hoax": message, "slander": message}}
    rules = [rule("slander.penipu", ["penipu"], category="slander"),
             rule("slander.maybe", ["mungkin penipu"], category="slander", strictness="strict")]
    return Engine(load_rule_pack(model_pack(tmp_path, rules, spec=spec)))


# Ten words and no evidence: the model's slander probability is the bias alone, sigmoid(-4) ≈ 0.018.
PLAIN = "Kemarin saya bertemu dia di pasar, katanya dia itu penipu"


def test_veto_drops_a_rule_finding_the_model_is_nearly_sure_of(tmp_path: Path) -> None:
    engine = veto_pack(tmp_path)
    assert found(engine, PLAIN, "standard") == []
    assert found(engine, PLAIN, "relaxed") == []


def test_veto_keeps_a_finding_with_some_evidence_or_in_a_short_draft(tmp_path: Path) -> None:
    engine = veto_pack(tmp_path)
    # "pasti" lifts slander to sigmoid(-4 + 1/sqrt(11)) ≈ 0.024, over the veto.
    assert found(engine, PLAIN + " pasti", "standard") == [("slander.penipu", "penipu")]
    assert found(engine, "Dia itu penipu", "standard") == [("slander.penipu", "penipu")]  # 3 words


def test_veto_looks_at_every_window_of_a_long_post(tmp_path: Path) -> None:
    engine = veto_pack(tmp_path)
    calm = "Hari ini kami senam pagi bersama warga di lapangan. " * 100
    # The evidence sits in the last window only; the whole post of 906 words read as one would
    # dilute it below the veto (sigmoid(-4 + 3/sqrt(906)) ≈ 0.0198).
    text = calm + "Dia itu penipu, pasti pasti pasti."
    assert found(engine, text, "standard") == [("slander.penipu", "penipu")]
    assert found(engine, calm + "Dia itu penipu.", "standard") == []


def test_veto_leaves_weak_signals_alone(tmp_path: Path) -> None:
    engine = veto_pack(tmp_path)
    text = "Kemarin saya bertemu dia di pasar, dia itu mungkin penipu"
    assert ("slander.maybe", "mungkin penipu") in found(engine, text, "strict")
    assert found(engine, text, "standard") == []


def test_a_category_may_have_its_own_veto_or_none(tmp_path: Path) -> None:
    # PLAIN's slander probability is about 0.018: under the default veto, over its own 0.01.
    assert found(veto_pack(tmp_path / "a", veto_for={"slander": 0.01}), PLAIN, "standard") == [
        ("slander.penipu", "penipu")]
    assert found(veto_pack(tmp_path / "b", veto_for={"slander": None}), PLAIN, "standard") == [
        ("slander.penipu", "penipu")]
    # Another category's setting leaves slander with the default, which drops it.
    assert found(veto_pack(tmp_path / "c", veto_for={"hoax": None}), PLAIN, "standard") == []
    # With no default, only the categories given one are vetoed.
    assert found(veto_pack(tmp_path / "d", veto=None, veto_for={"slander": 0.02}), PLAIN, "standard") == []


def test_a_veto_at_or_above_the_strict_threshold_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulePackError) as error:
        veto_pack(tmp_path, veto=0.8)
    assert any("veto must be below the strict threshold" in p for p in error.value.problems)
    with pytest.raises(RulePackError) as error:
        veto_pack(tmp_path / "b", veto_for={"hoax": 0.9})
    assert any("veto must be below the strict threshold" in p for p in error.value.problems)


def test_a_veto_for_a_category_the_weights_do_not_score_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RulePackError) as error:
        veto_pack(tmp_path, veto_for={"politics": 0.1})
    assert any("veto_for names 'politics', which the weights do not score" in p for p in error.value.problems)


def test_broken_weights_are_refused_with_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(RulePackError) as error:
        load_rule_pack(model_pack(tmp_path / "a", weights='{\n "categories": ["hoax"],\n "bias": [0.0,\n}'))
    assert any("model/weights.json:4: JSON" in p for p in error.value.problems)
    short = {**WEIGHTS, "bias": [0.0]}
    with pytest.raises(RulePackError) as error:
        load_rule_pack(model_pack(tmp_path / "b", weights=short))
    assert any("weights.json" in p and "bias has 1 values for 2 categories" in p for p in error.value.problems)


def test_model_spec_must_know_every_category_and_affirmation(tmp_path: Path) -> None:
    message = {"message": {"id": "Pesan.", "en": "Message."}, "suggestion": {"id": "Saran.", "en": "Do."}}
    spec = {"weights": "weights.json", "thresholds": {"strict": 0.8}, "quiet_when": ["affirmation.nope"],
            "categories": {"hoax": message}}
    with pytest.raises(RulePackError) as error:
        load_rule_pack(model_pack(tmp_path, spec=spec))
    problems = "\n".join(error.value.problems)
    assert "no message for the weights' category 'slander'" in problems
    assert "'affirmation.nope', which is not an affirmation rule" in problems


def test_bundled_weights_were_trained_on_the_corpus_as_it_reads_now() -> None:
    """A changed post or label, or a normalizer that now reads a text differently, makes the
    bundled weights stale: retrain with scripts/train-model (deterministic)."""
    corpus = Path(__file__).parent / "corpus"
    posts = load_corpus([corpus / "dev.jsonl", corpus / "validation.jsonl"])
    expected = training_fingerprint((normalize(p.text).text, p.labels["standard"]) for p in posts)
    bundled = json.loads((RULES / "model" / "weights.json").read_text(encoding="utf-8"))
    assert bundled["trained_on"] == expected, "rules/model/weights.json is stale: run scripts/train-model"


def test_training_fingerprint_changes_with_a_text_or_a_label() -> None:
    base = training_fingerprint([("vaksin aman", ["health_hoax"]), ("halo", [])])
    assert base == training_fingerprint([("vaksin aman", ["health_hoax"]), ("halo", [])])
    assert base != training_fingerprint([("vaksin  aman", ["health_hoax"]), ("halo", [])])
    assert base != training_fingerprint([("vaksin aman", []), ("halo", [])])


# The bundled model, on the health promotion the people who use Saring post every day.
TRAPS = [
    "Waspada cacar monyet (mpox)! Segera ke puskesmas bila muncul ruam dan demam.",
    "Flu babi bisa dicegah: cuci tangan pakai sabun dan vaksinasi influenza.",
    "Ayo datang ke pameran kesehatan di alun-alun, gratis cek gula darah dan tensi!",
    "Gigitan anjing harus segera dicuci dengan sabun 15 menit lalu ke puskesmas untuk VAR.",
    "Jihad melawan stunting dimulai dari dapur: isi piringku dengan protein hewani.",
    "Pemeriksaan payudara sendiri (SADARI) tiap bulan menyelamatkan nyawa.",
    "Bunuh jentik nyamuk dengan 3M plus, cegah DBD di musim hujan.",
]


@pytest.mark.parametrize("text", TRAPS)
def test_bundled_model_leaves_health_promotion_alone(engine: Engine, text: str) -> None:
    assert [h.rule.id for h in engine.analyze(text).select("strict") if h.rule.id.startswith("model.")] == []


def test_bundled_model_names_only_known_categories(engine: Engine) -> None:
    model = engine.pack.model
    assert model is not None
    assert set(model.weights.categories) <= set(engine.pack.categories)
    assert "personal_data" not in model.weights.categories
