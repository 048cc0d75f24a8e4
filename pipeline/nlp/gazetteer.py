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

Each name is expanded into the spellings that UN texts actually print: both the
straight and the typographic apostrophe ("Côte d'Ivoire", "Côte d’Ivoire").
State names match case-sensitively ("Chad", "Turkey" but not "turkey"); names
of groups and bodies match in any case ("Open-ended Working Group" and
"open-ended working group"), except acronyms ("AU" must not match French "au").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources

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
    wanted = name.strip().casefold()
    for iso3, spellings in state_names().items():
        if any(s.casefold() == wanted for s in spellings):
            return iso3
    return None
