#!/usr/bin/env python3
"""Validate the Saring evaluation corpus and print a counts table.

Usage:  python tests/corpus/check_corpus.py [--quiet]

Checks every line of dev.jsonl, validation.jsonl and holdout.jsonl in this directory:
valid UTF-8 JSON objects with the expected keys, unique ids (across all files),
no duplicate texts, only known category ids and tags, monotone labels
(relaxed <= standard <= strict), public_clarification only at strict,
exactly one language tag, `long` <=> 2,000+ characters, trap/debunk posts clean,
invisible characters written as \\uXXXX escapes, and the coverage minimums the
corpus was written to meet. Exits 1 (after printing every problem) if anything fails.
"""
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = {
    "dev": HERE / "dev.jsonl",
    "validation": HERE / "validation.jsonl",
    "holdout": HERE / "holdout.jsonl",
}

CATEGORIES = [
    "hoax", "slander", "provocation", "radicalism", "pornography",  # L1
    "sara",                                                         # L2
    "unbecoming_conduct",                                           # L3
    "politics", "sensitive_issue",                                  # L4
    "health_hoax",                                                  # L5
    "flexing",                                                      # L6
    "public_complaint",                                             # L7
    "demeaning",                                                    # L8
    "confidentiality",                                              # K2
    "misuse_of_office",                                             # K3
    "unverified_source",                                            # K5
    "public_clarification",                                         # K9 (strict only)
    "personal_data",
]
TAGS = ["id", "en", "mixed", "slang", "disguise", "emoji", "long", "trap", "debunk", "promo"]
LANGS = {"id", "en", "mixed"}
LEVELS = ["relaxed", "standard", "strict"]
COL = 16  # width of the per-file columns in the counts table
INVISIBLE = {"\u200b", "\u200c", "\u2060", "\ufeff"}  # ZWJ may stay raw inside emoji sequences

# Coverage minimums (positive = category present in the strict labels).
MIN_POSITIVE = {"dev": 20, "validation": 10, "holdout": 10}
# dev + validation together (the original corpus) ...
OLD_SPLITS = ("dev", "validation")
MIN_TOTAL = 680
MIN_CLEAN = 280
MIN_TRAP = 140
MIN_LONG_WITH_ONE_BAD = 12
# ... and the new blind holdout on its own.
MIN_HOLDOUT_CLEAN = 120
MIN_HOLDOUT_TRAP = 80
MIN_HOLDOUT_LONG_WITH_ONE_BAD = 8


def main(quiet=False):
    problems = []
    rows = {}
    ids, texts = {}, {}

    def bad(where, msg):
        problems.append(f"{where}: {msg}")

    for split, path in FILES.items():
        rows[split] = []
        if not path.exists():
            bad(path.name, "missing file")
            continue
        raw = path.read_bytes()
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            bad(path.name, f"not UTF-8 ({e})")
            continue
        for n, line in enumerate(content.split("\n"), 1):
            if not line.strip():
                continue
            where = f"{path.name}:{n}"
            if any(z in line for z in INVISIBLE):
                bad(where, "raw invisible character; write it as a \\u200b-style escape")
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                bad(where, f"invalid JSON ({e})")
                continue
            if not isinstance(obj, dict):
                bad(where, "not a JSON object")
                continue
            if set(obj) != {"id", "text", "labels", "tags", "note"}:
                bad(where, f"keys must be id,text,labels,tags,note (got {sorted(obj)})")
                continue
            pid, text, labels, tags, note = (obj[k] for k in ("id", "text", "labels", "tags", "note"))
            where = f"{path.name}:{n} ({pid})"
            if not isinstance(pid, str) or not pid.startswith(split + "-"):
                bad(where, f"id must start with '{split}-'")
            if pid in ids:
                bad(where, f"duplicate id (also {ids[pid]})")
            ids[pid] = where
            if not isinstance(text, str) or not text.strip():
                bad(where, "empty text")
                continue
            key = "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum())
            if key in texts:
                bad(where, f"duplicate text (also {texts[key]})")
            texts[key] = where
            if not isinstance(note, str) or not note.strip():
                bad(where, "empty note")
            if not isinstance(labels, dict) or set(labels) != set(LEVELS):
                bad(where, "labels must have exactly relaxed, standard, strict")
                continue
            sets = {}
            for lvl in LEVELS:
                lst = labels[lvl]
                if not isinstance(lst, list):
                    bad(where, f"labels.{lvl} is not a list")
                    lst = []
                if len(lst) != len(set(lst)):
                    bad(where, f"labels.{lvl} has duplicates")
                for c in lst:
                    if c not in CATEGORIES:
                        bad(where, f"unknown category '{c}' in {lvl}")
                sets[lvl] = set(lst)
            if not sets["relaxed"] <= sets["standard"] <= sets["strict"]:
                bad(where, "labels not monotone (relaxed <= standard <= strict)")
            if "public_clarification" in sets["relaxed"] | sets["standard"]:
                bad(where, "public_clarification is strict-only")
            if not isinstance(tags, list) or len(tags) != len(set(tags)):
                bad(where, "tags must be a list without duplicates")
                tags = []
            for t in tags:
                if t not in TAGS:
                    bad(where, f"unknown tag '{t}'")
            if len(LANGS & set(tags)) != 1:
                bad(where, "exactly one of id/en/mixed required")
            is_long = len(text) >= 2000
            if ("long" in tags) != is_long:
                bad(where, f"'long' tag vs length {len(text)} mismatch")
            if ("trap" in tags or "debunk" in tags) and sets["strict"]:
                bad(where, "trap/debunk posts must be clean")
            rows[split].append(dict(id=pid, text=text, sets=sets, tags=set(tags)))

    # ---------- counts ----------
    out = []
    p = out.append
    all_rows = [r for s in rows for r in rows[s]]
    p("Saring corpus counts")
    p("")
    hdr = f"{'category':22}" + "".join(f"{s + ' ' + lv[:3]:>{COL}}" for s in rows for lv in LEVELS)
    p(hdr)
    p("-" * len(hdr))
    for c in CATEGORIES:
        line = f"{c:22}"
        for s in rows:
            for lv in LEVELS:
                line += f"{sum(c in r['sets'][lv] for r in rows[s]):>{COL}}"
        p(line)
    p("-" * len(hdr))
    for label, fn in [
        ("posts", lambda r: True),
        ("clean (all empty)", lambda r: not r["sets"]["strict"]),
        ("flagged at level", None),
    ]:
        if fn is None:
            line = f"{label:22}"
            for s in rows:
                for lv in LEVELS:
                    line += f"{sum(bool(r['sets'][lv]) for r in rows[s]):>{COL}}"
            p(line)
            continue
        line = f"{label:22}"
        for s in rows:
            v = sum(fn(r) for r in rows[s])
            line += f"{v:>{COL}}" + " " * (2 * COL)
        p(line)
    p("")
    p(f"{'tag':22}" + "".join(f"{s:>13}" for s in rows) + f"{'total':>13}")
    for t in TAGS:
        vals = [sum(t in r["tags"] for r in rows[s]) for s in rows]
        p(f"{t:22}" + "".join(f"{v:>13}" for v in vals) + f"{sum(vals):>13}")
    long_bad = [r for r in all_rows if "long" in r["tags"] and r["sets"]["strict"]]
    long_clean = [r for r in all_rows if "long" in r["tags"] and not r["sets"]["strict"]]
    for label, group in (("long, flagged", long_bad), ("long, clean", long_clean)):
        per_file = "".join(f"{sum(r in group for r in rows[s]):>13}" for s in rows)
        p(f"{label:22}" + per_file + f"{len(group):>13}")
    p("")
    p("positives (strict) by language, all files:")
    p(f"{'category':22}{'id':>6}{'en':>6}{'mixed':>7}")
    for c in CATEGORIES:
        v = [sum(c in r["sets"]["strict"] and lang in r["tags"] for r in all_rows) for lang in ("id", "en", "mixed")]
        p(f"{c:22}{v[0]:>6}{v[1]:>6}{v[2]:>7}")
        if min(v) == 0:
            problems.append(f"coverage: {c} has no positive post in one of id/en/mixed {v}")

    # ---------- coverage minimums ----------
    for s, rs in rows.items():
        for c in CATEGORIES:
            n = sum(c in r["sets"]["strict"] for r in rs)
            if n < MIN_POSITIVE[s]:
                problems.append(f"coverage: {s} has {n} positive '{c}' posts (< {MIN_POSITIVE[s]})")
    def summary(rs):
        cl = [r for r in rs if not r["sets"]["strict"]]
        tr = [r for r in cl if "trap" in r["tags"]]
        lb = [r for r in rs if "long" in r["tags"] and r["sets"]["strict"]]
        lc = [r for r in rs if "long" in r["tags"] and not r["sets"]["strict"]]
        return cl, tr, lb, lc

    old_rows = [r for s in OLD_SPLITS for r in rows.get(s, [])]
    clean, traps, old_long_bad, _ = summary(old_rows)
    if len(old_rows) < MIN_TOTAL:
        problems.append(f"coverage: dev+validation have {len(old_rows)} posts (< {MIN_TOTAL})")
    if len(clean) < MIN_CLEAN:
        problems.append(f"coverage: dev+validation have {len(clean)} clean posts (< {MIN_CLEAN})")
    if len(traps) < MIN_TRAP:
        problems.append(f"coverage: dev+validation have {len(traps)} clean trap posts (< {MIN_TRAP})")
    if len(old_long_bad) < MIN_LONG_WITH_ONE_BAD:
        problems.append(
            f"coverage: dev+validation have {len(old_long_bad)} flagged long posts (< {MIN_LONG_WITH_ONE_BAD})"
        )
    h_clean, h_traps, h_long_bad, _ = summary(rows.get("holdout", []))
    if len(h_clean) < MIN_HOLDOUT_CLEAN:
        problems.append(f"coverage: holdout has {len(h_clean)} clean posts (< {MIN_HOLDOUT_CLEAN})")
    if len(h_traps) < MIN_HOLDOUT_TRAP:
        problems.append(f"coverage: holdout has {len(h_traps)} clean trap posts (< {MIN_HOLDOUT_TRAP})")
    if len(h_long_bad) < MIN_HOLDOUT_LONG_WITH_ONE_BAD:
        problems.append(
            f"coverage: holdout has {len(h_long_bad)} flagged long posts (< {MIN_HOLDOUT_LONG_WITH_ONE_BAD})"
        )
    p("")
    for s, rs in rows.items():
        cl, tr, lb, lc = summary(rs)
        p(f"{s}: {len(rs)} posts, {len(cl)} clean ({len(tr)} traps), "
          f"{len(lb)} long flagged + {len(lc)} long clean")
    all_clean, all_traps, _, _ = summary(all_rows)
    p(f"total {len(all_rows)} posts, {len(all_clean)} clean ({len(all_traps)} traps), "
      f"{len(long_bad)} long flagged + {len(long_clean)} long clean")

    if not quiet:
        print("\n".join(out))
    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for pr in problems:
            print("  " + pr, file=sys.stderr)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main(quiet="--quiet" in sys.argv))
