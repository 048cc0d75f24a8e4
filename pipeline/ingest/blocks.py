"""Group cleaned body lines into blocks: one block per paragraph of the source."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from pipeline.ingest.clean import collapse_spaces, join_parts
from pipeline.ingest.lines import Line

# Footnote markers travel inside block text between these two private-use
# characters until the paragraph is final, so joining lines cannot lose them.
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
_MARKED = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[,.;:])")  # removed: no template to expand
# What that pattern can match in a printable text, whose only whitespace is " ".
_PRINTABLE_BEFORE_PUNCT = re.compile(" [,.;:]")
# A run of spaces or a space before punctuation: a printable text with neither is left
# as it is by collapse_spaces and _SPACE_BEFORE_PUNCT alike.
_PRINTABLE_SPACE_WORK = re.compile(" [ ,.;:]")
NUMBERED = re.compile(r"^(?:\d{1,3}\.(?:\d{1,2}\.?)?|\([a-z]{1,4}\)|[a-z]\))\s")
_ANNEX_LINE = re.compile(r"^(?:Annex|Appendix|Enclosure)(?: [IVX]+| \d+)?$")
_ANNEX_FIRST = frozenset("AE")  # what _ANNEX_LINE's match opens with
_LABEL_ONLY = re.compile(r"^(?:Article \d+|Chapter [IVXLC]+|Part [IVXLC]+|Section [IVXLC\d]+)\.?$")
_NUMBER_ONLY = re.compile(r"^(?:\d{1,3}\.|\([a-z]{1,4}\))$")
_NUMBER_ONLY_LONGEST = 6  # "(viii)"
_LABEL_FIRST = frozenset("ACPS")  # what a _LABEL_ONLY match opens with
# What a NUMBERED or _NUMBER_ONLY match opens with, besides a decimal digit (``\d``).
_NUMBERED_FIRST = frozenset("(abcdefghijklmnopqrstuvwxyz")
_LABEL_LINES = 3  # the most lines a number or label alone ("Article 1") may take


@dataclass(slots=True)
class Block:
    """Consecutive lines that make one paragraph (or one header item)."""

    lines: list[Line]
    # The text stripped of its markers, with the markers and the number of lines it was
    # made from: lines are only ever appended to a block (while blocks are made), and
    # their text is final by then.
    _stripped: tuple[int, tuple[str, tuple[str, ...]]] | None = field(
        default=None, repr=False, compare=False
    )

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def bold(self) -> bool:
        # A loop, not all() over a generator: asked twice a block, most with one line.
        for line in self.lines:
            if not line.bold:
                return False
        return True

    @property
    def start(self) -> int:
        return self.lines[0].offset

    @property
    def end(self) -> int:
        return self.lines[-1].offset + len(self.lines[-1].text)

    def text(self, keep_markers: bool = False) -> str:
        """The block's text, lines joined; footnote markers kept as sentinels or dropped.

        Kept, the text's runs of whitespace are not collapsed yet: ``strip_markers``
        collapses them, after the markers are out, as it would have before (a run is
        one space either way), and the marked text is read through it alone.
        """
        return self._marked_text() if keep_markers else self.stripped()[0]

    def stripped(self) -> tuple[str, tuple[str, ...]]:
        """``strip_markers(self.text(keep_markers=True))``, made once for the block."""
        cached = self._stripped
        if cached is not None and cached[0] == len(self.lines):
            return cached[1]
        stripped = strip_markers(self._marked_text())
        self._stripped = (len(self.lines), stripped)
        return stripped

    def _marked_text(self) -> str:
        # Not kept: the stripped text is made from it once, and the marked text itself
        # is asked for once a document (a decision's opening block).
        return join_parts(
            [_with_markers(line) if line.markers else line.text for line in self.lines]
        )


def _with_markers(line: Line) -> str:
    text = line.text
    # Built in one pass: inserting each marker into the whole line was quadratic (issue 27).
    pieces, start = [], 0
    for offset, marker in sorted(line.markers):
        pieces += [text[start:offset], f"{MARK_OPEN}{marker}{MARK_CLOSE}"]
        start = max(start, offset)
    pieces.append(text[start:])
    return "".join(pieces)


def strip_markers(text: str) -> tuple[str, tuple[str, ...]]:
    """Remove marker sentinels; return the clean text and the markers in order."""
    markers: tuple[str, ...] = ()
    clean = text
    if MARK_OPEN in text:
        markers = tuple(_MARKED.findall(text))
        clean = _MARKED.sub("", text)
    printable = clean.isprintable()  # then its only whitespace is " "
    if printable and not _PRINTABLE_SPACE_WORK.search(clean):
        return clean.strip(), markers  # most blocks: one scan for both rules below
    clean = collapse_spaces(clean, printable)
    if not printable or _PRINTABLE_BEFORE_PUNCT.search(clean):
        clean = _SPACE_BEFORE_PUNCT.sub("", clean)
    return clean.strip(), markers


def make_blocks(lines: list[Line], line_per_paragraph: bool = False) -> list[Block]:
    """Split lines into blocks at gaps, first-line indents and paragraph numbers.

    Args:
        lines: Body lines in reading order.
        line_per_paragraph: Every line is a paragraph of its own (plain speeches).
    """
    left = _left_margin(lines)
    blocks: list[Block] = []
    # The line before, and its text stripped: each line's text is stripped once, here,
    # rather than again when the next line is judged against it.
    prev: Line | None = None
    prev_text = ""
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        # Every line of a speech, and a line after a gap (most lines of a text), opens a
        # block at once; the other lines are judged by _opens_block.
        if (
            prev is None
            or line_per_paragraph
            or line.gap_before
            or _opens_block(line, text, prev, prev_text, left)
        ):
            blocks.append(Block([line]))
        else:
            blocks[-1].lines.append(line)
        prev, prev_text = line, text
    return _merge_continuations(blocks)


def _left_margin(lines: list[Line]) -> float | None:
    """The left edge most lines start at, rounded to a point (None for text sources).

    The lines of a document start at a few dozen edges: each edge is counted (in C)
    first and rounded once, not once a line. The rounded edges keep the order of the
    lines that first had them, so a tie goes to the edge it went to when every line
    was rounded.
    """
    counts: dict[int, int] = {}
    for x0, lines_at in Counter([line.x0 for line in lines]).items():
        if x0 is not None:
            edge = round(x0)
            counts[edge] = counts.get(edge, 0) + lines_at
    # The first edge of the most lines, as Counter.most_common(1) chose it.
    return float(max(counts, key=counts.__getitem__)) if counts else None


def _opens_block(line: Line, text: str, prev: Line, prev_text: str, left: float | None) -> bool:
    """Whether a line that follows ``prev`` without a gap opens a block of its own.

    ``text`` and ``prev_text`` are the two lines' texts, stripped.
    """
    opens = text[:1]
    # _ANNEX_LINE tried only on a line opening as it must (most lines open otherwise).
    if (opens in _ANNEX_FIRST and _ANNEX_LINE.match(text)) or (
        prev_text[:1] in _ANNEX_FIRST and _ANNEX_LINE.match(prev_text)
    ):
        return True  # "Annex" stands alone above the annex title
    # A line whose text opens with a letter (most lines: a word) is numbered only as
    # "a) ": _NUMBER_ONLY opens with a digit or "(", and NUMBERED, matched on the line
    # as it is (a space before the letter fails it), with one of those or "[a-z])".
    if opens.isalpha() and text[1:2] != ")":
        numbered = None
    else:
        numbered = NUMBERED.match(line.text) or _NUMBER_ONLY.match(text)
    if numbered and not _NUMBER_ONLY.match(prev_text):
        # A line that opens with "2." starts a paragraph unless the previous line
        # broke in the middle of a reference ("resolution" / "2.").
        ends = prev.text.rstrip()
        return ends.endswith((".", ";", ":", ",", " or", " and")) or line.page != prev.page
    if line.page != prev.page:
        return True  # _merge_continuations judges whether the page break split a paragraph
    if line.size is not None and prev.size is not None:
        if abs(line.size - prev.size) > 0.5 or line.bold != prev.bold:
            return True  # a heading above or below body text
    if left is not None and line.x0 is not None and prev.x0 is not None:
        # A first-line indent after a line at the margin opens a paragraph of the
        # UN layout (lines of a centred heading are not indents).
        return line.x0 > left + 8 and line.x0 > prev.x0 + 8 and prev.x0 <= left + 8
    return False


def _merge_continuations(blocks: list[Block]) -> list[Block]:
    """Rejoin paragraphs cut by a page break or a number left on a line of its own."""
    merged: list[Block] = []
    for block in blocks:
        if merged and _continues(merged[-1], block):
            merged[-1].lines.extend(block.lines)
        else:
            merged.append(block)
    return merged


def _continues(prev: Block, block: Block) -> bool:
    first = block.lines[0].text.lstrip()
    # A number or a label alone is a line or two; joining a long block's lines again
    # for every line added to it was quadratic (issue 27).
    prev_all = prev.stripped()[0] if len(prev.lines) <= _LABEL_LINES else ""
    # Each pattern is tried only on a text that can match it (by its length or first
    # character): four patterns a block were a sixth of the blocks' time.
    if len(prev_all) <= _NUMBER_ONLY_LONGEST and _NUMBER_ONLY.match(prev_all):
        return True  # "3." then the paragraph's words
    if prev_all[:1] in _LABEL_FIRST and _LABEL_ONLY.match(prev_all):
        # "Article 1" then its title "Statement of purpose".
        title = block.text()
        return len(title) < 200 and not title.endswith((".", ",", ";", ":"))
    opens = first[:1]
    numbered = opens.isdecimal() or opens in _NUMBERED_FIRST
    if numbered and (NUMBERED.match(first) or _NUMBER_ONLY.match(first.strip())):
        return False
    if opens.islower():
        return True
    if block.page == prev.lines[-1].page or block.bold != prev.bold:
        return False
    prev_text = prev.lines[-1].text.rstrip()
    x_new, x_prev = block.lines[0].x0, prev.lines[-1].x0
    if x_new is not None and x_prev is not None and len(prev.lines) > 1:
        # CASE PDF: the new page goes on at the margin of the paragraph's wrapped
        # lines, not at a first-line indent.
        return x_new <= x_prev + 4 and not prev_text.endswith((".", ";", ":"))
    # CASE text: a page that opens mid-sentence.
    return not prev_text.endswith((".", ",", ";", ":"))
