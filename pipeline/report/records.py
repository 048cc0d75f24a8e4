"""The one CSV writer and the one JSON writer every command's tables go through.

CSV (RFC 4180): a header, then one row per record, every row ending in CRLF; a text
cell is cleaned of control characters and guarded against running as a spreadsheet
formula (``safe_cell``); an integer stays an integer (a session is 79, never 79.0,
even in a pandas column that a missing value made float). JSON: UTF-8 as is, slashes
unescaped, integers as integers, C1 control characters escaped.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TextIO

from pipeline.document import json_fields
from pipeline.report.output import clean_text, escape_c1
from pipeline.report.spreadsheet import safe_cell

if TYPE_CHECKING:
    import pandas as pd

LINE_END = "\r\n"


def csv_cell(value: object) -> object:
    """One value as a CSV (or XLSX) cell: text cleaned and made safe, floats tidied.

    None and NaN are empty; a float with no fraction in an integer column is left to
    ``write_frame_csv``, which knows the column.
    """
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    if isinstance(value, str):
        cleaned = clean_text(value)
        # Guarded when the text as given, or as cleaned ("\r=1" becomes "\n=1"), or after
        # its leading blanks, is one a spreadsheet would run.
        if safe_cell(value) != value or safe_cell(cleaned.lstrip()) != cleaned.lstrip():
            return "'" + cleaned
        return cleaned
    return value


def write_csv(
    rows: Iterable[Mapping[str, Any] | Sequence[Any]], columns: Sequence[str], fp: TextIO
) -> None:
    """Write a header and one CSV row per record (a mapping keyed by column, or a sequence).

    Args:
        rows: The records.
        columns: The header; a mapping's values are taken in this order.
        fp: A text stream opened with ``newline=""`` (``open_output`` does so).
    """
    writer = csv.writer(fp, lineterminator=LINE_END)
    writer.writerow(list(columns))
    for row in rows:
        values = [row.get(c) for c in columns] if isinstance(row, Mapping) else list(row)
        writer.writerow([csv_cell(v) for v in values])


def integer_columns(frame: pd.DataFrame) -> list[str]:
    """The float columns that hold integers and a missing value (pandas made them float)."""
    found = []
    for name in frame.columns:
        column = frame[name]
        if column.dtype.kind != "f" or not column.isna().any():
            continue
        present = column.dropna()
        if len(present) and bool((present == present.round()).all()):
            found.append(str(name))
    return found


def frame_records(frame: pd.DataFrame, *, index: bool = False) -> tuple[list[str], list[list[Any]]]:
    """A DataFrame's header and rows as plain values, its integer columns as ints.

    Args:
        frame: The table.
        index: Keep the index as the first column(s) (a cross-table's row labels).

    Returns:
        The column names and the rows.
    """
    if index:
        names = [str(n) if n is not None else "" for n in frame.index.names]
        frame = frame.reset_index()
        frame.columns = [*names, *map(str, frame.columns[len(names) :])]
    ints = set(integer_columns(frame))
    columns = [str(c) for c in frame.columns]
    rows = []
    for values in frame.itertuples(index=False, name=None):
        row = []
        for name, value in zip(columns, values, strict=True):
            if name in ints and isinstance(value, float) and not math.isnan(value):
                value = int(value)
            elif hasattr(value, "item"):  # numpy scalars to Python ones
                value = value.item()
            row.append(value)
        rows.append(row)
    return columns, rows


def write_frame_csv(frame: pd.DataFrame, fp: TextIO, *, index: bool = False) -> None:
    """Write a DataFrame through ``write_csv`` (integer columns kept integer).

    Args:
        frame: The table.
        fp: A text stream opened with ``newline=""``.
        index: Write the index as the first column(s).
    """
    columns, rows = frame_records(frame, index=index)
    write_csv(rows, columns, fp)


def dumps_json(payload: object, *, lines: bool = False) -> str:
    """``payload`` as JSON text: one compact line with ``lines``, else indented.

    Args:
        payload: JSON-ready data (dicts, lists, tuples, str, int, float, bool, None),
            document types among them written as their ``to_dict`` is.
        lines: One line (for JSON Lines) instead of two-space indentation.

    Returns:
        The text, ending in a newline.
    """
    if lines:
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"), default=json_fields)
    else:
        text = json.dumps(payload, ensure_ascii=False, indent=2, default=json_fields)
    return escape_c1(text) + "\n"


def write_json(payload: object, fp: TextIO, *, lines: bool = False) -> None:
    """Write ``payload`` with ``dumps_json``."""
    fp.write(dumps_json(payload, lines=lines))
