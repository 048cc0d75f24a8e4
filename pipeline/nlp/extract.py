"""Run the spaCy pipeline over a Document and return it with entities and clauses.

spaCy objects stay in this module: each paragraph's ``Doc`` becomes ``Entity`` and
``Clause`` dataclasses here. Entity offsets are character offsets into the paragraph's
text (``paragraph.text[e.start:e.end] == e.text``). Footnotes are read too; their
entities carry ``paragraph_id`` "footnote_<marker>" and offsets into the footnote text.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.document import Clause, Document, Entity, Topic
from pipeline.limits import collector_paused
from pipeline.nlp.components import DOMAIN_LABELS
from pipeline.nlp.gazetteer import with_short_forms
from pipeline.nlp.language import build_nlp

FOOTNOTE_PREFIX = "footnote_"
# Whitespace other than a plain space becomes a space of the same length, so offsets
# stay valid and a name broken over a line ("Iran (Islamic\nRepublic of)") still matches.
_ODD_SPACE = re.compile(r"[\t\n\r\f\v\u00a0\u2028\u2029]")
_NO_CLAUSE_KINDS = frozenset({"heading"})
# Texts per nlp.pipe batch: the topic model scores a batch at once, with a fixed cost
# per batch (bench/nlp_bench.py).
BATCH_SIZE = 256


@cache
def default_nlp(model: str | None = None) -> Language:
    """Return a pipeline built once per process by ``build_nlp(model)``."""
    return build_nlp(model)


def _prepare(text: str) -> str:
    return _ODD_SPACE.sub(" ", text)


def _entities(sdoc: Doc, text: str, paragraph_id: str) -> Iterator[Entity]:
    for span in sdoc.ents:
        # ``span._`` is made anew at each use: made once, its three attributes cost a
        # third of what they did.
        ext, label = span._, span.label_
        start, end = ext.nt_start, ext.nt_end
        start = span.start_char if start is None else start
        end = span.end_char if end is None else end
        norm_id = span.kb_id_ or None if label in DOMAIN_LABELS else None
        yield Entity(
            text=text[start:end],
            label=label,
            start=start,
            end=end,
            paragraph_id=paragraph_id,
            norm_id=norm_id,
            date=ext.nt_date,
        )


def _clause(sdoc: Doc, paragraph_id: str) -> Clause:
    found = sdoc._.nt_clause or {}
    return Clause(
        paragraph_id=paragraph_id,
        verb=found.get("verb"),
        strength=found.get("strength"),
        modality=found.get("modality"),
        topics=tuple(Topic(name, score) for name, score in found.get("topics", ())),
    )


def _units(doc: Document) -> list[tuple[str, str]]:
    """Every text to read, as (id, text): paragraphs, then footnotes."""
    units = [(p.id, p.text) for p in doc.paragraphs]
    units += [(f"{FOOTNOTE_PREFIX}{f.marker}", f.text) for f in doc.footnotes]
    return units


Reading = tuple[list[Entity], Clause]
_WORKER_NLP: Language | None = None  # the pipeline a forked worker inherits


def _read(
    units: Sequence[tuple[str, str]], nlp: Language, batch_size: int, n_process: int = 1
) -> list[Reading]:
    pieces = [
        (i, offset, piece)
        for i, (_, text) in enumerate(units)
        for offset, piece in _pieces(text, nlp.max_length)
    ]
    texts = (_prepare(piece) for _, _, piece in pieces)
    if len(pieces) > len(units):  # pieces of a million characters: one Doc at a time
        batch_size = 1
    sdocs = nlp.pipe(texts, batch_size=batch_size, n_process=n_process)
    readings: list[Reading] = []
    for (i, offset, piece), sdoc in zip(pieces, sdocs, strict=True):
        unit_id = units[i][0]
        found = [
            dataclasses.replace(e, start=e.start + offset, end=e.end + offset) if offset else e
            for e in _entities(sdoc, piece, unit_id)
        ]
        if offset:  # a later piece of an over-long text: its entities only
            readings[-1][0].extend(found)
        else:
            readings.append((found, _clause(sdoc, unit_id)))
    return readings


def _pieces(text: str, limit: int) -> Iterator[tuple[int, str]]:
    """A text as (offset, piece) pairs of at most ``limit`` characters.

    spaCy refuses a text over ``nlp.max_length`` (1,000,000 characters; issue 13, item
    11: a 20 MB single line). No UN paragraph comes near it, so such a text is read in
    pieces cut at the last space before the limit (or at the limit); entities keep
    offsets into the whole text, and the clause is the first piece's (where the
    operative verb is).
    """
    if len(text) <= limit:
        yield 0, text
        return
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind(" ", start + limit // 2, end)
            end = cut + 1 if cut > 0 else end
        yield start, text[start:end]
        start = end


def _read_in_worker(units: Sequence[tuple[str, str]], batch_size: int) -> list[Reading]:
    assert _WORKER_NLP is not None
    return _read(units, _WORKER_NLP, batch_size)


def read_units(
    units: Sequence[tuple[str, str]],
    nlp: Language,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
) -> list[Reading]:
    """Read (id, text) pairs into (entities, clause) pairs, in order.

    With ``n_process`` > 1 the texts go to forked worker processes that inherit ``nlp``
    and send back our dataclasses. spaCy's own ``nlp.pipe(n_process=...)`` sends each
    ``Doc`` back as msgpack, and srsly looks its msgpack hooks up in catalogue's whole
    registry on every such call, which makes it slower than one process (models/
    MODEL_CARD.md, "Speed"). Where "fork" is not available, ``nlp.pipe(n_process=...)``
    is used after all.

    A text that occurs more than once (a paragraph repeated in a document) is read
    once, and each copy gets that reading under its own id: what the pipeline finds
    in a text depends on the text alone, and one mandate paragraph 2,200 times in a
    document was read 2,200 times (issue 27).
    """
    first: dict[str, int] = {}  # text -> index of its first unit in ``distinct``
    distinct: list[tuple[str, str]] = []
    for unit_id, text in units:
        if first.setdefault(text, len(distinct)) == len(distinct):
            distinct.append((unit_id, text))
    readings = _read_distinct(distinct, nlp, batch_size, n_process)
    if len(distinct) == len(units):
        return readings
    return [_reading_as(readings[first[text]], unit_id) for unit_id, text in units]


def _reading_as(reading: Reading, unit_id: str) -> Reading:
    """A copy's reading: its text's, with the copy's id on entities and clause."""
    found, clause = reading
    if clause.paragraph_id == unit_id:  # the copy that was read
        return reading
    entities = [dataclasses.replace(e, paragraph_id=unit_id) for e in found]
    return entities, dataclasses.replace(clause, paragraph_id=unit_id)


def _read_distinct(
    units: Sequence[tuple[str, str]], nlp: Language, batch_size: int, n_process: int
) -> list[Reading]:
    """``read_units`` on texts that are all different: in this process or in forks."""
    if n_process <= 1 or len(units) < 2:
        return _read(units, nlp, batch_size)
    if "fork" not in multiprocessing.get_all_start_methods():
        return _read(units, nlp, batch_size, n_process)
    global _WORKER_NLP
    _WORKER_NLP = nlp
    size = max(1, -(-len(units) // (n_process * 4)))
    chunks = [units[i : i + size] for i in range(0, len(units), size)]
    context = multiprocessing.get_context("fork")
    try:
        with ProcessPoolExecutor(n_process, mp_context=context) as pool:
            parts = pool.map(_read_in_worker, chunks, [batch_size] * len(chunks))
            return [reading for part in parts for reading in part]
    finally:
        _WORKER_NLP = None


def extract_document(
    doc: Document,
    nlp: Language | None = None,
    *,
    batch_size: int = BATCH_SIZE,
    n_process: int = 1,
) -> Document:
    """Find entities and clauses in every paragraph (and footnote) of a document.

    Args:
        doc: A document from ``pipeline.ingest.load_document``.
        nlp: A pipeline from ``build_nlp``; by default a blank English one, built once.
        batch_size: Texts per batch for ``nlp.pipe``.
        n_process: Processes to read the texts in (see ``read_units``).

    Returns:
        ``dataclasses.replace(doc, entities=..., clauses=...)``: entities in reading
        order, one clause per paragraph that is not a heading (none for footnotes).
    """
    nlp = nlp or default_nlp()
    with collector_paused():  # the Docs and entities of a text hold no cycle
        units = _units(doc)
        readings = read_units(units, nlp, batch_size=batch_size, n_process=n_process)
        # A body named in full, then short in a later paragraph: the same body (issue 24).
        entities = with_short_forms(units, [entity for found, _ in readings for entity in found])
        clauses = [
            clause
            for paragraph, (_, clause) in zip(doc.paragraphs, readings, strict=False)
            if paragraph.kind not in _NO_CLAUSE_KINDS
        ]
        return dataclasses.replace(doc, entities=tuple(entities), clauses=tuple(clauses))


def extract_texts(
    texts: Iterable[str],
    nlp: Language | None = None,
    *,
    paragraph_id: str = "text",
    n_process: int = 1,
) -> list[Reading]:
    """Read loose texts (no Document): entities and clause for each, in order.

    Args:
        texts: Paragraph texts.
        nlp: A pipeline from ``build_nlp``; by default a blank English one.
        paragraph_id: Prefix of the ids given to the texts ("text_0", "text_1", ...).
        n_process: Processes to read the texts in (see ``read_units``).

    Returns:
        One (entities, clause) pair per text.
    """
    units = [(f"{paragraph_id}_{i}", text) for i, text in enumerate(texts)]
    with collector_paused():
        return read_units(units, nlp or default_nlp(), n_process=n_process)
