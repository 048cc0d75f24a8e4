"""Issue 27, item 5: names and links under a corpus root, and what a failed run leaves.

A name that is not UTF-8 aborted ``corpus build`` on every run; links out of the root
(to /etc/passwd, to a credentials file) were read, stored, searched and served; a name
holding a newline forged ``error:`` lines; ``ingest MISSING -o OLD`` emptied OLD.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hostile_cases import GOOD_RESOLUTION, run_cli

from pipeline.cli import cli
from pipeline.commands.options import one_line
from pipeline.corpus.files import NOT_UTF8, find_files_checked

BAD_NAME = os.fsdecode(b"bad\xff name.txt")  # not UTF-8: a byte the file system keeps
NEWLINE_NAME = "new\nerror: forged.txt"


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    """good.txt, a non-UTF-8 name, links in and out of the root, a newline in a name."""
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "good.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    (root / BAD_NAME).write_text(GOOD_RESOLUTION, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("The General Assembly,\n\n1. token 123\n", "utf-8")
    (root / "creds.txt").symlink_to(tmp_path / "secret.txt")
    (root / "passwd.txt").symlink_to("/etc/passwd")
    (root / "sub" / "inside.txt").symlink_to("../good.txt")  # stays inside: read
    (root / NEWLINE_NAME).write_bytes(b"\x00\x01 binary")
    return root


def test_names_and_links_are_sorted_out_before_reading(root: Path) -> None:
    files, problems = find_files_checked(root)
    escaped = "bad\\xff name.txt"
    assert escaped in files and problems[escaped] == NOT_UTF8
    assert problems["creds.txt"].startswith("a symbolic link out of the corpus root (to ")
    assert "/etc/passwd" in problems["passwd.txt"]
    assert "sub/inside.txt" not in problems and "good.txt" not in problems
    files, problems = find_files_checked(root, follow_links=True)
    assert set(problems) == {escaped}


def test_build_goes_on_and_names_each_file_in_one_line(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    run = run_cli(
        ["corpus", "build", str(root), "--db", str(db), "--jobs", "1", "--quiet"], tmp_path
    )
    assert run.code == 1 and "Traceback" not in run.stderr, run.stderr
    errors = run.errors()
    assert len(errors) == len(run.stderr.strip().splitlines()) == 4, run.stderr
    assert f"error: {root}/bad\\xff name.txt: {NOT_UTF8}" in errors
    assert any(line.startswith(f"error: {root}/new\\nerror: forged.txt: ") for line in errors)
    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("SELECT path FROM documents")}
        texts = " ".join(row[0] for row in conn.execute("SELECT text FROM paragraphs"))
    assert stored == {"good.txt", "sub/inside.txt"}
    assert "token 123" not in texts and "root:" not in texts
    again = run_cli(["corpus", "build", str(root), "--db", str(db), "--jobs", "1", "--quiet"],
                    tmp_path)  # fmt: skip
    assert again.code == 1 and len(again.errors()) == 4  # the same lines, nothing aborts


def test_follow_links_reads_files_behind_links(root: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    args = ["corpus", "build", str(root), "--db", str(db), "--jobs", "1", "--quiet"]
    run = run_cli([*args, "--follow-links"], tmp_path)
    assert "Traceback" not in run.stderr
    with sqlite3.connect(db) as conn:
        stored = {row[0] for row in conn.execute("SELECT path FROM documents")}
    assert "creds.txt" in stored


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a.txt\nerror: b.txt: forged", "a.txt\\nerror: b.txt: forged"),  # a newline
        ("x\x1b]52;c;aGk=\x07.txt", "x\\x1b]52;c;aGk=\\x07.txt"),  # OSC 52 (clipboard)
        (os.fsdecode(b"\xff\xfe.txt"), "\\xff\\xfe.txt"),  # bytes that are not UTF-8
        ("caf\u00e9 d\u00e9cision.txt: reason", "caf\u00e9 d\u00e9cision.txt: reason"),  # kept
    ],
)
def test_the_error_line_is_one_printable_line(text: str, shown: str) -> None:
    assert one_line(text) == shown


def test_a_newline_in_a_name_forges_no_error_line(tmp_path: Path) -> None:
    bad = tmp_path / "a.txt\nerror: forged.txt"
    bad.write_bytes(b"")
    result = CliRunner().invoke(cli, ["ingest", str(bad), "--no-budget"])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "\\nerror: forged.txt" in result.stderr


def test_a_failed_ingest_leaves_the_output_as_it_was(tmp_path: Path) -> None:
    old = tmp_path / "old.json"
    old.write_text("what was there\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "MISSING.txt"), "-o", str(old)])
    assert result.exit_code == 1
    assert old.read_text(encoding="utf-8") == "what was there\n"
