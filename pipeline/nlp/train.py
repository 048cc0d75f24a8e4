"""Train the topic classifier and compare it with the keyword baseline (``make train``).

    python -m pipeline.nlp.train [--data models/data/norm_labels.jsonl]
        [--out models/topic_model.npz] [--metrics models/topic_metrics.json] [--folds 5]

Reads the hand-labelled paragraphs, runs grouped cross-validation (all paragraphs of one
source document fall in the same fold, so a document is never both trained and tested
on), scores the model and the keyword baseline (``pipeline.nlp.topics.score_topics``)
on the same held-out folds, prints precision, recall and F1 per topic for both, then fits
the model on all paragraphs and saves it as plain arrays
(``pipeline.nlp.topic_model.save_topic_model``). The metrics go to a JSON file that
models/MODEL_CARD.md quotes.

scikit-learn fits the estimators (``fit_estimators``); the model they make is then
evaluated by ``pipeline.nlp.topic_model`` with numpy alone, in cross-validation as at
run time. ``Fitted.reference_probabilities`` keeps scikit-learn's own evaluation, which
the tests compare with it.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_fscore_support
from sklearn.model_selection import GroupKFold
from sklearn.multiclass import OneVsRestClassifier
from spacy.tokens import Doc

from pipeline.nlp.topic_model import (
    TermIndex,
    TopicModel,
    doc_terms,
    keyword_features,
    load_topic_model,
    model_features,
    save_topic_model,
    tokenize,
)
from pipeline.nlp.topics import load_topics, score_topics

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "models" / "data" / "norm_labels.jsonl"
OUT = ROOT / "models" / "topic_model.npz"
METRICS = ROOT / "models" / "topic_metrics.json"
THRESHOLD = 0.5
KEYWORD_WEIGHT = 1.0
C = 10.0  # inverse regularisation of each logistic regression
MIN_DF = 2  # a term enters the vocabulary when at least this many training paragraphs hold it
MIN_POSITIVES = 5  # a topic is learned from at least this many positives ...
MIN_DOCUMENTS = 3  # ... from at least this many documents; else it keeps the keywords


def load_labels(path: Path) -> list[dict[str, Any]]:
    """Return the labelled paragraphs (``source``, ``symbol``, ``paragraph_id``, ``text``,
    ``labels``), checking every label against the taxonomy.

    Raises:
        ValueError: A line is not a labelled paragraph or names an unknown topic.
    """
    known = {rule.topic for rule in load_topics()}
    rows = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        missing = {"source", "paragraph_id", "text", "labels"} - row.keys()
        unknown = set(row.get("labels", ())) - known
        if missing or unknown:
            raise ValueError(f"{path}:{number}: missing {missing or '-'}, unknown {unknown or '-'}")
        rows.append(row)
    return rows


def learnable(y: np.ndarray, groups: Sequence[str]) -> list[bool]:
    """Which columns of ``y`` have enough positives, from enough documents, to learn."""
    result = []
    for column in y.T:
        documents = {groups[int(i)] for i in np.flatnonzero(column)}
        result.append(int(column.sum()) >= MIN_POSITIVES and len(documents) >= MIN_DOCUMENTS)
    return result


@dataclass(frozen=True)
class Fitted:
    """The scikit-learn estimators of a topic model (``fit_estimators``).

    Attributes:
        index: The vocabulary.
        transformer: The fitted ``TfidfTransformer`` over the vocabulary's counts.
        classifier: The fitted ``OneVsRestClassifier``, one logistic regression per
            topic of ``learned``; None when no topic is learned.
        topics: Every topic id, in taxonomy order.
        learned: The topics the classifier decides.
    """

    index: TermIndex
    transformer: TfidfTransformer
    classifier: OneVsRestClassifier | None
    topics: tuple[str, ...]
    learned: tuple[str, ...]

    def model(self) -> TopicModel:
        """Return the plain model (numpy arrays) that computes what the estimators do."""
        estimators = [] if self.classifier is None else list(self.classifier.estimators_)
        features = len(self.index.terms) + len(self.topics) + 1
        weights = np.zeros((features, 0))
        if estimators:
            weights = np.column_stack([np.ravel(e.coef_) for e in estimators])
        intercepts = np.array([float(e.intercept_[0]) for e in estimators])
        idf = np.asarray(self.transformer.idf_, dtype=np.float64)
        return TopicModel(
            self.index,
            idf,
            weights,
            intercepts,
            self.topics,
            self.learned,
            THRESHOLD,
            KEYWORD_WEIGHT,
        )

    def features(self, texts: Sequence[str], docs: Sequence[Doc]) -> Any:
        """The classifier's input as scikit-learn computes it (``model_features``)."""
        weighted = self.transformer.transform(self.index.counts(docs))
        return model_features(weighted, texts, keyword_features(texts), KEYWORD_WEIGHT)

    def reference_probabilities(self, texts: Sequence[str], docs: Sequence[Doc]) -> np.ndarray:
        """The ``len(texts)`` x ``learned`` probabilities by scikit-learn's own code."""
        if self.classifier is None:
            return np.zeros((len(texts), 0))
        probabilities: np.ndarray = self.classifier.predict_proba(self.features(texts, docs))
        return probabilities


def fit_estimators(
    texts: Sequence[str], y: np.ndarray, topics: Sequence[str], groups: Sequence[str]
) -> Fitted:
    """Fit one balanced logistic regression per topic on ``model_features``.

    The features are the TF-IDF of word 1-2-grams, the keyword scores and the
    ICT-context flag.

    The vocabulary is every unigram and bigram that at least ``MIN_DF`` training
    paragraphs hold, as the normtrace tokenizer splits them
    (``pipeline.nlp.topic_model.doc_terms``). Topics with
    fewer than ``MIN_POSITIVES`` positives or from fewer than ``MIN_DOCUMENTS``
    documents are not learned: they keep the keyword score.

    Args:
        texts: Training paragraphs.
        y: Their 0/1 labels, one column per topic of ``topics``.
        topics: The topic of each column (the whole taxonomy, in order).
        groups: The source document of each paragraph.
    """
    docs = tokenize(texts)
    held_by = Counter(term for doc in docs for term in set(doc_terms(doc)))
    index = TermIndex(tuple(sorted(term for term, n in held_by.items() if n >= MIN_DF)))
    transformer = TfidfTransformer(sublinear_tf=True).fit(index.counts(docs))
    mask = learnable(y, groups)
    learned = tuple(topic for topic, ok in zip(topics, mask, strict=True) if ok)
    fitted = Fitted(index, transformer, None, tuple(topics), learned)
    if not learned:
        return fitted
    classifier = OneVsRestClassifier(
        LogisticRegression(C=C, class_weight="balanced", max_iter=5000)
    ).fit(fitted.features(texts, docs), y[:, mask])
    return Fitted(index, transformer, classifier, tuple(topics), learned)


def fit_model(
    texts: Sequence[str], y: np.ndarray, topics: Sequence[str], groups: Sequence[str]
) -> TopicModel:
    """Return the plain model of ``fit_estimators`` (same arguments)."""
    return fit_estimators(texts, y, topics, groups).model()


def label_matrix(rows: Sequence[dict[str, Any]], topics: Sequence[str]) -> np.ndarray:
    """Return the 0/1 matrix of ``rows`` x ``topics``."""
    index = {topic: i for i, topic in enumerate(topics)}
    matrix = np.zeros((len(rows), len(topics)), dtype=int)
    for r, row in enumerate(rows):
        for label in row["labels"]:
            matrix[r, index[label]] = 1
    return matrix


def baseline_matrix(texts: Sequence[str], topics: Sequence[str]) -> np.ndarray:
    """Return the keyword baseline's predictions (score >= 0.5) as a 0/1 matrix."""
    index = {topic: i for i, topic in enumerate(topics)}
    matrix = np.zeros((len(texts), len(topics)), dtype=int)
    for r, text in enumerate(texts):
        for topic in score_topics(text, min_score=THRESHOLD):
            matrix[r, index[topic.name]] = 1
    return matrix


def cross_validate(
    rows: Sequence[dict[str, Any]], topics: Sequence[str], folds: int = 5
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return gold labels, held-out model predictions, baseline predictions and fold ids.

    Folds are grouped by source document (``GroupKFold``); every paragraph is predicted
    by a model that saw no paragraph of its document.
    """
    texts = [row["text"] for row in rows]
    groups = [row["source"] for row in rows]
    gold = label_matrix(rows, topics)
    model = np.zeros_like(gold)
    fold_of = np.zeros(len(rows), dtype=int)
    for fold, (train, test) in enumerate(GroupKFold(n_splits=folds).split(texts, gold, groups)):
        fitted = fit_model(
            [texts[i] for i in train], gold[train], topics, [groups[i] for i in train]
        )
        model[test] = fitted.probabilities([texts[i] for i in test]) >= THRESHOLD
        fold_of[test] = fold
    return gold, model, baseline_matrix(texts, topics), fold_of


def score_table(gold: np.ndarray, predicted: np.ndarray, topics: Sequence[str]) -> dict[str, Any]:
    """Return precision, recall, F1 and support per topic, plus micro and macro averages."""
    p, r, f, support = precision_recall_fscore_support(
        gold, predicted, average=None, zero_division=0
    )
    table: dict[str, Any] = {
        topic: {"precision": p[i], "recall": r[i], "f1": f[i], "support": int(support[i])}
        for i, topic in enumerate(topics)
    }
    for average in ("micro", "macro"):
        ap, ar, af, _ = precision_recall_fscore_support(
            gold, predicted, average=average, zero_division=0
        )
        table[f"_{average}"] = {"precision": ap, "recall": ar, "f1": af, "support": int(gold.sum())}
    return {
        key: {m: (v if m == "support" else round(float(v), 3)) for m, v in row.items()}
        for key, row in table.items()
    }


def save_model(model: TopicModel, path: Path) -> None:
    """Save ``model`` as plain arrays and check it loads back."""
    save_topic_model(model, path)
    load_topic_model(path)


def _print_table(model: dict[str, Any], baseline: dict[str, Any]) -> None:
    head = ("topic", "n", "model P", "R", "F1", "base P", "R", "F1")
    print("{:26} {:>4}  {:>7} {:>5} {:>5}  {:>6} {:>5} {:>5}".format(*head))
    for topic, m in model.items():
        b = baseline[topic]
        print(
            f"{topic:26} {m['support']:>4}  {m['precision']:>7.2f} {m['recall']:>5.2f} "
            f"{m['f1']:>5.2f}  {b['precision']:>6.2f} {b['recall']:>5.2f} {b['f1']:>5.2f}"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Cross-validate, print and save the metrics, fit on all data and save the model."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--metrics", type=Path, default=METRICS)
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    rows = load_labels(args.data)
    topics = [rule.topic for rule in load_topics()]
    gold, model, baseline, _ = cross_validate(rows, topics, args.folds)
    model_scores = score_table(gold, model, topics)
    baseline_scores = score_table(gold, baseline, topics)
    _print_table(model_scores, baseline_scores)
    documents = len({row["source"] for row in rows})
    metrics: dict[str, Any] = {
        "data": {"paragraphs": len(rows), "documents": documents, "folds": args.folds},
        "model": model_scores,
        "baseline": baseline_scores,
    }
    groups = [row["source"] for row in rows]
    final = fit_model([row["text"] for row in rows], gold, topics, groups)
    metrics["learned"] = list(final.learned)
    args.metrics.write_text(json.dumps(metrics, indent=1) + "\n", "utf-8")
    save_model(final, args.out)
    print(f"{len(rows)} paragraphs from {documents} documents; model saved to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
