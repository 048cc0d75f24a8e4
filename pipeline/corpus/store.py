"""The corpus store: one SQLite file with documents, paragraphs and their NLP results.

Every document's rows are written in one transaction, which first removes the rows of
the file's earlier version, so a build killed at any moment leaves either the old or the
new version of each file, never a mix and never a duplicate. The file is in WAL mode
(``-wal`` and ``-shm`` files beside it while it is open): a write cut short by kill -9
leaves frames that readers ignore, so read-only users (search, lineage, export, serve)
never need the writer to come back first, and they read while a build writes. A store
from before WAL with a hot rollback journal is rolled back when opened, read-only or not,
where the file can be written. Paragraph text has an FTS5 index (``paragraphs_fts``,
external content kept in step by triggers), which Datasette also detects. The schema
comes from numbered migrations (``pipeline.corpus.schema``); rows are mapped to objects
by column name. Reading returns pandas DataFrames: this is an edge of the pipeline.

Example::

    with Store("corpus.db") as store:
        store.write_document("resolutions/A_RES_73_27.txt", doc)
        store.table("paragraphs").head()
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import pandas as pd

from pipeline.corpus.document_rows import DocumentRows, document_rows
from pipeline.corpus.document_rows import sort_date as sort_date  # re-exported for tests
from pipeline.corpus.faults import (
    check_complete,
    check_objects,
    check_version,
    connect,
    damaged,
    explain,
    quick_check,
    roll_back_hot_journal,
)
from pipeline.corpus.rows import DamagedRowError, document_from_rows
from pipeline.corpus.schema import SCHEMA_VERSION as SCHEMA_VERSION
from pipeline.corpus.schema import StoreError as StoreError
from pipeline.corpus.schema import migrate
from pipeline.document import Document

REUSE_FINGERPRINT = "reuse_fingerprint"  # meta key: the corpus state reuse was computed on
TABLES = (
    "documents", "paragraphs", "footnotes", "entities", "clauses", "failures", "reuse",
    "markup", "recorded_votes",
)  # fmt: skip
# Tables whose rows belong to one document and go when it is replaced.
_CHILD_TABLES = ("paragraphs", "footnotes", "entities", "clauses", "markup", "recorded_votes")


class Store:
    """A corpus database: open (creating the schema), write documents, read tables.

    Args:
        path: The SQLite file (created if missing).
        readonly: Open without writing (``mode=ro``); the file must exist.
    """

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        if self.path.is_dir():  # sqlite3 would say "unable to open database file"
            raise StoreError(f"{self.path}: a folder, not a database file")
        if readonly and not self.path.is_file():
            raise StoreError(f"{self.path}: no such database")
        try:
            # Faults (a lock held too long, a read-only file or folder, a damaged page, a
            # newer schema) are one line each, checked before anything is written.
            if readonly:
                roll_back_hot_journal(self.path)
            self.conn = connect(self.path, readonly=readonly)
            try:
                quick_check(self.conn, self.path)
                check_objects(self.conn, self.path)  # before any statement could fire one
                if readonly:
                    check_version(self.conn, self.path)
                else:
                    # WAL: a killed writer's frames are ignored by readers (issue 13, item 7).
                    self.conn.execute("PRAGMA journal_mode=WAL")
                    self.conn.execute("PRAGMA synchronous=NORMAL")
                    migrate(self.conn, self.path)
                    # Wait for another writer's lock now (busy timeout), before any file
                    # is read, rather than after a whole build's reading.
                    self.conn.execute("BEGIN IMMEDIATE")
                    self.conn.rollback()
                check_complete(self.conn, self.path)
                self.conn.execute("SELECT count(*) FROM documents").fetchone()
            except BaseException:
                self.conn.close()
                raise
        except sqlite3.DatabaseError as err:
            if "not a database" in str(err) or "no such table" in str(err):
                raise StoreError(f"{self.path}: not a corpus database ({err})") from err
            raise explain(err, self.path) from err

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Run a block in one transaction: all of its writes land, or none.

        Inside another transaction (a build writing a batch of files) the block is a
        savepoint: undone alone if it fails, committed with the enclosing transaction.
        """
        if self.conn.in_transaction:
            self.conn.execute("SAVEPOINT block")
            try:
                yield self.conn
            except BaseException:
                self.conn.execute("ROLLBACK TO block")
                self.conn.execute("RELEASE block")
                raise
            self.conn.execute("RELEASE block")
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        self.conn.commit()

    # -- writing ---------------------------------------------------------------------------

    def known_files(self) -> dict[str, tuple[str, str]]:
        """Return {path: (sha256, reader)} of every file stored, as document or failure."""
        rows = self.conn.execute(
            "SELECT path, sha256, reader FROM documents "
            "UNION ALL SELECT path, sha256, reader FROM failures"
        )
        return {path: (sha256, reader) for path, sha256, reader in rows.fetchall()}

    def _remove(self, conn: sqlite3.Connection, path: str) -> None:
        conn.execute("DELETE FROM failures WHERE path = ?", (path,))
        row = conn.execute("SELECT doc_id FROM documents WHERE path = ?", (path,)).fetchone()
        if row is None:
            return
        doc_id = row[0]
        conn.execute("DELETE FROM reuse WHERE target_doc = ? OR source_doc = ?", (doc_id, doc_id))
        # The reuse table no longer covers the corpus: the next update recomputes it.
        conn.execute("DELETE FROM meta WHERE key = ?", (REUSE_FINGERPRINT,))
        for table in _CHILD_TABLES:
            conn.execute(f"DELETE FROM {table} WHERE doc_id = ?", (doc_id,))
        conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    def remove(self, path: str) -> None:
        """Remove a file's rows (document or failure) in one transaction."""
        with self.transaction() as conn:
            self._remove(conn, path)

    def write_failure(self, path: str, sha256: str, reason: str, *, reader: str = "") -> None:
        """Record that a file could not be read, replacing any earlier rows of it.

        ``reader`` names what tried to read it (``pipeline.corpus.fingerprint.reader_fingerprint``).
        """
        with self.transaction() as conn:
            self._remove(conn, path)
            conn.execute(
                "INSERT INTO failures (path, sha256, reason, reader) VALUES (?, ?, ?, ?)",
                (path, sha256, reason, reader),
            )

    def write_document(self, path: str, doc: Document, *, reader: str = "") -> int:
        """Store a document and its paragraphs, footnotes, entities and clauses.

        The rows of the file's earlier version (or failure) are removed in the same
        transaction.

        Args:
            path: The file's path relative to the corpus root (the document's key).
            doc: The document, after ``extract_document``.
            reader: What read it (``pipeline.corpus.fingerprint.reader_fingerprint``).

        Returns:
            The new ``doc_id``.
        """
        return self.write_rows(document_rows(path, doc), reader=reader)

    def write_rows(self, rows: DocumentRows, *, reader: str = "") -> int:
        """``write_document`` of rows made beforehand (by a build's worker).

        Returns:
            The new ``doc_id``.
        """
        with self.transaction() as conn:
            self._remove(conn, rows.path)
            cur = conn.execute(
                "INSERT INTO documents (path, sha256, symbol, title, doc_type, date, "
                "adoption_date, session, sort_date, agenda_items, sponsors, committee_report, "
                "meeting, language, pages, n_paragraphs, reader) VALUES "
                "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (*rows.document, reader),
            )
            doc_id = int(cur.lastrowid or 0)
            conn.executemany(
                "INSERT INTO paragraphs (doc_id, paragraph_id, idx, kind, number, text, page, "
                "char_start, char_end, parent, footnotes, speaker, affiliation, eid) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((doc_id, *row) for row in rows.paragraphs),
            )
            conn.executemany(
                "INSERT INTO footnotes (doc_id, marker, text, page, paragraph_ids)"
                " VALUES (?, ?, ?, ?, ?)",
                ((doc_id, *row) for row in rows.footnotes),
            )
            conn.executemany(
                "INSERT INTO entities (doc_id, paragraph_id, text, label, char_start, char_end,"
                " norm_id, date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                ((doc_id, *row) for row in rows.entities),
            )
            conn.executemany(
                "INSERT INTO clauses (doc_id, paragraph_id, verb, strength, modality, topics)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                ((doc_id, *row) for row in rows.clauses),
            )
            if rows.markup is not None:
                conn.execute(
                    "INSERT INTO markup (doc_id, additional_sponsors, vote_outcome)"
                    " VALUES (?, ?, ?)",
                    (doc_id, *rows.markup),
                )
            conn.executemany(
                "INSERT INTO recorded_votes (doc_id, paragraph_id, yes, no, abstain, text,"
                " subject, outcome, in_favour, against, abstaining)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                ((doc_id, *row) for row in rows.votes),
            )
        return doc_id

    def get_meta(self, key: str) -> str | None:
        """Return a value of the ``meta`` table, or None."""
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, conn: sqlite3.Connection, key: str, value: str) -> None:
        """Set a ``meta`` value inside the caller's transaction."""
        conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))

    # -- reading ---------------------------------------------------------------------------

    def query(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> pd.DataFrame:
        """Run a SELECT and return its rows as a DataFrame (sqlite3 errors pass through)."""
        cursor = self.conn.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return pd.DataFrame.from_records(cursor.fetchall(), columns=columns)

    def table(self, name: str) -> pd.DataFrame:
        """Return one of ``TABLES`` whole, as a DataFrame."""
        if name not in TABLES:
            raise KeyError(name)
        return self.query(f"SELECT * FROM {name}")

    def documents(self) -> pd.DataFrame:
        """Documents in time order (``sort_date``, then symbol and path)."""
        return self.query("SELECT * FROM documents ORDER BY sort_date, symbol, path")

    def paragraphs(self, symbol: str | None = None) -> pd.DataFrame:
        """Paragraphs with their document's symbol and path, in reading order.

        Args:
            symbol: Only the paragraphs of documents with this symbol.
        """
        sql = (
            "SELECT d.symbol, d.path, p.* FROM paragraphs p JOIN documents d USING (doc_id)"
            + (" WHERE d.symbol = ?" if symbol else "")
            + " ORDER BY d.path, p.idx"
        )
        return self.query(sql, (symbol,) if symbol else ())

    def versions(self, symbol: str) -> pd.DataFrame:
        """The stored versions of one document: each file with its language (issue 23).

        A symbol read from PDF, text and AKN4UN XML, in several languages, is one
        document; each row is a version (``path``, ``language``, ``doc_type``,
        ``n_paragraphs``), English first.
        """
        return self.query(
            "SELECT path, language, doc_type, n_paragraphs, sha256 FROM documents"
            " WHERE symbol = ? ORDER BY (language = 'en') DESC, language, path",
            (symbol,),
        )

    def load_document(
        self, symbol: str, *, language: str | None = None, path: str | None = None
    ) -> Document:
        """Rebuild the stored Document with this symbol (metadata, paragraphs, footnotes).

        When several files carry the symbol (a PDF, its text, its markup in six
        languages), the version in ``language`` (or at ``path``) is taken, else an
        English one; then the one with most paragraphs, then the first by path.

        Raises:
            StoreError: No document in the store has this symbol (in this language), or
                one of its rows holds what no build writes (``StoreDamagedError``).
        """
        row = self._rows(
            "SELECT * FROM documents WHERE symbol = ? AND (? IS NULL OR language = ?)"
            " AND (? IS NULL OR path = ?)"
            " ORDER BY (language = 'en') DESC, n_paragraphs DESC, path LIMIT 1",
            (symbol, language, language, path, path),
        ).fetchone()
        if row is None:
            where = f" in language {language!r}" if language else ""
            raise StoreError(f"{self.path}: no document with symbol {symbol!r}{where}")
        doc_id = row["doc_id"]
        try:
            return document_from_rows(
                row,
                self._rows("SELECT * FROM paragraphs WHERE doc_id = ? ORDER BY idx", (doc_id,)),
                self._rows(
                    "SELECT rowid, * FROM footnotes WHERE doc_id = ? ORDER BY rowid", (doc_id,)
                ),
                self._rows("SELECT * FROM markup WHERE doc_id = ?", (doc_id,)).fetchone(),
                self._rows(
                    "SELECT rowid, * FROM recorded_votes WHERE doc_id = ? ORDER BY rowid",
                    (doc_id,),
                ),
            )
        except DamagedRowError as err:
            # A value no build writes: the store was altered or damaged (issue 27).
            raise damaged(self.path, f"{symbol!r}, {err}") from None

    def _rows(self, sql: str, params: tuple[Any, ...]) -> sqlite3.Cursor:
        """Run a query whose rows are read by column name (``sqlite3.Row``), never position.

        Only this cursor maps rows so: other readers of ``conn`` keep plain tuples.
        """
        cursor = self.conn.cursor()
        cursor.row_factory = sqlite3.Row
        return cursor.execute(sql, params)

    def failures(self) -> pd.DataFrame:
        """Files that could not be read, with the reason."""
        return self.query("SELECT * FROM failures ORDER BY path")

    def counts(self) -> dict[str, int]:
        """Number of rows of every table, and the total of pages."""
        counts = {
            t: int(self.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLES
        }
        pages = self.conn.execute("SELECT coalesce(sum(pages), 0) FROM documents").fetchone()[0]
        counts["pages"] = int(pages)
        return counts
