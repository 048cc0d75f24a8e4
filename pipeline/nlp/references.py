"""RES_REF: references to resolutions and decisions, resolved by the body that adopted them.

A reference is a number after "resolution(s)" or "decision(s)" ("its resolutions 36/103
of 9 December 1981, 43/78 H of ...", "Security Council resolution 2341 (2017)"). Its
``norm_id`` names the body that adopted it:

- General Assembly: ``A/RES/73/27``, ``A/RES/43/78 H``, ``A/RES/S-10/2`` (special
  session), ``A/RES/1514 (XV)`` (numbered before 1976); decisions ``A/DEC/72/512``.
- Security Council: ``S/RES/2341 (2017)``; ``S/RES/2231`` when the text gives no year.
- Human Rights Council: ``A/HRC/RES/20/8``; Economic and Social Council:
  ``E/RES/1980/67``; Commission on Human Rights: ``E/CN.4/RES/2005/69``.
- Any other body (commissions, conferences of States parties, specialized agencies):
  ``<body>:RES/<number>`` or ``<body>:DEC/<number>``, with the body's slug from
  ``data/resolution_bodies.csv``: "Commission on Crime Prevention and Criminal Justice
  resolution 22/8" is ``ccpcj:RES/22/8``, "World Health Assembly resolution 69.2"
  ``wha:RES/69.2``. These bodies have no A/RES-like series, and the colon keeps the
  form from being taken for a document symbol.

The body is, in order (CASE 1 to 4 in ``_body_of``): the body named just before the
word ("Human Rights Council resolution", "the Assembly, in its decision", "the Human
Rights Council unanimously adopted resolution") or right after the numbers
("resolutions 22/7 and 22/8 of the Commission on ..."); else, for a bare "resolution" with no
"its", the body of the reference before it in the same sentence ("Commission ...
resolution 22/8 of 26 April 2013 ..., and resolution 26/4" is the Commission's); else
the form of the number ("2341 (2017)" is the Security Council's, "1980/67" the
Economic and Social Council's); else the General Assembly, whose texts say "its
resolution" and cite most. "Council" alone is told by the number: the Security Council
numbers "2341 (2017)", the Economic and Social Council "1996/31", the Human Rights
Council "57/26". The text's own body is not known here: "its resolution 20/8" in a Human
Rights Council text is read as the Assembly's (the corpus has no such case).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.nlp.patterns import MONTH_PATTERN, YEAR_PATTERN, RawMatch, iso_date


@dataclass(frozen=True, slots=True)
class Body:
    """A body that adopts resolutions: its slug and the symbol series of its texts.

    Attributes:
        slug: "general_assembly", "hrc", "ccpcj", ... ("council" and "commission" for
            the bare words, resolved from the context).
        resolution: Series of its resolutions ("A/RES/"), or "" when it has none.
        decision: Series of its decisions ("A/DEC/"), or "".
    """

    slug: str
    resolution: str
    decision: str


@cache
def _bodies() -> dict[str, Body]:
    text = resources.files("pipeline.nlp").joinpath("data", "resolution_bodies.csv")
    rows = csv.DictReader(text.read_text("utf-8").splitlines())
    return {r["name"]: Body(r["body"], r["resolution"], r["decision"]) for r in rows}


GA = Body("general_assembly", "A/RES/", "A/DEC/")
_SC = "security_council"
_OWN_SERIES = frozenset({"general_assembly", "hrc", "council"})  # number by session only
_KIND = r"(?:[Rr]esolution|[Dd]ecision)s?\s"
# Between a body and "resolution": "'s", ", in its", "unanimously adopted", or a space.
_LINK = (
    r"(?:[’']s\s+|,?\s+(?:in|by|through|under)\s+its\s+"
    r"|\s+(?:has\s+|had\s+)?(?:unanimously\s+)?adopted\s+|\s+)"
)


@cache
def _named_body_re() -> re.Pattern[str]:
    # Longest names first, so that "World Health Assembly" wins over "Assembly".
    names = sorted(_bodies(), key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?<![\w-])(?P<name>{alts})(?P<link>{_LINK})(?={_KIND})")


@cache
def _body_after_re() -> re.Pattern[str]:
    # "resolution 26/4 of the Commission on ...": the body named after the number(s).
    names = sorted(_bodies(), key=len, reverse=True)
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"\s+of\s+the\s+(?:United\s+Nations\s+)?(?P<name>{alts})\b(?![’'-])")


@cache
def _commission_re() -> re.Pattern[str]:
    names = sorted((n for n in _bodies() if "Commission" in n and n != "Commission"), key=len)
    alts = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in reversed(names))
    return re.compile(rf"(?<![\w-])(?:{alts})\b")


_TRIGGER = re.compile(r"\b(?P<its>its\s+)?(?P<kind>[Rr]esolution|[Dd]ecision)s?\s+")
_SC_REF = re.compile(r"(?P<number>\d{1,4})\s*\((?P<year>(?:19|20)\d\d)\)")
_ROMAN_REF = re.compile(r"(?P<number>\d{1,4})\s*\((?P<roman>[IVXL]{1,7})\)")
_SLASH_REF = re.compile(
    r"(?P<session>E?S[-\u2010\u2011\u2013]\d{1,2}|(?:19[4-9]|20\d)\d|\d{1,3})"
    r"/(?P<number>\d{1,4})(?:\s(?P<letter>[A-Z])\b)?"
)
# Numbers other bodies use: "69.2" (World Health Assembly), "186" (ITU) or a Security
# Council number with no year; read only after such a body's name.
_DOT_REF = re.compile(r"(?P<number>\d{1,3}\.\d{1,3})(?![\d.]\d)")
_PLAIN_REF = re.compile(r"(?P<number>\d{1,4})(?![\d/.]\d|\s*\()")
_OF_DATE = re.compile(rf"\s+of\s+(?P<day>[0-3]?\d)\s+{MONTH_PATTERN}\s+{YEAR_PATTERN}")
# Between two references: a footnote marker, commas, "and", "as well as".
_LIST_SEP = re.compile(r"\s*(?:\d{1,2}\s*)?(?:,\s*(?:and\s+)?|\s+and\s+|\s+as well as\s+)")
# The end of a sentence or clause: a reference after it does not inherit a body.
_BREAK = re.compile(r";|[.!?]\s+[A-Z]")


@dataclass(frozen=True, slots=True)
class _Ref:
    """One number read after a trigger: its match, form and the body it was read for."""

    match: re.Match[str]
    form: str  # "sc", "roman", "slash", "dot", "plain"


def _read_number(text: str, pos: int, body: Body | None) -> _Ref | None:
    for form, pattern in (("sc", _SC_REF), ("roman", _ROMAN_REF), ("slash", _SLASH_REF)):
        found = pattern.match(text, pos)
        if found is not None:
            return _Ref(found, form)
    # Bare numbers only after a body that uses them: a bare "resolution 181" is unsure.
    if body is not None and body.slug not in _OWN_SERIES | {"ecosoc", "commission"}:
        if body.slug != _SC:
            found = _DOT_REF.match(text, pos)
            if found is not None:
                return _Ref(found, "dot")
        found = _PLAIN_REF.match(text, pos)
        if found is not None:
            return _Ref(found, "plain")
    return None


def _year_numbered(ref: _Ref) -> bool:
    session = ref.match["session"] if ref.form == "slash" else ""
    return len(session) == 4 and session.isdigit()


def _fits(body: Body, ref: _Ref) -> bool:
    """Whether ``body`` numbers its resolutions in the form of ``ref``."""
    if body.slug == _SC:
        return ref.form in ("sc", "plain")
    if ref.form == "sc":
        return False
    if body.slug in _OWN_SERIES:
        return ref.form in ("slash", "roman") and not _year_numbered(ref)
    if body.slug == "ecosoc":
        return ref.form == "roman" or _year_numbered(ref)
    return True


def _by_form(ref: _Ref) -> Body:
    """CASE 3 and 4: the body the number's form implies, else the General Assembly."""
    bodies = _bodies()
    if ref.form == "sc":
        return bodies["Security Council"]
    if _year_numbered(ref):
        return bodies["Economic and Social Council"]
    return GA


def _resolve_generic(name: str, ref: _Ref, text: str, start: int) -> Body | None:
    """Resolve a bare "Council" by the number's form, a bare "Commission" by the text.

    "Council" with a session number ("57/26") is the Human Rights Council's, with a
    Roman session ("1296 (XLIV)") or a year ("1996/31") the Economic and Social
    Council's, with "2282 (2016)" the Security Council's. "Commission" is the last
    commission named before it, if any.
    """
    bodies = _bodies()
    if name == "Council":
        if ref.form == "slash" and not _year_numbered(ref):
            return bodies["Human Rights Council"]
        if ref.form == "roman":
            return bodies["Economic and Social Council"]
        return _by_form(ref)
    commissions = [m[0] for m in _commission_re().finditer(text, 0, start)]
    return bodies[re.sub(r"\s+", " ", commissions[-1])] if commissions else None


def _body_of(named: Body | None, ref: _Ref, carried: Body | None) -> Body:
    if named is not None and _fits(named, ref):  # CASE 1: named before the word
        return named
    if carried is not None and _fits(carried, ref):  # CASE 2: the sentence's last body
        return carried
    return _by_form(ref)  # CASE 3 and 4


def _norm(body: Body, ref: _Ref, decision: bool) -> str:
    found = ref.match
    if ref.form == "sc":
        return f"S/RES/{found['number']} ({found['year']})"
    if ref.form == "roman":
        number = f"{found['number']} ({found['roman']})"
    elif ref.form == "slash":
        session = re.sub(r"[\u2010\u2011\u2013]", "-", found["session"])
        letter = f" {found['letter']}" if found["letter"] else ""
        number = f"{session}/{found['number']}{letter}"
    else:
        number = found["number"]
    series = body.decision if decision else body.resolution
    if series:
        return f"{series}{number}"
    return f"{body.slug}:{'DEC' if decision else 'RES'}/{number}"


def find_resolution_refs(text: str) -> Iterator[RawMatch]:
    """Yield one RES_REF per resolution or decision named in ``text``, with its date.

    The span covers the number ("43/78 H", "2341 (2017)", "69.2"); ``norm_id`` is the
    symbol of the body that adopted it (see the module docstring) and ``date`` the ISO
    date given after "of", if any. A list ("36/103 of 9 December 1981, 43/78 H of 7
    December 1988, ... and 71/28 of 5 December 2016") yields one reference per item.
    """
    if "esolution" not in text and "ecision" not in text:
        return
    bodies = _bodies()
    named_at = {m.end(): m["name"] for m in _named_body_re().finditer(text)}
    last: tuple[int, Body] | None = None  # end and body of the last named reference
    for trigger in _TRIGGER.finditer(text):
        name = named_at.get(trigger.start("kind"))
        carried = None
        if name is None and trigger["its"] is not None:
            last = None  # "its resolution": the text's own body from here on
        elif name is None and last is not None:
            if _BREAK.search(text, last[0], trigger.start()) is None:
                carried = last[1]
        items, pos = _read_list(text, trigger.end(), bodies[name] if name else None)
        after = _body_after_re().match(text, pos) if name is None else None
        if after is not None:  # "resolutions 22/7 and 22/8 of the Commission on ..."
            name = re.sub(r"\s+", " ", after["name"])
        decision = trigger["kind"].lower() == "decision"
        for ref, date, end in items:
            named = bodies[name] if name is not None else None
            if name in ("Council", "Commission"):
                named = _resolve_generic(name, ref, text, trigger.start())
            body = _body_of(named, ref, carried)
            norm = _norm(body, ref, decision)
            yield RawMatch(ref.match.start(), ref.match.end(), "RES_REF", norm, date)
            if body is named or body is carried:
                last = (end, body)


def _read_list(
    text: str, pos: int, named: Body | None
) -> tuple[list[tuple[_Ref, str | None, int]], int]:
    """Read the numbers after a trigger: (reference, ISO date, end) each, and where it ends."""
    items = []
    while True:
        ref = _read_number(text, pos, named)
        if ref is None:
            break
        date = None
        pos = ref.match.end()
        of_date = _OF_DATE.match(text, pos)
        if of_date is not None:
            date = iso_date(of_date["year"], of_date["month"], of_date["day"])
            pos = of_date.end()
        items.append((ref, date, pos))
        sep = _LIST_SEP.match(text, pos)
        if sep is None:
            break
        pos = sep.end()
    return items, pos
