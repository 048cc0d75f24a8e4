"""The corpus store: one transaction per document, FTS5 search, DataFrames, export."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from factories import make_doc

from pipeline.corpus.export import export_tables, snapshot
from pipeline.corpus.search import SearchError, plain_query, search_hits, search_paragraphs
from pipeline.corpus.store import Store, StoreError, sort_date
from pipeline.document import Clause, Document, Entity, Footnote


def _doc(*operative: str, symbol: str = "A/RES/73/27", sha: str = "a" * 64) -> Document:
    doc = make_doc(
        ["Recalling its resolution 36/103 of 9 December 1981,"], operative, symbol=symbol
    )
    return dataclasses.replace(
        doc,
        sha256=sha,
        date="2018-12-05",
        session=73,
        pages=3,
        footnotes=(Footnote("1", "A/73/505.", 1, ("preamble_1",)),),
        entities=(Entity("36/103", "RES_REF", 23, 29, "preamble_1", "A/RES/36/103"),),
        clauses=(Clause("para_1", "Decides", 5, "binding"),),
    )


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "c.db") as opened:
        yield opened


def test_write_stores_every_part(store: Store) -> None:
    store.write_document("res/A_RES_73_27.txt", _doc("Decides to convene a working group;"))
    counts = store.counts()
    assert (counts["documents"], counts["paragraphs"], counts["footnotes"]) == (1, 2, 1)
    assert (counts["entities"], counts["clauses"], counts["pages"]) == (1, 1, 3)
    assert list(store.paragraphs("A/RES/73/27")["paragraph_id"]) == ["preamble_1", "para_1"]


def test_rewrite_replaces_old_rows(store: Store) -> None:
    store.write_document("res/x.txt", _doc("Decides to convene a working group;"))
    store.write_document("res/x.txt", _doc("Requests a report;", "Decides to remain seized;"))
    assert store.counts()["documents"] == 1
    assert store.counts()["paragraphs"] == 3
    # The FTS index follows: the old wording is gone, the new one is found.
    assert search_paragraphs(store, "convene").empty
    assert list(search_paragraphs(store, "seized")["paragraph_id"]) == ["para_2"]


def test_failure_replaces_document_and_back(store: Store) -> None:
    store.write_document("x.pdf", _doc("Decides;"))
    store.write_failure("x.pdf", "b" * 64, "not a PDF (no %PDF header)")
    assert store.counts()["documents"] == 0 and store.counts()["paragraphs"] == 0
    assert store.known_files() == {"x.pdf": ("b" * 64, "")}
    store.write_document("x.pdf", _doc("Decides;"))
    assert store.counts()["failures"] == 0


def test_failed_write_leaves_old_version(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.write_document("x.txt", _doc("Decides to convene a working group;"))
    broken = dataclasses.replace(_doc("Requests;"), clauses=(None,))  # type: ignore[arg-type]
    with pytest.raises(AttributeError):
        store.write_document("x.txt", broken)
    # The rollback keeps the old version whole.
    assert list(store.paragraphs()["text"])[-1] == "Decides to convene a working group;"
    assert store.counts()["clauses"] == 1


@pytest.mark.parametrize(
    ("query", "filters", "expected"),
    [
        ("convene", {}, ["A/RES/73/27", "A/RES/75/240"]),  # a word in both
        ('"working group"', {"symbol_prefix": "A/RES/75", "fts": True}, ["A/RES/75/240"]),  # prefix
        ("convene", {"session": 75}, ["A/RES/75/240"]),  # session
        ("recalling", {"kind": "operative"}, []),  # kind: the word is only in the preamble
        ("recalling", {"entity": "A/RES/36/103"}, ["A/RES/73/27", "A/RES/75/240"]),  # entity
        ("conven*", {"entity": "USA", "fts": True}, []),  # prefix query; nobody names the USA
        ("open working", {}, ["A/RES/75/240"]),  # plain words: every one must occur
        ("open OR working", {}, []),  # plain words: OR is a word, and no text holds it
        ("open OR working", {"fts": True}, ["A/RES/73/27", "A/RES/75/240"]),  # --fts: OR
    ],
)
def test_search_filters(store: Store, query: str, filters: dict, expected: list[str]) -> None:
    store.write_document("a.txt", _doc("Decides to convene a working group;"))
    later = dataclasses.replace(_doc("Decides to convene an open working group;"), session=75)
    store.write_document("b.txt", dataclasses.replace(later, symbol="A/RES/75/240"))
    hits = search_paragraphs(store, query, **filters)
    assert sorted(hits["symbol"]) == expected


def test_search_ranks_and_marks_snippet(store: Store) -> None:
    store.write_document(
        "a.txt", _doc("Notes the report.", "Decides to convene a group to convene.")
    )
    hits = search_paragraphs(store, "convene")
    assert hits["snippet"][0] == "Decides to [convene] a group to [convene]."
    assert hits["score"].is_monotonic_increasing


@pytest.mark.parametrize(
    ("query", "fts", "message"),
    [
        ("information AND (", True, "fts5: syntax error"),  # FTS5 syntax, checked by FTS5
        ("confidence-building", True, "no such column: building"),  # the issue's own case
        ("-- / ?", False, "no words to search for"),  # plain, but nothing to look for
    ],
)
def test_search_errors_are_one_line(store: Store, query: str, fts: bool, message: str) -> None:
    store.write_document("a.txt", _doc("Decides to convene a working group;"))
    with pytest.raises(SearchError, match=message):
        search_paragraphs(store, query, fts=fts)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("confidence-building", '"confidence-building"'),  # a hyphen is text
        ("75/240 A/RES/78/16", '"75/240" "78/16"'),  # slashes are text; the short form
        ("A/C.1/80/L.20", '"A/C.1/80/L.20"'),  # a draft's symbol has no short form
        ('say "hello', '"say" """hello"'),  # a stray quote is doubled, so it is text
        ("NEAR(a b) OR c*", '"NEAR(a" "b)" "OR" "c*"'),  # FTS5 operators are words
        ("  - ;; ", '""'),  # no word at all: a query that matches nothing
    ],
)
def test_plain_query_quotes_every_term(text: str, expected: str) -> None:
    assert plain_query(text) == expected


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("Confidence-building measures matter.", "confidence-building"),  # hyphen
        ("See resolution 75/240 of 31 December 2020.", "75/240"),  # slash
        ("Within the group’s mandate.", "group's mandate"),  # straight quote, curly text
        ("Recalling A/RES/73/27,", "A/RES/73/27"),  # a symbol
    ],
)
def test_plain_words_find_text_with_punctuation(store: Store, text: str, query: str) -> None:
    store.write_document("a.txt", _doc(text))
    store.write_document("b.txt", _doc("Decides to remain seized.", symbol="A/RES/75/1"))
    hits = search_paragraphs(store, query)
    assert list(zip(hits["symbol"], hits["paragraph_id"], strict=True)) == [
        ("A/RES/73/27", "para_1")
    ]


def test_search_dates_are_adoption_then_distribution(store: Store) -> None:
    # A/RES/79/237: adopted 24 December 2024, distributed 31 December 2024 (its header).
    adopted = dataclasses.replace(_doc("Decides to convene;"), date="2024-12-31",
                                  adoption_date="2024-12-24")  # fmt: skip
    store.write_document("a.txt", adopted)
    draft = dataclasses.replace(_doc("Decides to convene;", symbol="A/C.1/79/L.1"),
                                date="2024-10-10")  # fmt: skip
    store.write_document("b.txt", draft)
    hits = {h.symbol: h for h in search_hits(store, "convene")}
    got = hits["A/RES/73/27"]
    assert (got.sort_date, got.adoption_date, got.distribution_date) == (
        "2024-12-24", "2024-12-24", "2024-12-31"
    )  # fmt: skip
    got = hits["A/C.1/79/L.1"]  # a draft is never adopted: its distribution date
    assert (got.sort_date, got.adoption_date, got.distribution_date) == (
        "2024-10-10",
        None,
        "2024-10-10",
    )


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_round_trips(store: Store, tmp_path: Path, fmt: str) -> None:
    store.write_document("a.txt", _doc("Decides to convene a working group;"))
    files = export_tables(store, fmt, tmp_path / "out")
    assert [f.stem for f in files] == [
        "documents", "paragraphs", "footnotes", "entities", "clauses", "failures", "reuse",
        "markup", "recorded_votes",  # issue 23: what the UN's markup adds
    ]  # fmt: skip
    read = pd.read_parquet if fmt == "parquet" else pd.read_csv
    paragraphs = read(tmp_path / "out" / f"paragraphs.{fmt}")
    assert list(paragraphs["text"]) == list(store.table("paragraphs")["text"])


def test_snapshot_ignores_write_order(tmp_path: Path) -> None:
    first, second = Store(tmp_path / "1.db"), Store(tmp_path / "2.db")
    a, b = _doc("Decides A;"), _doc("Decides B;", symbol="A/RES/75/240")
    first.write_document("a.txt", a), first.write_document("b.txt", b)
    second.write_document("b.txt", b), second.write_document("a.txt", a)
    left, right = snapshot(first), snapshot(second)
    for name in left:
        pd.testing.assert_frame_equal(left[name], right[name])
    second.write_document("a.txt", _doc("Decides C;"))
    assert not snapshot(second)["paragraphs"].equals(left["paragraphs"])


@pytest.mark.parametrize(
    ("date", "session", "path", "expected"),
    [
        ("2018-12-05", 73, "res/A_RES_73_27.txt", "2018-12-05"),  # the issue date, no other
        (None, None, "batch/AFG_73_2018.txt", "2018-09-01"),  # a speech: the year in its name
        (None, 75, "x/statement.txt", "2020-09-01"),  # only the session
        ("5 December", None, "x/y.txt", None),  # not an ISO date, nothing else
    ],
)
def test_sort_date(date: str | None, session: int | None, path: str, expected: str | None) -> None:
    doc = dataclasses.replace(make_doc(), date=date, session=session)
    assert sort_date(doc, path) == expected


@pytest.mark.parametrize(
    ("content", "readonly", "message"),
    [
        (None, True, "no such database"),  # read-only needs an existing file
        (b"not sqlite at all, just some bytes" * 100, False, "not a corpus database"),  # junk
    ],
)
def test_open_errors(tmp_path: Path, content: bytes | None, readonly: bool, message: str) -> None:
    path = tmp_path / "x.db"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(StoreError, match=message):
        Store(path, readonly=readonly)


@pytest.mark.parametrize(
    ("date", "adoption_date", "expected"),
    [
        ("2024-12-31", "2024-12-24", "2024-12-24"),  # A/RES/79/237: adopted before issued
        ("2024-10-10", None, "2024-10-10"),  # a draft: only the distribution date
        ("2024-12-31", "24 December", "2024-12-31"),  # not an ISO adoption date: skipped
    ],
)
def test_sort_date_takes_the_adoption_date_first(
    date: str, adoption_date: str | None, expected: str
) -> None:
    doc = dataclasses.replace(make_doc(), date=date, adoption_date=adoption_date)
    assert sort_date(doc, "res/x.txt") == expected


# A/RES/79/237: adopted 2024-12-24, distributed 2024-12-31.
_TWO_DATES = {"date": "2024-12-31", "adoption_date": "2024-12-24"}


def _older_store(db: Path, version: int, *statements: str) -> Document:
    """A store holding one document with both dates, as schema ``version`` left it after
    ``statements``; returns the document."""
    doc = dataclasses.replace(_doc("Decides;"), **_TWO_DATES)
    with Store(db) as store:
        store.write_document("a.txt", doc)
        with store.transaction() as conn:
            for sql in statements:
                conn.execute(sql)
            conn.execute(f"UPDATE meta SET value = '{version}' WHERE key = 'schema_version'")
            store.set_meta(conn, "reuse_fingerprint", "old")
    return doc


def test_migration_3_dates_by_adoption_and_shows_both(tmp_path: Path) -> None:
    db = tmp_path / "v2.db"
    _older_store(db, 2, "UPDATE documents SET sort_date = date")
    with Store(db) as store:
        assert store.conn.execute("SELECT sort_date FROM documents").fetchone()[0] == "2024-12-24"
        assert store.get_meta("reuse_fingerprint") is None  # reuse is recomputed next build
        view = store.query(
            "SELECT sort_date, adoption_date, distribution_date FROM paragraph_search"
        )
        assert view.iloc[0].tolist() == ["2024-12-24", "2024-12-24", "2024-12-31"]


def test_issue_25_migration_5_views_have_a_readers_columns(tmp_path: Path) -> None:
    # paragraph_search had a bare "date" (the adoption date there, the distribution date
    # in the export); Datasette opened tables on sha256 and character offsets.
    db = tmp_path / "v4.db"
    doc = _older_store(
        db,
        4,
        "DROP VIEW paragraph_search",
        # As migration 3 made it, word for word: a store refuses views it never made.
        "CREATE VIEW paragraph_search AS"
        " SELECT p.pid, d.symbol, coalesce(d.adoption_date, d.date) AS date,"
        " d.adoption_date, d.date AS distribution_date, d.session, d.doc_type,"
        " p.paragraph_id, p.kind, p.text, coalesce(d.symbol, d.path) AS lineage"
        " FROM paragraphs p JOIN documents d ON d.doc_id = p.doc_id",
        "DROP VIEW document_list",
    )
    with Store(db) as store:
        listing = "SELECT name FROM sqlite_master WHERE type = 'view'"
        views = [r[0] for r in store.conn.execute(listing)]
        assert {"paragraph_search", "document_list", "entity_list", "failed_files"} <= set(views)
        for view in views:
            columns = [r[1] for r in store.conn.execute(f"PRAGMA table_info({view})")]
            assert not {"date", "sha256", "char_start", "char_end", "doc_id"} & set(columns), view
        row = store.query("SELECT * FROM paragraph_search WHERE kind = 'operative'").iloc[0]
        assert (row["symbol"], row["paragraph_id"], row["adoption_date"]) == (
            doc.symbol, "para_1", "2024-12-24"
        )  # fmt: skip
        assert (row["distribution_date"], row["sort_date"], row["file"]) == (
            "2024-12-31", "2024-12-24", "a.txt"
        )  # fmt: skip
        listed = store.query("SELECT symbol, adoption_date, distribution_date FROM document_list")
        assert listed.iloc[0].tolist() == [doc.symbol, "2024-12-24", "2024-12-31"]


def test_issue_25_an_unknown_file_name_lists_the_nearest_held_files(tmp_path: Path) -> None:
    from pipeline.corpus.resolve import UnknownSymbolError, find_document

    with Store(tmp_path / "c.db") as store:
        paris = dataclasses.replace(_doc("Decides;"), symbol=None)
        store.write_document("other/Paris_Call_2018_EN.txt", paris)
        store.write_document("res/A_RES_73_27.txt", _doc("Decides;"))
        for typed in ("Paris_Call_2018_EN.txt", "paris_call_2018_en.txt"):
            assert find_document(store, typed).path == "other/Paris_Call_2018_EN.txt"
        with pytest.raises(UnknownSymbolError) as caught:
            find_document(store, "Paris_Call_2019_EN.txt")
    assert caught.value.nearest == ["Paris_Call_2018_EN.txt"]  # was [] for a file name
