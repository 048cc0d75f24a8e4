"""Every command writes what its -o names (issue 25): a walk of every command with every
extension it accepts and one it does not, and the output layer's promises end to end."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli

DATA = Path(__file__).parent / "data"
GOOD = DATA / "excerpt_78_16.txt"
CORPUS = settings.corpus_root()
ROOT = CORPUS if CORPUS is not None else Path("/nonexistent")
STATEMENT = ROOT / "statements" / "ISR_2020_Schondorf_international_law_cyber_operations.txt"
RECORD = ROOT / "batch" / "ai_un_report_2025" / "A_79_PV.64.pdf"
DRAFT = ROOT / "drafts" / "A_C.1_80_L.20.txt"
AKN = ROOT / "akn" / "cyber"


def _is_json(data: bytes) -> bool:
    text = data.decode("utf-8")
    try:
        json.loads(text)
    except json.JSONDecodeError:
        json.loads(text.splitlines()[0])  # JSON Lines: each line is a document
    return True


def _is_csv(data: bytes) -> bool:
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    # RFC 4180: every row ends in CRLF; a bare LF only inside a quoted cell.
    return len(rows[0]) > 1 and text.endswith("\r\n") and not text.lstrip().startswith("{")


def _is_markdown(data: bytes) -> bool:
    text = data.decode("utf-8")
    return text.lstrip().startswith("#") and not text.lstrip().startswith(("{", "<"))


def _is_html(data: bytes) -> bool:
    head = data.decode("utf-8").lstrip()[:200].lower()
    return head.startswith("<!doctype html") or head.startswith("<html")


def _is_text(data: bytes) -> bool:
    text = data.decode("utf-8")
    return bool(text.strip()) and not text.lstrip().startswith(("{", "[", "<"))


CHECKS: dict[str, Callable[[bytes], bool]] = {
    "json": _is_json,
    "jsonl": _is_json,
    "csv": _is_csv,
    "md": _is_markdown,
    "html": _is_html,
    "txt": _is_text,
    "xlsx": lambda data: data[:2] == b"PK",
    "png": lambda data: data[:8] == b"\x89PNG\r\n\x1a\n",
    "svg": lambda data: b"<svg" in data[:2000],
}

# (command, arguments with {db} for a store, extensions it writes, one it refuses, needs)
WALK: list[tuple[str, list[str], list[str], str, str]] = [
    ("ingest", ["ingest", str(GOOD)], ["json", "jsonl", "txt"], "html", ""),
    ("extract", ["extract", str(GOOD)], ["json"], "csv", ""),
    ("diff", ["diff", str(GOOD), str(GOOD)], ["json", "md", "html", "csv", "xlsx"], "png", ""),
    ("overlap", ["overlap", str(GOOD), str(GOOD)], ["md", "json", "html", "csv", "xlsx"], "png",
     ""),
    ("positions", ["positions", str(STATEMENT)], ["csv", "json", "html"], "md", "corpus"),
    ("corpus search", ["corpus", "search", "inclusive", "--db", "{db}"], ["txt", "json", "csv"],
     "html", ""),
    ("corpus lineage", ["corpus", "lineage", "78/16", "--db", "{db}"], ["txt", "json", "csv"],
     "xlsx", ""),
    ("corpus check", ["corpus", "check", "--db", "{db}"], ["txt", "json"], "csv", ""),
    ("votes tally", ["votes", "tally", "73/27"], ["json", "csv", "png", "txt"], "html", "votes"),
    ("votes compare", ["votes", "compare", "73/27", "73/266"], ["json", "csv", "png"], "md",
     "votes"),
    ("votes record", ["votes", "record", str(RECORD)], ["json", "csv"], "png", "votes"),
    ("votes map", ["votes", "map", "73/27"], ["png", "svg", "html"], "csv", "votes"),
    ("sponsors compare", ["sponsors", "compare", str(DRAFT), str(DRAFT)], ["json", "csv"], "md",
     "corpus"),
    ("sponsors map", ["sponsors", "map", str(DRAFT)], ["svg"], "json", "votes"),
    ("norms", ["norms", str(GOOD), "--catalogue", str(ROOT.parent / "norms" / "gge_2015.csv")],
     ["json", "csv", "md", "html", "xlsx"], "parquet", "corpus"),
    ("languages", ["languages", str(AKN / "A_RES_75_240.en.xml"), str(AKN / "A_RES_75_240.fr.xml")],
     ["json", "md", "html"], "csv", "corpus"),
]  # fmt: skip
# Commands that write a folder or nothing: -o names a folder, or there is no output.
NOT_FILES = {"corpus build", "corpus export", "diff-folder", "fetch", "serve"}


def _leaves(group: click.Group, path: tuple[str, ...] = ()) -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _leaves(command, (*path, name))
        else:
            found.append((" ".join((*path, name)), command))
    return found


def test_the_walk_covers_every_command_that_writes_a_file() -> None:
    walked = {name for name, *_ in WALK}
    writers = {
        name
        for name, command in _leaves(cli)
        if any(p.name == "output" for p in command.params) and name not in NOT_FILES
    }
    assert writers - walked == set(), "add these commands to WALK"


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A corpus store holding GOOD (ingested only: enough to search and trace)."""
    from pipeline.corpus.store import Store
    from pipeline.ingest import load_document

    db = tmp_path_factory.mktemp("store") / "c.db"
    with Store(db) as store:
        store.write_document(GOOD.name, load_document(GOOD))
    return db


def _prepare(args: list[str], needs: str, request: pytest.FixtureRequest) -> list[str]:
    if needs == "corpus" and CORPUS is None:
        pytest.skip("needs the corpus root")
    if needs == "votes" and (CORPUS is None or settings.votes_dir() is None):
        pytest.skip("needs ../shared/votes and the corpus")
    if "{db}" in args:
        db = str(request.getfixturevalue("store_db"))
        args = [db if a == "{db}" else a for a in args]
    return args


CASES = [(name, args, ext, needs) for name, args, exts, _, needs in WALK for ext in exts]


@pytest.mark.parametrize(
    ("name", "args", "ext", "needs"), CASES, ids=[f"{c[0]} .{c[2]}" for c in CASES]
)
def test_o_extension_picks_the_format(
    name: str, args: list[str], ext: str, needs: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = _prepare(args, needs, request)
    target = tmp_path / f"out.{ext}"
    result = CliRunner().invoke(cli, [*args, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert CHECKS[ext](target.read_bytes()), f"{name} -o out.{ext} wrote another format"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


REFUSED = [(name, args, bad, needs) for name, args, _, bad, needs in WALK]


@pytest.mark.parametrize(
    ("name", "args", "ext", "needs"), REFUSED, ids=[f"{c[0]} .{c[2]}" for c in REFUSED]
)
def test_an_extension_the_command_cannot_write_is_a_usage_error(
    name: str, args: list[str], ext: str, needs: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    args = _prepare(args, needs, request)
    target = tmp_path / f"out.{ext}"
    result = CliRunner().invoke(cli, [*args, "-o", str(target)])
    assert result.exit_code == 2, result.output
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("error: ") and ext in last, last
    assert not target.exists()


@pytest.mark.parametrize(
    ("args", "fmt", "ext"),
    [
        (["diff", str(GOOD), str(GOOD)], "json", "md"),
        (["overlap", str(GOOD), str(GOOD)], "md", "html"),
        (["ingest", str(GOOD)], "text", "json"),
    ],
)
def test_a_contradiction_names_both(args: list[str], fmt: str, ext: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, [*args, "--format", fmt, "-o", str(tmp_path / f"x.{ext}")])
    assert result.exit_code == 2
    last = result.stderr.strip().splitlines()[-1]
    assert f"--format {fmt}" in last and f"x.{ext}" in last


def test_a_failed_run_keeps_what_was_there(tmp_path: Path) -> None:
    # issue 25: ingest MISSING -o OLD truncated OLD.
    old = tmp_path / "old.json"
    old.write_text('{"kept": true}\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", str(tmp_path / "missing.txt"), "-o", str(old)])
    assert result.exit_code == 1
    assert old.read_text(encoding="utf-8") == '{"kept": true}\n'
    result = CliRunner().invoke(
        cli, ["diff", str(GOOD), str(tmp_path / "gone.txt"), "-o", str(old)]
    )
    assert result.exit_code == 1
    assert old.read_text(encoding="utf-8") == '{"kept": true}\n'


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize(
    "args", [["ingest", str(GOOD)], ["diff", str(GOOD), str(GOOD), "--format", "md"]]
)
def test_a_full_disk_is_one_line(args: list[str]) -> None:
    result = CliRunner().invoke(cli, [*args, "-o", "/dev/full"])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert lines == ["error: /dev/full: No space left on device"]


def test_dash_reads_standard_input() -> None:
    text = GOOD.read_bytes()
    result = CliRunner().invoke(cli, ["ingest", "-"], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["symbol"] == "A/RES/78/16"
    result = CliRunner().invoke(cli, ["diff", "-", str(GOOD)], input=text)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["summary"]["unchanged"] > 0
    result = CliRunner().invoke(cli, ["ingest", "-"], input=b"")
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: -: standard input is empty"


def test_bom_for_excel(tmp_path: Path) -> None:
    target = tmp_path / "c.csv"
    result = CliRunner().invoke(cli, ["diff", str(GOOD), str(GOOD), "--bom", "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"\xef\xbb\xbfpair,")


def test_control_characters_never_reach_markdown_csv_or_xlsx(tmp_path: Path) -> None:
    # A document whose text carries a terminal escape, a bell and a C1 control.
    hostile = tmp_path / "hostile.txt"
    body = GOOD.read_text(encoding="utf-8").replace(
        "Programme of action", "Programme\x1b[2J of\x07 action\x9b"
    )
    hostile.write_text(body, encoding="utf-8")
    for ext in ("md", "csv", "html"):
        target = tmp_path / f"d.{ext}"
        result = CliRunner().invoke(cli, ["diff", str(GOOD), str(hostile), "-o", str(target)])
        assert result.exit_code == 0, result.output
        text = target.read_text(encoding="utf-8")
        assert not any(ch in text for ch in "\x1b\x07\x9b"), ext
    target = tmp_path / "d.xlsx"
    result = CliRunner().invoke(cli, ["diff", str(GOOD), str(hostile), "-o", str(target)])
    assert result.exit_code == 0, result.output  # openpyxl raised on \x1b before


def test_export_csv_keeps_integers_and_names_both_dates(tmp_path: Path) -> None:
    # issue 25: session came out as 79.0 when another document had none; "date" meant
    # the distribution date in the export and the adoption date in search hits.
    import dataclasses

    from factories import make_doc

    from pipeline.corpus.store import Store
    from pipeline.ingest import load_document

    db = tmp_path / "c.db"
    with Store(db) as store:
        store.write_document(GOOD.name, load_document(GOOD))  # session 78
        undated = dataclasses.replace(make_doc(["Noting the report,"]), sha256="x")
        store.write_document("no_session.txt", undated)  # no session at all
    out = tmp_path / "tables"
    result = CliRunner().invoke(cli, ["corpus", "export", "--db", str(db), "--format", "csv",
                                      "-o", str(out)])  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((out / "documents.csv").read_text(encoding="utf-8"))))
    assert {r["symbol"]: r["session"] for r in rows} == {"A/RES/78/16": "78", "A/RES/0/1": ""}
    assert "date" not in rows[0] and {"adoption_date", "distribution_date", "sort_date"} <= set(
        rows[0]
    )
    hits = CliRunner().invoke(cli, ["corpus", "search", "inclusive", "--db", str(db), "-o",
                                    str(tmp_path / "h.csv")])  # fmt: skip
    assert hits.exit_code == 0, hits.output
    header = (tmp_path / "h.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "date" not in header and {"adoption_date", "distribution_date", "sort_date"} <= set(
        header
    )
    assert "cite" in header and "paragraph_id" in header
    # the export: a paragraph's citation beside its id, an entity's date by its own
    # name, and a byte order mark for Excel on request
    paragraphs = list(csv.DictReader(io.StringIO((out / "paragraphs.csv").read_text("utf-8"))))
    assert {(p["paragraph_id"], p["cite"]) for p in paragraphs} >= {("preamble_1", "PP1")}
    entities = (out / "entities.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert "date" not in entities and "entity_date" in entities
    excel = tmp_path / "excel"
    result = CliRunner().invoke(cli, ["corpus", "export", "--db", str(db), "--format", "csv",
                                      "--bom", "-o", str(excel)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (excel / "documents.csv").read_bytes().startswith(b"\xef\xbb\xbfdoc_id,")


def test_votes_tally_is_a_table_on_a_terminal_and_json_in_a_pipe() -> None:
    from pipeline.commands.votes import format_tallies, tally_default_format

    assert tally_default_format(None, terminal=True) == "text"
    assert tally_default_format(None, terminal=False) == "json"
    assert tally_default_format(Path("t.json"), terminal=True) == "json"
    entry = {"resolution": "A/RES/73/27", "date": "2018-12-05", "yes": 119, "no": 46,
             "abstain": 14, "non_voting": 14,
             "by_group": {"African": {"Y": 45, "N": 0, "A": 3, "X": 6}}}  # fmt: skip
    text = format_tallies([entry], "votes.csv")
    assert text.splitlines()[0].startswith("A/RES/73/27  (2018-12-05)  yes 119  no 46")
    assert "African" in text and text.splitlines()[-1] == "source: votes.csv"
    assert not text.lstrip().startswith(("[", "{"))


@pytest.mark.skipif(settings.votes_dir() is None, reason="needs ../shared/votes")
def test_votes_compare_table_with_json_is_a_usage_error() -> None:
    # issue 25: --table states --format json ignored --table silently.
    args = ["votes", "compare", "73/27", "73/266", "--table", "states", "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    assert "--table states" in result.stderr and "--format json" in result.stderr


@pytest.mark.skipif(CORPUS is None, reason="needs the corpus root")
def test_workbooks_a_reader_navigates(tmp_path: Path) -> None:
    # issue 25: one sheet only, no symbol columns, no overlaps; overlap had no XLSX.
    from openpyxl import load_workbook

    old, new = ROOT / "resolutions" / "A_RES_73_27.txt", ROOT / "resolutions" / "A_RES_73_266.txt"
    target = tmp_path / "d.xlsx"
    assert CliRunner().invoke(cli, ["diff", str(old), str(new), "-o", str(target)]).exit_code == 0
    book = load_workbook(target)
    assert book.sheetnames == ["changes", "summary", "overlaps"]
    summary = list(book["summary"].iter_rows(values_only=True))
    assert summary[1][:2] == ("A/RES/73/27", "A/RES/73/266")
    changes = list(book["changes"].iter_rows(values_only=True))
    assert {row[:2] for row in changes[1:]} == {("A/RES/73/27", "A/RES/73/266")}
    overlaps = list(book["overlaps"].iter_rows(values_only=True))
    header = overlaps[0]
    # the OEWG mandate (73/27 OP5) and the GGE mandate (73/266 OP3) share passages
    cited = {(row[header.index("old_cite")], row[header.index("new_cite")]) for row in overlaps[1:]}
    assert ("OP5", "OP3") in cited
    text_cell = book["changes"].cell(row=2, column=changes[0].index("old_text") + 1)
    assert text_cell.alignment.wrap_text
    target = tmp_path / "o.xlsx"
    assert (
        CliRunner().invoke(cli, ["overlap", str(old), str(new), "-o", str(target)]).exit_code == 0
    )
    book = load_workbook(target)
    assert book.sheetnames == ["elements", "overlaps"]
    assert len(list(book["elements"].iter_rows())) > 1


def test_html_diff_a_reader_navigates(tmp_path: Path) -> None:
    # issue 25: next/previous change, hide unchanged, filter by significance and kind,
    # a print stylesheet; still no script (the page's CSP forbids one).
    import re

    from pipeline.compare import compare
    from pipeline.ingest import load_document
    from pipeline.report.html import format_html

    edited = tmp_path / "new.txt"
    text = GOOD.read_text(encoding="utf-8")
    edited.write_text(
        text.replace("Support States", "Assist States").replace(
            "Recalling its resolutions", "Recalling also its resolutions"
        ),
        encoding="utf-8",
    )
    page = format_html(compare(load_document(GOOD), load_document(edited)))
    assert "<script" not in page
    rows = re.findall(r'<tr class="change ([a-z]+)[^"]*" id="(change-\d+)"', page)
    changed = [row_id for kind, row_id in rows if kind != "unchanged"]
    assert len(changed) >= 2 and len(rows) > len(changed)
    # each change links to the next one, and the next one back to it
    for before, after in zip(changed, changed[1:], strict=False):
        assert f'href="#{after}" title="next change"' in page
        assert f'href="#{before}" title="previous change"' in page
    assert 'id="hide-unchanged"' in page
    assert "body:has(#hide-unchanged:checked) tr.unchanged" in page
    assert 'id="sig-substantive"' in page and 'id="show-modified"' in page
    assert re.search(r'<tr class="change modified sig-(substantive|editorial)"', page)
    assert "@media print" in page


@pytest.mark.skipif(settings.votes_dir() is None, reason="needs ../shared/votes")
def test_votes_csv_takes_bom_too(tmp_path: Path) -> None:
    for bom, start in ((True, b"\xef\xbb\xbfresolution,"), (False, b"resolution,")):
        target = tmp_path / f"t{bom}.csv"
        args = ["votes", "tally", "73/27", "-o", str(target), *(["--bom"] if bom else [])]
        assert CliRunner().invoke(cli, args).exit_code == 0
        assert target.read_bytes().startswith(start)


def _statements(symbol: str) -> object:
    from pipeline.document import Document, Paragraph

    def para(n: int, text: str, kind: str = "other") -> Paragraph:
        return Paragraph(id=f"p_{n}", kind=kind, number=None, text=text, page=1, index=n)

    return Document(
        symbol=symbol,
        title=None,
        doc_type="statement",
        paragraphs=(
            para(1, "Israel", "heading"),
            para(2, "There is currently no need for any new legally binding instruments."),
            para(3, "Cuba", "heading"),
            para(4, "We hope for progress on legally binding obligations."),
        ),
    )


def test_positions_over_two_sources_name_the_source_of_each_row() -> None:
    # issue 25: INF/5 and its Rev.1 listed each State twice with no source column.
    import re

    from pipeline.report.positions import format_positions_html
    from pipeline.research.positions import extract_positions

    one = format_positions_html(extract_positions([_statements("X/INF/5")]))  # type: ignore[list-item]
    assert "<th>Source</th>" not in one
    both = extract_positions([_statements("X/INF/5"), _statements("X/INF/5/Rev.1")])  # type: ignore[list-item]
    page = format_positions_html(both)
    assert "<th>Source</th>" in page
    rows = re.findall(
        r'<td class="actor">Israel.*?</td>\s*<td class="ref">([^<]+)</td>', page, re.S
    )
    assert sorted(rows) == ["X/INF/5", "X/INF/5/Rev.1"]


@pytest.mark.skipif(settings.votes_dir() is None, reason="needs ../shared/votes")
@pytest.mark.parametrize("typed", ["73/27", "A/RES/73/27", "a/res/73/27", "A_RES_73_27.pdf"])
def test_votes_take_any_form_of_a_symbol(typed: str) -> None:
    result = CliRunner().invoke(cli, ["votes", "tally", typed, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["resolution"] == "A/RES/73/27"


def _visible(page: str) -> str:
    """What a reader of an HTML page sees: the text outside tags and attributes."""
    import html

    return " ".join(html.unescape(re.sub(r"<[^>]*>", " ", page)).split())


@pytest.mark.skipif(CORPUS is None, reason="needs the corpus root")
def test_issue_25_people_read_citations_and_json_keeps_ids(tmp_path: Path) -> None:
    # Markdown showed "OP5 (para_5)" and HTML "PP3 preamble_3": ids where a person reads.
    old, new = ROOT / "resolutions" / "A_RES_73_27.txt", ROOT / "resolutions" / "A_RES_73_266.txt"
    written = {}
    catalogue = ["--catalogue", str(ROOT.parent / "norms" / "gge_2015.csv")]
    for command, ext in (("diff", "md"), ("diff", "html"), ("diff", "json"),
                         ("overlap", "md"), ("overlap", "html"), ("norms", "md"),
                         ("norms", "html")):  # fmt: skip
        target = tmp_path / f"{command}.{ext}"
        args = [command, str(old), str(new), *(catalogue if command == "norms" else [])]
        result = CliRunner().invoke(cli, [*args, "-o", str(target)])
        assert result.exit_code == 0, result.output
        text = target.read_text(encoding="utf-8")
        written[command, ext] = _visible(text) if ext == "html" else text.replace("\\_", "_")
    for key, text in written.items():
        if key[1] != "json":  # (the flag preamble_to_operative is no paragraph id)
            assert not re.search(r"\b(para|preamble)_\d", text), key
    # the GGE mandate of 73/266 (OP3) shares passages with the OEWG mandate of 73/27 (OP5)
    assert "OP5 ↔ OP3" in written["diff", "md"] and "OP5 ↔ OP3" in written["diff", "html"]
    assert "its mandates (OP5, OP6)" in written["overlap", "md"]
    assert "its mandates (OP5, OP6)" in written["overlap", "html"]
    assert {"old_id": "para_5", "new_id": "para_3"}.items() <= next(
        o
        for o in json.loads(written["diff", "json"])["overlaps"]
        if o["old_cite"] == "OP5" and o["new_cite"] == "OP3"
    ).items()


@pytest.mark.skipif(settings.votes_dir() is None, reason="needs ../shared/votes")
@pytest.mark.parametrize("resolutions", [("73/27",), ("73/27", "75/240")])
def test_issue_25_a_map_keeps_its_width_and_its_whole_legend(resolutions: tuple[str, ...]) -> None:
    # The change map's legend (eight entries in one row) was wider than the figure: the
    # map was drawn a third as wide as the vote map and the last entries were cut off.
    from pipeline.commands.maps import vote_map_spec
    from pipeline.commands.vote_sources import load_votes
    from pipeline.report.maps import draw_map
    from pipeline.research.votes import normalise_resolution

    chosen = tuple(normalise_resolution(r) for r in resolutions)
    figure = draw_map(vote_map_spec(load_votes(None, resolutions=chosen), chosen))
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    figure.canvas.draw()
    page = figure.bbox
    axes = figure.axes[0]
    legend = axes.get_legend().get_window_extent(renderer)
    assert legend.x0 >= page.x0 and legend.x1 <= page.x1, (legend, page)
    assert axes.get_window_extent(renderer).width > 0.7 * page.width


@pytest.mark.skipif(CORPUS is None, reason="needs the corpus root")
def test_issue_25_a_reader_closing_the_pipe_is_no_error_line() -> None:
    # `normtrace diff ... | head` printed "error: None: Broken pipe".
    import subprocess
    import sys

    old, new = ROOT / "resolutions" / "A_RES_73_27.txt", ROOT / "resolutions" / "A_RES_75_240.txt"
    args = [sys.executable, "-m", "pipeline", "diff", str(old), str(new), "--format", "md"]
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None and child.stderr is not None
    assert child.stdout.read(16) == b"# normtrace diff"
    child.stdout.close()  # as head does after its lines; the report is far longer than a pipe
    _, err = child.communicate(timeout=300)
    assert (child.returncode, err.decode()) == (1, "")


def test_issue_25_every_command_that_writes_csv_takes_bom() -> None:
    # corpus export and diff-folder had no --bom: Excel garbled their arrows and quotes.
    writers = {
        name: command
        for name, command in _leaves(cli)
        for param in command.params
        if param.name == "fmt" and "csv" in getattr(param.type, "choices", ())
    }
    assert {"corpus export", "diff-folder", "diff", "votes tally"} <= set(writers)
    lacking = [n for n, c in writers.items() if not any(p.name == "bom" for p in c.params)]
    assert lacking == []


@pytest.mark.skipif(CORPUS is None, reason="needs the corpus root")
def test_diff_folder_bom_reaches_the_summary_and_the_reports(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "in"
    folder.mkdir()
    for rel in ("drafts/A_C.1_80_L.20.txt", "resolutions/A_RES_80_16.txt"):
        shutil.copyfile(ROOT / rel, folder / Path(rel).name)
    out = tmp_path / "out"
    args = ["diff-folder", str(folder), "-o", str(out), "--format", "csv", "--bom"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert (out / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbfold,new,")
    report = out / "A_C.1_80_L.20__A_RES_80_16.csv"
    assert report.read_bytes().startswith(b"\xef\xbb\xbfpair,")


@pytest.mark.parametrize("typed", ["73/27", "a/res/73/27", "A_RES_73_27.pdf"])
def test_issue_25_fetch_takes_any_form_of_a_symbol(typed: str, tmp_path: Path) -> None:
    # "73/27" was "not a UN document symbol"; nothing listens on port 9 here, so the
    # fetch fails after spelling the symbol in full.
    from pipeline.corpus.fetch import FetchError, fetch_document

    with pytest.raises(FetchError) as caught:
        fetch_document(typed, base_url="http://127.0.0.1:9/{symbol}", cache=tmp_path,
                       timeout=2, retries=0)  # fmt: skip
    assert str(caught.value).startswith("A/RES/73/27: network error"), caught.value


@pytest.mark.skipif(CORPUS is None, reason="needs the corpus root")
def test_issue_25_positions_evidence_is_cited_with_the_id_and_offsets_on_hover(
    tmp_path: Path,
) -> None:
    target = tmp_path / "p.html"
    source = ROOT / "statements" / "A_AC.292_2025_INF_5.pdf"
    result = CliRunner().invoke(cli, ["positions", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert not re.search(r"\b(para|preamble)_\d", _visible(page))  # "para_7 [0:188]" before
    assert re.search(r'title="para_7 \[\d+:\d+\]">A/AC.292/2025/INF/5 OP7<', page)


def test_issue_25_a_symbol_without_a_store_says_how_to_look_it_up() -> None:
    result = CliRunner().invoke(cli, ["diff", "73/27", str(GOOD)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        "error: 73/27: no such file; to look up A/RES/73/27 in a corpus store, give --db STORE"
    )
    result = CliRunner().invoke(cli, ["diff", "missing.txt", str(GOOD)])
    assert result.stderr.strip() == "error: missing.txt: no such file"  # not a symbol: no hint


def test_issue_25_ingest_text_names_both_dates_and_never_prints_none() -> None:
    # "date: 2023-12-06   adopted: 2023-12-04" (a bare date: the distribution date), and
    # "symbol: None" for a document that states none.
    import dataclasses

    from pipeline.ingest import load_document
    from pipeline.report.text import format_document

    doc = load_document(GOOD)
    head = format_document(doc).splitlines()[:5]
    assert f"adopted:     {doc.adoption_date}   distributed: {doc.date}   " in "\n".join(head)
    assert not any(line.startswith("date:") for line in head)
    bare = dataclasses.replace(doc, symbol=None, title=None, committee_report=None, session=None)
    head = format_document(bare).splitlines()[:5]
    assert head[0] == "symbol:      -" and "None" not in "\n".join(head)


def _json_lines(path: Path) -> list[object]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_issue_25_a_jsonl_file_holds_json_lines(tmp_path: Path, store_db: Path) -> None:
    # `corpus search -o s.jsonl` (and every table command) wrote indented JSON there,
    # which no JSON Lines reader reads.
    target = tmp_path / "s.jsonl"
    args = ["corpus", "search", "inclusive", "--db", str(store_db), "-o", str(target)]
    assert CliRunner().invoke(cli, args).exit_code == 0
    hits = _json_lines(target)
    assert len(hits) >= 1 and all(isinstance(h, dict) and "cite" in h for h in hits)
    target = tmp_path / "i.ndjson"  # one line per input file, as before
    result = CliRunner().invoke(cli, ["ingest", str(GOOD), str(GOOD), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert [d["symbol"] for d in _json_lines(target)] == ["A/RES/78/16"] * 2  # type: ignore[index]
    target = tmp_path / "c.jsonl"  # a JSON object: one line
    result = CliRunner().invoke(cli, ["corpus", "check", "--db", str(store_db), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert len(_json_lines(target)) == 1
