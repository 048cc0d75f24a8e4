"""Reuse search's numpy MinHash, LSH buckets and batch scoring against their references.

Each faster step is checked against the way it was computed before (datasketch's
MinHash objects, a dict of band bytes, ``token_ratio`` pair by pair), on generated
texts and on real paragraphs of the corpus (issue 27).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from pipeline.compare.normalise import token_ratio, tokenise
from pipeline.corpus import lsh, reuse
from pipeline.corpus.reuse import Item, ReuseParams, find_reuse_counted
from pipeline.settings import corpus_root

VOCABULARY = "a b c d e f g hé ü 2021 open-ended États".split()
PARAMS = ReuseParams()


def _generated(seed: int, count: int) -> list[tuple[str, ...]]:
    """Distinct token lists of 1-30 words from a small vocabulary (many shared shingles)."""
    rng = random.Random(seed)
    texts = {
        tuple(rng.choice(VOCABULARY) for _ in range(rng.randrange(1, 30))) for _ in range(count)
    }
    return sorted(texts)


def _real() -> list[tuple[str, ...]]:
    """The distinct lines of the corpus's resolution texts, tokenised."""
    root = corpus_root()
    if root is None:
        pytest.skip("no corpus root: set NORMTRACE_CORPUS_ROOT")
    texts: dict[tuple[str, ...], None] = {}
    for path in sorted(Path(root, "resolutions").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if tokens := tuple(tokenise(line)):
                texts.setdefault(tokens)
    assert len(texts) > 500
    return list(texts)


def _datasketch(texts: Sequence[Sequence[str]], size: int, num_perm: int) -> np.ndarray:
    from datasketch import MinHash

    hashes = MinHash.bulk([lsh.shingles(t, size) for t in texts], num_perm=num_perm)
    return np.stack([m.hashvalues for m in hashes])


@pytest.mark.parametrize(("size", "num_perm", "threshold"), [(3, 128, 0.2), (2, 64, 0.5)])
def test_signatures_are_datasketchs_minhash(
    monkeypatch: pytest.MonkeyPatch, size: int, num_perm: int, threshold: float
) -> None:
    monkeypatch.setattr(lsh, "_SHINGLES_AT_ONCE", 1000)  # several batches, the last short
    texts = _generated(size, 1000)
    bands = lsh.lsh_bands(threshold, num_perm)
    got = lsh.signatures(texts, size, num_perm, bands)
    expected = _datasketch(texts, size, num_perm)
    assert got.shape == (len(texts), bands[-1][1]) and bands[-1][1] < num_perm
    assert np.array_equal(got, expected[:, : got.shape[1]])
    everything = lsh.signatures(texts[:50], size, num_perm, [(0, num_perm)])
    assert np.array_equal(everything, expected[:50])


def test_signatures_of_real_paragraphs_are_datasketchs() -> None:
    texts = _real()
    bands = lsh.lsh_bands(PARAMS.lsh_threshold, PARAMS.num_perm)
    got = lsh.signatures(texts, PARAMS.shingle, PARAMS.num_perm, bands)
    assert np.array_equal(
        got, _datasketch(texts, PARAMS.shingle, PARAMS.num_perm)[:, : got.shape[1]]
    )


def _candidates_before(
    hashes: np.ndarray, bands: Sequence[tuple[int, int]], cap: int | None
) -> Iterator[tuple[int, list[int], bool]]:
    """``earlier_candidates`` as it was: a dict of each band's bytes, every candidate
    merged (then cut to the earliest ``cap``, as ``find_reuse_counted`` did)."""
    tables: list[dict[bytes, list[int]]] = [defaultdict(list) for _ in bands]
    for j, values in enumerate(hashes):
        found: set[int] = set()
        full = False
        for table, (start, end) in zip(tables, bands, strict=True):
            bucket = table[values[start:end].tobytes()]
            found.update(bucket)
            if cap is None or len(bucket) < cap:
                bucket.append(j)
            else:
                full = True
        earlier = sorted(found)
        yield j, earlier[:cap], full or (cap is not None and len(earlier) > cap)


@pytest.mark.parametrize("cap", [None, 0, 1, 7, 12])
def test_buckets_numbered_once_give_the_candidates_of_band_bytes(cap: int | None) -> None:
    texts = _generated(cap or 5, 2000)
    bands = lsh.lsh_bands(PARAMS.lsh_threshold, PARAMS.num_perm)
    hashes = lsh.signatures(texts, PARAMS.shingle, PARAMS.num_perm, bands)
    got = list(lsh.earlier_candidates(hashes, bands, cap))
    assert got == list(_candidates_before(hashes, bands, cap))
    shared = sum(len(earlier) for _, earlier, _ in got)
    assert shared > len(texts) / 2 if cap != 0 else shared == 0  # buckets were shared
    assert any(full for _, _, full in got) == (cap is not None)


def test_real_paragraphs_have_the_candidates_of_band_bytes() -> None:
    texts = _real()
    bands = lsh.lsh_bands(PARAMS.lsh_threshold, PARAMS.num_perm)
    hashes = lsh.signatures(texts, PARAMS.shingle, PARAMS.num_perm, bands)
    got = list(lsh.earlier_candidates(hashes, bands, 300))
    assert got == list(_candidates_before(hashes, bands, 300))


def _similar_before(
    texts: Sequence[Sequence[str]], j: int, others: np.ndarray
) -> tuple[list[int], list[float]]:
    pairs = [(i, token_ratio(texts[i], texts[j])) for i in others.tolist()]
    kept = [(i, ratio) for i, ratio in pairs if ratio >= PARAMS.min_similarity]
    return [i for i, _ in kept], [ratio for _, ratio in kept]


def _interning_fails(*_: Any) -> Any:
    raise ValueError("chr() arg not in range(0x110000)")  # over a million distinct words


@pytest.mark.parametrize("way", ["interned", "words", "long"])
def test_batch_scores_are_token_ratio(monkeypatch: pytest.MonkeyPatch, way: str) -> None:
    if way == "words":
        monkeypatch.setattr(reuse, "intern_words", _interning_fails)
    if way == "long":  # every pair estimated as a huge paragraph would be
        monkeypatch.setattr(reuse, "LONG_CELLS", 0)
        monkeypatch.setattr("pipeline.compare.scoring.LONG_CELLS", 0)
        monkeypatch.setattr("pipeline.compare.longdiff.LONG_CELLS", 0)
    rng = random.Random(3)
    base = _generated(3, 40)
    texts = sorted(
        {tuple(w if rng.random() < 0.8 else rng.choice(VOCABULARY) for w in t) for t in base * 20}
    )
    scorer = reuse._Scorer(texts)
    assert scorer.short == (way != "long")
    kept = 0
    for j in range(len(texts)):
        others = np.array(rng.sample(range(len(texts)), 30), dtype=np.int64)
        got = scorer.similar(j, others, PARAMS)
        assert got == _similar_before(texts, j, others)
        kept += len(got[0])
    assert 100 < kept < 30 * len(texts) / 2  # many pairs over the threshold, more under it


def test_real_paragraphs_score_as_token_ratio() -> None:
    texts = _real()
    scorer = reuse._Scorer(texts)
    rng = random.Random(4)
    kept = 0
    for j in rng.sample(range(len(texts)), 200):
        # its LSH-like neighbours (the texts around it share words) and random ones
        near = range(max(0, j - 20), min(len(texts), j + 20))
        others = np.array(sorted({*near, *rng.sample(range(len(texts)), 20)}), dtype=np.int64)
        got = scorer.similar(j, others, PARAMS)
        assert got == _similar_before(texts, j, others)
        kept += len(got[0])
    assert kept >= 200  # each text is similar to itself at least


def _every_candidate(self: Any, j: int, earlier: list[int]) -> tuple[np.ndarray, int]:
    return np.array(earlier, dtype=np.int64), max(earlier, default=-1)


def _near_copies(seed: int, paragraphs: int, documents: int) -> list[Item]:
    """Ten-word near-copies over documents dated in random order, some on one day and
    some sharing a symbol, a few texts repeated in several documents."""
    rng = random.Random(seed)
    words = "decides to convene starting in 2021 an open-ended working group".split()
    dates = [f"20{rng.randrange(10, 14)}-12-0{rng.randrange(1, 3)}" for _ in range(documents)]
    items = []
    for key in range(paragraphs):
        copy = list(words)
        for _ in range(rng.randrange(3)):
            copy[rng.randrange(len(copy))] = rng.choice(VOCABULARY)
        doc = rng.randrange(documents)
        symbol = f"A/RES/{doc % (documents - 2)}"
        items.append(Item(key, doc, symbol, dates[doc], " ".join(copy)))
    return items


@pytest.mark.parametrize(
    ("seed", "cap", "candidates"), [(1, 50, 300), (2, 3, 20), (3, 5, 8), (4, 50, 40)]
)
def test_dated_candidates_scored_at_once_give_the_pairs_of_every_candidate(
    monkeypatch: pytest.MonkeyPatch, seed: int, cap: int, candidates: int
) -> None:
    items = _near_copies(seed, 1200, 12)
    got = find_reuse_counted(items, cap=cap, candidates=candidates)
    # Before: every candidate was looked at, scored one pair at a time by token_ratio.
    scorer_init = reuse._Scorer.__init__

    def keep_texts(self: Any, texts: Sequence[Sequence[str]]) -> None:
        scorer_init(self, texts)
        self.texts = texts

    def one_by_one(self: Any, j: int, others: np.ndarray, _: ReuseParams) -> Any:
        return _similar_before(self.texts, j, others)

    monkeypatch.setattr(reuse._Days, "either", _every_candidate)
    monkeypatch.setattr(reuse._Scorer, "__init__", keep_texts)
    monkeypatch.setattr(reuse._Scorer, "similar", one_by_one)
    before = find_reuse_counted(items, cap=cap, candidates=candidates)
    assert got == before
    assert got[1].candidates_capped > 0 and got[1].capped > 0 and len(got[0]) > len(items)
