"""The body of an AKN4UN document as our paragraphs: ids, numbering, sub-items, footnotes.

The markup's units are ``preamble/container`` (a preambular paragraph; a list in it is a
``blockList`` of ``item``), ``mainBody/paragraph`` (with ``num``, ``content``, or a
``list`` of ``intro`` and ``point``), and in ``attachments`` the annexes. Its ``eId``
counts every unit in one series (``container_3``, ``para_24``); our ids are the ones
the PDF reader gives (``preamble_3``, ``para_1``, ``para_1__point_a``) and the eId is
kept beside them. Some versions carry no ``num`` and print the number or item letter
at the start of the text ("1 - ...", "(أ) ...", "а) ..."), and a sub-item is then a
paragraph of its own: both are read from the text. The formula ("The General
Assembly,") is not a paragraph. Footnotes (``authorialNote``) leave the text and are
tied to their paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from pipeline.document import Footnote, Paragraph, ParagraphKind
from pipeline.ingest.akn_meta import flat, local, q

# Item letters as the six languages print them: Latin, the Cyrillic letters that look
# like Latin ones (the Russian versions mix "а)" and "b)"), the Arabic abjad order, and
# the Chinese parenthesised numbers used for roman items.
_CYRILLIC = str.maketrans("асеорхуі", "aceopxyi")
_ARABIC = "أ ب ج د هـ و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ".split()
_ARABIC_LETTERS = {letter: chr(ord("a") + i) for i, letter in enumerate(_ARABIC)}
_ARABIC_LETTERS["ه"] = "e"
_CHINESE_ROMAN = dict(
    zip("㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩", "i ii iii iv v vi vii viii ix x".split(), strict=True)
)
_LEAD_NESTED = re.compile(r"^(\d{1,3})\.(\d{1,2})\.?\s+")
_LEAD_NUMBER = re.compile(r"^(\d{1,3})(?:\.|\s*[-–—])\s*")
_LEAD_ITEM = re.compile(r"^[(（]?([a-z]{1,4}|[асеорхуі]|[\u0621-\u064a]{1,2}ـ?|[㈠-㈩])[)）]\s*")
_LEAD_CHINESE = re.compile(r"^([㈠-㈩])\s*")
_NUM = re.compile(r"^(\d{1,3})(?:\.(\d{1,2}))?\s*[.\-–—]?$")
_ROMAN = re.compile(r"^(?=[ivxl]+$)(?:x{0,3})(?:ix|iv|v?i{0,3})$")
_ARTICLE = re.compile(r"^(?:Article|Artículo|Статья|المادة)\s+(\d+)$|^第\s*(\d+)\s*条$")
# Children that are sub-units, not text of the unit that holds them.
_NOTE_ECHO = re.compile(r"^\(\s*\d*\s*\)\s*")
_SUBUNITS = {"list", "blockList", "point", "item", "paragraph", "subparagraph"}
_SKIP = {"num", "heading", "subheading"} | _SUBUNITS


@dataclass
class Body:
    """Paragraphs and footnotes as they are read, with the text their offsets point into."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    footnotes: dict[str, Footnote] = field(default_factory=dict)
    source: list[str] = field(default_factory=list)
    offset: int = 0
    ids: set[str] = field(default_factory=set)
    preamble: int = 0
    operative: str | None = None
    subpara: str | None = None
    point: str | None = None
    last_letter: str | None = None
    last: str | None = None
    other: int = 0
    annex: str | None = None
    article: str | None = None

    @property
    def source_text(self) -> str:
        return "".join(self.source)


def read_body(doc: Element) -> Body:
    """Read the preamble, the operative part and the annexes of one AKN4UN document.

    Args:
        doc: The ``statement`` (or ``doc``) element.

    Returns:
        The paragraphs in reading order, the footnotes by marker, and the source text.
    """
    body = Body()
    preamble = doc.find(q("preamble"))
    for unit in preamble if preamble is not None else ():
        if local(unit.tag) in ("formula", "") or unit.get("name") == "enactingFormula":
            continue
        body.preamble += 1
        _unit(body, unit, f"preamble_{body.preamble}", "preamble", None, None)
    main = doc.find(q("mainBody"))
    for unit in main if main is not None else ():
        if local(unit.tag) == "paragraph":
            _operative(body, unit)
        elif local(unit.tag) in ("container", "p"):
            _wrap(body, unit)
    attachments = doc.find(q("attachments"))
    for annex in attachments.iter(q("doc")) if attachments is not None else ():
        _annex(body, annex)
    return body


def item_label(raw: str) -> str:
    """An item letter in Latin ("(أ)" -> "a", "а)" -> "a", "㈡" -> "ii", "(b)" -> "b")."""
    label = raw.strip().strip("()（）").strip()
    if label in _CHINESE_ROMAN:
        return _CHINESE_ROMAN[label]
    if label.rstrip("ـ") in _ARABIC_LETTERS:
        return _ARABIC_LETTERS[label.rstrip("ـ")]
    return label.translate(_CYRILLIC)


def lead_label(text: str) -> tuple[str, str | None, str]:
    """The numbering a text starts with: (kind, label, the text after it).

    kind is "number" ("1." or "1 -"), "nested" ("1.10"), "item" ("(a)", "a)") or "" (none).
    """
    if m := _LEAD_NESTED.match(text):
        return "nested", f"{m.group(1)}.{m.group(2)}", text[m.end() :]
    if m := _LEAD_NUMBER.match(text):
        return "number", m.group(1), text[m.end() :]
    if (m := _LEAD_ITEM.match(text)) or (m := _LEAD_CHINESE.match(text)):
        return "item", item_label(m.group(1)), text[m.end() :]
    return "", None, text


def _num(unit: Element) -> tuple[str, str | None]:
    """The ``num`` child as (kind, label), or ("", None) when there is none."""
    num = unit.find(q("num"))
    raw = flat(num)
    if not raw:
        return "", None
    if m := _NUM.match(raw):
        return ("nested", f"{m.group(1)}.{m.group(2)}") if m.group(2) else ("number", m.group(1))
    return "item", item_label(raw.rstrip("."))


def _own_text(unit: Element, notes: list[tuple[str, str]]) -> str:
    """The unit's text without its sub-units, number and headings; footnotes into notes."""
    parts: list[str] = []
    _collect(unit, parts, notes, top=True)
    return " ".join("".join(parts).split())


def _collect(element: Element, parts: list[str], notes: list[tuple[str, str]], top: bool) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        name = local(child.tag)
        if name == "authorialNote":
            marker = (child.get("marker") or str(len(notes) + 1)).strip()
            # The Arabic notes repeat an empty marker "()" before their text.
            notes.append((marker, _NOTE_ECHO.sub("", flat(child))))
        elif name == "eol":
            parts.append(" ")
        elif name in ("p", "intro", "listIntroduction", "wrapUp", "listWrapUp", "content"):
            parts.append(" ")
            _collect(child, parts, notes, top=False)
            parts.append(" ")
        elif not (top and name in _SKIP) and name:
            _collect(child, parts, notes, top=False)
        if child.tail:
            parts.append(child.tail)


def _sub_units(unit: Element) -> list[Element]:
    """The points or items of a unit, also when they sit in a ``list``/``blockList``."""
    found: list[Element] = []
    for child in unit:
        name = local(child.tag)
        if name in ("point", "item"):
            found.append(child)
        elif name in ("list", "blockList", "content", "p"):
            found.extend(_sub_units(child))
    return found


def _unit(
    body: Body,
    unit: Element,
    ident: str,
    kind: ParagraphKind,
    number: str | None,
    parent: str | None,
) -> None:
    """Add one unit and, under it, its points as sub-items."""
    notes: list[tuple[str, str]] = []
    text = _own_text(unit, notes)
    _add(body, ident, kind, number, parent, text, notes, unit.get("eId"))
    parent_id = body.paragraphs[-1].id
    for point in _sub_units(unit):
        _point(body, point, parent_id)


def _point(body: Body, point: Element, parent: str) -> None:
    notes: list[tuple[str, str]] = []
    text = _own_text(point, notes)
    kind, label = _num(point)
    if kind != "item":
        kind, label, text = lead_label(text)
    label = label or str(sum(1 for p in body.paragraphs if p.parent == parent) + 1)
    _add(body, f"{parent}__point_{label}", "subparagraph", label, parent, text, notes,
         point.get("eId"))  # fmt: skip
    own = body.paragraphs[-1].id
    for sub in _sub_units(point):
        _point(body, sub, own)


def _operative(body: Body, unit: Element) -> None:
    """A ``mainBody/paragraph``: numbered, nested, a sub-item written as text, or a wrap."""
    notes: list[tuple[str, str]] = []
    text = _own_text(unit, notes)
    kind, label = _num(unit)
    if not kind:
        kind, label, text = lead_label(text)
    prefix = f"{body.article or body.annex}__" if body.annex else ""
    eid = unit.get("eId")
    if kind == "number" and label:
        ident = f"{prefix}para_{label}"
        body.operative, body.subpara, body.point, body.last_letter = ident, None, None, None
        para_kind: ParagraphKind = "annex" if body.annex else "operative"
        _add(body, ident, para_kind, label, None, text, notes, eid)
    elif kind == "nested" and label and body.operative:
        ident = f"{body.operative}__subpara_{label.split('.')[1]}"
        body.subpara, body.point = ident, None
        _add(body, ident, "subparagraph", label, body.operative, text, notes, eid)
    elif kind == "item" and label:
        roman = bool(_ROMAN.match(label)) and body.point is not None
        roman = roman and not (label == "i" and body.last_letter == "h")
        roman = roman and not (label in ("v", "x") and body.last_letter in ("u", "w"))
        if roman and body.point is not None:
            parent = body.point
        else:
            parent = body.subpara or body.operative or body.last or "body"
            body.last_letter = label
        ident = f"{parent}__point_{label}"
        _add(body, ident, "subparagraph", label, parent, text, notes, eid)
        if not roman:
            body.point = body.paragraphs[-1].id
    else:
        _wrap(body, unit, text, notes)
        return
    own = body.paragraphs[-1].id
    for point in _sub_units(unit):
        _point(body, point, own)


def _wrap(
    body: Body, unit: Element, text: str | None = None, notes: list[tuple[str, str]] | None = None
) -> None:
    """Unnumbered text in the body: it continues the numbered paragraph above it."""
    if notes is None:
        notes = []
    if text is None:
        text = _own_text(unit, notes)
    if not text:
        return
    body.other += 1
    if body.annex:
        heading = unit.find(q("subheading")) is not None or unit.find(q("heading")) is not None
        name = "heading" if heading else "other"
        kind: ParagraphKind = "heading" if heading else "annex"
        ident = f"{body.annex}__{name}_{body.other}"
        _add(body, ident, kind, None, body.annex, text, notes, unit.get("eId"))
        return
    parent = body.operative
    if parent is None:
        # Before the first numbered paragraph: a preambular paragraph the markup put in
        # the main body (A/RES/78/16 in Arabic), as the PDF reader reads one.
        body.other -= 1
        body.preamble += 1
        _add(body, f"preamble_{body.preamble}", "preamble", None, None, text, notes,
             unit.get("eId"))  # fmt: skip
        return
    ident = f"{parent}__wrap_{body.other}"
    _add(body, ident, "other", None, parent, text, notes, unit.get("eId"))


def _annex(body: Body, annex: Element) -> None:
    """An annex: a heading paragraph, then its paragraphs and articles."""
    main = annex.find(q("mainBody"))
    if main is None:
        return
    number = sum(1 for p in body.paragraphs if p.kind == "heading" and p.parent is None) + 1
    body.annex = f"annex_{number}"
    body.article = body.operative = body.subpara = body.point = None
    units = list(main)
    heading = flat(units[0]) if units else ""
    _add(body, body.annex, "heading", None, None, heading or "Annex", [], annex.get("eId"))
    for unit in units[1:]:
        title = flat(unit.find(q("subheading"))) or flat(unit.find(q("heading")))
        text = flat(unit)
        if title and title == text and (m := _ARTICLE.match(title)):
            body.article = f"{body.annex}__art_{m.group(1) or m.group(2)}"
            body.operative = body.subpara = body.point = None
            _add(body, body.article, "heading", m.group(1) or m.group(2), body.annex, title, [],
                 unit.get("eId"))  # fmt: skip
        elif local(unit.tag) == "paragraph" and not (title and title == text):
            _operative(body, unit)
        else:
            _wrap(body, unit)


def _add(
    body: Body,
    ident: str,
    kind: ParagraphKind,
    number: str | None,
    parent: str | None,
    text: str,
    notes: list[tuple[str, str]],
    eid: str | None,
) -> None:
    base, n = ident, 2
    while ident in body.ids:
        ident, n = f"{base}_{n}", n + 1
    body.ids.add(ident)
    if kind != "subparagraph":
        body.last = ident
    for marker, note in notes:
        known = body.footnotes.get(marker)
        ids = (*known.paragraph_ids, ident) if known else (ident,)
        body.footnotes[marker] = Footnote(
            marker=marker, text=known.text if known else note, page=1, paragraph_ids=ids
        )
    start = body.offset
    body.source.append(text + "\n")
    body.offset += len(text) + 1
    body.paragraphs.append(
        Paragraph(
            id=ident,
            kind=kind,
            number=number,
            text=text,
            page=1,
            index=len(body.paragraphs),
            start=start,
            end=start + len(text),
            parent=parent,
            footnotes=tuple(dict.fromkeys(marker for marker, _ in notes)),
            eid=eid,
        )
    )
