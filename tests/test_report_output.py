"""The one output layer: format from the -o name, safe replacement, clean text, one CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd
import pytest

from pipeline.report.output import (
    FormatError,
    choose_format,
    clean_text,
    open_output,
    output_path,
)
from pipeline.report.records import dumps_json, write_csv, write_frame_csv

TEXTS = ["json", "md", "html", "csv"]


@pytest.mark.parametrize(
    ("fmt", "output", "expected"),
    [
        (None, None, "json"),  # nothing said: the default
        (None, "out.html", "html"),  # the extension decides
        (None, "OUT.MD", "md"),  # in any case
        (None, "out.jsonl", "json"),  # JSON Lines is JSON
        ("csv", None, "csv"),  # --format alone
        ("md", "out.md", "md"),  # both, agreeing
        ("md", "notes.txt", "md"),  # .txt is a neutral text file
        (None, "notes.txt", "json"),  # ... and names no format here (no text format)
        ("html", "report", "html"),  # no extension: --format
        (None, "-", "json"),  # standard output
    ],
)
def test_choose_format(fmt: str | None, output: str | None, expected: str) -> None:
    path = Path(output) if output else None
    assert choose_format(fmt, path, TEXTS) == expected


def test_txt_means_text_where_the_command_has_text() -> None:
    assert choose_format(None, Path("a.txt"), ["json", "text"]) == "text"


@pytest.mark.parametrize(
    ("fmt", "output", "named"),
    [
        ("csv", "out.json", ["csv", "out.json"]),  # a contradiction names both
        (None, "out.xlsx", ["xlsx", "json, md, html, csv"]),  # a format it cannot write
        (None, "out.docx", [".docx", "--format"]),  # an extension naming no format
        ("xlsx", None, ["xlsx"]),  # a format it cannot write
    ],
)
def test_format_errors_name_what_disagrees(
    fmt: str | None, output: str | None, named: list[str]
) -> None:
    with pytest.raises(FormatError) as caught:
        choose_format(fmt, Path(output) if output else None, TEXTS)
    for word in named:
        assert word in str(caught.value)


def test_a_failed_write_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), open_output(target, "json") as fp:
        fp.write("half")
        raise RuntimeError("the writer failed")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary left


def test_a_finished_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    with open_output(target, "json") as fp:
        fp.write("new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640


def test_output_path_keeps_the_extension_for_writers_that_read_it(tmp_path: Path) -> None:
    target = tmp_path / "t.xlsx"
    with output_path(target) as temporary:
        assert temporary.suffix == ".xlsx" and temporary.parent == tmp_path
        temporary.write_bytes(b"x")
    assert target.read_bytes() == b"x"


def test_a_full_device_raises_oserror() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with pytest.raises(OSError), open_output(Path("/dev/full"), "json") as fp:
        fp.write("x" * 10000)


def test_clean_text_drops_controls_but_tab_and_newline() -> None:
    # ESC [31m would colour a terminal; \x85 is C1 NEL; \x07 rings the bell.
    assert clean_text("a\x1b[31mb\x07c\x85d\te\r\nf\rg") == "a[31mbcd\te\nf\ng"


def test_markdown_and_terminal_text_lose_controls(tmp_path: Path) -> None:
    target = tmp_path / "x.md"
    with open_output(target, "md") as fp:
        fp.write("title\x1b]0;owned\x07 \x9b2J end\n")
    assert target.read_text(encoding="utf-8") == "title]0;owned 2J end\n"


def test_json_escapes_c1_and_stays_valid() -> None:
    text = dumps_json({"t": "a\x85b\x1bc"})
    assert "\x85" not in text and "\x1b" not in text
    assert json.loads(text) == {"t": "a\x85b\x1bc"}


def _csv(write: object) -> str:
    buffer = io.StringIO(newline="")
    write(buffer)  # type: ignore[operator]
    return buffer.getvalue()


def test_csv_is_rfc_4180_with_guarded_cells() -> None:
    rows = [{"a": "=1+1", "b": "line\r\nbreak", "c": None}, {"a": "x\x1by", "b": 3, "c": 1.5}]
    text = _csv(lambda fp: write_csv(rows, ["a", "b", "c"], fp))
    assert text.count("\r\n") == 3  # one line ending: header and two rows
    assert "\n" not in text.replace("\r\n", "").replace('"line\nbreak"', "")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert parsed == [["a", "b", "c"], ["'=1+1", "line\nbreak", ""], ["xy", "3", "1.5"]]


def test_integer_columns_stay_integer_where_a_value_is_missing() -> None:
    frame = pd.DataFrame({"session": [79, None], "similarity": [1.0, 0.5], "id": [3, 4]})
    assert frame["session"].dtype.kind == "f"  # what pandas does with a missing value
    text = _csv(lambda fp: write_frame_csv(frame, fp))
    assert text.split("\r\n")[1:3] == ["79,1.0,3", ",0.5,4"]


def test_bom_for_excel(tmp_path: Path) -> None:
    target = tmp_path / "t.csv"
    with open_output(target, "csv", bom=True) as fp:
        write_csv([["→ “quoted”"]], ["x"], fp)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfx\r\n")
    assert "→ “quoted”" in data.decode("utf-8-sig")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("\r=1+1", "'\n=1+1"),  # a CR is a control character, and the formula still guarded
        ("\n=1+1", "'\n=1+1"),  # a formula after a line break
        ("  +1", "'  +1"),  # after spaces
        ("a\x1bb", "ab"),  # an escape sequence's ESC dropped
        ("plain - text", "plain - text"),  # a dash inside is no formula
        (79, 79),  # numbers stay numbers
        (None, ""),
    ],
)
def test_csv_cell(value: object, cell: object) -> None:
    from pipeline.report.records import csv_cell

    assert csv_cell(value) == cell
