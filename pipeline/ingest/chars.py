"""Characters into lines: the per-character rules every PDF engine shares.

Each engine hands over characters with their baseline, size and weight;
``build_lines`` groups them into lines, drops glyphs drawn twice (old layouts
print headers twice for a bold effect) and turns raised small digits into
footnote markers instead of text, so "2013" followed by a superscript "2" reads as
the year 2013 with footnote 2. ``runs.py`` applies the same rules one text run at
a time; what it cannot vouch for comes back here.
"""

from __future__ import annotations

import ctypes
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pipeline.ingest.lines import Line

# A superscript is at most this share of its line's font size...
SUPERSCRIPT_SIZE = 0.82
# ...and its baseline sits at least this share of the line's size above the line's.
SUPERSCRIPT_RISE = 0.18
# UN PDFs carry most spaces as characters; a missing one shows as a gap this share
# of the font size wider than the line's usual gap between letters (justified and
# kerned lines spread letters by up to about 0.1 of the size, so this is tight).
WORD_GAP = 0.11
# Next to dashes, slashes and brackets, whose boxes are narrow, only a wide gap counts.
PUNCT_GAP = 0.2
TIGHT_AFTER = frozenset("-\u2013\u2014/([\u201c\u2018")
TIGHT_BEFORE = frozenset("-\u2013\u2014/)].,;:\u2019\u201d")
# A vertical gap of more than this many times the font size opens a new block.
GAP_LEADING = 1.45
# pdfium's own line breaks and characters that carry no text.
SKIP = frozenset("\r\n\x00\uffff")
# pdfium's text gives a line-end hyphen as U+FFFE (its code point is 0x02).
SOFT_HYPHENS = frozenset("\x02\xad\ufffe")


@dataclass(slots=True)
class Char:
    """One character with what the line rules need of its layout."""

    text: str
    x0: float
    x1: float
    baseline: float  # distance from the top of the page
    size: float
    bold: bool


def pdfium_chars(textpage: Any, text: str, height: float, start: int, end: int) -> list[Char]:
    """Characters ``start`` to ``end`` of a pdfium text page, one pdfium call per property.

    Args:
        textpage: The raw ``FPDF_TEXTPAGE`` handle.
        text: The page's text from ``FPDFText_GetText``; index i is character i.
        height: Page height in points (baselines are measured from the top).
        start: First character index.
        end: One past the last character index.

    Returns:
        The characters, without pdfium's generated spaces and line breaks.
    """
    import pypdfium2.raw as raw

    chars: list[Char] = []
    matrix = raw.FS_MATRIX()
    box = raw.FS_RECTF()
    x = ctypes.c_double()
    y = ctypes.c_double()
    box_ref, matrix_ref = ctypes.byref(box), ctypes.byref(matrix)
    x_ref, y_ref = ctypes.byref(x), ctypes.byref(y)
    for i in range(start, end):
        char = text[i]
        if char in SKIP or (char == " " and raw.FPDFText_IsGenerated(textpage, i)):
            continue  # pdfium's own spaces and line breaks; we place our own
        if char in SOFT_HYPHENS:
            char = "-"  # pdfium reports a line-end hyphen as a soft hyphen
        raw.FPDFText_GetLooseCharBox(textpage, i, box_ref)
        raw.FPDFText_GetCharOrigin(textpage, i, x_ref, y_ref)
        chars.append(
            Char(
                text=char,
                x0=box.left,
                x1=box.right,
                baseline=height - y.value,
                size=font_size(textpage, i, matrix, matrix_ref),
                bold=raw.FPDFText_GetFontWeight(textpage, i) >= 600,
            )
        )
    return chars


def font_size(textpage: Any, index: int, matrix: Any, matrix_ref: Any) -> float:
    """The font size of character ``index`` in points, rounded to 0.1."""
    import pypdfium2.raw as raw

    size = float(raw.FPDFText_GetFontSize(textpage, index))
    if size < 4:
        # Some producers set text at size 1 and scale it with the text matrix.
        raw.FPDFText_GetMatrix(textpage, index, matrix_ref)
        size *= abs(matrix.d) or abs(matrix.b) or 1.0
    return round(size, 1)


def build_lines(chars: Iterable[Char], page: int) -> list[Line]:
    """Group characters in stream order into lines, keeping footnote markers apart."""
    lines: list[Line] = []
    current: list[Char] = []
    seen: set[tuple[str, int, int]] = set()
    for ch in chars:
        # Glyphs drawn twice at (nearly) the same place are one glyph; the letters of
        # a ligature ("ffi") share one box and follow each other.
        key = (ch.text, int(ch.x0 * 2 + 0.5), int(ch.baseline * 2 + 0.5))
        if key in seen and not ch.text.isspace() and not (current and _same_box(current[-1], ch)):
            continue
        seen.add(key)
        if current and _starts_new_line(current[-1], ch):
            lines.append(finish_line(current, page))
            current = []
        current.append(ch)
    if current:
        lines.append(finish_line(current, page))
    return mark_gaps(lines)


def _same_box(a: Char, b: Char) -> bool:
    return a.x0 == b.x0 and a.x1 == b.x1 and a.baseline == b.baseline


def mark_gaps(lines: list[Line]) -> list[Line]:
    """Drop empty lines and mark those a wide vertical gap separates from the line above."""
    lines = [line for line in lines if line.text]
    for prev, line in zip(lines, lines[1:], strict=False):
        if line.top is not None and prev.top is not None and prev.size:
            line.gap_before = line.top - prev.top > GAP_LEADING * max(prev.size, line.size or 0)
    return lines


def _starts_new_line(last: Char, ch: Char) -> bool:
    return starts_new_line(last.baseline, last.size, last.x0, ch.baseline, ch.size, ch.x0)


def starts_new_line(
    last_baseline: float,
    last_size: float,
    last_x0: float,
    baseline: float,
    size: float,
    x0: float,
) -> bool:
    """Whether a character at (``x0``, ``baseline``) opens a line after the one before it."""
    size = max(size, last_size, 1.0)
    rise = abs(baseline - last_baseline)
    if rise > 0.6 * size:
        return True
    # Same baseline but the pen jumped far back left: a new line or column.
    return x0 < last_x0 - 3 * size and rise > 0.5


def keep_symbols(texts: list[str], raised: list[bool]) -> None:
    """Raised digits joined to a slash belong to a symbol set in a smaller size (A/RES/78/323)."""
    i, count = 0, len(texts)
    while True:
        try:
            i = raised.index(True, i)  # the next raised digit; most of a line has none
        except ValueError:
            return
        j = i
        while j < count and raised[j]:
            j += 1
        before = texts[i - 1] if i else ""
        after = texts[j] if j < count else ""
        if before == "/" or after == "/":
            raised[i:j] = [False] * (j - i)
        i = j


def finish_line(chars: list[Char], page: int) -> Line:
    """One line from its characters: text with spaces placed, markers, size, baseline."""
    sizes = Counter(c.size for c in chars if c.text != " ")
    size = sizes.most_common(1)[0][0] if sizes else chars[0].size
    main = [c.baseline for c in chars if c.size == size] or [chars[0].baseline]
    baseline = sorted(main)[len(main) // 2]
    text: list[str] = []
    markers: list[tuple[int, str]] = []
    prev: Char | None = None
    gaps = sorted(
        b.x0 - a.x1
        for a, b in zip(chars, chars[1:], strict=False)
        if not (a.text.isspace() or b.text.isspace())
    )
    usual = gaps[len(gaps) // 2] if gaps else 0.0
    raised = [
        c.text.isdigit()
        and c.size < SUPERSCRIPT_SIZE * size
        and baseline - c.baseline > SUPERSCRIPT_RISE * size
        for c in chars
    ]
    keep_symbols([c.text for c in chars], raised)
    for ch, is_marker in zip(chars, raised, strict=True):
        if is_marker:
            offset = len("".join(text).rstrip())
            if markers and markers[-1][0] == offset and prev is not None and prev.text.isdigit():
                markers[-1] = (offset, markers[-1][1] + ch.text)
            else:
                markers.append((offset, ch.text))
            prev = ch
            continue
        if prev is not None and not ch.text.isspace() and not (text and text[-1] == " "):
            gap = ch.x0 - prev.x1
            tight = ch.text in TIGHT_BEFORE or prev.text in TIGHT_AFTER
            if gap > PUNCT_GAP * size or (not tight and gap > usual + WORD_GAP * size):
                text.append(" ")
        text.append(" " if ch.text.isspace() else ch.text)
        prev = ch
    joined = "".join(text)
    stripped = joined.lstrip()
    shift = len(joined) - len(stripped)
    markers = [(max(0, off - shift), m) for off, m in markers]
    visible = [c for c in chars if not c.text.isspace()]
    return Line(
        text=stripped.rstrip(),
        page=page,
        x0=min((c.x0 for c in visible), default=chars[0].x0),
        top=baseline,
        size=size,
        bold=sum(c.bold for c in visible) > len(visible) / 2,
        markers=markers,
    )
