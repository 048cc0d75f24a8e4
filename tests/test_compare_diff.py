"""compare(): changes, flags and summary; invariants checked with hypothesis."""

from __future__ import annotations

import json

import pytest
from factories import RECALLING_ALSO, TAKING_NOTE, change_key, find, kinds, make_doc, mirror_change
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.compare import compare, compare_chain
from pipeline.compare.diff import renumbered
from pipeline.compare.redline import side
from pipeline.document import DiffReport, Paragraph

OLD = make_doc(
    [
        "Recalling its resolutions 73/27 of 5 December 2018 and 73/266 of 22 December 2018,",
        "Noting that ICTs are dual-use technologies and can be used for malicious purposes,",
        "Welcoming the work of the Group of Governmental Experts on the subject,",
    ],
    [
        "Decides to convene a working group in 2019, which shall act on the basis of "
        "consensus, to develop norms and rules of responsible behaviour of States and to "
        "study the ways of their implementation;",
        "Requests the Secretary-General to report to the General Assembly at its "
        "seventy-fourth session on the implementation of the present resolution;",
        "Decides to include in the provisional agenda of its seventy-fourth session the item "
        "entitled “Developments in the field of information and telecommunications”.",
    ],
    symbol="A/RES/73/27",
    title="Developments in the field of information",
)
NEW = make_doc(
    [
        "Recalling its resolutions 73/27 of 5 December 2018, 73/266 of 22 December 2018 and "
        "74/29 of 12 December 2019,",
        "Noting that information and communications technologies are dual-use technologies "
        "and can be used for malicious purposes,",
    ],
    [
        "Welcomes the work of the Group of Governmental Experts on the subject;",
        "Decides to convene a working group in 2021, which should act on the basis of consensus.",
        "It shall develop norms and rules of responsible behaviour of States and study the "
        "ways of their implementation;",
        "Takes note of the report of the Secretary-General on the work of the Group;",
        "Decides to include in the provisional agenda of its seventy-sixth session the item "
        "entitled “Developments in the field of information and telecommunications”.",
    ],
    symbol="A/RES/75/240",
    title="Developments in the field of information",
)


def test_compare_finds_each_kind_of_change() -> None:
    report = compare(OLD, NEW)
    assert kinds(report) == {
        "unchanged": 0,
        "modified": 3,
        "moved": 1,
        "split": 1,
        "merged": 0,
        "added": 1,
        "deleted": 1,
    }
    # abbreviation against expansion: shown as an editorial change (issue 24), no flag
    abbreviation = find(report, old_id="preamble_2")
    assert (abbreviation.kind, abbreviation.significance) == ("modified", "editorial")
    assert abbreviation.flags == ()
    # a list of resolutions grew: number and symbol flags, redline shows the insertion
    recalling = find(report, old_id="preamble_1")
    assert recalling.kind == "modified"
    assert recalling.flags == ("number", "symbol")
    assert ("insert", " and 74/29 of 12 December 2019") in recalling.tokens
    # preamble to operative, Welcoming -> Welcomes
    welcomes = find(report, old_id="preamble_3")
    assert (welcomes.kind, welcomes.new_ids) == ("moved", ("para_1",))
    assert welcomes.flags == ("preamble_to_operative",)
    # the split paragraph: shall -> should (modality) and 2019 -> 2021
    split = find(report, old_id="para_1")
    assert (split.kind, split.new_ids) == ("split", ("para_2", "para_3"))
    assert split.flags == ("modality", "number")
    # added and deleted
    assert find(report, new_id="para_4").kind == "added"
    assert find(report, old_id="para_2").kind == "deleted"
    last = find(report, old_id="para_3")
    assert (last.kind, last.flags) == ("modified", ("number", "renumbered"))


def test_changes_follow_the_new_document_with_deletions_in_place() -> None:
    report = compare(OLD, NEW)
    order = [(c.kind, c.old_ids, c.new_ids) for c in report.changes]
    assert order == [
        ("modified", ("preamble_1",), ("preamble_1",)),
        ("modified", ("preamble_2",), ("preamble_2",)),
        ("moved", ("preamble_3",), ("para_1",)),
        ("split", ("para_1",), ("para_2", "para_3")),
        ("deleted", ("para_2",), ()),
        ("added", (), ("para_4",)),
        ("modified", ("para_3",), ("para_5",)),
    ]


def test_summary_measures_overlap_both_ways() -> None:
    report = compare(OLD, NEW, min_passage_words=8)
    summary = report.summary
    words = summary["words"]
    assert summary["overlap"]["old_in_new"] == round(words["common"] / words["old"], 4)
    assert summary["overlap"]["new_in_old"] == round(words["common"] / words["new"], 4)
    assert 0.5 < summary["similarity"] < 1.0
    assert summary["paragraphs"] == {"old": 6, "new": 7}
    assert summary["flags"]["number"] == 3
    passages = summary["shared_passages"]
    assert passages and all(p["words"] >= 8 for p in passages)
    assert passages == sorted(passages, key=lambda p: -p["words"])
    assert summary["shared_passage_count"] >= len(passages)
    # the report is plain JSON
    assert json.loads(json.dumps(report.to_dict()))["summary"] == summary


def test_tokens_rebuild_the_texts() -> None:
    for change in compare(OLD, NEW).changes:
        if change.tokens:
            assert side(change.tokens, "old") == " ".join(change.old_text.split())
            assert side(change.tokens, "new") == " ".join(change.new_text.split())


def test_chain_reports_each_step() -> None:
    middle = make_doc(OLD.paragraphs and [p.text for p in OLD.paragraphs[:3]], symbol="X")
    reports = compare_chain([OLD, middle, NEW])
    assert [(r.old.symbol, r.new.symbol) for r in reports] == [
        ("A/RES/73/27", "X"),
        ("X", "A/RES/75/240"),
    ]


# ---- properties -------------------------------------------------------------------

_SENTENCES = [
    "Recalling its resolutions on developments in the field of information",
    "Noting that considerable progress has been achieved in developing technologies",
    "Expressing concern that these technologies can be used for purposes inconsistent",
    "Underlining the importance of respect for human rights in the use of technologies",
    "Stressing the importance of the assessments of the Group of Governmental Experts",
    "Decides to convene a working group acting on the basis of consensus in 2021",
    "Requests the Secretary-General to report at its seventy-sixth session",
    "Calls upon Member States to promote further the consideration of threats",
    "Invites all Member States to inform the Secretary-General of their views",
    "Welcomes the report of the open-ended working group on security",
]
_EDITS = st.sampled_from(
    ["", "not ", "2025 ", "shall ", "the Russian Federation ", "A/RES/73/27 ", "further "]
)


@st.composite
def documents(draw: st.DrawFn) -> list[str]:
    picks = draw(st.lists(st.sampled_from(_SENTENCES), max_size=8, unique=True))
    edited = []
    for text in picks:
        words = text.split()
        at = draw(st.integers(0, len(words)))
        edited.append(" ".join(words[:at]) + " " + draw(_EDITS) + " ".join(words[at:]))
    return edited


def _doc(paragraphs: list[str], cut: int) -> object:
    return make_doc(paragraphs[:cut], paragraphs[cut:])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(paragraphs=documents(), cut=st.integers(0, 8))
def test_diff_of_a_document_with_itself_has_no_changes(paragraphs: list[str], cut: int) -> None:
    doc = _doc(paragraphs, cut)
    report = compare(doc, doc)  # type: ignore[arg-type]
    assert {c.kind for c in report.changes} <= {"unchanged"}
    assert all(not c.flags for c in report.changes)
    assert report.summary["similarity"] == 1.0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=documents(), b=documents(), cut_a=st.integers(0, 8), cut_b=st.integers(0, 8))
def test_swapping_the_inputs_mirrors_the_diff(
    a: list[str], b: list[str], cut_a: int, cut_b: int
) -> None:
    old, new = _doc(a, cut_a), _doc(b, cut_b)
    forward = compare(old, new)  # type: ignore[arg-type]
    backward = compare(new, old)  # type: ignore[arg-type]
    assert sorted(mirror_change(c) for c in forward.changes) == sorted(
        change_key(c) for c in backward.changes
    )
    swap = {"added": "deleted", "deleted": "added", "split": "merged", "merged": "split"}
    for kind in ("unchanged", "modified", "moved", "split", "merged", "added", "deleted"):
        assert forward.summary[kind] == backward.summary[swap.get(kind, kind)]
    assert forward.summary["similarity"] == backward.summary["similarity"]
    overlap, mirrored = forward.summary["overlap"], backward.summary["overlap"]
    assert (overlap["old_in_new"], overlap["new_in_old"]) == (
        mirrored["new_in_old"],
        mirrored["old_in_new"],
    )


@settings(max_examples=100, deadline=None)
@given(a=documents(), b=documents(), cut=st.integers(0, 8))
def test_report_round_trips_through_dict_and_json(a: list[str], b: list[str], cut: int) -> None:
    report = compare(_doc(a, cut), _doc(b, cut))  # type: ignore[arg-type]
    assert DiffReport.from_dict(report.to_dict()) == report
    assert DiffReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def _para(kind: str, number: str | None) -> Paragraph:
    return Paragraph(id="x", kind=kind, number=number, text="Text.", page=1, index=0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # operative 7 became 6 (73/27 -> 73/266, the agenda paragraph)
        (_para("operative", "7"), _para("operative", "6"), True),
        (_para("operative", "3"), _para("operative", "3"), False),
        # 4 (b) became 2 (a): the item letter itself changed
        (_para("subparagraph", "b"), _para("subparagraph", "a"), True),
        # 1.3 became 2.3 only because paragraph 1 became 2 (flagged on the parent)
        (_para("subparagraph", "1.3"), _para("subparagraph", "2.3"), False),
        # 1.3 became 2.4: its own number moved too
        (_para("subparagraph", "1.3"), _para("subparagraph", "2.4"), True),
        # preambular paragraphs carry no number
        (_para("preamble", None), _para("preamble", None), False),
    ],
)
def test_renumbered_judges_a_subparagraph_by_its_own_level(
    old: Paragraph, new: Paragraph, expected: bool
) -> None:
    assert renumbered(old, new) is expected


def test_contained_paragraph_flags_its_verb_change() -> None:
    report = compare(make_doc([TAKING_NOTE]), make_doc([RECALLING_ALSO]))
    (change,) = report.changes
    assert change.kind == "modified"
    assert "operative_verb" in change.flags and "expanded" in change.flags


@pytest.mark.parametrize(
    ("paragraph_id", "expected"),
    [
        ("preamble_3", "PP3"),
        ("para_5", "OP5"),
        ("para_1__point_a", "OP1(a)"),
        ("para_1__subpara_10", "OP1.10"),
        ("para_2__point_b__point_ii", "OP2(b)(ii)"),
        ("annex_1", "annex_1"),  # no human form: the id itself
        ("speech_4", "speech_4"),
        ("other_23", "¶23"),  # an unnumbered paragraph (the Paris Call's 23rd)
        ("other_2__point_a", "¶2(a)"),
    ],
)
def test_cite(paragraph_id: str, expected: str) -> None:
    from pipeline.compare.diff import cite

    assert cite(paragraph_id) == expected


def test_to_frame_is_the_change_table() -> None:
    from pipeline.report.tables import COLUMNS

    report = compare(make_doc(["Welcoming the report,"]), make_doc(["Noting the report,"]))
    frame = report.to_frame()
    assert tuple(frame.columns) == COLUMNS
    assert frame[["kind", "old_cite", "significance"]].values.tolist() == [
        ["modified", "PP1", "substantive"]
    ]
