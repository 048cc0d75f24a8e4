"""Text reuse (MinHash LSH, confirmed by word similarity) and lineage over a small store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from factories import make_doc

from pipeline.corpus.lineage import Source, format_drift, lineage_table, trace_lineage
from pipeline.corpus.reuse import Item, ReuseParams, candidate_pairs, find_reuse, update_reuse
from pipeline.corpus.store import Store, StoreError
from pipeline.document import Document

BASE = (
    "Calls upon Member States to further promote at the multilateral level the consideration "
    "of existing and potential threats in the field of information security"
)
OTHER = (
    "Requests the Secretary-General to convene a group of governmental experts on advancing "
    "responsible State behaviour in cyberspace in the context of international security"
)


def _item(key: int, text: str, symbol: str | None, date: str | None, doc: int = 0) -> Item:
    return Item(key=key, doc=doc or key, symbol=symbol, date=date, text=text)


@pytest.mark.parametrize(
    ("later", "earlier", "expected"),
    [
        # the same words, numbering and case aside: reuse with similarity 1
        (("2. " + BASE.upper(), "A/RES/75/32", "2020-12-07"), (BASE, "A/RES/73/27", "2018-12-05"),
         [(1, 2, 1.0)]),
        # one word changed: a near copy
        ((BASE.replace("further", "continue to"), "A/RES/75/32", "2020-12-07"),
         (BASE, "A/RES/73/27", "2018-12-05"), [(1, 2, 0.9388)]),
        # the PDF and text of one symbol are not a reuse of each other
        ((BASE, "A/RES/73/27", "2018-12-06"), (BASE, "A/RES/73/27", "2018-12-05"), []),
        # adopted the same day: neither is earlier
        ((BASE, "A/RES/73/266", "2018-12-05"), (BASE, "A/RES/73/27", "2018-12-05"), []),
        # a source must be dated
        ((BASE, "A/RES/75/32", "2020-12-07"), (BASE, "A/RES/73/27", None), []),
        # different text: nothing
        ((OTHER, "A/RES/75/32", "2020-12-07"), (BASE, "A/RES/73/27", "2018-12-05"), []),
        # too short to count ("Decides to remain seized of the matter.")
        (("Decides to remain seized of the matter.", "S/RES/2", "2025-02-01"),
         ("Decides to remain seized of the matter.", "S/RES/1", "2025-01-01"), []),
    ],
)  # fmt: skip
def test_find_reuse(
    later: tuple[str, str, str | None],
    earlier: tuple[str, str, str | None],
    expected: list[tuple[int, int, float]],
) -> None:
    items = [_item(1, *later), _item(2, *earlier)]
    assert find_reuse(items) == expected


def test_find_reuse_copies_spread_to_every_earlier_document() -> None:
    # Three documents repeat one paragraph: each copies every earlier one.
    items = [_item(k, BASE, f"A/RES/{k}", f"20{10 + k}-01-01") for k in (1, 2, 3)]
    assert find_reuse(items) == [(2, 1, 1.0), (3, 1, 1.0), (3, 2, 1.0)]


def test_lsh_candidates_catch_near_copies_only() -> None:
    texts = [BASE.split(), BASE.replace("further", "continue to").split(), OTHER.split()]
    assert candidate_pairs(texts, ReuseParams()) == {(0, 1)}


def _documents() -> dict[str, Document]:
    """73/27, then 75/32 which rewords its preamble, then 80/16 which reuses both."""
    changed = BASE.replace("further", "continue to")
    old = make_doc([BASE + ","], [OTHER + ";"], symbol="A/RES/73/27")
    mid = make_doc([changed + ","], symbol="A/RES/75/32")
    agenda = "Decides to include in the provisional agenda of its eightieth session the item"
    new = make_doc([changed + ","], [agenda, OTHER + ";"], symbol="A/RES/80/16")
    return {
        "a.txt": dataclasses.replace(old, date="2018-12-05", sha256="1"),
        "b.txt": dataclasses.replace(mid, date="2020-12-07", sha256="2"),
        "c.txt": dataclasses.replace(new, date="2025-12-05", sha256="3"),
    }


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(tmp_path / "c.db") as opened:
        for path, doc in _documents().items():
            opened.write_document(path, doc)
        yield opened


def test_update_reuse_runs_once_per_corpus_state(store: Store) -> None:
    assert update_reuse(store) == 4  # 75/32 <- 73/27; 80/16 <- 73/27 (twice), 75/32
    assert update_reuse(store) is None  # nothing changed
    store.remove("b.txt")
    assert update_reuse(store) == 2
    # Rewriting a document with the same content (a forced build) drops its reuse rows,
    # so the next update must recompute them.
    rows = store.conn.execute("SELECT count(*) FROM reuse").fetchone()[0]
    store.write_document("c.txt", _documents()["c.txt"])
    assert store.conn.execute("SELECT count(*) FROM reuse").fetchone()[0] < rows
    assert update_reuse(store) == 2


def test_lineage_names_the_earliest_source_and_drift(store: Store) -> None:
    update_reuse(store)
    rows = {row.paragraph_id: row for row in trace_lineage(store, "A/RES/80/16")}
    assert rows["preamble_1"].first is not None
    assert (rows["preamble_1"].first.symbol, len(rows["preamble_1"].sources)) == ("A/RES/73/27", 2)
    assert ("delete", "further ") in rows["preamble_1"].drift
    assert rows["para_1"].first is None  # new in 80/16
    assert rows["para_2"].first is not None and rows["para_2"].first.paragraph_id == "para_1"
    table = lineage_table(store, "A/RES/80/16")
    assert list(table["earlier_documents"]) == [2, 0, 1]


def test_lineage_of_unknown_symbol(store: Store) -> None:
    with pytest.raises(StoreError, match="A/RES/1/1: no document"):
        trace_lineage(store, "A/RES/1/1")


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        ((("equal", "Decides to act."),), "(same wording)"),  # no edits
        ((("equal", "Decides "), ("delete", "further "), ("insert", "also ")),
         "Decides [-further-] {+also+}"),  # an edit at the end
        ((("delete", "Further "), ("equal", "a b c d e f g h i j k l m n o p q r s t")),
         "[-Further-] a b c d e f g h …"),  # a long equal tail is cut after 8 words
    ],
)  # fmt: skip
def test_format_drift(runs: tuple[tuple[str, str], ...], expected: str) -> None:
    assert format_drift(runs) == expected


@pytest.mark.parametrize(
    ("date", "adopted", "issued", "expected"),
    [
        # A/RES/79/237's header: adopted 24 December, distributed 31 December 2024
        ("2024-12-24", "2024-12-24", "2024-12-31", "adopted 2024-12-24, distributed 2024-12-31"),
        ("2025-10-10", None, "2025-10-10", "distributed 2025-10-10"),  # a draft: never adopted
        ("2018-09-01", None, None, "2018-09-01"),  # a speech: dated by its session only
        (None, None, None, "undated"),
    ],
)
def test_source_dates(
    date: str | None, adopted: str | None, issued: str | None, expected: str
) -> None:
    source = Source("A/RES/79/237", "a.txt", "para_1", date, 1.0, "x", adopted, issued)
    assert source.dates() == expected
