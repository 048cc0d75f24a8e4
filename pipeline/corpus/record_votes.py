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
from pipeline.research.record_votes import RecordVotesError, record_votes, stored_record

if TYPE_CHECKING:
    import pandas as pd


def store_record_votes(db: str | os.PathLike[str], resolutions: Sequence[str]) -> pd.DataFrame:
    """Per-state votes on the given resolutions, from the verbatim records in a corpus store.

    Only records whose text names a resolution asked for are parsed.

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
        for resolution in resolutions:
            short = resolution.removeprefix("A/RES/")
            found = store.query(
                "SELECT DISTINCT d.symbol FROM paragraphs p JOIN documents d "
                "ON d.doc_id = p.doc_id WHERE d.doc_type = 'record' AND d.symbol IS NOT NULL "
                "AND p.text LIKE ? ORDER BY d.symbol",
                (f"%{short}%",),  # the outcome is checked when the record is parsed
            )
            symbols.extend(s for s in found["symbol"] if s not in symbols)
        docs = [stored_record(store.load_document(s)) for s in symbols]
    frame = record_votes(docs)
    missing = [r for r in resolutions if r not in set(frame["resolution"])]
    if missing:
        raise RecordVotesError(db, f"no verbatim record in the store holds a vote on {missing[0]}")
    return frame
