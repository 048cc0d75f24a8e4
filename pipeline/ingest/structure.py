"""Turn blocks into the paragraphs of the UN document grammar.

Header blocks (before "The General Assembly,") give metadata; then preambular
paragraphs, numbered operative paragraphs with their sub-items (a), (i) and
nested numbering 1.1, the closing meeting line, and annexes. Ids follow AKN4UN:
``preamble_3``, ``para_5``, ``para_1__point_a``, ``para_1__subpara_10``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.document import Paragraph, ParagraphKind
from pipeline.ingest.blocks import Block, strip_markers
from pipeline.ingest.clean import collapse_spaces

OPENING = re.compile(
    r"^The (General Assembly|Security Council|Human Rights Council|Economic and Social Council"
    r"|Commission on [\w ]+|Conference[\w ]*|Council|Assembly)\s*,(?:\s*$|\s+(?=[a-z]))"
)
_OPERATIVE = re.compile(r"^(\d{1,3})\.\s+(.*)$", re.DOTALL)
_NESTED = re.compile(r"^(\d{1,3})\.(\d{1,2})\.?\s+(.*)$", re.DOTALL)
_POINT = re.compile(r"^\(([a-z]{1,4})\)\s+(.*)$", re.DOTALL)
_ROMAN = re.compile(r"^(?=[ivxl]+$)(?:x{0,3})(?:ix|iv|v?i{0,3})$")
MEETING = re.compile(
    r"^(?:\d+(?:st|nd|rd|th)|[A-Z][a-z]+(?:-[a-z]+)?) (?:\(resumed\) )?(?:plenary )?meeting\b",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^Article (\d+)\b")
_ANNEX = re.compile(r"^(Annex(?:\s+[IVX]+)?|Appendix(?:\s+[IVX]+)?)\b\s*(.*)$", re.DOTALL)
# A block's text without footnote sentinels, and the markers taken out (strip_markers).
_Stripped = tuple[str, tuple[str, ...]]


@dataclass
class _State:
    """Where the parser stands: the current parent paragraphs and the counters."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    preamble: int = 0
    operative: str | None = None
    subpara: str | None = None
    point: str | None = None
    last_letter: str | None = None
    annex: str | None = None
    annexes: int = 0
    article: str | None = None
    last: str | None = None
    other: int = 0
    meeting: str | None = None
    ids: set[str] = field(default_factory=set)
    # The next suffix to try for an id already taken: trying _2, _3 ... from the start
    # for each repeat was quadratic on a text of 30,000 "(a)" (issue 27).
    suffixes: dict[str, int] = field(default_factory=dict)
    plain: bool = False  # no resolution grammar: unnumbered text is not a preamble


def parse_body(
    blocks: list[Block], decision: Block | None = None
) -> tuple[list[Paragraph], str | None]:
    """Classify body blocks (after the opening line) into paragraphs.

    Args:
        blocks: The blocks after "The General Assembly,".
        decision: The opening block itself when it runs on into the text of a
            decision ("The General Assembly, recalling ..., decides ...").

    Returns:
        The paragraphs, and the closing meeting line ("45th plenary meeting 5 December 2018").
    """
    state = _State()
    if decision is not None:
        marked = collapse_spaces(decision.text(keep_markers=True))  # as OPENING reads it
        raw = OPENING.sub("", marked, count=1)
        stripped = strip_markers(raw)
        _add(state, decision, stripped, "decision_1", "operative", None, None)
    for block in blocks:
        stripped = block.stripped()
        text = stripped[0]
        if state.meeting is None and state.annex is None and is_meeting(text):
            state.meeting = text
            continue
        if state.meeting and not state.annex and _is_date_line(text):
            if not re.search(r"\d{4}$", state.meeting):
                state.meeting = f"{state.meeting} {text}"
                continue
        _classify(state, block, stripped)
    return state.paragraphs, state.meeting


_AFTER_FIRST_WORD = frozenset("(pPmM")  # what a meeting line's second word opens with


def is_meeting(text: str) -> bool:
    """Whether ``text`` opens with a meeting line ("45th plenary meeting", ``MEETING``).

    The pattern is tried only when what follows the first space can go on its match:
    the match's first word (a number or a word) holds no space, so it ends there, and
    "(resumed)", "plenary" or "meeting" comes next (no character but these matches "(",
    "p" or "m", case ignored). Tried on every block, it was a tenth of the body's time.
    """
    space = text.find(" ")
    return text[space + 1 : space + 2] in _AFTER_FIRST_WORD and MEETING.match(text) is not None


def _is_date_line(text: str) -> bool:
    return bool(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4}", text.strip()))


def _classify(state: _State, block: Block, stripped: _Stripped) -> None:
    text = stripped[0]
    prefix = f"{state.article or state.annex}__" if state.annex else ""
    # Each pattern is tried only on a text opening as its matches do (a letter, a digit,
    # a parenthesis): four patterns a paragraph were a fifth of the paragraphs' time.
    opens = text[:1]
    digit = opens.isdecimal()
    # CASE 1: an annex heading opens a new part of the document.
    annex = opens == "A" and _ANNEX.match(text)
    if annex and len(text) < 200 and (block.bold or state.meeting):
        state.annexes += 1
        state.annex = f"annex_{state.annexes}"
        state.operative = state.subpara = state.point = state.article = None
        _add(state, block, stripped, state.annex, "heading", None, None)
        return
    # A numbered paragraph's text is its pattern's last group: what follows the number and
    # the spaces after it, all that a second pattern once cut off (the tests hold it to that).
    # CASE 2: nested numbering "1.10 ..." under operative paragraph 1.
    if digit and state.operative is not None and (m := _NESTED.match(text)):
        parent = state.operative
        ident = f"{parent}__subpara_{m.group(2)}"
        state.subpara, state.point = ident, None
        number = f"{m.group(1)}.{m.group(2)}"
        _add(state, block, (m.group(3), stripped[1]), ident, "subparagraph", number, parent)
        return
    # CASE 3: an operative paragraph "5. Requests ..." (a numbered one elsewhere).
    if digit and (m := _OPERATIVE.match(text)):
        ident = f"{prefix}para_{m.group(1)}"
        state.operative, state.subpara, state.point, state.last_letter = ident, None, None, None
        kind: ParagraphKind = "annex" if state.annex else "other" if state.plain else "operative"
        _add(state, block, (m.group(2), stripped[1]), ident, kind, m.group(1), None)
        return
    # CASE 4: a sub-item "(a)" or "(iv)" under the paragraph above it.
    if opens == "(" and (m := _POINT.match(text)):
        label = m.group(1)
        roman = _ROMAN.match(label) and not (label == "i" and state.last_letter == "h")
        roman = roman and state.point is not None
        if roman and label in ("v", "x") and state.last_letter in ("u", "w"):
            roman = False
        if roman and state.point is not None:
            parent = state.point
        else:
            parent = state.subpara or state.operative or state.last or "body"
            state.last_letter = label
        ident = f"{parent}__point_{label}"
        if not roman:
            state.point = ident
        _add(state, block, (m.group(2), stripped[1]), ident, "subparagraph", label, parent)
        return
    # CASE 5: before any operative paragraph: the preamble (or annex text).
    if state.annex:
        heading = _is_heading(block, text)
        article = _ARTICLE.match(text)
        if article and len(text) < 250 and not text.endswith((".", ",", ";", ":")):
            m = article
            # An article of a convention: its numbered paragraphs are art_N__para_K.
            state.article = f"{state.annex}__art_{m.group(1)}"
            state.operative = state.subpara = state.point = None
            _add(state, block, stripped, state.article, "heading", m.group(1), state.annex)
            return
        _add_unnumbered(state, block, stripped, heading, "annex", state.annex)
        return
    if state.plain:
        # Bold first: a text's blocks never are, and their words need no counting.
        _add_unnumbered(
            state, block, stripped, block.bold and _is_heading(block, text), "other", None
        )
        return
    if state.operative is None:
        state.preamble += 1
        _add(state, block, stripped, f"preamble_{state.preamble}", "preamble", None, None)
        return
    # CASE 6: unnumbered text after operative paragraphs (closing words of a list).
    state.other += 1
    ident = f"{state.operative}__wrap_{state.other}"
    _add(state, block, stripped, ident, "other", None, state.operative)


def _add_unnumbered(
    state: _State,
    block: Block,
    stripped: _Stripped,
    heading: bool,
    kind: ParagraphKind,
    parent: str | None,
) -> None:
    """Unnumbered text: ``[parent__]other_K`` (of ``kind``) or ``[parent__]heading_K``."""
    state.other += 1
    prefix = f"{parent}__" if parent else ""
    name = "heading" if heading else "other"
    ident = f"{prefix}{name}_{state.other}"
    _add(state, block, stripped, ident, "heading" if heading else kind, None, parent)


def _is_heading(block: Block, text: str) -> bool:
    return (
        len(text) < 150
        and not text.endswith((".", ",", ";", ":"))
        and (block.bold or len(text.split()) <= 12)
    )


def _add(
    state: _State,
    block: Block,
    stripped: _Stripped,
    ident: str,
    kind: ParagraphKind,
    number: str | None,
    parent: str | None,
) -> None:
    """Add a paragraph of ``stripped`` text (a numbered one's without its number)."""
    text, markers = stripped
    if ident in state.ids:  # taken (rarely): the next free suffix
        base, n = ident, state.suffixes.get(ident, 2)
        while ident in state.ids:
            ident, n = f"{base}_{n}", n + 1
        state.suffixes[base] = n
    state.ids.add(ident)
    if kind != "subparagraph":
        state.last = ident
    paragraph = Paragraph(
        id=ident,
        kind=kind,
        number=number,
        text=text,
        page=block.page,
        index=len(state.paragraphs),
        start=block.start,
        end=block.end,
        parent=parent,
        footnotes=tuple(dict.fromkeys(markers)) if markers else (),
    )
    state.paragraphs.append(paragraph)


def plain_paragraphs(blocks: list[Block]) -> list[Paragraph]:
    """Paragraphs of a document without the resolution grammar (reports, declarations).

    Numbered paragraphs keep their numbers (``para_12``) and sub-items; other
    text is ``other_K`` or ``heading_K``.
    """
    state = _State(plain=True)
    for block in blocks:
        _classify(state, block, block.stripped())
    return state.paragraphs
