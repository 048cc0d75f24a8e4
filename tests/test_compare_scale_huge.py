"""Issue 27: huge paragraphs and the steps that read every paragraph.

Two one-paragraph texts of 240,000 random words took 60 s a scoring cell (an exact
word Indel distance is quadratic); above ``longdiff.LONG_CELLS`` the distance is now
estimated from the common words ``long_opcodes`` finds. The other changes are
shortcuts that must answer as the old code did: each is checked against it here (the
old code kept in this file), the long cases run in a child (time and peak memory
measured as in ``test_compare_scale``).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection
from pathlib import Path

import pytest
from rapidfuzz.distance import Indel
from test_compare_scale import _measure

from pipeline.compare import longdiff, overlap
from pipeline.compare.longdiff import indel_distance
from pipeline.compare.overlap import _Text
from pipeline.compare.redline import redline
from pipeline.compare.scoring import intern_words
from pipeline.document import Paragraph


def _words(rng: random.Random, count: int, vocabulary: int) -> list[str]:
    return [f"w{rng.randrange(vocabulary)}" for _ in range(count)]


def _edit(rng: random.Random, words: list[str], edits: int) -> list[str]:
    out = list(words)
    for _ in range(edits):
        at = rng.randrange(len(out))
        out[at : at + rng.randrange(2)] = rng.choice([[], ["inserted"], ["x", "y"]])
    return out


@pytest.mark.parametrize("seed", range(30))
def test_indel_distance_is_exact_up_to_the_limit_and_an_upper_bound_above(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    a = _words(rng, rng.randrange(1, 400), rng.choice([5, 50, 5000]))
    b = _edit(rng, a, rng.randrange(0, 40)) if seed % 2 else _words(rng, 300, 50)
    exact = Indel.distance(a, b)
    assert indel_distance(a, b) == exact
    monkeypatch.setattr(longdiff, "LONG_CELLS", 100)  # every pair here is "huge"
    monkeypatch.setattr(longdiff, "DIFFLIB_CELLS", 400)  # anchors, gaps and pieces
    monkeypatch.setattr(longdiff, "PIECE", 17)
    estimate = indel_distance(a, b)
    # A common subsequence the estimate found is never longer than the longest one.
    assert exact <= estimate <= len(a) + len(b)


@pytest.mark.parametrize("seed", range(3))
def test_indel_distance_estimate_is_near_on_an_edited_copy(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(seed)
    a = _words(rng, 20_000, 5_000)
    b = _edit(rng, a, 40)
    monkeypatch.setattr(longdiff, "LONG_CELLS", 1_000_000)  # estimated, as if huge
    exact, estimate = Indel.distance(a, b), indel_distance(a, b)
    assert exact <= estimate <= exact + 0.001 * (len(a) + len(b)), (estimate, exact)


def test_huge_cells_are_estimated_in_the_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.compare.scoring import ratio_matrix

    rng = random.Random(3)
    old = [_words(rng, n, 40) for n in (3, 200, 8)]
    new = [_edit(rng, t, 5) for t in old] + [_words(rng, 150, 40)]
    exact = ratio_matrix(old, new)
    monkeypatch.setattr(longdiff, "LONG_CELLS", 1000)
    monkeypatch.setattr("pipeline.compare.scoring.LONG_CELLS", 1000)
    estimated = ratio_matrix(old, new)
    small = [[len(o) * len(n) <= 1000 for n in new] for o in old]
    for r, row in enumerate(small):
        for c, fine in enumerate(row):
            if fine:
                assert estimated[r, c] == exact[r, c]
            else:  # estimated: a similarity never above the exact one
                assert 0 <= estimated[r, c] <= exact[r, c] + 1e-12


@pytest.mark.parametrize("limit", [1000, 10**9])
def test_huge_cells_are_estimated_in_the_sparse_path(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import numpy as np

    from pipeline.compare.scoring import indel_cells

    rng = random.Random(4)
    old = [_words(rng, n, 40) for n in (3, 200, 8, 120)]
    new = [_edit(rng, t, 5) for t in old]
    rows, cols = np.array([0, 1, 1, 3, 2, 3]), np.array([0, 1, 3, 3, 1, 0])
    monkeypatch.setattr("pipeline.compare.scoring.LONG_CELLS", limit)
    monkeypatch.setattr(longdiff, "LONG_CELLS", limit)
    dist, old_len, new_len = indel_cells(old, new, rows, cols)
    for k, (r, c) in enumerate(zip(rows.tolist(), cols.tolist(), strict=True)):
        exact = Indel.distance(old[r], new[c])
        assert (old_len[k], new_len[k]) == (len(old[r]), len(new[c]))
        if len(old[r]) * len(new[c]) <= limit:
            assert dist[k] == exact
        else:
            assert exact <= dist[k] <= len(old[r]) + len(new[c])


def _intern_as_it_was(old: list[list[str]], new: list[list[str]]) -> tuple[list[str], list[str]]:
    ids: dict[str, str] = {}

    def encode(tokens: list[str]) -> str:
        return "".join(ids.setdefault(t, chr(0x10000 + len(ids))) for t in tokens)

    return [encode(t) for t in old], [encode(t) for t in new]


@pytest.mark.parametrize("seed", range(20))
def test_interned_words_as_they_were(seed: int) -> None:
    rng = random.Random(seed)
    old = [_words(rng, rng.randrange(0, 30), 40) for _ in range(rng.randrange(0, 20))]
    new = [_words(rng, rng.randrange(0, 30), 60) for _ in range(rng.randrange(0, 20))]
    assert intern_words(old, new) == _intern_as_it_was(old, new)


def _index_as_it_was(
    text: _Text, paragraphs: Collection[int]
) -> dict[tuple[str, str], list[tuple[int, int]]]:
    index: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    holders: dict[tuple[str, str], int] = defaultdict(int)
    for a in paragraphs:
        keys = text.keys[a]
        here: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i in range(len(keys) - 1):
            here[(keys[i], keys[i + 1])].append(i)
        for bigram, places in here.items():
            holders[bigram] += 1
            if len(places) <= overlap.FREQUENT_IN_PARAGRAPH:
                index[bigram] += [(a, i) for i in places]
    return {b: ps for b, ps in index.items() if holders[b] <= overlap.FREQUENT_PARAGRAPHS}


@pytest.mark.parametrize("seed", range(60))
def test_indexes_as_they_were(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(overlap, "FREQUENT_IN_PARAGRAPH", 3)  # both caps come into play
    monkeypatch.setattr(overlap, "FREQUENT_PARAGRAPHS", 4)
    rng = random.Random(seed)
    keys = [_words(rng, rng.randrange(0, 25), 6) for _ in range(rng.randrange(1, 12))]
    text = _Text(keys, [[0] * (len(k) + 1) for k in keys], [list(range(len(k))) for k in keys])
    settled = set(rng.sample(range(len(keys)), rng.randrange(0, len(keys) + 1)))
    every, unsettled = overlap._indexes(text, settled)[:2]
    assert every == _index_as_it_was(text, range(len(keys)))
    assert unsettled == _index_as_it_was(text, [a for a in range(len(keys)) if a not in settled])


def _paragraphs(texts: list[str]) -> list[Paragraph]:
    return [
        Paragraph(id=f"para_{n}", kind="operative", number=str(n), text=t, page=1, index=n - 1)
        for n, t in enumerate(texts, 1)
    ]


@pytest.mark.parametrize("seed", range(60))
def test_paragraphs_left_unread_change_no_run(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """A paragraph whose every pair is excluded or settled is not read: same runs."""
    rng = random.Random(seed)
    phrase = "the security of and in the use of information and communications technologies"
    pool = phrase.split() + ["norms", "States", "responsible", "behaviour", ","]

    def text() -> str:
        words = [rng.choice(pool) for _ in range(rng.randrange(3, 25))]
        if rng.random() < 0.5:
            words[rng.randrange(len(words)) :] = phrase.split()
        return " ".join(words)

    old = _paragraphs([text() for _ in range(rng.randrange(1, 7))])
    new = _paragraphs([text() for _ in range(rng.randrange(1, 7))])
    pairs = [(a, b) for a in range(len(old)) for b in range(len(new))]
    exclude = rng.sample(pairs, rng.randrange(0, len(pairs) + 1))
    same = rng.sample(pairs, rng.randrange(0, min(3, len(pairs)) + 1))

    def runs() -> dict[tuple[int, int], list[tuple[list[int], list[int]]]]:
        found = overlap.search_runs(old, new, min_words=3, exclude=exclude, same=same).pairs
        return {k: [(sorted(p.old), sorted(p.new)) for p in v[2]] for k, v in found.items()}

    now = runs()
    monkeypatch.setattr(
        overlap, "_searched", lambda olds, news, *_: (set(range(olds)), set(range(news)))
    )
    assert now == runs()


def test_one_aligned_pair_is_not_read() -> None:
    old, new = _paragraphs(["a b c d e f g"]), _paragraphs(["a b c d e f g h"])
    assert overlap._searched(1, 1, {(0, 0)}, (set(), set())) == (set(), set())
    assert overlap.search_runs(old, new, min_words=3, exclude=[(0, 0)], same=[]).pairs == {}


@pytest.mark.parametrize("name", ["A_RES_73_27", "A_RES_79_243"])
def test_identical_redline_as_the_full_path(corpus: Path, name: str) -> None:
    from pipeline.ingest import load_document

    for paragraph in load_document(corpus / "resolutions" / f"{name}.txt").paragraphs:
        text = paragraph.text
        # Other spaces: not the same string, the same words, so the full path runs.
        spaced = text.replace(" ", "\n ")
        assert redline(text, text) == redline(text, spaced) != ()


HUGE_BODY = """
from pipeline.compare import compare
vocabulary = [f"w{{n}}" for n in range({vocabulary})]
old = line({chars}, 1, vocabulary)
new = {new}
report = compare(make_doc(operative=[old]), make_doc(operative=[new]))
print(json.dumps({{k: report.summary[k] for k in ("modified", "added", "deleted")}}))
"""


@pytest.mark.parametrize(
    ("chars", "vocabulary", "new", "kinds"),
    [
        # Random words from 50,000: nothing in common, yet every word held a few times.
        (300_000, 50_000, "line(300_000, 2, vocabulary)", (0, 1, 1)),
        # Nine words: an edited copy is one modified paragraph.
        (300_000, 9, "old.replace(' w3 w4 ', ' changed ')", (1, 0, 0)),
    ],
)
def test_compare_two_huge_one_paragraph_texts(
    chars: int, vocabulary: int, new: str, kinds: tuple[int, int, int]
) -> None:
    body = HUGE_BODY.format(chars=chars, vocabulary=vocabulary, new=new)
    answer, took, peak = _measure(body)
    assert (answer["modified"], answer["added"], answer["deleted"]) == kinds
    assert took < 30 and peak < 400, (took, peak)


@pytest.mark.slow
def test_compare_two_unrelated_megabyte_paragraphs() -> None:
    body = HUGE_BODY.format(
        chars=1_600_000, vocabulary=50_000, new="line(1_600_000, 2, vocabulary)"
    )
    answer, took, peak = _measure(body, timeout=600)
    assert (answer["modified"], answer["added"], answer["deleted"]) == (0, 1, 1)
    assert took < 60 and peak < 600, (took, peak)
