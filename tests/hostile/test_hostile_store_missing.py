"""A store at the current version that lacks one of its own objects (issue 27, item 3).

A store whose search index was dropped (by hand, or by a tool that "cleaned" it) made
``corpus search`` fail naming the query ("'seized': no such table: paragraphs_fts")
and ``corpus check`` said "ok". Now every reader and a build name the store and say it
is damaged, and ``check`` lists what is missing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from test_hostile_store_faults import READERS, _run, _store

from pipeline.corpus.schema import latest_objects

# One table, one index, one trigger and one view of the current schema.
DROPS = {
    "search table": "DROP TABLE paragraphs_fts",
    "a view": "DROP VIEW document_list",
    "a trigger": "DROP TRIGGER {trigger}",
    "an index": "DROP INDEX {index}",
}


def _first(kind: str) -> str:
    return min(name for k, name in latest_objects() if k == kind)


def _drop(db: Path, statement: str) -> str:
    statement = statement.format(trigger=_first("trigger"), index=_first("index"))
    with sqlite3.connect(db) as conn:
        conn.execute(statement)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return statement.split()[-1]


def test_the_current_schema_has_every_kind_of_object() -> None:
    kinds = {kind for kind, _ in latest_objects()}
    assert {"table", "index", "trigger", "view"} <= kinds
    assert ("table", "paragraphs_fts") in latest_objects()


@pytest.mark.parametrize("drop", DROPS, ids=str)
@pytest.mark.parametrize("args", READERS, ids=lambda a: " ".join(a[:2]))
def test_a_missing_object_is_one_line_naming_the_store(
    tmp_path: Path, args: list[str], drop: str
) -> None:
    db = _store(tmp_path / "m.db")
    name = _drop(db, DROPS[drop])
    code, lines, _ = _run(args, db, tmp_path)
    assert code == 1
    if args[1] == "check":  # the problems, one a line, then the damaged line
        assert any(f"{name!r}: missing" in line for line in lines), lines
        assert str(db) in lines[-1] and "the store is damaged" in lines[-1], lines
    else:
        assert len(lines) == 1, lines
        assert str(db) in lines[0] and "the store is damaged" in lines[0], lines
        assert repr(name) in lines[0], lines


def test_build_on_a_store_missing_its_search_table_writes_nothing(tmp_path: Path) -> None:
    db = _store(tmp_path / "b.db")
    _drop(db, DROPS["search table"])
    before = db.read_bytes()
    root = tmp_path / "root"
    root.mkdir()
    (root / "b.txt").write_text("The General Assembly,\n\n1. Decides.\n", encoding="utf-8")
    code, lines, stdout = _run(["corpus", "build", str(root), "--db", str(db)], db, tmp_path)
    assert code == 1 and stdout == ""
    assert len(lines) == 1 and "lacks the table 'paragraphs_fts'" in lines[0], lines
    assert db.read_bytes() == before
