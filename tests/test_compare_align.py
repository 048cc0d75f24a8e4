"""Paragraph alignment: one to one, renumbered, moved, split, merged, added, deleted."""

from __future__ import annotations

import random

import pytest
from factories import RECALLING_ALSO, TAKING_NOTE, make_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.compare.align import (
    Alignment,
    AlignOptions,
    align_paragraphs,
    ratio_matrix,
    tfidf_matrix,
)

A = "Recalling its resolutions on developments in the field of information and telecommunications"
B = "Noting that considerable progress has been achieved in developing the latest technologies"
C = "Expressing concern that these technologies can be used for purposes inconsistent with peace"
D = "Underlining the importance of respect for human rights in the use of these technologies"
E = "Stressing the importance of the assessments and recommendations of the group of experts"
SPLIT_WHOLE = (
    "Decides to convene a working group acting on the basis of consensus to develop further "
    "the rules norms and principles of responsible behaviour of States and to study the "
    "possibility of establishing regular institutional dialogue under the auspices of the "
    "United Nations"
)
SPLIT_1 = (
    "Decides to convene a working group acting on the basis of consensus to develop further "
    "the rules norms and principles of responsible behaviour of States"
)
SPLIT_2 = (
    "Also decides that the group shall study the possibility of establishing regular "
    "institutional dialogue under the auspices of the United Nations"
)

SCORERS = [ratio_matrix, tfidf_matrix]


def _summary(alignments: list[Alignment]) -> set[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    return {(a.kind, a.old, a.new) for a in alignments}


@pytest.mark.parametrize("scorer", SCORERS)
@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # identical documents: all unchanged
        (
            [A, B, C],
            [A, B, C],
            {("unchanged", (0,), (0,)), ("unchanged", (1,), (1,)), ("unchanged", (2,), (2,))},
        ),
        # one paragraph deleted, the rest renumbered but in order: unchanged, not moved
        (
            [A, B, C],
            [A, C],
            {("unchanged", (0,), (0,)), ("deleted", (1,), ()), ("unchanged", (2,), (1,))},
        ),
        # one paragraph added
        (
            [A, C],
            [A, B, C],
            {("unchanged", (0,), (0,)), ("added", (), (1,)), ("unchanged", (1,), (2,))},
        ),
        # a paragraph moved to the end: only that one is "moved"
        (
            [A, B, C, D],
            [B, C, D, A],
            {
                ("moved", (0,), (3,)),
                ("unchanged", (1,), (0,)),
                ("unchanged", (2,), (1,)),
                ("unchanged", (3,), (2,)),
            },
        ),
        # a reworded paragraph is modified
        (
            [A, B],
            [A, B.replace("considerable", "remarkable")],
            {("unchanged", (0,), (0,)), ("modified", (1,), (1,))},
        ),
        # one paragraph split in two
        (
            [A, SPLIT_WHOLE, E],
            [A, SPLIT_1, SPLIT_2, E],
            {("unchanged", (0,), (0,)), ("split", (1,), (1, 2)), ("unchanged", (2,), (3,))},
        ),
        # two paragraphs merged into one
        (
            [A, SPLIT_1, SPLIT_2, E],
            [A, SPLIT_WHOLE, E],
            {("unchanged", (0,), (0,)), ("merged", (1, 2), (1,)), ("unchanged", (3,), (2,))},
        ),
        # nothing in common
        ([A], [E], {("deleted", (0,), ()), ("added", (), (0,))}),
        # empty documents
        ([], [A], {("added", (), (0,))}),
        ([], [], set()),
    ],
)
def test_align_table(scorer, old, new, expected) -> None:  # type: ignore[no-untyped-def]
    result = align_paragraphs(
        make_doc(old).paragraphs, make_doc(new).paragraphs, AlignOptions(scorer=scorer)
    )
    assert _summary(result) == expected


def test_preamble_to_operative_is_a_move() -> None:
    old = make_doc(
        [A, "Welcoming the work of the Group of Governmental Experts on the matter,"], [C]
    )
    new = make_doc(
        [A], ["Welcomes the work of the Group of Governmental Experts on the matter;", C]
    )
    result = align_paragraphs(old.paragraphs, new.paragraphs)
    moved = [a for a in result if a.kind == "moved"]
    assert [(a.old, a.new, a.crossed) for a in moved] == [((1,), (1,), "preamble_to_operative")]


def test_threshold_decides_what_corresponds() -> None:
    old = make_doc([A]).paragraphs
    new = make_doc([A.replace("information and telecommunications", "cyberspace")]).paragraphs
    assert _summary(align_paragraphs(old, new, AlignOptions(threshold=0.5))) == {
        ("modified", (0,), (0,))
    }
    strict = align_paragraphs(old, new, AlignOptions(threshold=0.99, detect_containment=False))
    assert _summary(strict) == {
        ("deleted", (0,), ()),
        ("added", (), (0,)),
    }


def test_strategies_can_be_switched_off() -> None:
    old = make_doc([A, B, C, D]).paragraphs
    new = make_doc([B, C, D, A]).paragraphs
    assert all(
        a.kind == "unchanged" for a in align_paragraphs(old, new, AlignOptions(detect_moves=False))
    )
    old = make_doc([SPLIT_WHOLE]).paragraphs
    new = make_doc([SPLIT_1, SPLIT_2]).paragraphs
    kinds = {a.kind for a in align_paragraphs(old, new, AlignOptions(detect_splits=False))}
    assert "split" not in kinds


def test_duplicate_paragraphs_pair_in_order() -> None:
    # a paragraph repeated in both documents pairs first with first, second with second
    old = make_doc([A, B, A]).paragraphs
    new = make_doc([A, B, A]).paragraphs
    assert _summary(align_paragraphs(old, new)) == {
        ("unchanged", (0,), (0,)),
        ("unchanged", (1,), (1,)),
        ("unchanged", (2,), (2,)),
    }


def test_ratio_matrix_values() -> None:
    sim = ratio_matrix([["a", "b"], ["c"]], [["a", "b"], ["a"], []])
    assert sim.shape == (2, 3)
    assert sim[0, 0] == 1.0
    assert sim[0, 1] == pytest.approx(2 / 3)
    assert sim[1, 0] == 0.0
    assert sim[1, 2] == 0.0


def test_a_paragraph_inside_a_longer_one_is_modified() -> None:
    old = make_doc([A, TAKING_NOTE], [C]).paragraphs
    new = make_doc([A, RECALLING_ALSO], [C]).paragraphs
    result = align_paragraphs(old, new)
    paired = [a for a in result if a.old == (1,)]
    assert [(a.kind, a.new, a.contained) for a in paired] == [("modified", (1,), "expanded")]
    assert paired[0].similarity < 0.5  # below the one-to-one threshold: containment paired it
    # Read backwards, the new text is condensed into the old.
    mirrored = [a for a in align_paragraphs(new, old) if a.new == (1,)]
    assert [(a.kind, a.old, a.contained) for a in mirrored] == [("modified", (1,), "condensed")]
    # Without the containment pass it is a deletion and an addition.
    plain = align_paragraphs(old, new, AlignOptions(detect_containment=False))
    assert {a.kind for a in plain if 1 in a.old or 1 in a.new} == {"deleted", "added"}


def test_containment_needs_most_of_the_shorter_text() -> None:
    other = "Taking note of the report of the Secretary-General on the work of the Commission,"
    old = make_doc([A, other], [C]).paragraphs
    new = make_doc([A, RECALLING_ALSO], [C]).paragraphs
    assert {a.kind for a in align_paragraphs(old, new) if 1 in a.old} == {"deleted"}


def _quadratic_chain(points: list[tuple[int, int, int]]) -> set[tuple[int, int]]:
    """The heaviest chain by the plain pairwise search (the reference, quadratic)."""
    points = sorted(points)
    if all(a[1] < b[1] for a, b in zip(points, points[1:], strict=False)):
        return {p[:2] for p in points}  # in order already: every point (as align does)
    best = [w for _, _, w in points]
    back = [-1] * len(points)
    for k, (i, j, w) in enumerate(points):
        for m in range(k):
            if points[m][0] < i and points[m][1] < j and best[m] + w > best[k]:
                best[k], back[k] = best[m] + w, m
    chain: set[tuple[int, int]] = set()
    k = max(range(len(points)), key=lambda n: (best[n], -n), default=-1)
    while k >= 0:
        chain.add(points[k][:2])
        k = back[k]
    return chain


@given(
    st.lists(
        st.tuples(st.integers(0, 12), st.integers(0, 12), st.sampled_from([1, 2, 5, 10, 11])),
        max_size=30,
    )
)
@settings(max_examples=300, deadline=None, derandomize=True)
def test_heaviest_chain_matches_the_pairwise_search(points: list[tuple[int, int, int]]) -> None:
    # The O(n log n) chain gives the very chain (ties included) of the quadratic search.
    from pipeline.compare.align import _heaviest_chain

    assert _heaviest_chain(points) == _quadratic_chain(points)


@pytest.mark.parametrize("seed", range(4))
def test_heaviest_chain_of_alignment_sized_weights(seed: int) -> None:
    """Weights as alignment makes them (word counts times 2**32 plus a hash), some old
    paragraphs with several points, shuffled: the very chain of the pairwise search."""
    from pipeline.compare.align import _heaviest_chain

    rng = random.Random(seed)
    points = [
        (
            rng.randrange(300),
            rng.randrange(400),
            rng.randrange(2, 40) * (1 << 32) + rng.randrange(1 << 32),
        )
        for _ in range(700)
    ]
    assert _heaviest_chain(points) == _quadratic_chain(points)
