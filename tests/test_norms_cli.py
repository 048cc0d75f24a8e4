"""``normtrace norms`` and ``pipeline.norms`` (issue 22): formats, bad inputs, escaping."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline
from pipeline.cli import cli

DATA = Path(__file__).parent / "data"
GOOD = DATA / "excerpt_78_16.txt"
CATALOGUE = (
    "norm_id,short_name,text\n"
    'x:f,infrastructure,"A State should not conduct or knowingly support ICT activity that '
    'intentionally damages critical infrastructure."\n'
    'x:j,vulnerabilities,"States should encourage responsible reporting of ICT vulnerabilities."\n'
)
RESTATING = (
    "The General Assembly,\n\n"
    "1. Calls upon States not to conduct or knowingly support ICT activity that "
    "intentionally damages critical infrastructure;\n\n"
    "2. Also calls upon States to encourage responsible reporting of ICT "
    "vulnerabilities <script>alert(1)</script>;\n"
)


@pytest.fixture()
def files(tmp_path: Path) -> dict[str, Path]:
    catalogue = tmp_path / "mine.csv"
    catalogue.write_text(CATALOGUE, encoding="utf-8")
    doc = tmp_path / "restating.txt"
    doc.write_text(RESTATING, encoding="utf-8")
    no_text = tmp_path / "no_text.csv"
    no_text.write_text("norm_id,short_name\nx:1,a\n", encoding="utf-8")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    blank = tmp_path / "blank.txt"
    blank.write_text("\n\n", encoding="utf-8")
    return {"catalogue": catalogue, "doc": doc, "no_text": no_text, "empty": empty, "blank": blank}


def test_json_lines_one_object_per_input(files: dict[str, Path]) -> None:
    args = ["norms", str(files["doc"]), str(GOOD), "--catalogue", str(files["catalogue"])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 2
    first = next(line for line in lines if line["source"].endswith("restating.txt"))
    assert set(first) >= {"symbol", "catalogues", "matches", "new", "split", "merged"}
    assert first["catalogues"] == ["mine"]
    assert {m["norm_id"] for m in first["matches"]} == {"x:f", "x:j"}
    for match in first["matches"]:
        assert set(match) >= {"paragraph_id", "cite", "norm_id", "relation", "score", "tokens"}
        assert {"significance", "reason"} <= set(match)
        assert all(op in {"equal", "insert", "delete"} for op, _ in match["tokens"])


@pytest.mark.parametrize(
    ("bad", "reason"),
    [("empty", "empty catalogue"), ("no_text", "no 'text' column")],
)
def test_a_bad_catalogue_is_one_line_and_the_good_one_goes_on(
    files: dict[str, Path], bad: str, reason: str
) -> None:
    args = ["norms", str(files["doc"]), "--catalogue", str(files[bad])]
    result = CliRunner().invoke(cli, [*args, "--catalogue", str(files["catalogue"])])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {files[bad]}: ") and reason in lines[0]
    assert json.loads(result.stdout)["matches"]  # the good catalogue was used
    alone = CliRunner().invoke(cli, [*args])
    assert alone.exit_code == 1 and alone.stdout == ""


def test_a_document_without_paragraphs_is_one_line_and_the_others_go_on(
    files: dict[str, Path],
) -> None:
    args = ["norms", str(files["blank"]), str(files["doc"]), "--catalogue", str(files["catalogue"])]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {files['blank']}: ")
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.output


@pytest.mark.parametrize("fmt", ["csv", "md", "html", "xlsx", "png", "svg"])
def test_every_format_writes_its_file(files: dict[str, Path], tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"grid.{fmt}"
    args = ["norms", str(files["doc"]), str(GOOD), "--catalogue", str(files["catalogue"])]
    result = CliRunner().invoke(cli, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = out.read_bytes()
    assert data
    if fmt == "html":
        text = data.decode("utf-8")
        assert "<script>alert(1)</script>" not in text and "&lt;script&gt;" in text
        assert 'href="#d' in text  # a grid cell links to its redline
    if fmt == "csv":
        header = data.decode("utf-8").splitlines()[0]
        assert header.startswith(
            "norm_id,short_name,document,adoption_date,distribution_date,paragraph_id,cite,"
        )


def test_a_binary_format_needs_a_file(files: dict[str, Path]) -> None:
    args = ["norms", str(files["doc"]), "--catalogue", str(files["catalogue"]), "--format", "xlsx"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2


def test_the_python_verb_returns_the_table(files: dict[str, Path]) -> None:
    table = pipeline.norms([files["doc"]], catalogues=files["catalogue"])
    frame = table.to_frame()
    assert set(frame["norm_id"]) == {"x:f", "x:j"}
    payload = table.to_dict()
    json.dumps(payload)
    assert payload["documents"][0]["catalogues"] == ["mine"]
    with pytest.raises(pipeline.NormtraceError, match="empty catalogue"):
        pipeline.norms([files["doc"]], catalogues=[files["empty"]])


def test_json_lines_keep_the_input_order(files: dict[str, Path]) -> None:
    # GOOD (A/RES/78/16, adopted 2023) before an undated file: the table sorts by date,
    # the JSON Lines follow the command line.
    for order in ([files["doc"], GOOD], [GOOD, files["doc"]]):
        args = ["norms", *map(str, order), "--catalogue", str(files["catalogue"])]
        result = CliRunner().invoke(cli, args)
        sources = [json.loads(line)["source"] for line in result.stdout.splitlines()]
        assert sources == [str(p) for p in order]


def test_a_formula_in_a_catalogue_stays_text_in_the_csv(
    tmp_path: Path, files: dict[str, Path]
) -> None:
    catalogue = tmp_path / "formula.csv"
    catalogue.write_text(
        'norm_id,short_name,text\n=x:1,=HYPERLINK("http://x"),"States should encourage '
        'responsible reporting of ICT vulnerabilities."\n',
        encoding="utf-8",
    )
    out = tmp_path / "t.csv"
    args = ["norms", str(files["doc"]), "--catalogue", str(catalogue), "-o", str(out)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    row = out.read_text(encoding="utf-8").splitlines()[1]
    assert row.startswith("'=x:1,") and ",'=HYPERLINK(" in row.replace('"', "")
