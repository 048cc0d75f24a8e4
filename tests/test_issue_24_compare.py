"""Issue 24: compare judgements that hold on resolutions the rules were not written on.

One test (or a few) per bullet of the issue's first list, each on a small fixture
written for it here (not from the labelled data): names by identity, a reference added
to a recalling list, reasons in the document's words, "Decides" -> "Reaffirms",
mandate paragraphs from the clause, overlaps a reader trusts, an abbreviation swap
that is shown, the draft that is not a committee report, and the short form of a body.
"""

from __future__ import annotations

import time

import pytest
from factories import make_doc

from pipeline.compare import compare
from pipeline.compare.classify import classify_change, entity_change
from pipeline.compare.mandate import mandate_table
from pipeline.compare.shared import find_overlaps
from pipeline.compare.significance import assess_change
from pipeline.compare.tasking import is_mandate, tasked_body
from pipeline.document import Paragraph
from pipeline.ingest.header import parse_header
from pipeline.nlp.gazetteer import short_form_matches

# --- names compared by their identity, not their spelling -------------------------------


def test_a_body_written_in_capitals_is_the_same_body() -> None:
    old = "Welcomes the work of the open-ended working group;"
    new = "Welcomes the work of the Open-ended Working Group;"
    assert "entity" not in classify_change(old, new)
    assert assess_change("modified", old, new) == (
        "editorial",
        "numbering, punctuation or abbreviation only",
    )


def test_hyphen_and_case_of_two_names_change_nothing() -> None:
    old = "Requests the Secretary General to support the ad hoc committee;"
    new = "Requests the Secretary-General to support the Ad Hoc Committee;"
    assert entity_change(old, new) == ([], [])
    assert "entity" not in classify_change(old, new)
    verdict = assess_change("modified", old, new)
    assert verdict is not None and verdict[0] == "editorial"


def test_a_short_form_of_the_same_body_is_no_new_name() -> None:
    old = "Takes note of the report of the Group of Governmental Experts;"
    new = "Takes note of the report of the Group;"
    assert entity_change(old, new) == ([], [])


def test_another_body_is_named_as_the_document_writes_it() -> None:
    old = "Requests the Secretary-General to report;"
    new = "Requests the Disarmament Commission to report;"
    assert "entity" in classify_change(old, new)
    verdict = assess_change("modified", old, new)
    assert verdict == (
        "substantive",
        "name added: Disarmament Commission; name removed: Secretary-General",
    )


# --- a reference added anywhere is substantive; bumps and meeting dates -------------------


def test_a_reference_added_to_a_recalling_list_is_substantive_and_quoted() -> None:
    old = "Recalling its resolutions 53/70 of 4 December 1998 and 73/27 of 5 December 2018,"
    new = (
        "Recalling its resolutions 53/70 of 4 December 1998, 73/27 of 5 December 2018 "
        "and 73/266 of 22 December 2018,"
    )
    assert assess_change("modified", old, new) == (
        "substantive",
        "reference added: 73/266 of 22 December 2018",
    )


def test_a_reference_removed_is_substantive() -> None:
    old = "Recalling its resolutions 36/103 of 9 December 1981 and 73/27 of 5 December 2018,"
    new = "Recalling its resolution 73/27 of 5 December 2018,"
    verdict = assess_change("modified", old, new)
    assert verdict == ("substantive", "reference removed: 36/103 of 9 December 1981")


def test_last_years_resolution_replaced_by_this_years_is_the_bump() -> None:
    old = "Recalling its resolution 78/54 of 4 December 2023,"
    new = "Recalling its resolution 79/31 of 2 December 2024,"
    assert assess_change("modified", old, new) == ("editorial", "session or date bump only")


def test_a_changed_meeting_date_is_news_a_session_bump_is_not() -> None:
    old = (
        "Requests the Commission to meet from 1 to 19 April 2024 and to report to its next session;"
    )
    new = (
        "Requests the Commission to meet from 7 to 25 April 2025 and to report to its next session;"
    )
    assert assess_change("modified", old, new) == (
        "substantive",
        "meeting date: 1 to 19 April → 7 to 25 April",
    )
    bump_old = "Decides to include in the provisional agenda of its seventy-ninth session the item;"
    bump_new = "Decides to include in the provisional agenda of its eightieth session the item;"
    assert assess_change("modified", bump_old, bump_new) == (
        "editorial",
        "session or date bump only",
    )


def test_another_meeting_is_news() -> None:
    old = "Invites States to attend the twelfth Meeting of States Parties;"
    new = "Invites States to attend the thirteenth Meeting of States Parties;"
    verdict = assess_change("modified", old, new)
    assert verdict == ("substantive", "meeting: twelfth Meeting → thirteenth Meeting")


# --- reasons in the document's words, never stems -------------------------------------


def test_reasons_quote_the_words_as_written() -> None:
    added = (
        "Noting that capacity-building is essential for cooperation of States and "
        "confidence-building,"
    )
    verdict = assess_change("added", "", added)
    assert verdict is not None
    assert "capacity-building is essential" in verdict[1]
    assert "capacitybuilding" not in verdict[1] and "confidencebuilding" not in verdict[1]
    old = "Stresses the need to enhance cooperation;"
    new = "Stresses the need to enhance cooperation among law-enforcement agencies;"
    verdict = assess_change("modified", old, new)
    assert verdict == ("substantive", "words added: “among law-enforcement agencies”")


def test_a_word_form_is_editorial_and_no_stem_is_shown() -> None:
    old = "cognizant of the importance to enhance international cooperation,"
    new = "cognizant of the importance of enhancing international cooperation,"
    verdict = assess_change("modified", old, new)
    assert verdict is not None and verdict[0] == "editorial"
    assert "enhanc " not in verdict[1]


# --- restating an earlier decision is not a weakening -------------------------------------


def test_decides_to_reaffirms_restates() -> None:
    old = "Decides that the Group shall meet in Geneva;"
    new = "Reaffirms that the Group shall meet in Geneva;"
    assert classify_change(old, new) == ("operative_verb",)
    assert classify_change(new, old) == ("operative_verb",)  # nor a strengthening back
    assert assess_change("modified", old, new) == ("substantive", "restates: Decides → Reaffirms")


# --- mandate paragraphs from the clause --------------------------------------------------


def _op(text: str) -> Paragraph:
    return Paragraph(id="para_1", kind="operative", number="1", text=text, page=1, index=0)


@pytest.mark.parametrize(
    ("text", "mandate"),
    [
        # The Assembly sets the body's sessions: procedure is part of a mandate.
        (
            "Further decides that the Ad Hoc Committee will hold two sessions of ten days "
            "each in Vienna;",
            True,
        ),
        # A tasking modal with the body as subject.
        (
            "Underlines that the open-ended working group should take into account the "
            "outcomes of the previous groups and should be consensus-based;",
            True,
        ),
        ("Requests the Secretary-General to submit a report on the matter;", True),
        ("Decides to establish a panel of experts to study the question;", True),
        ("Welcomes the report, and requests the Panel to brief the Assembly in 2027;", True),
        # Merely the word: no body is tasked.
        ("Supports the working group, and acknowledges its mandate as agreed;", False),
        ("Looks forward to the Conference fulfilling its mandate;", False),
        # States are not a body; the agenda paragraph tasks nobody.
        ("Invites States to take into account the outcomes of the working group;", False),
        ("Decides to include in the provisional agenda of its next session the item;", False),
        # The Assembly's own future consideration.
        ("Decides that the General Assembly will consider the outcomes at that session;", False),
    ],
)
def test_a_mandate_tasks_a_body(text: str, mandate: bool) -> None:
    assert is_mandate(_op(text)) is mandate


def test_the_body_is_named_as_written() -> None:
    assert tasked_body("Calls upon the Panel to consult the widest range of experts;") == "Panel"


# --- overlaps a reader trusts --------------------------------------------------------------


AGENDA = (
    "Decides to include in the provisional agenda of its seventy-seventh session the item "
    "entitled “Countering the use of information and communications technologies for "
    "criminal purposes”."
)
SUBJECT = (
    "Stressing the need to counter the use of information and communications technologies "
    "for criminal purposes through closer cooperation among law enforcement agencies,"
)
SHARED = (
    "Welcoming the elaboration of a comprehensive international convention on the "
    "protection of critical infrastructure against cyberattacks,"
)


def test_an_agenda_title_is_boilerplate_and_a_statement_is_not() -> None:
    old = make_doc([SUBJECT], [AGENDA])
    new = make_doc(
        ["Noting the " + SHARED.split(" ", 1)[1]],
        [
            "Calls for a comprehensive international convention on the protection of "
            "critical infrastructure against cyberattacks, and for measures to counter the "
            "use of information and communications technologies for criminal purposes;"
        ],
    )
    search = find_overlaps(old.paragraphs, new.paragraphs, titles=(old.title, new.title))
    by_old = {o.old_id: o for o in search.overlaps}
    assert by_old["para_1"].boilerplate  # inside the quoted agenda-item title
    assert not by_old["preamble_1"].boilerplate  # a shared statement


def test_no_passage_across_a_year() -> None:
    old = make_doc(
        [],
        [
            "Decides that the working group on security in the use of information and "
            "communications technologies 2021–2025 shall meet in New York;"
        ],
    )
    new = make_doc(
        [],
        [
            "Calls upon States to be guided in their use of information and communications "
            "technologies by the 2021 report of the Group;"
        ],
    )
    search = find_overlaps(old.paragraphs, new.paragraphs)
    assert all("2021" not in o.text and "2021" not in o.new_text for o in search.overlaps)


def test_a_passage_inside_another_of_the_same_pair_is_merged() -> None:
    text = (
        "Encourages regional organizations to share their experience of confidence-building "
        "measures and capacity-building programmes with the States of the region,"
    )
    old = make_doc([text], [])
    new = make_doc([], ["Invites " + text.split(" ", 1)[1].rstrip(",") + ";"])
    found = find_overlaps(old.paragraphs, new.paragraphs).overlaps
    spans = [(o.old_start, o.old_end) for o in found]
    assert len(found) == 1, spans


def test_repeated_paragraphs_are_searched_once_and_capped() -> None:
    paragraph = (
        "Decides to convene an open-ended working group on the security of critical "
        "infrastructure, to study existing and potential threats and to submit a report;"
    )
    other = (
        "Welcomes that States decided to convene an open-ended working group on the "
        "security of critical infrastructure, to study existing and potential threats;"
    )
    old = make_doc([], [paragraph] * 2200)
    new = make_doc([other] * 2200, [])
    started = time.perf_counter()
    search = find_overlaps(old.paragraphs, new.paragraphs, cap=3)
    table = mandate_table(old, new)
    assert time.perf_counter() - started < 5
    assert len(search.overlaps) == 1
    assert search.overlaps[0].repeats == 2200 * 2200
    # Each distinct mandate text is read once, its elements carrying the count.
    assert table.elements and {e.paragraph_id for e in table.elements} == {"para_1"}
    assert all(e.repeats == 2200 for e in table.elements)


def test_the_cap_is_reported() -> None:
    phrases = [
        f"the {word} measures to prevent an arms race in outer space and its consequences"
        for word in ("first", "second", "third", "fourth", "fifth")
    ]
    old = make_doc([f"Noting {p}," for p in phrases], [])
    new = make_doc([], ["Welcomes " + "; and ".join(phrases) + ";"])
    search = find_overlaps(old.paragraphs, new.paragraphs, cap=2)
    uncapped = find_overlaps(old.paragraphs, new.paragraphs, cap=100)
    assert search.cap == 2
    # The one new paragraph keeps two passages; the others are counted, not lost silently.
    assert len(search.overlaps) == 2
    assert search.dropped == len(uncapped.overlaps) - 2 > 0


# --- an abbreviation swap is an editorial change, shown ----------------------------------


def test_ict_against_its_long_form_is_modified_and_editorial() -> None:
    old = make_doc(["Confirming that ICTs are dual-use technologies,"], [])
    new = make_doc(
        ["Confirming that information and communications technologies are dual-use technologies,"],
        [],
    )
    change = compare(old, new).changes[0]
    assert (change.kind, change.significance) == ("modified", "editorial")
    assert ("delete", "ICTs ") in change.tokens


# --- the draft named by "without reference to a Main Committee" is no committee report ----


def test_a_draft_is_not_a_committee_report() -> None:
    meta = parse_header(
        [
            "Resolution adopted by the General Assembly on 26 May 2021",
            "[without reference to a Main Committee (A/75/L.87/Rev.1 and A/75/L.87/Rev.1/Add.1)]",
        ]
    )
    assert meta.get("committee_report") is None


# --- the short form of a body named in full ------------------------------------------------


def test_the_short_form_after_the_full_name_is_the_same_body() -> None:
    full = (
        "Ad Hoc Committee to Elaborate a Comprehensive International Convention on Countering "
        "the Use of Information and Communications Technologies for Criminal Purposes"
    )
    text = f"Takes note of the report of the {full}, and commends the Ad Hoc Committee for its work"
    start = text.index(full)
    found = short_form_matches(text, [(start, start + len(full), "UN_BODY|ahc_cybercrime")])
    at = text.index("Ad Hoc Committee for")
    assert found == [(at, at + len("Ad Hoc Committee"), "UN_BODY|ahc_cybercrime")]
    # Without the full name before it, the short form is too ambiguous to tag.
    assert short_form_matches("commends the Ad Hoc Committee for its work", []) == []


def test_boilerplate_is_hidden_in_html_and_markdown_and_kept_in_json() -> None:
    from pipeline.report.html import format_html
    from pipeline.report.markdown import format_markdown

    old = make_doc([SUBJECT], [AGENDA])
    new = make_doc(
        [],
        [
            "Welcomes the report on the item entitled “Countering the use of information and "
            "communications technologies for criminal purposes”, and encourages States to "
            "cooperate on a comprehensive international convention on the protection of "
            "critical infrastructure against cyberattacks;",
        ],
    )
    report = compare(old, new)
    marked = [o for o in report.overlaps if o.boilerplate]
    assert marked, report.overlaps
    hidden = marked[0].text
    markdown = format_markdown(report)
    html = format_html(report)
    assert "boilerplate" in markdown and "boilerplate" in html
    assert f"- {hidden}" not in markdown
    assert any(o["boilerplate"] for o in report.to_dict()["overlaps"])


def test_extract_tags_the_short_form_in_a_later_paragraph() -> None:
    from pipeline.nlp.extract import extract_document

    full = (
        "Takes note of the report of the Ad Hoc Committee to Elaborate a Comprehensive "
        "International Convention on Countering the Use of Information and Communications "
        "Technologies for Criminal Purposes;"
    )
    later = "Also decides that the Ad Hoc Committee shall continue its work;"
    tagged = extract_document(make_doc([], [full, later])).entities
    assert [(e.paragraph_id, e.text, e.norm_id) for e in tagged if e.paragraph_id == "para_2"] == [
        ("para_2", "Ad Hoc Committee", "ahc_cybercrime")
    ]
    # Alone, "the Ad Hoc Committee" could be any ad hoc committee: not tagged.
    assert not extract_document(make_doc([], [later])).entities
