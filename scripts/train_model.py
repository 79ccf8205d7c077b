"""Train the category recognizer shipped in rules/model/weights.json.

    scripts/train-model            train on dev + validation, write rules/model/weights.json
    scripts/train-model --check    also print a cross-author estimate (train without the
                                   validation posts of the newest former holdout, written by
                                   other authors; score them)

Needs scikit-learn (`pip install -e '.[train]'`); the helper itself only reads the weights.
Deterministic: the same corpus gives the same file. Never reads tests/corpus/holdout.jsonl,
and prints counts only, never post text.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix, diags
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from helper.classifier import TextClassifier, post_features, training_fingerprint, window_texts  # noqa: E402
from helper.evaluate import Post, load_corpus  # noqa: E402
from helper.normalize import normalize  # noqa: E402

TRAIN = [ROOT / "tests" / "corpus" / "dev.jsonl", ROOT / "tests" / "corpus" / "validation.jsonl"]
OUT = ROOT / "rules" / "model" / "weights.json"
# personal_data is a matter of numbers and names that validators check exactly; a model would
# only guess. public_clarification is strict-only and has too few posts to learn from.
SKIP = {"personal_data", "public_clarification"}
C = 4.0
KEEP_FEATURES = 30_000  # the features with the largest weight in any category, then retrained
MIN_DF = 2


def _features(text: str) -> list[str]:
    return post_features(text)[0]


def _matrix(vectorizer: CountVectorizer, texts: list[str], fit: bool) -> csr_matrix:
    counts = vectorizer.fit_transform(texts) if fit else vectorizer.transform(texts)
    scale = [1 / math.sqrt(max(1, post_features(t)[1])) for t in texts]
    return (diags(scale) @ counts).tocsr()


def train(posts: list[Post], categories: list[str]) -> dict[str, object]:
    """The weights document: categories, bias and each kept feature's weight per category."""
    texts = [normalize(p.text).text for p in posts]
    rows = [[c in p.labels["standard"] for c in categories] for p in posts]
    # The helper scores a long post window by window; a clean long post's windows are clean
    # too, and without them a window of a long, warm story reads like nothing seen in training.
    for post, text in zip(posts, texts[:len(posts)], strict=True):
        windows = window_texts(text)
        if post.clean and len(windows) > 1:
            texts.extend(windows)
            rows.extend([[False] * len(categories)] * len(windows))
    labels = np.array(rows, dtype=int)
    vocabulary: list[str] | None = None
    for _ in range(2):  # fit on everything, keep the weightiest features, fit again on those
        vectorizer = CountVectorizer(analyzer=_features, min_df=MIN_DF if vocabulary is None else 1,
                                     vocabulary=vocabulary)
        x = _matrix(vectorizer, texts, fit=True)
        models = [LogisticRegression(C=C, class_weight="balanced", max_iter=5000).fit(x, labels[:, j])
                  for j in range(len(categories))]
        coef = np.vstack([m.coef_[0] for m in models])  # categories × features
        names = vectorizer.get_feature_names_out()
        if vocabulary is None:
            top = np.argsort(-np.abs(coef).max(axis=0))[:KEEP_FEATURES]
            vocabulary = sorted(names[i] for i in top)
    bias = [float(m.intercept_[0]) for m in models]
    return {
        "categories": categories,
        "bias": [round(b, 4) for b in bias],
        "weights": {str(f): [round(float(w), 4) for w in coef[:, i]] for i, f in enumerate(names)},
    }


def fingerprint(posts: list[Post]) -> str:
    """The corpus as the model saw it; tests/test_classifier.py checks the bundled weights against it."""
    return training_fingerprint((normalize(p.text).text, p.labels["standard"]) for p in posts)


def _categories(posts: list[Post]) -> list[str]:
    return sorted({c for p in posts for c in p.labels["standard"]} - SKIP)


def _newest_former_holdout(posts: list[Post]) -> re.Pattern[str]:
    """Each round's holdout joins validation as six-digit ids -100NNN, -101NNN, …: the highest
    prefix is the newest, written by authors the rest of the corpus has not seen."""
    prefixes = {m.group(1) for p in posts if (m := re.search(r"-(10\d)\d{3}$", p.id))}
    return re.compile(rf"-{max(prefixes)}\d{{3}}$")


def _check(posts: list[Post]) -> None:
    """Train without one author's posts and score them: what a new author's posts look like."""
    other = _newest_former_holdout(posts)
    train_posts = [p for p in posts if not other.search(p.id)]
    test_posts = [p for p in posts if other.search(p.id)]
    categories = _categories(train_posts)
    model = TextClassifier.from_document(train(train_posts, categories))
    clean = [p for p in test_posts if p.clean]
    print(f"cross-author check: trained on {len(train_posts)}, scored {len(test_posts)} "
          f"({len(clean)} clean)")
    for threshold in (0.5, 0.6, 0.7, 0.8, 0.9, 0.95):
        alarms = 0
        found = {c: [0, 0] for c in categories}
        for p in test_posts:
            probabilities = model.probabilities(normalize(p.text).text)
            flagged = {c for c, v in probabilities.items() if v >= threshold}
            alarms += p.clean and bool(flagged)
            for c in p.labels["standard"] & set(categories):
                found[c][0] += c in flagged
                found[c][1] += 1
        recalls = [hit / total for hit, total in found.values() if total]
        print(f"  threshold {threshold}: false alarms {alarms}/{len(clean)}, recall mean "
              f"{sum(recalls) / len(recalls):.2f} min {min(recalls):.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="print the cross-author estimate too")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    posts = load_corpus(TRAIN)
    if args.check:
        _check(posts)
    categories = _categories(posts)
    document = train(posts, categories)
    features = len(document["weights"])  # type: ignore[arg-type]
    document["trained_on"] = fingerprint(posts)
    document["about"] = (f"Trained by scripts/train-model on tests/corpus/dev.jsonl and validation.jsonl "
                         f"({len(posts)} posts): one-vs-rest logistic regression, C={C}, {features} "
                         "features. Regenerate, do not edit.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n",
                        encoding="utf-8")
    print(f"wrote {args.out}: {len(categories)} categories, {features} features, "
          f"{args.out.stat().st_size / 1e6:.1f} MB, from {len(posts)} posts")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
