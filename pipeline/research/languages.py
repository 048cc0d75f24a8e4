"""The language versions among a set of files, grouped by document and checked together.

``language_reports(sources)`` reads each file, groups the versions by symbol and runs
``compare.languages.compare_languages`` on each group of two or more; what cannot be
compared (a file that cannot be read, a second version in one language, a document
given in one language only) is a problem line, and the rest goes on. ``normtrace
languages`` and ``pipeline.languages`` both call it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from pipeline.compare.languages import LanguageReport, compare_languages, version_language
from pipeline.document import Document
from pipeline.errors import NormtraceError
from pipeline.ingest import load_document

Source = str | os.PathLike[str] | Document


def language_reports(sources: Iterable[Source]) -> tuple[list[LanguageReport], list[str]]:
    """Compare the language versions of each document among the sources.

    The sources are grouped by document symbol; each group of two or more versions
    gives one report. A source that cannot be read, a second version in a language
    already given, or the only version of its document gives one problem line
    ("FILE: reason") instead, and the rest goes on.

    Args:
        sources: Files or Documents, versions of one or more documents.

    Returns:
        (one LanguageReport per document in the order first given, problem lines).
    """
    problems: list[str] = []
    groups: dict[str | None, list[tuple[str, Document]]] = {}
    if isinstance(sources, (str, os.PathLike, Document)):  # one source, not a list of them
        sources = [sources]
    for source in sources:
        name = str(source.source if isinstance(source, Document) else source)
        try:
            doc = source if isinstance(source, Document) else load_document(Path(source))
        except NormtraceError as err:
            problems.append(str(err))
            continue
        key = doc.symbol.replace(" ", "") if doc.symbol else None
        group = groups.setdefault(key, [])
        first = next((n for n, d in group if version_language(d) == version_language(doc)), None)
        if first is not None:
            problems.append(
                f"{name}: a second version in language '{version_language(doc)}' "
                f"of {doc.symbol or 'the document'} (the first: {first})"
            )
            continue
        group.append((name, doc))
    reports = []
    for key, group in groups.items():
        if len(group) < 2:
            problems += [
                f"{name}: the only version of {key or 'its document'} given "
                f"({version_language(d)}); languages compares two or more"
                for name, d in group
            ]
            continue
        try:
            reports.append(compare_languages([doc for _, doc in group]))
        except NormtraceError as err:  # too large to align
            problems.append(f"{' and '.join(name for name, _ in group)}: {err}")
    return reports, problems
