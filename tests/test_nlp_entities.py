"""The spaCy pipeline's entities on short excerpts of real UN documents."""

from __future__ import annotations

import importlib.util
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.nlp.extract import extract_texts
from pipeline.nlp.language import COMPONENTS, build_nlp


def _ents(nlp: Any, text: str) -> list[tuple[str, str, str | None]]:
    ((entities, _clause),) = extract_texts([text], nlp)
    return [(e.text, e.label, e.norm_id) for e in entities]


def test_factories_are_registered_under_our_prefix() -> None:
    for name in COMPONENTS:
        assert name.startswith("normtrace_")
        assert Language.has_factory(name)


def test_pipeline_is_blank_english_with_our_components(nlp: Any) -> None:
    assert nlp.lang == "en"
    assert tuple(nlp.pipe_names) == COMPONENTS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # official UN name with brackets, and a typographic apostrophe
        (
            "Iran (Islamic Republic of) and Côte d\u2019Ivoire voted no.",
            [
                ("Iran (Islamic Republic of)", "MEMBER_STATE", "IRN"),
                ("Côte d\u2019Ivoire", "MEMBER_STATE", "CIV"),
            ],
        ),
        # longest name wins: PRK, not "Republic of Korea"; GBR, not Ireland
        (
            "the Democratic People's Republic of Korea and the United Kingdom of Great Britain "
            "and Northern Ireland",
            [
                ("Democratic People's Republic of Korea", "MEMBER_STATE", "PRK"),
                ("United Kingdom of Great Britain and Northern Ireland", "MEMBER_STATE", "GBR"),
            ],
        ),
        # South Sudan is not the Sudan; Guinea-Bissau is not Guinea
        (
            "South Sudan, the Sudan, Guinea-Bissau and Guinea",
            [
                ("South Sudan", "MEMBER_STATE", "SSD"),
                ("Sudan", "MEMBER_STATE", "SDN"),
                ("Guinea-Bissau", "MEMBER_STATE", "GNB"),
                ("Guinea", "MEMBER_STATE", "GIN"),
            ],
        ),
        # former names keep the current code
        (
            "The former Yugoslav Republic of Macedonia, Swaziland and Turkey",
            [
                ("The former Yugoslav Republic of Macedonia", "MEMBER_STATE", "MKD"),
                ("Swaziland", "MEMBER_STATE", "SWZ"),
                ("Turkey", "MEMBER_STATE", "TUR"),
            ],
        ),
        # observers and a group that contains a State's name
        (
            "the Holy See, the State of Palestine and the Group of 77 and China",
            [
                ("Holy See", "OBSERVER", "VAT"),
                ("State of Palestine", "OBSERVER", "PSE"),
                ("Group of 77 and China", "GROUP", "g77"),
            ],
        ),
        # a body in lower case (A/RES/73/27 para 5) and a fused footnote marker (para 15)
        (
            "an open-ended working group acting on a consensus basis, transmitted by the "
            "Secretary-General,1",
            [
                ("open-ended working group", "UN_BODY", "oewg"),
                ("Secretary-General", "UN_BODY", "secretary_general"),
            ],
        ),
        # a name broken across a line
        (
            "Venezuela (Bolivarian\nRepublic of)",
            [
                ("Venezuela (Bolivarian\nRepublic of)", "MEMBER_STATE", "VEN"),
            ],
        ),
        # blockers: "Latin America" and "Gulf of Guinea" are not States; "America" is
        (
            "America works with Latin America, the Gulf of Guinea and Guinea",
            [("America", "MEMBER_STATE", "USA"), ("Guinea", "MEMBER_STATE", "GIN")],
        ),
        # blockers for places named like a State (models/MODEL_CARD.md, "Harder
        # documents"): the territory South Georgia (Cuba 2018), the Congo river and basin
        # (A/C.1/80/L.54, Congo 2018); the States next to them are still found
        (
            "Argentina claims South Georgia Islands; Georgia voted yes.",
            [("Argentina", "MEMBER_STATE", "ARG"), ("Georgia", "MEMBER_STATE", "GEO")],
        ),
        (
            "the Alliance Fleuve Congo, the Congo Basin, the Congo basin forest, the Congo River "
            "and the Congo",
            [("Congo", "MEMBER_STATE", "COG")],
        ),
        # Marti's "Our America" is Latin America, not the United States (Cuba 2020, Saint
        # Vincent and the Grenadines 2018; "our America" in Costa Rica 2020)
        (
            "Our America and our Caribbean; in our America, the United States of America",
            [("United States of America", "MEMBER_STATE", "USA")],
        ),
        # a spelling without the hyphen, in a co-sponsor list (A/79/PV.64)
        (
            "Syrian Arab Republic, Timor Leste, Togo",
            [
                ("Syrian Arab Republic", "MEMBER_STATE", "SYR"),
                ("Timor Leste", "MEMBER_STATE", "TLS"),
                ("Togo", "MEMBER_STATE", "TGO"),
            ],
        ),
        # a symbol broken by a space after a slash (Cuba 2018): the whole printed span
        (
            "sons of America (A/70/ PV.14, p.6)",
            [
                ("America", "MEMBER_STATE", "USA"),
                ("A/70/ PV.14", "DOC_SYMBOL", "A/70/PV.14"),
            ],
        ),
        # an Economic and Social Council resolution numbered by year (A/RES/80/10)
        (
            "Economic and Social Council resolution 1980/67 of 25 July 1980",
            [
                ("Economic and Social Council", "UN_BODY", "ecosoc"),
                ("1980/67", "RES_REF", "E/RES/1980/67"),
                ("25 July 1980", "DATE", "1980-07-25"),
            ],
        ),
        # lower-case "turkey" and French "au" are not entities
        ("roast turkey au four", []),
        # a symbol, a Security Council symbol and a vote
        (
            "draft resolution A/C.1/75/L.8/Rev.1 was adopted by a recorded vote of 92 to 50, "
            "with 21 abstentions; see S/RES/2341 (2017).",
            [
                ("A/C.1/75/L.8/Rev.1", "DOC_SYMBOL", "A/C.1/75/L.8/Rev.1"),
                ("by a recorded vote of 92 to 50, with 21 abstentions", "VOTE", "92-50-21"),
                ("S/RES/2341 (2017)", "DOC_SYMBOL", "S/RES/2341 (2017)"),
            ],
        ),
    ],
)
def test_entities(nlp: Any, text: str, expected: list[tuple[str, str, str | None]]) -> None:
    assert _ents(nlp, text) == expected


def test_resolution_refs_carry_their_dates(nlp: Any) -> None:
    text = "Recalling its resolutions 36/103 of 9 December 1981, 43/78 H of 7 December 1988"
    ((entities, _),) = extract_texts([text], nlp)
    refs = [(e.text, e.norm_id, e.date) for e in entities if e.label == "RES_REF"]
    assert refs == [
        ("36/103", "A/RES/36/103", "1981-12-09"),
        ("43/78 H", "A/RES/43/78 H", "1988-12-07"),
    ]
    dates = [(e.text, e.norm_id) for e in entities if e.label == "DATE"]
    assert dates == [("9 December 1981", "1981-12-09"), ("7 December 1988", "1988-12-07")]


def test_fused_footnote_marker_is_outside_the_date(nlp: Any) -> None:
    text = "resolutions 20/8 of 5 July 20124 and 26/13"
    ((entities, _),) = extract_texts([text], nlp)
    date = next(e for e in entities if e.label == "DATE")
    assert (date.text, date.start, date.end, date.norm_id) == ("5 July 2012", 20, 31, "2012-07-05")


def test_offsets_point_into_the_text(nlp: Any) -> None:
    text = (
        "Welcoming the work of the Group of Governmental Experts, in its 2013 and 2015 "
        "reports (A/68/98 and A/70/174), and of the Open-ended Working Group,"
    )
    ((entities, _),) = extract_texts([text], nlp)
    assert entities
    assert all(text[e.start : e.end] == e.text for e in entities)


@Language.component("test_fake_ner")
def _fake_ner(doc: Doc) -> Doc:
    """Stand-in for a trained NER: tags the first token GPE and the last one PERSON."""
    doc.ents = [Span(doc, 0, 1, label="GPE"), Span(doc, len(doc) - 1, len(doc), label="PERSON")]
    return doc


def test_our_labels_take_precedence_over_a_model() -> None:
    nlp = build_nlp()
    nlp.add_pipe("test_fake_ner", first=True)
    ((entities, _),) = extract_texts(["Iran (Islamic Republic of) thanks Smith"], nlp)
    # CASE 1: the model's GPE overlaps our MEMBER_STATE and is dropped.
    # CASE 2: its PERSON overlaps nothing of ours and stays, with no norm_id.
    assert [(e.text, e.label, e.norm_id) for e in entities] == [
        ("Iran (Islamic Republic of)", "MEMBER_STATE", "IRN"),
        ("Smith", "PERSON", None),
    ]


@pytest.mark.slow
@pytest.mark.skipif(
    importlib.util.find_spec("en_core_web_sm") is None, reason="en_core_web_sm not installed"
)
def test_trained_model_runs_and_yields_to_our_labels() -> None:
    nlp = build_nlp("en_core_web_sm")
    assert nlp.pipe_names[-len(COMPONENTS) :] == list(COMPONENTS)
    ((entities, _),) = extract_texts(
        ["The Russian Federation and China met John Smith in Geneva on 5 December 2018."], nlp
    )
    labels = {e.text: e.label for e in entities}
    assert labels["Russian Federation"] == "MEMBER_STATE"
    assert labels["China"] == "MEMBER_STATE"
    assert labels["5 December 2018"] == "DATE"
    assert spacy.__version__.startswith("3.8")
