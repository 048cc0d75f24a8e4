"""Write a positions table: CSV (long format, one row per cell) with its codebook, JSON,
and one self-contained HTML page a researcher can scan.

The HTML page: states (and groups) down, contested questions across; each non-empty cell shows its
label and confidence and links to its evidence below (anchor ``ev-<statement>-<question>``),
where every sentence is quoted with its paragraph id and character offsets. A legend
gives the codebook: each question's definition and what supports / opposes / mentions
mean. Statements that were not analysed are listed with the reason. No scripts, no
network: inline CSS and a Content Security Policy; Jinja2 autoescapes all text.
"""

from __future__ import annotations

from typing import Any, TextIO

from pipeline.report.html import template_environment
from pipeline.report.records import write_csv, write_json
from pipeline.research.positions import CSV_COLUMNS, PositionTable, codebook, table_rows
from pipeline.research.questions import ICT_TOPIC, QUESTIONS

TITLES = {q.id: q.title for q in (*QUESTIONS, ICT_TOPIC)}
MEANINGS = {q.id: q.supports for q in (*QUESTIONS, ICT_TOPIC)}


def format_positions_html(
    table: PositionTable,
    *,
    title: str = "Positions on contested questions",
    ict_column: bool = False,
) -> str:
    """Render the table as an HTML page.

    Args:
        table: From ``extract_positions``.
        title: The page title.
        ict_column: Add a first column "ICT security raised at all" (General Debate).

    Returns:
        The HTML document as a string.
    """
    questions = ([ICT_TOPIC.id] if ict_column else []) + list(table.questions)
    cells = {(p.statement_id, p.question): p for p in table.positions}
    rows: list[dict[str, Any]] = []
    for info in table.statements:
        row_cells = [cells.get((info.id, q)) for q in questions]
        rows.append({"info": info, "cells": list(zip(questions, row_cells, strict=True))})
    counts = {
        q: {
            label: sum(1 for p in table.positions if p.question == q and p.label == label)
            for label in ("supports", "opposes", "mentions", "unclear")
        }
        for q in questions
    }
    return (
        template_environment()
        .get_template("positions.html.j2")
        .render(
            title=title,
            questions=questions,
            titles=TITLES,
            meanings=MEANINGS,
            rows=rows,
            counts=counts,
            not_analysed=table.not_analysed,
            codebook=codebook(ict_column),
            sources=sorted({s.source for s in table.statements}),
        )
    )


def write_positions_html(table: PositionTable, fp: TextIO, **options: Any) -> None:
    """Write the table as a self-contained HTML page (options as ``format_positions_html``)."""
    fp.write(format_positions_html(table, **options))


def write_positions_csv(table: PositionTable, fp: TextIO) -> None:
    """Write the long-format table: one row per cell, every statement at least once."""
    write_csv(table_rows(table), CSV_COLUMNS, fp)


def write_codebook_csv(fp: TextIO, *, ict: bool = False) -> None:
    """Write the codebook (the CSV's companion): each question and what its labels mean."""
    rows = codebook(ict)
    write_csv(rows, list(rows[0]), fp)


def write_positions_json(table: PositionTable, fp: TextIO) -> None:
    """Write the table as JSON: the codebook under ``questions``, statements (each with
    ``analysed`` and ``reason``), ``not_analysed`` and positions."""
    payload = table.to_dict()
    payload["question_ids"] = payload["questions"]
    payload["questions"] = codebook(ICT_TOPIC.id in {p.question for p in table.positions})
    payload["not_analysed"] = [
        {"id": s.id, "actor": s.label, "language": s.language, "reason": s.reason}
        for s in table.not_analysed
    ]
    write_json(payload, fp)
