"""Write diff reports as Markdown for notes and papers. Formats; computes nothing.

Deletions are struck through (``~~old~~``), insertions in bold (``**new**``); all
document text is escaped so that it cannot turn into Markdown or HTML. Paragraphs are
cited as a reader cites them (PP11, OP3(a)); their ids are in the JSON.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from pipeline.document import CHANGE_KINDS, Change, DiffReport, DocRef, cite
from pipeline.report.legend import (
    FLAG_MEANINGS,
    OVERLAP_MEANING,
    SIGNIFICANCE_MEANINGS,
    overlap_cap_notes,
)
from pipeline.report.overlaps import hidden_count, overlap_pairs

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")


def escape(text: str) -> str:
    """Escape Markdown and HTML syntax in document text; collapse line breaks."""
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _wrap(marker: str, text: str) -> str:
    """Escape a run and wrap it in ``marker``, edge spaces outside as Markdown requires."""
    core = text.strip()
    if not core:
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return f"{lead}{marker}{escape(core)}{marker}{trail}"


def _name(ref: DocRef) -> str:
    return escape(ref.symbol or ref.title or "(untitled)")


def _redline(change: Change) -> str:
    parts = []
    for op, text in change.tokens:
        if op == "equal":
            parts.append(_wrap("", text))
        elif op == "delete":
            parts.append(_wrap("~~", text))
        else:
            parts.append(_wrap("**", text))
    return "".join(parts)


def _cites(ids: Sequence[str], page: int | None = None) -> str:
    """Paragraphs as a reader cites them ("OP3 + OP4, p. 2"); the ids are in the JSON."""
    cited = escape(" + ".join(cite(i) for i in ids)) or "—"
    return f"{cited}, p. {page}" if ids and page else cited


def _change(n: int, change: Change) -> list[str]:
    old = _cites(change.old_ids, change.old_page)
    head = f"### {n}. {change.kind}: {old} → {_cites(change.new_ids, change.new_page)}"
    lines = [head, ""]
    if change.significance:
        lines += [f"Significance: **{change.significance}**: {escape(change.reason)}", ""]
    if change.flags:
        lines += ["Flags: " + ", ".join(f"`{flag}`" for flag in change.flags), ""]
    if change.tokens:
        lines += [_redline(change), ""]
    elif change.kind == "added":
        lines += [_wrap("**", change.new_text), ""]
    elif change.kind == "deleted":
        lines += [_wrap("~~", change.old_text), ""]
    else:
        lines += [escape(change.new_text), ""]
    return lines


def _overlaps(report: DiffReport) -> list[str]:
    pairs = overlap_pairs(report)
    hidden = hidden_count(report)
    if not pairs:
        return (
            [f"{hidden} shared passages are boilerplate (hidden; the JSON has them).", ""]
            if hidden
            else []
        )
    shown = len(report.overlaps) - hidden
    lines = [
        f"#### Shared across paragraphs ({shown} passages, {len(pairs)} pairs)",
        "",
        escape(OVERLAP_MEANING[0].upper() + OVERLAP_MEANING[1:]) + ".",
        "",
    ]
    if hidden:
        lines += [
            f"{hidden} more are boilerplate (titles, agenda items, formulas): hidden here, "
            "marked in the JSON.",
            "",
        ]
    for note in overlap_cap_notes(report.summary.get("overlap_cap")):
        lines += [note, ""]
    for pair in pairs:
        count = len(pair.passages)
        lines.append(
            f"- {escape(pair.old_cite)} ↔ {escape(pair.new_cite)}: "
            f"{count} passage{'s' if count > 1 else ''}, "
            f"{pair.words} content words"
        )
        for passage in pair.passages:
            line = f"  - {escape(passage.text)}"
            if passage.new_text != passage.text:
                line += f" / new: {escape(passage.new_text)}"
            lines.append(line)
    return [*lines, ""]


def _legend() -> list[str]:
    lines = ["#### Legend", ""]
    lines += [f"- **{level}**: {escape(text)}" for level, text in SIGNIFICANCE_MEANINGS.items()]
    lines += [f"- `{flag}`: {escape(text)}" for flag, text in FLAG_MEANINGS.items()]
    return [*lines, ""]


def format_markdown(report: DiffReport, *, unchanged: bool = False) -> str:
    """Format one report as Markdown.

    Args:
        report: The comparison to show.
        unchanged: Also list unchanged paragraphs (left out by default).

    Returns:
        The Markdown text.
    """
    s = report.summary
    lines = [
        f"## {_name(report.old)} → {_name(report.new)}",
        "",
        f"- Old: {_name(report.old)}: {escape(report.old.title or '')}",
        f"- New: {_name(report.new)}: {escape(report.new.title or '')}",
        f"- Similarity: {s['similarity']:.1%}; old found in new: "
        f"{s['overlap']['old_in_new']:.1%}; new found in old: {s['overlap']['new_in_old']:.1%}",
        "",
        "| " + " | ".join(CHANGE_KINDS) + " |",
        "|" + "---:|" * len(CHANGE_KINDS),
        "| " + " | ".join(str(s[kind]) for kind in CHANGE_KINDS) + " |",
        "",
    ]
    if s.get("significance"):
        counts = s["significance"]
        lines += [
            f"Significance: substantive {counts['substantive']}, editorial {counts['editorial']}",
            "",
        ]
    if s.get("flags"):
        lines += ["Flags: " + ", ".join(f"`{k}` {v}" for k, v in s["flags"].items()), ""]
    if s.get("shared_passages"):
        lines += [f"#### Shared passages ({s['shared_passage_count']})", ""]
        for passage in s["shared_passages"]:
            where = f"{_cites(passage['old_ids'])} → {_cites(passage['new_ids'])}"
            lines.append(f"- {where} ({passage['words']} words): {escape(passage['text'])}")
        lines.append("")
    lines += _overlaps(report)
    lines += ["#### Changes", ""]
    shown = [c for c in report.changes if unchanged or c.kind != "unchanged"]
    if not shown:
        lines += ["No changes: the two texts read the same.", ""]
    for n, change in enumerate(shown, 1):
        lines += _change(n, change)
    lines += _legend()
    return "\n".join(lines)


def write_markdown(
    reports: DiffReport | Sequence[DiffReport], fp: TextIO, *, unchanged: bool = False
) -> None:
    """Write one report, or each step of a chain, as Markdown.

    Args:
        reports: A DiffReport, or the reports of a chain's steps.
        fp: A text stream to write to.
        unchanged: Also list unchanged paragraphs.
    """
    steps = [reports] if isinstance(reports, DiffReport) else list(reports)
    fp.write("# normtrace diff\n\n")
    for report in steps:
        fp.write(format_markdown(report, unchanged=unchanged))
        fp.write("\n")
