"""Export the corpus store as pandas-ready files, and compare two stores' contents."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.corpus.store import TABLES, Store
from pipeline.report.spreadsheet import safe_cell

FORMATS = ("parquet", "csv")


def export_tables(store: Store, fmt: str, out: str | Path) -> list[Path]:
    """Write every table of the store to ``out/<table>.<fmt>``.

    Args:
        store: An open corpus store.
        fmt: "parquet" (pyarrow) or "csv" (UTF-8, with a header). In CSV a text cell
            that a spreadsheet would run as a formula (=, +, -, @ first) is written with
            a leading apostrophe (``safe_cell``); Parquet keeps the text as it is.
        out: The folder (created if missing).

    Returns:
        The files written, in ``TABLES`` order.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, not {fmt!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TABLES:
        frame = store.table(name)
        target = out / f"{name}.{fmt}"
        if fmt == "parquet":
            frame.to_parquet(target, engine="pyarrow", index=False)
        else:
            # CRLF rows (RFC 4180): the csv module then quotes a cell holding a lone \r,
            # which with \n rows it writes bare, splitting the row for every reader.
            _as_text_cells(frame).to_csv(target, index=False, lineterminator="\r\n")
        written.append(target)
    return written


def _as_text_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell as a spreadsheet shows it as text (``safe_cell``)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    return out


def snapshot(store: Store) -> dict[str, pd.DataFrame]:
    """Every table with row ids replaced by natural keys, sorted: equal for equal content.

    Two builds of the same files give equal snapshots whatever order the files were
    written in (``doc_id`` and ``pid`` differ; path and paragraph index do not).
    """
    docs = store.table("documents")
    paths = dict(zip(docs["doc_id"], docs["path"], strict=True))
    paras = store.table("paragraphs")
    keys = {
        pid: f"{paths[doc]}#{idx}"
        for pid, doc, idx in zip(paras["pid"], paras["doc_id"], paras["idx"], strict=True)
    }
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLES:
        frame = store.table(name)
        if "doc_id" in frame:
            frame["doc_id"] = frame["doc_id"].map(paths)
        for column in ("target_doc", "source_doc"):
            if column in frame:
                frame[column] = frame[column].map(paths)
        for column in ("pid", "target_pid", "source_pid"):
            if column in frame:
                frame[column] = frame[column].map(keys)
        columns = list(frame.columns)
        tables[name] = frame.sort_values(columns).reset_index(drop=True)[columns]
    return tables
