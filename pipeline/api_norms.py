"""The norm tracker's Python verb (``pipeline.norms``), beside ``api.py`` (issue 22).

import pipeline
table = pipeline.norms(["A_RES_73_27.txt"], catalogues=["gge_2015.csv"])
table.to_frame()          # one row per (norm, document, paragraph)
table.reports[0].to_dict()  # the JSON object of one input
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from pipeline.document import Document
from pipeline.errors import NormtraceError

if TYPE_CHECKING:
    from pipeline.compare.norms import NormIndex, NormsReport, Similarity
    from pipeline.compare.norms_track import NormsTable
    from pipeline.ingest.catalogue import Catalogue

Source = str | os.PathLike[str] | Document
Path_ = str | os.PathLike[str]


class NoCatalogueError(NormtraceError):
    """No catalogue given could be read, so there is nothing to track."""


def read_catalogues(paths: Iterable[Path_]) -> tuple[list[Catalogue], list[str]]:
    """Read each catalogue; a malformed one is a problem line and the rest go on."""
    from pipeline.ingest.catalogue import load_catalogue

    catalogues, problems = [], []
    for path in paths:
        try:
            catalogues.append(load_catalogue(os.fspath(path)))
        except NormtraceError as err:
            problems.append(str(err))
    return catalogues, problems


def build_index(catalogues: Sequence[Catalogue]) -> NormIndex:
    """The matcher's index of the catalogues' norms."""
    from pipeline.compare.norms import NormIndex

    return NormIndex.build([(c.name, [(n.norm_id, n.text) for n in c.norms]) for c in catalogues])


def norm_report(source: Source, index: NormIndex, **strategies: Similarity | None) -> NormsReport:
    """One input against the index (``compare.norms.match_document``).

    Raises:
        NormtraceError: The file cannot be read, or it has no paragraph.
    """
    from pipeline.compare.norms import match_document
    from pipeline.errors import BrokenDocumentError
    from pipeline.ingest import load_document

    doc = source if isinstance(source, Document) else load_document(os.fspath(source))
    if not any(p.text.strip() for p in doc.paragraphs):
        raise BrokenDocumentError(doc.source or str(source), "no paragraphs to match")
    return match_document(doc, index, **strategies)  # type: ignore[arg-type]


def tracker(reports: Sequence[NormsReport], catalogues: Sequence[Catalogue]) -> NormsTable:
    """The norm x document table of some reports."""
    from pipeline.compare.norms_track import track

    return track(reports, [(n.norm_id, n.label) for c in catalogues for n in c.norms])


def norms(
    sources: Iterable[Source] | Source,
    *,
    catalogues: Iterable[Path_] | Path_,
    similarity: Similarity | None | str = "tfidf",
) -> NormsTable:
    """Follow each norm of the catalogues through the documents (``normtrace norms``).

    Args:
        sources: Files or Documents (one, or several).
        catalogues: Catalogue CSV files (one, or several; columns as
            ``../shared/norms/README.md``).
        similarity: The paraphrase strategy: "tfidf" (default), None for the lexical
            rules alone, or a function of (paragraph texts, norm sentences).

    Returns:
        The NormsTable: ``reports`` (one per input, by date, each with ``to_dict()``),
        ``rows`` and ``to_frame()`` (one row per norm, document and paragraph).

    Raises:
        NormtraceError: A catalogue is malformed, or an input cannot be read or has no
            paragraph (the first problem found).
    """
    from pipeline.compare.norms_text import tfidf_similarity

    paths = [catalogues] if isinstance(catalogues, (str, os.PathLike)) else list(catalogues)
    cats, problems = read_catalogues(paths)
    if problems:
        raise NoCatalogueError(problems[0])
    if not cats:
        raise NoCatalogueError("no catalogue given")
    many = [sources] if isinstance(sources, (str, os.PathLike, Document)) else list(sources)
    strategy = tfidf_similarity if similarity == "tfidf" else similarity
    if isinstance(strategy, str):
        raise ValueError(f"unknown similarity {similarity!r}")
    index = build_index(cats)
    reports = [norm_report(s, index, similarity=strategy) for s in many]
    return tracker(reports, cats)
