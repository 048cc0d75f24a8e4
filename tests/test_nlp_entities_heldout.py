"""Entity precision and recall on held-out documents, against gold counts made by reading.

``tests/data/entities_gold_heldout.jsonl`` holds, for documents not used to tune the
gazetteers and patterns (models/MODEL_CARD.md, "Entity accuracy"), the number of
mentions of each canonical id per label, counted by reading each document (its
``checked`` field says how). MEMBER_STATE includes OBSERVER. Scores compare counts per
(document, label, id): found = the pipeline's mentions, correct = min(found, gold).
Run this file as a script to print the table for the model card.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).parent / "data" / "entities_gold_heldout.jsonl"
LABELS = ("MEMBER_STATE", "DOC_SYMBOL", "RES_REF")
FLOOR = {"precision": 0.95, "recall": 0.95}  # per label; pooled over the documents
_LABEL_OF = {"OBSERVER": "MEMBER_STATE"}


def load_gold() -> list[dict[str, Any]]:
    """Return the gold records, one per document."""
    return [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line.strip()]


def found_counts(path: Path, nlp: Any) -> dict[str, Counter[str]]:
    """Mentions per label and canonical id that the pipeline finds in a document."""
    from pipeline.ingest import load_document
    from pipeline.nlp.extract import extract_document

    counts: dict[str, Counter[str]] = {label: Counter() for label in LABELS}
    for entity in extract_document(load_document(path), nlp).entities:
        label = _LABEL_OF.get(entity.label, entity.label)
        if label in counts and entity.norm_id:
            counts[label][entity.norm_id] += 1
    return counts


def score(gold: dict[str, int], found: Counter[str]) -> tuple[int, int, int]:
    """Return (found, correct, gold) mention counts for one document and label."""
    expected = Counter(gold)
    return sum(found.values()), sum((found & expected).values()), sum(expected.values())


def score_all(root: Path, nlp: Any) -> dict[str, tuple[int, int, int]]:
    """Pool (found, correct, gold) over every gold document, per label."""
    totals = {label: (0, 0, 0) for label in LABELS}
    for record in load_gold():
        found = found_counts(root / record["source"], nlp)
        for label in LABELS:
            f, c, g = score(record["entities"][label], found[label])
            total_f, total_c, total_g = totals[label]
            totals[label] = (total_f + f, total_c + c, total_g + g)
    return totals


@pytest.mark.parametrize(
    ("gold", "found", "expected"),
    [
        ({"FRA": 2}, Counter({"FRA": 2}), (2, 2, 2)),  # all right
        ({"FRA": 2}, Counter({"FRA": 1, "DEU": 1}), (2, 1, 2)),  # one missed, one wrong
        ({}, Counter({"USA": 3}), (3, 0, 0)),  # nothing to find, three found
    ],
)
def test_score(gold: dict[str, int], found: Counter[str], expected: tuple[int, int, int]) -> None:
    assert score(gold, found) == expected


def test_gold_file_is_well_formed() -> None:
    records = load_gold()
    assert len(records) >= 5
    for record in records:
        assert record["checked"] and set(record["entities"]) == set(LABELS)
        assert all(n > 0 for counts in record["entities"].values() for n in counts.values())


@pytest.mark.parametrize("label", LABELS)
def test_heldout_precision_and_recall(label: str, corpus: Path, nlp: Any) -> None:
    found, correct, gold = score_all(corpus, nlp)[label]
    precision = correct / found if found else 1.0
    recall = correct / gold if gold else 1.0
    assert precision >= FLOOR["precision"], (label, found, correct, gold)
    assert recall >= FLOOR["recall"], (label, found, correct, gold)


if __name__ == "__main__":
    from pipeline.nlp.pipeline import build_nlp
    from pipeline.settings import corpus_root

    root = corpus_root()
    assert root is not None, "set NORMTRACE_CORPUS_ROOT"
    print("| label | found | correct | gold | precision | recall |")
    for label, (f, c, g) in score_all(root, build_nlp()).items():
        precision, recall = c / f if f else 1.0, c / g if g else 1.0
        print(f"| {label} | {f} | {c} | {g} | {precision:.3f} | {recall:.3f} |")
    for record in load_gold():
        found = found_counts(root / record["source"], build_nlp())
        for label in LABELS:
            gold = Counter(record["entities"][label])
            if found[label] != gold:
                extra, missed = found[label] - gold, gold - found[label]
                print(record["source"], label, "extra", extra, "missed", missed)
