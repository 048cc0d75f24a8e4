"""The inputs of the third hostile round (issue 27): each a generator of files and a command.

Every case writes its files into an empty folder and returns the ``normtrace`` arguments
that read them, with no options beyond what the command needs (a file, ``--db``,
``--catalogue``, ``--votes``). None of these inputs is among the ones README's
Reliability section lists; each is under 1 MB on disk unless its name says otherwise.
``bench/hostile_round.py`` runs them and prints the table.
"""

from __future__ import annotations

import functools
import random
import sqlite3
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hostile_cases import GOOD_RESOLUTION
from hostile_pdfs import FONT, GOOD_TEXT, PAGE, build, one_page, stream
from hostile_round3_pdfs import (
    TEXT,
    contents_array,
    drawn_form,
    many_fonts,
    nested_forms,
    shared_pages,
    to_unicode,
)

Make = Callable[[Path], list[str]]
AKN = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
BODY = "\n\nThe General Assembly,\n\n1. Decides to remain seized of the matter.\n"
MANDATE = (
    "Requests the Secretary-General to convene an open-ended working group on security of "
    "and in the use of information and communications technologies, to report to the "
    "General Assembly at its eightieth session"
)


@dataclass(frozen=True)
class Case:
    category: str
    name: str
    make: Make
    round: int = 3


CASES: list[Case] = []
ROUND = 3  # the round the cases registered next belong to


def case(category: str, name: str) -> Callable[[Make], Make]:
    def register(make: Make) -> Make:
        CASES.append(Case(category, name, make, ROUND))
        return make

    return register


def _write(folder: Path, name: str, data: str | bytes) -> str:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    path.write_bytes(data)
    return name


def _ingest(name: str, data: str | bytes, command: str = "ingest") -> Make:
    return lambda folder: [*command.split(), _write(folder, name, data)]


def _fm(yaml: str) -> str:
    return f"---\n{yaml}\n---{BODY}"


# ---------------------------------------------------------------- front matter
FRONT_MATTER = {
    "deep flow nesting": "x: " + "[" * 5_000 + "]" * 5_000,
    "deep block nesting": "".join(" " * i + "k:\n" for i in range(340)) + " " * 340 + "v",
    "huge complex key": "? " + "k" * 60_000 + "\n: v",
    "many keys": "\n".join(f"k{i}: v" for i in range(7_000)),
    "binary symbol": "symbol: !!binary " + "QUFBQQ==" * 6_000,
    "merge key": "base: {symbol: A/RES/1/1}\n<<: {symbol: A/RES/2/2}\nsymbol: A/RES/3/3",
    "unhashable key": "? [a, b]\n: c",
    "set tag": "symbol: !!set {a, b}",
    "python tag on key": "!!python/name:os.system x: y",
    "duplicate symbol x3000": "\n".join(f"symbol: A/RES/{i}/1" for i in range(3_000)),
    "escape in title": 'title: "Cyber \\e]52;c;ZWNobyBoaQ==\\a \\x9b31m \\0 end"',
    "NEL and LS in symbol": 'symbol: "A/RES/1/1\\N\\Lforged"',
    "long title folded": "title: >\n" + "  word\n" * 9_000,
    "many documents": "a: b\n---\n" * 3 + "c: d",
    "directive": "%YAML 1.1\n%TAG ! tag:x,2000:\n--- \nsymbol: !x A/RES/1/1",
    "flow of 20k items": "x: [" + ", ".join(["a"] * 20_000) + "]",
}
for _name, _yaml in FRONT_MATTER.items():
    case("front matter", _name)(_ingest("fm.txt", _fm(_yaml)))
case("front matter", "unclosed, 1 MB")(_ingest("fm.txt", "---\nsymbol: x\n" + "y: z\n" * 200_000))


# ---------------------------------------------------------------- PDFs
def _tree(pages: list[bytes], *, count: int | None = None, extra: list[bytes] = ()) -> bytes:
    """Catalog, page tree, font, the given page bodies (objects 4...), then ``extra``."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(len(pages)))
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count or len(pages)),
            FONT,
            *pages,
            *extra,
        ]
    )


def _text_lines(lines: int) -> bytes:
    ops = [b"BT /F1 10 Tf 12 TL 72 760 Td"]
    words = b"Calls upon Member States to promote an open, secure and peaceful ICT environment"
    ops += [b"(%d. %s) Tj T*" % (i, words) for i in range(lines)]
    return b"\n".join([*ops, b"ET"])


def _inline_image(mib: int) -> bytes:
    data = zlib.compress(zlib.compress(b"\x00" * mib * 2**20, 9), 9)
    image = (
        b"BI /W 65000 /H 65000 /BPC 8 /CS /G /F [/Fl /Fl] /L %d ID " % len(data) + data + b"\nEI\n"
    )
    return one_page(GOOD_TEXT + b"q 100 0 0 100 0 0 cm " + image + b"Q\n")


def _broken_xref() -> bytes:
    pdf = one_page(GOOD_TEXT)
    at = pdf.rindex(b"xref")
    head, tail = pdf[:at], pdf[at:]
    lines = tail.split(b"\n")
    lines = [b"%010d 00000 n " % 7 if line.endswith(b" n ") else line for line in lines]
    return head + b"\n".join(lines)


def _incremental(updates: int) -> bytes:
    pdf = bytearray(one_page(GOOD_TEXT))
    prev = int(pdf[pdf.rindex(b"startxref") + 10 :].split()[0])
    for i in range(updates):
        at = len(pdf)
        content = GOOD_TEXT.replace(b"seized.", b"seized %d." % i)
        pdf += b"5 0 obj\n" + stream(content) + b"\nendobj\n"
        xref = len(pdf)
        pdf += b"xref\n5 1\n%010d 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %d >>\n" % (
            at,
            prev,
        )
        pdf += b"startxref\n%d\n%%%%EOF\n" % xref
        prev = xref
    return bytes(pdf)


def _prev_cycle() -> bytes:
    pdf = one_page(GOOD_TEXT)
    xref = int(pdf[pdf.rindex(b"startxref") + 10 :].split()[0])
    return pdf.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Prev %d >>" % xref)


def _long_string(chars: int, compressed: bool) -> bytes:
    content = b"BT /F1 1 Tf 10 700 Td (" + b"ab " * (chars // 3) + b") Tj ET\n"
    if compressed:
        return one_page(zlib.compress(content, 9), b"/FlateDecode")
    return one_page(content)


def _type3_recursive() -> bytes:
    proc = b"0 0 d0 BT /T3 1 Tf (a) Tj ET"
    font = (
        b"<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] "
        b"/CharProcs << /a 7 0 R >> /Encoding << /Differences [97 /a] >> /FirstChar 97 "
        b"/LastChar 97 /Widths [1] /Resources << /Font << /T3 6 0 R >> >> >>"
    )
    page = PAGE % (b" /Font << /F1 3 0 R /T3 6 0 R >>", b"5 0 R")
    page = page.replace(b"/Resources << /Font << /F1 3 0 R >> /Font", b"/Resources << /Font")
    content = GOOD_TEXT + b"BT /T3 12 Tf 72 600 Td (aaaa) Tj ET\n"
    return _tree([page], extra=[stream(content), font, stream(proc)])


def _objstm(count: int) -> bytes:
    """An object stream that packs ``count`` tiny objects (flate); the page reads none."""
    numbers = b" ".join(b"%d %d" % (100 + i, i * 2) for i in range(count))
    data = numbers + b"\n" + b"1 " * count
    packed = zlib.compress(data, 9)
    head = b"<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>" % (
        count,
        len(numbers) + 1,
        len(packed),
    )
    return _tree(
        [PAGE % (b"", b"5 0 R")],
        extra=[stream(GOOD_TEXT), head + b"\nstream\n" + packed + b"\nendstream"],
    )


PDFS: dict[str, Callable[[], bytes]] = {
    "huge /Count": lambda: _tree(
        [PAGE % (b"", b"5 0 R")], count=2_000_000_000, extra=[stream(GOOD_TEXT)]
    ),
    "huge MediaBox": lambda: one_page(TEXT).replace(b"[0 0 612 792]", b"[-1e38 -1e38 1e38 1e38]"),
    "5,000 fonts": lambda: many_fonts(5_000),
    "4,900 tiny pages": lambda: shared_pages(4_900, GOOD_TEXT),
    "2,000 pages x 45 lines": lambda: shared_pages(2_000, _text_lines(45)),
    "forms 24 deep, 2 draws each": lambda: nested_forms(24, 2),
    "forms 60 deep": lambda: nested_forms(60, 1),
    "forms 8 deep, 8 draws each": lambda: nested_forms(8, 8),
    "inline image bomb 200 MB": lambda: _inline_image(200),
    "inline image bomb 2 GB": lambda: _inline_image(2048),
    "forms 5 deep, 9 draws each": lambda: nested_forms(5, 9),
    "one form drawn 100,000 times": lambda: drawn_form(100_000),
    "one form drawn 4,999 times": lambda: drawn_form(4_999),
    "/Contents naming a 15 MiB stream 40 times": lambda: contents_array(
        40, zlib.compress(b"0 0 m 1 1 l S " * (15 * 2**20 // 14), 9), b"/FlateDecode"
    ),
    "/Contents naming a stream 100,000 times": lambda: contents_array(100_000, TEXT),
    "broken xref": _broken_xref,
    "3,000 incremental updates": lambda: _incremental(3_000),
    "/Prev cycle": _prev_cycle,
    "900 KB string in Tj": lambda: _long_string(900_000, False),
    "15 MB string in Tj (flate)": lambda: _long_string(15_000_000, True),
    "ToUnicode x500": lambda: to_unicode(500, 40_000),
    "Type3 font drawing itself": _type3_recursive,
    "object stream of 500k": lambda: _objstm(500_000),
    "TJ kerning 400 KB": lambda: one_page(
        GOOD_TEXT + b"BT /F1 1 Tf 0 0 Td [" + b"(a) -1 " * 57_000 + b"] TJ ET"
    ),
}
for _name, _make in PDFS.items():
    case("pdf", _name)(lambda folder, make=_make: ["ingest", _write(folder, "case.pdf", make())])


# ---------------------------------------------------------------- plain text
def _numbered(n: int, fmt: str) -> str:
    return "".join(fmt.format(i=i) + "\n\n" for i in range(1, n + 1))


TEXTS: dict[str, Callable[[], str | bytes]] = {
    "900 KB word, no space": lambda: "Decides " + "x" * 900_000 + "\n",
    "20k deep sub-items": lambda: (
        "The General Assembly,\n\n" + _numbered(20_000, "(a)(i)(1)(A) Decides {i};")
    ),
    "RTL and 300k combining": lambda: "قرار " * 30_000 + "\n\na" + "\u0301" * 300_000 + "\n",
    "zero-width between letters": lambda: "\u200b".join("Decides to remain seized " * 12_000),
    "100k footnotes": lambda: (
        "The General Assembly,\n\n1. Decides.1\n\n__________\n"
        + "".join(f"{i} Note.\n" for i in range(1, 100_001))
    ),
    "old-Mac line endings": lambda: "\r".join(f"{i}. Decides to act {i}.\r" for i in range(20_000)),
    "CRLF 20k paragraphs": lambda: "\r\n".join(
        f"{i}. Decides to act {i}.\r\n" for i in range(20_000)
    ),
    "UTF-16 with BOM": lambda: GOOD_RESOLUTION.encode("utf-16"),
    "invalid UTF-8": lambda: GOOD_RESOLUTION.encode() + b"\n\n2. Notes \xff\xfe\xc0\x80.\n",
    "NUL after 4 KB": lambda: GOOD_RESOLUTION + "x" * 5_000 + "\n\n2. Notes\x00\x00 here.\n",
    "lone surrogate bytes": lambda: GOOD_RESOLUTION.encode() + b"\n\n2. \xed\xa0\x80 here.\n",
    "NEL and LS separators": lambda: "\u2028".join(
        f"{i}. Decides {i}.\u0085" for i in range(30_000)
    ),
    "50k '1.' lines": lambda: "1.\n\n" * 50_000,
    "300k open parentheses": lambda: "Decides " + "(" * 300_000 + "\n",
    "300k curly quotes": lambda: "Decides “" + "“ ”" * 100_000 + "\n",
    "40k symbols, one paragraph": lambda: (
        "1. Recalls " + ", ".join(f"A/RES/{i % 80}/{i}" for i in range(40_000)) + "\n"
    ),
    "form feeds only 500k": lambda: "Decides.\n" + "\f" * 500_000 + "\nEnds.\n",
    "one 900 KB paragraph of dates": lambda: (
        "1. Recalls "
        + " and ".join(f"{i % 28 + 1} December 20{i % 30:02d}" for i in range(45_000))
        + "\n"
    ),
}
for _name, _make in TEXTS.items():
    case("text", _name)(lambda folder, make=_make: ["ingest", _write(folder, "case.txt", make())])
for _name in (
    "900 KB word, no space",
    "zero-width between letters",
    "40k symbols, one paragraph",
    "RTL and 300k combining",
    "one 900 KB paragraph of dates",
):
    case("extract", _name)(
        lambda folder, make=TEXTS[_name]: ["extract", _write(folder, "case.txt", make())]
    )


# ---------------------------------------------------------------- AKN XML
def _akn(body: str, extra_meta: str = "", ns: str = AKN) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso xmlns="{ns}">'
        '<statement name="resolution">'
        f'<meta><identification source="#x"><FRBRExpression><FRBRlanguage language="eng"/>'
        f"</FRBRExpression></identification>{extra_meta}</meta>"
        '<preamble><formula name="enactingFormula"><p>The General Assembly,</p></formula>'
        "</preamble>"
        f"<mainBody>{body}</mainBody></statement></akomaNtoso>\n"
    )


def _para(
    i: int, text: str = "Decides to remain seized of the matter.", eid: str | None = None
) -> str:
    eid = eid or f"para_{i}"
    return f'<paragraph eId="{eid}"><num>{i}.</num><content><p>{text}</p></content></paragraph>'


def _nested_lists(depth: int, width: int) -> str:
    inner = "<p>leaf</p>"
    for level in range(depth):
        inner = (
            "<blockList>"
            + "".join(
                f"<item><num>({level})</num>{inner}</item>" for _ in range(1 if level else width)
            )
            + "</blockList>"
        )
    return f'<paragraph eId="para_1"><num>1.</num><list>{inner}</list></paragraph>'


XML: dict[str, Callable[[], str | bytes]] = {
    "parameter entity": lambda: (
        '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY % p "x"> %p;]>' + _akn(_para(1))[21:]
    ),
    "99-deep lists x 1,000": lambda: _akn(_nested_lists(45, 1_000)),
    "98-deep inline spans": lambda: _akn(
        '<paragraph eId="p"><num>1.</num><content><p>'
        + "<i>" * 95
        + "x"
        + "</i>" * 95
        + "</p></content></paragraph>"
    ),
    "7 MB attribute": lambda: _akn(_para(1, eid="e" * 7_000_000)),
    "30k paragraphs, one eId": lambda: _akn("".join(_para(i, eid="para_1") for i in range(30_000))),
    "wrong namespace": lambda: _akn(_para(1), ns="http://example.org/not-akn"),
    "num of 1 MB": lambda: _akn(
        '<paragraph eId="p"><num>'
        + "9" * 1_000_000
        + "</num><content><p>Decides.</p></content></paragraph>"
    ),
    "20k authorial notes": lambda: _akn(
        '<paragraph eId="p"><num>1.</num><content><p>Decides'
        + "".join(
            f'<authorialNote marker="{i}" eId="fn_{i}"><p>Note {i}.</p></authorialNote>'
            for i in range(20_000)
        )
        + "</p></content></paragraph>"
    ),
    "UTF-16 XML": lambda: (
        _akn(_para(1)).replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    ),
    "50k attributes on one element": lambda: _akn(_para(1)).replace(
        "<mainBody>", "<mainBody " + " ".join(f'a{i}="x"' for i in range(50_000)) + ">"
    ),
    "control characters": lambda: (
        _akn(_para(1, "Decides \x1b]52;c;aGk=\x07 \u009b31m"))
        .replace("\x1b", "&#x1b;")
        .replace("\x07", "&#7;")
    ),
    "processing instructions 50k": lambda: _akn(_para(1)).replace(
        "<mainBody>", "<mainBody>" + "<?pi x?>" * 50_000
    ),
    "5k sponsors in meta": lambda: _akn(
        _para(1),
        '<references source="#x">'
        + "".join(
            f'<TLCOrganization eId="s{i}" href="/x" showAs="State {i}"/>' for i in range(5_000)
        )
        + "</references>",
    ),
}
_VOTING = (
    '<analysis source="#x"><parliamentary><voting outcome="adopted"><count refersTo="#inFavour" '
    'value="{}"><organization>France</organization></count></voting></parliamentary></analysis>'
)
XML["vote count '²'"] = lambda: _akn(_para(1), _VOTING.format("²"))
XML["vote count of 5,000 digits"] = lambda: _akn(_para(1), _VOTING.format("9" * 5_000))
for _name, _make in XML.items():
    case("akn", _name)(lambda folder, make=_make: ["ingest", _write(folder, "case.xml", make())])


# ---------------------------------------------------------------- repetition
def _pair(folder: Path, old: str, new: str, command: str) -> list[str]:
    return [*command.split(), _write(folder, "old.txt", old), _write(folder, "new.txt", new)]


def _mandates_one_paragraph(n: int) -> str:
    return "The General Assembly,\n\n1. " + "; ".join([MANDATE] * n) + ".\n"


def _tiny(n: int, seed: int) -> str:
    rng = random.Random(seed)
    return "The General Assembly,\n\n" + "".join(
        f"{i}. Decides item {rng.randrange(10)}.\n\n" for i in range(1, n + 1)
    )


REPEATS = {
    "one word x250k": ("1. " + "the " * 250_000 + "\n", "1. " + "the " * 249_999 + "a\n"),
    "mandate x3000 in one paragraph": (
        _mandates_one_paragraph(3_000),
        _mandates_one_paragraph(2_999),
    ),
    "30k near-identical paragraphs": (_tiny(30_000, 1), _tiny(30_000, 2)),
    "one paragraph vs 20k": (
        "1. " + " ".join(MANDATE for _ in range(400)) + "\n",
        _tiny(20_000, 3),
    ),
}
for _name, (_old, _new) in REPEATS.items():
    for _command in ("diff", "overlap"):
        case("repetition", f"{_command}: {_name}")(
            lambda folder, old=_old, new=_new, command=_command: _pair(folder, old, new, command)
        )
case("repetition", "languages: 2 x 20k paragraphs")(
    lambda folder: _pair(
        folder, _tiny(20_000, 1), _tiny(20_000, 2).replace("Decides", "Décide"), "languages"
    )
)
case("repetition", "positions: 5k statements")(
    _ingest(
        "case.txt",
        "".join(
            f"{i}. France supports the proposal and Russia opposes it.\n\n" for i in range(5_000)
        ),
        "positions",
    )
)
_PV = "United Nations A/79/PV.99\n\nGeneral Assembly Seventy-ninth session 99th plenary meeting\n\n"
case("repetition", "positions: 15k speaker turns")(
    _ingest(
        "pv.txt",
        _PV + "".join(f"Mr. Smith{i} (France): France supports it.\n\n" for i in range(15_000)),
        "positions",
    )
)
_SPONSORS = (
    "United Nations A/C.1/80/L.99\n\nGeneral Assembly Distr.: Limited\n\n"
    + "{}: draft resolution\n\n"
    + "The General Assembly,\n\n1. Decides.\n"
)
case("repetition", "sponsors compare: 30k names")(
    lambda folder: _pair(
        folder,
        _SPONSORS.format(", ".join(["France"] * 30_000)),
        _SPONSORS.format(", ".join(["Chile"] * 30_000)),
        "sponsors compare",
    )
)


# ---------------------------------------------------------------- catalogues and votes
def _catalogue(folder: Path, csv_text: str, fmt: list[str] = ()) -> list[str]:
    return [
        "norms",
        _write(folder, "doc.txt", GOOD_RESOLUTION),
        "--catalogue",
        _write(folder, "cat.csv", csv_text),
        *fmt,
    ]


HEADER = "norm_id,text\n"
CATALOGUES = {
    "8k norms": HEADER
    + "".join(
        f"n{i},States should cooperate on measure {i} to prevent harmful ICT practices\n"
        for i in range(8_000)
    ),
    "one 19,999-character norm": HEADER + "n1," + "States should cooperate " * 833 + "\n",
    "unclosed quote": HEADER + 'n1,"States should' + " cooperate" * 50_000 + "\n",
    "10k columns": ",".join(["norm_id", "text", *(f"c{i}" for i in range(10_000))])
    + "\nn1,States should cooperate"
    + "," * 10_000
    + "\n",
    "formula and ESC cells": HEADER
    + '=HYPERLINK("http://x"),"States \x1b]52;c;aGk=\x07 should cooperate"\n',
}
for _name, _text in CATALOGUES.items():
    case("catalogue", _name)(lambda folder, text=_text: _catalogue(folder, text))
case("catalogue", "formula cells -> csv")(
    lambda folder: _catalogue(folder, CATALOGUES["formula and ESC cells"], ["--format", "csv"])
)
case("catalogue", "YAML catalogue")(
    lambda folder: [
        "norms",
        _write(folder, "doc.txt", GOOD_RESOLUTION),
        "--catalogue",
        _write(folder, "cat.yaml", "- norm_id: n1\n  text: x\n"),
    ]
)

VOTES_HEADER = "resolution,date,state,iso3,vote\n"
VOTES = {
    "900 KB state name": VOTES_HEADER + "A/RES/73/27,2018-12-05," + "X" * 900_000 + ",,Y\n",
    "ESC in state name": VOTES_HEADER
    + "A/RES/73/27,2018-12-05,FRANCE\x1b]52;c;aGk=\x07\x9b2J,,Y\n",
    "40k rows of one state": VOTES_HEADER
    + "".join(f"A/RES/{i % 80}/{i},2018-12-05,FRANCE,FRA,Y\n" for i in range(40_000)),
    "unclosed quote": VOTES_HEADER + 'A/RES/73/27,2018-12-05,"FRANCE' + ",Y" * 300_000 + "\n",
    "10k columns": VOTES_HEADER.strip()
    + "".join(f",c{i}" for i in range(10_000))
    + "\nA/RES/73/27,2018-12-05,FRANCE,FRA,Y"
    + "," * 10_000
    + "\n",
    "900 KB resolution": VOTES_HEADER + "A/RES/" + "7" * 900_000 + ",2018-12-05,FRANCE,FRA,Y\n",
}
for _name, _text in VOTES.items():
    case("votes", _name)(
        lambda folder, text=_text: [
            "votes",
            "tally",
            "73/27",
            "--votes",
            _write(folder, "votes.csv", text),
        ]
    )
_RECORD = (
    "United Nations A/79/PV.99\n\nGeneral Assembly Seventy-ninth session 99th plenary meeting\n\n"
    "A recorded vote was taken.\n\nIn favour:\n\n{}\n\nAgainst:\n\nNone\n\nAbstaining:\n\nNone\n\n"
    "Draft resolution was adopted by {} votes to none (resolution 79/284).\n"
)
case("votes", "record: 60k names in favour")(
    _ingest("record.txt", _RECORD.format(", ".join(["France"] * 60_000), 60_000), "votes record")
)
case("votes", "record: 3k votes")(
    _ingest("record.txt", _RECORD.format("France, Chile", 2) * 3_000, "votes record")
)


# ---------------------------------------------------------------- store faults
def _store(
    folder: Path, base: Path, change: Callable[[sqlite3.Connection], None] | None = None
) -> Path:
    db = folder / "corpus.db"
    db.write_bytes(base.read_bytes())
    if change is not None:
        conn = sqlite3.connect(db)
        change(conn)
        conn.commit()
        conn.close()
    return db


def store_cases(base: Path) -> list[Case]:
    """Cases reading a copy of ``base`` (a store built from one good text), each altered."""

    def run(
        name: str,
        args: list[str],
        change: Callable[[sqlite3.Connection], None] | None = None,
        raw: bytes | None = None,
        wal: bytes | None = None,
    ) -> Case:
        def make(folder: Path) -> list[str]:
            db = _store(folder, base, change)
            if raw is not None:
                db.write_bytes(raw)
            if wal is not None:
                (folder / "corpus.db-wal").write_bytes(wal)
            _write(folder, "root/new.txt", GOOD_RESOLUTION.replace("80/99", "80/98"))
            return [a.replace("DB", str(db)).replace("ROOT", str(folder / "root")) for a in args]

        return Case("store", name, make)

    deep = "[" * 100_000 + "]" * 100_000
    forever = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    )
    return [
        run(
            "text file as store: search",
            ["corpus", "search", "cyber", "--db", "DB"],
            raw=b"not sqlite\n" * 100,
        ),
        run(
            "empty file as store: lineage",
            ["corpus", "lineage", "A/RES/80/99", "--db", "DB"],
            raw=b"",
        ),
        run(
            "deep JSON in sponsors: lineage",
            ["corpus", "lineage", "A/RES/80/99", "--db", "DB"],
            lambda c: c.execute("UPDATE documents SET sponsors = ?", (deep,)),
        ),
        run(
            "deep JSON in footnotes: diff --db",
            ["diff", "A/RES/80/99", "A/RES/80/99", "--db", "DB"],
            lambda c: c.execute("UPDATE paragraphs SET footnotes = ?", (deep,)),
        ),
        run(
            "not JSON in agenda_items: lineage",
            ["corpus", "lineage", "A/RES/80/99", "--db", "DB"],
            lambda c: c.execute("UPDATE documents SET agenda_items = '{not json'"),
        ),
        run(
            "schema_version 'abc': search",
            ["corpus", "search", "cyber", "--db", "DB"],
            lambda c: c.execute("UPDATE meta SET value = 'abc' WHERE key = 'schema_version'"),
        ),
        run(
            "meta table dropped: export",
            ["corpus", "export", "--db", "DB", "--format", "csv", "-o", "out"],
            lambda c: c.execute("DROP TABLE meta"),
        ),
        run(
            "paragraphs_fts dropped: search",
            ["corpus", "search", "cyber", "--db", "DB"],
            lambda c: c.execute("DROP TABLE paragraphs_fts"),
        ),
        run(
            "endless trigger: build",
            ["corpus", "build", "ROOT", "--db", "DB"],
            lambda c: c.execute(
                f"CREATE TRIGGER evil AFTER INSERT ON documents BEGIN SELECT ({forever}); END"
            ),
        ),
        run(
            "endless view: serve-free export",
            ["corpus", "export", "--db", "DB", "--format", "csv", "-o", "out"],
            lambda c: c.execute(f"CREATE VIEW evil AS {forever}"),
        ),
        run(
            "garbage -wal file: search",
            ["corpus", "search", "cyber", "--db", "DB"],
            wal=bytes(random.Random(1).randrange(256) for _ in range(100_000)),
        ),
        run(
            "text as session: lineage",
            ["corpus", "lineage", "A/RES/80/99", "--db", "DB"],
            lambda c: c.execute("UPDATE documents SET session = 'x', pages = 'y'"),
        ),
    ]


# ---------------------------------------------------------------- paths, outputs, writers
def _root(folder: Path, files: dict[str, bytes]) -> list[str]:
    for name, data in files.items():
        path = folder / "root" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return ["corpus", "build", "root", "--db", "corpus.db"]


def _deep_root(folder: Path, levels: int) -> list[str]:
    """A file under ``levels`` folders of 200 characters: its path is past PATH_MAX."""
    import os

    fd = os.open(folder, os.O_RDONLY)
    os.mkdir("root", dir_fd=fd)
    for name in ["root"] + ["d" * 200] * levels:
        if name != "root":
            os.mkdir(name, dir_fd=fd)
        inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY, dir_fd=fd)
        os.close(fd)
        fd = inner
    out = os.open("a.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd)
    os.write(out, GOOD_RESOLUTION.encode())
    os.close(out)
    os.close(fd)
    return ["corpus", "build", "root", "--db", "corpus.db"]


def _fifo(folder: Path) -> list[str]:
    import os

    os.mkfifo(folder / "out.json")
    return ["ingest", _write(folder, "a.txt", GOOD_RESOLUTION), "-o", "out.json"]


# Enough good text around four control characters that the damage check (2%) lets it pass.
PADDING = "".join(
    f"{i}. Calls upon Member States to promote an open ICT environment.\n\n" for i in range(3, 40)
)
CONTROL = (
    PADDING + "2. Notes \x1b]52;c;ZWNobyBoaQ==\x07 and \x9b31m red \x1b[2J and \u202egnp.exe\n"
)
PATHS: list[tuple[str, Make]] = [
    (
        "NEL and bidi in names: build",
        lambda f: _root(f, {"a\u0085error: forged.txt": b"x", "\u202etxt.exe": b"\xff"}),
    ),
    (
        "CR and ESC in a name: ingest",
        lambda f: ["ingest", _write(f, "a\r\x1b[2Kerror: forged.txt", b"")],
    ),
    ("path over 4 KB deep: build", lambda f: _deep_root(f, 25)),
    ("3,000 empty files: build", lambda f: _root(f, {f"e{i}.txt": b"" for i in range(3_000)})),
    ("-o to a FIFO: ingest", _fifo),
    (
        "-o to a folder: ingest",
        lambda f: ["ingest", _write(f, "a.txt", GOOD_RESOLUTION), "-o", "."],
    ),
    (
        "-o with a missing folder: diff",
        lambda f: ["diff", _write(f, "a.txt", GOOD_RESOLUTION), "a.txt", "-o", "no/such/d.json"],
    ),
    (
        "controls in text: ingest --format text",
        lambda f: ["ingest", _write(f, "a.txt", GOOD_RESOLUTION + CONTROL), "--format", "text"],
    ),
    (
        "controls in text: diff --format md",
        lambda f: [
            "diff",
            _write(f, "a.txt", GOOD_RESOLUTION),
            _write(f, "b.txt", GOOD_RESOLUTION + CONTROL),
            "--format",
            "md",
        ],
    ),
    (
        "controls in text: overlap",
        lambda f: [
            "overlap",
            _write(f, "a.txt", GOOD_RESOLUTION + CONTROL),
            _write(f, "b.txt", GOOD_RESOLUTION + CONTROL),
        ],
    ),
    (
        "controls in text: positions",
        lambda f: [
            "positions",
            _write(f, "a.txt", "France supports \x1b]52;c;aGk=\x07 the =cmd|x proposal.\n"),
        ],
    ),
    (
        "controls in names: sponsors compare",
        lambda f: (
            _pair(
                f,
                _SPONSORS.format("France, \x1b]52;c;aGk=\x07=cmd|x"),
                _SPONSORS.format("Chile, @SUM(1)"),
                "sponsors compare",
            )
            + ["--format", "csv"]
        ),
    ),
]
for _name, _make in PATHS:
    case("paths/writers", _name)(_make)


# ================================================================ round 4
# Inputs none of the three rounds above tried (`bench/hostile_round.py --round 4`).
ROUND = 4
import hostile_round4_pdfs as pdf4  # noqa: E402

# ---------------------------------------------------------------- front matter (4)
FRONT_MATTER_4 = {
    "anchor on a key": "&k symbol: A/RES/1/1\n*k : again",
    "BOM inside front matter": "symbol: A/RES/1/1\n\ufefftitle: Cyber",
    "10,000 short keys": "\n".join(f"k{i}: v" for i in range(10_000))[:64_000],
    "duplicate mapping keys x2": "title: a\ntitle: b\ntitle: {x: y}",
    "date year 99999": "date: 99999-12-31",
    "date year 0000": "date: 0000-01-01",
    "language of 30k chars": "language: " + "en" * 15_000,
    "language RTL override": "language: \u202een",
    "symbol with ../ and slashes": "symbol: ../../../../etc/passwd",
    "symbol of 4,000 chars": "symbol: A/RES/" + "7" * 4_000 + "/1",
    "title of 60k chars": "title: " + "Cyber " * 10_000,
    "tab-indented mapping": "title:\n\tx: y",
    "unacceptable character": "title: a\x1b[2Jb",
    "flow mapping 30k deep": "x: " + "{a: " * 30_000 + "b" + "}" * 30_000,
    "sponsors list of 20k": "sponsors: [" + ", ".join(["France"] * 20_000) + "]",
}
for _name, _yaml in FRONT_MATTER_4.items():
    case("front matter", _name)(_ingest("fm.txt", _fm(_yaml)))
case("front matter", "latin-1 front matter")(
    _ingest("fm.txt", _fm("title: Résolution sur la cybersécurité").encode("latin-1"))
)
case("front matter", "CR-only front matter")(
    _ingest("fm.txt", _fm("symbol: A/RES/80/1\ntitle: Cyber").replace("\n", "\r"))
)
case("front matter", "UTF-16 front matter")(
    _ingest("fm.txt", _fm("symbol: A/RES/80/1\ntitle: Cyber").encode("utf-16"))
)
case("front matter", "UTF-16-BE, no BOM")(
    _ingest("fm.txt", _fm("symbol: A/RES/80/1\ntitle: Cyber").encode("utf-16-be"))
)
case("front matter", "UTF-32 with BOM")(_ingest("fm.txt", GOOD_RESOLUTION.encode("utf-32")))
case("front matter", "only front matter, no body")(
    _ingest("fm.txt", "---\nsymbol: A/RES/1/1\n---\n")
)
case("front matter", "symbol ../ in diff-folder")(
    lambda folder: [
        "diff-folder",
        _write(folder, "in/draft.txt", _fm("symbol: ../../x/L.1\nkind: draft")) and "in",
        "-o",
        "out",
    ]
)
case("front matter", "4,000-char symbols in diff-folder")(
    lambda folder: [
        "diff-folder",
        _write(
            folder,
            "in/a.txt",
            _fm("symbol: A/C.1/80/L." + "9" * 4_000) + "\n\nDraft resolution\n",
        )
        and _write(folder, "in/b.txt", _fm("symbol: A/RES/80/" + "9" * 4_000))
        and "in",
        "-o",
        "out",
    ]
)


# ---------------------------------------------------------------- PDFs (4)
PDFS_4: dict[str, Callable[[], bytes]] = {
    "1,000 incremental updates": lambda: pdf4.incremental(1_000),
    "/Prev loop of 1,000 sections": lambda: pdf4.incremental(1_000, loop=True),
    "object streams /Extends loop x2000": lambda: pdf4.objstm_extends_loop(2_000),
    "/Length 10^12": lambda: pdf4.length_lies(b"1000000000000"),
    "/Length -5": lambda: pdf4.length_lies(b"-5"),
    "/Length a reference loop": lambda: pdf4.length_lies(b"6 0 R"),
    "/Encrypt V5 garbage": lambda: pdf4.broken_encrypt(
        b"<< /Filter /Standard /V 5 /R 6 /Length 256 /O <00> /U <00> /OE <00> /UE <00> "
        b"/Perms <00> /P -1 >>"
    ),
    "/Encrypt unknown handler": lambda: pdf4.broken_encrypt(b"<< /Filter /Evil /V 99 >>"),
    "/Encrypt RC4 R 2^31": lambda: pdf4.broken_encrypt(
        b"<< /Filter /Standard /V 2 /R 2147483647 /Length 999999 /O (x) /U (y) /P 0 >>"
    ),
    "font of 65,000 widths": lambda: pdf4.wide_font(65_000),
    "font LastChar 2^31": lambda: pdf4.wide_font(10, last=2**31 - 1),
    "/Rotate 45 and huge box": lambda: pdf4.page_box(b"[0 0 1e30 1e30]", b"45"),
    "/Rotate -2^31": lambda: pdf4.page_box(b"[0 0 612 792]", b"-2147483648"),
    "MediaBox of zero area": lambda: pdf4.page_box(b"[0 0 0 0]"),
    "MediaBox inverted, NaN-ish": lambda: pdf4.page_box(b"[612 792 0 -1e400]"),
    "/UserUnit 75000": lambda: pdf4.page_box(BOX_PDF, user_unit=b"75000"),
    "JBIG2 garbage 60000 x 60000": lambda: pdf4.image(
        b"/JBIG2Decode",
        bytes(random.Random(1).randrange(256) for _ in range(50_000)),
        60_000,
        60_000,
    ),
    "CCITT of 65000 x 65000": lambda: pdf4.image(
        b"/CCITTFaxDecode",
        b"\x00" * 20_000,
        65_000,
        65_000,
        b"/DecodeParms << /K -1 /Columns 65000 /Rows 65000 >>",
    ),
    "DCT image claiming 65535^2": lambda: pdf4.image(
        b"/DCTDecode",
        b"\xff\xd8\xff\xc0\x00\x11\x08\xff\xff\xff\xff\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
        + b"\x00" * 10_000,
        65_535,
        65_535,
    ),
    "20,000 annotations": lambda: pdf4.annotations(20_000),
    "outline /Next loop of 5,000": lambda: pdf4.outline_loop(5_000),
    "10,000 scattered text objects": lambda: pdf4.scattered_text(10_000),
    "3,000 scattered words": lambda: pdf4.scattered_text(3_000, word=b"Decides"),
    "text at font size 0": lambda: pdf4.text_matrix(b"1 0 0 1 72 600", b"0"),
    "text matrix of zeros": lambda: pdf4.text_matrix(b"0 0 0 0 72 600"),
    "text matrix 1e38": lambda: pdf4.text_matrix(b"1e38 0 0 1e38 1e38 1e38"),
    "text matrix -1 (mirrored)": lambda: pdf4.text_matrix(b"-1 0 0 -1 500 600"),
    "text rotated 90": lambda: pdf4.text_matrix(b"0 1 -1 0 300 100"),
    "page tree 3,000 deep": lambda: pdf4.page_tree_depth(3_000),
    "/Info title with ESC, 60 KB": lambda: pdf4.info_title(b"\x1b]52;c;aGk=\x07" + b"T" * 60_000),
}
BOX_PDF = b"[0 0 612 792]"
for _name, _make in PDFS_4.items():
    case("pdf", _name)(lambda folder, make=_make: ["ingest", _write(folder, "case.pdf", make())])
for _name in ("10,000 scattered text objects", "text at font size 0", "/Length 10^12"):
    case("pdf", f"extract: {_name}")(
        lambda folder, make=PDFS_4[_name]: ["extract", _write(folder, "case.pdf", make())]
    )


# ---------------------------------------------------------------- AKN XML (4)
def _deep(tag: str, depth: int) -> str:
    return f"<{tag}>" * depth + "x" + f"</{tag}>" * depth


XML_4: dict[str, Callable[[], str | bytes]] = {
    "1,000,000 nested elements": lambda: _akn(
        '<paragraph eId="p"><num>1.</num><content><p>'
        + _deep("i", 1_000_000)
        + "</p></content></paragraph>"
    ),
    "100,000 nested, outside the body": lambda: _akn(_para(1), _deep("x", 100_000)),
    "namespace flood 20k on one element": lambda: _akn(_para(1)).replace(
        "<mainBody>", "<mainBody " + " ".join(f'xmlns:n{i}="urn:{i}"' for i in range(20_000)) + ">"
    ),
    "a namespace per element x30k": lambda: _akn(
        "".join(
            f'<n{i}:paragraph xmlns:n{i}="{AKN}" eId="p{i}"><n{i}:num>{i}.</n{i}:num>'
            f"<n{i}:content><n{i}:p>Decides.</n{i}:p></n{i}:content></n{i}:paragraph>"
            for i in range(30_000)
        )
    ),
    "xml:lang mix per paragraph": lambda: _akn(
        "".join(
            _para(i, "Décide de rester saisi." if i % 2 else "يقرر أن يبقي المسألة").replace(
                "<paragraph ", f'<paragraph xml:lang="{("fr", "ar", "zh", "xx")[i % 4]}" '
            )
            for i in range(1, 2_000)
        )
    ),
    "900 KB CDATA": lambda: _akn(_para(1, "<![CDATA[" + "Decides " * 110_000 + "]]>")),
    "100k comments": lambda: _akn(_para(1, "Decides" + "<!-- c -->" * 100_000)),
    "100k <br/> in one p": lambda: _akn(_para(1, "Decides" + "<br/>" * 100_000)),
    "100k eIds in one num": lambda: _akn(
        '<paragraph eId="p"><num>'
        + "<span>1</span>" * 60_000
        + "</num><content><p>Decides.</p></content></paragraph>"
    ),
    "encoding UTF-7": lambda: _akn(_para(1)).replace('encoding="UTF-8"', 'encoding="UTF-7"'),
    "encoding cp037 (EBCDIC)": lambda: (
        _akn(_para(1)).replace('encoding="UTF-8"', 'encoding="cp037"').encode("cp037")
    ),
    "XInclude of /etc/passwd": lambda: _akn(
        _para(
            1,
            '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" '
            'parse="text"/>',
        )
    ),
    "5k FRBRdate elements": lambda: _akn(
        _para(1),
        '<identification source="#x"><FRBRWork>'
        + "".join(f'<FRBRdate date="{1000 + i}-13-45" name="adoption"/>' for i in range(5_000))
        + "</FRBRWork></identification>",
    ),
    "date attribute of 1 MB": lambda: _akn(
        _para(1),
        '<identification source="#x"><FRBRWork><FRBRdate date="2020-'
        + "1" * 1_000_000
        + '-01" name="adoption"/></FRBRWork></identification>',
    ),
    "3k annexes": lambda: _akn(_para(1)).replace(
        "</statement>",
        "".join(
            f'<attachments><attachment><doc name="annex"><mainBody>{_para(i)}</mainBody></doc>'
            "</attachment></attachments>"
            for i in range(3_000)
        )
        + "</statement>",
    ),
}
for _name, _make in XML_4.items():
    case("akn", _name)(lambda folder, make=_make: ["ingest", _write(folder, "case.xml", make())])
case("akn", "languages: 6 hostile versions")(
    lambda folder: [
        "languages",
        *(
            _write(folder, f"v.{lang}.xml", XML_4[name]())
            for lang, name in (
                ("en", "xml:lang mix per paragraph"),
                ("fr", "a namespace per element x30k"),
                ("ar", "100k <br/> in one p"),
            )
        ),
    ]
)
case("akn", "sponsors map: 5k bidi sponsors in AKN")(
    lambda folder: [
        "sponsors",
        "map",
        _write(
            folder,
            "case.xml",
            _akn(
                _para(1),
                '<references source="#x">'
                + "".join(
                    f'<TLCOrganization eId="s{i}" href="/x" showAs="\u202eState {i}\u200f"/>'
                    for i in range(5_000)
                )
                + "</references>",
            ),
        ),
        "-o",
        "map.html",
    ]
)


# ---------------------------------------------------------------- plain text (4)
TEXTS_4: dict[str, Callable[[], str | bytes]] = {
    "'A/RES/' x 100,000": lambda: "1. Recalls " + "A/RES/" * 100_000 + "\n",
    "'1.' x 100,000 on one line": lambda: "1. " * 100_000 + "\n",
    "'(a)' x 300,000 on one line": lambda: "(a)" * 300_000 + "\n",
    "'A/C.1/' chain": lambda: "1. Recalls A/" + "C.1/" * 200_000 + "L.1\n",
    "5,000-digit paragraph number": lambda: (
        "The General Assembly,\n\n" + "9" * 5_000 + ". Decides.\n"
    ),
    "5,000-digit resolution symbol": lambda: (
        "1. Recalls its resolution " + "7" * 5_000 + "/27 and A/RES/73/" + "9" * 5_000 + "\n"
    ),
    "5,000-digit year and session": lambda: (
        "1. Decides to include in the provisional agenda of its "
        + "9" * 5_000
        + "th session, on 5 December "
        + "2" * 5_000
        + ", an item.\n"
    ),
    "mixed bidi controls": lambda: "".join(
        f"{i}. \u202bDecides\u202c \u2067to\u2069 \u202eremain\u202c seized \u200f.\n\n"
        for i in range(20_000)
    ),
    "zero-width joiners 400k": lambda: "1. Decides " + "\u200d" * 400_000 + " to act.\n",
    "combining flood per letter": lambda: (
        "1. " + "".join(c + "\u0301\u0302\u0303" for c in "Decides to act " * 15_000) + "\n"
    ),
    "escaped surrogates as text": lambda: "1. Decides " + "\\ud800\\udc00" * 60_000 + "\n",
    "superscript footnote marks 100k": lambda: "1. Decides" + "¹²³⁴" * 100_000 + ".\n",
    "'1/' footnote marks 100k": lambda: "1. Decides " + "1/ " * 100_000 + "\n",
    "'*' x 300,000": lambda: "1. Decides*" + "*" * 300_000 + "\n",
    "50k 'Annex' lines": lambda: "The General Assembly,\n\n1. Decides.\n\n" + "Annex\n\n" * 50_000,
    "Roman numeral of 100k M": lambda: "Annex " + "M" * 100_000 + "\n\n1. Decides.\n",
    "'(aaaa...a)' of 200k": lambda: "1. Decides (" + "a" * 200_000 + ") to act.\n",
    "50k agenda item lines": lambda: "".join(f"Agenda item {i} (a)\n" for i in range(50_000)),
    "50k 'Distr.: General' lines": lambda: "Distr.: General\n" * 50_000,
    "'|' table of 300k cells": lambda: "| " + " | ".join(["Decides"] * 100_000) + " |\n",
    "tabs 500k": lambda: "1. Decides\t" + "\t" * 500_000 + "to act.\n",
    "100k dates without year": lambda: "1. Decides on " + ", ".join(["5 December"] * 60_000) + "\n",
    "'paragraph 1 (a) of resolution' x 20k": lambda: (
        "1. Recalls " + " and ".join(["paragraph 1 (a) (i) of resolution 73/27"] * 20_000) + "\n"
    ),
    "'Decides' x 100k one paragraph": lambda: "1. " + " ".join(["Decides,"] * 100_000) + "\n",
    "blank lines of spaces 500k": lambda: "1. Decides.\n" + " \n" * 400_000 + "2. Ends.\n",
    "Markdown headings 50k": lambda: "".join(f"# Part {i}\n\n" for i in range(50_000)),
    "Arabic-Indic digits numbered": lambda: "".join(
        f"{str(i).translate(str.maketrans('0123456789', '٠١٢٣٤٥٦٧٨٩'))}. يقرر.\n\n"
        for i in range(1, 30_000)
    ),
    "fullwidth numbering 30k": lambda: "".join(f"{i}．Decides．\n\n" for i in range(1, 30_000)),
    "one line of 900 KB dots and digits": lambda: "1" + ".1" * 450_000 + "\n",
}
for _name, _make in TEXTS_4.items():
    case("text", _name)(lambda folder, make=_make: ["ingest", _write(folder, "case.txt", make())])
for _name in (
    "'A/RES/' x 100,000",
    "5,000-digit resolution symbol",
    "5,000-digit year and session",
    "'paragraph 1 (a) of resolution' x 20k",
    "'Decides' x 100k one paragraph",
    "'A/C.1/' chain",
    "100k dates without year",
    "mixed bidi controls",
):
    case("extract", _name)(
        lambda folder, make=TEXTS_4[_name]: ["extract", _write(folder, "case.txt", make())]
    )


# ---------------------------------------------------------------- other commands (4)
_HOSTILE_PARAGRAPH = (
    "1. Decides " + "\u202e\u200d\x0b\x0c" * 2_000 + " =SUM(A1) \ufffe\uffff end.\n"
)
_LONG_PARAGRAPH = "1. Decides " + "cyber " * 160_000 + "\n"
for _fmt in ("html", "md", "xlsx", "csv"):
    case("writers", f"diff --format {_fmt}: controls, non-characters")(
        lambda folder, fmt=_fmt: (
            _pair(folder, GOOD_RESOLUTION, GOOD_RESOLUTION + "\n" + _HOSTILE_PARAGRAPH, "diff")
            + ["--format", fmt, "-o", f"out.{fmt}"]
        )
    )
    case("writers", f"diff --format {_fmt}: 1 MB paragraph")(
        lambda folder, fmt=_fmt: (
            _pair(folder, GOOD_RESOLUTION, _LONG_PARAGRAPH, "diff")
            + ["--format", fmt, "-o", f"out.{fmt}"]
        )
    )
case("writers", "overlap --format xlsx: controls")(
    lambda folder: (
        _pair(folder, GOOD_RESOLUTION + _HOSTILE_PARAGRAPH, _HOSTILE_PARAGRAPH, "overlap")
        + ["--format", "xlsx", "-o", "o.xlsx"]
    )
)
case("writers", "overlap --format html: 1 MB paragraph")(
    lambda folder: (
        _pair(folder, _LONG_PARAGRAPH, _LONG_PARAGRAPH, "overlap")
        + ["--format", "html", "-o", "o.html"]
    )
)
case("writers", "ingest --format text: non-characters")(
    _ingest("case.txt", GOOD_RESOLUTION + "\n" + _HOSTILE_PARAGRAPH, "ingest --format text")
)

_NORMS = HEADER + "".join(
    f"n{i},States should cooperate on measure {i} to prevent harmful ICT practices\n"
    for i in range(5_000)
)
for _fmt in ("png", "svg", "xlsx", "html", "md"):
    case("catalogue", f"5k norms x 2 docs -> {_fmt}")(
        lambda folder, fmt=_fmt: [
            "norms",
            _write(folder, "a.txt", GOOD_RESOLUTION),
            _write(folder, "b.txt", GOOD_RESOLUTION.replace("80/99", "80/98")),
            "--catalogue",
            _write(folder, "cat.csv", _NORMS),
            "-o",
            f"grid.{fmt}",
        ]
    )
CATALOGUES_4 = {
    "UTF-16 catalogue": (HEADER + "n1,States should cooperate\n").encode("utf-16"),
    "latin-1 catalogue": (HEADER + "n1,États should coopérer\n").encode("latin-1"),
    "NUL in a catalogue": (HEADER + "n1,States\x00 should cooperate\n").encode(),
    "CR-only catalogue": (HEADER + "n1,States should cooperate\nn2,Other\n")
    .replace("\n", "\r")
    .encode(),
    "empty texts x 20k": (HEADER + "".join(f"n{i},\n" for i in range(20_000))).encode(),
    "one id 20k times": (HEADER + "n1,States should cooperate\n" * 20_000).encode(),
    "header only": HEADER.encode(),
    "no header, 1 MB one line": ("x" * 1_000_000).encode(),
}
for _name, _data in CATALOGUES_4.items():
    case("catalogue", _name)(
        lambda folder, data=_data: [
            "norms",
            _write(folder, "doc.txt", GOOD_RESOLUTION),
            "--catalogue",
            _write(folder, "cat.csv", data),
        ]
    )
case("catalogue", "JSON catalogue nested 100k")(
    lambda folder: [
        "norms",
        _write(folder, "doc.txt", GOOD_RESOLUTION),
        "--catalogue",
        _write(folder, "cat.json", "[" * 100_000 + "]" * 100_000),
    ]
)
case("catalogue", "YAML catalogue alias bomb")(
    lambda folder: [
        "norms",
        _write(folder, "doc.txt", GOOD_RESOLUTION),
        "--catalogue",
        _write(folder, "cat.yaml", ALIAS_BOMB_YAML),
    ]
)
ALIAS_BOMB_YAML = (
    "a: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(
        f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
        for prev, name in zip("abcdef", "bcdefg", strict=True)
    )
    + "h: [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
)

VOTES_4 = {
    "UTF-16 votes": (VOTES_HEADER + "A/RES/73/27,2018-12-05,FRANCE,FRA,Y\n").encode("utf-16"),
    "latin-1 names": (VOTES_HEADER + "A/RES/73/27,2018-12-05,CÔTE D'IVOIRE,CIV,Y\n").encode(
        "latin-1"
    ),
    "NUL in a row": (VOTES_HEADER + "A/RES/73/27,2018-12-05,FRA\x00NCE,FRA,Y\n").encode(),
    "CR-only rows": (VOTES_HEADER + "A/RES/73/27,2018-12-05,FRANCE,FRA,Y\n")
    .replace("\n", "\r")
    .encode(),
    "BOM twice": ("\ufeff\ufeff" + VOTES_HEADER + "A/RES/73/27,2018-12-05,FRANCE,FRA,Y\n").encode(),
    "vote values odd": (
        VOTES_HEADER
        + "".join(
            f"A/RES/73/27,2018-12-05,S{i},X{i:02d},{v}\n"
            for i, v in enumerate(
                ["yes", "Y\u200b", "", "\x1b[2J", "=1+1", "N" * 10_000, "A", "Y"] * 500
            )
        )
    ).encode(),
    "one state voting 50k times": (
        VOTES_HEADER
        + "A/RES/73/27,2018-12-05,FRANCE,FRA,Y\n" * 25_000
        + "A/RES/73/27,2018-12-05,FRANCE,FRA,N\n" * 25_000
    ).encode(),
    "date 99999-99-99": (VOTES_HEADER + "A/RES/73/27,99999-99-99,FRANCE,FRA,Y\n").encode(),
    "header only": VOTES_HEADER.encode(),
    "columns named twice": (
        b"resolution,resolution,date,state,iso3,vote,vote\nA/RES/73/27,x,2018-12-05,FRANCE,FRA,Y,N\n"
    ),
}
for _name, _data in VOTES_4.items():
    for _command in ("votes tally 73/27", "votes compare 73/27 73/27"):
        case("votes", f"{_command.split()[1]}: {_name}")(
            lambda folder, data=_data, command=_command: [
                *command.split(),
                "--votes",
                _write(folder, "votes.csv", data),
            ]
        )
    case("votes", f"map: {_name}")(
        lambda folder, data=_data: [
            "votes",
            "map",
            "73/27",
            "--votes",
            _write(folder, "votes.csv", data),
            "-o",
            "m.svg",
        ]
    )
case("votes", "tally --format png of 2,000 resolutions")(
    lambda folder: [
        "votes",
        "tally",
        *(f"73/{i}" for i in range(1, 2_001)),
        "--votes",
        _write(
            folder,
            "votes.csv",
            VOTES_HEADER
            + "".join(f"A/RES/73/{i},2018-12-05,FRANCE,FRA,Y\n" for i in range(1, 2_001)),
        ),
        "-o",
        "t.png",
    ]
)
case("votes", "record: names with bidi and ESC")(
    _ingest(
        "record.txt",
        _RECORD.format(", ".join(["\u202eecnarF\u202c", "Chile\x1b]52;c;aGk=\x07"] * 100), 200),
        "votes record",
    )
)
case("votes", "record: 2,000 vote announcements")(
    _ingest(
        "record.txt",
        _PV
        + "".join(
            f"Draft resolution {i} was adopted by {i} votes to {i} (resolution 79/{i}).\n\n"
            for i in range(2_000)
        ),
        "votes record",
    )
)
case("sponsors", "map: draft of 30k sponsor names")(
    lambda folder: [
        "sponsors",
        "map",
        _write(folder, "d.txt", _SPONSORS.format(", ".join(["France", "Chile"] * 15_000))),
        "-o",
        "m.svg",
    ]
)
case("sponsors", "map: --main of 10 KB")(
    lambda folder: [
        "sponsors",
        "map",
        _write(folder, "d.txt", _SPONSORS.format("France, Chile")),
        "--main",
        "France" * 2_000,
        "-o",
        "m.svg",
    ]
)
case("repetition", "diff-folder: 300 drafts, 300 resolutions")(
    lambda folder: [
        "diff-folder",
        [
            _write(folder, f"in/d{i}.txt", _fm(f"symbol: A/C.1/80/L.{i}\nkind: draft"))
            and _write(folder, f"in/r{i}.txt", _fm(f"symbol: A/RES/80/{i}"))
            for i in range(300)
        ]
        and "in",
        "-o",
        "out",
    ]
)
case("repetition", "positions: 20k states one paragraph")(
    _ingest(
        "p.txt",
        "1. " + ", ".join(["France", "Chile", "Russian Federation"] * 7_000) + " support it.\n",
        "positions",
    )
)


# ---------------------------------------------------------------- the store (4)
def store_cases_4(base: Path) -> list[Case]:
    """Round 4: queries and names a user types against a copy of ``base``, and odd rows."""

    def run(
        name: str, args: list[str], change: Callable[[sqlite3.Connection], None] | None = None
    ) -> Case:
        def make(folder: Path) -> list[str]:
            db = _store(folder, base, change)
            _write(folder, "root/new.txt", GOOD_RESOLUTION.replace("80/99", "80/98"))
            return [a.replace("DB", str(db)).replace("ROOT", str(folder / "root")) for a in args]

        return Case("store", name, make, 4)

    search = ["corpus", "search"]
    return [
        *(
            run(f"search {query!r}", [*search, query, "--db", "DB"])
            for query in ('"', "NEAR(", "*", "a OR", "^x", "x:y", "'", "(((", "\x1b[2J", "\u202e")
        ),
        run(
            "search --fts 'a* b* c*' ...",
            [*search, "a* b* c* d* e* f* g* h*", "--fts", "--db", "DB"],
        ),
        run("search of 1,000 chars one word", [*search, "x" * 1_000, "--db", "DB"]),
        run("lineage '%'", ["corpus", "lineage", "%", "--db", "DB"]),
        run("lineage '_/_/_'", ["corpus", "lineage", "_/_/_", "--db", "DB"]),
        run(
            "lineage of 100 KB symbol",
            ["corpus", "lineage", "A/RES/" + "9" * 100_000, "--db", "DB"],
        ),
        run(
            "export into a file",
            ["corpus", "export", "--db", "DB", "--format", "csv", "-o", "DB"],
        ),
        run(
            "paragraph text 5 MB: search",
            [*search, "cyber", "--db", "DB"],
            lambda c: c.execute("UPDATE paragraphs SET text = text || printf('%.5000000c', 'x')"),
        ),
        run(
            "ESC in a stored title: search",
            [*search, "Decides", "--db", "DB"],
            lambda c: c.execute(
                "UPDATE documents SET title = 'x' || char(27) || ']52;c;aGk=' || char(7)"
            ),
        ),
        run(
            "ESC in a stored symbol: lineage",
            ["corpus", "lineage", "A/RES/80/99", "--db", "DB"],
            lambda c: c.execute(
                "UPDATE paragraphs SET text = 'x' || char(27) || '[2J' || char(155)"
            ),
        ),
        run(
            "date of 'abc' and 10^30: search",
            [*search, "Decides", "--db", "DB"],
            lambda c: c.execute(
                "UPDATE documents SET adoption_date = 'abc', date = '1e30', sort_date = 'x'"
            ),
        ),
        run(
            "10,000 copies of a document row: lineage",
            ["corpus", "lineage", "A/RES/80/99", "--db", "DB"],
            _copy_paragraphs,
        ),
    ]


def _copy_paragraphs(conn: sqlite3.Connection) -> None:
    """Every paragraph 2,000 times more (new numbers), as a merged store might hold."""
    columns = [row[1] for row in conn.execute("PRAGMA table_info(paragraphs)")]
    rest = [c for c in columns if c not in ("pid", "idx")]
    names = ", ".join(rest)
    for copy in range(1, 2_001):
        conn.execute(
            f"INSERT INTO paragraphs ({names}, idx) SELECT {names}, idx + ? FROM paragraphs"
            " WHERE idx < 1000",
            (copy * 1000,),
        )


# ---------------------------------------------------------------- fetch (4)
def _serve(reply: Callable[[object], None]) -> int:
    """A local HTTP server answering every GET with ``reply(handler)``; its port."""
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:  # noqa: N802
            try:
                reply(self)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return int(server.server_address[1])


def _raw(data: bytes) -> Callable[[object], None]:
    def reply(handler: object) -> None:
        handler.wfile.write(data)  # type: ignore[attr-defined]
        handler.close_connection = True  # type: ignore[attr-defined]

    return reply


def _redirect_loop(handler: object) -> None:
    handler.send_response(302)  # type: ignore[attr-defined]
    handler.send_header("Location", handler.path + "x")  # type: ignore[attr-defined]
    handler.send_header("Content-Length", "0")  # type: ignore[attr-defined]
    handler.end_headers()  # type: ignore[attr-defined]


def _endless_chunks(handler: object) -> None:
    handler.send_response(200)  # type: ignore[attr-defined]
    handler.send_header("Transfer-Encoding", "chunked")  # type: ignore[attr-defined]
    handler.end_headers()  # type: ignore[attr-defined]
    chunk = b"%x\r\n%s\r\n" % (2**16, b"%" * 2**16)
    while True:
        handler.wfile.write(chunk)  # type: ignore[attr-defined]


@functools.cache
def _gzip_body() -> bytes:
    """200 MiB of zeros gzipped (made once: compressing takes seconds of the bench's time)."""
    import gzip

    return gzip.compress(b"\x00" * 200 * 2**20, 9)


def _gzip_bomb(handler: object) -> None:
    body = _gzip_body()
    handler.send_response(200)  # type: ignore[attr-defined]
    handler.send_header("Content-Encoding", "gzip")  # type: ignore[attr-defined]
    handler.send_header("Content-Type", "application/pdf")  # type: ignore[attr-defined]
    handler.send_header("Content-Length", str(len(body)))  # type: ignore[attr-defined]
    handler.end_headers()  # type: ignore[attr-defined]
    handler.wfile.write(body)  # type: ignore[attr-defined]


def _continue_flood(handler: object) -> None:
    while True:
        handler.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")  # type: ignore[attr-defined]


def _fetch(reply: Callable[[object], None], symbol: str = "A/RES/73/27") -> Make:
    def make(folder: Path) -> list[str]:
        port = _serve(reply)
        return [
            "fetch",
            symbol,
            "--base-url",
            f"http://127.0.0.1:{port}/{{symbol}}",
            "--cache-dir",
            str(folder / "cache"),
        ]

    return make


FETCHES: dict[str, Make] = {
    "redirect loop": _fetch(_redirect_loop),
    "endless chunked body": _fetch(_endless_chunks),
    "gzip bomb 200 MB": _fetch(_gzip_bomb),
    "endless 100 Continue": _fetch(_continue_flood),
    "HTTP/0.9 garbage": _fetch(_raw(b"\x1b]52;c;aGk=\x07 not http\r\n\r\n")),
    "200 header lines": _fetch(
        _raw(b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 200 + b"Content-Length: 0\r\n\r\n")
    ),
    "70 KB header line": _fetch(_raw(b"HTTP/1.1 200 OK\r\nX-A: " + b"b" * 70_000 + b"\r\n\r\n")),
    "Content-Length -1": _fetch(_raw(b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nabc")),
    "Content-Length 10^30": _fetch(
        _raw(b"HTTP/1.1 200 OK\r\nContent-Length: 1000000000000000000000000000000\r\n\r\nabc")
    ),
    "status 999 with ESC reason": _fetch(
        _raw(b"HTTP/1.1 999 \x1b[2Jevil\r\nContent-Length: 0\r\n\r\n")
    ),
    "HTML instead of PDF": _fetch(
        _raw(b"HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\n<html><body>gone</body></html>")
    ),
    "symbol with ../ and ESC": _fetch(_redirect_loop, "../../\x1b[2J/x"),
}
for _name, _make in FETCHES.items():
    case("fetch", _name)(_make)


# ---------------------------------------------------------------- language versions (4)
_VERBS = {"en": "Decides to act on item", "fr": "Décide d'agir sur le point", "ar": "يقرر البند"}


def _versions(folder: Path, paragraphs: int, langs: tuple[str, ...] = tuple(_VERBS)) -> list[str]:
    """Versions of one text, ``paragraphs`` each, numbered in a shuffled order."""
    rng = random.Random(5)
    names = []
    for lang in langs:
        numbers = list(range(1, paragraphs + 1))
        rng.shuffle(numbers)
        body = "".join(
            f"{n}. {_VERBS[lang]} {rng.randrange(100)}, 5 July 2018.\n\n" for n in numbers
        )
        text = f"---\nsymbol: A/RES/80/5\nlanguage: {lang.upper()}\n---\n\n{body}"
        names.append(_write(folder, f"r.{lang}.txt", text))
    return ["languages", *names]


case("languages", "3 versions x 5,000 shuffled paragraphs")(lambda f: _versions(f, 5_000))
case("languages", "3 versions x 990 shuffled paragraphs")(lambda f: _versions(f, 990))
case("languages", "1 MB paragraph of dates vs 20,000")(
    lambda folder: [
        "languages",
        _write(
            folder,
            "one.en.txt",
            "---\nsymbol: A/RES/80/6\nlanguage: EN\n---\n\n1. "
            + "Decides on 25 to 29 July 2018 A/RES/73/27 shall " * 20_000
            + "\n",
        ),
        _write(
            folder,
            "one.fr.txt",
            "---\nsymbol: A/RES/80/6\nlanguage: FR\n---\n\n"
            + "".join(f"{i}. Décide {i} le 5 décembre 2018.\n\n" for i in range(1, 20_001)),
        ),
    ]
)


# ---------------------------------------------------------------- catalogue writers (4)
_ESC_CATALOGUE = (
    'norm_id,text\n=n1\x1b]52,"States should not knowingly damage critical infrastructure'
    ' \x1b]52;c;aGk=\x07 by ICT activity"\n'
)
for _fmt in ("xlsx", "png", "md", "html", "csv"):
    case("catalogue", f"ESC in norm id and text -> {_fmt}")(
        lambda folder, fmt=_fmt: _catalogue(folder, _ESC_CATALOGUE, ["-o", f"n.{fmt}"])
    )
