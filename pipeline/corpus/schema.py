"""The corpus store's schema, built by numbered migrations.

``meta.schema_version`` says which migrations a store has had. Opening a store for
writing runs the ones it lacks, in order, each in one transaction with the version it
reaches, so a column added later is added once, at the end of its table, whatever
version the store started from. A store made by a newer normtrace is refused.

``own_objects`` lists the indexes, triggers and views the migrations make (name and
SQL, at every version): a store holding any other runs code normtrace never wrote
(a trigger with an endless recursive query hung a build, issue 27) and is refused.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable

from pipeline.errors import NormtraceError


class StoreError(NormtraceError):
    """The database file cannot be opened as a corpus store."""


_SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id INTEGER PRIMARY KEY,
    path TEXT NOT NULL UNIQUE,          -- relative to the corpus root
    sha256 TEXT NOT NULL,
    symbol TEXT, title TEXT, doc_type TEXT NOT NULL,
    date TEXT, adoption_date TEXT, session INTEGER,
    sort_date TEXT,                     -- date, else the session's year (speeches)
    agenda_items TEXT, sponsors TEXT,   -- JSON lists
    committee_report TEXT, meeting TEXT, language TEXT,
    pages INTEGER NOT NULL, n_paragraphs INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_symbol ON documents(symbol);
CREATE TABLE IF NOT EXISTS paragraphs (
    pid INTEGER PRIMARY KEY,
    doc_id INTEGER NOT NULL REFERENCES documents(doc_id),
    paragraph_id TEXT NOT NULL, idx INTEGER NOT NULL, kind TEXT NOT NULL, number TEXT,
    text TEXT NOT NULL, page INTEGER, char_start INTEGER, char_end INTEGER, parent TEXT,
    footnotes TEXT, speaker TEXT, affiliation TEXT,
    UNIQUE (doc_id, idx)
);
CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5(
    text, content="paragraphs", content_rowid="pid",
    tokenize="porter unicode61 remove_diacritics 2"
);
CREATE TRIGGER IF NOT EXISTS paragraphs_ai AFTER INSERT ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(rowid, text) VALUES (new.pid, new.text);
END;
CREATE TRIGGER IF NOT EXISTS paragraphs_ad AFTER DELETE ON paragraphs BEGIN
    INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text) VALUES ('delete', old.pid, old.text);
END;
CREATE TABLE IF NOT EXISTS footnotes (
    doc_id INTEGER NOT NULL REFERENCES documents(doc_id),
    marker TEXT NOT NULL, text TEXT NOT NULL, page INTEGER, paragraph_ids TEXT
);
CREATE INDEX IF NOT EXISTS footnotes_doc ON footnotes(doc_id);
CREATE TABLE IF NOT EXISTS entities (
    doc_id INTEGER NOT NULL REFERENCES documents(doc_id),
    paragraph_id TEXT NOT NULL, text TEXT NOT NULL, label TEXT NOT NULL,
    char_start INTEGER, char_end INTEGER, norm_id TEXT, date TEXT
);
CREATE INDEX IF NOT EXISTS entities_doc ON entities(doc_id);
CREATE INDEX IF NOT EXISTS entities_norm ON entities(norm_id);
CREATE TABLE IF NOT EXISTS clauses (
    doc_id INTEGER NOT NULL REFERENCES documents(doc_id),
    paragraph_id TEXT NOT NULL, verb TEXT, strength INTEGER, modality TEXT,
    topics TEXT                         -- JSON [[name, score], ...]
);
CREATE INDEX IF NOT EXISTS clauses_doc ON clauses(doc_id);
CREATE TABLE IF NOT EXISTS failures (
    path TEXT PRIMARY KEY, sha256 TEXT NOT NULL, reason TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS reuse (
    target_pid INTEGER NOT NULL REFERENCES paragraphs(pid),
    source_pid INTEGER NOT NULL REFERENCES paragraphs(pid),
    target_doc INTEGER NOT NULL, source_doc INTEGER NOT NULL,
    similarity REAL NOT NULL,           -- word-level similarity of the normalised texts
    PRIMARY KEY (target_pid, source_pid)
);
CREATE INDEX IF NOT EXISTS reuse_source ON reuse(source_pid);
-- Paragraphs with their document, for browsing and search in Datasette.
CREATE VIEW IF NOT EXISTS paragraph_search AS
    SELECT p.pid, d.symbol, d.date, d.session, d.doc_type, p.paragraph_id, p.kind, p.text,
           coalesce(d.symbol, d.path) AS lineage
    FROM paragraphs p JOIN documents d ON d.doc_id = p.doc_id;
"""


def _create(conn: sqlite3.Connection) -> None:
    # One statement at a time inside the migration's transaction (executescript would
    # commit it first); complete_statement keeps a trigger's body in one piece.
    statement = ""
    for line in _SCHEMA_1.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            conn.execute(statement)
            statement = ""


def _add_reader_columns(conn: sqlite3.Connection) -> None:
    """Each stored file records what read it (``fingerprint.reader_fingerprint``).

    Old rows get "", which no reader has, so the next build reads them again. A store
    that already has the columns (made while they were added ad hoc) keeps them.
    """
    for table in ("documents", "failures"):
        columns = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if "reader" not in columns:
            conn.execute(f"ALTER TABLE {table} ADD COLUMN reader TEXT NOT NULL DEFAULT ''")


_ISO_DATE = "'[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'"


def _date_by_adoption(conn: sqlite3.Connection) -> None:
    """Order documents by their adoption date where known; show both dates in the view.

    ``documents.date`` is the distribution ("Distr.") date and ``adoption_date`` the date
    the General Assembly adopted the text; ``sort_date`` now takes the adoption date first
    (``store.sort_date``). Which paragraph came first (the reuse table) follows that
    order, so when a date changes the reuse fingerprint goes and the next build
    recomputes reuse.
    """
    changed = conn.execute(
        f"UPDATE documents SET sort_date = adoption_date WHERE adoption_date GLOB {_ISO_DATE}"
        " AND sort_date IS NOT adoption_date"
    ).rowcount
    if changed:
        conn.execute("DELETE FROM meta WHERE key = 'reuse_fingerprint'")  # store.REUSE_FINGERPRINT
    # A view holds no data: replacing it shifts no stored column.
    conn.execute("DROP VIEW IF EXISTS paragraph_search")
    conn.execute(
        "CREATE VIEW paragraph_search AS"
        " SELECT p.pid, d.symbol, coalesce(d.adoption_date, d.date) AS date,"
        " d.adoption_date, d.date AS distribution_date, d.session, d.doc_type,"
        " p.paragraph_id, p.kind, p.text, coalesce(d.symbol, d.path) AS lineage"
        " FROM paragraphs p JOIN documents d ON d.doc_id = p.doc_id"
    )


def _add_markup(conn: sqlite3.Connection) -> None:
    """What the UN's markup adds (issue 23): a paragraph's own id (AKN4UN ``eId``); a
    document's additional sponsors and voting outcome; its recorded votes, each with the
    names listed on every side. New tables, and a column at the end of ``paragraphs``.
    """
    columns = {row[1] for row in conn.execute("PRAGMA table_info(paragraphs)")}
    if "eid" not in columns:
        conn.execute("ALTER TABLE paragraphs ADD COLUMN eid TEXT")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS markup (doc_id INTEGER PRIMARY KEY REFERENCES"
        " documents(doc_id), additional_sponsors TEXT, vote_outcome TEXT)"
    )
    conn.execute(
        "CREATE TABLE IF NOT EXISTS recorded_votes (doc_id INTEGER NOT NULL REFERENCES"
        " documents(doc_id), paragraph_id TEXT NOT NULL, yes INTEGER NOT NULL,"
        " no INTEGER NOT NULL, abstain INTEGER NOT NULL, text TEXT NOT NULL, subject TEXT,"
        " outcome TEXT, in_favour TEXT, against TEXT, abstaining TEXT)"  # JSON lists
    )
    conn.execute("CREATE INDEX IF NOT EXISTS recorded_votes_doc ON recorded_votes(doc_id)")


# What a reader browses (``normtrace serve`` shows these views and hides the tables):
# each row's own columns first, a document's symbol beside each row, and never a
# checksum, an internal row id (but the one FTS5 needs, last) or a character offset.
# Dates are ``adoption_date``, ``distribution_date`` and ``sort_date`` (the first known
# of them), as in search hits, lineage and the export; never a bare ``date``. Rows in
# time order, undated ones last. Frozen
# with migration 5: a later change to a view is a new migration with its own SQL.
_READER_VIEWS = {
    "paragraph_search": (
        "SELECT d.symbol, p.paragraph_id, p.kind, p.text, p.page, d.adoption_date,"
        " d.date AS distribution_date, d.sort_date, d.session, d.doc_type, d.language,"
        " d.path AS file, coalesce(d.symbol, d.path) AS lineage, p.pid"
        " FROM paragraphs p JOIN documents d ON d.doc_id = p.doc_id"
        " ORDER BY d.sort_date IS NULL, d.sort_date, d.symbol, d.path, p.idx"
    ),
    "document_list": (
        "SELECT d.symbol, d.title, d.doc_type, d.adoption_date, d.date AS distribution_date,"
        " d.sort_date, d.session, d.language, d.agenda_items, d.sponsors,"
        " m.additional_sponsors, m.vote_outcome, d.committee_report, d.meeting, d.pages,"
        " d.n_paragraphs, d.path AS file, coalesce(d.symbol, d.path) AS lineage"
        " FROM documents d LEFT JOIN markup m ON m.doc_id = d.doc_id"
        " ORDER BY d.sort_date IS NULL, d.sort_date, d.symbol, d.path"
    ),
    "entity_list": (
        "SELECT d.symbol, e.paragraph_id, e.label, e.text, e.norm_id, e.date AS entity_date,"
        " d.path AS file FROM entities e JOIN documents d ON d.doc_id = e.doc_id"
    ),
    "clause_list": (
        "SELECT d.symbol, c.paragraph_id, c.verb, c.strength, c.modality, c.topics,"
        " d.path AS file FROM clauses c JOIN documents d ON d.doc_id = c.doc_id"
    ),
    "footnote_list": (
        "SELECT d.symbol, f.marker, f.text, f.page, f.paragraph_ids, d.path AS file"
        " FROM footnotes f JOIN documents d ON d.doc_id = f.doc_id"
    ),
    "reuse_list": (
        "SELECT td.symbol, tp.paragraph_id, sd.symbol AS source_symbol,"
        " sp.paragraph_id AS source_paragraph_id, r.similarity, sd.sort_date AS source_sort_date,"
        " td.path AS file, sd.path AS source_file"
        " FROM reuse r JOIN paragraphs tp ON tp.pid = r.target_pid"
        " JOIN paragraphs sp ON sp.pid = r.source_pid"
        " JOIN documents td ON td.doc_id = r.target_doc"
        " JOIN documents sd ON sd.doc_id = r.source_doc"
    ),
    "vote_list": (
        "SELECT d.symbol, v.paragraph_id, v.subject, v.outcome, v.yes, v.no, v.abstain,"
        " v.in_favour, v.against, v.abstaining, v.text, d.path AS file"
        " FROM recorded_votes v JOIN documents d ON d.doc_id = v.doc_id"
    ),
    "failed_files": "SELECT path AS file, reason FROM failures ORDER BY path",
}


def _reader_views(conn: sqlite3.Connection) -> None:
    """Views with a reader's columns (issue 25); ``paragraph_search`` loses its bare
    ``date`` (it meant the adoption date there and the distribution date in the export).
    A view holds no data: replacing one shifts no stored column."""
    for name, sql in _READER_VIEWS.items():
        conn.execute(f"DROP VIEW IF EXISTS {name}")
        conn.execute(f"CREATE VIEW {name} AS {sql}")


# Append only: a migration, once released, never changes.
MIGRATIONS: tuple[tuple[int, str, Callable[[sqlite3.Connection], None]], ...] = (
    (1, "documents, paragraphs (FTS5), footnotes, entities, clauses, failures, reuse", _create),
    (2, "reader columns on documents and failures", _add_reader_columns),
    (3, "sort_date by adoption date; paragraph_search shows both dates", _date_by_adoption),
    (4, "paragraph eId; markup (additional sponsors, vote outcome); recorded votes", _add_markup),
    (5, "views with a reader's columns; paragraph_search without a bare date", _reader_views),
)
SCHEMA_VERSION = MIGRATIONS[-1][0]


def schema_version(conn: sqlite3.Connection) -> int:
    """The store's schema version: 0 for an empty file."""
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    except sqlite3.OperationalError:  # no meta table yet
        return 0
    try:
        return int(row[0]) if row is not None else 0
    except ValueError:
        raise StoreError(f"schema version {row[0]!r} is not a number") from None


def migrate(conn: sqlite3.Connection, path: object) -> int:
    """Run the migrations the store lacks; return how many ran.

    Raises:
        StoreError: The store was made by a newer normtrace (a higher schema version).
    """
    current = schema_version(conn)
    if current > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by a newer normtrace (schema version {current}, this one knows "
            f"{SCHEMA_VERSION})"
        )
    ran = 0
    for version, _, step in MIGRATIONS:
        if version <= current:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            step(conn)
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('schema_version', ?)",
                (str(version),),
            )
        except BaseException:
            conn.rollback()
            raise
        conn.commit()
        ran += 1
    return ran


# The schema objects that run SQL of their own when a table is read or written.
CODE_OBJECTS = ("index", "trigger", "view")


@functools.cache
def _migrated_objects() -> tuple[frozenset[tuple[str, str, str]], frozenset[tuple[str, str]]]:
    """Run the migrations on an empty in-memory database (about 10 ms).

    Returns ``(type, name, sql)`` of every index, trigger and view any version held
    (taken after each step, so a view a later migration replaces is still known), and
    ``(type, name)`` of every object, tables included, the last version holds.
    """
    conn = sqlite3.connect(":memory:", isolation_level=None)
    found: set[tuple[str, str, str]] = set()
    placeholders = ", ".join("?" * len(CODE_OBJECTS))
    try:
        for _, _, step in MIGRATIONS:
            step(conn)
            found.update(
                conn.execute(
                    f"SELECT type, name, sql FROM sqlite_master WHERE type IN ({placeholders})"
                    " AND sql IS NOT NULL",
                    CODE_OBJECTS,
                )
            )
        latest = frozenset(present_objects(conn))
    finally:
        conn.close()
    return frozenset(found), latest


def own_objects() -> frozenset[tuple[str, str, str]]:
    """``(type, name, sql)`` of every index, trigger and view a schema version holds.

    SQLite keeps each object's SQL as it was given, so a store's objects are compared
    with these text for text.
    """
    return _migrated_objects()[0]


def latest_objects() -> frozenset[tuple[str, str]]:
    """``(type, name)`` of every table, index, trigger and view of a current store."""
    return _migrated_objects()[1]


def present_objects(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    """``(type, name)`` of the objects a store holds, SQLite's own left out."""
    rows = conn.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
    return {(kind, name) for kind, name in rows}
