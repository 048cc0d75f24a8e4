"""Entity precision and recall on held-out documents, span by span, against hand-read gold.

``tests/data/entities_gold_heldout.jsonl`` holds documents not used to tune the
gazetteers and patterns (models/MODEL_CARD.md, "Entity accuracy"). Each record has the
mentions counted by reading (``entities``: per label, per canonical id; its ``checked``
field says how) and the same mentions as spans (``spans``: paragraph id, start, end,
text, label, id), each span read in its paragraph against those counts. MEMBER_STATE
includes OBSERVER. Scoring is per span (``span_scoring``): a wrong entity in one place
and a missed one elsewhere are one false positive and one false negative, where the
former counts per id let them cancel. Run ``tests/span_scoring.py`` as a script to print
the tables of the model card.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from span_scoring import Score, read_jsonl, score_records, score_spans

LABELS = ("MEMBER_STATE", "DOC_SYMBOL", "RES_REF")
GOLD = read_jsonl("entities_gold_heldout.jsonl")
# Per label, pooled over the documents: every figure is 1.00 (90 spans, none missed or
# wrong); the floor leaves room for one slip in the smallest label (9 symbols).
FLOOR = {"precision": 0.95, "recall": 0.95}


def check_gold(records: list[dict[str, Any]], root: Path) -> None:
    """Assert that each record's spans point at their text and agree with its counts."""
    from pipeline.ingest import load_document

    for record in records:
        assert record["checked"] and record["spans_checked"]
        assert set(record["entities"]) == set(LABELS)
        doc = load_document(root / record["source"])
        texts = {p.id: p.text for p in doc.paragraphs}
        texts |= {f"footnote_{f.marker}": f.text for f in doc.footnotes}
        counts: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
        for pid, start, end, text, label, norm_id in record["spans"]:
            assert texts[pid][start:end] == text, (record["source"], pid, start)
            counts[label][norm_id] += 1
        for label in LABELS:
            assert counts[label] == Counter(record["entities"][label]), (record["source"], label)


S1 = ("doc", "para_1", 0, 6, "MEMBER_STATE", "FRA")
S2 = ("doc", "para_2", 10, 16, "MEMBER_STATE", "FRA")


@pytest.mark.parametrize(
    ("gold", "found", "expected"),
    [
        ({S1, S2}, {S1, S2}, Score(2, 0, 0)),  # all right
        # the same id found in the wrong place: counts per id (2 of 2) called it right
        ({S1, S2}, {S1, ("doc", "para_3", 0, 6, "MEMBER_STATE", "FRA")}, Score(1, 1, 1)),
        ({S1}, {("doc", "para_1", 0, 6, "MEMBER_STATE", "DEU")}, Score(0, 1, 1)),  # wrong id
        ({S1}, {("doc", "para_1", 0, 5, "MEMBER_STATE", "FRA")}, Score(0, 1, 1)),  # short span
        (set(), {S1}, Score(0, 1, 0)),  # nothing to find, one found
    ],
)
def test_score_spans(gold: set[Any], found: set[Any], expected: Score) -> None:
    assert score_spans(gold, found, ["MEMBER_STATE"])["MEMBER_STATE"] == expected


def test_gold_file_is_well_formed(corpus: Path) -> None:
    assert len(GOLD) >= 5
    check_gold(GOLD, corpus)


@pytest.fixture(scope="module")
def scores(corpus: Path, nlp: Any) -> dict[str, Score]:
    """The pooled span scores, computed once for the three labels."""
    return score_records(GOLD, corpus, nlp, LABELS)


@pytest.mark.parametrize("label", LABELS)
def test_heldout_precision_and_recall(label: str, scores: dict[str, Score]) -> None:
    score = scores[label]
    assert score.precision >= FLOOR["precision"], (label, score)
    assert score.recall >= FLOOR["recall"], (label, score)
