"""The inputs of the third hostile round (issue 27): each a generator of files and a command.

Every case writes its files into an empty folder and returns the ``normtrace`` arguments
that read them, with no options beyond what the command needs (a file, ``--db``,
``--catalogue``, ``--votes``). None of these inputs is among the ones README's
Reliability section lists; each is under 1 MB on disk unless its name says otherwise.
``bench/hostile_round.py`` runs them and prints the table.
"""

from __future__ import annotations

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


CASES: list[Case] = []


def case(category: str, name: str) -> Callable[[Make], Make]:
    def register(make: Make) -> Make:
        CASES.append(Case(category, name, make))
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
