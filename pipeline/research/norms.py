"""The norm tracker's steps over files (issue 22): read catalogues, read and match each
input, build the table. Shared by ``normtrace norms`` and ``pipeline.norms``.
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
