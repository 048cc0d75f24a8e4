"""The annexes of an AKN4UN document (``attachments/attachment/doc``), e.g. a convention.

The six versions of one annex do not mark it up alike: the English one tags its
headings ``subheading``, the Arabic and Chinese ones print them as plain paragraphs,
the French one puts "Chapitre premier Dispositions générales" in one unit where the
English has two. So the headings are read from the text (``akn_labels.heading_marker``)
and a heading's title lines are joined to it, which gives every version the same ids:
``annex_1`` (its title lines joined), ``annex_1__preamble`` and ``annex_1__chapter_2``
and ``annex_1__art_5`` (headings), ``annex_1__art_5__para_1`` (numbered paragraphs),
``annex_1__art_5__other_1`` (unnumbered text) and their items.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element

from pipeline.ingest.akn_body import Body, add, extend_last, numbered, own_text, unnumbered
from pipeline.ingest.akn_labels import (
    ends_clause,
    heading_marker,
    lead_label,
    looks_like_heading,
)
from pipeline.ingest.akn_meta import flat, local, q


def read_annexes(body: Body, doc: Element) -> None:
    """Add the annexes of ``doc`` (if any) to ``body``.

    Args:
        body: The body read so far (preamble and operative part).
        doc: The ``statement`` element.
    """
    attachments = doc.find(q("attachments"))
    if attachments is None:
        return
    for number, annex in enumerate(attachments.iter(q("doc")), start=1):
        _annex(body, annex, f"annex_{number}")


# Units that group others (an article of paragraphs, a chapter of articles): their
# number and heading are read as a heading, then what they hold, in order.
_GROUPS = {
    "article", "section", "chapter", "part", "title", "book", "division", "subdivision",
    "hcontainer", "clause", "level", "tblock", "subsection",
}  # fmt: skip


@dataclass
class _Annex:
    """Where the reader stands in one annex."""

    body: Body
    ident: str
    front: bool = True
    heading_open: bool = True
    chapters: int = 0
    annexes: int = 0


def _annex(body: Body, annex: Element, ident: str) -> None:
    main = annex.find(q("mainBody"))
    units = list(main) if main is not None else []
    if not units:
        return
    body.annex, body.scope = ident, None
    body.reset()
    body.chinese_numbers = any(
        lead_label(flat(unit))[0] == "number" and not flat(unit)[:1].isdigit() for unit in units
    )
    add(body, ident, "heading", None, None, flat(units[0]) or "Annex", [], units[0])
    state = _Annex(body, ident)
    for unit in units[1:]:
        _feed(state, unit)


def _feed(state: _Annex, unit: Element) -> None:
    """Read one unit of an annex: a heading, a title line, a paragraph, or a group."""
    if local(unit.tag) in _GROUPS:
        head = " ".join(
            flat(child) for child in unit if local(child.tag) in ("num", "heading", "subheading")
        )
        if head:
            _unit(state, unit, head, tagged=True)
        for child in unit:
            if local(child.tag) not in ("num", "heading", "subheading"):
                _feed(state, child)
        return
    tagged = unit.find(q("subheading")) is not None or unit.find(q("heading")) is not None
    _unit(state, unit, flat(unit), tagged=tagged)


def _unit(state: _Annex, unit: Element, text: str, *, tagged: bool) -> None:
    body, ident = state.body, state.ident
    if not text:
        return
    marker = heading_marker(text)
    if marker is not None:
        kind, number = marker
        body.reset()
        if kind == "annex":
            state.annexes += 1
            body.scope = f"{ident}__annex_{state.annexes}"
        elif kind == "preamble":
            body.scope = f"{ident}__preamble"
        elif kind == "chapter":
            state.chapters += 1
            body.scope = f"{ident}__chapter_{state.chapters}"
        else:
            body.scope = f"{ident}__art_{number or body.count(ident + '__art')}"
        add(body, body.scope, "heading", number, ident, text, [], unit)
        body.scope = body.paragraphs[-1].id  # "_2" when the notes repeat an article
        state.front, state.heading_open = False, True
        return
    # Untagged text right after an item closes the list ("with the intent that ..."
    # after (a)(i) and (ii)), however short: no heading.
    after_item = body.paragraphs[-1].kind == "subparagraph"
    heading = tagged or (looks_like_heading(text) and not after_item)
    if state.front and (heading or not ends_clause(text)) and len(text) < 300:
        extend_last(body, text)  # the annex's title lines
        return
    state.front = False
    if state.heading_open and (tagged or looks_like_heading(text, longest=300)):
        extend_last(body, text)  # a chapter's or article's title
        return
    if heading:
        body.reset()
        scope = body.scope or ident
        add(body, f"{scope}__heading_{body.count(scope)}", "heading", None, scope, text, [], unit)
        state.heading_open = True
        return
    state.heading_open = False
    if local(unit.tag) == "paragraph":
        numbered(body, unit)
    else:
        notes: list[tuple[str, str]] = []
        unnumbered(body, unit, own_text(unit, notes), notes)
