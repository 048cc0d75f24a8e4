"""Score the positions table against hand labels (``tests/data/positions_gold.csv``).

The labelled statements are split into a development set and a held-out test set by
document and speaker (``models/data/positions_split.csv``, fixed before the rules were
rewritten); ``score_positions(..., keep=...)`` scores one set.

The gold file has one row per labelled (statement, question) cell: ``source`` (document
symbol, or the General Debate file stem such as ``CHN_73_2018``), ``actor`` (the
statement's row label, or an ISO3 code), ``question``, ``label`` and the ``sentence``
the label rests on. A statement with no position at all has one row with an empty
question and label ``none``. Every other (labelled statement, question) pair is "none".

Two scores per question:

- stance: precision and recall of supports/opposes (a cell counts when the label is
  the same); "mentions" and "unclear" are neither right nor wrong here.
- detection: precision and recall of "the statement touches the question" (any label).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.research.positions import QUESTION_IDS, PositionTable, StatementInfo

__all__ = [
    "GoldCell",
    "Score",
    "Disagreement",
    "load_gold",
    "load_split",
    "score_positions",
]

STANCES = ("supports", "opposes")


@dataclass(frozen=True, slots=True)
class GoldCell:
    source: str
    actor: str
    question: str
    label: str
    sentence: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A cell where the program and the hand label differ."""

    source: str
    actor: str
    question: str
    gold: str
    predicted: str
    sentence: str
    note: str
    analysed: bool


@dataclass(slots=True)
class Score:
    """Counts behind one question's precision and recall."""

    question: str
    stance_tp: int = 0
    stance_pred: int = 0
    stance_gold: int = 0
    detect_tp: int = 0
    detect_pred: int = 0
    detect_gold: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @staticmethod
    def _ratio(num: int, den: int) -> float | None:
        return round(num / den, 3) if den else None

    @property
    def stance_precision(self) -> float | None:
        return self._ratio(self.stance_tp, self.stance_pred)

    @property
    def stance_recall(self) -> float | None:
        return self._ratio(self.stance_tp, self.stance_gold)

    @property
    def detect_precision(self) -> float | None:
        return self._ratio(self.detect_tp, self.detect_pred)

    @property
    def detect_recall(self) -> float | None:
        return self._ratio(self.detect_tp, self.detect_gold)


def load_gold(path: str | os.PathLike[str]) -> list[GoldCell]:
    """Read the hand labels (see the module docstring for the columns)."""
    with Path(path).open(newline="", encoding="utf-8") as fh:
        return [
            GoldCell(
                r["source"],
                r["actor"],
                r["question"],
                r["label"],
                r["sentence"],
                r.get("note") or "",
            )
            for r in csv.DictReader(fh)
        ]


def load_split(path: str | os.PathLike[str]) -> dict[tuple[str, str], str]:
    """Read the split file: ``{(source, actor): "dev" | "test"}``."""
    with Path(path).open(newline="", encoding="utf-8") as fh:
        return {(r["source"], r["actor"]): r["set"] for r in csv.DictReader(fh)}


def _find(table: PositionTable, source: str, actor: str) -> StatementInfo | None:
    """The statement by row label; an ISO3 code only matches a national statement."""
    candidates = [info for info in table.statements if info.source == source]
    for info in candidates:
        if info.label == actor:
            return info
    for info in candidates:
        if info.group is None and actor == info.iso3:
            return info
    return None


def score_positions(
    table: PositionTable,
    gold: list[GoldCell],
    *,
    analysed_only: bool = True,
    keep: set[tuple[str, str]] | None = None,
) -> tuple[dict[str, Score], list[tuple[str, str]]]:
    """Compare the table with the hand labels, question by question.

    Args:
        table: Positions over (at least) the documents the gold file names.
        gold: The hand labels.
        analysed_only: Leave out statements the program could not read (no cue file
            for their language); with False they count, and every position is missed.
        keep: Score only these (source, actor) pairs (one set of the split).

    Returns:
        ``(scores, missing)``: a Score per question, and the (source, actor) pairs of
        the gold file that no statement of the table matched.
    """
    labelled: dict[tuple[str, str], dict[str, GoldCell]] = {}
    for row in gold:
        labelled.setdefault((row.source, row.actor), {})
        if row.question:
            labelled[(row.source, row.actor)][row.question] = row
    scores = {q: Score(q) for q in QUESTION_IDS}
    missing = []
    for (source, actor), cells in labelled.items():
        if keep is not None and (source, actor) not in keep:
            continue
        info = _find(table, source, actor)
        if info is None:
            missing.append((source, actor))
            continue
        if analysed_only and not info.analysed:
            continue
        for question in QUESTION_IDS:
            cell = cells.get(question)
            want = cell.label if cell else "none"
            position = table.cell(info.id, question)
            got = position.label if position else "none"
            _count(scores[question], want, got)
            if want != got:
                scores[question].disagreements.append(
                    Disagreement(
                        source,
                        actor,
                        question,
                        want,
                        got,
                        cell.sentence
                        if cell
                        else (position.evidence[0].text if position and position.evidence else ""),
                        cell.note if cell else "",
                        info.analysed,
                    )
                )
    return scores, missing


def _count(score: Score, want: str, got: str) -> None:
    score.stance_pred += got in STANCES
    score.stance_gold += want in STANCES
    score.stance_tp += got in STANCES and got == want
    score.detect_pred += got != "none"
    score.detect_gold += want != "none"
    score.detect_tp += got != "none" and want != "none"
