"""compare() on real documents of the corpus, each fact checked by reading both texts.

Skipped when there is no corpus root (``pipeline.settings.corpus_root()``).
"""

from __future__ import annotations

from functools import cache

import pytest
from factories import change_key, find, mirror_change

from pipeline import settings
from pipeline.compare import compare
from pipeline.document import DiffReport, Document

ROOT = settings.corpus_root()
pytestmark = pytest.mark.skipif(ROOT is None, reason="no corpus root")


@cache
def load(relative: str) -> Document:
    from pipeline.ingest import load_document

    assert ROOT is not None
    return load_document(ROOT / relative)


@cache
def diff(old: str, new: str) -> DiffReport:
    return compare(load(old), load(new))


@pytest.mark.parametrize("symbol", ["A_RES_78_16", "A_RES_79_237", "A_RES_80_16"])
def test_pdf_and_text_of_one_resolution_differ_by_nothing(symbol: str) -> None:
    report = diff(f"resolutions/{symbol}.pdf", f"resolutions/{symbol}.txt")
    assert report.changes
    assert {c.kind for c in report.changes} == {"unchanged"}
    assert all(not c.flags for c in report.changes)
    assert report.summary["similarity"] == 1.0


def test_draft_l20_became_resolution_80_16_word_for_word() -> None:
    # A/C.1/80/L.20 (Singapore) was adopted without change as A/RES/80/16
    report = diff("drafts/A_C.1_80_L.20.txt", "resolutions/A_RES_80_16.txt")
    assert report.summary["unchanged"] == 7
    assert report.summary["similarity"] == 1.0
    assert (report.old.symbol, report.new.symbol) == ("A/C.1/80/L.20", "A/RES/80/16")


class TestRes73_27Against73_266:
    """The two competing 2018 resolutions: Russia's OEWG text and the US GGE text."""

    report = property(
        lambda self: diff("resolutions/A_RES_73_27.txt", "resolutions/A_RES_73_266.txt")
    )

    def test_the_thirteen_norms_of_73_27_are_not_in_73_266(self) -> None:
        for n in range(1, 14):
            assert find(self.report, old_id=f"para_1__subpara_{n}").kind == "deleted"

    def test_the_new_group_of_governmental_experts_is_added(self) -> None:
        # 73/266 para 3: "Requests the Secretary-General, with the assistance of a group of
        # governmental experts, to be established in 2019 ..."
        change = find(self.report, new_id="para_3")
        assert change.kind == "added"
        assert "to be established in 2019" in change.new_text

    def test_a_shared_item_survives_renumbered(self) -> None:
        # 4 (b) of 73/27 is 2 (a) of 73/266: "Efforts taken at the national level ..."
        change = find(self.report, old_id="para_4__point_b")
        assert (change.kind, change.new_ids) == ("unchanged", ("para_2__point_a",))
        assert change.flags == ("renumbered",)

    def test_the_agenda_paragraph_loses_further(self) -> None:
        change = find(self.report, old_id="para_7")
        assert (change.kind, change.new_ids) == ("modified", ("para_6",))
        assert change.tokens[:2] == (("delete", "Further decides "), ("insert", "Decides "))
        assert "operative_verb" not in change.flags  # "Further decides" is still "decide"
        assert (change.significance, change.reason) == ("editorial", "function words only")

    def test_73_27_is_the_longer_text(self) -> None:
        overlap = self.report.summary["overlap"]
        assert overlap["old_in_new"] < overlap["new_in_old"]
        assert self.report.summary["deleted"] > self.report.summary["added"]


class TestRes73_27Against75_240:
    report = property(
        lambda self: diff("resolutions/A_RES_73_27.txt", "resolutions/A_RES_75_240.txt")
    )

    def test_the_norms_paragraph_is_dropped(self) -> None:
        assert find(self.report, old_id="para_1").kind == "deleted"
        assert find(self.report, old_id="para_1__subpara_13").kind == "deleted"

    def test_welcoming_also_becomes_recalling(self) -> None:
        change = find(self.report, old_id="preamble_16")
        assert change.new_ids == ("preamble_17",)
        # Recalling restates what was welcomed: a verb change, not a weakening (issue 24).
        assert "operative_verb" in change.flags and "weakened" not in change.flags
        assert change.tokens[:2] == (("delete", "Welcoming also "), ("insert", "Recalling "))

    def test_the_oewg_negotiation_paragraph_is_new(self) -> None:
        change = find(self.report, new_id="preamble_15")
        assert change.kind == "added"
        assert change.new_text.startswith("Emphasizing the global importance of the negotiation")

    def test_the_agenda_moves_to_the_seventy_sixth_session(self) -> None:
        change = find(self.report, old_id="para_7")
        assert change.new_ids == ("para_5",)
        assert "number" in change.flags
        assert ("delete", "seventy-fourth ") in change.tokens
        assert ("insert", "seventy-sixth ") in change.tokens

    def test_abbreviation_only_changes_are_editorial(self) -> None:
        # preamble 3 only drops "(ICTs)" after the expansion
        change = find(self.report, old_id="preamble_3")
        assert change.kind == "modified"
        assert change.flags == ()
        assert (change.significance, change.reason) == ("editorial", "abbreviation only")
        assert change.tokens[1] == ("delete", "(ICTs) ")


class TestRes75_240Against76_19:
    report = property(
        lambda self: diff("resolutions/A_RES_75_240.txt", "resolutions/A_RES_76_19.txt")
    )

    def test_concern_about_military_capabilities_becomes_recalling(self) -> None:
        change = find(self.report, old_id="preamble_9")
        assert (change.kind, change.new_ids) == ("moved", ("preamble_3",))
        # Recalling restates: a verb change, not a weakening (issue 24).
        assert change.flags[:1] == ("operative_verb",) and "weakened" not in change.flags
        assert change.tokens[:2] == (("delete", "Expressing concern "), ("insert", "Recalling "))

    def test_the_gge_final_report_is_welcomed(self) -> None:
        change = find(self.report, new_id="para_2")
        assert change.kind == "added"
        assert change.new_text.startswith("Welcomes the consensus final report")

    def test_the_list_of_resolutions_grows(self) -> None:
        change = find(self.report, old_id="preamble_1")
        assert change.kind == "modified"
        assert {"number", "symbol"} <= set(change.flags)
        inserted = " ".join(text for op, text in change.tokens if op == "insert")
        assert "75/240 of 31 December 2020" in inserted
        deleted = " ".join(text for op, text in change.tokens if op == "delete")
        assert "36/103 of 9 December 1981" in deleted


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("resolutions/A_RES_73_27.txt", "resolutions/A_RES_73_266.txt"),
        ("resolutions/A_RES_73_27.txt", "resolutions/A_RES_75_240.txt"),
        ("resolutions/A_RES_75_240.txt", "resolutions/A_RES_76_19.txt"),
    ],
)
def test_swapping_real_documents_mirrors_the_diff(old: str, new: str) -> None:
    forward, backward = diff(old, new), diff(new, old)
    assert sorted(mirror_change(c) for c in forward.changes) == sorted(
        change_key(c) for c in backward.changes
    )


BATCH = "batch/mandate_pipeline_first_committee_78-80"


@pytest.mark.parametrize(
    ("draft", "resolution"),
    [
        ("A_C.1_80_L.14", "A_RES_80_40"),  # Promotion of multilateralism in disarmament
        ("A_C.1_80_L.5", "A_RES_80_18"),  # Negative security assurances
        ("A_C.1_80_L.53", "A_RES_80_55"),  # Youth, disarmament and non-proliferation
        ("A_C.1_80_L.45", "A_RES_80_45"),  # Follow-up to nuclear disarmament obligations
    ],
)
def test_drafts_adopted_as_they_stood(draft: str, resolution: str) -> None:
    # The adopted texts set "non-proliferation" with a non-breaking hyphen (U+2011) where
    # the drafts have "-"; that is typesetting, not a change.
    report = diff(f"{BATCH}/{draft}.pdf", f"{BATCH}/{resolution}.pdf")
    assert report.summary["similarity"] == 1.0
    assert {c.kind for c in report.changes} == {"unchanged"}


def test_draft_l41_lost_international_criminal_law_before_adoption() -> None:
    # Lethal autonomous weapons systems: A/C.1/80/L.41 -> A/RES/80/57
    report = diff(f"{BATCH}/A_C.1_80_L.41.pdf", f"{BATCH}/A_RES_80_57.pdf")
    assert (report.summary["modified"], report.summary["unchanged"]) == (2, 15)
    law = find(report, old_id="preamble_2")
    assert ("delete", " and international criminal law") in law.tokens
    concern = find(report, old_id="preamble_4")
    assert ("delete", "global security and regional and international stability") in (
        concern.tokens
    )
    assert ("insert", "international peace and security") in concern.tokens
