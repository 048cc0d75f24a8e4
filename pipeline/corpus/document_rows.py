"""A document as the rows the store inserts for it, made where the document is read.

A build's workers send each file's rows, not its Document, to the build process
(issue 26): plain tuples of text and numbers pickle in C and unpickle without calling a
class for each paragraph, entity and clause, and the JSON of the list columns is made in
the workers, so the one process that writes does less besides writing. ``Store.write_rows``
inserts them; ``Store.write_document`` makes them here first, so every path to the store
writes the same rows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.document import Document

Row = tuple[Any, ...]


class DocumentRows(NamedTuple):
    """One document's rows for ``Store.write_rows``; ``doc_id`` and ``reader`` are added
    there. ``pages`` and ``paragraphs`` answer as a Document's do (the build's counts)."""

    path: str
    document: Row  # documents, from path to n_paragraphs
    paragraphs: list[Row]
    footnotes: list[Row]
    entities: list[Row]
    clauses: list[Row]
    markup: Row | None  # None: the markup added nothing
    votes: list[Row]
    pages: int


def sort_date(doc: Document, path: str) -> str | None:
    """Return the date that orders documents in time ("YYYY-MM-DD").

    The adoption date (the date a researcher means: A/RES/79/237 was adopted on
    24 December 2024 and distributed on the 31st), else the distribution ("Distr.")
    date, else the session's opening year (General Debate speeches carry only the
    session: "AFG_73_2018" is 2018).

    Args:
        doc: The document.
        path: Its path relative to the corpus root.

    Returns:
        An ISO date, or None when nothing dates the document.
    """
    for value in (doc.adoption_date, doc.date):
        if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return value
    year = re.search(r"_(\d{2,3})_((?:19|20)\d{2})$", Path(path).stem)
    if year:
        return f"{year.group(2)}-09-01"
    if doc.session:
        return f"{1945 + doc.session}-09-01"
    return None


def document_rows(path: str, doc: Document) -> DocumentRows:
    """The rows of ``doc`` stored at ``path`` (relative to the corpus root), in the
    column order of ``Store.write_rows``'s inserts."""
    dumps = json.dumps
    document = (
        path, doc.sha256 or "", doc.symbol, doc.title, doc.doc_type, doc.date,
        doc.adoption_date, doc.session, sort_date(doc, path),
        dumps(list(doc.agenda_items)), dumps(list(doc.sponsors)),
        doc.committee_report, doc.meeting, doc.language, doc.pages, len(doc.paragraphs),
    )  # fmt: skip
    paragraphs = [
        (
            p.id, i, p.kind, p.number, p.text, p.page, p.start, p.end, p.parent,
            dumps(list(p.footnotes)), p.speaker, p.affiliation, p.eid,
        )
        for i, p in enumerate(doc.paragraphs)
    ]  # fmt: skip
    footnotes = [(f.marker, f.text, f.page, dumps(list(f.paragraph_ids))) for f in doc.footnotes]
    entities = [
        (e.paragraph_id, e.text, e.label, e.start, e.end, e.norm_id, e.date) for e in doc.entities
    ]
    clauses = [
        (
            c.paragraph_id, c.verb, c.strength, c.modality,
            dumps([[t.name, t.score] for t in c.topics]),
        )
        for c in doc.clauses
    ]  # fmt: skip
    # What the UN's markup adds (issue 23): additional sponsors, outcome, votes.
    markup = (
        (dumps(list(doc.additional_sponsors)), doc.vote_outcome)
        if doc.additional_sponsors or doc.vote_outcome
        else None
    )
    votes = [
        (
            v.paragraph_id, v.yes, v.no, v.abstain, v.text, v.subject, v.outcome,
            dumps(list(v.in_favour)), dumps(list(v.against)), dumps(list(v.abstaining)),
        )
        for v in doc.recorded_votes
    ]  # fmt: skip
    return DocumentRows(
        path, document, paragraphs, footnotes, entities, clauses, markup, votes, doc.pages
    )
