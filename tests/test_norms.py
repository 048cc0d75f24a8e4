"""The norm matcher (issue 22): 73/27 against the 2015 norms, paraphrases, qualifiers,
lists, split and merged norms, and the drift over several documents.

The 73/27 expectations come from models/data/norms_labels.csv, made by reading the
resolution against the 2015 report's wording (never from the matcher's output).
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from pipeline.compare.norms import NormIndex, NormsReport, match_document
from pipeline.compare.norms_track import track
from pipeline.document import Document, Paragraph
from pipeline.settings import corpus_root

ROOT = Path(__file__).resolve().parent.parent
F = (
    "A State should not conduct or knowingly support ICT activity contrary to its obligations "
    "under international law that intentionally damages critical infrastructure or otherwise "
    "impairs the use and operation of critical infrastructure to provide services to the public."
)
I_1 = (
    "States should take reasonable steps to ensure the integrity of the supply chain so that "
    "end users can have confidence in the security of ICT products."
)
I_2 = (
    "States should seek to prevent the proliferation of malicious ICT tools and techniques "
    "and the use of harmful hidden functions."
)
J = (
    "States should encourage responsible reporting of ICT vulnerabilities and share associated "
    "information on available remedies to such vulnerabilities to limit and possibly eliminate "
    "potential threats to ICTs and ICT-dependent infrastructure."
)
INDEX = NormIndex.build([("gge", [("gge:f", F), ("gge:i", f"{I_1} {I_2}"), ("gge:j", J)])])


def _doc(*texts: str, parent: bool = False, symbol: str = "A/RES/0/1", date: str = "") -> Document:
    """A document whose paragraphs are the texts, as sub-items of para_1 if ``parent``."""
    paragraphs = [Paragraph(id="para_1", kind="operative", number="1", text="Welcomes:", page=1)]
    for n, text in enumerate(texts, 1):
        pid = f"para_1__subpara_{n}" if parent else f"para_{n + 1}"
        paragraphs.append(
            Paragraph(
                id=pid, kind="subparagraph" if parent else "operative", number=str(n), text=text,
                page=1, index=n, parent="para_1" if parent else None,
            )
        )  # fmt: skip
    return Document(
        symbol=symbol, title="t", doc_type="resolution", paragraphs=tuple(paragraphs),
        adoption_date=date or None,
    )  # fmt: skip


def _relations(report: NormsReport) -> dict[str, set[tuple[str, str]]]:
    found: dict[str, set[tuple[str, str]]] = {}
    for m in report.matches:
        found.setdefault(m.paragraph_id, set()).add((m.norm_id, m.relation))
    return found


# --- 73/27 against the 2015 catalogue (the chapter's observations) -------------------


@pytest.fixture(scope="module")
def res_73_27() -> NormsReport:
    root = corpus_root()
    if root is None:
        pytest.skip("no corpus root")
    from pipeline.ingest.catalogue import load_catalogue
    from pipeline.research.norms import build_index, norm_report

    catalogue = load_catalogue(root.parent / "norms" / "gge_2015.csv")
    return norm_report(root / "resolutions" / "A_RES_73_27.txt", build_index([catalogue]))


def _labels(document: str) -> dict[str, tuple[str, str]]:
    with (ROOT / "models/data/norms_labels.csv").open(newline="") as fp:
        return {
            r["paragraph_id"]: (r["norm_id"], r["relation"])
            for r in csv.DictReader(fp)
            if r["document"] == document
        }


def test_every_item_of_73_27_para_1_is_mapped_as_labelled(res_73_27: NormsReport) -> None:
    labels = _labels("resolutions/A_RES_73_27.txt")
    found = _relations(res_73_27)
    items = [f"para_1__subpara_{n}" for n in range(1, 14)]
    for pid in items:
        norm_id, relation = labels[pid]
        if relation == "new":
            assert pid in res_73_27.new and pid not in found, pid
        else:
            assert found.get(pid) == {(norm_id, relation)}, pid


def test_73_27_tells_identical_from_reworded(res_73_27: NormsReport) -> None:
    by_relation: dict[str, list[str]] = {}
    for m in res_73_27.matches:
        by_relation.setdefault(m.relation, []).append(m.cite)
    # 1.5 and 1.7 add the resolutions' dates, 1.11 says "for" where 2015 said "to",
    # 1.2 and 1.3 add sentences (attribution, proxies).
    assert by_relation["identical"] == ["OP1.1", "OP1.4", "OP1.6", "OP1.8", "OP1.12"]
    assert by_relation["reworded"] == ["OP1.2", "OP1.3", "OP1.5", "OP1.7", "OP1.11"]


def test_73_27_splits_2015_item_i_over_1_9_and_1_10(res_73_27: NormsReport) -> None:
    assert dict(res_73_27.split) == {"gge2015:i": ("para_1__subpara_9", "para_1__subpara_10")}
    assert res_73_27.new == ("para_1__subpara_13",)
    assert res_73_27.merged == ()


def test_the_chapeau_that_mentions_norms_restates_nothing(res_73_27: NormsReport) -> None:
    assert "para_1" not in _relations(res_73_27)
    assert not any(m.paragraph_id.startswith("preamble_") for m in res_73_27.matches)


def test_a_reworded_item_carries_its_redline_and_reason(res_73_27: NormsReport) -> None:
    (m,) = [m for m in res_73_27.matches if m.cite == "OP1.11"]
    assert ("delete", "to") in {(op, text.strip()) for op, text in m.tokens}
    assert ("insert", "for") in {(op, text.strip()) for op, text in m.tokens}
    assert m.significance == "editorial"
    (m3,) = [m for m in res_73_27.matches if m.cite == "OP1.3"]
    assert m3.significance == "substantive" and "must" in m3.reason
    assert any(op == "insert" and "proxies" in text for op, text in m3.tokens)


# --- hand-made restatements --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the norm in other words (the example): part of (f)
        (
            "States should not conduct or support ICT activity that intentionally damages "
            "critical infrastructure.",
            {("gge:f", "partial")},
        ),
        # normalisation: long form of ICT, curly quotes, a final semicolon
        (
            I_2.replace("ICT", "information and communications technology").replace(".", ";"),
            {("gge:i", "partial")},
        ),
        # a concern, not a conduct: restates nothing
        (
            "Expressing concern about malicious ICT activity aimed at critical infrastructure "
            "supporting essential services to the public,",
            None,
        ),
        # merely mentions norms
        (
            "Reaffirming that voluntary, non-binding norms of responsible State behaviour can "
            "reduce risks to international peace, security and stability,",
            None,
        ),
    ],
    ids=["paraphrase", "normalised", "concern", "mention"],
)
def test_restatements(text: str, expected: set[tuple[str, str]] | None) -> None:
    found = _relations(match_document(_doc(text), INDEX))
    assert found.get("para_2") == expected


def test_identical_after_normalisation() -> None:
    text = J.replace("ICTs", "information and communications technologies")
    (m,) = match_document(_doc(text.replace("ICT-dependent", "ICT\u2011dependent")), INDEX).matches
    assert (m.relation, m.significance) == ("identical", "editorial")


def test_a_qualifier_added_is_substantive_and_quoted() -> None:
    text = J.replace("States should encourage", "States should, as appropriate, encourage")
    (m,) = match_document(_doc(text), INDEX).matches
    assert m.relation == "reworded"
    assert m.significance == "substantive" and '"as appropriate"' in m.reason


def test_modality_weakened_is_substantive() -> None:
    (m,) = match_document(_doc(J.replace("should", "may")), INDEX).matches
    assert m.relation == "reworded" and m.significance == "substantive"
    assert "should" in m.reason and "may" in m.reason


def test_a_list_item_restating_none_is_new_and_two_norms_in_one_are_merged() -> None:
    items = (
        F,
        I_1,
        "States should protect the public core of the Internet from damage.",
        f"{I_2} {J}",
    )
    report = match_document(_doc(*items, parent=True), INDEX)
    assert report.new == ("para_1__subpara_3",)
    assert dict(report.merged) == {"para_1__subpara_4": ("gge:i", "gge:j")} or dict(
        report.merged
    ) == {"para_1__subpara_4": ("gge:j", "gge:i")}
    # (i) taken by two items, each a different sentence of it
    assert dict(report.split)["gge:i"] == ("para_1__subpara_2", "para_1__subpara_4")


def test_the_same_sentence_twice_is_no_split() -> None:
    report = match_document(_doc(I_1, I_1.replace("reasonable", "all reasonable")), INDEX)
    assert report.split == ()


def test_lexical_rules_alone_miss_the_paraphrase() -> None:
    text = "States should help one another find and fix weaknesses in software they disclose."
    assert match_document(_doc(text), INDEX, similarity=None).matches == ()


# --- several documents -------------------------------------------------------------------


def test_the_table_orders_by_date_and_tracks_drift() -> None:
    later = match_document(
        _doc(J.replace("to such", "for such"), symbol="A/RES/2/1", date="2020-01-01"), INDEX
    )
    earlier = match_document(_doc(J, symbol="A/RES/1/1", date="2018-01-01"), INDEX)
    table = track([later, earlier], [("gge:f", "f"), ("gge:i", "i"), ("gge:j", "j")])
    assert [r.name for r in table.reports] == ["A/RES/1/1", "A/RES/2/1"]
    first, second = table.rows
    assert (first.document, first.relation, first.came_since_catalogue) == (
        "A/RES/1/1",
        "identical",
        (),
    )
    assert second.relation == "reworded"
    # "to" and "for" are function words: nothing of content came or went
    assert second.came_since_catalogue == () and second.went_since_previous == ()
    frame = table.to_frame()
    assert list(frame["document"]) == ["A/RES/1/1", "A/RES/2/1"]
    changed = match_document(
        _doc(J.replace("responsible", "coordinated"), symbol="A/RES/3/1", date="2021-01-01"),
        INDEX,
    )
    rows = track([earlier, changed], [("gge:j", "j")]).rows
    assert rows[1].came_since_previous == ("coordinated",)
    assert rows[1].went_since_previous == ("responsible",)


def test_two_versions_of_one_symbol_get_columns_of_their_own() -> None:
    from dataclasses import replace

    text = match_document(_doc(J, date="2018-01-01"), INDEX)
    pdf = replace(text, source="x/A_RES_0_1.pdf")
    table = track([replace(text, source="x/A_RES_0_1.txt"), pdf], [("gge:j", "j")])
    assert table.names == ("A/RES/0/1 (A_RES_0_1.txt)", "A/RES/0/1 (A_RES_0_1.pdf)")
    assert [len(table.cell("gge:j", name)) for name in table.names] == [1, 1]


def test_a_catalogue_matched_against_itself_is_identical_item_by_item() -> None:
    # Property: a list whose items are the catalogue's wordings restates each norm,
    # identically, in its own item (nothing merged, nothing new, nothing split).
    report = match_document(_doc(F, f"{I_1} {I_2}", J, parent=True), INDEX)
    assert [(m.cite, m.norm_id, m.relation) for m in report.matches] == [
        ("OP1.1", "gge:f", "identical"),
        ("OP1.2", "gge:i", "identical"),
        ("OP1.3", "gge:j", "identical"),
    ]
    assert (report.new, report.split, report.merged) == ((), (), ())
