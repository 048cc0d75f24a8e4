"""Separate page noise and footnotes from body text, without losing either.

Noise is what a page repeats and a reader skips: running headers (symbol, short
title), footers (job number, page counter, barcode). Footnotes are kept as
their own blocks. PDF lines carry positions and sizes, so noise and footnotes
are found by where they sit and how small they are; text lines carry neither,
so the page breaks and separators left by extraction stand in for them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterable
from dataclasses import dataclass, field

from pipeline.ingest.lines import Line, Page

# CASE: job number, alone or with the "(E)" and date stamp ("23-24434 (E) 131223").
_JOB = r"(?:GE\.)?\d{2}-\d{5}\s*(?:\(E\))?[\s\d]*"
_COUNTER = r"\d{1,3}\s*/\s*\d{1,3}"
NOISE_PATTERNS = [
    re.compile(rf"^{_JOB}$"),
    re.compile(rf"^{_COUNTER}$"),
    re.compile(rf"^(?:{_COUNTER}\s+)?{_JOB}(?:\s+{_COUNTER})?$"),
    re.compile(r"^\*\d{7,8}\*$"),  # barcode
    re.compile(r"^\d{1,3}$"),  # bare page number
    re.compile(r"^[*\s]*Please recycle\W*$", re.IGNORECASE),
    # 1990s layout: "A/52/622 / English / Page 3" at the top, "/..." at the foot.
    re.compile(r"^/\.\.\.$"),
    re.compile(r"^(?:English|French|Spanish|Russian|Arabic|Chinese)(?:\s+Page \d+)?$|^Page \d+$"),
]
# All of them in one pattern: one match call a line instead of eight.
_NOISE = re.compile(
    "|".join(
        f"(?i:{p.pattern})" if p.flags & re.IGNORECASE else f"(?:{p.pattern})"
        for p in NOISE_PATTERNS
    )
)
# What a line of page furniture can open with, by NOISE_PATTERNS: a digit (job number,
# counter, page number), "*" (barcode, "* Please recycle"), "Please" in any case, "Page",
# "/...", or one of _NOISE_WORDS. A line opening otherwise is not tried against _NOISE
# (the first letters of the words let "Agenda item 4", "States ..." through: 50,000
# such lines tried the pattern for nothing).
_NOISE_FIRST = frozenset("*Pp/")
_NOISE_WORDS = ("GE.", "English", "French", "Spanish", "Russian", "Arabic", "Chinese")
# What a line of page furniture opens with but a decimal digit: one look-up turns away
# most lines before the words are looked for.
_NOISE_OPENS = _NOISE_FIRST | {word[0] for word in _NOISE_WORDS}
_SEPARATOR = re.compile(r"^[_\u2014\u2013-]{5,}\s*$")
_SEPARATOR_FIRST = frozenset("_\u2014\u2013-")  # what a separator line opens with
_FOOTNOTE_START = re.compile(r"^(\d{1,3}(?=\s)|\*{1,3})\s*(\S.*)$")
_LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl"}


@dataclass(slots=True)
class Cleaned:
    """Body lines in reading order, footnote lines per page, and what was dropped."""

    body: list[Line]
    footnotes: list[Line]
    noise: list[Line] = field(default_factory=list)
    first_page: list[Line] = field(default_factory=list)


_COMPAT = re.compile("[\ufb50-\ufdff\ufe70-\ufefe\uff01-\uff5e]+")


def _drop_dot_leader(text: str) -> str:
    """Replace a dot leader before the line's closing page number with one space.

    The same as substituting ``\\s*(?:\\.\\s?){5,}\\s*(?=\\d*$)``, but read backwards
    from the end once: that pattern tried every dot of a line as a start, which made
    a line of 200,000 dots followed by a word quadratic (issue 27).
    """
    end = len(text)
    while end and text[end - 1].isdecimal():
        end -= 1
    body = text[:end].rstrip()
    i, dots = len(body), 0
    while i:
        if body[i - 1] == ".":
            dots, i = dots + 1, i - 1
        elif body[i - 1].isspace() and i > 1 and body[i - 2] == ".":
            i -= 1  # one space between two dots
        else:
            break
    if dots < 5:
        return text
    return body[:i].rstrip() + " " + text[end:]


def normalise_chars(text: str) -> str:
    """Undo ligatures, soft hyphens, odd spaces and dot leaders; keep everything else."""
    if text.isascii():  # most lines: no ligature, odd space or compatibility form
        return _drop_dot_leader(text).rstrip() if text.count(".") >= 5 else text.rstrip()
    # Ligatures and compatibility forms sit from U+FB00 up, and no step below makes one:
    # a line of curly quotes and dashes (most of the rest) needs neither search.
    wide = max(text) >= "\ufb00"
    if wide:
        for lig, plain in _LIGATURES.items():
            text = text.replace(lig, plain)
    text = _drop_dot_leader(text).rstrip()
    text = text.replace("\u00ad", "").replace("\u00a0", " ").replace("\u2009", " ")
    if wide:  # Arabic presentation forms and full-width digits become ordinary characters.
        text = _COMPAT.sub(lambda m: unicodedata.normalize("NFKC", m.group(0)), text)
    return unicodedata.normalize("NFC", text)


def is_noise(text: str, symbol: str | None = None) -> bool:
    """Whether a whole line is page furniture (job number, counter, barcode, symbol)."""
    return noise_flags([text], symbol)[0]


def noise_flags(texts: list[str], symbol: str | None = None) -> list[bool]:
    """``is_noise`` of each line of a page, the symbol's forms worked out once."""
    compact = symbol.replace(" ", "") if symbol else None
    # Neither starts with a space once stripped: only a line that opens with the
    # symbol's first character can be the symbol, and is compared without its spaces.
    opens = symbol.lstrip(" ")[:1] if symbol else ""
    flags: list[bool] = []
    for text in texts:
        stripped = text.strip()
        first = stripped[:1]
        if first == opens and compact is not None and stripped.replace(" ", "") == compact:
            flags.append(True)
        elif first and first not in _NOISE_OPENS and not first.isdecimal():
            flags.append(False)  # most lines: a word
        elif first.isdecimal():
            # A job number, counter or page number follows its opening digits with "-",
            # "/", a space or nothing: a paragraph number ("12. Decides") has a "." there.
            numbered = stripped.lstrip("0123456789")[:1] == "."
            flags.append(not numbered and _NOISE.match(stripped) is not None)
        elif first in _NOISE_FIRST or not first:
            flags.append(_NOISE.match(stripped) is not None)
        else:  # opens as one of _NOISE_WORDS does
            flags.append(stripped.startswith(_NOISE_WORDS) and _NOISE.match(stripped) is not None)
    return flags


def clean_pages(pages: list[Page], symbol: str | None) -> Cleaned:
    """Split every page into body, footnote and noise lines.

    Args:
        pages: Pages from a PDF or text reader.
        symbol: The document symbol, so running headers that repeat it are dropped.

    Returns:
        The body lines of all pages in order, the footnote lines, and the noise.
    """
    size = _normalise_lines(pages)
    out = Cleaned(body=[], footnotes=[])
    for page in pages:
        lines = list(page.lines)
        if size is not None and page.height:
            _clean_positioned(page, lines, size, symbol, out)
        else:
            _clean_plain(page, lines, symbol, out)
    return out


def _normalise_lines(pages: list[Page]) -> float | None:
    """Normalise every line's characters (``normalise_chars``), in place; return the
    font size most of the text is set in, by the lines as read (None for text sources).

    One pass over the lines for both: a second one cost a tenth of the cleaning.
    """
    # The characters of each size, added up a run of lines in one size at a time (most
    # of a page is one run), not a line at a time. Runs follow one another, so sizes
    # enter ``sizes`` in the order the lines first have them.
    sizes: dict[float, int] = {}  # a dict adds faster than a Counter
    run_size: float | None = None
    run_chars = 0
    for page in pages:
        for line in page.lines:
            if line.size != run_size:
                if run_size is not None:
                    sizes[run_size] = sizes.get(run_size, 0) + run_chars
                run_size, run_chars = line.size, 0
            run_chars += len(line.text)
            line.text = normalise_chars(line.text)
    if run_size is not None:
        sizes[run_size] = sizes.get(run_size, 0) + run_chars
    # The first size of the most characters, as Counter.most_common(1) chose it.
    return max(sizes, key=sizes.__getitem__) if sizes else None


def _clean_positioned(
    page: Page, lines: list[Line], size: float, symbol: str | None, out: Cleaned
) -> None:
    """CASE PDF: noise by pattern and place, footnotes by size below the body."""
    assert page.height is not None
    small = size - 0.4
    # The page's limits, worked out once rather than for each line.
    first_page, later_page, height = page.number == 1, page.number > 1, page.height
    header_end, foot, body_end = 0.1 * height, 0.5 * height, 0.9 * height
    # Each line is judged noise once (the body's lowest line and the loop below ask).
    flags = noise_flags([ln.text for ln in lines], symbol)
    body_tops = [
        ln.top
        for ln, noise in zip(lines, flags, strict=True)
        if ln.size is not None
        and ln.size >= small
        and ln.top is not None
        and not noise
        and ln.top < body_end
    ]
    last_body = max(body_tops, default=0.0)
    in_notes = False
    judged: Iterable[tuple[Line, bool]] = zip(lines, flags, strict=True)
    # Stream order is reading order, also for two-column pages; but some PDFs draw
    # the masthead of the first page last, so its top fifth comes first.
    if first_page:
        pairs, top_end = list(judged), 0.2 * height
        top_zone = [pair for pair in pairs if (pair[0].top or 0.0) < top_end]
        judged = top_zone + [pair for pair in pairs if (pair[0].top or 0.0) >= top_end]
    for line, noise in judged:
        top = line.top or 0.0
        line_size = line.size or size
        header_zone = later_page and top < header_end and line_size < small
        if noise or header_zone:
            out.noise.append(line)
        elif line.text[:1] in _SEPARATOR_FIRST and _SEPARATOR.match(line.text):
            in_notes = True
            out.noise.append(line)
        elif line_size < small and (in_notes or (top > last_body and _opens_note(line))):
            # Small print below the body is a footnote once one opens with its marker;
            # small lines that open with none (a table of contents) stay body text.
            in_notes = True
            out.footnotes.append(line)
        elif line.markers and line.markers[0][0] == 0 and line.gap_before and (top > foot):
            # CASE old layouts: a footnote in body size, opened by its raised number.
            in_notes = True
            out.footnotes.append(line)
        elif in_notes and line.gap_before is False and out.footnotes:
            out.footnotes.append(line)
        else:
            if first_page:
                out.first_page.append(line)
            out.body.append(line)


def _opens_note(line: Line) -> bool:
    return bool((line.markers and line.markers[0][0] == 0) or _FOOTNOTE_START.match(line.text))


def _clean_plain(page: Page, lines: list[Line], symbol: str | None, out: Cleaned) -> None:
    """CASE text: a page opens with a header block and may end with footnotes."""
    start = _header_block_end(lines, symbol) if page.number > 1 else 0
    out.noise.extend(lines[:start])
    in_notes = False
    gap = False
    # The lines with text judged in one call for the page: a call and a list a line was
    # a tenth of the cleaning of a text of 50,000 short lines.
    flags = iter(noise_flags([line.text for line in lines[start:] if line.text.strip()], symbol))
    for line in lines[start:]:
        if not line.text.strip():
            gap = True
            continue
        noise = next(flags)
        line.gap_before = line.gap_before or gap
        gap = False
        if line.text[:1] in _SEPARATOR_FIRST and _SEPARATOR.match(line.text):
            in_notes = True
            out.noise.append(line)
        elif in_notes:
            out.footnotes.append(line)
        elif noise:
            out.noise.append(line)
        else:
            if page.number == 1:
                out.first_page.append(line)
            out.body.append(line)


def _header_block_end(lines: list[Line], symbol: str | None) -> int:
    """Index after the running header at the top of a text page, or 0 if none.

    The block holds the symbol, the short title, the job number and the page
    counter, in either order; it ends with the last of those within 8 lines.
    """
    end = 0
    for i, line in enumerate(lines[:8]):
        if is_noise(line.text, symbol):
            end = i + 1
    if end == 0:
        return 0
    # Short-title lines sit between the symbol and the counter: all dropped. A
    # gap then a line that is body text ends the block.
    while end < len(lines) and not lines[end].text.strip():
        end += 1
    return end


def split_footnotes(lines: list[Line]) -> list[tuple[str, str, int]]:
    """Group footnote lines into (marker, text, page) entries."""
    # Each note's lines, joined once at the end: joining every line onto the note so far
    # was quadratic (a note of 20,000 lines, 580 KB: 54 s; issue 27).
    notes: list[tuple[str, list[str], int]] = []
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        marker = None
        if line.markers and line.markers[0][0] == 0:
            marker, body = line.markers[0][1], text
        elif m := _FOOTNOTE_START.match(text):
            marker, body = m.group(1), m.group(2)
        if marker is not None and (not notes or _plausible_next(notes[-1][0], marker)):
            notes.append((marker, [body.strip()], line.page))
        elif notes:
            notes[-1][1].append(text)
    # A note of one line keeps its text as it is (spaces and all), as it always did.
    return [
        (marker, join_lines(parts) if len(parts) > 1 else parts[0], page)
        for marker, parts, page in notes
    ]


def _plausible_next(last: str, marker: str) -> bool:
    """A new footnote's number follows the last one (a line opening "2015 ..." does not)."""
    if marker.startswith("*"):
        return True
    if last.startswith("*"):
        return int(marker) <= 3
    return int(marker) == int(last) + 1 or int(marker) <= 3


# A hyphen that ended a line, until the whole document says whether it belongs
# to a compound ("consensus-driven") or splits a word ("discus-sion").
LINE_BREAK_HYPHEN = "\u00ad"
_WORD = re.compile(r"[^\W\d_]+")
_SPACE_RUNS = re.compile(r"\s{2,}")


def collapse_spaces(text: str, printable: bool | None = None) -> str:
    """Every run of two or more whitespace characters as one space (``\\s{2,}``).

    A printable text's only whitespace is " " (each other character ``\\s`` matches is
    a control or a separator, which ``isprintable`` refuses), so it has a run to collapse
    only if it holds "  ": most texts skip the pattern's scan, character by character.
    ``printable``: ``text.isprintable()`` when the caller knows it.
    """
    if "  " not in text and (text.isprintable() if printable is None else printable):
        return text
    return _SPACE_RUNS.sub(" ", text)


def join_lines(parts: list[str]) -> str:
    """Join wrapped lines into one string, marking hyphens at line ends.

    "consensus-" + "driven" gives "consensus" LINE_BREAK_HYPHEN "driven";
    ``resolve_hyphens`` later decides, knowing the document's words. Runs of
    whitespace become one space.
    """
    return collapse_spaces(join_parts(parts))


def join_parts(parts: list[str]) -> str:
    """``join_lines`` with its runs of whitespace left as they are, for a text whose
    reader collapses them anyway (``blocks.strip_markers``)."""
    if len(parts) == 1:  # a block of one line (a text's paragraphs, mostly): nothing to join
        return parts[0].strip()
    kept = [stripped for part in parts if (stripped := part.strip())]
    joined = " ".join(kept)
    # A line but the last that ends with a hyphen leaves "- " in the joined text: without
    # one (most blocks), no line does, and each joint is a space.
    if "- " not in joined or not any(part.endswith("-") for part in kept[:-1]):
        return joined
    # Pieces joined once at the end: adding to one string line by line copied it
    # for every line (seconds on a 300 KB text of short lines, issue 27).
    pieces: list[str] = []
    tail = ""  # the last two characters joined so far
    for part in kept:
        if not pieces:
            joiner = ""
        elif tail.endswith("-") and len(tail) > 1 and tail[-2].isalpha() and part[:1].isalnum():
            pieces[-1] = pieces[-1][:-1]
            joiner = LINE_BREAK_HYPHEN
        else:
            joiner = " "
        pieces += [joiner, part]
        tail = (joiner + part)[-2:]
    return "".join(pieces)


def vocabulary(lines: list[Line]) -> set[str]:
    """The lower-cased words a document spells whole within a line."""
    return _words("\n".join(line.text for line in lines))


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text)}


# Python lowers a capital sigma by its context (final or not): the one letter whose
# lower case in a word can differ from its lower case in the whole text.
_SIGMA = "\u03a3"


class Vocabulary:
    """``vocabulary(lines)`` as a container, read only when it can hold the word asked.

    Reading every word of a document was a fifth of the structure's time, asked only
    about the few words a line-end hyphen splits ("capacity-" "building"): a word the
    document spells whole (any case) is in its lower-cased text, so a word absent from
    that text is no word of the document, and the words are read for the first word
    the text holds, or once ``MAX_SEARCHES`` words were searched for in vain.
    """

    # Each search in vain reads the whole text: 20,000 line-end hyphens in a text of
    # 40,000 lines searched it 20,000 times (8 s). Past this many, reading the words
    # once costs less, and answers the same.
    MAX_SEARCHES = 16

    def __init__(self, lines: list[Line]) -> None:
        self._lines = lines
        self._text: str | None = None
        self._lowered = ""
        self._words: set[str] | None = None
        self._searches = 0

    def __contains__(self, word: object) -> bool:
        if self._words is not None:
            return word in self._words
        if self._text is None:
            self._text = "\n".join(line.text for line in self._lines)
            self._lowered = self._text.lower()
        if (
            isinstance(word, str)
            and self._searches < self.MAX_SEARCHES
            and word not in self._lowered
            and _SIGMA not in self._text
        ):
            self._searches += 1
            return False
        self._words = _words(self._text)
        return word in self._words


def resolve_hyphens(text: str, words: Container[str]) -> str:
    """Drop a line-end hyphen where the document spells the joined word whole elsewhere.

    UN texts do not split words at line ends, so "capacity-" + "building" keeps
    its hyphen; reports that hyphenate ("discus-" + "sion") lose it, because
    "discussion" occurs in them unbroken.
    """

    if LINE_BREAK_HYPHEN not in text:
        return text
    # The words on either side of each mark, read outwards from it: the pattern
    # ([^\W\d_]+)MARK([^\W\d_]+) tried every letter of a long word as a start (issue 27).
    out: list[str] = []
    copied = start = 0  # text[:copied] is in out; no word begins before start
    while (mark := text.find(LINE_BREAK_HYPHEN, start)) >= 0:
        left = mark
        while left > start and _is_letter(text[left - 1]):
            left -= 1
        right = mark + 1
        while right < len(text) and _is_letter(text[right]):
            right += 1
        if left == mark or right == mark + 1:
            start = mark + 1
            continue
        before, after = text[left:mark], text[mark + 1 : right]
        joined = before + after
        split_word = after[0].islower() and joined.lower() in words
        out += [text[copied:left], joined if split_word else f"{before}-{after}"]
        copied = start = right
    out.append(text[copied:])
    return "".join(out).replace(LINE_BREAK_HYPHEN, "-")


def _is_letter(char: str) -> bool:
    """``[^\\W\\d_]``: a letter (alphanumeric, not a decimal digit, not underscore)."""
    return char.isalnum() and not char.isdecimal() and char != "_"


def drop_running_titles(lines: list[Line], header_text: str, start: int) -> list[Line]:
    """Drop a running title left inside a sentence of a text source.

    Text extracted without page breaks can keep a line of the running header
    ("Open-ended working group on security of and in the use of") between the two
    halves of a paragraph. Such a line is short, ends without punctuation, repeats
    words of the masthead, and follows a line that stops mid-sentence. Only lines
    from index ``start`` (after the masthead) are judged.
    """
    header = " ".join(header_text.lower().split())
    kept: list[Line] = lines[:start]
    for line in lines[start:]:
        # The line is read only after a gap and a line that stops mid-sentence: reading
        # every line first was a tenth of a long text's ingest.
        if (
            kept
            and line.gap_before
            and not kept[-1].text.rstrip().endswith((".", ",", ";", ":"))
            and _running_title(line.text, header)
        ):
            continue
        kept.append(line)
    return kept


def _running_title(text: str, header: str) -> bool:
    """Whether a line (3 to 15 words, no closing punctuation) repeats the masthead."""
    words = text.lower().split()
    if not 3 <= len(words) <= 15:
        return False
    joined = " ".join(words)
    return not joined.endswith((".", ",", ";", ":")) and joined in header
