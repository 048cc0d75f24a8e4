"""Write diff reports as one self-contained HTML file. Formats; computes nothing.

The page loads nothing from the network (inline CSS, no scripts, a Content Security
Policy that forbids fetching), shows the summary first, then controls that need no
script (hide unchanged paragraphs, show one significance, show or hide each kind: CSS
``:has`` over checkboxes), then the two documents side by side with deletions,
insertions and moves coloured, each change with its significance and reason and links
to the previous and next change, the passages that paragraphs share beyond the aligned
pairs (marked in both), and a legend of kinds, flags and significance. A print
stylesheet prints what is shown, in colour, without the controls. Paragraphs are
shown as cited (PP3, OP5(a)), their id on hover; every paragraph id is an anchor
(``old-para_3``, ``new-para_5``; ``s2-old-para_3`` in the second step of a chain).
Jinja2 autoescapes all document text.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import TextIO

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from pipeline.document import CHANGE_KINDS, DiffReport, cite
from pipeline.report.legend import legend, overlap_cap_notes
from pipeline.report.overlaps import overlap_pairs

MAX_PAIRS = 40  # pairs of paragraphs shown in the overlap section (the JSON has all)
TEMPLATES = Path(__file__).parent / "templates"


@cache
def template_environment() -> Environment:
    """The Jinja environment of our HTML templates: autoescaped, strict about names."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["pct"] = lambda value: f"{value:.1%}"
    env.filters["cite"] = cite  # a reader sees OP3(a); the id stays the anchor and title
    return env


def format_html(reports: DiffReport | Sequence[DiffReport]) -> str:
    """Render one report, or each step of a chain, as an HTML page.

    Args:
        reports: A DiffReport, or the reports of a chain's steps.

    Returns:
        The HTML document as a string.
    """
    steps = [reports] if isinstance(reports, DiffReport) else list(reports)
    prefixes = [""] if len(steps) == 1 else [f"s{n}-" for n in range(1, len(steps) + 1)]
    template = template_environment().get_template("diff.html.j2")
    shown = [(p, r, overlap_pairs(r), _neighbours(r)) for p, r in zip(prefixes, steps, strict=True)]
    return template.render(
        steps=shown,
        kinds=CHANGE_KINDS,
        legend=legend(),
        max_pairs=MAX_PAIRS,
        cap_notes=overlap_cap_notes,
    )


def _neighbours(report: DiffReport) -> dict[int, tuple[int | None, int | None]]:
    """For each change that is not ``unchanged`` (1-based, as the rows' anchors), the
    previous and next such change, None at either end."""
    changed = [n for n, c in enumerate(report.changes, 1) if c.kind != "unchanged"]
    return {
        n: (changed[i - 1] if i else None, changed[i + 1] if i + 1 < len(changed) else None)
        for i, n in enumerate(changed)
    }


def write_html(reports: DiffReport | Sequence[DiffReport], fp: TextIO) -> None:
    """Write one report, or each step of a chain, as a self-contained HTML page.

    Args:
        reports: A DiffReport, or the reports of a chain's steps.
        fp: A text stream to write to (UTF-8).
    """
    fp.write(format_html(reports))
