"""The hand-labelled change significance data of issue 11 is well formed.

``models/data/change_pairs.csv`` lists the document pairs and their dev/test split;
``models/data/change_labels.jsonl`` holds one labelled change a line. These tests check
the files' shape (not the labels' correctness, which only a reader can judge), and that
the checks themselves catch broken rows.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.document import CHANGE_KINDS

DATA = Path(__file__).resolve().parent.parent / "models" / "data"
PAIRS = DATA / "change_pairs.csv"
LABELS = DATA / "change_labels.jsonl"

FIELDS = (
    "pair_id",
    "split",
    "kind",
    "old_ids",
    "new_ids",
    "old_text",
    "new_text",
    "label",
    "reason",
)
PAIR_FIELDS = ["pair_id", "old_file", "new_file", "old_symbol", "new_symbol", "kind", "split"]
LABEL_VALUES = {"substantive", "editorial"}
SPLITS = {"dev", "test"}


def _pairs() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8", newline="") as fp:
        return list(csv.DictReader(fp))


def _labels() -> list[dict[str, Any]]:
    with LABELS.open(encoding="utf-8") as fp:
        return [json.loads(line) for line in fp if line.strip()]


def problems(rows: list[dict[str, Any]], splits: dict[str, str]) -> list[str]:
    """What is wrong with labelled ``rows``, given each pair's split; empty when all is well."""
    found = []
    seen: set[tuple[str, tuple[str, ...], tuple[str, ...]]] = set()
    for n, row in enumerate(rows, 1):
        missing = [f for f in FIELDS if f not in row]
        if missing:
            found.append(f"row {n}: missing {missing}")
            continue
        if row["label"] not in LABEL_VALUES:
            found.append(f"row {n}: label {row['label']!r}")
        if row["kind"] not in CHANGE_KINDS or row["kind"] == "unchanged":
            found.append(f"row {n}: kind {row['kind']!r}")
        if not str(row["reason"]).strip():
            found.append(f"row {n}: empty reason")
        if not (row["old_text"] or row["new_text"]):
            found.append(f"row {n}: no text")
        if not all(isinstance(row[k], list) for k in ("old_ids", "new_ids")):
            found.append(f"row {n}: ids are not lists")
            continue
        if splits.get(row["pair_id"]) != row["split"]:
            found.append(f"row {n}: split {row['split']!r} of pair {row['pair_id']!r}")
        # One paragraph group of one pair is one change: it must not be labelled twice.
        key = (row["pair_id"], tuple(row["old_ids"]), tuple(row["new_ids"]))
        if key in seen:
            found.append(f"row {n}: duplicate change {key}")
        seen.add(key)
    return found


def test_pairs_file_has_the_columns_and_a_third_of_each_kind_in_test() -> None:
    pairs = _pairs()
    assert list(pairs[0]) == PAIR_FIELDS
    assert len({p["pair_id"] for p in pairs}) == len(pairs)
    assert {p["split"] for p in pairs} == SPLITS
    assert {p["kind"] for p in pairs} == {"draft_to_resolution", "year_to_year"}
    for kind in ("draft_to_resolution", "year_to_year"):
        of_kind = [p for p in pairs if p["kind"] == kind]
        in_test = sum(p["split"] == "test" for p in of_kind)
        # "A third" of each kind, rounded: 1 of 3, 5 of 16.
        assert in_test == round(len(of_kind) / 3), kind
    for pair in pairs:
        # Paths are relative to the corpus root: the documents never live in the repository.
        assert not pair["old_file"].startswith("/") and not pair["new_file"].startswith("/")


def test_label_file_is_well_formed() -> None:
    rows = _labels()
    splits = {p["pair_id"]: p["split"] for p in _pairs()}
    assert problems(rows, splits) == []
    assert len(rows) >= 300
    assert len({r["pair_id"] for r in rows}) >= 12
    assert sum(r["split"] == "test" for r in rows) >= len(rows) / 4
    # Both labels occur in both splits, or the test set could not measure the rule.
    assert {(r["split"], r["label"]) for r in rows} == {
        (s, v) for s in SPLITS for v in LABEL_VALUES
    }


def test_labelled_pairs_files_exist_in_the_corpus(corpus: Path) -> None:
    for pair in _pairs():
        assert (corpus / pair["old_file"]).is_file(), pair["old_file"]
        assert (corpus / pair["new_file"]).is_file(), pair["new_file"]


_GOOD = {
    "pair_id": "p1",
    "split": "dev",
    "kind": "modified",
    "old_ids": ["para_1"],
    "new_ids": ["para_1"],
    "old_text": "Decides to include in the provisional agenda of its seventy-ninth session",
    "new_text": "Decides to include in the provisional agenda of its eightieth session",
    "label": "editorial",
    "reason": "session bump",
}


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, None),  # the good row passes
        ({"label": "minor"}, "label 'minor'"),  # a third label value
        ({"kind": "unchanged"}, "kind 'unchanged'"),  # unchanged paragraphs are not labelled
        ({"split": "test"}, "split 'test' of pair 'p1'"),  # row split disagrees with the pair's
        ({"pair_id": "p9"}, "split 'dev' of pair 'p9'"),  # a pair not in the pairs file
        ({"reason": " "}, "empty reason"),
        ({"old_ids": "para_1"}, "ids are not lists"),
    ],
)
def test_problems_catches_a_broken_row(change: dict[str, Any], expected: str | None) -> None:
    found = problems([{**_GOOD, **change}], {"p1": "dev"})
    assert found == ([] if expected is None else [f"row 1: {expected}"])


def test_problems_catches_a_missing_field_and_a_duplicate() -> None:
    row = {k: v for k, v in _GOOD.items() if k != "reason"}
    assert problems([row], {"p1": "dev"}) == ["row 1: missing ['reason']"]
    assert problems([_GOOD, dict(_GOOD)], {"p1": "dev"}) == [
        "row 2: duplicate change ('p1', ('para_1',), ('para_1',))"
    ]
