"""Per-state votes read from a verbatim record, in the form ``votes.load_votes`` returns.

The per-state votes folder ends in 2020; a verbatim record of the General Assembly
(A/79/PV.64) prints every later recorded vote itself: the counts read out ("adopted by
105 votes to 9, with 33 abstentions (resolution 79/284)") and the names under "In
favour:", "Against:" and "Abstaining:" (``Document.recorded_votes``). ``record_votes``
turns the votes that became resolutions into the long table that ``votes.tally``,
``votes.compare`` and the maps read: one row per Member State, the states in no list
as "X" (non-voting), the record named in the table's ``source``.

Before a vote is used it is checked against the counts the record itself announces: a
list whose length differs from its announced count, a printed name that resolves to no
Member State, or a state printed twice is an error (``RecordVotesError``), never a
table with a silently wrong tally.

A resolution's own AKN4UN XML lists its recorded vote the same way (``ingest.akn``):
``--record A_RES_75_240.en.xml`` reads it, checked like a record's.

A record can come from a file or from a corpus store (``pipeline.corpus.store``), which
keeps the record's paragraphs and speakers but not the parsed votes:
``pipeline.corpus.record_votes.store_record_votes`` rebuilds the speaker turns and parses
them again.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from pathlib import Path

import pandas as pd

from pipeline.document import Document, RecordedVote
from pipeline.research.crosscheck import outcome_resolution
from pipeline.research.sponsors import Lookup, default_lookup
from pipeline.research.states import (
    NO_GROUP,
    ResearchDataError,
    StateIndex,
    load_regional_groups,
    load_state_index,
)

_LISTS = (("Y", "in_favour", "yes"), ("N", "against", "no"), ("A", "abstaining", "abstain"))
_TURN = re.compile(r"^speech_\d+$")


class RecordVotesError(ResearchDataError):
    """A record's printed lists disagree with its announced counts, or name an unknown state."""


def record_source(doc: Document) -> str:
    """Name a record for the ``source`` of every output: "A/79/PV.64 (A_79_PV.64.pdf)"."""
    name = Path(doc.source).name if doc.source else ""
    if doc.symbol and name:
        return f"{doc.symbol} ({name})"
    return doc.symbol or name or "verbatim record"


def _check(vote: RecordedVote, resolution: str, where: str) -> None:
    """Raise when a printed list is not as long as the count read out for it."""
    announced = (vote.yes, vote.no, vote.abstain)
    listed = (len(vote.in_favour), len(vote.against), len(vote.abstaining))
    if announced != listed:
        raise RecordVotesError(
            where,
            f"{resolution}: the record announces {'-'.join(map(str, announced))} "
            f"(yes-no-abstain) but its lists hold {'-'.join(map(str, listed))}",
        )


def _codes(
    vote: RecordedVote, resolution: str, where: str, index: StateIndex, resolve: Lookup
) -> dict[str, tuple[str, str]]:
    """ISO3 to (vote code, printed name) of every name printed in the vote's lists.

    Raises:
        RecordVotesError: A list's length differs from its count, a name is no Member
            State, or a state is printed twice.
    """
    _check(vote, resolution, where)
    printed: dict[str, tuple[str, str]] = {}
    for code, attr, _label in _LISTS:
        for name in getattr(vote, attr):
            iso3 = resolve(name)
            if iso3 is None or iso3 not in index.members:
                raise RecordVotesError(where, f"{resolution}: {name!r} is not a Member State")
            if iso3 in printed:
                raise RecordVotesError(where, f"{resolution}: {name!r} is printed twice")
            printed[iso3] = (code, name)
    return printed


class _Columns:
    """The long table built column by column: a vote adds one cell per Member State.

    The members, their names and groups are listed once; a vote then costs two lists of
    193 cells (its codes and printed names) and references to strings already made, not
    193 dicts (3,000 votes of a record: 579,000 rows).
    """

    NAMES = ("resolution", "date", "state", "iso3", "group", "vote", "source", "name")

    def __init__(self, index: StateIndex, groups: dict[str, str]) -> None:
        self.members = sorted(index.members)
        self.names = [index.name(iso3) for iso3 in self.members]
        self.groups = [groups.get(iso3, NO_GROUP) for iso3 in self.members]
        self.cells: dict[str, list[str]] = {name: [] for name in self.NAMES}

    def add(
        self, resolution: str, date: str, source: str, printed: dict[str, tuple[str, str]]
    ) -> None:
        """One vote: a member in none of the three lists did not vote ("X"), as in UNDL."""
        n = len(self.members)
        votes = [
            printed.get(iso3, ("X", name))
            for iso3, name in zip(self.members, self.names, strict=True)
        ]
        cells = self.cells
        cells["resolution"] += [resolution] * n
        cells["date"] += [date] * n
        cells["source"] += [source] * n
        cells["state"] += [name for _, name in votes]
        cells["vote"] += [code for code, _ in votes]
        cells["iso3"] += self.members
        cells["group"] += self.groups
        cells["name"] += self.names

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.cells, columns=list(self.NAMES))


def record_votes(
    docs: Iterable[Document],
    *,
    index: StateIndex | None = None,
    groups: dict[str, str] | None = None,
    lookup: Lookup | None = None,
    keep: Collection[str] = (),
) -> pd.DataFrame:
    """Per-state votes of every recorded vote that became a resolution in the records.

    Votes on amendments, paragraphs or decisions (no "resolution NN/NN" outcome) are left
    out; they are not votes on a resolution.

    Args:
        docs: Ingested verbatim records (``pipeline.ingest.load_document``).
        index: The member-state crosswalk; default ``load_state_index()``.
        groups: ISO3 to regional group; default ``load_regional_groups()``.
        lookup: Printed name to ISO3; default ``sponsors.default_lookup(index)``.
        keep: Only the rows of these resolutions ("A/RES/79/283"); every vote is still
            checked. Empty: every resolution's rows.

    Returns:
        The table ``votes.load_votes`` returns (``resolution``, ``date``, ``state``,
        ``iso3``, ``group``, ``vote``, ``source``), 193 rows per resolution; its
        ``attrs["source"]`` names the records that hold a vote on a resolution.

    Raises:
        RecordVotesError: A list disagrees with its announced count, a printed name is no
            Member State, a state is printed twice, or a resolution is voted on twice.
    """
    index = index if index is not None else load_state_index()
    groups = groups if groups is not None else load_regional_groups()
    resolve = lookup if lookup is not None else default_lookup(index)
    table = _Columns(index, groups)
    sources: dict[str, None] = {}  # in order, each once
    seen: dict[str, str] = {}
    for doc in docs:
        where = record_source(doc)
        for vote in doc.recorded_votes:
            resolution = outcome_resolution(vote.outcome)
            if resolution is None:
                continue
            if resolution in seen:
                again = f"{resolution} is also voted on in {seen[resolution]}"
                raise RecordVotesError(where, again)
            seen[resolution] = where
            # A resolution's own markup dates its vote by the adoption, not the issue.
            date = doc.adoption_date or doc.date or ""
            printed = _codes(vote, resolution, where, index, resolve)
            if not keep or resolution in keep:
                table.add(resolution, date, where, printed)
            sources[where] = None
    frame = table.frame()
    frame.attrs["source"] = "; ".join(sources) or "verbatim records"
    return frame


def load_record_votes(
    paths: Sequence[str | os.PathLike[str]],
    load: Callable[[Path], Document] | None = None,
    keep: Collection[str] = (),
) -> pd.DataFrame:
    """Read verbatim record files and return their per-state votes (see ``record_votes``).

    ``load`` reads one file (default ``ingest.load_document``; the commands pass one
    that reads within a time and memory budget); ``keep`` as for ``record_votes`` (a
    command passes the resolutions it was asked about: a record of 3,000 votes made
    579,000 rows, 10 s and 470 MB, for a tally of one).

    Raises:
        RecordVotesError: As ``record_votes``, or a file holds no vote on a resolution.
    """
    from pipeline.ingest import load_document

    docs = [(load or load_document)(Path(p)) for p in paths]
    frame = record_votes(docs, keep=keep)
    if not any(outcome_resolution(v.outcome) for doc in docs for v in doc.recorded_votes):
        names = ", ".join(str(p) for p in paths)
        if any(doc.vote_outcome == "adoptedWithoutVote" for doc in docs):
            # A resolution's AKN4UN markup says so: there is no vote to count.
            raise RecordVotesError(names, "adopted without a vote (no recorded vote to count)")
        raise RecordVotesError(names, "no recorded vote on a resolution found")
    return frame


def _speaker_turns(doc: Document) -> Document:
    """Put each turn's speaker back in front of its first paragraph, as printed."""
    paragraphs = []
    for para in doc.paragraphs:
        if para.speaker and _TURN.match(para.id):
            who = f"{para.speaker} ({para.affiliation})" if para.affiliation else para.speaker
            para = dataclasses.replace(para, text=f"{who}: {para.text}")
        paragraphs.append(para)
    return dataclasses.replace(doc, paragraphs=tuple(paragraphs))


def stored_record(doc: Document) -> Document:
    """Parse the votes of a record rebuilt from a corpus store (which does not keep them).

    Args:
        doc: From ``Store.load_document``: paragraphs with ids ``speech_N`` and speakers.

    Returns:
        The document with ``recorded_votes`` filled, its paragraphs unchanged.
    """
    from pipeline.ingest.record import parse_record

    _, votes = parse_record(list(_speaker_turns(doc).paragraphs))
    return dataclasses.replace(doc, recorded_votes=votes)
