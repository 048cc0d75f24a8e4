"""extract_document on hand-built documents and on A/RES/73/27 from the corpus."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline import settings
from pipeline.cli import cli
from pipeline.document import Document, Footnote, Paragraph
from pipeline.nlp.extract import extract_document

# Excerpts of A/RES/73/27 (preambular paragraph 15, paragraph 1.6, paragraph 6).
PARAGRAPHS = (
    Paragraph(
        id="preamble_15",
        kind="preamble",
        number=None,
        text="Welcoming the effective work of the Group of Governmental Experts and the "
        "relevant outcome reports transmitted by the Secretary-General,",
        page=2,
        footnotes=("1",),
    ),
    Paragraph(
        id="para_1__subpara_6",
        kind="subparagraph",
        number="1.6",
        text="A State should not conduct or knowingly support ICT activity contrary to its "
        "obligations under international law that intentionally damages critical "
        "infrastructure or otherwise impairs the use and operation of critical infrastructure "
        "to provide services to the public.",
        page=4,
    ),
    Paragraph(
        id="para_6",
        kind="operative",
        number="6",
        text="Also decides that the open-ended working group shall hold its organizational "
        "session in June 2019",
        page=5,
    ),
    Paragraph(id="heading_1", kind="heading", number=None, text="Annex", page=5),
)
DOC = Document(
    symbol="A/RES/73/27",
    title="Developments in the field of information and telecommunications",
    doc_type="resolution",
    paragraphs=PARAGRAPHS,
    footnotes=(Footnote(marker="1", text="A/65/201, A/68/98 and A/70/174.", page=2),),
)


def test_extract_document_keeps_the_document_and_adds_results(nlp: Any) -> None:
    out = extract_document(DOC, nlp)
    assert out.paragraphs == DOC.paragraphs and out.symbol == DOC.symbol
    # one clause per paragraph except headings
    assert [c.paragraph_id for c in out.clauses] == ["preamble_15", "para_1__subpara_6", "para_6"]
    assert [(c.verb, c.strength, c.modality) for c in out.clauses] == [
        ("Welcoming", 0, None),
        (None, None, "should"),
        ("Also decides", 9, "shall"),
    ]
    assert out.clauses[1].topics[0].name == "norm_13f"


@pytest.mark.parametrize(
    ("paragraph_id", "label", "text", "norm_id"),
    [
        ("preamble_15", "UN_BODY", "Group of Governmental Experts", "gge"),  # body
        ("preamble_15", "UN_BODY", "Secretary-General", "secretary_general"),  # hyphenated
        ("para_6", "UN_BODY", "open-ended working group", "oewg"),  # lower case
        ("para_6", "DATE", "June 2019", "2019-06"),  # month and year
        ("footnote_1", "DOC_SYMBOL", "A/70/174", "A/70/174"),  # symbol in a footnote
    ],
)
def test_extract_document_entities(
    nlp: Any, paragraph_id: str, label: str, text: str, norm_id: str
) -> None:
    out = extract_document(DOC, nlp)
    found = [(e.label, e.text, e.norm_id) for e in out.entities if e.paragraph_id == paragraph_id]
    assert (label, text, norm_id) in found


def test_entity_offsets_point_into_paragraph_or_footnote_text(nlp: Any) -> None:
    out = extract_document(DOC, nlp)
    texts = {p.id: p.text for p in DOC.paragraphs} | {
        f"footnote_{f.marker}": f.text for f in DOC.footnotes
    }
    assert out.entities
    assert all(texts[e.paragraph_id][e.start : e.end] == e.text for e in out.entities)


def test_round_trip_through_json(nlp: Any) -> None:
    out = extract_document(DOC, nlp)
    assert Document.from_dict(json.loads(json.dumps(out.to_dict()))) == out


# --- the corpus: A/RES/73/27 ----------------------------------------------------------------

RECALLED = (
    ("36/103", "1981-12-09"), ("43/78 H", "1988-12-07"), ("53/70", "1998-12-04"),
    ("54/49", "1999-12-01"), ("55/28", "2000-11-20"), ("56/19", "2001-11-29"),
    ("57/53", "2002-11-22"), ("58/32", "2003-12-08"), ("59/61", "2004-12-03"),
    ("60/45", "2005-12-08"), ("61/54", "2006-12-06"), ("62/17", "2007-12-05"),
    ("63/37", "2008-12-02"), ("64/25", "2009-12-02"), ("65/41", "2010-12-08"),
    ("66/24", "2011-12-02"), ("67/27", "2012-12-03"), ("68/243", "2013-12-27"),
    ("69/28", "2014-12-02"), ("70/237", "2015-12-23"), ("71/28", "2016-12-05"),
)  # fmt: skip
FOOTNOTE_SYMBOLS = {"A/65/201", "A/68/98", "A/70/174", "A/67/53", "A/67/53/Corr.1", "A/69/53"}


@pytest.fixture(scope="module")
def a_res_73_27(nlp: Any) -> Document:
    root = settings.corpus_root()
    if root is None or not (root / "resolutions" / "A_RES_73_27.txt").is_file():
        pytest.skip("no corpus root with resolutions/A_RES_73_27.txt")
    from pipeline.ingest import load_document

    return extract_document(load_document(root / "resolutions" / "A_RES_73_27.txt"), nlp)


def test_a_res_73_27_recalls_21_resolutions_with_dates(a_res_73_27: Document) -> None:
    first = a_res_73_27.paragraphs[0].id
    refs = [
        (e.text, e.date)
        for e in a_res_73_27.entities
        if e.label == "RES_REF" and e.paragraph_id == first
    ]
    assert tuple(refs) == RECALLED
    norm_ids = [e.norm_id for e in a_res_73_27.entities if e.paragraph_id == first]
    assert "A/RES/36/103" in norm_ids and "A/RES/71/28" in norm_ids


def test_a_res_73_27_footnote_symbols(a_res_73_27: Document) -> None:
    in_footnotes = {
        e.norm_id
        for e in a_res_73_27.entities
        if e.label == "DOC_SYMBOL" and e.paragraph_id.startswith("footnote_")
    }
    assert in_footnotes == FOOTNOTE_SYMBOLS
    # every "A/" printed in a footnote is one DOC_SYMBOL entity
    printed = sum(f.text.count("A/") for f in a_res_73_27.footnotes)
    found = [e for e in a_res_73_27.entities if e.paragraph_id.startswith("footnote_")]
    assert len([e for e in found if e.label == "DOC_SYMBOL"]) == printed


@pytest.mark.parametrize(
    ("number", "topic"),
    [
        ("1.6", "norm_13f"),  # critical infrastructure
        ("1.10", "norm_13i_proliferation"),  # malicious ICT tools, hidden functions
        ("1.12", "norm_13k"),  # emergency response teams
    ],
)
def test_a_res_73_27_norm_links(a_res_73_27: Document, number: str, topic: str) -> None:
    para = next(p for p in a_res_73_27.paragraphs if p.number == number)
    clause = next(c for c in a_res_73_27.clauses if c.paragraph_id == para.id)
    assert clause.topics[0].name == topic


def test_cli_extract(tmp_path: Path) -> None:
    source = tmp_path / "excerpt.txt"
    source.write_text(
        "The General Assembly,\n\nRecalling its resolutions 36/103 of 9 December 1981 and "
        "71/28 of 5 December 2016,\n\n1. Calls upon Member States to promote further the "
        "consideration of existing and potential threats;\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["extract", str(source), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    refs = [(e["norm_id"], e["date"]) for e in data["entities"] if e["label"] == "RES_REF"]
    assert refs == [("A/RES/36/103", "1981-12-09"), ("A/RES/71/28", "2016-12-05")]
    assert any(c["verb"] == "Calls upon" and c["strength"] == 7 for c in data["clauses"])


@pytest.mark.parametrize(
    ("args", "exit_code"),
    [
        (["extract", "missing.txt"], 1),  # unreadable input: named on stderr, exit 1
        (["extract", "--model", "no_such_model", "x.txt"], 2),  # usage error
        (["extract", "--help"], 0),  # help exists
    ],
)
def test_cli_extract_exit_codes(args: list[str], exit_code: int) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == exit_code
    assert "Traceback" not in result.output


def test_two_processes_give_the_same_result(nlp: Any) -> None:
    # Doc extensions must survive the trip back from a worker process.
    assert extract_document(DOC, nlp, n_process=2) == extract_document(DOC, nlp)


def test_without_fork_spacy_processes_give_the_same_result(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Where "fork" is missing, read_units falls back on nlp.pipe(n_process=...).
    monkeypatch.setattr("multiprocessing.get_all_start_methods", lambda: ["spawn"])
    assert extract_document(DOC, nlp, n_process=2) == extract_document(DOC, nlp)
