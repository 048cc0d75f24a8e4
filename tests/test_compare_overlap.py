"""Shared passages across all paragraphs (``pipeline.compare.overlap``).

The real-document cases were checked by reading A/RES/73/27 operative paragraph 5 (the
OEWG mandate) against A/RES/73/266 operative paragraph 3 (the GGE mandate).
"""

from __future__ import annotations

from functools import cache

import pytest
from factories import make_doc

from pipeline import settings
from pipeline.compare import compare
from pipeline.compare.overlap import content_units, list_order
from pipeline.compare.shared import shared_passages
from pipeline.document import DiffReport

ROOT = settings.corpus_root()


def _keys(text: str) -> list[str]:
    units = content_units(text)
    return [units[n].key for n in list_order(text, units)]


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # A coordinated list in another order is the same list.
        ("the rules, norms and principles of", "the norms, rules and principles of"),
        # Function words do not count: "with a view to" = "with the view of".
        (
            "with a view to promoting common understandings",
            "with the view of promoting common understandings",
        ),
        # An abbreviation and its long form are one word.
        (
            "the use of ICTs by States",
            "the use of information and communications technologies by States",
        ),
        # Hyphens, quotes, case and line-end hyphenation.
        ("confidence-building measures", "Confidence-\nbuilding measures"),
        ("“open-ended working group”", "Open-ended Working Group"),
    ],
)
def test_equal_after_normalisation(a: str, b: str) -> None:
    assert _keys(a) == _keys(b)


def test_a_list_is_not_sorted_across_a_plain_gap() -> None:
    # "common understandings" is one item: the comma after it starts no list with "existing".
    assert _keys("common understandings, existing threats") != _keys(
        "existing threats, common understandings"
    )


def test_units_keep_their_place_in_the_text() -> None:
    text = "1. Calls upon States to promote the use of information and communications technologies;"
    units = content_units(text)
    assert [text[u.start : u.end] for u in units] == [
        "Calls",  # "upon" is a function word
        "States",
        "promote",
        "use",
        "information and communications technologies",
    ]
    # The long form stands for three content words.
    assert [u.words for u in units][-1] == 3


def test_passages_between_unaligned_paragraphs() -> None:
    old = make_doc(
        [],
        [
            "Decides to convene a working group to study existing and potential threats in "
            "the sphere of information security and to submit a report;",
        ],
    )
    new = make_doc(
        [],
        [
            "Requests the Secretary-General to report on its work;",
            "Requests a group of experts to study, as a priority, existing and potential threats "
            "in the sphere of information security;",
        ],
    )
    found = shared_passages(old.paragraphs, new.paragraphs)
    assert [(o.old_id, o.new_id, o.words) for o in found] == [("para_1", "para_2", 6)]
    (passage,) = found
    assert passage.text == "existing and potential threats in the sphere of information security"
    assert old.paragraphs[0].text[passage.old_start : passage.old_end] == passage.text
    assert new.paragraphs[1].text[passage.new_start : passage.new_end] == passage.new_text
    # Fewer content words than asked for: nothing.
    assert shared_passages(old.paragraphs, new.paragraphs, min_words=7) == []
    # An excluded pair (aligned elsewhere) is not searched.
    assert shared_passages(old.paragraphs, new.paragraphs, exclude=[(0, 1)]) == []


def test_a_name_alone_is_not_a_passage() -> None:
    title = (
        "the Group of Governmental Experts on Developments in the Field of Information and "
        "Telecommunications in the Context of International Security"
    )
    old = make_doc([f"Welcoming the report of {title},"])
    new = make_doc([f"Noting with appreciation the work of {title},"])
    assert shared_passages(old.paragraphs, new.paragraphs) == []
    # With words of its own around it, the passage counts.
    old = make_doc(
        [f"Recalling the assessments and recommendations contained in the report of {title},"]
    )
    new = make_doc(
        [f"Stressing the assessments and recommendations contained in the report of {title},"]
    )
    (passage,) = shared_passages(old.paragraphs, new.paragraphs)
    assert passage.text.startswith("assessments and recommendations contained in the report")


def test_a_short_run_is_not_a_passage() -> None:
    old = make_doc([], ["Calls upon Member States to promote peace and security;"])
    new = make_doc([], ["Urges all Member States to promote peace in cyberspace;"])
    assert shared_passages(old.paragraphs, new.paragraphs) == []


@cache
def _mandates() -> DiffReport:
    from pipeline.ingest import load_document

    assert ROOT is not None
    old = load_document(ROOT / "resolutions" / "A_RES_73_27.txt")
    new = load_document(ROOT / "resolutions" / "A_RES_73_266.txt")
    return compare(old, new)


@pytest.mark.skipif(ROOT is None, reason="no corpus root")
def test_the_oewg_and_gge_mandates_share_their_elements() -> None:
    report = _mandates()
    linked = [o for o in report.overlaps if (o.old_id, o.new_id) == ("para_5", "para_3")]
    texts = " || ".join(o.text for o in linked) + " || " + " || ".join(o.new_text for o in linked)
    shared = [
        "how international law applies to the use of information and communications "
        "technologies by States",
        "confidence-building measures and capacity-building",
        "existing and potential threats in the sphere of information security",
        "with a view to promoting common understandings",
        "principles of responsible behaviour",
    ]
    found = [element for element in shared if element.split(" ", 1)[1] in texts]
    assert len(found) >= 4, found
    # What only one mandate has is claimed by no passage of the pair.
    for unique in (
        "regular institutional dialogue",
        "annex containing national contributions",
        "democratic, inclusive and transparent",
        "intersessional consultative meetings",
    ):
        assert unique not in texts
    # The JSON carries them as top-level overlaps.
    payload = report.to_dict()
    assert any(o["old_id"] == "para_5" and o["new_id"] == "para_3" for o in payload["overlaps"])
    assert report.summary["overlap_count"] == len(report.overlaps)


@pytest.mark.skipif(ROOT is None, reason="no corpus root")
def test_aligned_pairs_are_not_overlaps() -> None:
    report = _mandates()
    aligned = {(i, j) for c in report.changes for i in c.old_ids for j in c.new_ids}
    assert all((o.old_id, o.new_id) not in aligned for o in report.overlaps)


@pytest.mark.skipif(ROOT is None, reason="no corpus root")
def test_the_community_of_shared_future_deletion_is_substantive() -> None:
    # 73/27 PP10 -> 73/266 PP6: "with the objective of shaping a community of shared future
    # for humankind in cyberspace" is gone; the rest is an abbreviation swap.
    (change,) = [c for c in _mandates().changes if c.old_ids == ("preamble_10",)]
    assert (change.new_ids, change.significance) == (("preamble_6",), "substantive")
    assert "shaping a community of shared future for humankind" in change.reason
    assert (change.old_cite, change.new_cite) == ("PP10", "PP6")


def test_moved_paragraphs_with_the_same_words_are_not_searched_against_each_other() -> None:
    # Issue 27: a shuffled copy of a text was searched whole (50,000 tiny paragraphs:
    # the overlap search was 5 s of a 9 s compare). What two paragraphs that are both
    # in the other document, unchanged, share is no news, moved or not.
    shared = "calls upon Member States to strengthen cooperation on capacity-building"
    texts = [
        f"Also {shared} in developing countries.",
        "Decides to convene a working group in 2026.",
        f"Further {shared} through regional organizations.",
        "Requests the Secretary-General to report at its next session.",
    ]
    old = make_doc(operative=texts)
    reordered = make_doc(operative=[texts[2], texts[3], texts[0], texts[1]])
    report = compare(old, reordered)
    assert {c.kind for c in report.changes} <= {"unchanged", "moved"}
    assert report.overlaps == ()
    # The same passage is found once one of the two paragraphs changes.
    edited = make_doc(operative=[texts[2], texts[3], texts[0] + " Notes the report.", texts[1]])
    assert any(shared.split()[2] in o.text for o in compare(old, edited).overlaps)
