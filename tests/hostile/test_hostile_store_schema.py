"""Issue 13, item 12: the store maps rows by column name and migrates by number.

A column added later (or a table whose columns come in another order) can never shift
a field; an old store is brought up to date once, a newer one is refused.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from factories import make_doc

from pipeline.corpus.schema import _SCHEMA_1, SCHEMA_VERSION, migrate, schema_version
from pipeline.corpus.store import Store, StoreError


def _doc() -> object:
    doc = make_doc(["Recalling its resolution 73/27,"], ["Decides to act."], symbol="A/RES/80/1")
    return dataclasses.replace(doc, date="2025-12-01", session=80, pages=2, sha256="s")


def test_a_version_1_store_is_migrated_once(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with sqlite3.connect(db) as conn:  # as normtrace wrote it before the reader columns
        conn.executescript(_SCHEMA_1)
        conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
        conn.execute(
            "INSERT INTO documents (path, sha256, symbol, doc_type, pages, n_paragraphs)"
            " VALUES ('a.txt', 'x', 'A/RES/1/1', 'resolution', 1, 0)"
        )
    with Store(db) as store:
        assert schema_version(store.conn) == SCHEMA_VERSION == 5
        assert store.known_files() == {"a.txt": ("x", "")}  # "": read again by the next build
        assert migrate(store.conn, db) == 0  # nothing left to run
    columns = [row[1] for row in sqlite3.connect(db).execute("PRAGMA table_info(documents)")]
    assert columns[-1] == "reader" and columns.count("reader") == 1


def test_a_store_from_a_newer_normtrace_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="made by a newer normtrace .schema version 99"):
        Store(db)


def test_rows_are_read_by_column_name(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    with Store(db) as store:
        store.write_document("a.txt", _doc())  # type: ignore[arg-type]
    # Rebuild documents and paragraphs with their columns in reverse order, as a later
    # migration that rebuilds a table might: reading by position would mix the fields.
    # As SQLite's own recipe does, the views, indexes and triggers are made again after.
    with sqlite3.connect(db) as conn:
        kept = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type IN ('view', 'index',"
            " 'trigger') AND sql IS NOT NULL AND (type = 'view' OR tbl_name IN"
            " ('documents', 'paragraphs'))"
        ).fetchall()
        for kind, name, _ in kept:  # views name the tables being replaced
            conn.execute(f"DROP {kind.upper()} {name}")
        for table in ("documents", "paragraphs"):
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")][::-1]
            listed = ", ".join(columns)
            conn.execute(f"CREATE TABLE {table}_new AS SELECT {listed} FROM {table}")
            conn.execute(f"DROP TABLE {table}")
            conn.execute(f"ALTER TABLE {table}_new RENAME TO {table}")
        for _, _, sql in kept:
            conn.execute(sql)
    with Store(db, readonly=True) as store:
        got = store.load_document("A/RES/80/1")
    assert (got.symbol, got.date, got.session, got.pages, got.source) == (
        "A/RES/80/1", "2025-12-01", 80, 2, "a.txt"
    )  # fmt: skip
    assert [(p.id, p.kind, p.text, p.index) for p in got.paragraphs] == [
        ("preamble_1", "preamble", "Recalling its resolution 73/27,", 0),
        ("para_1", "operative", "Decides to act.", 1),
    ]


def test_writes_name_their_columns(tmp_path: Path) -> None:
    # A column a later migration adds must not break writes that listed values only.
    db = tmp_path / "c.db"
    Store(db).close()
    with sqlite3.connect(db) as conn:
        for table in ("documents", "paragraphs", "footnotes", "entities", "clauses", "meta"):
            conn.execute(f"ALTER TABLE {table} ADD COLUMN added_later TEXT")
    with Store(db) as store:
        store.write_document("a.txt", _doc())  # type: ignore[arg-type]
        with store.transaction() as conn:
            store.set_meta(conn, "k", "v")
        assert store.counts()["paragraphs"] == 2 and store.get_meta("k") == "v"
