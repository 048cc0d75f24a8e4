"""Verbatim records: speaker turns and the votes announced in them."""

from __future__ import annotations

import dataclasses
import re

from pipeline.document import Paragraph, RecordedVote

# "Mr. Fifield (Australia):", "The President:", "Ms. Sharma (Department for ...):".
_SPEAKER = re.compile(
    r"^((?:The (?:Acting )?(?:President|Chair|Secretary-General|Vice-President))|"
    r"(?:(?:Mr|Mrs|Ms|Miss|Dr|Sir|Dame|Archbishop|Cardinal|Prince|Sheikh|Lord)\.?\s[^:()]{1,60}?))"
    r"\s*(?:\(([^)]{2,120})\))?\s*(?:\(spoke in [A-Za-z]+\))?:\s*(.*)$",
    re.DOTALL,
)
_VOTE = re.compile(
    r"(?:by (?:a recorded vote of )?)(\d{1,3})(?: votes)? to (\d{1,3}),? with (\d{1,3}) abstentions?",
)


def parse_record(
    paragraphs: list[Paragraph],
) -> tuple[list[Paragraph], tuple[RecordedVote, ...]]:
    """Mark speaker turns and collect announced votes.

    Every paragraph from a speaker's name to the next speaker is a ``speech``
    paragraph with that speaker; its id is ``speech_N`` or ``speech_N__para_K``.
    """
    out: list[Paragraph] = []
    votes: list[RecordedVote] = []
    turn = 0
    part = 0
    speaker: str | None = None
    affiliation: str | None = None
    for para in paragraphs:
        text = para.text
        if m := _SPEAKER.match(text):
            turn += 1
            part = 1
            speaker, affiliation, text = m.group(1).strip(), m.group(2), m.group(3).strip()
            ident = f"speech_{turn}"
        elif speaker is not None:
            part += 1
            ident = f"speech_{turn}__para_{part}"
        else:
            out.append(para)
            continue
        new = dataclasses.replace(
            para, id=ident, kind="speech", text=text, speaker=speaker, affiliation=affiliation
        )
        out.append(new)
        for vm in _VOTE.finditer(text):
            votes.append(
                RecordedVote(
                    paragraph_id=ident,
                    yes=int(vm.group(1)),
                    no=int(vm.group(2)),
                    abstain=int(vm.group(3)),
                    text=vm.group(0),
                )
            )
    return out, tuple(votes)
