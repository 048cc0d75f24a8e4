"""Write a language-versions report: JSON Lines, Markdown, or one HTML page.

JSON is one object per document (``LanguageReport.to_dict``): ``symbol``,
``languages``, ``paragraphs`` (``id``, ``cite``, ``issues``), ``summary``. Markdown
lists every paragraph with a problem. The HTML page shows the versions side by side,
one row per aligned paragraph, each version's cell marked with its problems and the
numbers, symbols and verbs at fault marked in its text; no scripts, no network, every
text escaped (Jinja2, and markupsafe where a mark is set into it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, TextIO

from markupsafe import Markup, escape

from pipeline.compare.languages import ISSUE_KINDS, LanguageReport
from pipeline.report.html import template_environment

LANGUAGE_FORMATS = ("json", "md", "html")
# How each language is written: right to left for Arabic.
_DIRECTION = {"ar": "rtl"}
NAMES = {
    "ar": "Arabic",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "ru": "Russian",
    "zh": "Chinese",
}


def write_languages_json(reports: Sequence[LanguageReport], fp: TextIO) -> None:
    """One JSON object per document, one per line."""
    for report in reports:
        fp.write(json.dumps(report.to_dict(), ensure_ascii=False) + "\n")


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write_languages_markdown(reports: Sequence[LanguageReport], fp: TextIO) -> None:
    """A section per document: the counts, then a table of the problems by paragraph."""
    for report in reports:
        fp.write(f"# Language versions of {report.symbol or 'a document'}\n\n")
        fp.write(f"Versions: {', '.join(report.languages)} (aligned to {report.pivot}).\n\n")
        summary = report.summary
        if not summary["issues"]:
            fp.write("No problem found: every paragraph agrees in every version.\n\n")
            continue
        counts = ", ".join(f"{kind} {n}" for kind, n in summary["by_kind"].items())
        fp.write(f"{summary['issues']} problem(s): {counts}.\n\n")
        fp.write("| paragraph | language | kind | detail |\n|---|---|---|---|\n")
        for issue in report.issues:
            fp.write(f"| document | {issue.language} | {issue.kind} | {_md_cell(issue.detail)} |\n")
        for para in report.paragraphs:
            for issue in para.issues:
                fp.write(
                    f"| {para.cite} | {issue.language} | {issue.kind} | "
                    f"{_md_cell(issue.detail)} |\n"
                )
        fp.write("\n")


def _marked(text: str, marks: Sequence[str]) -> Markup:
    """The text escaped, each of ``marks`` where it is written wrapped in <mark>."""
    words = sorted({m for m in marks if m}, key=len, reverse=True)
    if not words:
        return escape(text)
    # A mark stands alone: "2026" is not marked inside "20261" or "A/2026/1".
    pattern = re.compile(r"(?<![\w/])(" + "|".join(re.escape(w) for w in words) + r")(?![\w/])")
    pieces: list[str] = []
    last = 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[last : match.start()]))
        pieces.append(Markup("<mark>%s</mark>") % match[0])
        last = match.end()
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


def _rows(report: LanguageReport) -> list[dict[str, Any]]:
    rows = []
    for para in report.paragraphs:
        cells = []
        for lang in report.languages:
            own = para.paragraphs.get(lang)
            issues = [i for i in para.issues if i.language == lang]
            cells.append(
                {
                    "language": lang,
                    "dir": _DIRECTION.get(lang, "ltr"),
                    "paragraph": own,
                    "issues": issues,
                    "kinds": " ".join(sorted({i.kind for i in issues})),
                    "text": _marked(own.text, [m for i in issues for m in i.marks])
                    if own is not None
                    else "",
                }
            )
        rows.append(
            {"id": para.id, "cite": para.cite, "cells": cells, "flagged": bool(para.issues)}
        )
    return rows


def format_languages_html(reports: Sequence[LanguageReport]) -> str:
    """Render the reports as one HTML page, the versions side by side.

    Args:
        reports: One report per document.

    Returns:
        The HTML document as a string.
    """
    documents = [
        {
            "report": report,
            "rows": _rows(report),
            "names": [NAMES.get(lang, lang) for lang in report.languages],
            "summary": report.summary,
        }
        for report in reports
    ]
    symbols = ", ".join(r.symbol or "?" for r in reports)
    return (
        template_environment()
        .get_template("languages.html.j2")
        .render(title=f"Language versions of {symbols}", documents=documents, kinds=ISSUE_KINDS)
    )


def write_languages_html(reports: Sequence[LanguageReport], fp: TextIO) -> None:
    """Write ``format_languages_html`` to ``fp``."""
    fp.write(format_languages_html(reports))


WRITERS = {
    "json": write_languages_json,
    "md": write_languages_markdown,
    "html": write_languages_html,
}
