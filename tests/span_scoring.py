"""Span-level entity scoring shared by the entity and reference accuracy tests.

An entity is scored as one span: (document, paragraph id, start, end, label, canonical
id). A found span is correct only when all six agree with a gold span, so a wrong
entity in one paragraph and a missed one elsewhere count as one false positive and one
false negative; they no longer cancel out as they did when mentions were counted per id.
OBSERVER is scored as MEMBER_STATE (the gold files do not tell them apart).

Run as a script (``python tests/span_scoring.py``) to print every table the model card
quotes: the held-out, harder and reference sets, dev and test side by side.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
LABEL_OF = {"OBSERVER": "MEMBER_STATE"}

Span = tuple[str, str, int, int, str, str]  # source, paragraph_id, start, end, label, norm_id


@dataclass(frozen=True, slots=True)
class Score:
    """True positives, false positives and false negatives of one label."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        """Share of found spans that are in the gold (1.0 when nothing was found)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of gold spans that were found (1.0 when the gold is empty)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)


def score_spans(
    gold: Iterable[Span], found: Iterable[Span], labels: Sequence[str]
) -> dict[str, Score]:
    """Score found spans against gold spans, per label.

    Args:
        gold: The gold spans.
        found: The spans the pipeline gives.
        labels: The labels to score; spans of other labels are ignored.

    Returns:
        A ``Score`` per label: exact matches of all six fields are true positives.
    """
    gold_set, found_set = set(gold), set(found)
    scores = {}
    for label in labels:
        g = {s for s in gold_set if s[4] == label}
        f = {s for s in found_set if s[4] == label}
        scores[label] = Score(len(g & f), len(f - g), len(g - f))
    return scores


def read_jsonl(name: str) -> list[dict[str, Any]]:
    """Return the records of a JSON Lines file in tests/data."""
    text = (DATA / name).read_text("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def load_record_document(record: dict[str, Any], root: Path) -> Any:
    """Load a gold record's document; with a ``part``, only those paragraphs, no footnotes."""
    from pipeline.ingest import load_document

    doc = load_document(root / record["source"])
    if "part" in record:
        ids = [p.id for p in doc.paragraphs]
        first, last = ids.index(record["part"]["first"]), ids.index(record["part"]["last"])
        doc = dataclasses.replace(doc, paragraphs=doc.paragraphs[first : last + 1], footnotes=())
    return doc


def found_spans(record: dict[str, Any], root: Path, nlp: Any, labels: Sequence[str]) -> set[Span]:
    """The spans the pipeline finds in a gold record's document, for ``labels``."""
    from pipeline.nlp.extract import extract_document

    found = set()
    for e in extract_document(load_record_document(record, root), nlp).entities:
        label = LABEL_OF.get(e.label, e.label)
        if label in labels and e.norm_id:
            found.add((record["source"], e.paragraph_id, e.start, e.end, label, e.norm_id))
    return found


def gold_spans(record: dict[str, Any]) -> set[Span]:
    """A record's gold spans, from its ``spans``: [paragraph, start, end, text, label, id]."""
    spans = record["spans"]
    return {(record["source"], p, s, e, label, norm) for p, s, e, _t, label, norm in spans}


def score_records(
    records: Iterable[dict[str, Any]], root: Path, nlp: Any, labels: Sequence[str]
) -> dict[str, Score]:
    """Pool the span scores of several gold records, per label."""
    gold: set[Span] = set()
    found: set[Span] = set()
    for record in records:
        gold |= gold_spans(record)
        found |= found_spans(record, root, nlp, labels)
    return score_spans(gold, found, labels)


def differences(
    records: Iterable[dict[str, Any]], root: Path, nlp: Any, labels: Sequence[str]
) -> list[tuple[str, Span]]:
    """Every false positive ("extra") and false negative ("missed"), for reading."""
    out = []
    for record in records:
        gold, found = gold_spans(record), found_spans(record, root, nlp, labels)
        out += [("extra", s) for s in sorted(found - gold)]
        out += [("missed", s) for s in sorted(gold - found)]
    return out


def table(columns: dict[str, dict[str, Score]]) -> str:
    """A Markdown table: one row per label, P/R/F1 (tp, fp, fn) per column."""
    names = list(columns)
    labels = list(next(iter(columns.values())))
    head = "| label | " + " | ".join(f"{n} P / R / F1 (tp, fp, fn)" for n in names) + " |"
    rows = [head, "| --- |" + " --- |" * len(names)]
    for label in labels:
        cells = []
        for n in names:
            s = columns[n][label]
            figures = f"{s.precision:.3f} / {s.recall:.3f} / {s.f1:.3f}"
            cells.append(f"{figures} ({s.tp}, {s.fp}, {s.fn})")
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def main() -> None:
    """Print the span-level tables of models/MODEL_CARD.md and every difference."""
    from pipeline.nlp.language import build_nlp
    from pipeline.settings import corpus_root

    root = corpus_root()
    assert root is not None, "set NORMTRACE_CORPUS_ROOT"
    nlp = build_nlp()
    labels = ("MEMBER_STATE", "DOC_SYMBOL", "RES_REF")
    hard, heldout = (
        read_jsonl("entities_gold_hard.jsonl"),
        read_jsonl("entities_gold_heldout.jsonl"),
    )
    sets = {"harder set (tuned on)": hard, "held-out set": heldout}
    print(table({name: score_records(recs, root, nlp, labels) for name, recs in sets.items()}))
    refs = read_jsonl("references_gold.jsonl")
    splits = {s: [r for r in refs if r["split"] == s] for s in ("dev", "test")}
    print()
    print(
        table(
            {f"references {s}": score_records(r, root, nlp, ["RES_REF"]) for s, r in splits.items()}
        )
    )
    for records, scored in ((hard + heldout, labels), (refs, ("RES_REF",))):
        for kind, span in differences(records, root, nlp, scored):
            print(kind, *span)


if __name__ == "__main__":
    main()
