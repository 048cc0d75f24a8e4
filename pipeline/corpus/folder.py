"""Diff a whole folder: match each draft to the resolution it became, one report per pair.

``diff_folder(folder, out)`` reads every PDF and text file of a folder (one line on
stderr for each bad file, and the rest goes on), pairs drafts with resolutions by
``match_versions``, writes one report per pair and ``summary.csv`` with one row per
pair. A report that exists is kept unless ``force``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from pipeline.compare.diff import compare, select_changes
from pipeline.compare.pairs import match_versions
from pipeline.document import Document
from pipeline.errors import NormtraceError

_SUFFIXES = (".pdf", ".txt")


def _file_name(doc: Document, path: Path) -> str:
    return re.sub(r"[^\w.-]+", "_", doc.symbol or path.stem)


Progress = Callable[[Sequence[Path], str], Iterable[Path]]


def _quiet(items: Sequence[Path], label: str) -> Iterable[Path]:
    return items


def _read(
    paths: list[Path],
    fail: Callable[[str], None],
    progress: Progress,
    load: Callable[[Path], Document] | None,
) -> tuple[list[tuple[Path, Document]], int]:
    """Load each file once per symbol (the first file of a symbol wins)."""
    from pipeline.ingest import load_document

    load = load or load_document
    documents: list[tuple[Path, Document]] = []
    seen: set[str] = set()
    failed = 0
    for path in progress(paths, "reading"):
        try:
            doc = load(path)
        except NormtraceError as err:
            fail(str(err))
            failed += 1
            continue
        key = doc.symbol or str(path)
        if key not in seen:
            seen.add(key)
            documents.append((path, doc))
    return documents, failed


def diff_folder(
    folder: Path,
    out: Path,
    *,
    fmt: str = "html",
    only: str | None = None,
    force: bool = False,
    fail: Callable[[str], None] = print,
    note: Callable[[str], None] | None = None,
    progress: Progress = _quiet,
    load: Callable[[Path], Document] | None = None,
    bom: bool = False,
) -> int:
    """Pair the drafts of a folder with their resolutions and write a report for each.

    Args:
        folder: A folder of PDF and text files (drafts and resolutions).
        out: Folder for the reports and ``summary.csv`` (made if missing).
        fmt: Report format: html, md, json, csv or xlsx.
        only: Keep only "substantive" or "editorial" changes in the reports.
        force: Overwrite reports that exist.
        fail: Called with one line for each file that could not be read or written.
        note: Called with one line for each draft or resolution left without a pair.
        progress: Wraps the files as they are read (a progress bar on a terminal).
        load: Reads one file into a Document (default ``ingest.load_document``; the
            command passes one that reads within a time and memory budget).
        bom: CSV files (``summary.csv``, csv reports) start with a UTF-8 byte order mark.

    Returns:
        How many files failed.

    Raises:
        NormtraceError: The folder holds no draft or no resolution.
    """
    from pipeline.report.output import open_output
    from pipeline.report.tables import SUMMARY_COLUMNS, summary_row, write_rows
    from pipeline.report.writers import write_diff_report

    if not folder.is_dir():
        raise NormtraceError(f"{folder}: {'not a folder' if folder.exists() else 'no such folder'}")
    paths = sorted(p for p in folder.iterdir() if p.suffix.lower() in _SUFFIXES and p.is_file())
    documents, failed = _read(paths, fail, progress, load)
    drafts = [(p, d) for p, d in documents if d.doc_type == "draft"]
    resolutions = [(p, d) for p, d in documents if d.symbol and "/RES/" in d.symbol]
    if not drafts or not resolutions:
        raise NormtraceError(
            f"{folder}: needs drafts and resolutions; found {len(drafts)} and {len(resolutions)}"
        )
    pairs = match_versions([d for _, d in drafts], [d for _, d in resolutions])
    _name_unpaired(drafts, resolutions, pairs, note or fail)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:  # -o under a file was a NotADirectoryError traceback
        raise NormtraceError(f"{out}: cannot make the folder ({err.strerror or err})") from None
    rows = []
    for i, j, _ in pairs:
        (old_path, old), (new_path, new) = drafts[i], resolutions[j]
        report = compare(old, new)
        target = out / f"{_file_name(old, old_path)}__{_file_name(new, new_path)}.{fmt}"
        rows.append(summary_row(report, target.name))
        if target.exists() and not force:
            fail(f"{target}: exists (use --force to overwrite)")
            failed += 1
            continue
        try:
            chosen = select_changes(report, significance=only) if only else report
            write_diff_report(chosen, fmt, target, bom=bom)
        except OSError as err:
            fail(f"{target}: {err.strerror or err}")
            failed += 1
    try:
        with open_output(out / "summary.csv", "csv", bom=bom) as fp:
            write_rows(rows, SUMMARY_COLUMNS, fp)
    except OSError as err:
        raise NormtraceError(f"{out / 'summary.csv'}: {err.strerror or err}") from None
    return failed


def _name_unpaired(
    drafts: list[tuple[Path, Document]],
    resolutions: list[tuple[Path, Document]],
    pairs: list[tuple[int, int, float]],
    note: Callable[[str], None],
) -> None:
    """One line for each draft and resolution that ``match_versions`` left without a pair."""
    paired_drafts = {i for i, _, _ in pairs}
    paired_resolutions = {j for _, j, _ in pairs}
    for i, (path, doc) in enumerate(drafts):
        if i not in paired_drafts:
            note(f"{path}: draft {doc.symbol or path.name} matches no resolution; not compared")
    for j, (path, doc) in enumerate(resolutions):
        if j not in paired_resolutions:
            note(f"{path}: resolution {doc.symbol or path.name} matches no draft; not compared")
