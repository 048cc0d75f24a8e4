"""A stored document's rows read back as the model: the store's columns to a Document.

``Store.load_document`` selects the rows of one version; ``document_from_rows`` builds
the Document from them (metadata, paragraphs, footnotes, the markup's sponsors and vote,
the recorded votes), every column read by name.

A row whose value cannot be what the build wrote (a JSON list column that is not a
list of text, nested 100,000 deep or not JSON at all; text in an integer column) raises
``DamagedRowError`` naming the table, the row and the column; ``Store.load_document``
turns it into the one line that says the store is damaged and to rebuild it (issue 27).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable

from pipeline.document import Document, Footnote, Paragraph, RecordedVote


class DamagedRowError(ValueError):
    """A stored value is not what a build writes; ``str(err)`` names the row and column."""


def _list(row: sqlite3.Row, column: str, where: str) -> tuple[str, ...]:
    """A JSON list-of-text column (NULL is empty).

    Raises:
        DamagedRowError: The value is not JSON (a nesting too deep for the parser
            included), or not a list of text.
    """
    value = row[column]
    if value is None:
        return ()
    try:
        items = json.loads(value)
    except RecursionError:
        raise DamagedRowError(f"{where}: {column} is nested too deep to be a list") from None
    except (TypeError, ValueError) as err:
        raise DamagedRowError(f"{where}: {column} is not a JSON list ({err})") from None
    if not isinstance(items, list) or not all(isinstance(item, str) for item in items):
        raise DamagedRowError(f"{where}: {column} is not a list of text")
    return tuple(items)


def _int(row: sqlite3.Row, column: str, where: str, *, default: int | None = None) -> int | None:
    """An integer column (NULL is ``default``).

    Raises:
        DamagedRowError: The value is text, a real number or a blob.
    """
    value = row[column]
    if value is None:
        return default
    if type(value) is not int:
        raise DamagedRowError(f"{where}: {column} is not an integer")
    return value


def _count(row: sqlite3.Row, column: str, where: str) -> int:
    """A NOT NULL integer column."""
    value = _int(row, column, where, default=0)
    assert value is not None
    return value


def paragraph_from_row(p: sqlite3.Row) -> Paragraph:
    """One row of ``paragraphs`` as a Paragraph."""
    where = f"paragraphs row pid {p['pid']}"
    return Paragraph(
        id=p["paragraph_id"],
        kind=p["kind"],
        number=p["number"],
        text=p["text"],
        page=_count(p, "page", where),
        index=_count(p, "idx", where),
        start=_count(p, "char_start", where),
        end=_count(p, "char_end", where),
        parent=p["parent"],
        footnotes=_list(p, "footnotes", where),
        speaker=p["speaker"],
        affiliation=p["affiliation"],
        eid=p["eid"],
    )


def footnote_from_row(f: sqlite3.Row) -> Footnote:
    """One row of ``footnotes`` (selected with its ``rowid``) as a Footnote."""
    where = f"footnotes row {f['rowid']}"
    return Footnote(
        marker=f["marker"],
        text=f["text"],
        page=_count(f, "page", where),
        paragraph_ids=_list(f, "paragraph_ids", where),
    )


def vote_from_row(v: sqlite3.Row) -> RecordedVote:
    """One row of ``recorded_votes`` (selected with its ``rowid``) as a RecordedVote."""
    where = f"recorded_votes row {v['rowid']}"
    return RecordedVote(
        paragraph_id=v["paragraph_id"],
        yes=_count(v, "yes", where),
        no=_count(v, "no", where),
        abstain=_count(v, "abstain", where),
        text=v["text"],
        subject=v["subject"],
        outcome=v["outcome"],
        in_favour=_list(v, "in_favour", where),
        against=_list(v, "against", where),
        abstaining=_list(v, "abstaining", where),
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

    Raises:
        DamagedRowError: A row holds a value a build never writes.
    """
    where = f"documents row doc_id {row['doc_id']}"
    return Document(
        symbol=row["symbol"],
        title=row["title"],
        doc_type=row["doc_type"],
        paragraphs=tuple(paragraph_from_row(p) for p in paragraphs),
        footnotes=tuple(footnote_from_row(f) for f in footnotes),
        date=row["date"],
        adoption_date=row["adoption_date"],
        session=_int(row, "session", where),
        agenda_items=_list(row, "agenda_items", where),
        sponsors=_list(row, "sponsors", where),
        committee_report=row["committee_report"],
        meeting=row["meeting"],
        language=row["language"] or "en",
        source=row["path"],
        sha256=row["sha256"],
        pages=_count(row, "pages", where),
        additional_sponsors=(
            _list(markup, "additional_sponsors", f"markup row doc_id {markup['doc_id']}")
            if markup
            else ()
        ),
        vote_outcome=markup["vote_outcome"] if markup else None,
        recorded_votes=tuple(vote_from_row(v) for v in votes),
    )
