"""Issue 27, a fourth hostile round (bench/hostile_round.py --round 4): the holes it found.

Norms: a 600 KB catalogue of 5,000 near-identical norms against 300 paragraphs ran past
60 s (each norm's similarity columns were found by summing all the norms before it, and
every paragraph kept and redlined every norm); a grid figure of 5,000 norms, or a tally
figure of 2,000 resolutions, made a canvas hundreds of thousands of pixels high (killed
at 60 s); a 99 x 40 grid figure took 3.1 GB. Fetch: an answer that is not HTTP was
retried three times (7.5 s), and a server sending endless "100 Continue" kept a fetch
busy until its 30 s deadline. Languages: a 1 MB paragraph of dates against 20,000
paragraphs ran past 210 s (each date searched all the text before it), and two versions
of 20,000 paragraphs would fill a 400-million-cell table. Workbooks: an ESC in a norm id
was a traceback in ``norms -o x.xlsx``, and a 1 MB paragraph went whole into one cell
(Excel holds 32,767 characters). Each now ends in one line or a result within seconds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hostile_cases import GOOD_RESOLUTION, assert_one_error, run_cli

import pipeline.compare.norms as norms_module
from pipeline.compare.norms import MAX_MATCHES, MAX_PAIRS, MatchLimitError, NormIndex
from pipeline.compare.norms import match_document as match
from pipeline.compare.norms_track import NormsTable, _drift, track
from pipeline.corpus.fetch import FetchError, fetch_document
from pipeline.document import Document, Paragraph, cite
from pipeline.report.norms import MAX_FIGURE_DOCUMENTS, MAX_FIGURE_ROWS, figure_problem
from pipeline.report.plots import MAX_BARS

NORM = "States should cooperate to prevent harmful ICT practices and protect infrastructure"


def _doc(texts: list[str], symbol: str = "A/RES/80/1", date: str | None = None) -> Document:
    paragraphs = tuple(
        Paragraph(id=f"para_{n}", kind="operative", number=str(n), text=t, page=1, index=n - 1)
        for n, t in enumerate(texts, 1)
    )
    return Document(
        symbol=symbol, title="t", doc_type="resolution", paragraphs=paragraphs, adoption_date=date
    )


def _index(count: int, text: str = NORM + " {i}") -> NormIndex:
    return NormIndex.build([("cat", [(f"n{i}", text.format(i=i)) for i in range(count)])])


def _cpu(fn: object) -> float:
    start = time.process_time()
    fn()  # type: ignore[operator]
    return time.process_time() - start


# ------------------------------------------------------------------ norms: matching
def test_matching_grows_linearly_with_the_catalogue() -> None:
    """The similarity columns of norm i were found by summing the sentences of norms 0..i:
    quadratic (12,000 norms: 72 million steps, 8 s). Ten times the norms now cost about
    ten times as much (CPU, interleaved; the quadratic step gave 60x)."""
    doc = _doc(["Decides to remain seized of the matter."])
    small, large = _index(600), _index(6_000)
    ratios = []
    for _ in range(2):
        base = _cpu(lambda: match(doc, small))
        ratios.append(_cpu(lambda: match(doc, large)) / max(base, 1e-3))
    assert min(ratios) < 25, ratios


def test_similarity_columns_are_each_norms_own_sentences() -> None:
    """Norms of one, two and three sentences: each is matched by its own sentence only."""
    texts = [
        "States should protect critical infrastructure.",
        "States should respect human rights online. States should report incidents.",
        "States should share threat data. States should train experts. States should help.",
    ]
    index = NormIndex.build([("cat", [(f"n{i}", t) for i, t in enumerate(texts)])])
    report = match(_doc(["States should report incidents without delay."]), index)
    assert {(m.norm_id, m.part) for m in report.matches} == {("n1", 1)}


def test_a_document_over_the_pair_limit_is_one_error_before_any_work() -> None:
    index = _index(500)  # one sentence each
    units = MAX_PAIRS // 500 + 1
    doc = _doc(["States should cooperate."] * units)
    start = time.process_time()
    with pytest.raises(MatchLimitError) as err:
        match(doc, index)
    assert time.process_time() - start < 1.0
    assert f"{units:,} paragraphs x 500 norm sentences" in str(err.value)
    assert "\n" not in str(err.value)


def test_a_paragraph_keeps_its_strongest_norms_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """100 near-identical norms all restated by one paragraph: 100 redlines before, the
    strongest ``MAX_MATCHES`` now, the same as the first of the uncapped list."""
    index = _index(100)
    doc = _doc([NORM + " 7."])
    capped = match(doc, index).matches
    monkeypatch.setattr(norms_module, "MAX_MATCHES", 1_000)
    whole = match(doc, index).matches
    assert len(whole) > MAX_MATCHES
    assert capped == whole[:MAX_MATCHES]


def test_copies_of_a_paragraph_are_explained_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """300 copies of a reworded norm: one redline, each copy its own id, cite and score."""
    calls = []
    explain = norms_module._explain

    def counting(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return explain(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(norms_module, "_explain", counting)
    index = _index(1)
    text = "States should cooperate to prevent harmful ICT practices and protect systems 0."
    report = match(_doc([text] * 300), index)
    assert len(calls) == 1
    assert [m.paragraph_id for m in report.matches] == [f"para_{n}" for n in range(1, 301)]
    alone = match(_doc([text]), index).matches[0]
    for m in report.matches:
        assert (m.tokens, m.relation, m.score, m.reason) == (
            alone.tokens,
            alone.relation,
            alone.score,
            alone.reason,
        )
        assert m.cite == cite(m.paragraph_id)


# ------------------------------------------------------------------ norms: the table
def _table(norms: int, documents: int) -> NormsTable:
    index = _index(norms)
    texts = [NORM + f" {i}." for i in range(0, norms, 3)]
    reports = [
        match(_doc(texts, symbol=f"A/RES/80/{d + 1}", date=f"2025-01-{d + 1:02d}"), index)
        for d in range(documents)
    ]
    return track(reports, [(f"n{i}", f"norm {i}") for i in range(norms)])


def test_a_cell_is_the_rows_a_scan_finds() -> None:
    table = _table(30, 4)
    assert table.rows
    for norm_id, _ in table.norms:
        for name in table.names:
            scanned = [r for r in table.rows if r.norm_id == norm_id and r.document == name]
            assert sorted(table.cell(norm_id, name), key=id) == sorted(scanned, key=id)


def test_drift_is_the_words_that_came_and_went() -> None:
    came, went = _drift("States should protect networks", "States must protect private networks")
    assert (came, went) == (("must", "private"), ("should",))
    # Long restatements: the word sets are built once (they were rebuilt for each word:
    # 50,000 words a side took 4.6 s). Ten times the words, about ten times the time.
    words_a = [f"w{i}" for i in range(0, 200_000, 2)]
    words_b = [f"w{i}" for i in range(100_000)]
    small = _cpu(lambda: _drift(" ".join(words_a[:10_000]), " ".join(words_b[:10_000])))
    large = _cpu(lambda: _drift(" ".join(words_a), " ".join(words_b)))
    assert large / max(small, 1e-3) < 30


# ------------------------------------------------------------------ figures
def test_figure_limits() -> None:
    assert figure_problem(11, 20) is None
    assert figure_problem(MAX_FIGURE_ROWS - 1, MAX_FIGURE_DOCUMENTS) is None
    assert "at most 99 norms" in (figure_problem(5_000, 2) or "")
    assert figure_problem(11, MAX_FIGURE_DOCUMENTS + 1) is not None


@pytest.fixture(scope="module")
def norms_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("norms4")
    (folder / "a.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    rows = "".join(f"n{i},{NORM} {i}\n" for i in range(5_000))
    (folder / "cat.csv").write_text("norm_id,text\n" + rows, encoding="utf-8")
    return folder


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_a_figure_of_5000_norms_is_one_line(norms_folder: Path, suffix: str) -> None:
    """Was killed at 60 s (a 262,000-pixel-high canvas); now refused before any reading."""
    run = run_cli(["norms", "a.txt", "--catalogue", "cat.csv", "-o", f"g.{suffix}"], norms_folder)
    assert run.code == 2
    assert_one_error(run, "at most 99 norms")
    assert not (norms_folder / f"g.{suffix}").exists()
    assert run.seconds < 20


def test_a_catalogue_of_5000_norms_is_one_line_per_file(norms_folder: Path) -> None:
    """300 paragraphs x 5,000 norms ran past 60 s; now over the pair limit at once."""
    doc = "The General Assembly,\n\n" + "".join(f"{i}. {NORM}.\n\n" for i in range(1, 301))
    (norms_folder / "big.txt").write_text(doc, encoding="utf-8")
    run = run_cli(["norms", "big.txt", "--catalogue", "cat.csv"], norms_folder)
    assert run.code == 1
    assert_one_error(run, "big.txt: 300 paragraphs x 5,000 norm sentences")
    assert run.seconds < 20


def test_a_tally_figure_of_too_many_resolutions_is_one_line(tmp_path: Path) -> None:
    """2,000 bars were killed at 60 s; over ``MAX_BARS`` the figure is refused at once."""
    header = "resolution,date,state,iso3,vote\n"
    rows = "".join(f"A/RES/73/{i},2018-12-05,FRANCE,FRA,Y\n" for i in range(1, MAX_BARS + 2))
    (tmp_path / "v.csv").write_text(header + rows, encoding="utf-8")
    symbols = [f"73/{i}" for i in range(1, MAX_BARS + 2)]
    run = run_cli(["votes", "tally", *symbols, "--votes", "v.csv", "-o", "t.png"], tmp_path)
    assert run.code == 2
    assert_one_error(run, f"at most {MAX_BARS} resolutions")
    assert not (tmp_path / "t.png").exists()


@pytest.mark.slow
def test_the_largest_figure_stays_under_500_mb(tmp_path: Path) -> None:
    """A 99 x 40 grid took 3.1 GB (imshow resampled it to every pixel in floats)."""
    rows = "".join(f"n{i},{NORM} {i}\n" for i in range(MAX_FIGURE_ROWS - 1))
    (tmp_path / "cat.csv").write_text("norm_id,text\n" + rows, encoding="utf-8")
    names = []
    for d in range(MAX_FIGURE_DOCUMENTS):
        body = "".join(f"{i}. {NORM} {i}.\n\n" for i in range(0, MAX_FIGURE_ROWS, 3))
        text = f"---\nsymbol: A/RES/80/{d + 1}\n---\n\nThe General Assembly,\n\n{body}"
        (tmp_path / f"d{d}.txt").write_text(text, encoding="utf-8")
        names.append(f"d{d}.txt")
    run = run_cli(["norms", *names, "--catalogue", "cat.csv", "-o", "g.png"], tmp_path, timeout=300)
    assert run.code == 0, run.stderr
    assert run.max_rss_mb < 500
    assert (tmp_path / "g.png").stat().st_size > 10_000


# ------------------------------------------------------------------ fetch
class _Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def do_GET(self) -> None:  # noqa: N802
        route = self.path.strip("/").split("/")[0]
        self.hits[route] = self.hits.get(route, 0) + 1
        self.close_connection = True
        if route == "garbage":
            self.wfile.write(b"\x1b]52;c;aGk=\x07 not http\r\n\r\n")
        elif route == "headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 200 + b"\r\n")
        elif route == "continue":  # bounded here: the client must stop long before
            for _ in range(100_000):
                self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        ("garbage", "not an HTTP answer"),
        ("headers", "got more than 100 headers"),
        ("continue", "over 20 interim answers"),
    ],
)
def test_an_answer_that_is_not_http_is_not_retried(
    server: str, tmp_path: Path, route: str, reason: str
) -> None:
    waits: list[float] = []
    start = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch_document(
            "A/RES/80/97",
            base_url=f"{server}/{route}/{{symbol}}",
            cache=tmp_path,
            retries=3,
            sleep=waits.append,
        )
    assert reason in str(err.value)
    assert _Handler.hits[route] == 1 and not waits  # one request, no retry
    assert time.monotonic() - start < 5


# ------------------------------------------------------------------ languages
def test_dates_of_a_long_paragraph_are_found_in_linear_time() -> None:
    """Each date searched the whole text before it for a range's first day, and the text
    was copied once a date: 2,000 dates took 10.5 s (a 1 MB paragraph: past 3 minutes)."""
    from pipeline.compare.languages_cues import _dates, load_cues

    cues = load_cues("en")
    sentence = "on 25 to 29 July 2018 and on 5 December 2018, "
    small, large = sentence * 300, sentence * 3_000
    found, blanked = _dates(small, cues)
    assert found == {(2018, 7, 25): 300, (2018, 7, 29): 300, (2018, 12, 5): 300}
    assert blanked.split() == ["on", "and", "on", ","] * 300
    assert len(blanked) == len(small)
    ratios = []
    for _ in range(2):
        base = _cpu(lambda: _dates(small, cues))
        ratios.append(_cpu(lambda: _dates(large, cues)) / max(base, 1e-3))
    assert min(ratios) < 30, ratios  # linear: 10x; the old code gave over 100x


def test_versions_too_long_to_align_are_one_line(tmp_path: Path) -> None:
    """Versions of 3,000 and 1,500 paragraphs: so unlike that every pair is scored, 4.5
    million (the whole table was 400 million cells for 20,000 a side, gigabytes; only
    the band near the diagonal is kept now): one line naming the files, before aligning."""
    from pipeline.compare.languages_align import MAX_CELLS

    count = MAX_CELLS // 1_000
    for lang, verb, size in (("EN", "Decides", count), ("FR", "Décide", count // 2)):
        body = "".join(f"{i}. {verb} {i}.\n\n" for i in range(1, size + 1))
        text = f"---\nsymbol: A/RES/80/5\nlanguage: {lang}\n---\n\nThe General Assembly,\n\n{body}"
        (tmp_path / f"r.{lang.lower()}.txt").write_text(text, encoding="utf-8")
    run = run_cli(["languages", "r.en.txt", "r.fr.txt"], tmp_path)
    assert run.code == 1
    assert_one_error(run, "pairs languages aligns")
    assert "r.en.txt and r.fr.txt" in run.errors()[0]


def test_norms_workbook_and_figure_take_control_characters(tmp_path: Path) -> None:
    """An ESC in a catalogue's norm id was an IllegalCharacterError traceback in
    ``--format xlsx`` (openpyxl refuses control characters) and a missing glyph in the
    figure; now the workbook cells are cleaned and still guarded against formulas."""
    from openpyxl import load_workbook

    wording = "States should not knowingly damage critical infrastructure by ICT activity"
    catalogue = f'norm_id,text\n=n1\x1b]52,"{wording} \x1b]52;c;aGk=\x07 at all"\n'
    (tmp_path / "cat.csv").write_text(catalogue, encoding="utf-8")
    doc = f"---\nsymbol: A/RES/80/9\n---\n\nThe General Assembly,\n\n1. {wording} \x1b[2J.\n"
    (tmp_path / "doc.txt").write_text(doc, encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    run = run_cli(["norms", "doc.txt", "--catalogue", "cat.csv", "-o", "n.xlsx"], tmp_path)
    assert run.code == 0, run.stderr
    cells = [str(c.value) for sheet in load_workbook(tmp_path / "n.xlsx") for r in sheet for c in r]
    assert "'=n1]52" in cells
    assert not any("\x1b" in c or "\x07" in c for c in cells)
    figure = ["norms", "doc.txt", "good.txt", "--catalogue", "cat.csv", "-o", "n.png"]
    run = run_cli(figure, tmp_path)
    assert run.code == 0, run.stderr
    assert "Glyph" not in run.stderr


def test_workbook_cells_fit_in_excel(tmp_path: Path) -> None:
    """A paragraph of 1 MB went whole into one cell: Excel holds 32,767 characters and
    calls such a workbook damaged. Now the cell is cut and says how long the text was."""
    from openpyxl import load_workbook

    from pipeline.report.workbook import EXCEL_CELL, workbook_cell

    assert workbook_cell("=x" + "y" * 100) == "'=x" + "y" * 100  # short text as before
    cut = workbook_cell("word " * 20_000)
    assert isinstance(cut, str) and len(cut) == EXCEL_CELL
    assert cut.endswith(" … [cut: 100,000 characters]")
    (tmp_path / "a.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    (tmp_path / "b.txt").write_text("1. Decides " + "cyber " * 10_000 + "\n", encoding="utf-8")
    run = run_cli(["diff", "a.txt", "b.txt", "-o", "d.xlsx"], tmp_path)
    assert run.code == 0, run.stderr
    cells = [c.value for s in load_workbook(tmp_path / "d.xlsx") for r in s for c in r]
    longest = max(len(str(c)) for c in cells if c is not None)
    assert longest == EXCEL_CELL
