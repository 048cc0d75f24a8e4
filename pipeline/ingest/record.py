"""Verbatim records: speaker turns and the votes announced in them."""

from __future__ import annotations

import dataclasses
import re

from pipeline.document import Paragraph, ParagraphKind, RecordedVote
from pipeline.ingest.blocks import Block

# "Mr. Fifield (Australia):", "The President:", "Ms. Sharma (Department for ...):".
_SPEAKER = re.compile(
    r"^((?:The (?:Acting )?(?:President|Chair|Secretary-General|Vice-President))|"
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Archbishop|Cardinal|Prince|Sheikh|Lord)\.?\s[^:()]{1,60}?))"
    r"\s*(?:\(([^)]{2,120})\))?\s*(?:\(spoke in [A-Za-z]+\))?:\s*(.*)$",
    re.DOTALL,
)
_ADOPTED = re.compile(
    r"^(?P<subject>.*?)\s*(?:,\s*as (?:amended|orally revised),)?\s*was (?:adopted|rejected) "
    r"by (?:a recorded vote of )?(?P<yes>\d{1,3})(?: votes?)? to (?P<no>\d{1,3})"
    r"(?:,? with (?P<abstain>\d{1,3}) abstentions?)?(?:\s*\((?P<outcome>[^)]+)\))?",
    re.DOTALL,
)
_LIST_LABELS = {"In favour:": "in_favour", "Against:": "against", "Abstaining:": "abstaining"}
_AND_NAMES = re.compile(r"\b(Bosnia|Trinidad|Antigua|Sao Tome|Saint Kitts|Saint Vincent)\s+and\s")
# The masthead of a record ends where the meeting opens.
CALLED_TO_ORDER = re.compile(r"^The meeting (?:was called to order|was resumed)\b")


def split_record_header(blocks: list[Block]) -> int:
    """Index of the first body block of a record (after "The meeting was called to order")."""
    for i, block in enumerate(blocks[:40]):
        if CALLED_TO_ORDER.match(block.text()):
            return i + 1
    return 0


def parse_record(
    paragraphs: list[Paragraph],
) -> tuple[list[Paragraph], tuple[RecordedVote, ...]]:
    """Mark speaker turns and collect announced votes.

    Every paragraph from a speaker's name to the next speaker is a ``speech``
    paragraph with that speaker; its id is ``speech_N`` or ``speech_N__para_K``.
    The lists of a recorded vote ("In favour:" and the names under it) are
    ``other`` paragraphs of the presiding officer's turn.
    """
    out: list[Paragraph] = []
    votes: list[RecordedVote] = []
    lists: dict[str, tuple[str, ...]] = {}
    current_list: str | None = None
    turn = part = 0
    speaker: str | None = None
    affiliation: str | None = None
    for para in paragraphs:
        text = para.text
        kind: ParagraphKind = "speech"
        if m := _SPEAKER.match(text):
            turn, part = turn + 1, 1
            speaker, affiliation, text = m.group(1).strip(), m.group(2), m.group(3).strip()
            ident = f"speech_{turn}"
        elif speaker is not None:
            part += 1
            ident = f"speech_{turn}__para_{part}"
        else:
            out.append(para)
            continue
        if text in _LIST_LABELS:
            current_list, kind = _LIST_LABELS[text], "other"
        elif current_list is not None:
            lists[current_list] = _names(text)
            current_list, kind = None, "other"
        out.append(
            dataclasses.replace(
                para, id=ident, kind=kind, text=text, speaker=speaker, affiliation=affiliation
            )
        )
        if vote := _vote(ident, text, lists):
            votes.append(vote)
            lists = {}
    return out, tuple(votes)


def _names(text: str) -> tuple[str, ...]:
    if text.strip().rstrip(".") == "None":
        return ()
    protected = _AND_NAMES.sub(lambda m: m.group(0).replace(" and ", " & "), text)
    return tuple(
        n.strip().rstrip(".").replace(" & ", " and ") for n in protected.split(",") if n.strip()
    )


def _vote(ident: str, text: str, lists: dict[str, tuple[str, ...]]) -> RecordedVote | None:
    # The words every match holds, looked for first: the pattern read each paragraph of a
    # record to its end from every position (four fifths of parse_record's time).
    if "was adopted by " not in text and "was rejected by " not in text:
        return None
    m = _ADOPTED.search(text)
    if not m:
        return None
    subject = re.sub(r"\s+", " ", m.group("subject")).strip() or None
    return RecordedVote(
        paragraph_id=ident,
        yes=int(m.group("yes")),
        no=int(m.group("no")),
        abstain=int(m.group("abstain") or 0),
        text=m.group(0).strip(),
        subject=subject,
        outcome=m.group("outcome"),
        in_favour=lists.get("in_favour", ()),
        against=lists.get("against", ()),
        abstaining=lists.get("abstaining", ()),
    )
