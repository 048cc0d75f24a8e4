"""Export the corpus store as pandas-ready files, and compare two stores' contents."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.corpus.store import TABLES, Store
from pipeline.document import cite
from pipeline.report.output import open_output, output_path
from pipeline.report.records import write_frame_csv

FORMATS = ("parquet", "csv")


def export_tables(store: Store, fmt: str, out: str | Path, *, bom: bool = False) -> list[Path]:
    """Write every table of the store to ``out/<table>.<fmt>``.

    Args:
        store: An open corpus store.
        fmt: "parquet" (pyarrow) or "csv" (``records.write_csv``: UTF-8, a header, CRLF
            rows, integers kept integer; a text cell that a spreadsheet would run as a
            formula (=, +, -, @ first) gets a leading apostrophe). Parquet keeps the
            text as it is. The documents' distribution ("Distr.") date is
            ``distribution_date``, beside ``adoption_date`` and ``sort_date`` (the
            first known of them), as in search hits and lineage; an entity's own date
            (a DATE entity's day) is ``entity_date``. Paragraphs carry their ``cite``
            (OP3(a)) beside their ``paragraph_id``.
        out: The folder (created if missing).
        bom: CSV: start each file with a UTF-8 byte order mark (for Excel).

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
        if name == "documents":  # never a bare "date": it is the distribution date
            frame = frame.rename(columns={"date": "distribution_date"})
        elif name == "entities":  # nor an entity's date under that name
            frame = frame.rename(columns={"date": "entity_date"})
        elif name == "paragraphs":  # each paragraph in its version's language (issue 23)
            languages = store.query("SELECT doc_id, language FROM documents")
            frame = frame.merge(languages, on="doc_id", how="left")
            frame.insert(
                list(frame.columns).index("paragraph_id") + 1,
                "cite",
                [cite(i) for i in frame["paragraph_id"]],
            )
        target = out / f"{name}.{fmt}"
        if fmt == "parquet":
            with output_path(target) as temporary:
                frame.to_parquet(temporary, engine="pyarrow", index=False)
        else:
            with open_output(target, "csv", bom=bom) as fp:
                write_frame_csv(frame, fp)
        written.append(target)
    return written


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
