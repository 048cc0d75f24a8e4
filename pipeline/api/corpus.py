"""The Python verbs of the corpus commands: search, lineage, export, check, diff_folder,
fetch and serve (``pipeline.api`` has the others). Each returns what the command prints,
with ``to_dict()`` and ``to_frame()``; ``import pipeline`` loads them on first use.

A store is given as its path; a symbol may be typed as "A/RES/73/27", "73/27" or a
file name, as on the command line.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.api.results import Result, plain

if TYPE_CHECKING:
    from pipeline.corpus.store import Store

PathLike = str | os.PathLike[str]


def _open(db: PathLike) -> Store:
    from pipeline.corpus.store import Store, StoreError

    path = Path(db)
    if not path.is_file():
        raise StoreError(f"{path}: no such corpus store")
    return Store(path, readonly=True)


def search(query: str, db: PathLike, **filters: Any) -> Result:
    """Paragraphs that match plain words, best first (``normtrace corpus search``).

    Args:
        query: Plain words, every one of which must occur ("A/RES/73/27" also finds
            "73/27"); FTS5 syntax with ``fts=True``.
        db: The corpus store.
        **filters: ``fts``, ``symbol_prefix``, ``session``, ``kind``, ``entity``, ``limit``.

    Returns:
        The hits (``result.value``, a list of ``Hit``): ``to_dict()`` the JSON array,
        ``to_frame()`` one row per hit (symbol, paragraph_id, cite, dates, snippet, score).
    """
    from pipeline.corpus.search import COLUMNS, search_hits

    with _open(db) as store:
        hits = search_hits(store, query, **filters)
    return Result(hits, [h.to_dict() for h in hits], lambda: [h.to_dict() for h in hits], COLUMNS)


def lineage(symbol: str, db: PathLike) -> Result:
    """Where each paragraph of a document first appeared (``normtrace corpus lineage``).

    Args:
        symbol: "A/RES/80/16", "80/16", "a/res/80/16" or a stored file name.
        db: The corpus store (its reuse table built by ``build_corpus``).

    Returns:
        The rows (``result.value``, ``LineageRow`` in reading order): ``to_dict()`` as
        ``--format json``, ``to_frame()`` as ``--format csv`` (the first source flattened).

    Raises:
        StoreError: The store holds no such document (the nearest symbols are named).
    """
    from pipeline.corpus.lineage import lineage_records, trace_lineage
    from pipeline.corpus.resolve import resolve_symbol

    with _open(db) as store:
        found = resolve_symbol(store, symbol)
        rows = trace_lineage(store, found)
    return Result(rows, lineage_records(rows), lambda: [asdict(r) for r in rows])


def export(db: PathLike, out: PathLike, *, fmt: str = "parquet", bom: bool = False) -> Result:
    """Write every table of the store into a folder (``normtrace corpus export``).

    ``bom`` starts each CSV file with a UTF-8 byte order mark (for Excel).

    Returns:
        The files written (``result.value``); ``to_frame()`` one row per file.
    """
    from pipeline.corpus.export import export_tables

    with _open(db) as store:
        written = export_tables(store, fmt, Path(out), bom=bom)
    rows = [{"table": p.stem, "path": str(p)} for p in written]
    return Result(written, rows, lambda: {"files": [str(p) for p in written]})


def check_corpus(db: PathLike) -> Result:
    """Read every page and index of a store (``normtrace corpus check``).

    Returns:
        The problems found (``result.value``; empty for a sound store); ``to_dict()``
        as ``--format json`` (store, ok, problems).
    """
    from pipeline.corpus.faults import check_store

    problems = check_store(Path(db))
    payload = {"store": str(db), "ok": not problems, "problems": problems}
    return Result(problems, [{"problem": p} for p in problems], lambda: payload, ["problem"])


def diff_folder(
    folder: PathLike, out: PathLike, *, fmt: str = "html", only: str | None = None, **kw: Any
) -> Result:
    """Pair a folder's drafts with their resolutions and write one report per pair
    (``normtrace diff-folder``).

    Args:
        folder: Drafts and resolutions (PDF or text).
        out: Folder for the reports and summary.csv.
        fmt: html, md, json, csv or xlsx.
        only: "substantive" or "editorial" changes only.
        **kw: ``force`` (overwrite reports), ``fail`` and ``note`` (each gets one line
            per file that failed, or was left without a pair; default: ignored).

    Returns:
        The summary (one row per pair, as summary.csv); ``value`` is the number of
        files that failed.
    """
    import pandas as pd

    from pipeline.corpus.folder import diff_folder as run

    kw.setdefault("fail", lambda line: None)
    failed = run(Path(folder), Path(out), fmt=fmt, only=only, **kw)
    summary = Path(out) / "summary.csv"
    frame = pd.read_csv(summary, keep_default_na=False) if summary.is_file() else pd.DataFrame()
    rows = frame.to_dict("records")
    return Result(failed, rows, lambda: {"failed": failed, "pairs": plain(rows)})


def fetch(symbol: str, lang: str = "en", **options: Any) -> Result:
    """Download a document from the UN Official Document System (``normtrace fetch``).

    Returns:
        Where the cached file is (``result.path``) with its checksum and address.
    """
    from pipeline.corpus.fetch import fetch_document

    got = fetch_document(symbol, lang, **options)
    return Result(got, [plain(got)])


def serve(db: PathLike, *, host: str = "127.0.0.1", port: int = 8001, **options: Any) -> None:
    """Serve the store in Datasette until interrupted (``normtrace serve``)."""
    from pipeline.corpus.serve import serve_store

    serve_store(Path(db), host=host, port=port, **options)
