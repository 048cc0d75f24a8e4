"""Issue 23: hostile XML. Each case is one error line naming the file, nothing stored,
and the good AKN4UN file of the same batch is still read.

Cases: a billion-laughs entity, an external entity (a local file and a URL), a DTD
fetched from outside, truncated markup, XML that is not AKN4UN, AKN4UN without a body,
a file over the size limit, XML that hides behind a .txt suffix, 100,000 nested
elements, 120,000 elements, an unknown encoding.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hostile_cases import assert_one_error, documents, run_cli

from pipeline.errors import IngestError
from pipeline.ingest import akn, load_document

AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
SECONDS = 60.0
MEGABYTES = 1500.0

GOOD = f"""<?xml version="1.0" encoding="UTF-8"?>
<akomaNtoso xmlns="{AKN}"><statement name="resolution">
<meta><identification source="#x"><FRBRExpression>
<FRBRlanguage language="fra"/></FRBRExpression></identification></meta>
<coverPage><p><docNumber refersTo="#symbol">A/RES/80/99</docNumber></p></coverPage>
<preamble>
<formula name="enactingFormula"><p>L’Assemblée générale,</p></formula>
<container eId="container_2"><p>Rappelant ses résolutions, notamment :</p>
<blockList><item><num>a)</num><p>la résolution 73/27 ;</p></item>
<item><num>b)</num><p>la résolution 73/266,</p></item></blockList></container>
</preamble>
<mainBody><paragraph eId="para_3"><num>1.</num><content><p>Décide de rester saisie
de la question.</p></content></paragraph></mainBody>
</statement></akomaNtoso>
"""
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">'
        for i in range(1, 10)
    )
    + f']>\n<akomaNtoso xmlns="{AKN}"><statement><preamble><container><p>&lol9;</p>'
    "</container></preamble></statement></akomaNtoso>\n"
)
FILE_ENTITY = (
    '<?xml version="1.0"?>\n<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
    f'<akomaNtoso xmlns="{AKN}"><statement><preamble><container><p>&x;</p></container>'
    "</preamble></statement></akomaNtoso>\n"
)
URL_ENTITY = FILE_ENTITY.replace("file:///etc/passwd", "http://127.0.0.1:9/x")
EXTERNAL_DTD = (
    '<?xml version="1.0"?>\n<!DOCTYPE akomaNtoso SYSTEM "http://127.0.0.1:9/akn.dtd">\n'
    f'<akomaNtoso xmlns="{AKN}"><statement><preamble><container><p>x</p></container>'
    "</preamble></statement></akomaNtoso>\n"
)
DEEP = (
    f'<akomaNtoso xmlns="{AKN}"><statement><preamble><container><p>'
    + "<span>" * 100_000 + "x" + "</span>" * 100_000
    + "</p></container></preamble></statement></akomaNtoso>\n"
)  # fmt: skip
MANY = (
    f'<akomaNtoso xmlns="{AKN}"><statement><preamble>'
    + "<container><p>x</p></container>" * 60_000
    + "</preamble></statement></akomaNtoso>\n"
)  # 1.9 MB, 120,000 elements
ENCODING = '<?xml version="1.0" encoding="x-nonsense"?>\n<akomaNtoso/>\n'
NOT_AKN = '<?xml version="1.0"?>\n<html><body><p>The General Assembly,</p></body></html>\n'
NO_BODY = f'<akomaNtoso xmlns="{AKN}"><statement><meta/></statement></akomaNtoso>\n'

# (file name, content, the start of the reason)
CASES = [
    ("laughs.xml", LAUGHS, "unsafe XML refused (DTDForbidden)"),
    ("file_entity.xml", FILE_ENTITY, "unsafe XML refused (DTDForbidden)"),
    ("url_entity.xml", URL_ENTITY, "unsafe XML refused (DTDForbidden)"),
    ("external_dtd.xml", EXTERNAL_DTD, "unsafe XML refused (DTDForbidden)"),
    ("truncated.xml", GOOD[: len(GOOD) // 2], "not well-formed XML"),
    ("not_akn.xml", NOT_AKN, "XML but not AKN4UN (root element <html>)"),
    ("no_body.xml", NO_BODY, "AKN4UN file without a body"),
    ("hidden.txt", LAUGHS, "unsafe XML refused (DTDForbidden)"),  # XML found by content
    ("deep.xml", DEEP, "XML nested deeper than 100 levels"),  # was a RecursionError
    ("many.xml", MANY, "XML with more than 100,000 elements"),
    ("encoding.xml", ENCODING, "not readable XML (unknown encoding: x-nonsense)"),
]


def test_the_good_file_reads(tmp_path: Path) -> None:
    path = tmp_path / "good.xml"
    path.write_text(GOOD, encoding="utf-8")
    doc = load_document(path)
    assert (doc.symbol, doc.language) == ("A/RES/80/99", "fr")
    # The formula is no paragraph; a preambular list keeps its items as sub-items.
    assert [(p.id, p.kind, p.parent) for p in doc.paragraphs] == [
        ("preamble_1", "preamble", None),
        ("preamble_1__point_a", "subparagraph", "preamble_1"),
        ("preamble_1__point_b", "subparagraph", "preamble_1"),
        ("para_1", "operative", None),
    ]
    assert doc.paragraphs[0].text == "Rappelant ses résolutions, notamment :"
    assert doc.paragraphs[1].text == "la résolution 73/27 ;"
    assert doc.paragraph("para_1").text == "Décide de rester saisie de la question."


@pytest.mark.parametrize(("name", "content", "reason"), CASES)
def test_bad_xml_is_one_error(tmp_path: Path, name: str, content: str, reason: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError) as caught:
        load_document(path)
    assert str(caught.value).startswith(f"{path}: {reason}")


def test_over_the_size_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.xml"
    path.write_text(GOOD + " " * (8 * 2**20), encoding="utf-8")  # 8 MiB of spaces after it
    with pytest.raises(IngestError, match="over the size limit of 8 MiB"):
        load_document(path)
    monkeypatch.setattr(akn, "MAX_XML_BYTES", 1000)
    path.write_text(GOOD + " " * 1000, encoding="utf-8")
    with pytest.raises(IngestError, match="over the size limit"):
        load_document(path)


def test_a_batch_goes_on(tmp_path: Path) -> None:
    for name, content, _ in CASES:
        (tmp_path / name).write_text(content, encoding="utf-8")
    (tmp_path / "good.xml").write_text(GOOD, encoding="utf-8")
    names = [name for name, _, _ in CASES]
    run = run_cli(["ingest", *names, "good.xml", "--format", "json"], tmp_path)
    assert run.code == 1
    assert run.seconds < SECONDS and run.max_rss_mb < MEGABYTES, run
    assert len(run.errors()) == len(CASES)
    for name in names:
        assert sum(line.startswith(f"error: {name}: ") for line in run.errors()) == 1
    assert [d["symbol"] for d in documents(run.stdout)] == ["A/RES/80/99"]


def test_corpus_build_stores_nothing_of_a_bad_file(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "laughs.xml").write_text(LAUGHS, encoding="utf-8")
    (root / "good.xml").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "corpus.db"
    run = run_cli(["corpus", "build", str(root), "--db", str(db), "--jobs", "1", "--quiet"], root)
    assert run.code == 1
    assert_one_error(run, "laughs.xml")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT path FROM documents").fetchall() == [("good.xml",)]
