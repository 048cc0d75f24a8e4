"""Per-state votes from the verbatim records held in a corpus store.

The store keeps a record's paragraphs; ``stored_record`` rebuilds its speaker turns and
``record_votes`` parses the vote lists again, each checked against its announced count.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.corpus.store import Store
from pipeline.document import Document
from pipeline.research.record_votes import RecordVotesError, record_votes, stored_record

if TYPE_CHECKING:
    import pandas as pd


def store_record_votes(db: str | os.PathLike[str], resolutions: Sequence[str]) -> pd.DataFrame:
    """Per-state votes on the given resolutions, from the verbatim records in a corpus store.

    A resolution whose own AKN4UN markup the store holds takes its vote from there
    (issue 23); else only records whose text names a resolution asked for are parsed.

    Args:
        db: The SQLite file of ``normtrace corpus build``.
        resolutions: Full symbols, "A/RES/79/283".

    Returns:
        As ``record_votes``, for the resolutions found.

    Raises:
        RecordVotesError: No record in the store holds a vote on one of the resolutions,
            or as ``record_votes``.
    """
    with Store(Path(db), readonly=True) as store:
        symbols: list[str] = []
        docs = []
        for resolution in resolutions:
            # A resolution's own markup (AKN4UN, issue 23) lists its vote: taken first.
            marked = store.query(
                "SELECT 1 FROM recorded_votes v JOIN documents d ON d.doc_id = v.doc_id"
                " WHERE d.symbol = ? LIMIT 1",
                (resolution,),
            )
            if len(marked):
                docs.append(_markup_document(store, resolution))
                continue
            short = resolution.removeprefix("A/RES/")
            found = store.query(
                "SELECT DISTINCT d.symbol FROM paragraphs p JOIN documents d "
                "ON d.doc_id = p.doc_id WHERE d.doc_type = 'record' AND d.symbol IS NOT NULL "
                "AND p.text LIKE ? ORDER BY d.symbol",
                (f"%{short}%",),  # the outcome is checked when the record is parsed
            )
            symbols.extend(s for s in found["symbol"] if s not in symbols)
        docs += [stored_record(store.load_document(s)) for s in symbols]
    frame = record_votes(docs)
    present = set(frame["resolution"])
    missing = [r for r in resolutions if r not in present]
    if missing:
        raise RecordVotesError(db, f"no verbatim record in the store holds a vote on {missing[0]}")
    return frame


def _markup_document(store: Store, symbol: str) -> Document:
    """The stored version of ``symbol`` that holds its recorded vote (English first)."""
    row = store.query(
        "SELECT d.path FROM documents d JOIN recorded_votes v ON v.doc_id = d.doc_id"
        " WHERE d.symbol = ? ORDER BY (d.language = 'en') DESC, d.path LIMIT 1",
        (symbol,),
    )
    return store.load_document(symbol, path=str(row["path"].iloc[0]))
