"""Lineage of a document: where each of its paragraphs first appeared, and how it drifted.

Reads the ``reuse`` table (``pipeline.corpus.reuse``): a paragraph's earliest source is
the earliest document (by ``sort_date``: the adoption date where known, else the
distribution date; then symbol) holding a copy or near-copy of it;
the drift is the compare stage's word-level redline from that first wording to this one.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass

import pandas as pd

from pipeline.compare.redline import Run, redline
from pipeline.corpus.resolve import find_document
from pipeline.corpus.reuse import MAX_SOURCES
from pipeline.corpus.store import Store
from pipeline.document import cite
from pipeline.report.records import dumps_json, write_csv


@dataclass(frozen=True, slots=True)
class Source:
    """An earlier paragraph that the paragraph reuses.

    ``sort_date`` orders the sources: the adoption date where known, else the
    distribution ("Distr.") date, else the session's year; ``adoption_date`` and
    ``distribution_date`` are the dates the document states (None when it states none).
    """

    symbol: str | None
    path: str
    paragraph_id: str
    sort_date: str | None
    similarity: float
    text: str
    adoption_date: str | None = None
    distribution_date: str | None = None

    def dates(self) -> str:
        """The dates as a person reads them: "adopted 2024-12-24, distributed 2024-12-31"."""
        parts = []
        if self.adoption_date:
            parts.append(f"adopted {self.adoption_date}")
        if self.distribution_date:
            parts.append(f"distributed {self.distribution_date}")
        return ", ".join(parts) or (self.sort_date or "undated")


@dataclass(frozen=True, slots=True)
class LineageRow:
    """One paragraph of the document, its earliest source and the drift since."""

    paragraph_id: str
    kind: str
    text: str
    first: Source | None  # None: the paragraph is new in this document
    sources: tuple[Source, ...]  # every earlier copy, earliest first
    drift: tuple[Run, ...]  # redline first.text -> text; () when new


def choose_document(store: Store, symbol: str) -> tuple[int, str]:
    """The stored document for a symbol: the version with most paragraphs, then by path.

    ``symbol`` may be typed as "A/RES/73/27", "73/27", "a/res/73/27" or a file name
    (``resolve.find_document``).

    Raises:
        StoreError: No document has this symbol (the nearest held ones are named).
    """
    found = find_document(store, symbol)
    return found.doc_id, found.path


def trace_lineage(store: Store, symbol: str) -> list[LineageRow]:
    """Paragraph by paragraph, where the text of ``symbol`` first appeared in the corpus.

    Args:
        store: A corpus store whose reuse table is up to date.
        symbol: A document symbol ("A/RES/80/16", "80/16" or a file name).

    Returns:
        One row per paragraph in reading order.

    Raises:
        StoreError: No document has this symbol.
    """
    doc_id, _ = choose_document(store, symbol)
    paragraphs = store.conn.execute(
        "SELECT pid, paragraph_id, kind, text FROM paragraphs WHERE doc_id = ? ORDER BY idx",
        (doc_id,),
    ).fetchall()
    found: dict[int, list[tuple[tuple[str, str, str, int], Source]]] = {}
    # At most MAX_SOURCES sources a paragraph, the earliest: a store built before the
    # cap held millions of pairs for one repeated paragraph (issue 27).
    rows = store.conn.execute(
        "SELECT target_pid, symbol, path, paragraph_id, sort_date, similarity, text, idx,"
        " adoption_date, date FROM (SELECT r.target_pid, d.symbol, d.path, p.paragraph_id,"
        " d.sort_date, r.similarity, p.text, p.idx, d.adoption_date, d.date,"
        " row_number() OVER (PARTITION BY r.target_pid"
        " ORDER BY d.sort_date, d.symbol, d.path, p.idx) AS n"
        " FROM reuse r JOIN paragraphs p ON p.pid = r.source_pid"
        " JOIN documents d ON d.doc_id = r.source_doc WHERE r.target_doc = ?) WHERE n <= ?",
        (doc_id, MAX_SOURCES),
    )
    for target, sym, path, para_id, date, similarity, text, idx, adopted, issued in rows:
        source = Source(sym, path, para_id, date, similarity, text, adopted, issued)
        key = (date or "", sym or "", path, idx)
        found.setdefault(target, []).append((key, source))
    result = []
    # A paragraph repeated in a document drifts from one first wording the same way
    # every time: each pair of texts is redlined once (issue 27).
    drifts: dict[tuple[str, str], tuple[Run, ...]] = {}
    for pid, para_id, kind, text in paragraphs:
        sources = tuple(source for _, source in sorted(found.get(pid, []), key=lambda x: x[0]))
        first = sources[0] if sources else None
        drift: tuple[Run, ...] = ()
        if first is not None:
            if (first.text, text) not in drifts:
                drifts[first.text, text] = tuple(redline(first.text, text))
            drift = drifts[first.text, text]
        result.append(LineageRow(para_id, kind, text, first, sources, drift))
    return result


def lineage_records(rows: list[LineageRow]) -> list[dict[str, object]]:
    """One flat record per paragraph: the first source's fields prefixed ``first_``."""
    records = []
    for row in rows:
        first = asdict(row.first) if row.first else {}
        records.append(
            {
                "paragraph_id": row.paragraph_id,
                "cite": cite(row.paragraph_id),
                "kind": row.kind,
                "text": row.text,
                "first_symbol": first.get("symbol"),
                "first_path": first.get("path"),
                "first_paragraph_id": first.get("paragraph_id"),
                "first_cite": cite(first["paragraph_id"]) if first else None,
                "first_sort_date": first.get("sort_date"),
                "first_adoption_date": first.get("adoption_date"),
                "first_distribution_date": first.get("distribution_date"),
                "similarity": first.get("similarity"),
                "earlier_documents": len({s.symbol or s.path for s in row.sources}),
                "drift": format_drift(row.drift) if row.first else None,
            }
        )
    return records


def lineage_table(store: Store, symbol: str) -> pd.DataFrame:
    """``trace_lineage`` as a DataFrame: one row per paragraph, the first source flattened."""
    return pd.DataFrame.from_records(lineage_records(trace_lineage(store, symbol)))


def format_lineage(rows: list[LineageRow], symbol: str, fmt: str) -> str:
    """Render a lineage as ``corpus lineage`` prints it.

    Args:
        rows: From ``trace_lineage``.
        symbol: The document's symbol (named on paragraphs new in it).
        fmt: "text" (two lines per reused paragraph, paragraphs cited as OP3 and PP11:
            source with its dates, then the drift), "json" (one array of rows with their
            sources, paragraph ids) or "csv" (``lineage_records``, ids and citations).

    Returns:
        The text to write.
    """
    if fmt == "json":
        return dumps_json([asdict(r) for r in rows])
    if fmt == "csv":
        records = lineage_records(rows)
        buffer = io.StringIO(newline="")
        write_csv(records, list(records[0]) if records else ["paragraph_id"], buffer)
        return buffer.getvalue()
    lines = []
    for row in rows:
        if row.first is None:
            lines.append(f"{cite(row.paragraph_id)}: new in {symbol}")
            continue
        first = row.first
        earlier = len({s.symbol or s.path for s in row.sources})
        lines.append(
            f"{cite(row.paragraph_id)}: first in {first.symbol or first.path} "
            f"{cite(first.paragraph_id)} "
            f"({first.dates()}), similarity {first.similarity:.2f}, "
            f"{earlier} earlier document{'' if earlier == 1 else 's'}"
        )
        lines.append(f"    {format_drift(row.drift)}")
    return "".join(line + "\n" for line in lines)


def format_drift(runs: tuple[Run, ...], *, context: int = 8) -> str:
    """Render a redline inline: ``[-deleted-]{+inserted+}``, long equal runs shortened.

    Args:
        runs: ``(op, text)`` runs from ``redline``.
        context: Words kept at each side of an equal run between edits.

    Returns:
        The text, or "(same wording)" when nothing changed.
    """
    if all(op == "equal" for op, _ in runs):
        return "(same wording)"
    parts = []
    for i, (op, text) in enumerate(runs):
        if op == "delete":
            parts.append(f"[-{text.strip()}-]")
        elif op == "insert":
            parts.append(f"{{+{text.strip()}+}}")
        else:
            parts.append(_shorten(text.split(), context, i > 0, i < len(runs) - 1))
    return " ".join(part for part in parts if part)


def _shorten(words: list[str], context: int, after_edit: bool, before_edit: bool) -> str:
    """Keep ``context`` words next to each neighbouring edit and "…" for the rest."""
    tail = words[:context] if after_edit else []
    head = words[-context:] if before_edit else []
    if len(words) <= len(tail) + len(head) + 1:
        return " ".join(words)
    return " ".join([*tail, "…", *head])
