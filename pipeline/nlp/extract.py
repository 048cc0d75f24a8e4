"""Run the spaCy pipeline over a Document and return it with entities and clauses.

spaCy objects stay in this module: each paragraph's ``Doc`` becomes ``Entity`` and
``Clause`` dataclasses here. Entity offsets are character offsets into the paragraph's
text (``paragraph.text[e.start:e.end] == e.text``). Footnotes are read too; their
entities carry ``paragraph_id`` "footnote_<marker>" and offsets into the footnote text.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.document import Clause, Document, Entity, Paragraph
from pipeline.nlp.components import DOMAIN_LABELS
from pipeline.nlp.pipeline import build_nlp

FOOTNOTE_PREFIX = "footnote_"
# Whitespace other than a plain space becomes a space of the same length, so offsets
# stay valid and a name broken over a line ("Iran (Islamic\nRepublic of)") still matches.
_ODD_SPACE = re.compile(r"[\t\n\r\f\v\u00a0\u2028\u2029]")
_NO_CLAUSE_KINDS = frozenset({"heading"})


@cache
def default_nlp(model: str | None = None) -> Language:
    """Return a pipeline built once per process by ``build_nlp(model)``."""
    return build_nlp(model)


def _prepare(text: str) -> str:
    return _ODD_SPACE.sub(" ", text)


def _entities(sdoc: Doc, text: str, paragraph_id: str) -> Iterator[Entity]:
    for span in sdoc.ents:
        start = span._.nt_start if span._.nt_start is not None else span.start_char
        end = span._.nt_end if span._.nt_end is not None else span.end_char
        norm_id = span.kb_id_ or None if span.label_ in DOMAIN_LABELS else None
        yield Entity(
            text=text[start:end],
            label=span.label_,
            start=start,
            end=end,
            paragraph_id=paragraph_id,
            norm_id=norm_id,
            date=span._.nt_date,
        )


def _clause(sdoc: Doc, paragraph_id: str) -> Clause:
    found = sdoc._.nt_clause or {}
    return Clause(
        paragraph_id=paragraph_id,
        verb=found.get("verb"),
        strength=found.get("strength"),
        modality=found.get("modality"),
        topics=tuple(found.get("topics", ())),
    )


def _units(doc: Document) -> list[tuple[str, str, Paragraph | None]]:
    """Every text to read: (id, text, paragraph or None for a footnote)."""
    units: list[tuple[str, str, Paragraph | None]] = [(p.id, p.text, p) for p in doc.paragraphs]
    units += [(f"{FOOTNOTE_PREFIX}{f.marker}", f.text, None) for f in doc.footnotes]
    return units


def extract_document(
    doc: Document,
    nlp: Language | None = None,
    *,
    batch_size: int = 64,
    n_process: int = 1,
) -> Document:
    """Find entities and clauses in every paragraph (and footnote) of a document.

    Args:
        doc: A document from ``pipeline.ingest.load_document``.
        nlp: A pipeline from ``build_nlp``; by default a blank English one, built once.
        batch_size: Texts per batch for ``nlp.pipe``.
        n_process: Processes for ``nlp.pipe``.

    Returns:
        ``dataclasses.replace(doc, entities=..., clauses=...)``: entities in reading
        order, one clause per paragraph that is not a heading (none for footnotes).
    """
    nlp = nlp or default_nlp()
    units = _units(doc)
    texts: Iterable[str] = (_prepare(text) for _, text, _ in units)
    entities: list[Entity] = []
    clauses: list[Clause] = []
    sdocs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
    for (unit_id, text, paragraph), sdoc in zip(units, sdocs, strict=True):
        entities.extend(_entities(sdoc, text, unit_id))
        if paragraph is not None and paragraph.kind not in _NO_CLAUSE_KINDS:
            clauses.append(_clause(sdoc, unit_id))
    return dataclasses.replace(doc, entities=tuple(entities), clauses=tuple(clauses))


def extract_texts(
    texts: Iterable[str], nlp: Language | None = None, *, paragraph_id: str = "text"
) -> list[tuple[list[Entity], Clause]]:
    """Read loose texts (no Document): entities and clause for each, in order.

    Args:
        texts: Paragraph texts.
        nlp: A pipeline from ``build_nlp``; by default a blank English one.
        paragraph_id: Prefix of the ids given to the texts ("text_0", "text_1", ...).

    Returns:
        One (entities, clause) pair per text.
    """
    nlp = nlp or default_nlp()
    items = list(texts)
    results = []
    for index, (text, sdoc) in enumerate(zip(items, nlp.pipe(map(_prepare, items)), strict=True)):
        unit_id = f"{paragraph_id}_{index}"
        results.append((list(_entities(sdoc, text, unit_id)), _clause(sdoc, unit_id)))
    return results
