"""The intermediate form every reader produces: lines of text with their layout.

PDF readers fill in position, size and weight; the text reader leaves them None
and marks blank lines instead. Cleaning and structure work on this form only,
so a PDF and the text extracted from it go through the same parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Line:
    """One line of a page.

    Attributes:
        text: The characters of the line, footnote markers removed.
        page: 1-based page number.
        x0: Left edge in points (None for text sources).
        top: Baseline distance from the top of the page in points (None for text).
        size: Dominant font size (None for text).
        bold: Whether most characters are bold.
        markers: Footnote markers found in the line, as (offset in text, marker).
        gap_before: A blank line (text) or a vertical gap (PDF) precedes this line.
        offset: Where the line starts in the document's source text.
    """

    text: str
    page: int
    x0: float | None = None
    top: float | None = None
    size: float | None = None
    bold: bool = False
    markers: list[tuple[int, str]] = field(default_factory=list)
    gap_before: bool = False
    offset: int = 0


@dataclass(slots=True)
class Page:
    """The lines of one page, with the page's size where the source has one."""

    number: int
    lines: list[Line]
    width: float | None = None
    height: float | None = None
