"""Sponsors of draft resolutions: names as printed to ISO3, and what changed between drafts.

Ingestion puts the names of the sponsor line ("Austria, Belize, ... and Venezuela
(Bolivarian Republic of): draft resolution") in ``Document.sponsors`` as printed. This
module maps them to ISO 3166 alpha-3 with the NLP gazetteer (``pipeline.nlp.gazetteer``)
when it is installed, and with the member-state crosswalk otherwise or for names the
gazetteer does not know, then compares two sponsor sets: added, withdrew, kept.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.document import Document
from pipeline.research.states import GROUPS, NO_GROUP, StateIndex, load_state_index

Lookup = Callable[[str], str | None]

# Footnote markers and stray punctuation around a name: "Indonesia:*", "Chile,", "Fiji1".
_EDGE = re.compile(r"^[\s,;:*†‡]+|[\s,;:*†‡\d]+$")
_LEADING_AND = re.compile(r"^and\s+", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class SponsorList:
    """Sponsors of one draft as ISO3 codes, with the printed names that did not resolve."""

    codes: tuple[str, ...]
    unknown: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"codes": list(self.codes), "unknown": list(self.unknown)}


@dataclass(frozen=True, slots=True)
class SponsorChange:
    """How the sponsors of a later draft differ from those of an earlier one (sorted ISO3)."""

    added: tuple[str, ...]
    withdrew: tuple[str, ...]
    kept: tuple[str, ...]

    def by_group(self, groups: Mapping[str, str]) -> dict[str, dict[str, int]]:
        """Count added, withdrew and kept per regional group (groups in the fixed order).

        Args:
            groups: ISO3 to group, from ``states.load_regional_groups()``.

        Returns:
            ``{group: {"added": n, "withdrew": n, "kept": n}}`` for every group with a count;
            states without a group count under "(none)".
        """
        table = {g: {"added": 0, "withdrew": 0, "kept": 0} for g in (*GROUPS, NO_GROUP)}
        for kind, codes in (
            ("added", self.added),
            ("withdrew", self.withdrew),
            ("kept", self.kept),
        ):
            for code in codes:
                table[groups.get(code, NO_GROUP)][kind] += 1
        return {g: counts for g, counts in table.items() if any(counts.values())}

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict with the three lists and their sizes."""
        return {
            "added": list(self.added),
            "withdrew": list(self.withdrew),
            "kept": list(self.kept),
            "counts": {
                "added": len(self.added),
                "withdrew": len(self.withdrew),
                "kept": len(self.kept),
            },
        }


def default_lookup(index: StateIndex | None = None) -> Lookup:
    """Return a name-to-ISO3 function: the NLP gazetteer first, then the crosswalk.

    Args:
        index: The crosswalk lookup; default ``load_state_index()``.

    Returns:
        A function mapping a printed name to ISO3, or None when neither source knows it.
    """
    crosswalk = index if index is not None else load_state_index()
    try:
        from pipeline.nlp.gazetteer import lookup_state
    except ImportError:  # the gazetteer is optional here; the crosswalk suffices
        return crosswalk.resolve

    def lookup(name: str) -> str | None:
        return lookup_state(name) or crosswalk.resolve(name)

    return lookup


def _clean(name: str) -> str:
    return _LEADING_AND.sub("", _EDGE.sub("", name.strip())).strip()


def map_sponsors(names: Sequence[str], *, lookup: Lookup | None = None) -> SponsorList:
    """Map sponsor names as printed to ISO3 codes.

    Footnote markers and stray punctuation are stripped ("Indonesia:*"), a leading "and"
    is dropped, and two neighbours are rejoined with "and" when the joined name is a
    state and the halves are not ("Bosnia", "Herzegovina" to Bosnia and Herzegovina),
    which repairs a sponsor line split at every "and".

    Args:
        names: ``Document.sponsors`` or any list of printed names.
        lookup: Name to ISO3; default ``default_lookup()``.

    Returns:
        The codes (sorted, unique) and the cleaned names that did not resolve.
    """
    resolve = lookup if lookup is not None else default_lookup()
    cleaned = [c for c in (_clean(n) for n in names) if c]
    codes: set[str] = set()
    unknown: list[str] = []
    i = 0
    while i < len(cleaned):
        name = cleaned[i]
        code = resolve(name)
        if code is None and i + 1 < len(cleaned):
            joined = resolve(f"{name} and {cleaned[i + 1]}")
            if joined is not None:
                codes.add(joined)
                i += 2
                continue
        if code is None:
            unknown.append(name)
        else:
            codes.add(code)
        i += 1
    return SponsorList(codes=tuple(sorted(codes)), unknown=tuple(unknown))


def compare_sponsors(old: Iterable[str], new: Iterable[str]) -> SponsorChange:
    """Compare two sponsor sets given as ISO3 codes.

    Args:
        old: Sponsors of the earlier draft.
        new: Sponsors of the later draft.

    Returns:
        States added (in new only), that withdrew (in old only) and kept (in both).
    """
    before, after = set(old), set(new)
    return SponsorChange(
        added=tuple(sorted(after - before)),
        withdrew=tuple(sorted(before - after)),
        kept=tuple(sorted(before & after)),
    )


@dataclass(frozen=True, slots=True)
class DraftSponsors:
    """The sponsors of two drafts and what changed from the first to the second.

    ``names`` gives the short English name of every ISO3 code in either list.
    """

    old_symbol: str | None
    new_symbol: str | None
    old: SponsorList
    new: SponsorList
    change: SponsorChange
    names: Mapping[str, str]

    def rows(self) -> list[dict[str, str]]:
        """One row per state: ``change`` (added, withdrew, kept), ``iso3``, ``name``."""
        return [
            {"change": kind, "iso3": code, "name": self.names.get(code, code)}
            for kind, codes in (
                ("added", self.change.added),
                ("withdrew", self.change.withdrew),
                ("kept", self.change.kept),
            )
            for code in codes
        ]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: both drafts, the three lists with names, the counts."""

        def named(codes: Iterable[str]) -> list[dict[str, str]]:
            return [{"iso3": c, "name": self.names.get(c, c)} for c in codes]

        return {
            "old": {"symbol": self.old_symbol, **self.old.to_dict()},
            "new": {"symbol": self.new_symbol, **self.new.to_dict()},
            "added": named(self.change.added),
            "withdrew": named(self.change.withdrew),
            "kept": named(self.change.kept),
            "counts": self.change.to_dict()["counts"],
        }


def compare_drafts(
    old: Document,
    new: Document,
    *,
    lookup: Lookup | None = None,
    index: StateIndex | None = None,
) -> DraftSponsors:
    """Compare the sponsors of two ingested drafts.

    Args:
        old: The earlier draft (``pipeline.ingest.load_document``).
        new: The later draft.
        lookup: Name to ISO3; default ``default_lookup(index)``.
        index: The crosswalk, for the names of the codes; default ``load_state_index()``.

    Returns:
        Both sponsor lists, the change (added, withdrew, kept) and the states' names.
    """
    index = index if index is not None else load_state_index()
    resolve = lookup if lookup is not None else default_lookup(index)
    before = map_sponsors(old.sponsors, lookup=resolve)
    after = map_sponsors(new.sponsors, lookup=resolve)
    codes = set(before.codes) | set(after.codes)
    return DraftSponsors(
        old_symbol=old.symbol,
        new_symbol=new.symbol,
        old=before,
        new=after,
        change=compare_sponsors(before.codes, after.codes),
        names={code: index.name(code) for code in sorted(codes)},
    )
