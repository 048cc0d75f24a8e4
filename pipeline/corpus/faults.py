"""Opening the store under faults: locks, read-only files and folders, damage, versions.

Every way a store can be unusable ends in one ``StoreError`` line that names the store
and says what to do (issue 27, item 3), never in a ``sqlite3`` traceback:

- another process holds the write lock: SQLite waits ``BUSY_SECONDS`` (busy timeout),
  then "locked by another process";
- the file or its folder cannot be written: readers open it read-only (``immutable``
  where a write-ahead log cannot be made beside it); a build says it cannot write;
- a damaged page: ``PRAGMA quick_check`` at open, before anything is written, says the
  store is damaged and to rebuild it (``corpus check`` runs the full integrity check);
- a store made by a newer (or an older) normtrace: every reader checks the schema
  version, as a build does;
- a current store that lacks a table, index, trigger or view of its version (a dropped
  search index made `search` fail on the query): damaged, rebuild it;
- an index, trigger or view normtrace never makes (an endless recursive query in a
  trigger hung a build; in a view, anything that shows it): refused at open, before a
  statement could fire it (``foreign_objects``).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from pipeline.corpus.schema import (
    CODE_OBJECTS,
    SCHEMA_VERSION,
    StoreError,
    latest_objects,
    own_objects,
    present_objects,
    schema_version,
)

# How long a connection waits for another process's lock before it gives up.
BUSY_SECONDS = 10.0
# The most problems ``integrity_check`` lists.
MAX_PROBLEMS = 100
_REBUILD = "delete it (and its -wal and -shm files) and run `normtrace corpus build` again"


class StoreLockedError(StoreError):
    """Another process held the store's lock for longer than the busy timeout."""


class StoreDamagedError(StoreError):
    """The store's file is damaged; it has to be rebuilt."""


def damaged(path: Path, problem: str) -> StoreDamagedError:
    """The one line for a damaged store."""
    problem = " ".join(problem.split())[:200]
    return StoreDamagedError(f"{path}: the store is damaged ({problem}); {_REBUILD}")


def explain(err: sqlite3.Error, path: Path) -> StoreError:
    """A ``sqlite3`` error as the one line a user reads."""
    text = str(err)
    lowered = text.lower()
    if "locked" in lowered or "busy" in lowered:
        return StoreLockedError(
            f"{path}: the store is locked by another process (waited {BUSY_SECONDS:g} s); "
            "try again when it has finished"
        )
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"{path}: cannot write the store (it or its folder is read-only)")
    if "malformed" in lowered or "corrupt" in lowered:
        return damaged(path, text)
    if "not a database" in lowered:
        return StoreError(f"{path}: not a corpus database ({text})")
    if isinstance(err, sqlite3.InterfaceError | sqlite3.ProgrammingError):
        raise err  # a bug, not a fault of the store
    return StoreError(f"{path}: the store cannot be read ({text})")


@contextmanager
def store_errors(path: str | Path) -> Iterator[None]:
    """Turn any ``sqlite3`` error inside the block into one ``StoreError`` line."""
    try:
        yield
    except sqlite3.Error as err:
        raise explain(err, Path(path)) from err


def roll_back_hot_journal(path: Path) -> None:
    """Roll back a write a killed writer left in a rollback journal, before a read-only open.

    A read-only connection cannot roll a hot journal back and fails with "attempt to
    write a readonly database"; a store from before WAL can have one. Where the file can
    be written, a plain connection rolls it back on its first read.

    Raises:
        StoreError: There is a hot journal and this user cannot roll it back.
    """
    journal = path.with_name(path.name + "-journal")
    if not journal.is_file() or journal.stat().st_size == 0:
        return
    if not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
        raise StoreError(
            f"{path}: a write was cut short ({journal.name}) and this user cannot roll it "
            "back; open the store once with write access (e.g. run a build)"
        )
    conn = sqlite3.connect(path)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        conn.close()


def check_writable(path: Path) -> None:
    """Refuse, before connecting, a store that this user cannot write.

    Raises:
        StoreError: The file, or the folder its write-ahead log goes in, is read-only.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(f"{path}: cannot write the store (the file is read-only)")
    if not os.access(folder, os.W_OK):
        raise StoreError(f"{path}: cannot write the store (its folder {folder} is read-only)")


def connect(path: Path, *, readonly: bool) -> sqlite3.Connection:
    """A connection with the busy timeout; read-only connections never write.

    A store in WAL mode needs its ``-shm`` file to be read; where that cannot be made
    (a read-only folder) and is not there, the file is opened ``immutable``: nothing
    can be writing it there.

    A reader also runs with ``trusted_schema`` off: a view may then call no function
    with side effects (``check_objects`` refuses views it never made anyway). A writer
    cannot: the FTS5 table its own triggers fill counts as unsafe there. Recursive
    triggers stay off, SQLite's default.
    """
    if not readonly:
        check_writable(path)
        return sqlite3.connect(path, timeout=BUSY_SECONDS)
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    if must_be_immutable(path):
        uri += "&immutable=1"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS)
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def must_be_immutable(path: Path) -> bool:
    """Whether a reader must open ``path`` ``immutable``: its folder is read-only and
    holds no ``-shm`` file, which a WAL store needs to be read otherwise."""
    folder = path.parent if str(path.parent) else Path(".")
    shm = path.with_name(path.name + "-shm")
    return not os.access(folder, os.W_OK) and not shm.exists()


def quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """``PRAGMA quick_check``: raise the damaged-store line unless it says ok.

    Raises:
        StoreDamagedError: A page or index of the file is damaged.
    """
    try:
        rows = conn.execute("PRAGMA quick_check(1)").fetchall()
    except sqlite3.DatabaseError as err:
        if "not a database" in str(err):
            raise
        raise damaged(path, str(err)) from err
    if rows != [("ok",)]:
        raise damaged(path, str(rows[0][0]) if rows else "no answer")


def foreign_objects(conn: sqlite3.Connection) -> list[str]:
    """The indexes, triggers and views no schema version makes: "trigger 'evil'", ...

    Each is compared by type, name and SQL with ``schema.own_objects``; one that is
    missing is not a problem here (a reader fails on what it lacks).
    """
    placeholders = ", ".join("?" * len(CODE_OBJECTS))
    rows = conn.execute(
        f"SELECT type, name, sql FROM sqlite_master WHERE type IN ({placeholders})"
        " AND sql IS NOT NULL ORDER BY type, name",
        CODE_OBJECTS,
    ).fetchall()
    own = own_objects()
    return [f"{kind} {name!r}" for kind, name, sql in rows if (kind, name, sql) not in own]


def check_objects(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a store holding an index, trigger or view that normtrace never makes.

    Raises:
        StoreDamagedError: Names the first such object (and how many there are).
    """
    foreign = foreign_objects(conn)
    if foreign:
        more = f" and {len(foreign) - 1} more" if len(foreign) > 1 else ""
        raise damaged(path, f"it holds {foreign[0][:80]}{more}, which normtrace never makes")


def missing_objects(conn: sqlite3.Connection) -> list[str]:
    """The tables, indexes, triggers and views of the current schema a store lacks."""
    return [f"{kind} {name!r}" for kind, name in sorted(latest_objects() - present_objects(conn))]


def check_complete(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a store at the current version that lacks one of its objects.

    Raises:
        StoreDamagedError: Names the first missing object (and how many more there are).
    """
    missing = missing_objects(conn)
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise damaged(path, f"it lacks the {missing[0]}{more}")


def integrity_problems(conn: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` finds (an empty list: the store is sound)."""
    try:
        rows = conn.execute(f"PRAGMA integrity_check({MAX_PROBLEMS})").fetchall()
    except sqlite3.DatabaseError as err:
        return [str(err)]
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def check_version(conn: sqlite3.Connection, path: Path) -> None:
    """A reader's version check: the store must be at this normtrace's schema version.

    Raises:
        StoreError: Made by a newer normtrace, or by an older one (a build updates it).
    """
    try:
        version = schema_version(conn)
    except StoreError as err:
        raise StoreError(f"{path}: {err}") from None
    if version > SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by a newer normtrace (schema version {version}, this one knows "
            f"{SCHEMA_VERSION})"
        )
    if version == 0:
        raise StoreError(f"{path}: not a corpus database (no schema version)")
    if version < SCHEMA_VERSION:
        raise StoreError(
            f"{path}: made by an older normtrace (schema version {version}, this one knows "
            f"{SCHEMA_VERSION}); run `normtrace corpus build` on it once to update it"
        )


def check_store(path: Path) -> list[str]:
    """``corpus check``: every page and index of the store, read-only, then the indexes,
    triggers and views normtrace never makes (``foreign_objects``).

    Returns:
        The problems found: an empty list for a sound store.

    Raises:
        StoreError: No such store, not a database, a lock held too long, or a sound
            store of another schema version.
    """
    if not path.is_file():
        raise StoreError(f"{path}: no such database")
    with store_errors(path):
        conn = connect(path, readonly=True)
        try:
            problems = integrity_problems(conn)
            if not problems:
                problems = [f"{name}: not made by normtrace" for name in foreign_objects(conn)]
            if not problems:
                check_version(conn, path)
                problems = [f"{name}: missing" for name in missing_objects(conn)]
            return problems
        finally:
            conn.close()
