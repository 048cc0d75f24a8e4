"""The contrast set: minimal pairs that test the reading, not the vocabulary.

``models/data/positions_contrast.csv`` holds, for each question, 15 pairs written for
the purpose (negation, hedging, reported speech, concession, questions asked), each
member with its expected label. It was written before the clause reading and scored
once: the old sentence rules read 131 of 210 members right (0.62), the clause reading
202 (0.96) at its first run, 205 (0.976) after one change to the reading logic (a
negator with no predicate after it negates the verb phrase it follows). No cue was
added from these sentences.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from pipeline.research.questions import QUESTIONS, read_sentences

CONTRAST = Path(__file__).parent.parent / "models" / "data" / "positions_contrast.csv"
# The stated pass rate (models/QUESTIONS.md); measured 205/210.
PASS_RATE = 0.95


def _rows() -> list[dict[str, str]]:
    with CONTRAST.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _labels(rows: list[dict[str, str]]) -> list[str]:
    labels = []
    for row, found in zip(rows, read_sentences([r["text"] for r in rows], QUESTIONS), strict=True):
        got = [s.stance for s in found if s.question == row["question"]]
        labels.append(got[0] if got else "none")
    return labels


def test_contrast_set_shape() -> None:
    rows = _rows()
    pairs = Counter((r["question"], r["pair"]) for r in rows)
    assert set(pairs.values()) == {2}  # every pair has two members
    per_question = Counter(q for q, _ in pairs)
    assert set(per_question) == {q.id for q in QUESTIONS}
    assert min(per_question.values()) >= 15
    # the two members of a pair differ in their expected label
    by_pair: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        by_pair.setdefault((r["question"], r["pair"]), set()).add(r["expected"])
    assert all(len(v) == 2 for v in by_pair.values())
    assert {r["phenomenon"] for r in rows} == {
        "negation",
        "hedging",
        "reported",
        "concession",
        "question",
    }


def test_contrast_set_pass_rate() -> None:
    rows = _rows()
    labels = _labels(rows)
    right = sum(label == r["expected"] for label, r in zip(labels, rows, strict=True))
    assert right / len(rows) >= PASS_RATE


@pytest.mark.parametrize(
    "phenomenon", ["negation", "hedging", "reported", "concession", "question"]
)
def test_contrast_set_by_phenomenon(phenomenon: str) -> None:
    rows = [r for r in _rows() if r["phenomenon"] == phenomenon]
    labels = _labels(rows)
    right = sum(label == r["expected"] for label, r in zip(labels, rows, strict=True))
    assert right / len(rows) >= 0.85


CONTRAST_FR_ES = CONTRAST.with_name("positions_contrast_fr_es.csv")


def test_french_and_spanish_contrast_pairs() -> None:
    # 3 pairs per question per language, read with the French and Spanish cue files.
    # First score 76/84: "contre-mesures" is one token for the French tokenizer and
    # "límites" carries an accent; after the matcher learnt both (a "-?" cue also matches
    # the hyphenated word as one token; letters match their accented forms) 82/84. The
    # two left: "faits internationalement illicites" (the context cue lacks the plural).
    with CONTRAST_FR_ES.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["lang"] for r in rows} == {"fr", "es"}
    assert min(Counter((r["lang"], r["question"]) for r in rows).values()) >= 6
    right = 0
    for r in rows:
        (found,) = list(read_sentences([r["text"]], QUESTIONS, lang=r["lang"]))
        got = [s.stance for s in found if s.question == r["question"]]
        right += (got[0] if got else "none") == r["expected"]
    assert right / len(rows) >= 0.95
