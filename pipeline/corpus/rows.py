"""A stored document's rows read back as the model: the store's columns to a Document.

``Store.load_document`` selects the rows of one version; ``document_from_rows`` builds
the Document from them (metadata, paragraphs, footnotes, the markup's sponsors and vote,
the recorded votes), every column read by name.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from pipeline.document import Document, Footnote, Paragraph, RecordedVote


def _list(value: str | None) -> tuple[str, ...]:
    """A JSON list column (NULL is empty)."""
    return tuple(json.loads(value or "[]"))


def paragraph_from_row(p: sqlite3.Row) -> Paragraph:
    """One row of ``paragraphs`` as a Paragraph."""
    return Paragraph(
        id=p["paragraph_id"],
        kind=p["kind"],
        number=p["number"],
        text=p["text"],
        page=p["page"],
        index=p["idx"],
        start=p["char_start"] or 0,
        end=p["char_end"] or 0,
        parent=p["parent"],
        footnotes=_list(p["footnotes"]),
        speaker=p["speaker"],
        affiliation=p["affiliation"],
        eid=p["eid"],
    )


def footnote_from_row(f: sqlite3.Row) -> Footnote:
    """One row of ``footnotes`` as a Footnote."""
    return Footnote(
        marker=f["marker"], text=f["text"], page=f["page"], paragraph_ids=_list(f["paragraph_ids"])
    )


def vote_from_row(v: sqlite3.Row) -> RecordedVote:
    """One row of ``recorded_votes`` as a RecordedVote."""
    return RecordedVote(
        paragraph_id=v["paragraph_id"],
        yes=v["yes"],
        no=v["no"],
        abstain=v["abstain"],
        text=v["text"],
        subject=v["subject"],
        outcome=v["outcome"],
        in_favour=_list(v["in_favour"]),
        against=_list(v["against"]),
        abstaining=_list(v["abstaining"]),
    )


def document_from_rows(
    row: sqlite3.Row,
    paragraphs: Iterable[sqlite3.Row],
    footnotes: Iterable[sqlite3.Row],
    markup: sqlite3.Row | None,
    votes: Iterable[sqlite3.Row],
) -> Document:
    """Build a stored Document from its rows.

    Args:
        row: Its row of ``documents``.
        paragraphs: Its rows of ``paragraphs``, in order.
        footnotes: Its rows of ``footnotes``, in order.
        markup: Its row of ``markup`` (AKN4UN sponsors and vote outcome), or None.
        votes: Its rows of ``recorded_votes``, in order.

    Returns:
        The Document as it was stored.
    """
    return Document(
        symbol=row["symbol"],
        title=row["title"],
        doc_type=row["doc_type"],
        paragraphs=tuple(paragraph_from_row(p) for p in paragraphs),
        footnotes=tuple(footnote_from_row(f) for f in footnotes),
        date=row["date"],
        adoption_date=row["adoption_date"],
        session=row["session"],
        agenda_items=_list(row["agenda_items"]),
        sponsors=_list(row["sponsors"]),
        committee_report=row["committee_report"],
        meeting=row["meeting"],
        language=row["language"] or "en",
        source=row["path"],
        sha256=row["sha256"],
        pages=row["pages"],
        additional_sponsors=_list(markup["additional_sponsors"]) if markup else (),
        vote_outcome=markup["vote_outcome"] if markup else None,
        recorded_votes=tuple(vote_from_row(v) for v in votes),
    )
