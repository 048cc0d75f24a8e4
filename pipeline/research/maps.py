"""World maps of votes and sponsorships, as data: each Member State's category.

``vote_map`` gives every state its vote (the palette of the other vote figures,
``votes.VOTE_COLOURS``), ``change_map`` how its vote moved between two resolutions, and
``sponsor_map`` its part in a draft (main sponsor, co-sponsor). All three build one
``MapSpec``, which ``pipeline.report.maps`` draws and writes (PNG, SVG, HTML).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pipeline.research.votes import (
    CHANGES,
    VOTE_CODES,
    VOTE_COLOURS,
    VOTE_LABELS,
    Comparison,
    Tally,
)

# Okabe-Ito colours not used by the vote palette, so a change map is never read as a vote.
CHANGE_COLOURS = {
    "stayed": "#56B4E9",
    "switched": "#E69F00",
    "became_absent": "#CC79A7",
    "returned": "#0072B2",
    "absent_both": VOTE_COLOURS["X"],
}
CHANGE_LABELS = {
    "stayed": "Same vote",
    "switched": "Switched",
    "became_absent": "Became absent",
    "returned": "Returned",
    "absent_both": "Absent both times",
}
# A switch by its direction: Y->N and N->Y are apart (Paul Tol's indigo and wine, read
# as no vote; a switch to abstain keeps the orange of "switched").
SWITCH_COLOURS = {
    "switched_to_yes": "#332288",
    "switched_to_no": "#882255",
    "switched_to_abstain": CHANGE_COLOURS["switched"],
}
SWITCH_LABELS = {
    "switched_to_yes": "Switched to yes",
    "switched_to_no": "Switched to no",
    "switched_to_abstain": "Switched to abstain",
}
_TO = {"Y": "switched_to_yes", "N": "switched_to_no", "A": "switched_to_abstain"}
SPONSOR_COLOURS = {"main": "#0072B2", "co": "#56B4E9", "none": "#E4E4E4"}
SPONSOR_LABELS = {"main": "Main sponsor", "co": "Co-sponsor", "none": "Not a sponsor"}


@dataclass(frozen=True, slots=True)
class MapSpec:
    """What a map shows: a category per state, the legend, the title and the source.

    ``categories`` maps ISO3 to a key of ``colours``; ``labels`` gives each key's legend
    label (in legend order) and ``counts`` its count; ``names`` the states' names for
    tooltips and the HTML list. States without a category are drawn as non-members.
    """

    title: str
    subtitle: str
    source: str
    categories: Mapping[str, str]
    colours: Mapping[str, str]
    labels: Mapping[str, str]
    counts: Mapping[str, int]
    names: Mapping[str, str] = field(default_factory=dict)
    unmarked: frozenset[str] = frozenset()  # categories whose small states get no marker


def _tally_date(tally: Tally) -> str:
    return f" · {tally.date}" if tally.date else ""


def vote_map(
    votes: Mapping[str, str],
    tally: Tally,
    *,
    source: str,
    title: str = "",
    names: Mapping[str, str] | None = None,
) -> MapSpec:
    """The map of one recorded vote.

    Args:
        votes: ISO3 to vote code (Y, N, A, X) for every state on the record.
        tally: The vote's Tally (resolution, date, counts for the legend).
        source: Where the votes come from (a file name, a verbatim record's symbol).
        title: The resolution's title, shown under the symbol when given.
        names: ISO3 to the state's name, for tooltips.

    Returns:
        The MapSpec.
    """
    return MapSpec(
        title=f"{tally.resolution}{_tally_date(tally)}",
        subtitle=title,
        source=source,
        categories=dict(votes),
        colours=VOTE_COLOURS,
        labels={code: VOTE_LABELS[code] for code in VOTE_CODES},
        counts=tally.counts(),
        names=dict(names or {}),
    )


def change_map(
    comparison: Comparison, *, source: str, names: Mapping[str, str] | None = None
) -> MapSpec:
    """The map of how each state's vote moved from one resolution to the other.

    A switch is coloured by its direction: to yes, to no, to abstain (Y->N and N->Y
    apart); the other states by their change (same vote, became absent ...).

    Args:
        comparison: From ``votes.compare``.
        source: Where the votes come from.
        names: ISO3 to the state's name (default: as printed in the votes); each name is
            followed by its two votes, "India (Yes → Abstain)".

    Returns:
        The MapSpec; states on one record only are drawn as non-members.
    """
    states = comparison.states
    a, b = comparison.a, comparison.b
    # A switch is drawn by its direction (to yes, to no, to abstain), the rest by change.
    categories = {
        iso3: _TO.get(vote_b, change) if change == "switched" else change
        for iso3, change, vote_b in zip(
            states["iso3"], states["change"], states["vote_b"], strict=True
        )
    }
    keys = [k for c in CHANGES for k in ((*SWITCH_LABELS,) if c == "switched" else (c,))]
    values = list(categories.values())
    return MapSpec(
        title=f"{a.resolution}{_tally_date(a)} → {b.resolution}{_tally_date(b)}",
        subtitle="How each Member State's vote changed",
        source=source,
        categories=categories,
        colours={**CHANGE_COLOURS, **SWITCH_COLOURS},
        labels={k: {**CHANGE_LABELS, **SWITCH_LABELS}[k] for k in keys},
        counts={k: values.count(k) for k in keys},
        names={
            iso3: f"{(names or {}).get(iso3, state)} ({VOTE_LABELS[a]} → {VOTE_LABELS[b]})"
            for iso3, state, a, b in zip(
                states["iso3"], states["state"], states["vote_a"], states["vote_b"], strict=True
            )
        },
    )


def sponsor_map(
    main: Sequence[str],
    co: Sequence[str],
    members: Sequence[str],
    *,
    symbol: str,
    title: str = "",
    source: str,
    names: Mapping[str, str] | None = None,
) -> MapSpec:
    """The map of a draft's sponsors: main sponsors, co-sponsors, the other Member States.

    Args:
        main: ISO3 codes of the main sponsors.
        co: ISO3 codes of the co-sponsors (a main sponsor listed here counts as main).
        members: Every Member State's ISO3 code (the rest are "not a sponsor").
        symbol: The draft's symbol, for the title.
        title: The draft's title.
        source: Where the sponsors were read.
        names: ISO3 to name, for tooltips.

    Returns:
        The MapSpec.
    """
    categories = {iso3: "none" for iso3 in members}
    categories.update({iso3: "co" for iso3 in co})
    categories.update({iso3: "main" for iso3 in main})
    counts = {key: sum(1 for v in categories.values() if v == key) for key in SPONSOR_LABELS}
    return MapSpec(
        title=f"Sponsors of {symbol}",
        subtitle=title,
        source=source,
        categories=categories,
        colours=SPONSOR_COLOURS,
        labels=SPONSOR_LABELS,
        counts=counts,
        names=dict(names or {}),
        unmarked=frozenset({"none"}),
    )
