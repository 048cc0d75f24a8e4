"""Browse a corpus store in Datasette: read-only, full-text search, canned queries, lineage.

``serve_store(db)`` opens the file read-only (Datasette's ``mode=ro`` connections) on
127.0.0.1 unless told otherwise. The ``paragraph_search`` view is searchable through the
paragraphs' FTS5 index (Datasette lists its hits in table order); the ``search`` canned
query ranks them, best match first. A ``lineage`` column links to the ``lineage`` query.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pipeline.corpus.store import Store

_LINEAGE_SQL = """
WITH doc AS (
    SELECT doc_id FROM documents WHERE coalesce(symbol, path) = :symbol
    ORDER BY n_paragraphs DESC, path LIMIT 1
), sources AS (
    SELECT r.target_pid, sd.symbol AS first_symbol, sp.paragraph_id AS first_paragraph,
           sd.sort_date AS first_date, r.similarity, sp.text AS first_text,
           row_number() OVER (PARTITION BY r.target_pid
                              ORDER BY sd.sort_date, sd.symbol, sd.path, sp.idx) AS n,
           count(*) OVER (PARTITION BY r.target_pid) AS earlier_copies
    FROM reuse r JOIN paragraphs sp ON sp.pid = r.source_pid
    JOIN documents sd ON sd.doc_id = r.source_doc
    WHERE r.target_doc = (SELECT doc_id FROM doc)
)
SELECT p.paragraph_id, p.kind, p.text, s.first_symbol, s.first_paragraph, s.first_date,
       s.similarity, coalesce(s.earlier_copies, 0) AS earlier_copies, s.first_text
FROM paragraphs p LEFT JOIN sources s ON s.target_pid = p.pid AND s.n = 1
WHERE p.doc_id = (SELECT doc_id FROM doc)
ORDER BY p.idx
"""

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "search": {
        "title": "Search paragraphs, best match first",
        "description": "Every word must occur; FTS5's bm25 rank orders the hits.",
        "sql": (
            "SELECT d.symbol, d.sort_date, p.paragraph_id,"
            " snippet(paragraphs_fts, 0, '[', ']', '…', 24) AS snippet,"
            " coalesce(d.symbol, d.path) AS lineage"
            " FROM paragraphs_fts JOIN paragraphs p ON p.pid = paragraphs_fts.rowid"
            " JOIN documents d ON d.doc_id = p.doc_id"
            # escape_fts (a function Datasette registers) quotes each word, so a query
            # such as "A/RES/73/27" or an unbalanced quote is no FTS5 syntax error.
            " WHERE paragraphs_fts MATCH escape_fts(:words)"
            " ORDER BY rank, d.sort_date, p.pid LIMIT 100"
        ),
    },
    "symbol_paragraphs": {
        "title": "Paragraphs of a symbol",
        "sql": (
            "SELECT d.symbol, d.path, p.paragraph_id, p.kind, p.text,"
            " coalesce(d.symbol, d.path) AS lineage"
            " FROM paragraphs p JOIN documents d ON d.doc_id = p.doc_id"
            " WHERE d.symbol = :symbol ORDER BY d.path, p.idx"
        ),
    },
    "first_appearance": {
        "title": "Where a phrase first appears",
        "sql": (
            "SELECT d.sort_date, d.symbol, d.path, p.paragraph_id,"
            " snippet(paragraphs_fts, 0, '[', ']', '…', 16) AS snippet,"
            " coalesce(d.symbol, d.path) AS lineage"
            " FROM paragraphs_fts JOIN paragraphs p ON p.pid = paragraphs_fts.rowid"
            " JOIN documents d ON d.doc_id = p.doc_id"
            " WHERE paragraphs_fts MATCH '\"' || replace(:phrase, '\"', '\"\"') || '\"'"
            " ORDER BY d.sort_date, d.symbol, d.path, p.idx LIMIT 50"
        ),
    },
    "citing_resolution": {
        "title": "Documents citing a resolution (e.g. A/RES/73/27)",
        "sql": (
            "SELECT d.sort_date, d.symbol, d.path, d.title, count(*) AS citations,"
            " group_concat(DISTINCT e.paragraph_id) AS paragraphs"
            " FROM entities e JOIN documents d ON d.doc_id = e.doc_id"
            " WHERE e.label = 'RES_REF' AND e.norm_id = :resolution"
            " GROUP BY d.doc_id ORDER BY d.sort_date, d.symbol, d.path"
        ),
    },
    "lineage": {
        "title": "Lineage: where each paragraph of a symbol first appeared",
        "sql": _LINEAGE_SQL,
        "hide_sql": True,
    },
}


def datasette_metadata(name: str) -> dict[str, Any]:
    """Datasette metadata for a store opened under the database name ``name``."""
    return {
        "title": "normtrace corpus",
        "description": "UN documents on international security in cyberspace, by paragraph.",
        "databases": {
            name: {
                "tables": {
                    "paragraph_search": {"fts_table": "paragraphs_fts", "fts_pk": "pid"},
                    "documents": {"label_column": "symbol"},
                },
                "queries": CANNED_QUERIES,
            }
        },
    }


class _LineageLinks:
    """Datasette plugin: a ``lineage`` cell links to the lineage canned query."""

    @staticmethod
    def render_cell(value: Any, column: str, database: str, datasette: Any) -> Any:
        from markupsafe import Markup, escape

        if column != "lineage" or not isinstance(value, str) or not value:
            return None
        url = f"{datasette.urls.database(database)}/lineage?symbol={quote(value, safe='')}"
        return Markup(f'<a href="{escape(url)}">lineage of {escape(value)}</a>')


def make_datasette(db: str | Path) -> Any:
    """A Datasette over the store (read-only), with our metadata and the lineage links.

    Raises:
        StoreError: The file is missing or not a corpus store.
    """
    from datasette import hookimpl
    from datasette.app import Datasette
    from datasette.plugins import pm

    Store(db, readonly=True).close()  # a clear error for a file that is not a store
    if not pm.has_plugin("normtrace-lineage"):
        hookimpl(_LineageLinks.render_cell)
        pm.register(_LineageLinks, name="normtrace-lineage")
    name = Path(db).stem
    return Datasette(
        files=[str(db)],
        metadata=datasette_metadata(name),
        settings={"default_page_size": 50, "sql_time_limit_ms": 5000},
    )


def serve_store(db: str | Path, *, host: str = "127.0.0.1", port: int = 8001) -> None:
    """Serve the store with Datasette until interrupted.

    Args:
        db: The corpus database.
        host: Address to bind (loopback by default; the store is then private).
        port: TCP port (0 picks a free one).
    """
    import uvicorn

    datasette = make_datasette(db)
    asyncio.run(datasette.invoke_startup())
    print(f"normtrace: serving {db} at http://{host}:{port}/", file=sys.stderr, flush=True)
    uvicorn.run(datasette.app(), host=host, port=port, log_level="warning")
