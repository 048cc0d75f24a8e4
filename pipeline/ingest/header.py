"""Metadata from the header block of a UN document's first page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pipeline.lexicon import MONTH_NUMBERS, MONTHS, ORDINALS, SYMBOL_RE

_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b")
_SESSION = re.compile(r"\b([A-Za-z]+(?:-[a-z]+)?)\s+(?:special\s+)?session\b", re.IGNORECASE)
# The word alone, looked for first: _SESSION tries every word of a text as the ordinal,
# 8 us a paragraph where a record's paragraphs are read for their agenda items (issue 27).
_SESSION_WORD = re.compile("session", re.IGNORECASE)
# Sub-items run (a) to (z), then (aa), (bb) ... (item 99 (ee) of the eightieth session).
_SUB_ITEM = r"(?:\s*\([a-z]{1,2}\))?"
_AGENDA = re.compile(rf"\bAgenda items?\s+(\d+{_SUB_ITEM}(?:(?:,\s*|\s+and\s+)\d+{_SUB_ITEM})*)")
# The names and meetings between the fixed words are bounded: unbounded, every
# "adopted by the" of a long text was tried against the whole rest of it (issue 27).
_ADOPTED = re.compile(
    r"(?:Resolution|Decision) adopted by the ([A-Z][\w\s]{1,100}?) on (\d{1,2} \w+ \d{4})"
    r"|[Aa]dopted by the ([A-Z][\w\s]{1,100}?) at its [\w\s]{1,60}? meeting,? on"
    r" (\d{1,2} \w+ \d{4})"
)
_REPORT = re.compile(r"\[on the report of the ([\w\s]{1,100}?)\s*\(([^,)]{1,100})")
_DISTRIBUTION = re.compile(r"Distr\.:\s*(\w+)")
_SLASH = re.compile(r"\s*/\s*")
_SYMBOL_WITHOUT_A = re.compile(r"(?:^|\s)(/(?:RES|C\.\d|[A-Z0-9.]+)/[\w./\-]+)$")
# A header block is a few hundred characters (the longest in the corpus: 11,341); the
# patterns read no further than this into what a file offers as its header.
MAX_HEADER = 20_000
_SPONSORS = re.compile(r"^(.+?):\s*\**\s*(?:revised\s+)?draft (?:resolution|decision)\b", re.DOTALL)
# Names of States (and groups) that themselves contain " and ", so a sponsor list
# "A, B and C" is not cut inside them.
AND_NAMES = (
    "Antigua and Barbuda",
    "Bosnia and Herzegovina",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
    "Trinidad and Tobago",
    "United Kingdom of Great Britain and Northern Ireland",
    "Group of 77 and China",
    "Heard Island and McDonald Islands",
)
_TITLE_NUMBER = re.compile(r"^(\d{1,3}/\d{1,4})\.\s+(.+)$", re.DOTALL)
# A Security Council resolution is titled by its number: "Resolution 2768 (2025)".
_SC_TITLE = re.compile(r"^Resolution (\d{1,5}) \((\d{4})\)$")


def iso_date(text: str) -> str | None:
    """The first English date in ``text`` as ISO 8601 ("5 December 2018" -> "2018-12-05")."""
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return date(int(m.group(3)), MONTH_NUMBERS[m.group(2)], int(m.group(1))).isoformat()
    except ValueError:
        return None


def find_symbol(lines: list[str]) -> str | None:
    """The document symbol printed at the top (also when its large "A" came apart).

    Only a short line that starts or ends with the symbol counts, so a symbol
    cited in running text is never taken for the document's own.
    """
    for line in lines[:12]:
        if "/" not in line:
            continue  # both patterns below hold a "/": a line without one has no symbol
        compact = _SLASH.sub("/", line.strip())
        if len(compact) > 80:
            continue
        for found in SYMBOL_RE.finditer(compact):
            at_edge = found.start() == 0 or found.end() == len(compact)
            if at_edge or compact.startswith("United Nations"):
                return found.group(0)
        # The big "A" of "A/RES/80/16" is often a glyph of its own.
        if m := _SYMBOL_WITHOUT_A.search(line.strip()):
            return "A" + m.group(1)
    return None


def parse_header(lines: list[str]) -> dict[str, Any]:
    """Read what the header block states.

    Args:
        lines: The first page's lines, in order, up to the opening of the body.

    Returns:
        A dict with any of: symbol, date, distribution, session, agenda_items,
        adoption_date, adopted_by, committee, committee_report, title_number.
    """
    text = " ".join(line.strip() for line in lines)[:MAX_HEADER]
    meta: dict[str, Any] = {}
    if symbol := find_symbol(lines):
        meta["symbol"] = symbol
    if "Distr." in text and (m := _DISTRIBUTION.search(text)):
        meta["distribution"] = m.group(1)
        meta["date"] = iso_date(text[m.end() : m.end() + 60])
    if "date" not in meta or meta["date"] is None:
        meta["date"] = iso_date(text)
    if word := _SESSION_WORD.search(text):
        # A match of _SESSION is letters, hyphens and spaces up to a "session" (this first
        # one or a later one), so it starts after any ":" before this one: searched from
        # there, the pattern finds the same match without trying each word of the masthead.
        m = _SESSION.search(text, text.rfind(":", 0, word.start()) + 1)
        number = ORDINALS.get(m.group(1).lower()) if m else None
        if number:
            meta["session"] = number
    if (items := _find_agenda_items(text)) is not None:
        meta["agenda_items"] = items
    # The adoption line and the committee report are looked for only in a text holding
    # their words (a header rarely does: _ADOPTED tried every capital of a draft's sponsor
    # list), the adoption line from 12 characters ("Resolution a") before "dopted by the ",
    # where its match opens at the earliest.
    adopted = text.find("dopted by the ")
    if adopted >= 0 and (m := _ADOPTED.search(text, max(0, adopted - 12))):
        meta["adopted_by"] = (m.group(1) or m.group(3)).strip()
        meta["adoption_date"] = iso_date(m.group(2) or m.group(4))
    if "[on the report of the " in text and (m := _REPORT.search(text)):
        meta["committee"] = m.group(1).strip()
        meta["committee_report"] = m.group(2).strip()
    # "[without reference to a Main Committee (A/75/L.87/Rev.1 and ...)]" names the
    # draft, not a committee report: no committee_report then (issue 24).
    return meta


def agenda_items(line: str) -> list[str]:
    """The agenda items ``line`` names ("Agenda items 13 and 14 (a)"), as
    ``parse_header([line])`` reads them (with the rest of a header it was 35 us a
    paragraph of a record, read for its "Agenda item 13 (continued)" headings)."""
    return _find_agenda_items(line.strip()[:MAX_HEADER]) or []


def _find_agenda_items(text: str) -> list[str] | None:
    # _AGENDA is tried only on a text holding the words it opens with, from where they
    # first stand (a header or paragraph rarely holds them).
    start = text.find("Agenda item")
    m = _AGENDA.search(text, start) if start >= 0 else None
    return _agenda_items(m.group(1)) if m else None


def _agenda_items(text: str) -> list[str]:
    text = text.strip().rstrip(",.")
    items = re.findall(rf"\d+{_SUB_ITEM}", text)
    return [re.sub(r"\s+", " ", item) for item in items]


def parse_sponsors(block: str) -> list[str] | None:
    """States or groups from a draft's sponsor line ("Algeria, ... and Zambia: draft resolution").

    Returns None when the block is not a sponsor line.
    """
    if "draft " not in block:
        return None  # what _SPONSORS matches holds "draft resolution" or "draft decision"
    m = _SPONSORS.match(block.strip())
    if not m:
        return None
    names = _one_space(m.group(1)).strip().rstrip("*")
    protected = names
    for i, name in enumerate(AND_NAMES):
        protected = protected.replace(name, f"\x00{i}\x00")
    parts = _split_outside_parentheses(protected)
    restored = []
    for part in parts:
        if "\x00" in part:  # else no name of AND_NAMES to put back: each replace is a no-op
            for i, name in enumerate(AND_NAMES):
                part = part.replace(f"\x00{i}\x00", name)
        name = part.replace("*", "").strip()  # footnote asterisks: "Nigeria,* and Thailand"
        if name:
            restored.append(name)
    return restored


_SEPARATOR = re.compile(r",\s*| and ")
_PARENTHESIS = re.compile(r"([()])")
_WHITESPACE = re.compile(r"\s+")


def _one_space(text: str) -> str:
    """``re.sub(r"\\s+", " ", text)``: each run of whitespace as one space.

    A printable text's only whitespace is " " (``clean.collapse_spaces`` says why): without
    "  " it has no run to change, and the pattern's replacement at every space (40 us on
    a list of 50 sponsors) is skipped.
    """
    if "  " not in text and text.isprintable():
        return text
    return _WHITESPACE.sub(" ", text)


def _split_outside_parentheses(text: str) -> list[str]:
    """Split at commas and " and " that are not inside parentheses.

    A separator counts unless the next parenthesis after it closes one: the same as
    splitting at ``,\\s*(?![^()]*\\))| and (?![^()]*\\))``, whose look-ahead read the
    rest of the text at every comma (quadratic on a long list, issue 27). No separator
    holds a parenthesis, so the text is cut at its parentheses, and each piece is split
    whole (in C) unless the parenthesis after it is ")"; a loop over the separators
    took 40 us on a list of 50 sponsors.
    """
    # [piece, "(" or ")", piece, ..., piece]: every piece but the last has its parenthesis.
    pieces = _PARENTHESIS.split(text)
    parts: list[str] = []
    current: list[str] = []  # the part being read, joined once it ends (not added to)
    for i in range(0, len(pieces), 2):
        piece = pieces[i]
        after = pieces[i + 1] if i + 1 < len(pieces) else ""
        if after == ")":  # inside parentheses: no separator counts
            current += [piece, after]
            continue
        first, *rest = _SEPARATOR.split(piece)
        current.append(first)
        for part in rest:
            parts.append("".join(current))
            current = [part]
        current.append(after)
    parts.append("".join(current))
    return parts


def split_title(block: str) -> tuple[str | None, str]:
    """Split "73/27. Developments in ..." into ("73/27", "Developments in ...")."""
    text = block.strip()
    # Each pattern is tried only on a text opening as its match must (a digit, "Resolution").
    if text[:1].isdecimal() and (m := _TITLE_NUMBER.match(text)):
        return m.group(1), _one_space(m.group(2)).strip()
    if text.startswith("Resolution ") and (m := _SC_TITLE.match(text)):
        return m.group(1), text
    return None, _one_space(block).strip()
