"""Mandate-element tables (``pipeline.compare.mandate``).

The real case was checked by reading A/RES/73/27 OP5 (the OEWG mandate) and A/RES/73/266
OP3 (the GGE mandate) side by side.
"""

from __future__ import annotations

from functools import cache

import pytest
from factories import make_doc

from pipeline import settings
from pipeline.compare.mandate import (
    Element,
    MandateTable,
    is_mandate,
    mandate_table,
    split_elements,
)
from pipeline.document import Paragraph

ROOT = settings.corpus_root()

OEWG = (
    "Decides to convene an open-ended working group acting on a consensus basis to further "
    "develop the rules, norms and principles of responsible behaviour of States; to study the "
    "possibility of establishing regular institutional dialogue; and to continue to study "
    "existing and potential threats in the sphere of information security, as well as "
    "confidence-building measures and capacity-building, and to submit a report to the "
    "General Assembly at its seventy-fifth session;"
)
GGE = (
    "Requests the Secretary-General, with the assistance of a group of governmental experts, "
    "to continue to study possible cooperative measures to address existing and potential "
    "threats in the sphere of information security, including norms, rules and principles of "
    "responsible behaviour of States, confidence-building measures and capacity-building, and "
    "to submit a report to the General Assembly at its seventy-sixth session;"
)


def _operative(text: str) -> Paragraph:
    return Paragraph(id="para_1", kind="operative", number="1", text=text, page=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (OEWG, True),  # convenes a working group
        (GGE, True),  # tasks the Secretary-General with a group of experts
        ("Decides to establish a programme of action;", True),
        ("Welcomes the report of the Group of Governmental Experts;", False),  # no setting up
        # A body set up elsewhere, welcomed: not this text's mandate (A/RES/75/32 OP3).
        (
            "Welcomes the work of the Group of Governmental Experts established by the "
            "Secretary-General pursuant to resolution 73/266;",
            False,
        ),
        ("Decides to include the item in the provisional agenda;", False),  # no body
    ],
)
def test_is_mandate(text: str, expected: bool) -> None:
    assert is_mandate(_operative(text)) is expected


def test_a_preambular_paragraph_is_never_a_mandate() -> None:
    paragraph = Paragraph(id="preamble_1", kind="preamble", number=None, text=OEWG, page=1)
    assert not is_mandate(paragraph)


def test_split_elements_at_semicolons_as_well_as_and_and_to() -> None:
    pieces = [OEWG[a:b] for a, b in split_elements(OEWG)]
    assert pieces == [
        "Decides to convene an open-ended working group acting on a consensus basis to further "
        "develop the rules, norms and principles of responsible behaviour of States",
        "to study the possibility of establishing regular institutional dialogue",
        "continue to study existing and potential threats in the sphere of information security",
        "confidence-building measures and capacity-building",
        "submit a report to the General Assembly at its seventy-fifth session",
    ]


def test_a_fragment_too_short_joins_the_element_before() -> None:
    text = "Decides to convene a working group to study threats; and to act;"
    assert [text[a:b] for a, b in split_elements(text)] == [
        "Decides to convene a working group to study threats; and to act"
    ]


def _element(table: MandateTable, side: str, start: str) -> Element:
    (found,) = [e for e in table.elements if e.side == side and e.text.startswith(start)]
    return found


def test_statuses_on_two_small_mandates() -> None:
    table = mandate_table(make_doc([], [OEWG]), make_doc([], [GGE]))
    assert table.old_mandates == ("para_1",) and table.new_mandates == ("para_1",)
    assert _element(table, "old", "to study the possibility").status == "absent"  # OEWG only
    assert _element(table, "old", "confidence-building measures").status == "verbatim"
    assert _element(table, "old", "continue to study existing").status == "reworded"
    assert _element(table, "old", "submit a report").status == "reworded"  # another session
    # "norms, rules and principles" = "rules, norms and principles", a list in another order,
    # and "confidence-building measures and capacity-building" is elsewhere in OP1: reworded.
    norms = _element(table, "new", "norms, rules and principles")
    assert (norms.status, norms.where) == ("reworded", "para_1")
    assert "rules, norms and principles of responsible behaviour of States" in norms.match


@cache
def _real() -> MandateTable:
    from pipeline.ingest import load_document

    assert ROOT is not None
    return mandate_table(
        load_document(ROOT / "resolutions" / "A_RES_73_27.txt"),
        load_document(ROOT / "resolutions" / "A_RES_73_266.txt"),
    )


@pytest.mark.skipif(ROOT is None, reason="no corpus root")
def test_the_oewg_and_gge_mandates() -> None:
    table = _real()
    # OP6 sets the OEWG's organizational session and the GGE Chair is asked to organize
    # consultations in OP5: both task a body (models/data/mandate_labels.csv, issue 24).
    assert table.old_mandates == ("para_5", "para_6")
    assert table.new_mandates == ("para_3", "para_4", "para_5")
    # Only the OEWG mandate has these.
    assert _element(table, "old", "to study the possibility of establishing").status == "absent"
    assert _element(table, "old", "if necessary, to introduce changes").status == "absent"
    assert _element(table, "old", "provide the possibility of holding").status == "absent"
    # The study of threats, cooperative measures and international law: in GGE OP3.
    study = _element(table, "old", "continue to study, with a view")
    assert (study.status, study.where) == ("reworded", "para_3")
    law = _element(table, "new", "how international law applies")
    assert (law.status, law.where_cite) == ("verbatim", "OP5")
    # The GGE's consultations with regional organizations (OP4) are its own.
    assert _element(table, "new", "Requests the Office for Disarmament").status == "absent"


def test_a_text_without_mandates_has_the_other_keyed_for_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """30,000 "Decides item 7." a side hold no mandate; the other side's paragraphs were
    keyed all the same (1 s of `overlap`'s 5, issue 27). Only a side with mandates keys
    the text it is searched in."""
    from pipeline.compare import mandate

    keyed: list[int] = []
    real = mandate._searchable

    def counted(paragraphs: list[Paragraph]) -> list[object]:
        keyed.append(len(paragraphs))
        return list(real(paragraphs))

    monkeypatch.setattr(mandate, "_searchable", counted)
    old = make_doc(["Recalling its resolutions,"], [OEWG])
    new = make_doc(["Noting the report,"], ["Welcomes the report of the group."] * 3)
    assert not any(is_mandate(p) for p in new.paragraphs)
    table = mandate_table(old, new)
    assert keyed == [len(new.paragraphs)]  # old's elements searched in new; nothing else
    assert {e.side for e in table.elements} == {"old"}
    assert table.new_mandates == ()
