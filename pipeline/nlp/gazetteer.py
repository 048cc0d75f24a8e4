"""The name lists behind MEMBER_STATE, OBSERVER, GROUP and UN_BODY entities.

The lists are data files in ``pipeline/nlp/data/``:

- ``states.csv``: ``norm_id`` (ISO 3166 alpha-3), ``label`` (MEMBER_STATE or
  OBSERVER), ``name`` and ``kind`` (``un_name`` for the name in the UN list of
  Member States, ``variant`` for official long forms and common short forms,
  ``former`` for names a UN text used before a change, e.g. "Swaziland"). Rows with
  label ``_BLOCK`` are blockers: places named after a State's name but not the State
  ("Latin America", "Gulf of Guinea", "Lake Chad", "Congo Basin", the territory "South
  Georgia"); they win the overlap and are then dropped, so "America" (USA) does not
  match inside "Latin America". Blockers match case-sensitively like State names, so
  a lower-case form ("Congo basin") is a row of its own.
- ``organisations.csv``: ``norm_id`` (a lower-case slug such as ``oewg``),
  ``label`` (GROUP or UN_BODY) and ``name``.

A body named in full ("the Ad Hoc Committee to Elaborate a Comprehensive International
Convention on ...") is then often named short ("the Ad Hoc Committee"):
``short_form_matches`` finds those short forms after the full name in the same text
(issue 24), so that the short form is tagged as the same body; alone, a short form is
too ambiguous to tag.

Each name is expanded into the spellings that UN texts actually print: both the
straight and the typographic apostrophe ("Côte d'Ivoire", "Côte d’Ivoire").
State names match case-sensitively ("Chad", "Turkey" but not "turkey"); names
of groups and bodies match in any case ("Open-ended Working Group" and
"open-ended working group"), except acronyms ("AU" must not match French "au").
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.document import Entity
from pipeline.nlp.taken import Taken

STATE_LABELS = ("MEMBER_STATE", "OBSERVER")
_APOSTROPHES = ("'", "\u2019")


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One spelling of one named thing.

    Attributes:
        name: The spelling to match, e.g. "Iran (Islamic Republic of)".
        label: MEMBER_STATE, OBSERVER, GROUP or UN_BODY.
        norm_id: The canonical id: ISO alpha-3 for states, a slug for the others.
        case_sensitive: Whether the spelling must match with the same case.
    """

    name: str
    label: str
    norm_id: str
    case_sensitive: bool


def _read_csv(filename: str) -> list[dict[str, str]]:
    text = resources.files("pipeline.nlp").joinpath("data", filename).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _spellings(name: str) -> list[str]:
    """Return ``name`` with each apostrophe style UN texts use."""
    if not any(a in name for a in _APOSTROPHES):
        return [name]
    variants = []
    for target in _APOSTROPHES:
        spelled = name
        for source in _APOSTROPHES:
            spelled = spelled.replace(source, target)
        variants.append(spelled)
    return variants


def _is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


@cache
def load_gazetteer() -> tuple[GazetteerEntry, ...]:
    """Return every spelling of every state, observer, group and UN body.

    Returns:
        The entries, states first, in file order, without duplicates.
    """
    entries: list[GazetteerEntry] = []
    seen: set[tuple[str, str]] = set()
    for row in _read_csv("states.csv"):
        for spelled in _spellings(row["name"]):
            if (spelled, row["norm_id"]) not in seen:
                seen.add((spelled, row["norm_id"]))
                entries.append(GazetteerEntry(spelled, row["label"], row["norm_id"], True))
    for row in _read_csv("organisations.csv"):
        for spelled in _spellings(row["name"]):
            if (spelled, row["norm_id"]) not in seen:
                seen.add((spelled, row["norm_id"]))
                case_sensitive = _is_acronym(spelled)
                entries.append(
                    GazetteerEntry(spelled, row["label"], row["norm_id"], case_sensitive)
                )
    return tuple(entries)


@cache
def state_names() -> dict[str, tuple[str, ...]]:
    """Return each state's spellings keyed by ISO alpha-3 (Member States and observers).

    Returns:
        ``{"TUR": ("Türkiye", "Turkey", ...), ...}`` in file order.
    """
    names: dict[str, list[str]] = {}
    for entry in load_gazetteer():
        if entry.label in STATE_LABELS:
            names.setdefault(entry.norm_id, []).append(entry.name)
    return {iso3: tuple(spellings) for iso3, spellings in names.items()}


@cache
def un_names() -> dict[str, str]:
    """Return the name used in the UN list of Member States, keyed by ISO alpha-3."""
    return {
        row["norm_id"]: row["name"] for row in _read_csv("states.csv") if row["kind"] == "un_name"
    }


def lookup_state(name: str) -> str | None:
    """Return the ISO alpha-3 code of a state name, ignoring case, or None.

    Args:
        name: Any spelling in the gazetteer, e.g. "COTE D'IVOIRE" or "Türkiye".

    Returns:
        The code, e.g. "CIV", or None when the name is not known.
    """
    return _state_codes().get(name.strip().casefold())


@cache
def _state_codes() -> dict[str, str]:
    """Each spelling, case-folded, to the first state (in file order) that has it.

    ``lookup_state`` read every spelling of every state per name (0.3 ms): 9,000 names
    of a record of 3,000 votes took 3 s.
    """
    codes: dict[str, str] = {}
    for iso3, spellings in state_names().items():
        for spelling in spellings:
            codes.setdefault(spelling.casefold(), iso3)
    return codes


# Where a body's long name turns from its short name to what it is for: "Ad Hoc
# Committee to Elaborate ...", "... on Cybercrime", "... for Criminal Purposes".
_SHORT_CUT = re.compile(r"\s+(?:to|on|for|in)\s+[A-Z]")


@cache
def short_forms() -> dict[str, tuple[tuple[str, str], ...]]:
    """The short forms of the bodies' long names, keyed by the first word of the short form.

    Returns:
        ``{"ad": (("Ad Hoc Committee", "UN_BODY|ahc_cybercrime"), ...), ...}``: the words
        of a long name before "to", "on", "for" or "in" followed by a capital, with the
        label and id of the body, when that short form is not a name of its own in the
        gazetteer.
    """
    own = {e.name.casefold() for e in load_gazetteer()}
    found: dict[str, list[tuple[str, str]]] = {}
    for entry in load_gazetteer():
        if entry.label in STATE_LABELS:
            continue
        cut = _SHORT_CUT.search(entry.name)
        if cut is None or len(entry.name[: cut.start()].split()) < 2:
            continue
        short = entry.name[: cut.start()]
        if short.casefold() in own:
            continue
        item = (short, f"{entry.label}|{entry.norm_id}")
        bucket = found.setdefault(short.split()[0].casefold(), [])
        if item not in bucket:
            bucket.append(item)
    # A short form of two bodies ("United Nations Office": UNODA, UNODC) names neither.
    bodies: dict[str, set[str]] = {}
    for items in found.values():
        for written, body in items:
            bodies.setdefault(written.casefold(), set()).add(body)
    return {
        first: tuple(i for i in items if len(bodies[i[0].casefold()]) == 1)
        for first, items in found.items()
        if any(len(bodies[i[0].casefold()]) == 1 for i in items)
    }


@cache
def _short_form_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each short form as ("LABEL|id", pattern), in the order of ``short_forms``."""
    return tuple(
        (key, re.compile(r"\b" + re.escape(short) + r"\b", re.IGNORECASE))
        for items in short_forms().values()
        for short, key in items
    )


@cache
def short_form_bodies() -> frozenset[str]:
    """The "LABEL|id" of every body that has a short form."""
    return frozenset(key for key, _ in _short_form_patterns())


def short_form_matches(
    text: str, named: Iterable[tuple[int, int, str]], known: Iterable[str] = ()
) -> list[tuple[int, int, str]]:
    """Short forms of bodies named in full earlier in ``text``, as character spans.

    Args:
        text: The text that was matched.
        named: (start, end, "LABEL|id") of every gazetteer match in it.
        known: "LABEL|id" of bodies named in full before this text (earlier paragraphs).

    Returns:
        (start, end, "LABEL|id") of each later short form of a body whose long name
        (longer than the short form) was matched before it, outside the given matches.
    """
    # Only the few bodies with a short form are looked for (the corpus's documents name
    # hundreds of other things): most texts name none of them and end here.
    bodies = short_form_bodies()
    by_key = {key: 0 for key in known if key in bodies}  # body -> where a short form may start
    named = sorted(named)
    for _, end, key in named:
        if key in bodies:
            by_key.setdefault(key, end)
    if not by_key:
        return []
    taken = Taken([(s, e) for s, e, _ in named])
    extra: list[tuple[int, int, str]] = []
    for key, pattern in _short_form_patterns():
        if key not in by_key:
            continue
        for match in pattern.finditer(text, by_key[key]):
            s, e = match.span()
            if not taken.overlaps(s, e):
                extra.append((s, e, key))
                taken.add(s, e)
    return sorted(extra)


def with_short_forms(units: Sequence[tuple[str, str]], entities: Sequence[Entity]) -> list[Entity]:
    """A document's entities with the short forms of bodies named in full in an earlier
    paragraph ("Also decides that the Ad Hoc Committee shall ..." in OP5 after the full
    name in OP1), in reading order.

    Args:
        units: (paragraph id, text) in reading order, as read.
        entities: The entities found in them, in reading order.

    Returns:
        The entities, with one more UN_BODY or GROUP entity for each such short form.
    """
    by_unit: dict[str, list[Entity]] = {}
    for entity in entities:
        by_unit.setdefault(entity.paragraph_id, []).append(entity)
    bodies = short_form_bodies()
    known: set[str] = set()  # the bodies with a short form named so far
    result: list[Entity] = []
    for unit_id, text in units:
        found = by_unit.get(unit_id, [])
        named = [(e.start, e.end, f"{e.label}|{e.norm_id}") for e in found if e.norm_id]
        extra = [
            Entity(text[s:e], key.split("|", 1)[0], s, e, unit_id, key.split("|", 1)[1])
            for s, e, key in short_form_matches(text, named, known)
            if not any(f.start < e and s < f.end for f in found)
        ]
        result += sorted([*found, *extra], key=lambda x: (x.start, x.end))
        # Every key named was kept in a list, searched and passed on for each paragraph:
        # a document naming thousands of symbols and dates paid for each of them.
        known.update(key for _, _, key in named if key in bodies)
    listed = {e.paragraph_id for e in result}
    result += [e for e in entities if e.paragraph_id not in listed]  # ids not in units
    return result
