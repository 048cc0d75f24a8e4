"""Sponsors as the UN's markup lists them: the draft's sponsors apart from those who joined.

An AKN4UN resolution names, in its ``workflow``, the States on the draft's sponsor line
(``Document.sponsors``) and the additional sponsors who joined after it was issued
(``Document.additional_sponsors``). A PDF resolution prints neither; a draft prints only
the first list. ``markup_sponsors`` resolves both to ISO3 and ``markup_sponsor_map``
draws them as two categories, naming the file they were read from.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.document import Document
from pipeline.research.maps import MapSpec, sponsor_map
from pipeline.research.sponsors import Lookup, default_lookup, map_sponsors

_ON_BEHALF = re.compile(r"\s*\(on behalf of .*$", re.IGNORECASE | re.DOTALL)
_THE_AFTER = re.compile(r"\s*\(the\)$", re.IGNORECASE)
MARKUP_LABELS = {
    "main": "Sponsor of the draft",
    "co": "Additional sponsor",
    "none": "Not a sponsor",
}


@dataclass(frozen=True, slots=True)
class MarkupSponsors:
    """A resolution's sponsors in ISO3: on the draft, added later, and names left unresolved."""

    symbol: str | None
    draft: tuple[str, ...]
    additional: tuple[str, ...]
    unknown: tuple[str, ...]
    source: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "symbol": self.symbol,
            "draft": list(self.draft),
            "additional": list(self.additional),
            "unknown": list(self.unknown),
            "source": self.source,
        }


def is_markup(doc: Document) -> bool:
    """Whether a Document was read from AKN4UN (its paragraphs keep the markup's eIds)."""
    return bool(doc.additional_sponsors) or any(p.eid for p in doc.paragraphs)


def markup_source(doc: Document) -> str:
    """Name the file for every output: "the UN's markup of A/RES/75/240 (A_RES_75_240.en.xml)"."""
    name = Path(doc.source).name if doc.source else ""
    return f"the UN's markup of {doc.symbol or name}" + (f" ({name})" if name else "")


def markup_sponsors(doc: Document, *, lookup: Lookup | None = None) -> MarkupSponsors:
    """The sponsors of a resolution read from its markup, as ISO3 codes.

    A State on both lists counts as a sponsor of the draft.

    Args:
        doc: A Document read from AKN4UN (``sponsors`` and ``additional_sponsors``).
        lookup: Printed name to ISO3; default ``sponsors.default_lookup()``.

    Returns:
        Both lists in ISO3 (sorted) and the printed names that resolve to no State.
    """
    resolve = lookup if lookup is not None else default_lookup()
    draft = map_sponsors([state_name(n) for n in doc.sponsors], lookup=resolve)
    added = map_sponsors([state_name(n) for n in doc.additional_sponsors], lookup=resolve)
    return MarkupSponsors(
        symbol=doc.symbol,
        draft=draft.codes,
        additional=tuple(c for c in added.codes if c not in draft.codes),
        unknown=draft.unknown + added.unknown,
        source=markup_source(doc),
    )


def state_name(name: str) -> str:
    """The State in a sponsor as the markup lists it.

    "Nigeria (on behalf of the States Members of ... the Group of African States)" is
    Nigeria; "the Comoros" (the article of the sentence) and "Bahamas (The)" are the
    Comoros and the Bahamas.
    """
    name = _ON_BEHALF.sub("", name).strip()
    name = _THE_AFTER.sub("", name)
    return name[4:] if name.lower().startswith("the ") else name


def markup_sponsor_map(
    sponsors: MarkupSponsors,
    members: Sequence[str],
    *,
    title: str = "",
    names: Mapping[str, str] | None = None,
) -> MapSpec:
    """The world map of a resolution's sponsors: on the draft, additional, the others.

    Args:
        sponsors: From ``markup_sponsors``.
        members: Every Member State's ISO3 code.
        title: The resolution's title.
        names: ISO3 to name, for tooltips.

    Returns:
        The MapSpec, its legend "Sponsor of the draft" and "Additional sponsor".
    """
    spec = sponsor_map(
        sponsors.draft,
        sponsors.additional,
        members,
        symbol=sponsors.symbol or "",
        title=title,
        source=sponsors.source,
        names=names,
    )
    return dataclasses.replace(spec, labels=MARKUP_LABELS)
