"""Issue 27: alignment and the word diff stay near-linear on long inputs.

Each long case runs in a child process, its wall time measured from outside and its peak
memory read by the child itself (``VmHWM`` of /proc/self/status: the high-water mark of
its own memory since it started; ``ru_maxrss`` would also count the test process it was
forked from, hundreds of MB late in a full run), on generated inputs whose right answer
is known by construction (the item number each paragraph carries, the words an edit left
alone). Before this
work, 5,000 edited tiny paragraphs a side built a 25-million-cell matrix and a tuple
a cell (gigabytes); 20,000 ran past 300 s and 12.5 GB; two one-paragraph 1 MB texts
took 41-51 s in difflib. The bounds are wide (the machine is shared) yet far below
those figures. The small cases check that the fast paths answer exactly as the old
code did.
"""

from __future__ import annotations

import difflib
import json
import random
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from factories import make_doc

from pipeline.compare.align import align_paragraphs
from pipeline.compare.longdiff import long_opcodes
from pipeline.compare.redline import _fold_short_equals, _is_junk, difflib_matcher
from pipeline.compare.scoring import _greedy_pairs

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent / "bench"))

import compare_scale  # noqa: E402  (bench/, as test_bench_headlines.py imports it)

# The generators, run in the child: tiny numbered paragraphs, and long one-line texts.
GENERATORS = """
import random, re, sys, time, json
sys.path.insert(0, TESTS)
from factories import make_doc

def tiny(n, seed, numbers=10**6, edit=False):
    rng = random.Random(seed)
    old = [f"Decides to keep item {rng.randrange(numbers)} under review." for _ in range(n)]
    new = [p.replace("keep", "hold") if edit else p for p in old]
    rng.shuffle(new)
    return make_doc(operative=old), make_doc(operative=new)

WORDS = ["cyber", "security", "the", "Assembly", "States", "norms", "of", "and", "France"]

def line(chars, seed, words=WORDS):
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        out.append(rng.choice(words))
        size += len(out[-1]) + 1
    return " ".join(out)

def item(text):
    return re.search(r"item (\\d+)", text).group(1)
"""


def _measure(body: str, timeout: float = 300.0) -> tuple[dict[str, Any], float, float]:
    """Run GENERATORS + ``body`` in a child (bench/compare_scale.py's runner); return its
    JSON answer, seconds and peak MB."""
    code = GENERATORS.replace("TESTS", repr(str(TESTS))) + textwrap.dedent(body)
    result = compare_scale.run(code, timeout, cwd=TESTS.parent)
    assert result["finished"], f"child failed after {result['seconds']:.0f} s"
    return json.loads(result["answer"]), result["seconds"], result["peak_mb"]


ALIGN_BODY = """
from collections import Counter
from pipeline.compare.align import align_paragraphs
old, new = {make}
found = align_paragraphs(old.paragraphs, new.paragraphs)
pairs = [(a.old, a.new) for a in found if a.old and a.new]
right = sum(
    item(old.paragraphs[o[0]].text) == item(new.paragraphs[n[0]].text) for o, n in pairs
)
print(json.dumps({{"kinds": Counter(a.kind for a in found), "pairs": len(pairs), "right": right}}))
"""


@pytest.mark.parametrize(
    ("make", "seconds", "megabytes"),
    [
        ("tiny(5000, 1, edit=True)", 60, 400),  # nothing pairs exactly: 25M cells dense
        ("tiny(5000, 2, numbers=500)", 60, 400),  # each text about ten times a side
    ],
)
def test_align_long_lists(make: str, seconds: float, megabytes: float) -> None:
    answer, took, peak = _measure(ALIGN_BODY.format(make=make))
    assert answer["pairs"] == 5000, answer["kinds"]
    # Paired by the number each paragraph carries (a footnote-like number such as
    # 209052 reads as the year 2090, so a few pairs may differ in that number only).
    assert answer["right"] >= 0.97 * 5000, answer
    assert took < seconds and peak < megabytes, (took, peak)


def test_align_one_text_repeated() -> None:
    body = """
    from collections import Counter
    from pipeline.compare.align import align_paragraphs
    old = make_doc(operative=["Decides to remain seized of the matter."] * 3000)
    new = make_doc(operative=["Decides to remain seized of the matter."] * 3100)
    found = align_paragraphs(old.paragraphs, new.paragraphs)
    print(json.dumps(Counter(a.kind for a in found)))
    """
    kinds, took, peak = _measure(body)
    # The copies pair in order: nothing moved, the 100 extra copies added.
    assert kinds == {"unchanged": 3000, "added": 100}
    assert took < 60 and peak < 400, (took, peak)


def test_align_two_unrelated_long_lists() -> None:
    body = """
    from collections import Counter
    from pipeline.compare.align import align_paragraphs
    vocabulary = [f"w{n}" for n in range(20000)]
    old = make_doc(operative=[line(80, k, vocabulary) for k in range(4000)])
    new = make_doc(operative=[line(80, 10**6 + k, vocabulary) for k in range(4000)])
    found = align_paragraphs(old.paragraphs, new.paragraphs)
    print(json.dumps(Counter(a.kind for a in found)))
    """
    kinds, took, peak = _measure(body)
    assert kinds == {"added": 4000, "deleted": 4000}  # random words: nothing in common
    assert took < 60 and peak < 400, (took, peak)


REDLINE_BODY = """
import random
from pipeline.compare.redline import redline, side
old = line({chars}, 1)
rng = random.Random(5)
words = old.split()
kept = set(range(len(words)))
for _ in range(300):  # replace, cut or insert a word here and there
    at = rng.randrange(len(words))
    kept.discard(at)
    words[at] = rng.choice(["inserted", "changed", ""])
new = " ".join(w for w in words if w)
runs = redline(old, new)
same = side(runs, "old") == " ".join(old.split()) and side(runs, "new") == new
equal = sum(len(t.split()) for op, t in runs if op == "equal")
print(json.dumps({{"same": same, "equal": equal, "kept": len(kept), "words": len(words)}}))
"""


@pytest.mark.parametrize(("chars", "seconds"), [(300_000, 30)])
def test_redline_one_huge_paragraph(chars: int, seconds: float) -> None:
    answer, took, peak = _measure(REDLINE_BODY.format(chars=chars))
    assert answer["same"]  # each side rebuilds exactly
    # Most untouched words are shown as kept (short kept runs between edits fold in).
    assert answer["equal"] >= 0.95 * answer["kept"], answer
    assert took < seconds and peak < 400, (took, peak)


def test_redline_two_unrelated_huge_paragraphs() -> None:
    body = """
    from pipeline.compare.redline import redline, side
    old, new = line(300_000, 1), line(300_000, 2)
    runs = redline(old, new)
    same = side(runs, "old") == old and side(runs, "new") == new
    print(json.dumps({"same": same, "runs": len(runs)}))
    """
    answer, took, peak = _measure(body)
    assert answer["same"] and answer["runs"] > 100
    assert took < 30 and peak < 400, (took, peak)


@pytest.mark.slow
@pytest.mark.parametrize(
    "make", ["tiny(50000, 1)", "tiny(50000, 1, edit=True)", "tiny(50000, 2, numbers=5000)"]
)
def test_align_fifty_thousand_paragraphs(make: str) -> None:
    answer, took, peak = _measure(ALIGN_BODY.format(make=make), timeout=900)
    assert answer["pairs"] == 50000 and answer["right"] >= 0.97 * 50000, answer
    assert took < 120 and peak < 800, (took, peak)


@pytest.mark.slow
def test_redline_one_megabyte_paragraph() -> None:
    answer, took, peak = _measure(REDLINE_BODY.format(chars=1_000_000), timeout=900)
    assert answer["same"] and answer["equal"] >= 0.95 * answer["kept"], answer
    assert took < 60 and peak < 500, (took, peak)


# The fast paths answer as the old code did.


def _tuple_greedy(
    rows: list[int], cols: list[int], sim: np.ndarray, threshold: float
) -> list[tuple[int, int, float]]:
    """The greedy pairing as it was: one tuple a cell, sorted."""
    ri, ci = np.nonzero(sim >= threshold)
    candidates = sorted(
        (-float(sim[r, c]), abs(rows[r] - cols[c]), rows[r] + cols[c], rows[r], cols[c])
        for r, c in zip(ri.tolist(), ci.tolist(), strict=True)
    )
    used_old: set[int] = set()
    used_new: set[int] = set()
    pairs = []
    for neg_sim, _, _, i, j in candidates:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        pairs.append((i, j, -neg_sim))
    return pairs


@pytest.mark.parametrize("round_cells", [1 << 12, 1, 40])
@pytest.mark.parametrize("seed", range(40))
def test_array_greedy_is_the_tuple_greedy(
    seed: int, round_cells: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Cell by cell, and with the cells first of their row and column taken in rounds
    over whole arrays first (``_first_of_both``), down to one cell or to 40."""
    monkeypatch.setattr("pipeline.compare.scoring._ROUND_CELLS", round_cells)
    rng = np.random.default_rng(seed)
    shape = (int(rng.integers(1, 30)), int(rng.integers(1, 30)))
    sim = rng.integers(0, 6, size=shape) / 5  # few values: many ties
    rows = sorted(rng.choice(60, size=shape[0], replace=False).tolist())
    cols = sorted(rng.choice(60, size=shape[1], replace=False).tolist())
    assert _greedy_pairs(rows, cols, sim, 0.4) == _tuple_greedy(rows, cols, sim, 0.4)


Region = tuple[str, list[str], list[str]]


def _fold_by_restarts(regions: list[Region], min_equal: int) -> list[Region]:
    """The folding as it was: fold the first foldable region, start again."""

    def words(tokens: list[str]) -> int:
        return sum(any(ch.isalnum() for ch in t) for t in tokens)

    changed = True
    while changed:
        changed = False
        for k in range(1, len(regions) - 1):
            kind, _, new = regions[k]
            if kind != "equal" or regions[k - 1][0] != "edit" or regions[k + 1][0] != "edit":
                continue
            _, ob, nb = regions[k - 1]
            _, oa, na = regions[k + 1]
            n = words(new)
            if n >= min_equal or n >= max(words(ob), words(nb)) or n >= max(words(oa), words(na)):
                continue
            regions[k - 1 : k + 2] = [("edit", ob + regions[k][1] + oa, nb + new + na)]
            changed = True
            break
    return regions


@pytest.mark.parametrize("seed", range(200))
def test_one_pass_folding_is_the_restarting_one(seed: int) -> None:
    rng = random.Random(seed)
    regions: list[Region] = []
    for n in range(rng.randrange(1, 14)):
        kind = "equal" if n % 2 == (seed % 2) else "edit"
        size = rng.randrange(0, 5)
        old = [rng.choice(["a ", "of ", ", ", "b "]) for _ in range(size)]
        new = list(old) if kind == "equal" else [rng.choice(["c ", "d "]) for _ in range(size)]
        regions.append((kind, old, new))
    copy = [(k, list(o), list(n)) for k, o, n in regions]
    min_equal = rng.randrange(1, 4)
    assert _fold_short_equals(regions, min_equal) == _fold_by_restarts(copy, min_equal)


def test_identical_paragraphs_skip_difflib_with_its_answer() -> None:
    words = "Decides to remain seized of the matter , and of the the".split()
    matcher = difflib.SequenceMatcher(_is_junk, words, list(words), autojunk=False)
    assert difflib_matcher(words, list(words)) == [tuple(op) for op in matcher.get_opcodes()]
    assert difflib_matcher([], []) == []


def _check_opcodes(a: list[str], b: list[str], ops: list[tuple[str, int, int, int, int]]) -> None:
    i = j = 0
    for tag, i1, i2, j1, j2 in ops:
        assert (i1, j1) == (i, j)
        if tag == "equal":
            assert a[i1:i2] == b[j1:j2]
        i, j = i2, j2
    assert (i, j) == (len(a), len(b))


@pytest.mark.parametrize("seed", range(20))
def test_long_opcodes_cover_both_sides(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tiny limits, so that anchors, gaps, pieces and the budget all come into play.
    monkeypatch.setattr("pipeline.compare.longdiff.DIFFLIB_CELLS", 50)
    monkeypatch.setattr("pipeline.compare.longdiff.SMALL_BUDGET", 400)
    monkeypatch.setattr("pipeline.compare.longdiff.PIECE", 7)
    rng = random.Random(seed)
    vocabulary = [f"w{n}" for n in range(rng.choice([3, 30, 300]))] + ["the", ","]
    a = [rng.choice(vocabulary) for _ in range(rng.randrange(0, 300))]
    b = list(a)
    for _ in range(rng.randrange(0, 20)):
        at = rng.randrange(len(b) + 1)
        b[at : at + rng.randrange(3)] = [rng.choice(vocabulary)] * rng.randrange(3)
    ops = long_opcodes(a, b, difflib_matcher, _is_junk)
    _check_opcodes(a, b, ops)
    assert all(x[0] != y[0] for x, y in zip(ops, ops[1:], strict=False))  # merged


def test_long_opcodes_keep_what_an_edit_left() -> None:
    rng = random.Random(4)
    a = [f"w{rng.randrange(5000)}" for _ in range(20000)]
    b = list(a)
    for at in sorted(rng.sample(range(20000), 40), reverse=True):
        b[at] = "changed"
    ops = long_opcodes(a, b, difflib_matcher, _is_junk)
    _check_opcodes(a, b, ops)
    assert sum(i2 - i1 for tag, i1, i2, _, _ in ops if tag == "equal") >= 20000 - 40 - 10


def _real_paragraphs(corpus: Path) -> list[str]:
    from pipeline.ingest import load_document

    texts = []
    for name in ("A_RES_73_27", "A_RES_73_266", "A_RES_75_240", "A_RES_76_19", "A_RES_79_243"):
        texts += [p.text for p in load_document(corpus / "resolutions" / f"{name}.txt").paragraphs]
    return texts


def _edited(texts: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """A tenth cut, a few words changed, twenty paragraphs moved."""
    new = []
    for text in texts:
        if rng.random() < 0.1:
            continue
        words = text.split()
        for _ in range(rng.randrange(3)):
            words[rng.randrange(len(words))] = rng.choice(["new", "the", "significantly"])
        new.append(" ".join(words))
    for _ in range(20):
        new.insert(rng.randrange(len(new)), new.pop(rng.randrange(len(new))))
    return texts, new


def _split(texts: list[str], rng: random.Random) -> tuple[list[str], list[str]]:
    """About a third of neighbouring pairs joined into one old paragraph."""
    old: list[str] = []
    new: list[str] = []
    k = 0
    while k + 1 < len(texts):
        if rng.random() < 0.3 and 8 < len(texts[k].split()) and 8 < len(texts[k + 1].split()):
            old.append(f"{texts[k].rstrip(';.,')}, and {texts[k + 1]}")
            new += texts[k : k + 2]
            k += 2
        else:
            old.append(texts[k])
            new.append(texts[k])
            k += 1
    return old, new


@pytest.mark.parametrize("change", [_edited, _split])
def test_candidate_pairing_agrees_with_the_dense_matrix(
    corpus: Path, monkeypatch: pytest.MonkeyPatch, change: Any
) -> None:
    """Real paragraphs edited, or joined in pairs: the blocked search (forced by a tiny
    cell limit) finds the alignments the dense matrix finds."""
    old, new = change(_real_paragraphs(corpus), random.Random(11))
    old_doc, new_doc = make_doc(operative=old), make_doc(operative=new)

    def found() -> set[tuple[str, tuple[int, ...], tuple[int, ...]]]:
        found = align_paragraphs(old_doc.paragraphs, new_doc.paragraphs)
        return {(a.kind, a.old, a.new) for a in found}

    dense = found()
    monkeypatch.setattr("pipeline.compare.blocking.DENSE_CELLS", 100)
    blocked = found()
    assert len(old) > 300
    if change is _split:
        assert sum(kind == "split" for kind, _, _ in dense) > 50
    assert len(dense & blocked) >= 0.99 * len(dense), len(dense & blocked) / len(dense)


def _reference_candidates(
    rows: list[list[str]], cols: list[list[str]], first: dict[str, int]
) -> list[set[int]]:
    """The candidate rules of ``blocking``, a row at a time in plain Python; ``first``
    numbers the tokens (equally rare tokens are read in that order)."""
    from pipeline.compare.blocking import _READ, _SAME_TEXT, RARE, TOP, WINDOW

    postings: dict[str, list[int]] = {}
    for c, tokens in enumerate(cols):
        for token in sorted(set(tokens)):
            postings.setdefault(token, []).append(c)
    col_texts: dict[str, list[int]] = {}
    for c, tokens in enumerate(cols):
        col_texts.setdefault(" ".join(tokens), []).append(c)
    row_texts: dict[str, list[int]] = {}
    for r, tokens in enumerate(rows):
        row_texts.setdefault(" ".join(tokens), []).append(r)
    last = len(cols) - 1
    found = []
    for r, tokens in enumerate(rows):
        place = r * last // max(1, len(rows) - 1)
        rare = sorted(
            (t for t in set(tokens) if len(postings.get(t, ())) <= RARE and t in postings),
            key=lambda t: (len(postings[t]), first[t]),
        )
        if sum(len(postings[t]) for t in rare) > _READ:
            while sum(len(postings[t]) for t in rare) > _READ:
                rare.pop()
        score: dict[int, int] = {}
        for t in rare:
            for c in postings[t]:
                score[c] = score.get(c, 0) + RARE + 1 - len(postings[t])
        picked = set(sorted(score, key=lambda c: (-score[c], abs(c - place), c))[:TOP])
        for at in (place, r):
            picked |= {c for c in range(at - WINDOW, at + WINDOW + 1) if 0 <= c <= last}
        key = " ".join(tokens)
        if key in col_texts:
            same, mine = col_texts[key], row_texts[key]
            own = mine.index(r)
            for at in (own * len(same) // len(mine), own):
                picked |= {
                    same[k]
                    for k in range(at - _SAME_TEXT, at + _SAME_TEXT + 1)
                    if 0 <= k < len(same)
                }
        found.append(picked)
    return found


def _random_sides(seed: int) -> tuple[list[list[str]], list[list[str]]]:
    """Rows and columns over a small vocabulary (tokens above RARE, rows over _READ),
    with copies of row texts among the columns."""
    rng = random.Random(seed)
    vocabulary = [f"w{k}" for k in range(rng.choice([30, 300, 3000]))]

    def make() -> list[str]:
        return [rng.choice(vocabulary) for _ in range(rng.randrange(0, 40))]

    rows = [make() for _ in range(rng.randrange(1, 300))]
    cols = [make() for _ in range(rng.randrange(1, 300))]
    cols += rng.sample(rows, min(len(rows), rng.randrange(0, 40))) * rng.randrange(1, 3)
    rng.shuffle(cols)
    return rows, cols


def _numbered(*sides: list[list[str]]) -> dict[str, int]:
    first: dict[str, int] = {}
    for side in sides:
        for tokens in side:
            for token in tokens:
                first.setdefault(token, len(first))
    return first


@pytest.mark.parametrize("seed", range(30))
def test_candidates_follow_their_rules(seed: int) -> None:
    """The array computation names, row by row, the cells the rules name."""
    from pipeline.compare.blocking import candidates

    rows, cols = _random_sides(seed)
    r, c = candidates(rows, cols)
    keys = r * len(cols) + c
    assert (np.diff(keys) > 0).all()  # distinct, by row then column
    expected = _reference_candidates(rows, cols, _numbered(rows, cols))
    assert set(zip(r.tolist(), c.tolist(), strict=True)) == {
        (row, col) for row, picked in enumerate(expected) for col in picked
    }


@pytest.mark.parametrize("seed", range(10))
def test_both_ways_is_the_union_of_the_two_directions(seed: int) -> None:
    from pipeline.compare.blocking import both_ways

    rows, cols = _random_sides(seed)
    first = _numbered(rows, cols)  # the words numbered once, rows first, both ways
    forward = _reference_candidates(rows, cols, first)
    back = _reference_candidates(cols, rows, first)
    expected = {(r, c) for r, picked in enumerate(forward) for c in picked}
    expected |= {(r, c) for c, picked in enumerate(back) for r in picked}
    r, c = both_ways(rows, cols)
    assert set(zip(r.tolist(), c.tolist(), strict=True)) == expected


def test_long_alignment_names_its_candidates_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing pairs: pairing, splits, merges and containment all read one set of cells
    (each step named and scored its own before: four times the work)."""
    from pipeline.compare import blocking

    calls = []
    named = blocking._candidates

    def counted(*args: Any) -> np.ndarray:
        calls.append(args[0].size)
        return named(*args)

    monkeypatch.setattr(blocking, "_candidates", counted)
    monkeypatch.setattr(blocking, "DENSE_CELLS", 10_000)
    # Named although ``may_share`` would tell that no cell can serve (that shortcut:
    # tests/test_compare_scale_bound.py).
    monkeypatch.setattr(blocking, "may_share", lambda *args: True)
    rng = random.Random(4)
    vocabulary = [f"w{k}" for k in range(5000)]

    def texts(n: int) -> list[str]:
        return ["Notes " + " ".join(rng.choice(vocabulary) for _ in range(12)) for _ in range(n)]

    old, new = make_doc(operative=texts(300)), make_doc(operative=texts(400))
    found = align_paragraphs(old.paragraphs, new.paragraphs)
    assert {a.kind for a in found} == {"added", "deleted"}
    assert calls == [300, 400]  # one candidate search each way


def test_cells_measured_in_pieces_as_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """The cells' texts are listed for rapidfuzz a bounded number at a time (a Python
    list of 4.4 million texts cost 480 MB on 50,000 paragraphs a side): the distances
    are those of the whole matrix, wherever a piece ends."""
    from rapidfuzz import process
    from rapidfuzz.distance import Indel

    from pipeline.compare.scoring import Cells, intern_words

    rows, cols = _random_sides(3)
    monkeypatch.setattr("pipeline.compare.scoring._CELLS_AT_ONCE", 7)
    cells = Cells.of(rows, cols)
    a, b = intern_words(rows, cols)
    whole = process.cdist(a, b, scorer=Indel.distance, dtype=np.int64)
    assert len(cells.rows) > 100
    assert (cells.dist == whole[cells.rows, cells.cols]).all()
    assert (cells.old_len == np.array([len(t) for t in rows])[cells.rows]).all()
