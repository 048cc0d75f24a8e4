"""Issue 27: the last quadratic steps of ``diff`` (change order, name flags, overlaps).

Each step is checked two ways: against the old code, kept here as a reference, on
generated inputs that exercise its corners; and on a long input in a child process
(``_measure`` of test_compare_scale: wall time and peak memory from the OS). Before
this work, 10,000 deletions out of 20,000 paragraphs spent 10 s ordering the changes.
"""

from __future__ import annotations

import random

import pytest
from test_compare_scale import _measure

from pipeline.compare.align import Alignment
from pipeline.compare.diff import _order


def _order_as_it_was(alignments: list[Alignment]) -> list[Alignment]:
    """The change order as it was: every earlier kept paragraph listed per deletion."""
    new_pos_of_old: dict[int, int] = {}
    for a in alignments:
        for i in a.old:
            if a.new:
                new_pos_of_old[i] = min(a.new)

    def key(a: Alignment) -> tuple[int, int, int]:
        if a.new:
            return (min(a.new), 0, min(a.old, default=-1))
        prior = [i for i in new_pos_of_old if i < a.old[0]]
        anchor = new_pos_of_old[max(prior)] if prior else -1
        return (anchor, 1, a.old[0])

    return sorted(alignments, key=key)


def _random_alignments(rng: random.Random) -> list[Alignment]:
    """Old paragraphs deleted, kept, merged or split; new ones added; order shuffled."""
    n_old, n_new = rng.randrange(0, 30), rng.randrange(0, 30)
    olds, news = list(range(n_old)), list(range(n_new))
    rng.shuffle(news)
    found: list[Alignment] = []
    while olds or news:
        old = tuple(olds.pop(0) for _ in range(min(len(olds), rng.choice([0, 1, 1, 2]))))
        new = tuple(news.pop() for _ in range(min(len(news), rng.choice([0, 1, 1, 2]))))
        if old or new:
            kind = "deleted" if not new else "added" if not old else "modified"
            found.append(Alignment(kind, old, new, 0.5))  # type: ignore[arg-type]
    rng.shuffle(found)
    return found


@pytest.mark.parametrize("seed", range(300))
def test_order_is_the_order_as_it_was(seed: int) -> None:
    alignments = _random_alignments(random.Random(seed))
    assert _order(alignments) == _order_as_it_was(alignments)


def test_order_ten_thousand_deletions() -> None:
    body = """
    from pipeline.compare.align import Alignment
    from pipeline.compare.diff import _order
    found = [Alignment("unchanged", (2 * k,), (k,), 1.0) for k in range(10000)]
    found += [Alignment("deleted", (2 * k + 1,), (), 0.0) for k in range(10000)]
    start = time.monotonic()
    ordered = _order(found)
    took = time.monotonic() - start
    print(json.dumps({"old": [a.old[0] for a in ordered], "took": took}))
    """
    answer, took, peak = _measure(body)
    assert answer["old"] == list(range(20000))  # each deletion right after its neighbour
    assert answer["took"] < 2, answer["took"]  # was 10 s
