"""The engine's mechanisms, each on a pack made for it, so the bundled rules can change freely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helper.engine import Engine, Scored
from helper.normalize import normalize
from helper.rulepack import load_rule_pack
from tests.packs import rule, write_pack


def make(tmp_path: Path, rules: list[dict[str, Any]], **kw: Any) -> Engine:
    return Engine(load_rule_pack(write_pack(tmp_path / "rules", rules, **kw)))


def spans(engine: Engine, text: str, level: str = "strict") -> list[tuple[str, str]]:
    return [(h.rule.id, text[h.start:h.end]) for h in engine.analyze(text).select(level)]  # type: ignore[arg-type]


def test_word_matches_only_the_exact_form(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("flexing.pamer", ["pamer"], category="flexing")])
    assert spans(e, "Jangan pamer ya") == [("flexing.pamer", "pamer")]
    assert spans(e, "Ayo ke pameran kesehatan") == []


def test_stem_term_matches_affixed_and_colloquial_forms(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("slander.fitnah", ["fitnah~"], category="slander")])
    for text, word in [("Dia memfitnah saya", "memfitnah"), ("jgn difitnahin", "difitnahin"),
                       ("FITNAHNYA kejam", "FITNAHNYA")]:
        assert spans(e, text) == [("slander.fitnah", word)]


def test_phrase_and_list_with_phrases(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("hoax.chain", ["@chain"])],
             lists={"chain": ["share ke grup", "sebarkan~", "copas dari grup sebelah"]})
    assert spans(e, "Tolong share ke grup ya") == [("hoax.chain", "share ke grup")]
    assert spans(e, "copas dari grup sebelah: ...") == [("hoax.chain", "copas dari grup sebelah")]
    assert spans(e, "share foto ke grup") == []


def test_sequence_with_bounded_gap_stays_in_its_sentence(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("health_hoax.v", ["vaksin~ {0,3} autis~"], category="health_hoax", clause="L5")])
    assert spans(e, "vaksin itu bikin anak autis") == [("health_hoax.v", "vaksin itu bikin anak autis")]
    assert spans(e, "vaksin itu katanya bisa bikin anak autis") == []  # gap of 5
    assert spans(e, "Ayo vaksin. Anak autis juga boleh") == []  # another sentence


def test_optional_piece_and_alternatives(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("politics.c", ["coblos|pilih nomor? <num>"], category="politics", clause="L4")])
    assert spans(e, "coblos 02!") == [("politics.c", "coblos 02")]
    assert spans(e, "pilih nomor 3") == [("politics.c", "pilih nomor 3")]
    assert spans(e, "pilih nomor antrean") == []


def test_hashtags_and_mentions_match_without_their_sign(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("politics.h", ["gantipresiden"], category="politics", clause="L4")])
    assert spans(e, "#GantiPresiden 2029") == [("politics.h", "#GantiPresiden")]


def test_regex_with_validator(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("personal_data.nik", [{"regex": r"(?<!\d)\d{16}(?!\d)", "validator": "nik"}],
                             category="personal_data", clause="K2")])
    assert spans(e, "NIK 3174011203900001 ya") == [("personal_data.nik", "3174011203900001")]
    assert spans(e, "resi 9999999999999999") == []  # no such province


def test_context_cancel_require_raise_lower(tmp_path: Path) -> None:
    e = make(tmp_path, [
        rule("health_hoax.claim", ["autis~"], category="health_hoax", clause="L5",
             context=[{"cancel": "hoaks|mitos", "within": "post"}, {"require": "vaksin~", "within": "sentence"}]),
        rule("unverified_source.katanya", ["katanya"], category="unverified_source", clause="K5",
             strictness="strict", context=[{"raise": "sebarkan~", "within": "post"}]),
        rule("politics.coblos", ["coblos"], category="politics", clause="L4",
             context=[{"lower": "tinta", "within": 3}]),
    ])
    assert spans(e, "Vaksin bikin autis") == [("health_hoax.claim", "autis")]
    assert spans(e, "HOAKS! Vaksin bikin autis") == []
    assert spans(e, "Anak autis butuh dukungan") == []
    assert spans(e, "Katanya PCR berbahaya", "standard") == []
    assert spans(e, "Katanya PCR berbahaya. Sebarkan!", "standard") == [("unverified_source.katanya", "Katanya")]
    assert spans(e, "coblos lalu celup tinta", "standard") == []
    assert spans(e, "coblos lalu celup tinta", "strict") == [("politics.coblos", "coblos")]


def test_window_before_and_after(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("demeaning.bodoh", ["bodoh"], category="demeaning", clause="L8",
                             context=[{"cancel": "jangan", "within": "before:2"},
                                      {"cancel": "banget", "within": "after:1"}])])
    assert spans(e, "jangan merasa bodoh") == []
    assert spans(e, "jangan terus terusan merasa bodoh") == [("demeaning.bodoh", "bodoh")]
    assert spans(e, "bodoh banget") == []
    assert spans(e, "bodoh sekali banget") == [("demeaning.bodoh", "bodoh")]


def test_after_quote_looks_only_past_the_quotation_the_hit_is_in(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("health_hoax.racun", ["arv racun"], category="health_hoax", clause="L5",
                             context=[{"cancel": "ngawur|nope", "within": "after_quote:3"}])])
    hit = [("health_hoax.racun", "ARV racun")]
    assert spans(e, "Ada pesan 'ARV racun'. Ngawur.") == []
    assert spans(e, "Ada pesan “ARV racun, stop saja” — nope") == []
    assert spans(e, "Ada pesan 'ARV racun' yang bikin orang berhenti berobat. Ngawur.") == hit  # too far
    assert spans(e, "ARV racun. Ngawur? Nggak, ini serius") == hit  # not quoted
    assert spans(e, "Ngawur kalau bilang 'ARV racun'") == hit  # before the quotation
    # An apostrophe ("nurses'") neither opens nor closes a quotation.
    assert spans(e, "In the nurses' chat: 'ARV racun'. Nope.") == []
    assert spans(e, "The nurses' chat says ARV racun. Nope.") == hit
    # A quotation ends with its paragraph.
    assert spans(e, "'Ada pesan ARV racun\n\nNgawur'") == hit


def test_after_quote_also_covers_the_quotation_a_hit_introduces(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("hoax.grup", ["kirim ke grup"], category="hoax", clause="L1",
                             context=[{"cancel": "hoaks", "within": "after_quote:3"}])])
    hit = [("hoax.grup", "kirim ke grup")]
    assert spans(e, "Ada yg kirim ke grup keluarga: 'BPJS bayar 50rb'. Itu hoaks.") == []
    # More than three tokens before the quotation opens: not introducing it.
    assert spans(e, "Ada yg kirim ke grup keluarga besar kami kemarin: 'BPJS bayar 50rb'. Itu hoaks.") == hit
    # The quotation opens in the next sentence: not introduced by this hit.
    assert spans(e, "Ada yg kirim ke grup. 'BPJS bayar 50rb'. Itu hoaks.") == hit
    # No rebuttal after the quotation.
    assert spans(e, "Tolong kirim ke grup: 'BPJS bayar 50rb mulai besok'.") == hit


def test_after_quote_also_covers_a_claim_asked_and_answered_at_once(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("health_hoax.mandul", ["vaksin bikin mandul"], category="health_hoax", clause="L5",
                             context=[{"cancel": "tidak|mitos .", "within": "after_quote:20"}])])
    hit = [("health_hoax.mandul", "Vaksin bikin mandul")]
    assert spans(e, "Vaksin bikin mandul? Tidak. Vaksin HPV mencegah kanker.") == []
    assert spans(e, "Benarkah vaksin bikin mandul?? Mitos. Cek di puskesmas.") == []
    # The answer must come at once: a denial further on answers something else.
    assert spans(e, "Vaksin bikin mandul? Makanya anak saya nggak divaksin, dokter pun tidak.") == hit
    # Not a question: a statement followed by a denial of something else.
    assert spans(e, "Vaksin bikin mandul. Tidak. Percaya deh.") == hit


def test_a_phrase_group_holds_phrases_in_one_position(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("affirmation.x", ["(kerja bakti|gotong royong) {0,2} lintas agama"], category="hoax",
                             clause="L1"),
                        rule("hoax.sebar", ["(sebar~ ke|viralkan) grup"], category="hoax", clause="L1"),
                        rule("hoax.kurung", ["( hoaks )"], category="hoax", clause="L1")])
    assert spans(e, "Gotong royong warga lintas agama.") == [("affirmation.x", "Gotong royong warga lintas agama")]
    assert spans(e, "Kerja bakti lintas agama.") == [("affirmation.x", "Kerja bakti lintas agama")]
    assert spans(e, "Bakti royong lintas agama.") == []
    # Stems inside a group, and parentheses standing alone, keep their meaning.
    assert spans(e, "Pesan itu disebarkan ke grup.") == [("hoax.sebar", "disebarkan ke grup")]
    assert spans(e, "Ini ( hoaks ) ya") == [("hoax.kurung", "( hoaks )")]


def test_paragraph_scope_ends_at_a_blank_line(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("hoax.sebar", ["sebarkan~"], category="hoax", clause="L1",
                             context=[{"cancel": "hoaks", "within": "paragraph"}])])
    assert spans(e, "HOAKS!\nJangan sebarkan pesan ini.") == []
    assert spans(e, "HOAKS!\n \r\nIni lain: sebarkan ke grup") == [("hoax.sebar", "sebarkan")]
    assert spans(e, "Sebarkan!\n\nItu hoaks") == [("hoax.sebar", "Sebarkan")]


def test_strictness_threshold_and_disabled_categories(tmp_path: Path) -> None:
    e = make(tmp_path, [
        rule("unbecoming_conduct.x", ["bangsat"], category="unbecoming_conduct", clause="L3", strictness="relaxed"),
        rule("politics.x", ["coblos"], category="politics", clause="L4", strictness="standard"),
        rule("sensitive_issue.x", ["sesat"], category="sensitive_issue", clause="L4", strictness="strict"),
    ])
    analysis = e.analyze("bangsat coblos sesat")
    assert [h.rule.id for h in analysis.select("relaxed")] == ["unbecoming_conduct.x"]
    assert [h.rule.id for h in analysis.select("standard")] == ["unbecoming_conduct.x", "politics.x"]
    assert len(analysis.select("strict")) == 3
    assert [h.rule.id for h in analysis.select("strict", {"politics", "sensitive_issue"})] == ["unbecoming_conduct.x"]


def test_overlapping_hits_of_one_rule_are_merged(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("hoax.x", ["sebar~ {0,2} hoaks", "hoaks ini"])], lists={})
    assert spans(e, "sebarkan hoaks ini") == [("hoax.x", "sebarkan hoaks ini")]


def test_affirmation_is_reported_once(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("affirmation.k8", ["hoaks|faktanya"], kind="affirmation", clause="K8")])
    assert spans(e, "HOAKS: x. Faktanya: y. Hoaks lagi.") == [("affirmation.k8", "HOAKS")]


def test_same_input_same_output(engine: Engine) -> None:
    text = "Katanya v4ksin bikin autis!! Sebarkan ke grup 😡 #GantiPresiden"
    def everything() -> list[list[Scored]]:
        analysis = engine.analyze(text)
        return [analysis.select(level) for level in ("relaxed", "standard", "strict")]

    first = everything()
    assert first[1]  # the text has findings: equality of empty lists would prove nothing
    assert all(everything() == first for _ in range(3))


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "😀", "\u200b\u200b", "\ud83d", "a" * 1000])
def test_degenerate_texts_do_not_fail(engine: Engine, text: str) -> None:
    analysis = engine.analyze(text)
    for hit in analysis.hits:
        assert 0 <= hit.start < hit.end <= len(text)


def test_masked_letters_match_only_words_rules_name(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("unbecoming_conduct.x", ["bangsat|kontol"], category="unbecoming_conduct", clause="L3")])
    assert spans(e, "dasar b*ngs*t lo") == [("unbecoming_conduct.x", "b*ngs*t")]
    assert spans(e, "k*nt*l") == [("unbecoming_conduct.x", "k*nt*l")]
    assert spans(e, "s*l*t sekali") == []  # fits no word of the pack
    assert spans(e, "b****** lo") == []  # too little left to tell


def test_abbreviations_do_not_end_a_sentence(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("personal_data.x", ["tn {0,2} tbc"], category="personal_data", clause="K2")])
    assert spans(e, "Pasien Tn. Budi sakit TBC") == [("personal_data.x", "Tn. Budi sakit TBC")]
    assert spans(e, "Pasien Tono. Sakit TBC") == []


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ayo ke posyandu ya bu, jangan lupa bawa buku KIA untuk imunisasi anak", "id"),
        ("Please remember to bring your child's vaccination card to the clinic this week", "en"),
        ("gw udh bilang bgt ini hoax bro, share aja ke grup", "id"),
        ("h0ax b4ngs4t", "und"),
    ],
)
def test_language(engine: Engine, text: str, code: str) -> None:
    assert engine.analyze(text).language.code == code


def test_abbreviation_periods_do_not_end_sentences(tmp_path: Path) -> None:
    e = make(tmp_path, [rule("slander.x", ["dr. {0,2} korupsi~"], category="slander")])
    assert spans(e, "Kata dr. Budi korupsi") == [("slander.x", "dr. Budi korupsi")]
    assert spans(e, "Tanya dr. Ini soal korupsi?") == [("slander.x", "dr. Ini soal korupsi")]
    assert spans(e, "Tanya ke dr. Lalu. Korupsi itu jahat") == []  # "lalu." does end one
    tokens = [t.text for t in e.tokenizer.tokens(normalize("a.n. Kepala Dinas, s.d. besok dll. Ok."))]
    assert tokens == ["a.n.", "kepala", "dinas", ",", "s.d.", "besok", "dll.", "ok", "."]


def test_second_word_of_a_sequence_is_checked_in_place(tmp_path: Path) -> None:
    # The matcher tests a sequence's second word before walking it: a first word that
    # recurs must still find every match, including at the draft's end.
    e = make(tmp_path, [rule("hoax.s", ["sebarkan ke", "sebarkan ke grup~"], category="hoax")])
    text = "sebarkan ke grup. sebarkan dulu. sebarkan ke"
    assert [t for _, t in spans(e, text)] == ["sebarkan ke grup", "sebarkan ke"]
