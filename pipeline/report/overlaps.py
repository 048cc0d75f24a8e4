"""Shape a report's overlaps for reading: by paragraph pair, with passages marked.

Formats; computes nothing new: the passages and their offsets come from
``DiffReport.overlaps``, the paragraph texts from the report's own changes. Passages
marked ``boilerplate`` (titles, agenda items, formulas) are left out unless asked for
(issue 24); ``hidden_count`` says how many were left out, so a report can say so.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.document import DiffReport, Overlap


@dataclass(frozen=True, slots=True)
class OverlapPair:
    """The passages one old paragraph shares with one new paragraph."""

    old_id: str
    new_id: str
    old_cite: str
    new_cite: str
    words: int
    passages: tuple[Overlap, ...]
    # The two paragraphs cut into (text, marked) pieces; empty when the text is unknown.
    old_pieces: tuple[tuple[str, bool], ...]
    new_pieces: tuple[tuple[str, bool], ...]


def _texts(report: DiffReport) -> tuple[dict[str, str], dict[str, str]]:
    """Each paragraph's text, from the changes that hold it alone."""
    old: dict[str, str] = {}
    new: dict[str, str] = {}
    for change in report.changes:
        if len(change.old_ids) == 1:
            old[change.old_ids[0]] = change.old_text
        if len(change.new_ids) == 1:
            new[change.new_ids[0]] = change.new_text
    return old, new


def pieces(text: str, spans: list[tuple[int, int]]) -> tuple[tuple[str, bool], ...]:
    """Cut ``text`` into pieces, marking those inside ``spans`` (which may overlap).

    Args:
        text: A paragraph's text.
        spans: (start, end) character offsets of passages in it.

    Returns:
        (piece, marked) in order; joined, the pieces give back ``text``.
    """
    marked = [False] * len(text)
    for start, end in spans:
        for k in range(max(0, start), min(end, len(text))):
            marked[k] = True
    out: list[tuple[str, bool]] = []
    start = 0
    for k in range(1, len(text) + 1):
        if k == len(text) or marked[k] != marked[start]:
            out.append((text[start:k], marked[start]))
            start = k
    return tuple(out)


def hidden_count(report: DiffReport, *, boilerplate: bool = False) -> int:
    """How many of a report's overlaps ``overlap_pairs`` leaves out (the boilerplate)."""
    return 0 if boilerplate else sum(o.boilerplate for o in report.overlaps)


def overlap_pairs(report: DiffReport, *, boilerplate: bool = False) -> list[OverlapPair]:
    """Group a report's overlaps by paragraph pair, the pair sharing most words first.

    Args:
        report: A comparison with ``overlaps``.
        boilerplate: Keep the passages marked boilerplate (left out by default).

    Returns:
        One OverlapPair per (old paragraph, new paragraph) that share a passage.
    """
    old_texts, new_texts = _texts(report)
    groups: dict[tuple[str, str], list[Overlap]] = {}
    for overlap in report.overlaps:
        if overlap.boilerplate and not boilerplate:
            continue
        groups.setdefault((overlap.old_id, overlap.new_id), []).append(overlap)
    pairs = []
    for (old_id, new_id), passages in groups.items():
        old_text, new_text = old_texts.get(old_id, ""), new_texts.get(new_id, "")
        old_spans = [(o.old_start, o.old_end) for o in passages]
        new_spans = [(o.new_start, o.new_end) for o in passages]
        pairs.append(
            OverlapPair(
                old_id=old_id,
                new_id=new_id,
                old_cite=passages[0].old_cite,
                new_cite=passages[0].new_cite,
                words=sum(o.words for o in passages),
                passages=tuple(passages),
                old_pieces=pieces(old_text, old_spans) if old_text else (),
                new_pieces=pieces(new_text, new_spans) if new_text else (),
            )
        )
    return sorted(pairs, key=lambda p: (-p.words, -len(p.passages)))
