"""Whether a file that was read is a document after all (issue 13, item 4).

A bit-flipped or truncated PDF can read as pages without paragraphs, or as text that
is mostly unreadable characters; such a file must fail, never be stored as good.
"""

from __future__ import annotations

import re

from pipeline.document import Document

# Share of a document's characters (spaces aside) that may be U+FFFD, control or
# private-use characters, or pdfminer's "(cid:N)": no file of the corpus has one (767
# files read); a damaged font or stream gives many (8% in a bit-flipped A/RES/80/16).
MAX_BAD_SHARE = 0.02
# Fewest characters per page of text a PDF may give: the corpus's lowest is 218 (a
# one-page Security Council resolution); damaged streams gave 77 to 137.
MIN_CHARS_PER_PAGE = 100
_CID = re.compile(r"\(cid:\d+\)")
# Matched on the text with its spaces taken out, in C rather than a loop per character:
# U+FFFD, control characters (Cc) and private-use characters (Co).
_UNREADABLE = re.compile(
    "[\ufffd\x00-\x1f\x7f-\x9f\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
_WIDE = re.compile("[^\x00-\xff]")


def damage(doc: Document, *, pdf: bool = False) -> str | None:
    """Why a document that was read is no document after all, or None.

    Pages without a paragraph, text with more than ``MAX_BAD_SHARE`` unreadable
    characters, text read with its bytes in the wrong order, or (``pdf``) fewer than
    ``MIN_CHARS_PER_PAGE`` characters a page: what a bit-flipped or truncated PDF reads
    as (issue 13, item 4). Such a file must fail, not be stored as a good document.
    """
    if not doc.paragraphs:
        pages = f"{doc.pages} page" + ("" if doc.pages == 1 else "s")
        return f"{pages} but no paragraph (damaged file, or a scan without text)"
    texts = [p.text for p in doc.paragraphs]
    # The characters without whitespace: ``chars``. A printable text's only whitespace is
    # " " (most paragraphs), which is neither unreadable nor wide: its characters are read
    # with the spaces in, and no copy is made (str.split and the regex \s agree on every
    # code point). Their number is counted only where a test needs it (``_size``).
    chars = "".join(texts)
    printable = chars.isprintable()
    if not printable:
        chars = "".join(chars.split())  # as the paragraphs joined by "\n" split
    bad = unreadable(texts, chars, printable=printable or chars.isprintable())
    if bad and bad > MAX_BAD_SHARE * (size := _size(chars, printable)):
        return f"garbled text: {bad:,} of {size:,} characters are unreadable"
    # Latin text read as UTF-16 of the wrong byte order: "Open" becomes "伀灥渀".
    # Only the few characters past Latin-1 (quotes, dashes) are looked at one by one,
    # once there are ten: those Latin-1 cannot encode, counted in C first (most of
    # the corpus's documents have fewer).
    if len(chars) - len(chars.encode("latin-1", "ignore")) >= 10:
        wide = _WIDE.findall(chars)
        if sum(1 for c in wide if ord(c) & 0xFF == 0) > 0.1 * len(wide):
            return "garbled text: characters read with their bytes in the wrong order"
    if pdf and _fewer_than(chars, printable, MIN_CHARS_PER_PAGE * doc.pages):
        pages = f"{doc.pages} page" + ("" if doc.pages == 1 else "s")
        return f"almost no text: {_size(chars, printable)} characters on {pages} (damaged file?)"
    return None


def _size(chars: str, printable: bool) -> int:
    """How many of ``chars`` are not whitespace (a printable text's only one is " ")."""
    return len(chars) - chars.count(" ") if printable else len(chars)


def _fewer_than(chars: str, printable: bool, least: int) -> bool:
    """Whether ``_size(chars, printable) < least``.

    The text's first ``2 * least`` characters settle it when ``least`` of them are not
    spaces (a text's spaces are about a sixth of it): the rest is counted only if not.
    """
    head = min(len(chars), 2 * least)
    if printable and head - chars.count(" ", 0, head) >= least:
        return False
    return _size(chars, printable) < least


def unreadable(texts: list[str], chars: str, *, printable: bool) -> int:
    """How many characters of ``texts`` (joined by "\\n") are U+FFFD, control or
    private-use characters, or pdfminer's "(cid:N)".

    ``chars``: their characters without whitespace, or, if ``printable``, with their
    spaces (their only whitespace then) still in.
    """
    # Control and private-use characters are never printable (U+FFFD is): a printable
    # text (most) needs no scan of the pattern, only a count of U+FFFD.
    if printable:
        bad = chars.count("\ufffd")
    else:
        bad = len(_UNREADABLE.findall(chars))
    # pdfminer writes a glyph it cannot map to text as "(cid:12)". The texts are joined
    # only when their characters hold one (whitespace is never inside it): most do not.
    if "(cid:" in chars:
        bad += sum(len(m) for m in _CID.findall("\n".join(texts)))
    return bad
