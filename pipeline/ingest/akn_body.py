"""The body of an AKN4UN document as our paragraphs: ids, numbering, sub-items, footnotes.

The markup's units are ``preamble/container`` (a preambular paragraph; a list in it is a
``blockList`` of ``item``), ``mainBody/paragraph`` (with ``num``, ``content``, or a
``list`` of ``intro`` and ``point``), and in ``attachments`` the annexes (``akn_annex``).
Its ``eId`` counts every unit in one series (``container_3``, ``para_24``); our ids are
the ones the PDF reader gives (``preamble_3``, ``para_1``, ``para_1__point_a``) and the
eId is kept beside them. Some versions carry no ``num`` and print the number or item
letter at the start of the text (``akn_labels``), and a sub-item is then a paragraph of
its own. The formula ("The General Assembly,") is not a paragraph. Footnotes
(``authorialNote``) leave the text and are tied to their paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from pipeline.document import Footnote, Paragraph, ParagraphKind
from pipeline.ingest.akn_labels import CIRCLED, ROMAN, lead_label, num_label, to_roman
from pipeline.ingest.akn_meta import BIDI, flat, local, q

# The Arabic notes repeat an empty marker "()" before their text.
_NOTE_ECHO = re.compile(r"^\(\s*\d*\s*\)\s*")
# Children that are sub-units, not text of the unit that holds them.
_SUBUNITS = {"list", "blockList", "point", "item", "paragraph", "subparagraph"}
_SKIP = {"num", "heading", "subheading"} | _SUBUNITS
# Children that make their parent a grouping unit of the main body.
_GROUPED = {"paragraph", "section", "hcontainer", "article", "chapter", "part", "division"}
_HEADS = ("num", "heading", "subheading")
_TEXT_PARTS = ("p", "intro", "listIntroduction", "wrapUp", "listWrapUp", "content")


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
    annex: str | None = None
    # The part of an annex unnumbered text is counted in (an article, its preamble).
    scope: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    # A Chinese annex numbers its paragraphs "一、": its "1." are then roman items.
    chinese_numbers: bool = False

    @property
    def source_text(self) -> str:
        return "".join(self.source)

    def reset(self) -> None:
        """Forget the numbered paragraph and items above (a heading opens a new part)."""
        self.operative = self.subpara = self.point = self.last_letter = None

    def count(self, scope: str) -> int:
        """The next number of unnumbered text in ``scope``."""
        self.counts[scope] = self.counts.get(scope, 0) + 1
        return self.counts[scope]


def read_body(doc: Element) -> Body:
    """Read the preamble and the operative part of one AKN4UN document.

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
        notes: list[tuple[str, str]] = []
        text = own_text(unit, notes)
        add(body, f"preamble_{body.preamble}", "preamble", None, None, text, notes, unit)
        _points(body, unit, body.paragraphs[-1].id)
    main = doc.find(q("mainBody"))
    _main_units(body, list(main) if main is not None else [])
    return body


def _main_units(body: Body, units: list[Element]) -> None:
    """The units of the main body in order; a grouping unit (``section``, ``hcontainer``
    ...) gives its number and heading as a heading paragraph, then what it holds."""
    for unit in units:
        name = local(unit.tag)
        if name == "paragraph":
            numbered(body, unit)
        elif any(local(child.tag) in _GROUPED for child in unit):
            head = " ".join(flat(c) for c in unit if local(c.tag) in _HEADS)
            if head:
                ident = f"heading_{body.count('heading')}"
                add(body, ident, "heading", None, None, head, [], unit)
            _main_units(body, [c for c in unit if local(c.tag) not in _HEADS])
        elif name not in (*_HEADS, "componentRef", ""):
            loose: list[tuple[str, str]] = []
            unnumbered(body, unit, own_text(unit, loose), loose)


def own_text(unit: Element, notes: list[tuple[str, str]]) -> str:
    """The unit's text without its sub-units, number and headings; footnotes into notes."""
    parts: list[str] = []
    _collect(unit, parts, notes, top=True)
    return " ".join("".join(parts).translate(BIDI).split())


def _collect(element: Element, parts: list[str], notes: list[tuple[str, str]], top: bool) -> None:
    if element.text:
        parts.append(element.text)
    for child in element:
        name = local(child.tag)
        if name == "authorialNote":
            marker = (child.get("marker") or str(len(notes) + 1)).strip()
            notes.append((marker, _NOTE_ECHO.sub("", flat(child))))
        elif name == "eol":
            parts.append(" ")
        elif top and name in ("list", "blockList"):
            # A list's lead-in belongs to the unit; its items become sub-items.
            for part in child:
                if local(part.tag) in ("intro", "listIntroduction"):
                    _collect(part, parts, notes, top=False)
        elif name in _TEXT_PARTS:
            parts.append(" ")
            _collect(child, parts, notes, top=False)
            parts.append(" ")
        elif name and not (top and name in _SKIP):
            _collect(child, parts, notes, top=False)
        if child.tail:
            parts.append(child.tail)


def _sub_units(unit: Element) -> list[Element]:
    """The points, items and sub-paragraphs of a unit, also inside a ``list``/``blockList``."""
    found: list[Element] = []
    for child in unit:
        name = local(child.tag)
        if name in ("point", "item", "subparagraph", "paragraph"):
            found.append(child)
        elif name in ("list", "blockList", "content", "p"):
            found.extend(_sub_units(child))
    return found


def _wrap_ups(unit: Element) -> list[Element]:
    """The closing words of a unit's lists (``wrapUp``, ``listWrapUp``)."""
    return [
        part
        for child in unit
        if local(child.tag) in ("list", "blockList")
        for part in child
        if local(part.tag) in ("wrapUp", "listWrapUp")
    ]


def _points(body: Body, unit: Element, parent: str) -> None:
    """The points (or list items) of a unit as its sub-items, then a list's closing words."""
    _items(body, unit, parent)
    for wrap in _wrap_ups(unit):
        notes: list[tuple[str, str]] = []
        text = own_text(wrap, notes)
        if text:
            ident = f"{parent}__wrap_{body.count(parent)}"
            add(body, ident, "other", None, parent, text, notes, wrap)


def _items(body: Body, unit: Element, parent: str) -> None:
    for point in _sub_units(unit):
        notes: list[tuple[str, str]] = []
        text = own_text(point, notes)
        raw = flat(point.find(q("num")))
        kind, label = num_label(raw)
        if not kind:
            raw = text
            kind, label, text = lead_label(text)
        kind, label = _chinese_roman(body, raw, kind, label)
        label = label or str(sum(1 for p in body.paragraphs if p.parent == parent) + 1)
        if kind in ("nested", "number"):  # 1.1 (or 1) under paragraph 1: a subpara
            sub = label.rsplit(".", 1)[-1]
            add(body, f"{parent}__subpara_{sub}", "subparagraph", label, parent, text, notes,
                point)  # fmt: skip
        else:
            add(body, f"{parent}__point_{label}", "subparagraph", label, parent, text, notes,
                point)  # fmt: skip
        _points(body, point, body.paragraphs[-1].id)


def _chinese_roman(body: Body, raw: str, kind: str, label: str | None) -> tuple[str, str | None]:
    """ "㈡" is item (b) where paragraphs are "一、" (a convention), else roman item (ii).

    A Chinese resolution numbers "1.", "(a)", "㈠"; its convention "一、", "㈠", "1.".
    """
    if kind == "item" and label and raw[:1] in CIRCLED and not body.chinese_numbers:
        return "roman", to_roman(ord(label) - ord("a") + 1)
    return kind, label


def numbered(body: Body, unit: Element) -> None:
    """A body ``paragraph``: numbered, nested, an item written as text, or unnumbered."""
    notes: list[tuple[str, str]] = []
    text = own_text(unit, notes)
    raw = flat(unit.find(q("num")))
    kind, label = num_label(raw)
    if not kind:
        raw = text
        kind, label, text = lead_label(text)
    if kind == "number" and body.chinese_numbers and raw[:1].isdigit() and body.point:
        kind, label = "roman", to_roman(int(label or "0"))
    kind, label = _chinese_roman(body, raw, kind, label)
    prefix = f"{body.scope or body.annex}__" if body.annex else ""
    if kind == "number" and label:
        ident = f"{prefix}para_{label}"
        body.reset()
        add(body, ident, "annex" if body.annex else "operative", label, None, text, notes, unit)
        body.operative = body.paragraphs[-1].id
    elif kind == "nested" and label and body.operative:
        ident = f"{body.operative}__subpara_{label.split('.')[1]}"
        body.subpara, body.point = ident, None
        add(body, ident, "subparagraph", label, body.operative, text, notes, unit)
    elif kind in ("item", "roman") and label:
        _item(body, unit, kind, label, text, notes)
    else:
        unnumbered(body, unit, text, notes)
        return
    _points(body, unit, body.paragraphs[-1].id)


def _item(
    body: Body, unit: Element, kind: str, label: str, text: str, notes: list[tuple[str, str]]
) -> None:
    """A sub-item written as a paragraph of its own, under the paragraph (or item) above."""
    roman = kind == "roman" or bool(ROMAN.match(label))
    roman = roman and body.point is not None
    roman = roman and not (label == "i" and body.last_letter == "h")
    roman = roman and not (label in ("v", "x") and body.last_letter in ("u", "w"))
    if roman and body.point is not None:
        parent = body.point
    else:
        parent = body.subpara or body.operative or body.last or "body"
        body.last_letter = label
    add(body, f"{parent}__point_{label}", "subparagraph", label, parent, text, notes, unit)
    if not roman:
        body.point = body.paragraphs[-1].id


def unnumbered(body: Body, unit: Element, text: str, notes: list[tuple[str, str]]) -> None:
    """Unnumbered text in the body: it continues the numbered paragraph above it.

    Before the first numbered paragraph it is a preambular paragraph the markup put in
    the main body (A/RES/78/16 in Arabic), as the PDF reader reads one; in an annex it
    is ``<scope>__other_K``.
    """
    if not text:
        return
    if body.annex:
        scope = body.scope or body.annex
        ident = f"{scope}__other_{body.count(scope)}"
        add(body, ident, "annex", None, scope, text, notes, unit)
    elif body.operative is None:
        body.preamble += 1
        add(body, f"preamble_{body.preamble}", "preamble", None, None, text, notes, unit)
    else:
        parent = body.operative
        ident = f"{parent}__wrap_{body.count(parent)}"
        add(body, ident, "other", None, parent, text, notes, unit)
    _points(body, unit, body.paragraphs[-1].id)


def add(
    body: Body,
    ident: str,
    kind: ParagraphKind,
    number: str | None,
    parent: str | None,
    text: str,
    notes: list[tuple[str, str]],
    unit: Element | None,
) -> None:
    """Append a paragraph (a repeated id gets "_2"), its source text and its footnotes."""
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
            eid=unit.get("eId") if unit is not None else None,
        )
    )


def extend_last(body: Body, text: str) -> None:
    """Add a line to the last paragraph (a heading printed over two units)."""
    last = body.paragraphs[-1]
    joined = f"{last.text} {text}".strip()
    body.source[-1] = joined + "\n"
    body.offset = last.start + len(joined) + 1
    body.paragraphs[-1] = Paragraph(
        id=last.id,
        kind=last.kind,
        number=last.number,
        text=joined,
        page=last.page,
        index=last.index,
        start=last.start,
        end=last.start + len(joined),
        parent=last.parent,
        footnotes=last.footnotes,
        eid=last.eid,
    )
