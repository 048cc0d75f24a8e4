"""match_versions(): which draft became which resolution."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from factories import make_doc

from pipeline import settings
from pipeline.compare import chains, match_predecessors, match_versions
from pipeline.document import Document

OUTER_SPACE = [
    "Recognizing the common interest of all mankind in the exploration of outer space",
    "Calls upon all States to contribute actively to the prevention of an arms race in space",
]
SMALL_ARMS = [
    "Concerned about the illicit trade in small arms and light weapons in all its aspects",
    "Encourages States to implement the Programme of Action on small arms",
]
AMMUNITION = [
    "Recognizing the need for through-life conventional ammunition management",
    "Welcomes the adoption of the Global Framework for Through-life Conventional Ammunition",
]


def test_each_draft_finds_its_resolution() -> None:
    drafts = [
        make_doc(SMALL_ARMS, symbol="L.1"),
        make_doc(OUTER_SPACE, symbol="L.2"),
        make_doc(AMMUNITION, symbol="L.3"),
    ]
    adopted_space = [*OUTER_SPACE[:1], OUTER_SPACE[1].replace("actively", "")]
    resolutions = [make_doc(adopted_space, symbol="R.1"), make_doc(SMALL_ARMS, symbol="R.2")]
    pairs = match_versions(drafts, resolutions)
    # L.3 was never adopted; L.1 -> R.2 unchanged, L.2 -> R.1 with one word less
    assert [(i, j) for i, j, _ in pairs] == [(0, 1), (1, 0)]
    assert pairs[0][2] == 1.0 and 0.9 < pairs[1][2] < 1.0


def test_no_pairs_below_the_threshold() -> None:
    assert match_versions([make_doc(SMALL_ARMS)], [make_doc(OUTER_SPACE)]) == []
    assert match_versions([], [make_doc(OUTER_SPACE)]) == []


ROOT = settings.corpus_root()
BATCH = "batch/mandate_pipeline_first_committee_78-80"


@pytest.mark.slow
@pytest.mark.skipif(ROOT is None, reason="no corpus root")
def test_first_committee_drafts_of_session_80_find_their_resolutions() -> None:
    from pipeline.ingest import load_document

    assert ROOT is not None
    folder = ROOT / BATCH
    drafts = [load_document(p) for p in sorted(folder.glob("A_C.1_80_L.*.pdf"))]
    adopted = [load_document(p) for p in sorted(folder.glob("A_RES_80_*.pdf"))]
    pairs = match_versions(drafts, adopted)
    # 62 drafts, 59 resolutions: every resolution is found, each from one draft
    assert len(pairs) == len(adopted) == 59

    # checked independently: draft and resolution carry the same title
    def same(a: str | None, b: str | None) -> bool:
        return re.sub(r"\W", "", a or "").lower() == re.sub(r"\W", "", b or "").lower()

    assert all(same(drafts[i].title, adopted[j].title) for i, j, _ in pairs)
    # three drafts matched nothing (L.35, L.39, L.63: no resolution of theirs in the set)
    unmatched = {drafts[i].symbol for i in set(range(len(drafts))) - {i for i, _, _ in pairs}}
    assert unmatched == {"A/C.1/80/L.35", "A/C.1/80/L.39", "A/C.1/80/L.63"}


def _resolution(symbol: str, title: str, text: str) -> Document:
    return make_doc([text], symbol=symbol, title=title)


SPACE_78 = _resolution("A/RES/78/20", "Space threats", " ".join(OUTER_SPACE))
SPACE_79 = _resolution("A/RES/79/22", "Space threats", " ".join(OUTER_SPACE) + " again")
ARMS_78 = _resolution("A/RES/78/50", "Small arms", " ".join(SMALL_ARMS))
ARMS_80 = _resolution("A/RES/80/31", "Small arms", " ".join(SMALL_ARMS))
# Rewritten in 80 but citing its predecessor: text alone is too weak, the citation decides.
SPACE_80 = _resolution(
    "A/RES/80/9",
    "Reducing space threats",
    "Recalling its resolution 79/22, " + OUTER_SPACE[0] + " and " + AMMUNITION[1],
)


@pytest.mark.parametrize(
    ("documents", "expected"),
    [
        # a chain over three sessions, and a biennial text (78 -> 80) beside it
        ([SPACE_79, ARMS_80, SPACE_78, ARMS_78], [(2, 0), (3, 1)]),
        # a successor found by its citation of the predecessor's symbol
        ([SPACE_78, SPACE_79, SPACE_80], [(0, 1), (1, 2)]),
        # a draft is no resolution: it has no session and takes no part
        ([make_doc(OUTER_SPACE, symbol="A/C.1/79/L.1"), SPACE_79], []),
    ],
)
def test_match_predecessors(documents: list[Document], expected: list[tuple[int, int]]) -> None:
    assert [(i, j) for i, j, _ in match_predecessors(documents)] == expected


def test_chains_join_pairs_oldest_first() -> None:
    assert chains([(0, 1, 1.0), (1, 2, 0.9), (3, 4, 0.8)]) == [[0, 1, 2], [3, 4]]


@pytest.mark.slow
@pytest.mark.skipif(ROOT is None, reason="no corpus root")
def test_resolutions_of_sessions_78_to_80_find_their_predecessors() -> None:
    from pipeline.compare.pairs import _cites
    from pipeline.ingest import load_document

    assert ROOT is not None
    paths = sorted((ROOT / BATCH).glob("A_RES_*.pdf"))
    resolutions = [load_document(p) for p in paths]
    pairs = match_predecessors(resolutions)
    # 58 + 70 + 59 resolutions: 49 pairs 78 -> 79, 48 pairs 79 -> 80 and 6 biennial 78 -> 80
    sessions = Counter(
        (resolutions[i].symbol or "")[6:8] + "->" + (resolutions[j].symbol or "")[6:8]
        for i, j, _ in pairs
    )
    assert sessions == {"78->79": 49, "79->80": 48, "78->80": 6}
    # 56 chains: 47 over all three sessions, 9 of two
    assert Counter(len(c) for c in chains(pairs)) == {3: 47, 2: 9}

    def same(a: str | None, b: str | None) -> bool:
        return re.sub(r"\W", "", a or "").lower() == re.sub(r"\W", "", b or "").lower()

    # checked: 101 pairs carry the same title; the other two cite their predecessor
    # (79/240 "Recalling its resolution 78/239"; 80/53 recalls 79/240)
    titled = [(i, j) for i, j, _ in pairs if same(resolutions[i].title, resolutions[j].title)]
    assert len(titled) == 101
    assert all(_cites(resolutions[j], resolutions[i]) for i, j, _ in pairs if (i, j) not in titled)
    # lethal autonomous weapons systems, reworded each year: 78/241 -> 79/62 -> 80/57
    by_symbol = {d.symbol: k for k, d in enumerate(resolutions)}
    laws = [by_symbol["A/RES/78/241"], by_symbol["A/RES/79/62"], by_symbol["A/RES/80/57"]]
    assert laws in chains(pairs)
