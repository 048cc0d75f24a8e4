"""A trained alternative to the clause rules, kept only to compare (issue 15, step 7).

``compare_with_rules`` trains a scikit-learn logistic regression on the development
set's evidence sentences (the sentence each hand-labelled cell rests on, with its label:
supports, opposes or mentions) over clause features -- the rules' own reading (side,
how it was read) plus the sentence's words -- and scores it against the rules on sentences
it never saw: the contrast set and the test set's evidence sentences. The rules stay in
use unless the model is better there (models/QUESTIONS.md gives the figures).
"""

from __future__ import annotations

import csv
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.research.questions import QUESTIONS, read_sentences

__all__ = ["LabelledSentence", "Comparison", "load_sentences", "compare_with_rules"]

_LABELS = ("supports", "opposes", "mentions")


@dataclass(frozen=True, slots=True)
class LabelledSentence:
    """One sentence, the question it is read on, its language and its hand label."""

    text: str
    question: str
    lang: str
    label: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """Accuracy of the rules and of the model on the same held-out sentences."""

    n_train: int
    n_held_out: int
    rules_accuracy: float
    model_accuracy: float


def load_sentences(
    gold_path: str | os.PathLike[str],
    split_path: str | os.PathLike[str],
    part: str,
    languages: dict[str, str] | None = None,
) -> list[LabelledSentence]:
    """The evidence sentences of one part of the split (``dev`` or ``test``).

    Args:
        gold_path: ``tests/data/positions_gold.csv``.
        split_path: ``models/data/positions_split.csv``.
        part: ``dev`` or ``test``.
        languages: ``{actor: lang}`` for statements not in English (default: Argentina and
            Nicaragua es, Niger fr).

    Returns:
        One sentence per labelled cell with a quoted sentence; paraphrases of the Arabic
        statement (in parentheses) are left out.
    """
    langs = languages or {"Argentina": "es", "Nicaragua": "es", "Niger": "fr"}
    with Path(split_path).open(newline="", encoding="utf-8") as fh:
        split = {(r["source"], r["actor"]): r["set"] for r in csv.DictReader(fh)}
    found = []
    with Path(gold_path).open(newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if split.get((row["source"], row["actor"])) != part or row["label"] not in _LABELS:
                continue
            text = row["sentence"].strip(". ")
            if not text or row["sentence"].startswith("("):
                continue
            found.append(
                LabelledSentence(
                    row["sentence"].strip(),
                    row["question"],
                    langs.get(row["actor"], "en"),
                    row["label"],
                )
            )
    return found


def _rule_labels(sentences: Sequence[LabelledSentence]) -> list[tuple[str, str]]:
    """The rules' (stance, rule) for each sentence on its question ("none" if unread)."""
    out: list[tuple[str, str]] = []
    for s in sentences:
        questions = [q for q in QUESTIONS if q.id == s.question]
        (found,) = list(read_sentences([s.text], questions, lang=s.lang))
        hits: list[tuple[str, str]] = [
            (f.stance, f.rule) for f in found if f.question == s.question
        ]
        sided = [h for h in hits if h[0] != "mentions"]
        out.append((sided or hits or [("none", "none")])[0])
    return out


def _features(sentences: Sequence[LabelledSentence]) -> list[str]:
    """One string per sentence: rule tokens and the words (for a bag-of-words vectoriser)."""
    rules = _rule_labels(sentences)
    return [
        f"RULE_{stance} HOW_{rule} Q_{s.question} {s.text.lower()}"
        for s, (stance, rule) in zip(sentences, rules, strict=True)
    ]


def compare_with_rules(
    train: Sequence[LabelledSentence], held_out: Sequence[LabelledSentence]
) -> Comparison:
    """Train on ``train``, then score model and rules on ``held_out``.

    Args:
        train: Development evidence sentences.
        held_out: Sentences neither the rules nor the model were written or trained on.

    Returns:
        Both accuracies (a "none" from the rules counts as wrong).
    """
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(
        CountVectorizer(binary=True, token_pattern=r"[^\W\d]+|RULE_\w+|HOW_\w+|Q_\w+"),
        LogisticRegression(max_iter=1000, C=1.0),
    )
    model.fit(_features(train), [s.label for s in train])
    predicted = model.predict(_features(held_out))
    gold = [s.label for s in held_out]
    rules = [stance for stance, _ in _rule_labels(held_out)]
    n = len(held_out)
    return Comparison(
        n_train=len(train),
        n_held_out=n,
        rules_accuracy=round(sum(r == g for r, g in zip(rules, gold, strict=True)) / n, 3),
        model_accuracy=round(sum(str(p) == g for p, g in zip(predicted, gold, strict=True)) / n, 3),
    )
