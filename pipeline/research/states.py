"""Member states: resolve printed names to ISO 3166 alpha-3 and look up regional groups.

The crosswalk is ``un_member_states.csv`` in the votes folder (193 rows; the
columns ``name_short``, ``name_official``, ``undl_name`` and ``unvotes_name`` hold
the name variants, ``|``-joined). Names a state voted under before it changed them
("LIBYAN ARAB JAMAHIRIYA", "SWAZILAND"), and UN names the crosswalk lacks ("Netherlands
(Kingdom of the)"), live in ``data/extra_names.csv``; the
regional groups in ``data/regional_groups.csv`` (see ``data/README.md``).
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline import settings
from pipeline.errors import NormtraceError

DATA_DIR = Path(__file__).resolve().parent / "data"
REGIONAL_GROUPS_CSV = DATA_DIR / "regional_groups.csv"
EXTRA_NAMES_CSV = DATA_DIR / "extra_names.csv"
MEMBER_STATES_FILE = "un_member_states.csv"
NAME_COLUMNS = ("iso3", "name_short", "name_official", "undl_name", "unvotes_name")
GROUPS = (
    "African",
    "Asia-Pacific",
    "Eastern European",
    "Latin American and Caribbean",
    "Western European and Others",
)
NO_GROUP = "(none)"

_ISO3 = re.compile(r"^[A-Z]{3}$")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


class ResearchDataError(NormtraceError):
    """A research data file is missing or malformed; ``str(err)`` names file and reason."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def normalise_name(name: str) -> str:
    """Return a matching key for a state name: accents, case, punctuation and spacing folded.

    Args:
        name: A name as printed, e.g. "Côte d’Ivoire" or "COTE D'IVOIRE".

    Returns:
        The key, e.g. "cote d'ivoire" for both of those.
    """
    decomposed = unicodedata.normalize("NFKD", name.translate(_APOSTROPHES))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = re.sub(r"[^\w'()]+", " ", plain.casefold())
    return " ".join(plain.split())


@dataclass(frozen=True, slots=True)
class StateIndex:
    """Name-to-ISO3 lookup built from the member-state crosswalk and extra names."""

    by_name: Mapping[str, str]
    names: Mapping[str, str]
    members: frozenset[str]

    def resolve(self, name: str) -> str | None:
        """Return the ISO3 code for a printed name, or None when it is unknown."""
        return self.by_name.get(normalise_name(name))

    def name(self, iso3: str) -> str:
        """Return the short English name of a state (the code itself if unknown)."""
        return self.names.get(iso3, iso3)


def member_states_path(votes_dir: str | os.PathLike[str] | None = None) -> Path:
    """Return the path of ``un_member_states.csv`` in the votes folder.

    Raises:
        ResearchDataError: no votes folder was found.
    """
    folder = settings.votes_dir(votes_dir)
    if folder is None:
        raise ResearchDataError(
            votes_dir or "../shared/votes",
            f"votes folder not found (set ${settings.ENV_VOTES_DIR})",
        )
    return folder / MEMBER_STATES_FILE


def _read_rows(path: Path, required: Iterable[str]) -> list[dict[str, str]]:
    if path.exists() and not path.is_file():
        # A FIFO blocked the open for ever and /dev/zero never ended (issue 27).
        raise ResearchDataError(path, "not a regular file")
    try:
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in required if c not in (reader.fieldnames or [])]
            if missing:
                raise ResearchDataError(path, f"missing column(s) {', '.join(missing)}")
            return list(reader)
    except FileNotFoundError:
        raise ResearchDataError(path, "no such file") from None
    except UnicodeDecodeError as err:
        raise ResearchDataError(path, f"not UTF-8 text ({err.reason})") from None
    except csv.Error as err:  # an unclosed quote ran past the field limit: a traceback
        raise ResearchDataError(path, f"not a readable CSV ({err})") from None


def load_state_index(path: str | os.PathLike[str] | None = None) -> StateIndex:
    """Build the name lookup from ``un_member_states.csv`` plus ``data/extra_names.csv``.

    Args:
        path: The crosswalk CSV; default ``un_member_states.csv`` in ``settings.votes_dir()``.

    Returns:
        A StateIndex over every name variant of the 193 members and the extra names.

    Raises:
        ResearchDataError: the file is missing, lacks a column, or one name points to two
            states.
    """
    csv_path = Path(path) if path is not None else member_states_path()
    by_name: dict[str, str] = {}
    names: dict[str, str] = {}

    def add(name: str, iso3: str, source: Path) -> None:
        key = normalise_name(name)
        if key and by_name.setdefault(key, iso3) != iso3:
            raise ResearchDataError(source, f"name {name!r} maps to {by_name[key]} and {iso3}")

    members = set()
    for row in _read_rows(csv_path, NAME_COLUMNS):
        iso3 = row["iso3"].strip()
        if not _ISO3.match(iso3):
            raise ResearchDataError(csv_path, f"bad ISO3 code {iso3!r}")
        members.add(iso3)
        names[iso3] = row["name_short"].strip() or iso3
        for column in NAME_COLUMNS:
            for variant in (row.get(column) or "").split("|"):
                add(variant, iso3, csv_path)
    for row in _read_rows(EXTRA_NAMES_CSV, ("name", "iso3")):
        add(row["name"], row["iso3"].strip(), EXTRA_NAMES_CSV)
        names.setdefault(row["iso3"].strip(), row["name"].strip().title())
    return StateIndex(by_name=by_name, names=names, members=frozenset(members))


def resolve_names(names: Iterable[str], index: StateIndex) -> tuple[dict[str, str], list[str]]:
    """Map printed state names to ISO3 codes.

    Args:
        names: Names as printed (e.g. ``Document.sponsors``).
        index: The lookup from ``load_state_index``.

    Returns:
        ``(resolved, unknown)``: name to ISO3 for the names found, and the names not found,
        in input order.
    """
    resolved: dict[str, str] = {}
    unknown: list[str] = []
    for name in names:
        iso3 = index.resolve(name)
        if iso3 is None:
            unknown.append(name)
        else:
            resolved[name] = iso3
    return resolved, unknown


def load_regional_groups(path: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Return ISO3 to regional group, from ``data/regional_groups.csv`` by default.

    Raises:
        ResearchDataError: the file is missing, a group name is unknown, or a state is
            listed twice.
    """
    csv_path = Path(path) if path is not None else REGIONAL_GROUPS_CSV
    groups: dict[str, str] = {}
    for row in _read_rows(csv_path, ("iso3", "group")):
        iso3, group = row["iso3"].strip(), row["group"].strip()
        if group not in GROUPS:
            raise ResearchDataError(csv_path, f"unknown group {group!r} for {iso3}")
        if iso3 in groups:
            raise ResearchDataError(csv_path, f"{iso3} is listed twice")
        groups[iso3] = group
    return groups
