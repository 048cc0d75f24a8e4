"""The AKN4UN reader (issue 23 part 1) on the UN's own markup in ../shared/corpus/akn.

Expected values were read in the XML and in the printed resolutions (A/RES/75/240,
A/RES/75/32, A/RES/78/16), not taken from the reader's output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Document
from pipeline.ingest import load_document
from pipeline.ingest.akn_labels import item_label, lead_label

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
CYBER = ("75_240", "75_32", "76_19", "77_37", "78_16", "78_237", "79_237", "79_243", "80_16")


def _load(corpus: Path, name: str) -> Document:
    return load_document(corpus / "akn" / "cyber" / name)


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("(a)", "a"),  # English, Chinese
        ("a)", "a"),  # French, Spanish
        ("а)", "a"),  # Russian with a Cyrillic а
        ("(أ)", "a"),  # Arabic, abjad order
        ("(ب)", "b"),
        ("(هـ)", "e"),
        ("㈡", "b"),  # Chinese item in a convention (A/RES/79/243)
        ("(十一)", "k"),
        ("(iv)", "iv"),
    ],
)
def test_item_label_in_six_scripts(raw: str, label: str) -> None:
    assert item_label(raw) == label


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1 - تقرر أن", ("number", "1", "تقرر أن")),  # Arabic "1 -"
        ("12. Decides", ("number", "12", "Decides")),
        ("1.10 Requests", ("nested", "1.10", "Requests")),
        ("(b) To support", ("item", "b", "To support")),
        ("b) de contribuer", ("item", "b", "de contribuer")),
        ("Recalling its resolution 2030", ("", None, "Recalling its resolution 2030")),
        ("2030 Agenda for", ("", None, "2030 Agenda for")),  # a year is no number
    ],
)
def test_lead_label(text: str, expected: tuple[str, str | None, str]) -> None:
    assert lead_label(text) == expected


def test_75_240_english(corpus: Path) -> None:
    doc = _load(corpus, "A_RES_75_240.en.xml")
    assert doc.symbol == "A/RES/75/240"
    assert doc.language == "en"
    assert (doc.date, doc.adoption_date, doc.session) == ("2021-01-04", "2020-12-31", 75)
    assert doc.agenda_items == ("98",)
    assert doc.committee_report == "A/75/394"
    assert doc.meeting == "48th (resumed) plenary meeting 31 December 2020"
    assert doc.title is not None and doc.title.startswith("Developments in the field")
    kinds = [p.kind for p in doc.paragraphs]
    assert (kinds.count("preamble"), kinds.count("operative")) == (22, 5)
    first = doc.paragraphs[0]
    # The formula is not a paragraph; the eId is kept beside our id.
    assert (first.id, first.eid) == ("preamble_1", "container_2")
    assert first.text.startswith("Recalling its resolutions 36/103 of 9 December 1981")
    op1 = doc.paragraph("para_1")
    assert (op1.number, op1.eid) == ("1", "para_24")
    assert op1.text.startswith("Decides to convene, starting from 2021")
    # Footnote 1 (A/70/174) sits in PP17 ("in its 2015 report,1 identified"), out of the text.
    note = doc.footnotes[0]
    assert (note.marker, note.text, note.paragraph_ids) == ("1", "A/70/174.", ("preamble_17",))
    assert "report, identified" in doc.paragraph("preamble_17").text
    assert doc.sponsors[0] == "Belarus" and doc.sponsors[-1] == "Zimbabwe"
    assert len(doc.sponsors) == 18
    assert "Iran (Islamic Republic of)" in doc.additional_sponsors
    (vote,) = doc.recorded_votes
    assert (vote.yes, vote.no, vote.abstain) == (92, 50, 21)
    assert len(vote.in_favour) == 92 and "AFGHANISTAN" in vote.in_favour
    assert vote.subject == "A/C.1/75/L.8/Rev.1"
    assert doc.vote_outcome == "adoptedRecordedVote"


def test_sub_items_from_text_in_every_language(corpus: Path) -> None:
    # 75/32 OP1 "(a) To be guided ... (b) To support ...": the items are paragraphs of
    # their own in the markup, with the letter in the text (Russian: Cyrillic "а)").
    for lang in LANGUAGES:
        doc = _load(corpus, f"A_RES_75_32.{lang}.xml")
        ids = [p.id for p in doc.paragraphs if p.kind != "preamble"]
        assert ids[:4] == ["para_1", "para_1__point_a", "para_1__point_b", "para_2"], lang
        point = doc.paragraph("para_1__point_a")
        assert (point.parent, point.number) == ("para_1", "a")
        assert not point.text.startswith(("(", "a)", "а)")), lang


# Where the versions genuinely differ: in article 28(1) of the cybercrime convention
# (A/RES/79/243, annex) the English, French, Spanish and Russian close the list with
# "in the territory of that State Party." on a line of its own; the Arabic and Chinese
# say it in the lead-in ("位于本国领土内的：") and have no such line.
_OWN_LINE = {
    ("79_243", "ar"): "annex_1__art_28__other_1",
    ("79_243", "zh"): "annex_1__art_28__other_1",
}


@pytest.mark.parametrize("number", CYBER)
def test_same_structure_in_every_language(corpus: Path, number: str) -> None:
    shapes = {}
    for lang in LANGUAGES:
        doc = _load(corpus, f"A_RES_{number}.{lang}.xml")
        assert doc.language == lang
        assert doc.symbol == f"A/RES/{number.replace('_', '/')}"
        shapes[lang] = [(p.id, p.kind, p.number) for p in doc.paragraphs]
    for lang in LANGUAGES:
        english = [s for s in shapes["en"] if s[0] != _OWN_LINE.get((number, lang))]
        assert shapes[lang] == english, lang


def test_convention_headings_and_items(corpus: Path) -> None:
    # Article 2(e) of the convention: "(i) Provides to users ..." is "1." in Chinese
    # (whose paragraphs are "一、") and "’1‘" in Arabic; article headings keep their title.
    for lang in ("en", "zh", "ar"):
        doc = _load(corpus, f"A_RES_79_243.{lang}.xml")
        item = doc.paragraph("annex_1__art_2__other_1__point_e__point_i")
        assert item.number == "i", lang
    english = _load(corpus, "A_RES_79_243.en.xml")
    assert english.paragraph("annex_1__art_1").text == "Article 1 Statement of purpose"
    assert english.paragraph("annex_1__art_68__para_1").text.startswith("The Secretary-General")


def test_arabic_preamble_in_main_body(corpus: Path) -> None:
    # The Arabic 78/16 puts its last preambular paragraph (PP21, "وإذ تسلط الضوء") in
    # mainBody without a number; it is still PP21, as in the five other versions.
    doc = _load(corpus, "A_RES_78_16.ar.xml")
    assert doc.paragraph("preamble_21").text.startswith("وإذ تسلط الضوء")
    assert doc.paragraph("para_1").eid == "para_23"


def test_xml_by_content_without_suffix(corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "A_RES_75_240"
    copy.write_bytes((corpus / "akn" / "cyber" / "A_RES_75_240.fr.xml").read_bytes())
    doc = load_document(copy)
    assert doc.language == "fr" and doc.symbol == "A/RES/75/240"


def _akn(tmp_path: Path, language: str, paragraphs: list[str]) -> Document:
    """A minimal AKN4UN resolution whose body paragraphs carry their numbers in the text."""
    body = "".join(
        f'<paragraph eId="para_{i}"><content><p>{text}</p></content></paragraph>'
        for i, text in enumerate(paragraphs, start=2)
    )
    xml = (
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement>'
        f'<meta><identification><FRBRExpression><FRBRlanguage language="{language}"/>'
        "</FRBRExpression></identification></meta><preamble>"
        '<container eId="container_1"><p>Recalling,</p></container></preamble>'
        f"<mainBody>{body}</mainBody></statement></akomaNtoso>"
    )
    path = tmp_path / f"doc.{language}.xml"
    path.write_text(xml, encoding="utf-8")
    return load_document(path)


def test_chinese_resolution_roman_items(tmp_path: Path) -> None:
    # In a Chinese resolution (paragraphs "1.", items "(a)") "㈠ ㈡" are roman items (i),
    # (ii), as A/RES/79/237 writes "(i)" of the English; in a convention they are (a), (b).
    doc = _akn(
        tmp_path, "chi", ["1. 决定：", "(a) 甲；", "㈠ 子；", "㈡ 丑；", "(b) 乙。", "2. 请。"]
    )
    assert [p.id for p in doc.paragraphs] == [
        "preamble_1",
        "para_1",
        "para_1__point_a",
        "para_1__point_a__point_i",
        "para_1__point_a__point_ii",
        "para_1__point_b",
        "para_2",
    ]
    assert doc.paragraph("para_1__point_a__point_ii").text == "丑；"


def test_arabic_numbers_and_items_in_text(tmp_path: Path) -> None:
    doc = _akn(
        tmp_path, "ara", ["1 - تقرر ما يلي:", "(أ) أولا؛", "’1‘ فرعي؛", "(ب) ثانيا.", "2 - تطلب."]
    )
    assert [(p.id, p.number) for p in doc.paragraphs[1:]] == [
        ("para_1", "1"),
        ("para_1__point_a", "a"),
        ("para_1__point_a__point_i", "i"),
        ("para_1__point_b", "b"),
        ("para_2", "2"),
    ]
    assert doc.language == "ar"


def test_nested_units_and_articles(tmp_path: Path) -> None:
    # Shapes the cyber set does not use but AKN allows: "1.1" sub-paragraphs inside a
    # paragraph (as A/RES/73/27 OP1.1-1.13 prints them), and an annex of <article>
    # elements holding numbered paragraphs.
    xml = (
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement>'
        "<preamble><container><p>Recalling,</p></container></preamble><mainBody>"
        "<paragraph><num>1.</num><content><p>Welcomes the following rules:</p></content>"
        "<subparagraph><num>1.1</num><content><p>States should cooperate;</p></content>"
        "</subparagraph><subparagraph><num>1.2</num><content><p>States should not "
        "harm;</p></content></subparagraph></paragraph></mainBody>"
        '<attachments><attachment><doc name="annex"><mainBody>'
        "<paragraph><content><p>Annex</p></content></paragraph>"
        "<article><num>Article 1</num><heading>Purpose</heading>"
        "<paragraph><num>1.</num><content><p>The purpose is peace.</p></content></paragraph>"
        "<paragraph><num>2.</num><content><p>And security.</p></content></paragraph>"
        "</article></mainBody></doc></attachment></attachments></statement></akomaNtoso>"
    )
    path = tmp_path / "nested.xml"
    path.write_text(xml, encoding="utf-8")
    doc = load_document(path)
    assert [(p.id, p.kind, p.number) for p in doc.paragraphs] == [
        ("preamble_1", "preamble", None),
        ("para_1", "operative", "1"),
        ("para_1__subpara_1", "subparagraph", "1.1"),
        ("para_1__subpara_2", "subparagraph", "1.2"),
        ("annex_1", "heading", None),
        ("annex_1__art_1", "heading", "1"),
        ("annex_1__art_1__para_1", "annex", "1"),
        ("annex_1__art_1__para_2", "annex", "2"),
    ]
    assert doc.paragraph("para_1").text == "Welcomes the following rules:"
    assert doc.paragraph("annex_1__art_1").text == "Article 1 Purpose"


def test_sections_in_the_main_body(tmp_path: Path) -> None:
    # A main body grouped in sections: each section's heading, then its paragraphs;
    # no text is lost.
    xml = (
        '<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><statement>'
        "<mainBody><section><num>I</num><heading>Decisions</heading>"
        "<paragraph><num>1.</num><content><p>Decides.</p></content></paragraph></section>"
        "<section><num>II</num><heading>Requests</heading>"
        "<paragraph><num>2.</num><content><p>Requests.</p></content></paragraph></section>"
        "</mainBody></statement></akomaNtoso>"
    )
    path = tmp_path / "sections.xml"
    path.write_text(xml, encoding="utf-8")
    doc = load_document(path)
    assert [(p.id, p.text) for p in doc.paragraphs] == [
        ("heading_1", "I Decisions"),
        ("para_1", "Decides."),
        ("heading_2", "II Requests"),
        ("para_2", "Requests."),
    ]


@pytest.mark.parametrize("number", CYBER)
def test_same_metadata_and_footnotes_in_every_language(corpus: Path, number: str) -> None:
    # Every version carries the same meta (names of States in English) and footnotes in
    # the same paragraphs. The Arabic 78/237 cover page says session 77; the symbol
    # A/RES/78/237 (and the five other versions) say 78, and the symbol wins.
    def facts(doc: Document) -> tuple[object, ...]:
        notes = [(n.marker, n.paragraph_ids) for n in doc.footnotes]
        return (doc.symbol, doc.date, doc.adoption_date, doc.session, doc.agenda_items,
                doc.committee_report, doc.sponsors, doc.additional_sponsors,
                doc.vote_outcome, notes)  # fmt: skip

    english = facts(_load(corpus, f"A_RES_{number}.en.xml"))
    for lang in LANGUAGES:
        assert facts(_load(corpus, f"A_RES_{number}.{lang}.xml")) == english, lang


def test_ingest_json_from_markup(corpus: Path) -> None:
    # The ingest contract keeps its shape; language, sponsors and recorded_votes come
    # from the markup, the eId beside each paragraph id. One JSON line per input.
    import json

    from click.testing import CliRunner

    from pipeline.cli import cli

    path = corpus / "akn" / "cyber" / "A_RES_75_32.es.xml"
    result = CliRunner().invoke(cli, ["ingest", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    data = json.loads(line)
    assert (data["symbol"], data["language"], data["doc_type"]) == (
        "A/RES/75/32",
        "es",
        "resolution",
    )
    assert data["sponsors"][0] == "Albania" and "Fiji" in data["additional_sponsors"]
    (vote,) = data["recorded_votes"]
    assert (vote["yes"], vote["no"], vote["abstain"]) == (163, 10, 7)
    first = data["paragraphs"][0]
    assert (first["id"], first["eid"], first["kind"]) == ("preamble_1", "container_2", "preamble")
    assert first["text"].startswith("Recordando")


@pytest.mark.parametrize(
    ("head", "xml"),
    [
        (b"<?xml version='1.0'?><a/>", True),
        (b"\xef\xbb\xbf\n  <akomaNtoso xmlns='x'>", True),  # BOM and blanks first
        (b"<akn:akomaNtoso xmlns:akn='x'>", True),  # a namespace prefix
        (b"<!DOCTYPE akomaNtoso [<!ENTITY a 'b'>]>", True),  # refused later, as XML
        (b"<!DOCTYPE html><html>", False),  # a web page is not taken for AKN
        (b"The General Assembly,", False),
    ],
)
def test_looks_like_xml(head: bytes, xml: bool) -> None:
    from pipeline.ingest.akn import looks_like_xml

    assert looks_like_xml(head) is xml


@pytest.mark.parametrize(
    ("listed", "names"),
    [
        # A/RES/75/240's additional sponsors, with the markup's double spaces.
        ("Algeria,  Azerbaijan, the Comoros and Zambia",
         ["Algeria", "Azerbaijan", "the Comoros", "Zambia"]),
        # States whose names hold " and " are not cut.
        ("Bosnia and Herzegovina, Trinidad and Tobago and Antigua and Barbuda",
         ["Bosnia and Herzegovina", "Trinidad and Tobago", "Antigua and Barbuda"]),
        # A group in brackets, with commas and "and" inside, nested brackets too
        # (A/RES/80/47: "... (Bangkok Treaty))").
        ("Malaysia (on behalf of the members of ASEAN, and the States Parties to the "
         "Treaty (Bangkok Treaty)) and Austria",
         ["Malaysia (on behalf of the members of ASEAN, and the States Parties to the "
          "Treaty (Bangkok Treaty))", "Austria"]),
        ("Singapore", ["Singapore"]),
    ],
)  # fmt: skip
def test_split_names(listed: str, names: list[str]) -> None:
    from pipeline.ingest.akn_meta import split_names

    assert split_names(listed) == names
