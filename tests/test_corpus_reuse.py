"""Text reuse (MinHash LSH, confirmed by word similarity) and lineage over a small store."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path
from typing import Any

import pytest
from factories import make_doc

from pipeline.compare.normalise import token_ratio, tokenise
from pipeline.corpus import reuse
from pipeline.corpus.lineage import Source, format_drift, lineage_table, trace_lineage
from pipeline.corpus.reuse import (
    Item,
    ReuseParams,
    candidate_pairs,
    find_reuse,
    find_reuse_counted,
    update_reuse,
)
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


# Issue 27: a flood of distinct but similar paragraphs (every pair of them an LSH
# candidate) is compared a bounded number of times per paragraph.
WORDS = (
    "regional global national shared technical legal voluntary practical effective "
    "inclusive transparent open secure stable peaceful capacity dialogue review"
).split()
SENTENCES = [BASE, OTHER, BASE.replace("Member States", "all States"), OTHER + " and beyond"]


def _reworded(rng: random.Random, text: str, edits: int) -> str:
    words = text.split()
    for _ in range(edits):
        words[rng.randrange(len(words))] = rng.choice(WORDS)
    return " ".join(words)


def _flood(paragraphs: int, documents: int = 4) -> list[Item]:
    """Distinct copies of BASE (two words replaced, a number of their own) over dated
    documents, each later than the one before."""
    rng = random.Random(27)
    items = []
    for key in range(paragraphs):
        doc = 1 + key * documents // paragraphs
        text = f"{_reworded(rng, BASE, 2)} {key}"
        items.append(Item(key, doc, f"A/RES/{doc}/1", f"{2000 + doc}-12-05", text))
    return items


def _compared(monkeypatch: pytest.MonkeyPatch, items: list[Item], **caps: int) -> int:
    """How many pairs of texts ``find_reuse_counted`` compares word by word."""
    calls = []
    similar = reuse._Scorer.similar

    def counted(self: reuse._Scorer, j: int, texts: Any, params: ReuseParams) -> Any:
        calls.append(len(texts))
        return similar(self, j, texts, params)

    monkeypatch.setattr(reuse._Scorer, "similar", counted)
    _, counts = find_reuse_counted(items, **caps)
    assert counts.candidates_capped > 0 and counts.candidate_cap == caps["candidates"]
    return sum(calls)


def test_a_flood_of_similar_paragraphs_is_compared_linearly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caps = {"cap": 5, "candidates": 20}
    small = _compared(monkeypatch, _flood(400), **caps)
    large = _compared(monkeypatch, _flood(800), **caps)
    assert large < 2.3 * small  # was every pair: 4 times as many
    assert small <= 400 * caps["candidates"]


def test_a_flood_keeps_the_source_cap_and_reports_the_candidate_cap() -> None:
    items = _flood(600)
    pairs, counts = find_reuse_counted(items, cap=5, candidates=20)
    per_target: dict[int, int] = {}
    for target, _, _ in pairs:
        per_target[target] = per_target.get(target, 0) + 1
    # Every paragraph after the first document has earlier similar ones: 5 sources each.
    assert sorted(set(per_target.values())) == [5]
    assert len(per_target) == 450
    assert counts.capped == 450 and counts.candidates_capped > 0


def _reference(items: list[Item], cap: int) -> list[tuple[int, int, float]]:
    """Reuse as before the candidate cap: every LSH candidate pair of datasketch's own
    index confirmed, spread over the paragraphs, the earliest ``cap`` sources kept."""
    from datasketch import MinHash, MinHashLSH

    params = ReuseParams()
    groups: dict[tuple[str, ...], list[Item]] = {}
    for item in items:
        tokens = tuple(tokenise(item.text))
        if item.date and len(tokens) >= params.min_words:
            groups.setdefault(tokens, []).append(item)
    texts = list(groups)
    shingles = [[" ".join(t[i : i + 3]).encode() for i in range(max(1, len(t) - 2))] for t in texts]
    hashes = MinHash.bulk(shingles, num_perm=params.num_perm)
    lsh = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm)
    for i, minhash in enumerate(hashes):
        lsh.insert(i, minhash)
    scored = [(i, i, 1.0) for i in range(len(texts))]
    for i, minhash in enumerate(hashes):
        for j in lsh.query(minhash):
            similarity = token_ratio(texts[i], texts[j])
            if j != i and similarity >= params.min_similarity:
                scored.append((i, j, similarity))
    found: dict[int, list[tuple[tuple[str, str, int], int, float]]] = {}
    for target_text, source_text, similarity in scored:
        firsts: dict[int, Item] = {}
        for source in groups[texts[source_text]]:
            firsts.setdefault(source.doc, source)
        for target in groups[texts[target_text]]:
            for source in firsts.values():
                if source.symbol != target.symbol and str(source.date) < str(target.date):
                    age = (str(source.date), str(source.symbol), source.key)
                    found.setdefault(target.key, []).append((age, source.key, round(similarity, 4)))
    return sorted(
        (target, key, sim) for target, got in found.items() for _, key, sim in sorted(got)[:cap]
    )


@pytest.mark.parametrize("seed", range(40))
def test_below_the_caps_reuse_is_what_every_candidate_gives(seed: int) -> None:
    rng = random.Random(seed)
    items = []
    for key in range(rng.randrange(20, 60)):
        doc = rng.randrange(1, 9)
        symbol = f"A/RES/{doc % 6}"  # documents 6-8 share a symbol with 0-2 (PDF and text)
        date = f"20{10 + doc % 5}-12-0{1 + doc % 3}"  # some documents the same day
        text = _reworded(rng, rng.choice(SENTENCES), rng.choice([0, 1, 3, 8]))
        items.append(Item(key, doc, symbol, date, text))
    cap = rng.choice([2, 3, 50])
    assert find_reuse_counted(items, cap=cap)[0] == _reference(items, cap)


def test_the_build_summary_reports_the_candidate_cap(tmp_path: Path) -> None:
    from pipeline.corpus.batch import _reuse_note
    from pipeline.corpus.reuse import MAX_CANDIDATES, reuse_counts

    flood = [item.text + "." for item in _flood(2 * (MAX_CANDIDATES + 50), documents=2)]
    half = len(flood) // 2
    old = make_doc(flood[:half], symbol="A/RES/73/27")
    new = make_doc(flood[half:], symbol="A/RES/75/240")
    with Store(tmp_path / "c.db") as store:
        store.write_document("old.txt", dataclasses.replace(old, date="2018-12-05", sha256="1"))
        store.write_document("new.txt", dataclasses.replace(new, date="2020-12-31", sha256="2"))
        update_reuse(store)
        counts = reuse_counts(store)
    assert counts is not None and counts.candidates_capped > 0
    note = _reuse_note(counts)
    assert (
        f"{counts.candidates_capped:,} paragraphs capped at {MAX_CANDIDATES} reuse candidates"
        in note
    )
