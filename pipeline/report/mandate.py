"""Write the mandate-element table (``normtrace overlap``) as JSON, Markdown, CSV or HTML.

Formats; computes nothing: the table comes from ``compare.mandate.mandate_table`` and
the shared passages from ``DiffReport.overlaps``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TextIO

from pipeline.compare.mandate import Element, MandateTable
from pipeline.document import Overlap, cite
from pipeline.report.legend import OVERLAP_MEANING, overlap_cap_notes
from pipeline.report.markdown import escape
from pipeline.report.records import write_json
from pipeline.report.tables import write_rows

STATUS_MEANINGS = {
    "verbatim": "every content word of the element, in order, in one paragraph of the other text",
    "reworded": "most of its content words (60% or more) in runs shared with one paragraph",
    "partly": "some of its content words (30% or more) in runs shared with one paragraph",
    "absent": "less than that in any paragraph of the other text",
}
CSV_COLUMNS = (
    "side",
    "paragraph_id",
    "cite",
    "text",
    "status",
    "share",
    "where",
    "where_cite",
    "match",
)


# What bounded the search for shared passages (``summary["overlap_cap"]`` of the diff).
Cap = Mapping[str, int] | None


def _payload(table: MandateTable, overlaps: Sequence[Overlap], cap: Cap) -> dict[str, Any]:
    return {
        **table.to_dict(),
        "overlaps": [o.to_dict() for o in overlaps],
        **({"overlap_cap": dict(cap)} if cap is not None else {}),
        "legend": {"status": STATUS_MEANINGS, "overlaps": OVERLAP_MEANING},
    }


def write_mandate_json(
    table: MandateTable, overlaps: Sequence[Overlap], fp: TextIO, cap: Cap = None
) -> None:
    """The table, the shared passages, what bounded their search and a legend as one
    JSON object."""
    write_json(_payload(table, overlaps, cap), fp)


def write_mandate_csv(
    table: MandateTable, overlaps: Sequence[Overlap], fp: TextIO, cap: Cap = None
) -> None:
    """One row per mandate element (both sides); overlaps are in the JSON and HTML."""
    del overlaps, cap  # a second table does not fit one CSV
    write_rows([e.to_dict() for e in table.elements], CSV_COLUMNS, fp)


def _cites(ids: Sequence[str]) -> str:
    """Paragraphs as a reader cites them ("OP5, OP6"); the JSON keeps the ids."""
    return ", ".join(cite(i) for i in ids)


def _side_rows(elements: Sequence[Element]) -> list[str]:
    lines = ["| paragraph | element | status | where | shared words |", "|---|---|---|---|---|"]
    for e in elements:
        where = escape(e.where_cite or e.where) or "—"
        lines.append(
            f"| {escape(e.cite)} | {escape(e.text)} | **{e.status}** ({e.share:.0%}) | "
            f"{where} | {escape(e.match) or '—'} |"
        )
    return lines


def write_mandate_markdown(
    table: MandateTable, overlaps: Sequence[Overlap], fp: TextIO, cap: Cap = None
) -> None:
    """The two sides' elements as Markdown tables, then the shared passages (and what
    bounded their search)."""
    old = escape(table.old_symbol or "old")
    new = escape(table.new_symbol or "new")
    lines = [f"# Mandate elements: {old} and {new}", ""]
    for side, name, other, mandates in (
        ("old", old, new, table.old_mandates),
        ("new", new, old, table.new_mandates),
    ):
        lines += [
            f"## {name}: its mandates ({escape(_cites(mandates)) or 'none found'}) in {other}",
            "",
        ]
        rows = [e for e in table.elements if e.side == side]
        lines += [*_side_rows(rows), ""] if rows else ["No mandate paragraph found.", ""]
    shown = [o for o in overlaps if not o.boilerplate]
    if shown:
        lines += [f"## Shared passages ({len(shown)})", ""]
        lines += [
            f"- {escape(o.old_cite)} ↔ {escape(o.new_cite)} ({o.words} words): {escape(o.text)}"
            for o in shown
        ]
        lines.append("")
    if len(shown) < len(overlaps):  # issue 24: titles, agenda items, formulas
        hidden = len(overlaps) - len(shown)
        lines += [f"{hidden} shared passages are boilerplate: hidden here, in the JSON.", ""]
    for note in overlap_cap_notes(cap):
        lines += [note, ""]
    lines += ["## Legend", ""]
    lines += [f"- **{status}**: {text}" for status, text in STATUS_MEANINGS.items()]
    fp.write("\n".join(lines) + "\n")


def write_mandate_html(
    table: MandateTable, overlaps: Sequence[Overlap], fp: TextIO, cap: Cap = None
) -> None:
    """A self-contained HTML page with both sides' tables (autoescaped)."""
    from pipeline.report.html import template_environment

    template = template_environment().get_template("mandate.html.j2")
    fp.write(
        template.render(
            table=table,
            overlaps=[o for o in overlaps if not o.boilerplate],
            hidden=sum(o.boilerplate for o in overlaps),
            statuses=STATUS_MEANINGS,
            cites=_cites,
            overlap_meaning=OVERLAP_MEANING,
            cap_notes=overlap_cap_notes(cap),
        )
    )
