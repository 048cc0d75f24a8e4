"""The reasons of a change in the document's own words, and the dates and references
they cite.

``significance`` decides on comparison tokens (case-folded, hyphens run together,
abbreviations folded: "capacitybuilding", "icts"); a reason must never show those. The
functions here find the same edit in the words as written and quote them:

- ``quote_edit``: "words added: “with the objective of shaping a community ...”";
- ``reference_reason``: a reference added or removed, with its date as written
  ("added: 73/266 of 22 December 2018"); the only earlier reference replaced by a later
  one ("resolution 78/54 of 4 December 2023" -> "79/31 of 2 December 2024") is the yearly
  bump and gives no reason;
- ``meeting_reason``: a meeting's date or the meeting itself changed ("from 1 to 19 April
  2024" -> "from 7 to 25 April 2025"; "the twelfth Meeting" -> "the thirteenth Meeting");
  a session number or a year alone is not a meeting.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.compare.longdiff import difflib_opcodes
from pipeline.compare.normalise import FUNCTION_WORDS
from pipeline.lexicon import MONTHS, ORDINAL_WORDS

SHOWN = 14  # words of a clause quoted in a reason
_WORD = re.compile(r"\S+")
_MONTH = "(?:" + "|".join(MONTHS) + ")"
# "7 to 25 April 2025", "1 and 2 May", "10-13 September 2024"; the year is optional.
_DATE = re.compile(
    r"\b(?P<days>\d{1,2}(?:\s*(?:,|and|to|-|–)\s*\d{1,2})*)\s+(?P<month>" + _MONTH + r")\b"
    r"(?:\s+(?P<year>\d{4}))?"
)
# The date of a reference: "resolution 73/266 of 22 December 2018".
_REFERENCE_BEFORE = re.compile(r"\d+/\d+(?:\s+[A-Z])?\s+of\s+$")
_ORDINAL_MEETING = re.compile(
    r"\b(?P<ordinal>\d+(?:st|nd|rd|th)|[A-Za-z]+(?:[-\u2010\u2011][a-z]+)?)\s+"
    r"(?P<what>(?:Biennial\s+|Review\s+|biennial\s+|review\s+)?(?:Meeting|meeting|Conference|"
    r"conference)s?)\b"
)


def _key(word: str) -> str:
    """A written word as the comparison sees it: case-folded, no punctuation or hyphens."""
    return re.sub(r"[^\w/]", "", word.casefold())


def quote_words(text: str, limit: int = SHOWN) -> str:
    """The first ``limit`` words of ``text`` as written, in quotes."""
    words = _WORD.findall(text)
    shown = " ".join(words[:limit]).strip(" ,;:")
    return f"“{shown}{' …' if len(words) > limit else ''}”"


def quote_edit(old_text: str, new_text: str, content: list[str]) -> str:
    """The reason for an edit of content words, quoting the words the texts write.

    Args:
        old_text: The earlier text.
        new_text: The later text.
        content: The comparison tokens of the edit (to find the same place in the
            written words); the first written edit holding one of them is quoted.

    Returns:
        "words added: “...”", "words deleted: “...”" or "wording: “...” → “...”".
    """
    old, new = _WORD.findall(old_text), _WORD.findall(new_text)
    wanted = set(content)
    chosen: tuple[list[str], list[str]] | None = None
    for op, i1, i2, j1, j2 in difflib_opcodes([_key(w) for w in old], [_key(w) for w in new]):
        if op == "equal":
            continue
        keys = {_key(w) for w in old[i1:i2] + new[j1:j2]}
        if keys & wanted or any(k and k not in FUNCTION_WORDS for k in keys):
            chosen = (old[i1:i2], new[j1:j2])
            if keys & wanted:
                break
    if chosen is None:
        return "wording changed"
    gone, came = chosen
    if not came:
        return f"words deleted: {quote_words(' '.join(gone))}"
    if not gone:
        return f"words added: {quote_words(' '.join(came))}"
    return f"wording: {quote_words(' '.join(gone))} → {quote_words(' '.join(came))}"


def _session(symbol: str) -> int:
    numbers = re.findall(r"\d+", symbol)
    return int(numbers[0]) if numbers else 0


def _written(symbol: str, text: str) -> str:
    """A reference as the text writes it, with its date: "73/266 of 22 December 2018"."""
    short = symbol.split("/", 2)[-1] if symbol.startswith(("A/RES/", "A/DEC/")) else symbol
    match = re.search(
        re.escape(short) + r"(?:\s+[A-Z]\b)?(?:\s+of\s+\d{1,2}\s+" + _MONTH + r"\s+\d{4})?", text
    )
    return match.group(0) if match else short


def reference_reason(old_text: str, new_text: str, before: set[str], after: set[str]) -> str | None:
    """Why the references of a paragraph changed, or None (unchanged, or the yearly bump).

    Args:
        old_text: The earlier text.
        new_text: The later text.
        before: The references of the earlier text (``classify.symbols``).
        after: Those of the later text.

    Returns:
        "added: ...; removed: ...", each reference as written, or None.
    """
    gone, came = before - after, after - before
    if not gone and not came:
        return None
    # The only earlier references replaced by as many later ones: last year's
    # resolution becomes this year's in the same place.
    if (
        gone == before
        and len(came) == len(gone)
        and min(map(_session, came)) > max(map(_session, gone))
    ):
        return None
    parts = []
    if came:
        parts.append("added: " + ", ".join(_written(s, new_text) for s in sorted(came)))
    if gone:
        parts.append("removed: " + ", ".join(_written(s, old_text) for s in sorted(gone)))
    return "reference " + "; ".join(parts)


def _dates(text: str) -> Counter[str]:
    """Day-and-month dates of meetings (not the dates of references), as written."""
    found: Counter[str] = Counter()
    for match in _DATE.finditer(text):
        if _REFERENCE_BEFORE.search(text[max(0, match.start() - 40) : match.start()]):
            continue
        days = re.sub(r"\s+", " ", match["days"])
        found[f"{days} {match['month']}"] += 1
    return found


def _meetings(text: str) -> Counter[str]:
    """ "twelfth Meeting", "390th meeting": an ordinal meeting or conference, as written."""
    found: Counter[str] = Counter()
    for match in _ORDINAL_MEETING.finditer(text):
        ordinal = match["ordinal"]
        plain = re.sub(r"[-\u2010\u2011]", "", ordinal.lower())
        if plain in ORDINAL_WORDS or re.fullmatch(r"\d+(?:st|nd|rd|th)", ordinal):
            found[f"{ordinal} {match['what']}"] += 1
    return found


def meeting_reason(old_text: str, new_text: str) -> str | None:
    """Why a meeting changed (its dates, or another meeting named), or None."""
    for label, before, after in (
        ("meeting date", _dates(old_text), _dates(new_text)),
        ("meeting", _meetings(old_text), _meetings(new_text)),
    ):
        if +(before - after) or +(after - before):
            shown_before = ", ".join(sorted(before - after)) or "—"
            shown_after = ", ".join(sorted(after - before)) or "—"
            return f"{label}: {shown_before} → {shown_after}"
    return None
