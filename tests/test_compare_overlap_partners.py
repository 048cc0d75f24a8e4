"""Issue 27: a text of many near-copies of one paragraph (each distinct, so none
collapses) made every (old, new) pair a candidate of the overlap search: 400 a side
took 219 s in `diff`. A new paragraph is now searched against its first
``overlap.PARTNERS`` old ones (the corpus's most is 15), and the summary says so.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from pipeline.compare import compare, overlap
from pipeline.compare.overlap import search_runs
from pipeline.document import Document, Paragraph
from pipeline.report.legend import overlap_cap_notes

MANDATE = (
    "Decides to convene an open-ended working group on security of and in the use of "
    "information and communications technologies, acting on a consensus basis, to "
    "continue to further develop the rules, norms and principles of responsible behaviour "
    "of States and the ways for their implementation"
)
WORDS = "regional global national shared technical legal voluntary practical".split()


def _copies(count: int, seed: int) -> list[Paragraph]:
    rng = random.Random(seed)
    paragraphs = []
    for n in range(count):
        words = MANDATE.split()
        words[rng.randrange(len(words))] = rng.choice(WORDS)
        words.insert(rng.randrange(len(words)), str(n))  # every copy distinct
        paragraphs.append(
            Paragraph(
                id=f"para_{n + 1}",
                kind="operative",
                number=str(n + 1),
                page=1,
                text=" ".join(words),
            )
        )
    return paragraphs


def _partners(old: list[Paragraph], new: list[Paragraph]) -> Counter[int]:
    runs = search_runs(old, new, min_words=5, exclude=(), same=())
    return Counter(b for _, b in runs.pairs)


def test_each_new_paragraph_is_searched_against_at_most_partners(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    old, new = _copies(40, 1), _copies(40, 2)
    monkeypatch.setattr(overlap, "PARTNERS", 10_000)
    assert max(_partners(old, new).values()) == 40  # every pair shares the mandate
    monkeypatch.setattr(overlap, "PARTNERS", 8)
    runs = search_runs(old, new, min_words=5, exclude=(), same=())
    per_new = Counter(b for _, b in runs.pairs)
    assert max(per_new.values()) <= 8
    assert runs.partners_cut == 40


def test_under_the_cap_the_search_is_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = _copies(12, 3), _copies(12, 4)
    capped = search_runs(old, new, min_words=5, exclude=(), same=())
    monkeypatch.setattr(overlap, "PARTNERS", 10_000)
    free = search_runs(old, new, min_words=5, exclude=(), same=())
    assert capped.partners_cut == 0
    assert capped.pairs.keys() == free.pairs.keys()
    for pair, (_, _, passages) in capped.pairs.items():
        assert [(p.old, p.new) for p in passages] == [(p.old, p.new) for p in free.pairs[pair][2]]


def test_the_diff_summary_says_what_was_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overlap, "PARTNERS", 8)
    old = Document(
        symbol="A/RES/1/1", title=None, doc_type="resolution", paragraphs=tuple(_copies(20, 5))
    )
    new = Document(
        symbol="A/RES/2/1", title=None, doc_type="resolution", paragraphs=tuple(_copies(20, 6))
    )
    cap = compare(old, new).summary["overlap_cap"]
    assert cap["partners_cut"] == 20
    assert any("searched against the first 8 only" in note for note in overlap_cap_notes(cap))


def test_a_partner_kept_is_searched_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    # Once full, a new paragraph reads each bigram in its partners only: every pair it
    # keeps has the same passages as without the cap.
    old, new = _copies(40, 7), _copies(40, 8)
    monkeypatch.setattr(overlap, "PARTNERS", 10_000)
    free = search_runs(old, new, min_words=5, exclude=(), same=())
    monkeypatch.setattr(overlap, "PARTNERS", 4)
    capped = search_runs(old, new, min_words=5, exclude=(), same=())
    assert capped.pairs and set(capped.pairs) < set(free.pairs)
    for pair, (_, _, passages) in capped.pairs.items():
        assert [(p.old, p.new) for p in passages] == [(p.old, p.new) for p in free.pairs[pair][2]]
