"""Text sources: text extracted from UN PDFs, YAML front matter, plain speeches.

The fixtures are short excerpts written for these tests in the layouts the
corpus uses (tests/data/); whole real documents are tested in test_ingest_corpus.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import IngestError
from pipeline.ingest import load_document

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def excerpt():  # type: ignore[no-untyped-def]
    return load_document(DATA / "excerpt_78_16.txt")


def test_metadata(excerpt) -> None:  # type: ignore[no-untyped-def]
    assert excerpt.symbol == "A/RES/78/16"
    assert excerpt.doc_type == "resolution"
    assert excerpt.date == "2023-12-06"
    assert excerpt.adoption_date == "2023-12-04"
    assert excerpt.session == 78
    assert excerpt.agenda_items == ("94",)
    assert excerpt.committee_report == "A/78/404"
    assert excerpt.title == (
        "Programme of action to advance responsible State behaviour in the use of information "
        "and communications technologies in the context of international security"
    )
    assert excerpt.meeting == "42nd plenary meeting 4 December 2023"


def test_paragraph_ids_and_kinds(excerpt) -> None:  # type: ignore[no-untyped-def]
    ids = [(p.id, p.kind, p.number) for p in excerpt.paragraphs]
    assert ids == [
        ("preamble_1", "preamble", None),
        ("preamble_2", "preamble", None),
        ("preamble_3", "preamble", None),
        ("preamble_4", "preamble", None),
        # continues across two page breaks, each with a running header
        ("preamble_5", "preamble", None),
        # "1." on a line of its own
        ("para_1", "operative", "1"),
        ("para_2", "operative", "2"),
        ("para_2__point_a", "subparagraph", "a"),
        ("para_2__point_b", "subparagraph", "b"),
        ("para_3", "operative", "3"),
    ]


def test_one_word_per_line_is_rejoined(excerpt) -> None:  # type: ignore[no-untyped-def]
    assert excerpt.paragraph("preamble_2").text.startswith(
        "Expressing concern that information technologies can potentially"
    )


def test_hyphen_at_line_end_kept_in_compound(excerpt) -> None:  # type: ignore[no-untyped-def]
    assert "consensus-driven and results-based" in excerpt.paragraph("preamble_4").text


def test_page_noise_removed_and_paragraph_rejoined(excerpt) -> None:  # type: ignore[no-untyped-def]
    text = excerpt.paragraph("preamble_5").text
    assert text == (
        "Highlighting the conclusions in the report of the Secretary-General submitted pursuant "
        "to resolution 77/37, including on the normative framework, highlighting also that "
        "inclusive and transparent consideration of proposals is most welcome,"
    )
    for noise in ("23-24434", "2/4", "3/4", "A/RES/78/16", "Programme of action"):
        assert all(noise not in p.text for p in excerpt.paragraphs if p.kind != "heading")


def test_footnotes_kept_and_linked(excerpt) -> None:  # type: ignore[no-untyped-def]
    notes = {fn.marker: (fn.text, fn.paragraph_ids) for fn in excerpt.footnotes}
    assert notes == {
        "1": ("See A/77/275.", ("preamble_3",)),
        "2": ("See A/78/265.", ("preamble_3",)),
        "3": ("A/78/76.", ("preamble_5",)),
    }
    # the fused markers are gone from the text: "first 1  and second2", "77/37,3"
    assert "the first and second annual progress reports" in excerpt.paragraph("preamble_3").text
    assert "resolution 77/37, including" in excerpt.paragraph("preamble_5").text


def test_offsets_point_into_source_text(excerpt) -> None:  # type: ignore[no-untyped-def]
    para = excerpt.paragraph("para_1")
    assert excerpt.source_text[para.start : para.end].startswith("1.")
    para = excerpt.paragraph("preamble_1")
    assert excerpt.source_text[para.start : para.end].startswith("Recalling its resolutions")


def test_front_matter_and_markdown_footnotes(tmp_path: Path) -> None:
    # The railcar layout: YAML front matter, one paragraph per block, [^n] markers.
    path = tmp_path / "A_RES_80_99.txt"
    path.write_text(
        '---\nsymbol: A/RES/80/99\ntitle: "Test title"\ndate: "2025-11-26"\nlanguage: EN\n---\n\n'
        "United Nations\n\nGeneral Assembly Distr.: General\n\n"
        "Eightieth session Agenda item 13 Something\n\n"
        "Resolution adopted by the General Assembly on 26 November 2025\n\n"
        "80/99. Test title\n\nThe General Assembly,\n\n"
        "Recalling the Charter[^1] and the Declaration,2\n\n"
        "1. Decides to do something;\n\n"
        "---\n\n[^1]: See resolution 217 A (III).\n\n[^2]: Ibid.\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert doc.symbol == "A/RES/80/99"
    assert doc.title == "Test title"
    assert doc.adoption_date == "2025-11-26"
    assert [p.id for p in doc.paragraphs] == ["preamble_1", "para_1"]
    assert doc.paragraph("preamble_1").text == "Recalling the Charter and the Declaration,"
    assert [(f.marker, f.text, f.paragraph_ids) for f in doc.footnotes] == [
        ("1", "See resolution 217 A (III).", ("preamble_1",)),
        ("2", "Ibid.", ("preamble_1",)),
    ]


def test_speech_one_paragraph_per_line(tmp_path: Path) -> None:
    path = tmp_path / "FRA_73_2018.txt"
    path.write_text(
        "Mr. President,\nSecretary-General,\n"
        "Cyberspace must not become a lawless zone.\n"
        "We call on all States to respect international law online.\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert doc.doc_type == "speech"
    assert [p.id for p in doc.paragraphs] == ["para_1", "para_2", "para_3", "para_4"]
    assert {p.kind for p in doc.paragraphs} == {"speech"}
    assert doc.paragraphs[0].affiliation == "FRA"
    assert doc.paragraphs[2].text == "Cyberspace must not become a lawless zone."


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the file is empty"),  # empty
        (b"\xff\xfe\x00\x00garbage", "binary data"),  # binary
        (b"caf\xe9 au lait", "not UTF-8"),  # Latin-1
        (b"---\nsymbol: [unclosed\n---\ntext\n", "broken YAML"),  # bad front matter
    ],
)
def test_bad_text_is_a_one_line_error(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError) as err:
        load_document(path)
    message = str(err.value)
    assert str(path) in message and reason in message and "\n" not in message


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a compound keeps its hyphen: the document never writes "consensusdriven"
        (
            ["Noting that the process should be consensus-", "driven and fair,"],
            "Noting that the process should be consensus-driven and fair,",
        ),
        # a word split at a line end is mended: "discussion" occurs whole elsewhere
        (
            ["Noting this discus-", "sion, and that the discussion goes on,"],
            "Noting this discussion, and that the discussion goes on,",
        ),
        # a capitalised second part is a proper compound, even if spelt whole elsewhere
        (
            ["Noting the region of South-", "East Asia and of Southeast Asia,"],
            "Noting the region of South-East Asia and of Southeast Asia,",
        ),
    ],
)
def test_line_end_hyphens(tmp_path: Path, lines: list[str], expected: str) -> None:
    # Lines of spaces between paragraphs: the layout of text extracted from PDFs.
    path = tmp_path / "note.txt"
    path.write_text("Recalling its earlier work,\n \n" + "\n".join(lines) + "\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.paragraphs[1].text == expected


@pytest.mark.parametrize("front", ["", "---\nsymbol: A/RES/1/1\ntitle: A test\n---\n"])
def test_a_text_of_short_paragraphs_is_not_all_header(tmp_path: Path, front: str) -> None:
    # Every block short and on page 1 was taken as the header, leaving no paragraph:
    # "1 page but no paragraph" for a two-paragraph note with front matter.
    path = tmp_path / "note.txt"
    path.write_text(front + "Short one.\n\nAnd a second short paragraph.\n", encoding="utf-8")
    doc = load_document(path)
    assert [p.text for p in doc.paragraphs] == ["Short one.", "And a second short paragraph."]
