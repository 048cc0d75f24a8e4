"""The `normtrace corpus` commands: output, exit codes and one-line errors."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from pipeline.cli import cli

# Dates (read in each header): 73/27 adopted 2018-12-05, distributed 2018-12-11; 75/240
# adopted 2020-12-31, distributed 2021-01-04; 79/237 adopted 2024-12-24, distributed
# 2024-12-31; 80/16 adopted 2025-12-01, distributed 2025-12-05.
FILES = (
    "resolutions/A_RES_73_27.txt",
    "resolutions/A_RES_75_240.txt",
    "resolutions/A_RES_79_237.txt",
    "resolutions/A_RES_80_16.txt",
)


@pytest.fixture(scope="module")
def built(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A root with four resolutions and one bad file, and the store built from it."""
    root = tmp_path_factory.mktemp("root")
    for rel in FILES:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / rel, root / rel)
    (root / "bad.pdf").write_bytes(b"nothing")
    db = root.parent / "corpus.db"
    result = CliRunner().invoke(cli, ["corpus", "build", str(root), "--db", str(db), "--jobs", "1"])
    assert result.exit_code == 1, result.output  # one input failed
    return root, db


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_build_names_each_failure_on_stderr(built: tuple[Path, Path]) -> None:
    root, db = built
    code, out, err = _run("corpus", "build", str(root), "--db", str(db), "--quiet")
    assert code == 1
    assert "5 files: 0 read, 5 unchanged" in out
    assert err.strip() == f"error: {root / 'bad.pdf'}: not a PDF (no %PDF header)"
    # --force reads every file again, unchanged or not.
    _, out, _ = _run("corpus", "build", str(root), "--db", str(db), "--quiet", "--force")
    assert "5 files: 5 read, 0 unchanged, 1 failed" in out


@pytest.mark.parametrize(
    ("args", "code", "first_line"),
    [
        # ranked hits: symbol, paragraph id, date (adopted, Distr.), snippet; FTS5 syntax
        (["corpus", "search", "NEAR(capacity building, 3)", "--fts"], 0, "A/RES/7"),
        # filtered to one symbol prefix and paragraph kind
        (["corpus", "search", "secur*", "--fts", "--symbol-prefix", "A/RES/75", "--kind",
          "operative"], 0, "A/RES/75/240\tOP"),
        # no hit: nothing on stdout ("no matches" on stderr), success
        (["corpus", "search", "zeppelin"], 0, ""),
        # FTS syntax error: a usage error in one line
        (["corpus", "search", "capacity AND (", "--fts"], 2, ""),
        # plain words: FTS5 syntax is text, so the unbalanced parenthesis is no error
        (["corpus", "search", "capacity AND ("], 0, ""),
        # the date column: adoption date, then the distribution date
        (["corpus", "search", "confidence-building", "--symbol-prefix", "A/RES/79"], 0,
         "A/RES/79/237\tOP3\t2024-12-24 (Distr. 2024-12-31)\t"),
        # lineage of a stored symbol
        (["corpus", "lineage", "A/RES/75/240"], 0, "PP1: first in A/RES/73/27 PP1"),
        # a symbol that is not in the store
        (["corpus", "lineage", "A/RES/1/1"], 1, ""),
    ],
)  # fmt: skip
def test_search_and_lineage(
    built: tuple[Path, Path], args: list[str], code: int, first_line: str
) -> None:
    got_code, out, err = _run(*args, "--db", str(built[1]))
    assert got_code == code, err
    assert (out.splitlines() or [""])[0].startswith(first_line)
    if code:
        assert err.strip().splitlines()[-1].startswith("error: ") and "Traceback" not in err


def test_search_json_and_lineage_json(built: tuple[Path, Path]) -> None:
    _, out, _ = _run("corpus", "search", "confidence", "--db", str(built[1]), "--format", "json")
    hits = json.loads(out)
    assert hits and {"symbol", "paragraph_id", "snippet", "score"} <= set(hits[0])
    _, out, _ = _run("corpus", "lineage", "A/RES/75/240", "--db", str(built[1]), "--format", "json")
    rows = json.loads(out)
    assert rows[0]["first"]["symbol"] == "A/RES/73/27"
    assert rows[0]["drift"] and all(
        op in ("equal", "insert", "delete") for op, _ in rows[0]["drift"]
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export(built: tuple[Path, Path], tmp_path: Path, fmt: str) -> None:
    code, out, _ = _run("corpus", "export", "--db", str(built[1]), "--format", fmt, "--out",
                        str(tmp_path))  # fmt: skip
    assert code == 0 and len(out.splitlines()) == 9  # 7 tables, and 2 of the markup (issue 23)
    read = pd.read_parquet if fmt == "parquet" else pd.read_csv
    documents = read(tmp_path / f"documents.{fmt}").set_index("symbol")
    assert len(documents) == 4
    # Both dates travel: the adoption date and the distribution ("Distr.") date.
    row = documents.loc["A/RES/79/237"]
    assert (row["adoption_date"], row["distribution_date"], row["sort_date"]) == (
        "2024-12-24", "2024-12-31", "2024-12-24"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["corpus", "export", "--db", "{db}", "--format", "xlsx", "--out", "o"], 2),  # format
        (["corpus", "search", "--", "--db", "{db}"], 2),  # no QUERY at all
        (["corpus", "search", "/", "--db", "{db}"], 2),  # a QUERY without a word
        (["corpus", "search", "x", "--db", "{junk}"], 1),  # not a store: one line, exit 1
    ],
)
def test_usage_errors(built: tuple[Path, Path], tmp_path: Path, args: list[str], code: int) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"junk" * 1000)
    args = [a.format(db=built[1], junk=junk) for a in args]
    got, _, err = _run(*args)
    assert got == code
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "command",
    [["corpus"], ["corpus", "build"], ["corpus", "search"], ["corpus", "lineage"],
     ["corpus", "export"], ["serve"]],
)  # fmt: skip
def test_every_command_has_help(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0 and "Usage:" in out
    assert "Example:" in out or command == ["corpus"]


@pytest.mark.parametrize(
    ("query", "prefix", "expected"),
    [
        # issue 12: a hyphen was read as a column filter ("no such column: building")
        ("confidence-building", "A/RES/79", {("A/RES/79/237", "para_3")}),
        # issue 12: a slash was an FTS5 syntax error; the running header's 75/240 is noise
        ("75/240", "A/RES/79", {("A/RES/79/237", "preamble_1"), ("A/RES/79/237", "para_4")}),
        # a document symbol, slashes and all
        ("A/79/214", "A/RES/79", {("A/RES/79/237", "preamble_3"), ("A/RES/79/237", "para_1"),
                                  ("A/RES/79/237", "para_2__point_a")}),
        # a straight apostrophe finds the document's curly one ("the group’s mandate")
        ("group's mandate", "A/RES/73", {("A/RES/73/27", "para_5")}),
        # a stray quote is text
        ('"working group', "A/RES/73/27", None),
    ],
)  # fmt: skip
def test_plain_words_search(
    built: tuple[Path, Path], query: str, prefix: str, expected: set[tuple[str, str]] | None
) -> None:
    code, out, err = _run("corpus", "search", query, "--symbol-prefix", prefix, "--db",
                          str(built[1]), "--format", "json", "--limit", "50")  # fmt: skip
    assert code == 0, err
    got = {(hit["symbol"], hit["paragraph_id"]) for hit in json.loads(out)}
    if expected is None:
        assert got  # some hits, no error
    else:
        assert got == expected


@pytest.mark.parametrize(
    ("fmt", "stdout"),
    [
        ("text", ""),  # nothing on stdout
        ("json", "[]\n"),  # still one JSON document
        # the header alone (CRLF, which CliRunner's stdout shows as \n)
        ("csv", "symbol,path,paragraph_id,cite,kind,session,sort_date,adoption_date,"
                "distribution_date,snippet,score\n"),
    ],
)  # fmt: skip
def test_no_matches_says_so_and_succeeds(built: tuple[Path, Path], fmt: str, stdout: str) -> None:
    code, out, err = _run("corpus", "search", "zeppelin", "--db", str(built[1]), "--format", fmt)
    assert (code, out, err) == (0, stdout, "no matches\n")


def test_search_json_keeps_slashes_and_integers(built: tuple[Path, Path]) -> None:
    _, out, _ = _run("corpus", "search", "75/240", "--symbol-prefix", "A/RES/79", "--db",
                     str(built[1]), "--format", "json")  # fmt: skip
    assert '"symbol": "A/RES/79/237"' in out and "\\/" not in out  # no escaped slash
    assert '"session": 79,' in out  # not 79.0
    hit = json.loads(out)[0]
    assert (hit["sort_date"], hit["adoption_date"], hit["distribution_date"]) == (
        "2024-12-24", "2024-12-24", "2024-12-31"
    )  # fmt: skip


def test_search_csv(built: tuple[Path, Path]) -> None:
    _, out, _ = _run("corpus", "search", "confidence-building", "--symbol-prefix", "A/RES/79",
                     "--db", str(built[1]), "--format", "csv")  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["symbol"], r["paragraph_id"], r["session"], r["sort_date"]) for r in rows] == [
        ("A/RES/79/237", "para_3", "79", "2024-12-24")
    ]


def test_lineage_dates_are_adoption_dates_with_both_shown(built: tuple[Path, Path]) -> None:
    # issue 12: lineage said 79/237 first appeared 2024-12-31 (its Distr. date).
    _, out, _ = _run("corpus", "lineage", "A/RES/80/16", "--db", str(built[1]), "--format", "json")
    firsts = [row["first"] for row in json.loads(out) if row["first"]]
    from_79 = [f for f in firsts if f["symbol"] == "A/RES/79/237"]
    assert from_79, "80/16 reuses 79/237's preamble"
    assert {(f["sort_date"], f["adoption_date"], f["distribution_date"]) for f in from_79} == {
        ("2024-12-24", "2024-12-24", "2024-12-31")
    }
    _, text, _ = _run("corpus", "lineage", "A/RES/80/16", "--db", str(built[1]))
    assert "first in A/RES/79/237 PP1 (adopted 2024-12-24, distributed 2024-12-31)" in text
    _, out, _ = _run("corpus", "lineage", "A/RES/80/16", "--db", str(built[1]), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == len(json.loads(_run("corpus", "lineage", "A/RES/80/16", "--db",
                                             str(built[1]), "--format", "json")[1]))  # fmt: skip
    assert {"first_adoption_date", "first_distribution_date"} <= set(rows[0])


@pytest.mark.parametrize(
    "args",
    [
        ["corpus", "search", "confidence-building", "--format", "json"],
        ["corpus", "search", "confidence-building", "--format", "csv"],
        ["corpus", "search", "confidence-building"],
        ["corpus", "lineage", "A/RES/80/16"],
        ["corpus", "lineage", "A/RES/80/16", "--format", "json"],
    ],
    ids=" ".join,
)
def test_o_writes_the_result_file(
    built: tuple[Path, Path], tmp_path: Path, args: list[str]
) -> None:
    target = tmp_path / "out.txt"
    code, out, err = _run(*args, "--db", str(built[1]), "-o", str(target))
    assert (code, out) == (0, ""), err
    assert "A/RES/" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda tmp: tmp / "no-such-root", "no such folder"),  # missing ROOT
        (lambda tmp: (tmp / "f.txt").write_text("x") and tmp / "f.txt", "not a folder"),  # file
    ],
    ids=["missing", "file"],
)
def test_build_with_a_bad_root_is_a_failed_input(
    tmp_path: Path, make: Callable[[Path], Path], reason: str
) -> None:
    root = make(tmp_path)
    code, _, err = _run("corpus", "build", str(root), "--db", str(tmp_path / "c.db"))
    assert code == 1
    assert err == f"error: {root}: {reason}\n"
    assert not (tmp_path / "c.db").exists()  # nothing was made


@pytest.mark.parametrize(
    "typed", ["A/RES/75/240", "75/240", "a/res/75/240", "A_RES_75_240.txt", "A_RES_75_240.pdf"]
)
def test_issue_25_lineage_takes_any_form_of_a_symbol(built: tuple[Path, Path], typed: str) -> None:
    # issue 25: "corpus lineage 75/240" said "no document with this symbol".
    code, out, err = _run("corpus", "lineage", typed, "--db", str(built[1]))
    assert code == 0, err
    assert out.splitlines()[0].startswith("PP1: first in A/RES/73/27 PP1")


def test_issue_25_an_unknown_symbol_names_the_nearest_held(built: tuple[Path, Path]) -> None:
    code, _, err = _run("corpus", "lineage", "75/204", "--db", str(built[1]))
    assert code == 1
    line = err.strip().splitlines()[-1]
    assert line.startswith("error: 75/204: no document") and "nearest held: A/RES/75/240" in line


def test_issue_25_a_full_symbol_in_a_search_finds_the_short_form(built: tuple[Path, Path]) -> None:
    # 79/237 cites "resolution 75/240"; "A/RES/75/240" found nothing before.
    found = {}
    spellings = ("75/240", "A/RES/75/240", "a/res/75/240", "A_RES_75_240.pdf")  # a file name too
    for typed in spellings:
        _, out, _ = _run("corpus", "search", typed, "--db", str(built[1]), "--format", "json")
        found[typed] = [(h["symbol"], h["paragraph_id"]) for h in json.loads(out)]
    assert found["75/240"] and all(found[typed] == found["75/240"] for typed in spellings)


def test_issue_25_diff_db_takes_the_short_form(built: tuple[Path, Path]) -> None:
    code, out, err = _run("diff", "73/27", "A_RES_75_240.txt", "--db", str(built[1]))
    assert code == 0, err
    report = json.loads(out)
    assert (report["old"]["symbol"], report["new"]["symbol"]) == ("A/RES/73/27", "A/RES/75/240")


def test_issue_25_entity_filter_takes_the_short_form(built: tuple[Path, Path]) -> None:
    found = {}
    for typed in ("75/240", "A/RES/75/240"):
        _, out, _ = _run("corpus", "search", "resolution", "--entity", typed, "--db",
                         str(built[1]), "--format", "json")  # fmt: skip
        found[typed] = [(h["symbol"], h["paragraph_id"]) for h in json.loads(out)]
    assert found["75/240"] and found["75/240"] == found["A/RES/75/240"]


def test_issue_25_lineage_counts_one_earlier_document_in_the_singular(
    built: tuple[Path, Path],
) -> None:
    # 75/240's reused paragraphs come from 73/27 alone: "1 earlier documents" before.
    code, out, err = _run("corpus", "lineage", "75/240", "--db", str(built[1]))
    assert code == 0, err
    counts = re.findall(r"similarity [\d.]+, (\d+) earlier (documents?)$", out, re.M)
    assert ("1", "document") in counts
    assert all((n == "1") == (word == "document") for n, word in counts)
