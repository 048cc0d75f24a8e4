"""Full-text search over the paragraphs of a corpus store (SQLite FTS5)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pandas as pd

from pipeline.corpus.store import Store, StoreError

# Paragraphs cite an entity by its canonical id ("USA", "A/RES/73/27"), its text or label.
_ENTITY_FILTER = (
    "EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = p.doc_id"
    " AND e.paragraph_id = p.paragraph_id"
    " AND (e.norm_id = :entity OR e.label = :entity OR e.text = :entity COLLATE NOCASE))"
)


def search_paragraphs(
    store: Store,
    query: str,
    *,
    symbol_prefix: str | None = None,
    session: int | None = None,
    kind: str | None = None,
    entity: str | None = None,
    limit: int = 20,
    distinct: bool = True,
) -> pd.DataFrame:
    """Find paragraphs matching an FTS5 query, best first (bm25).

    Args:
        store: An open corpus store.
        query: FTS5 syntax: words, "a phrase", NEAR(a b, 5), a AND b, a OR b, NOT, prefix*.
        symbol_prefix: Only documents whose symbol starts with this ("A/RES/7").
        session: Only documents of this General Assembly session.
        kind: Only paragraphs of this kind (preamble, operative, ...).
        entity: Only paragraphs with this entity (canonical id, text or label).
        limit: At most this many rows.
        distinct: Show a paragraph once when two files of one symbol hold it.

    Returns:
        Columns symbol, path, paragraph_id, kind, session, date, snippet (matches in
        [brackets]), score (lower is better).

    Raises:
        StoreError: The query is not valid FTS5 syntax.
    """
    where = ["paragraphs_fts MATCH :query"]
    params: dict[str, Any] = {"query": query, "limit": limit}
    if symbol_prefix:
        where.append("substr(d.symbol, 1, length(:prefix)) = :prefix")
        params["prefix"] = symbol_prefix
    if session is not None:
        where.append("d.session = :session")
        params["session"] = session
    if kind:
        where.append("p.kind = :kind")
        params["kind"] = kind
    if entity:
        where.append(_ENTITY_FILTER)
        params["entity"] = entity
    sql = (
        "SELECT d.symbol, d.path, p.paragraph_id, p.kind, d.session, d.date,"
        " snippet(paragraphs_fts, 0, '[', ']', '…', 16) AS snippet,"
        " bm25(paragraphs_fts) AS score"
        " FROM paragraphs_fts JOIN paragraphs p ON p.pid = paragraphs_fts.rowid"
        " JOIN documents d ON d.doc_id = p.doc_id"
        f" WHERE {' AND '.join(where)}"
        " ORDER BY score, d.path, p.idx LIMIT :limit"
    )
    params["limit"] = limit * 3 if distinct else limit
    try:
        hits = store.query(sql, params)
    except sqlite3.OperationalError as err:
        raise StoreError(f"search {query!r}: {err}") from err
    if distinct:  # the PDF and the text of one document hold the same paragraph
        key = hits["symbol"].fillna(hits["path"])
        hits = hits[~pd.concat([key, hits["paragraph_id"], hits["snippet"]], axis=1).duplicated()]
    return hits.head(limit).reset_index(drop=True)
