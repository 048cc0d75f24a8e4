"""Issue 27, item 2: repetition in a corpus is bounded (reuse, lineage, search).

Two texts of one mandate paragraph repeated 2,200 times made ``corpus build`` store
4,840,000 reuse pairs (every copy against every copy) and ``corpus lineage`` take 41 s
and 4.6 GB; a search of thousands of words ran for minutes.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from factories import make_doc

from pipeline.cli import cli
from pipeline.corpus.lineage import trace_lineage
from pipeline.corpus.reuse import (
    MAX_SOURCES,
    Item,
    find_reuse_counted,
    reuse_counts,
    update_reuse,
)
from pipeline.corpus.search import MAX_QUERY_WORDS, QueryTooLongError, search_hits
from pipeline.corpus.store import Store

MANDATE = (
    "Decides to convene, starting in 2021, an open-ended working group on security of and in "
    "the use of information and communications technologies, acting on a consensus basis"
)


def _copies(copies: int) -> list[Item]:
    """MANDATE ``copies`` times in an older document (1) and ``copies`` in a newer one (2)."""
    return [
        Item(key, 1 if key < copies else 2, f"A/RES/{1 if key < copies else 2}",
             "2018-12-05" if key < copies else "2020-12-31", MANDATE)
        for key in range(2 * copies)
    ]  # fmt: skip


def test_copies_within_a_document_are_one_source() -> None:
    start = time.monotonic()
    pairs, counts = find_reuse_counted(_copies(2200))
    assert time.monotonic() - start < 5.0
    # Each of the newer document's 2,200 copies reuses the older one's first copy.
    assert len(pairs) == 2200 == counts.pairs
    assert {source for _, source, _ in pairs} == {0}
    assert counts.collapsed == 2 * 2199  # every copy but the first, in each document
    assert counts.capped == 0


def test_sources_a_paragraph_keeps_are_capped_earliest_first() -> None:
    # One paragraph in MAX_SOURCES + 10 documents, a year apart: the last has them all
    # as sources, and keeps the MAX_SOURCES earliest.
    n = MAX_SOURCES + 10
    items = [Item(k, k, f"A/RES/{k}", f"{1950 + k}-01-01", MANDATE) for k in range(n)]
    pairs, counts = find_reuse_counted(items)
    last = sorted(source for target, source, _ in pairs if target == n - 1)
    assert last == list(range(MAX_SOURCES))
    assert counts.capped == n - 1 - MAX_SOURCES  # documents with more earlier copies than the cap
    assert all(sum(1 for t, _, _ in pairs if t == k) <= MAX_SOURCES for k in range(n))


def _store_with_copies(path: Path, copies: int) -> Path:
    old = make_doc([MANDATE + ","] * copies, symbol="A/RES/73/27")
    new = make_doc([MANDATE + ","] * copies, symbol="A/RES/75/240")
    with Store(path) as store:
        store.write_document("old.txt", dataclasses.replace(old, date="2018-12-05", sha256="1"))
        store.write_document("new.txt", dataclasses.replace(new, date="2020-12-31", sha256="2"))
        update_reuse(store)
    return path


def test_a_build_stores_one_pair_a_copy_and_says_what_it_collapsed(tmp_path: Path) -> None:
    db = _store_with_copies(tmp_path / "c.db", 400)
    with Store(db) as store:
        assert store.counts()["reuse"] == 400  # was 400 * 400 = 160,000
        counts = reuse_counts(store)
    assert counts is not None and counts.collapsed == 2 * 399


def test_lineage_reads_a_bounded_number_of_sources(tmp_path: Path) -> None:
    db = _store_with_copies(tmp_path / "c.db", MAX_SOURCES + 10)
    with Store(db) as store:  # as a store built before the cap: every copy a source
        rows = store.conn.execute("SELECT pid, doc_id FROM paragraphs ORDER BY pid").fetchall()
        old = [pid for pid, doc in rows if doc == 1]
        new = [pid for pid, doc in rows if doc == 2]
        with store.transaction() as conn:
            conn.execute("DELETE FROM reuse")
            conn.executemany(
                "INSERT INTO reuse (target_pid, source_pid, target_doc, source_doc, similarity)"
                " VALUES (?, ?, 2, 1, 1.0)",
                [(t, s) for t in new for s in old],
            )
    with Store(db, readonly=True) as store:
        lineage = trace_lineage(store, "A/RES/75/240")
    assert len(lineage) == MAX_SOURCES + 10
    assert all(len(row.sources) == MAX_SOURCES for row in lineage)  # of 60 stored
    assert all(row.first is not None and row.first.paragraph_id == "preamble_1" for row in lineage)


def test_a_long_query_is_refused_in_one_line(tmp_path: Path) -> None:
    db = _store_with_copies(tmp_path / "c.db", 2)
    words = " ".join(["open"] * 5000)
    with Store(db, readonly=True) as store:
        with pytest.raises(QueryTooLongError, match="at most 1,000"):
            search_hits(store, words)
        with pytest.raises(QueryTooLongError, match=f"at most {MAX_QUERY_WORDS}"):
            search_hits(store, " ".join(f"w{i}" for i in range(MAX_QUERY_WORDS + 1)))
        # a word repeated is searched once: 32 copies of one word is a plain search
        assert search_hits(store, " ".join(["working"] * MAX_QUERY_WORDS))
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["corpus", "search", words, "--db", str(db)])
    assert time.monotonic() - start < 5.0
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: 'open open")
    assert "the query is 24,999 characters; at most 1,000" in lines[0]
