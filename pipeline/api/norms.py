"""The norm tracker's Python verb (``pipeline.norms``; issue 22).

import pipeline
table = pipeline.norms(["A_RES_73_27.txt"], catalogues=["gge_2015.csv"])
table.to_frame()          # one row per (norm, document, paragraph)
table.reports[0].to_dict()  # the JSON object of one input
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

from pipeline.document import Document

if TYPE_CHECKING:
    from pipeline.compare.norms import Similarity
    from pipeline.compare.norms_track import NormsTable

Source = str | os.PathLike[str] | Document
Path_ = str | os.PathLike[str]


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
    from pipeline.research.norms import (
        NoCatalogueError,
        build_index,
        norm_report,
        read_catalogues,
        tracker,
    )

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
