"""`normtrace serve`: Datasette over the store, read-only, searched in headless Chromium."""

from __future__ import annotations

import dataclasses
import json
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser import run_chromium
from factories import make_doc

from pipeline.corpus.reuse import update_reuse
from pipeline.corpus.serve import CANNED_QUERIES, datasette_metadata, make_datasette
from pipeline.corpus.store import Store

OLD = "Calls upon Member States to promote the consideration of threats in information security"
GROUPS = "The working group and the working group secretariat support the working group."


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Not called corpus.db: the URLs say /corpus whatever the file is called.
    path = tmp_path_factory.mktemp("serve") / "my-store.db"
    old = make_doc([OLD + ","], ["Decides to convene a working group;"], symbol="A/RES/73/27")
    new = make_doc([OLD.replace("promote", "further promote") + ","], symbol="A/RES/75/240")
    with Store(path) as store:
        # 73/27's header: adopted 5 December 2018, distributed 11 December 2018.
        old = dataclasses.replace(old, date="2018-12-11", adoption_date="2018-12-05", sha256="1")
        store.write_document("a.txt", old)
        store.write_document("b.txt", dataclasses.replace(new, date="2020-12-31", sha256="2"))
        groups = make_doc([GROUPS], symbol="A/RES/76/19")
        store.write_document("c.txt", dataclasses.replace(groups, date="2021-12-06", sha256="3"))
        update_reuse(store)
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return str(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[str]:
    port = _free_port()
    args = [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)]
    args += ["--allow-host", "mybox.lan"]
    child = subprocess.Popen(args, stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):  # at most about 30 s
            if child.poll() is not None:
                pytest.fail(f"serve exited: {child.stderr.read() if child.stderr else ''}")
            try:
                _get(base + "/-/versions.json")
                break
            except OSError:
                time.sleep(0.2)
        yield base
    finally:
        child.terminate()
        child.wait(timeout=30)


def test_metadata_enables_search_and_queries() -> None:
    meta = datasette_metadata("corpus")["databases"]["corpus"]
    assert meta["tables"]["paragraph_search"]["fts_table"] == "paragraphs_fts"
    assert set(meta["queries"]) == {
        "symbol_paragraphs", "first_appearance", "citing_resolution", "lineage"
    }  # fmt: skip
    assert set(CANNED_QUERIES) == set(meta["queries"])


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # full-text search through the view's FTS index
        ("/corpus/paragraph_search.json?_search=convene&_shape=array",
         [{"symbol": "A/RES/73/27", "paragraph_id": "para_1"}]),
        # ranked search; three "working group"s outrank one, though later in table
        # order; words= as before, q= as the README says
        ("/corpus/search.json?words=working+group&_shape=array",
         [{"symbol": "A/RES/76/19", "paragraph_id": "preamble_1"},
          {"symbol": "A/RES/73/27", "paragraph_id": "para_1"}]),
        ("/corpus/search.json?q=working+group",
         [{"symbol": "A/RES/76/19", "paragraph_id": "preamble_1"},
          {"symbol": "A/RES/73/27", "paragraph_id": "para_1"}]),
        # plain words: a hyphen is text, not FTS5 syntax (a column filter)
        ("/corpus/search.json?q=information-security",
         [{"symbol": "A/RES/73/27", "paragraph_id": "preamble_1"},
          {"symbol": "A/RES/75/240", "paragraph_id": "preamble_1"}]),
        # FTS5 syntax only with fts=1
        ("/corpus/search.json?q=%22working+group%22+NOT+secretariat&fts=1",
         [{"symbol": "A/RES/73/27", "paragraph_id": "para_1"}]),
        # dates: the adoption date, and both where both are known
        ("/corpus/search.json?q=convene",
         [{"symbol": "A/RES/73/27", "sort_date": "2018-12-05", "adoption_date": "2018-12-05",
           "distribution_date": "2018-12-11"}]),
        # canned: paragraphs of a symbol
        ("/corpus/symbol_paragraphs.json?symbol=A/RES/75/240&_shape=array",
         [{"symbol": "A/RES/75/240", "paragraph_id": "preamble_1"}]),
        # canned: where a phrase first appears (earliest first)
        ("/corpus/first_appearance.json?phrase=threats+in+information&_shape=array",
         [{"symbol": "A/RES/73/27", "paragraph_id": "preamble_1"},
          {"symbol": "A/RES/75/240", "paragraph_id": "preamble_1"}]),
        # canned: lineage of 75/240: its preamble comes from 73/27
        ("/corpus/lineage.json?symbol=A/RES/75/240&_shape=array",
         [{"paragraph_id": "preamble_1", "first_symbol": "A/RES/73/27",
           "first_sort_date": "2018-12-05", "first_adoption_date": "2018-12-05",
           "first_distribution_date": "2018-12-11"}]),
    ],
)  # fmt: skip
def test_json_endpoints(server: str, path: str, expected: list[dict[str, str]]) -> None:
    rows = json.loads(_get(server + path))
    assert [{k: row[k] for k in expected[0]} for row in rows] == expected


@pytest.mark.parametrize(
    ("path", "status", "shows"),
    [
        # a first visit: the search box, no error, no table
        ("/corpus/search", 200, ['name="q"', "<h1>Search the corpus</h1>"]),
        # hits with their dates and a lineage link (escaped URL)
        ("/corpus/search?q=further+promote", 200,
         ["A/RES/75/240", "[further] [promote]", 'href="/corpus/lineage?symbol=A%2FRES%2F75%2F240"',
          '<a href="/corpus/symbol_paragraphs?symbol=A%2FRES%2F75%2F240">A/RES/75/240</a>',
          '<td title="preamble_1">PP1</td>',
          'value="further promote"']),
        ("/corpus/search?q=convene", 200, ["adopted 2018-12-05, distributed 2018-12-11"]),
        # no hit: said on the page
        ("/corpus/search?q=zeppelin", 200, ["no matches"]),
        # a query is data: what it holds is escaped, never markup
        ("/corpus/search?q=%3Cscript%3Ex%3C/script%3E", 200, ["&lt;script&gt;x&lt;/script&gt;"]),
        # bad FTS5 syntax only with fts=1: one message, a 400, the box kept
        ("/corpus/search?q=convene+AND+(&fts=1", 400, ["fts5: syntax error", 'name="q"']),
        ("/corpus/search?q=convene+AND+(", 200, ["no matches"]),  # plain words: text
    ],
)  # fmt: skip
def test_search_page(server: str, path: str, status: int, shows: list[str]) -> None:
    try:
        with urllib.request.urlopen(server + path, timeout=10) as response:
            got, page = response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        got, page = err.code, err.read().decode("utf-8")
    assert got == status
    for text in shows:
        assert text in page
    assert "<script>x" not in page


def test_search_json_without_a_query_is_empty(server: str) -> None:
    assert json.loads(_get(server + "/corpus/search.json")) == []


@pytest.mark.parametrize(
    ("host", "status"),
    [
        ("mybox.lan:8001", 200),  # given with --allow-host
        ("localhost", 200),
        ("other.lan", 400),  # a name the server was not told about (DNS rebinding)
    ],
)  # fmt: skip
def test_serve_answers_only_allowed_hosts(server: str, host: str, status: int) -> None:
    request = urllib.request.Request(
        server + "/corpus/search.json?q=convene", headers={"Host": host}
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            got = response.status
    except urllib.error.HTTPError as err:
        got = err.code
    assert got == status


def test_store_is_read_only(server: str, db: Path) -> None:
    # The web front refuses statements other than SELECT ...
    sql = "INSERT INTO failures (path, sha256, reason) VALUES ('x', 'y', 'z')"
    with pytest.raises(urllib.error.HTTPError):
        _get(f"{server}/corpus.json?sql={urllib.parse.quote(sql)}")
    # ... and the connections Datasette reads through cannot write either.
    conn = make_datasette(db).databases["corpus"].connect()
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute(sql)


def _dump_dom(url: str, profile: Path) -> str:
    return run_chromium(["--dump-dom", url], profile).stdout


@pytest.mark.browser
def test_browser_search_shows_hits_and_lineage_links(server: str, tmp_path: Path) -> None:
    page = _dump_dom(server + "/corpus/paragraph_search", tmp_path / "p1")
    assert 'name="_search"' in page  # the search box the form submits
    # What the search form submits: ?_search=...; the rendered page lists the hit.
    dom = _dump_dom(server + "/corpus/paragraph_search?_search=further+promote", tmp_path / "p2")
    assert "1 row where search matches" in dom
    assert "A/RES/75/240" in dom and "A/RES/73/27" not in dom.split("<tbody>")[1]
    assert 'href="/corpus/lineage?symbol=A%2FRES%2F75%2F240"' in dom
    lineage = _dump_dom(server + "/corpus/lineage?symbol=A%2FRES%2F75%2F240", tmp_path / "p3")
    assert "A/RES/73/27" in lineage  # the lineage page names the earlier source


def test_issue_25_a_busy_port_is_one_error_line(db: Path) -> None:
    # issue 25: serve printed "serving ..." and then a uvicorn error, exit 3.
    from click.testing import CliRunner

    from pipeline.cli import cli

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = int(taken.getsockname()[1])
        result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", str(port)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "serving" not in result.stderr
    assert lines[0].startswith(f"error: 127.0.0.1:{port}: cannot listen (Address already in use)")


def test_issue_25_no_empty_memory_database(server: str) -> None:
    names = [d["name"] for d in json.loads(_get(server + "/-/databases.json"))]
    assert names == ["corpus"]


def test_issue_25_the_file_name_redirects_to_corpus(server: str) -> None:
    # The store is my-store.db: /my-store was a 404.
    with urllib.request.urlopen(server + "/my-store/documents?_size=1", timeout=10) as page:
        assert page.url == server + "/corpus/documents?_size=1"


def test_issue_25_symbols_link_to_their_paragraphs(server: str) -> None:
    for path in ("/corpus/documents", "/corpus/document_list", "/corpus/reuse_list"):
        page = _get(server + path)
        assert 'href="/corpus/symbol_paragraphs?symbol=A%2FRES%2F73%2F27">A/RES/73/27</a>' in page


def test_issue_25_the_file_name_with_a_format_redirects_too(server: str) -> None:
    with urllib.request.urlopen(server + "/my-store.json", timeout=10) as page:
        assert page.url == server + "/corpus.json"


def test_issue_25_a_reader_sees_views_and_the_tables_are_hidden(server: str) -> None:
    # Datasette 0.65 cannot hide columns: the tables (sha256, doc_id, char offsets first)
    # are hidden and the views of schema migration 5 listed instead.
    listing = json.loads(_get(server + "/corpus.json"))
    shown = [t["name"] for t in listing["tables"] if not t["hidden"]]
    assert shown == [], shown
    assert {"paragraph_search", "document_list", "entity_list", "reuse_list"} <= {
        v["name"] for v in listing["views"]
    }
    rows = json.loads(_get(server + "/corpus/document_list.json?_shape=array"))
    assert list(rows[0])[:3] == ["symbol", "title", "doc_type"]
    assert not {"date", "sha256", "doc_id"} & set(rows[0])
    # in time order: 73/27 adopted 2018-12-05, 75/240 of 2020, 76/19 of 2021
    assert [r["symbol"] for r in rows] == ["A/RES/73/27", "A/RES/75/240", "A/RES/76/19"]
    assert rows[0]["adoption_date"] == "2018-12-05" and rows[0]["distribution_date"] == "2018-12-11"


@pytest.mark.parametrize(
    "path",
    ["/corpus/paragraph_search?_search=convene", "/corpus/lineage?symbol=A%2FRES%2F73%2F27",
     "/corpus/symbol_paragraphs?symbol=A%2FRES%2F73%2F27"],
)  # fmt: skip
def test_issue_25_paragraphs_show_as_cited_with_the_id_on_hover(server: str, path: str) -> None:
    page = _get(server + path)
    assert '<span title="para_1">OP1</span>' in page or '<span title="preamble_1">PP1</span>' in (
        page
    )
    assert ">para_1<" not in page and ">preamble_1<" not in page


@pytest.mark.parametrize("typed", ["A/RES/73/27", "73/27", "a/res/73/27", "A_RES_73_27.pdf"])
def test_issue_25_canned_queries_take_any_spelling_of_a_symbol(server: str, typed: str) -> None:
    typed = urllib.parse.quote(typed, safe="")
    rows = json.loads(_get(f"{server}/corpus/symbol_paragraphs.json?symbol={typed}&_shape=array"))
    assert {r["symbol"] for r in rows} == {"A/RES/73/27"}
    rows = json.loads(_get(f"{server}/corpus/lineage.json?symbol={typed}&_shape=array"))
    assert [r["paragraph_id"] for r in rows] == ["preamble_1", "para_1"]


def test_issue_25_a_404_is_no_traceback_on_the_terminal(
    db: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import asyncio

    datasette = make_datasette(db)

    async def get(path: str) -> int:
        return int((await datasette.client.get(path)).status_code)

    assert asyncio.run(get("/corpus/no_such_table")) == 404
    printed = capsys.readouterr()
    assert printed.out == "" and printed.err == ""
    # Datasette answers some mistakes as server errors: one line each, no traceback.
    assert asyncio.run(get("/corpus/document_list?_sort=nope")) == 500
    printed = capsys.readouterr()
    assert printed.err == "normtrace serve: DatasetteError: Cannot sort table by nope\n"


def test_issue_25_a_list_of_paragraphs_shows_as_cited() -> None:
    from types import SimpleNamespace

    from pipeline.corpus.serve import _Plugin

    ds = SimpleNamespace(urls=SimpleNamespace(database=lambda name: f"/{name}"))
    cell = str(_Plugin.render_cell("preamble_2,para_1__point_a", "paragraphs", "corpus", ds))
    assert cell == '<span title="preamble_2,para_1__point_a">PP2, OP1(a)</span>'
    cell = str(_Plugin.render_cell("<b>", "paragraph_id", "corpus", ds))
    assert cell == '<span title="&lt;b&gt;">&lt;b&gt;</span>'  # text from a document: escaped


def test_issue_25_a_checksum_cell_shows_its_head() -> None:
    from types import SimpleNamespace

    from pipeline.corpus.serve import _Plugin

    ds = SimpleNamespace(urls=SimpleNamespace(database=lambda name: f"/{name}"))
    digest = "ab" * 32
    cell = str(_Plugin.render_cell(digest, "sha256", "corpus", ds))
    assert cell == f'<span title="{digest}">{digest[:12]}…</span>'
    assert _Plugin.render_cell("short", "sha256", "corpus", ds) is None  # not a checksum
