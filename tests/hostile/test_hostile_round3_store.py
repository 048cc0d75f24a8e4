"""Issue 27, third hostile round: a store altered by hand ends in one line, never a traceback.

Two holes (bench/hostile_round_cases.py, ``store_cases``):

- a row read back whose JSON list column is nested 100,000 deep (``diff X X --db``
  printed a RecursionError traceback), or not JSON at all, or text in an integer column:
  now one line naming the store, the document and the row, saying it is damaged and to
  rebuild it;
- a trigger holding an endless recursive query (``corpus build`` hung until killed): an
  index, trigger or view that no schema version makes (compared by name and SQL) is
  refused when the store is opened, before any statement could fire it.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

import pytest
from factories import make_doc
from hostile_cases import GOOD_RESOLUTION, assert_one_error, run_cli

from pipeline.corpus.faults import StoreDamagedError, check_store, foreign_objects
from pipeline.corpus.schema import _SCHEMA_1, migrate, own_objects
from pipeline.corpus.store import Store
from pipeline.document import Footnote, RecordedVote

SECONDS = 5.0  # beyond a sound store's run: the bound
MEGABYTES = 500.0
DEEP = "[" * 100_000 + "]" * 100_000
FOREVER = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"


def _store(path: Path) -> Path:
    """A store holding A/RES/80/1 with a footnote, its markup and a recorded vote."""
    doc = make_doc(["Recalling its resolution 73/27,"], ["Decides to remain seized."])
    doc = dataclasses.replace(
        doc,
        symbol="A/RES/80/1",
        date="2025-12-01",
        sha256="s",
        footnotes=(Footnote("1", "A/73/27.", 1, ("para_1",)),),
        additional_sponsors=("Chile",),
        recorded_votes=(
            RecordedVote("para_1", 1, 0, 0, "adopted by 1 vote to 0", in_favour=("France",)),
        ),
    )
    with Store(path) as store:
        store.write_document("a.txt", doc)
    return path


def _alter(db: Path, sql: str, *params: object) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute(sql, params)
    conn.close()


# ------------------------------------------------------------------ rows read back
@pytest.mark.parametrize(
    ("sql", "value", "named"),
    [
        # CASE 1: nested past the JSON parser's depth (was a RecursionError traceback)
        ("UPDATE paragraphs SET footnotes = ?", DEEP, "paragraphs row pid 1: footnotes"),
        ("UPDATE documents SET sponsors = ?", DEEP, "documents row doc_id 1: sponsors"),
        # CASE 2: not JSON at all (was a JSONDecodeError traceback)
        ("UPDATE documents SET agenda_items = ?", "{not json", "doc_id 1: agenda_items"),
        ("UPDATE footnotes SET paragraph_ids = ?", "[", "footnotes row 1: paragraph_ids"),
        # CASE 3: JSON, but not a list of text
        ("UPDATE recorded_votes SET in_favour = ?", '{"a": 1}', "recorded_votes row 1: in_favour"),
        ("UPDATE markup SET additional_sponsors = ?", "[1, 2]", "markup row doc_id 1"),
        ("UPDATE paragraphs SET footnotes = ?", '"1"', "pid 1: footnotes is not a list"),
        # CASE 4: text where a build writes an integer
        ("UPDATE documents SET session = ?", "x", "doc_id 1: session is not an integer"),
        ("UPDATE documents SET pages = ?", "y", "doc_id 1: pages is not an integer"),
        ("UPDATE paragraphs SET page = ?", "z", "pid 1: page is not an integer"),
        ("UPDATE recorded_votes SET yes = ?", "many", "row 1: yes is not an integer"),
    ],
)
def test_a_damaged_row_is_one_line_naming_it(
    tmp_path: Path, sql: str, value: str, named: str
) -> None:
    db = _store(tmp_path / "s.db")
    _alter(db, sql, value)
    with Store(db, readonly=True) as store, pytest.raises(StoreDamagedError) as caught:
        store.load_document("A/RES/80/1")
    message = str(caught.value)
    assert message.startswith(f"{db}: the store is damaged ('A/RES/80/1', ")
    assert named in message and "run `normtrace corpus build` again" in message
    assert "\n" not in message and len(message) < 400  # the value itself is never quoted


def test_a_sound_store_reads_back_what_was_written(tmp_path: Path) -> None:
    # The checks refuse nothing a build writes: NULL lists are empty, lists of text kept.
    db = _store(tmp_path / "s.db")
    _alter(db, "UPDATE documents SET agenda_items = NULL, session = NULL")
    with Store(db, readonly=True) as store:
        doc = store.load_document("A/RES/80/1")
    assert (doc.agenda_items, doc.session, doc.additional_sponsors) == ((), None, ("Chile",))
    assert doc.footnotes[0].paragraph_ids == ("para_1",)
    assert doc.recorded_votes[0].in_favour == ("France",)


def test_diff_on_deep_json_is_one_line_within_the_bound(tmp_path: Path) -> None:
    sound = _store(tmp_path / "sound.db")
    db = _store(tmp_path / "deep.db")
    _alter(db, "UPDATE paragraphs SET footnotes = ?", DEEP)
    args = ["diff", "A/RES/80/1", "A/RES/80/1", "--db"]
    baseline = run_cli([*args, str(sound)], tmp_path, timeout=60)
    assert baseline.code == 0, baseline.stderr
    run = run_cli([*args, str(db)], tmp_path, timeout=60)
    assert run.code == 1 and run.stdout == ""
    assert_one_error(run, "the store is damaged")  # both inputs fail alike: said once
    assert run.seconds < baseline.seconds + SECONDS and run.max_rss_mb < MEGABYTES


# ------------------------------------------------------------------ objects it never made
FOREIGN = {
    # CASE 1: a trigger that never ends (corpus build hung until killed)
    "endless trigger": (
        f"CREATE TRIGGER evil AFTER INSERT ON documents BEGIN SELECT ({FOREVER}); END"
    ),
    # CASE 2: a view that never ends, shown by serve
    "endless view": f"CREATE VIEW evil AS {FOREVER}",
    # CASE 3: an index whose expression makes 100 MB a row
    "index of blobs": "CREATE INDEX evil ON documents(zeroblob(100000000))",
    # CASE 4: the schema's own trigger name with other SQL
    "own name, other SQL": (
        "CREATE TRIGGER paragraphs_ai AFTER INSERT ON paragraphs BEGIN SELECT 1; END"
    ),
}


@pytest.mark.parametrize("sql", FOREIGN.values(), ids=FOREIGN.keys())
@pytest.mark.parametrize("readonly", [False, True], ids=["build", "reader"])
def test_an_object_normtrace_never_makes_is_refused_at_open(
    tmp_path: Path, sql: str, readonly: bool
) -> None:
    db = _store(tmp_path / "s.db")
    with sqlite3.connect(db) as conn:
        if "paragraphs_ai" in sql:  # case 4 takes the place of the schema's own
            conn.execute("DROP TRIGGER paragraphs_ai")
        conn.execute(sql)
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreDamagedError, match="which normtrace never makes"):
        Store(db, readonly=readonly)
    assert db.read_bytes() == before  # refused before anything was written
    assert check_store(db)  # corpus check lists it too


def test_every_schema_version_holds_only_its_own_objects(tmp_path: Path) -> None:
    # A fresh store, and a version 1 store brought up to date by the migrations.
    fresh = _store(tmp_path / "fresh.db")
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.executescript(_SCHEMA_1)
        conn.execute("INSERT INTO meta VALUES ('schema_version', '1')")
    conn.close()
    Store(old).close()
    for db in (fresh, old):
        with sqlite3.connect(db) as conn:
            assert foreign_objects(conn) == []
            assert migrate(conn, db) == 0
        conn.close()
    kinds = {kind for kind, _, _ in own_objects()}
    assert kinds == {"index", "trigger", "view"}


def test_build_on_an_endless_trigger_is_one_line_not_a_hang(tmp_path: Path) -> None:
    db = _store(tmp_path / "s.db")
    _alter(db, FOREIGN["endless trigger"])
    root = tmp_path / "root"
    root.mkdir()
    (root / "good.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    run = run_cli(["corpus", "build", str(root), "--db", str(db)], tmp_path, timeout=60)
    assert run.code == 1
    assert_one_error(run, "trigger 'evil', which normtrace never makes")
    assert run.seconds < 30 and run.max_rss_mb < MEGABYTES  # refused at open, no reading
