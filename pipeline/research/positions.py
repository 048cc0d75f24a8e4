"""Positions: what each state says on the contested questions, with its evidence.

``extract_positions(docs)`` splits each document into statements
(``pipeline.research.statements``), reads every sentence of a statement in its reading
language (English, French or Spanish; ``pipeline.research.questions``) and returns
a ``PositionTable``: one ``Position`` per (statement, question) the statement touches,
each with its evidence sentences (paragraph id, character offsets into the paragraph
text) and a confidence. Statements in other languages are listed in
``PositionTable.not_analysed`` with the reason; every writer (``pipeline.report.positions``)
carries them::

    from pipeline.ingest import load_document
    from pipeline.research.positions import extract_positions

    table = extract_positions([load_document("A_AC.292_2025_INF_5_Rev.1.pdf")])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.document import Document, _Serialisable
from pipeline.research.questions import (
    ICT_TOPIC,
    QUESTIONS,
    SentenceStance,
    normalise_space,
    read_sentences,
)
from pipeline.research.statements import Statement, split_statements

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Evidence",
    "Position",
    "StatementInfo",
    "PositionTable",
    "LABELS",
    "QUESTION_IDS",
    "assess_document",
    "assess_statement",
    "combine_positions",
    "extract_positions",
    "codebook",
]

LABELS: tuple[str, ...] = ("supports", "opposes", "mentions", "unclear")
QUESTION_IDS: tuple[str, ...] = tuple(q.id for q in QUESTIONS)
CSV_COLUMNS = (
    "source",
    "statement_id",
    "actor",
    "iso3",
    "group",
    "language",
    "analysed",
    "reason",
    "question",
    "label",
    "confidence",
    "n_evidence",
    "evidence",
    "evidence_refs",
)


@dataclass(frozen=True, slots=True)
class Evidence(_Serialisable):
    """One sentence that carries (part of) a position.

    ``start`` and ``end`` are character offsets into the paragraph's ``text``.
    """

    paragraph_id: str
    start: int
    end: int
    text: str
    stance: str
    cue: str
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Position(_Serialisable):
    """A statement's position on one question."""

    statement_id: str
    question: str
    label: str
    confidence: float
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class StatementInfo(_Serialisable):
    """The row of a statement: who speaks, in which language, and whether it was read."""

    id: str
    source: str
    actor: str
    label: str
    iso3: str | None
    group: str | None
    members: tuple[str, ...]
    language: str
    languages: tuple[str, ...]
    analysed: bool
    paragraph_ids: tuple[str, ...]
    raised_ict: bool = False
    reading_language: str | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class PositionTable(_Serialisable):
    """Statements by questions; ``positions`` holds the non-empty cells."""

    questions: tuple[str, ...]
    statements: tuple[StatementInfo, ...]
    positions: tuple[Position, ...]

    @property
    def not_analysed(self) -> tuple[StatementInfo, ...]:
        """Statements with no paragraph in an analysed language."""
        return tuple(s for s in self.statements if not s.analysed)

    def cell(self, statement_id: str, question: str) -> Position | None:
        """The position of one statement on one question, or None for an empty cell."""
        for position in self.positions:
            if position.statement_id == statement_id and position.question == question:
                return position
        return None

    def to_frame(self) -> pd.DataFrame:
        """The rows of ``positions --format csv`` (``table_rows``) as a DataFrame."""
        import pandas as pd

        return pd.DataFrame(table_rows(self))


def assess_statement(
    statement: Statement, *, uid: str | None = None, ict_only: bool = False
) -> tuple[list[Position], list[Evidence]]:
    """Read one statement's English paragraphs on every question.

    Args:
        statement: A statement from ``split_statements``.
        uid: The id to give its positions (default ``statement.id``).
        ict_only: Count a question only in paragraphs that raise ICT security (a General
            Debate speech cites international humanitarian law about Syria, not cyberspace).

    Returns:
        ``(positions, ict_evidence)``: one Position per question the statement touches,
        and the sentences that raise ICT security at all.
    """
    uid = uid or statement.id
    paragraphs = statement.analysed
    per_question: dict[str, list[Evidence]] = {}
    seen: set[tuple[str, str]] = set()
    questions = (*QUESTIONS, ICT_TOPIC)
    if not paragraphs:
        return [], []
    lang = statement.reading_language or "en"
    readings = read_sentences((p.text for p in paragraphs), questions, lang=lang)
    for para, stances in zip(paragraphs, readings, strict=True):
        if ict_only and not any(s.question == ICT_TOPIC.id for s in stances):
            continue
        for stance in stances:
            key = (stance.question, normalise_space(stance.text))
            if key in seen:
                continue  # a translation printed twice (the Russian Federation's statement)
            seen.add(key)
            per_question.setdefault(stance.question, []).append(_evidence(para.id, stance))
    ict = per_question.pop(ICT_TOPIC.id, [])
    positions = [
        _aggregate(uid, q.id, per_question[q.id]) for q in QUESTIONS if q.id in per_question
    ]
    return positions, ict


def _evidence(paragraph_id: str, stance: SentenceStance) -> Evidence:
    return Evidence(
        paragraph_id=paragraph_id,
        start=stance.start,
        end=stance.end,
        text=stance.text,
        stance=stance.stance,
        cue=stance.cue,
        rule=stance.rule,
        confidence=stance.confidence,
    )


def _aggregate(uid: str, question: str, evidence: list[Evidence]) -> Position:
    """One label from the sentences: a clear majority wins, a close split is unclear.

    CASE 1 only mentions: "mentions". CASE 2 one side only: that side, with the best
    sentence's confidence plus 0.05 per further sentence. CASE 3 both sides: the side with
    at least twice the sentences, at lower confidence; otherwise "unclear".
    """
    sup = [e for e in evidence if e.stance == "supports"]
    opp = [e for e in evidence if e.stance == "opposes"]
    ordered = tuple(sorted(evidence, key=lambda e: (e.stance == "mentions", -e.confidence)))
    if not sup and not opp:
        return Position(uid, question, "mentions", 0.5, ordered)
    if not sup or not opp:
        side = sup or opp
        confidence = min(0.95, max(e.confidence for e in side) + 0.05 * (len(side) - 1))
        return Position(uid, question, side[0].stance, round(confidence, 2), ordered)
    if len(sup) >= 2 * len(opp):
        return Position(uid, question, "supports", 0.45, ordered)
    if len(opp) >= 2 * len(sup):
        return Position(uid, question, "opposes", 0.45, ordered)
    return Position(uid, question, "unclear", 0.3, ordered)


# One document's statements and their positions (``assess_document``).
Assessed = tuple[tuple[StatementInfo, ...], tuple[Position, ...]]


def assess_document(doc: Document) -> Assessed:
    """Split one document into statements and read each one's positions.

    The commands run this for each file inside the file's time and memory budget, with
    its reading (``commands.positions``); ``combine_positions`` makes the table.

    Returns:
        ``(statements, positions)``, with the statement ids ``split_statements`` gives.
    """
    infos: list[StatementInfo] = []
    positions: list[Position] = []
    for statement in split_statements(doc):
        uid = statement.id
        # Only a compendium of statements is about ICT security from end to end.
        found, ict = assess_statement(statement, uid=uid, ict_only=doc.doc_type != "statement")
        positions.extend(found)
        infos.append(_info(statement, uid, bool(ict)))
        if ict:
            positions.append(Position(uid, ICT_TOPIC.id, "mentions", 0.5, tuple(ict[:5])))
    return tuple(infos), tuple(positions)


def combine_positions(assessed: Sequence[Assessed]) -> PositionTable:
    """The table over the documents of ``assessed``, in order; statement ids are made
    unique across documents by a document number prefix when there are several."""
    infos: list[StatementInfo] = []
    positions: list[Position] = []
    for n, (doc_infos, doc_positions) in enumerate(assessed, start=1):
        if len(assessed) == 1:
            infos.extend(doc_infos)
            positions.extend(doc_positions)
            continue
        infos.extend(dataclasses.replace(i, id=f"d{n}_{i.id}") for i in doc_infos)
        positions.extend(
            dataclasses.replace(p, statement_id=f"d{n}_{p.statement_id}") for p in doc_positions
        )
    return PositionTable(QUESTION_IDS, tuple(infos), tuple(positions))


def extract_positions(documents: Iterable[Document]) -> PositionTable:
    """Split documents into statements and read each one's positions.

    Args:
        documents: Compendia, verbatim records or speeches (from ``load_document``).

    Returns:
        The table over all statements of all documents; statement ids are made unique
        across documents by a document number prefix when there are several.
    """
    return combine_positions([assess_document(doc) for doc in documents])


def _info(statement: Statement, uid: str, raised_ict: bool) -> StatementInfo:
    return StatementInfo(
        id=uid,
        source=statement.source,
        actor=statement.actor,
        label=statement.label,
        iso3=statement.iso3,
        group=statement.group,
        members=statement.members,
        language=statement.language,
        languages=tuple(sorted(set(statement.languages) - {"und"})),
        analysed=bool(statement.analysed),
        paragraph_ids=tuple(p.id for p in statement.paragraphs),
        raised_ict=raised_ict,
        reading_language=statement.reading_language if statement.analysed else None,
        reason=statement.reason,
    )


def table_rows(
    table: PositionTable, questions: Sequence[str] | None = None
) -> list[dict[str, Any]]:
    """Long-format rows: one per non-empty cell, and one per statement without any.

    A statement that was not analysed, or that touches none of the questions, still has
    a row (question "", label ``not_analysed`` or ``none``) so no statement drops out.

    Args:
        table: The table.
        questions: The questions to include (default: the contested questions).

    Returns:
        Dicts with the keys of ``CSV_COLUMNS``.
    """
    wanted = tuple(questions or table.questions)
    by_statement: dict[str, list[Position]] = {}
    for position in table.positions:
        if position.question in wanted:
            by_statement.setdefault(position.statement_id, []).append(position)
    rows = []
    for info in table.statements:
        base = {
            "source": info.source,
            "statement_id": info.id,
            "actor": info.label,
            "iso3": info.iso3 or "",
            "group": info.group or "",
            "language": info.reading_language or info.language,
            "analysed": info.analysed,
            "reason": info.reason,
        }
        cells = by_statement.get(info.id, [])
        if not cells:
            label = "none" if info.analysed else "not_analysed"
            rows.append(
                base
                | {"question": "", "label": label, "confidence": "", "n_evidence": 0}
                | {"evidence": "", "evidence_refs": ""}
            )
        for position in cells:
            rows.append(
                base
                | {
                    "question": position.question,
                    "label": position.label,
                    "confidence": position.confidence,
                    "n_evidence": len(position.evidence),
                    "evidence": position.evidence[0].text if position.evidence else "",
                    "evidence_refs": ";".join(
                        f"{e.paragraph_id}:{e.start}-{e.end}" for e in position.evidence
                    ),
                }
            )
    return rows


def codebook(ict: bool = False) -> list[dict[str, str]]:
    """The questions with their definitions and what each label means.

    Args:
        ict: Include ``ict_security`` (the General Debate column).

    Returns:
        One dict per question: id, title, definition, supports, opposes, mentions.
    """
    mention = "raises the question without a readable side of the speaker's own"
    return [
        {
            "id": q.id,
            "title": q.title,
            "definition": q.definition,
            "supports": q.supports,
            "opposes": q.opposes,
            "mentions": mention,
        }
        for q in ((ICT_TOPIC, *QUESTIONS) if ict else QUESTIONS)
    ]
