"""match_versions(): which draft became which resolution."""

from __future__ import annotations

import re

import pytest
from factories import make_doc

from pipeline import settings
from pipeline.compare import match_versions

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
