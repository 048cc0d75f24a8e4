"""Write a positions table as one self-contained HTML page a researcher can scan.

States (and groups) down, contested questions across; each non-empty cell shows its
label and confidence and links to its evidence below (anchor ``ev-<statement>-<question>``),
where every sentence is quoted with its paragraph id and character offsets. A legend
gives the codebook: each question's definition and what supports / opposes / mentions
mean. Statements that were not analysed are listed with the reason. No scripts, no
network: inline CSS and a Content Security Policy; Jinja2 autoescapes all text.
"""

from __future__ import annotations

from typing import Any, TextIO

from pipeline.report.html import template_environment
from pipeline.research.positions import PositionTable, codebook
from pipeline.research.positions_rules import ICT_TOPIC, QUESTIONS

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
