"""The Python face of normtrace: one function per command, returning what it prints.

``import pipeline`` loads none of this until a verb is used (``pipeline.__getattr__``)::

    import pipeline
    report = pipeline.diff("A_RES_73_27.txt", "A_RES_73_266.txt")
    report.to_frame()            # one row per change, as `normtrace diff --format csv`

Every verb takes paths or already loaded Documents, raises a ``NormtraceError`` for bad
input, and returns the objects the CLI serialises (each with ``to_dict()``; tables also
with ``to_frame()``).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.document import DiffReport, Document

if TYPE_CHECKING:
    from pipeline.api.results import Result
    from pipeline.compare.languages import LanguageReport
    from pipeline.compare.mandate import MandateTable
    from pipeline.research.positions import PositionTable
    from pipeline.research.votes import Tally

Source = str | os.PathLike[str] | Document


def load_document(path: str | os.PathLike[str], *, engine: str = "pdfium") -> Document:
    """Read a PDF or text file into a Document (``normtrace ingest``).

    Args:
        path: The file.
        engine: PDF text engine, "pdfium" (fast) or "pdfplumber" (reference).

    Returns:
        The document: metadata, paragraphs with numbering and pages, footnotes.
    """
    from pipeline.ingest import load_document as load

    return load(Path(path), engine=engine)


def _document(source: Source, db: str | os.PathLike[str] | None = None) -> Document:
    """A Document as given, read from a file, or (with ``db``) a symbol in a store."""
    if isinstance(source, Document):
        return source
    if db is not None and not Path(source).exists():  # as `diff OLD NEW --db STORE`
        from pipeline.api.corpus import _open
        from pipeline.corpus.resolve import resolve_symbol

        with _open(db) as store:
            return store.load_document(resolve_symbol(store, str(source)))
    return load_document(source)


def extract(source: Source, *, model: str | None = None) -> Document:
    """Find entities and clauses in a document (``normtrace extract``).

    Args:
        source: A file or a Document.
        model: An installed spaCy pipeline to run first (e.g. "en_core_web_sm").

    Returns:
        The document with ``entities`` and ``clauses``.
    """
    from pipeline.nlp.extract import default_nlp, extract_document

    return extract_document(_document(source), default_nlp(model))


def diff(
    old: Source, new: Source, *, db: str | os.PathLike[str] | None = None, **strategies: Any
) -> DiffReport:
    """Compare two documents paragraph by paragraph (``normtrace diff``).

    Named after the command: ``pipeline.compare`` is the compare stage's package.

    Args:
        old: The earlier text (file or Document; with ``db``, a symbol: "73/27").
        new: The later text.
        db: A corpus store where ``old`` and ``new`` that are not files are looked up,
            in any spelling (A/RES/73/27, 73/27, a file name), as ``diff --db``.
        **strategies: Passed on to ``pipeline.compare.compare`` (thresholds, scorer ...).

    Returns:
        The DiffReport: changes with kind, redline, flags, significance and citations,
        the summary, and the passages shared beyond aligned pairs (``overlaps``).
    """
    from pipeline.compare import compare as run

    return run(_document(old, db), _document(new, db), **strategies)


def overlap(old: Source, new: Source, *, db: str | os.PathLike[str] | None = None) -> MandateTable:
    """The mandate-element table of two texts (``normtrace overlap``; ``db`` as in ``diff``).

    Returns:
        Each element of each text's mandate paragraphs, found in the other text
        verbatim, reworded, partly or not at all (``to_frame()`` for a table).
    """
    from pipeline.compare.mandate import mandate_table

    return mandate_table(_document(old, db), _document(new, db))


def build_corpus(
    root: str | os.PathLike[str], db: str | os.PathLike[str], **options: Any
) -> Result:
    """Build or update a searchable store of a corpus folder (``normtrace corpus build``).

    Args:
        root: The corpus folder.
        db: The SQLite store (created if missing).
        **options: ``jobs``, ``scheduler``, ``force``, ``prune`` ... as ``corpus.batch.build``.

    Returns:
        What the build did (``result.value``, a BuildStats: files read, skipped, failed,
        removed; ``result.parsed`` ...); ``to_frame()`` one row, ``to_dict()`` all of it.
    """
    from dataclasses import asdict

    from pipeline.api.results import Result
    from pipeline.corpus.batch import build

    stats = build(Path(root), Path(db), **options)
    row = {k: v for k, v in asdict(stats).items() if k != "failures"}
    return Result(stats, [row])


def tally(resolution: str, *, votes: str | os.PathLike[str] | None = None) -> Tally:
    """Count the votes on one resolution (``normtrace votes tally``).

    Args:
        resolution: "A/RES/73/27" or "73/27".
        votes: A votes CSV; default: the one in the votes folder (../shared/votes).

    Returns:
        The Tally (yes, no, abstain, non-voting; ``to_frame()`` as a one-row table).
    """
    from pipeline.research.votes import load_default_votes, normalise_resolution
    from pipeline.research.votes import tally as count

    return count(load_default_votes(votes), normalise_resolution(resolution))


def positions(sources: Iterable[Source] | Source) -> PositionTable:
    """Where each State stands on the contested questions (``normtrace positions``).

    Args:
        sources: Statement files or Documents (one, or several).

    Returns:
        The PositionTable: per state and question, the side and its evidence.
    """
    from pipeline.research.positions import extract_positions

    many: Sequence[Source] = (
        [sources] if isinstance(sources, (str, os.PathLike, Document)) else list(sources)
    )
    return extract_positions(_document(s) for s in many)


def languages(sources: Iterable[Source]) -> LanguageReport:
    """The language versions of one document checked against each other (``normtrace languages``).

    Args:
        sources: Two or more versions (files or Documents) of one document.

    Returns:
        The LanguageReport: paragraphs aligned across the versions, each with the
        problems found in any version (missing, extra, numbering, number, symbol, date,
        modality, footnote).

    Raises:
        NormtraceError: A file cannot be read, two versions share a language, or the
            sources are not versions of one document.
    """
    from pipeline.compare.languages import LanguageVersionsError
    from pipeline.research.languages import language_reports

    reports, problems = language_reports(sources)
    if problems:
        raise LanguageVersionsError(problems[0])
    if len(reports) != 1:
        symbols = ", ".join(r.symbol or "?" for r in reports)
        raise LanguageVersionsError(
            f"the sources are versions of {len(reports)} documents: {symbols}"
        )
    return reports[0]
