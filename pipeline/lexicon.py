"""The UN document grammar as data: months, ordinals, symbols, numbering, verb strengths.

One definition of each element, on the bottom floor, so that ingest, nlp and compare
read a document by the same rules:

- ``MONTHS`` and ``MONTH_NUMBERS``: English month names ("5 December 2018").
- ``ORDINALS``: ordinal words to numbers, as printed ("seventy-third" -> 73);
  ``ORDINAL_WORDS``: the same words as the diff's tokeniser writes them ("seventythird").
- ``SYMBOL_SERIES``, ``SYMBOL_RE``, ``SYMBOL_TOKEN_RE``, ``is_symbol`` and ``normalise_symbol``: UN
  document symbols ("A/C.1/75/L.8/Rev.1", "S/RES/2341 (2017)").
- ``symbol_from_text``: the symbol meant by "73/27", "a/res/73/27" or a file name.
- ``strip_numbering``: a paragraph's number or item letter at its start ("1.", "(a)").
- ``load_verbs``: the opening verbs of resolutions with their lemma, kind and strength on
  one scale (``data/verbs.csv``; models/TAXONOMY.md documents it).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_NUMBERS = {month: i + 1 for i, month in enumerate(MONTHS)}

_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_TEENS = (
    "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth "
    "eighteenth nineteenth".split()
)
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()


def _ordinals() -> dict[str, int]:
    table = {word: i + 1 for i, word in enumerate(_UNITS)}
    table.update({word: i + 10 for i, word in enumerate(_TEENS)})
    for i, tens in enumerate(_TENS):
        table[tens[:-1] + "ieth"] = (i + 2) * 10
        for j, unit in enumerate(_UNITS):
            table[f"{tens}-{unit}"] = (i + 2) * 10 + j + 1
    return table


ORDINALS = _ordinals()
# As the diff's tokeniser writes them: hyphens dropped ("seventy-ninth" -> "seventyninth").
ORDINAL_WORDS = frozenset(word.replace("-", "") for word in ORDINALS)

# The series that open a UN document symbol: General Assembly, Security Council, ECOSOC,
# Secretariat, Conference on Disarmament, and the treaty bodies and programmes that
# cyber texts cite.
SYMBOL_SERIES = (
    "A", "S", "E", "ST", "CD", "CCPR", "CERD", "CEDAW", "CRC", "TD", "UNEP", "DP", "HRC",
)  # fmt: skip
SERIES_PATTERN = "(?:" + "|".join(sorted(SYMBOL_SERIES, key=len, reverse=True)) + ")"
# A part: "RES", "C.1", "L.8", "Rev.1", "ES-10" (emergency special session); a hyphen
# before another series ("A/65/517-S/2010/534", a joint document) ends the symbol.
_SEGMENT = rf"[A-Za-z0-9]+(?:(?:\.|-(?!{SERIES_PATTERN}/))[A-Za-z0-9]+)*"
# A part printed after a slash and a space, as the 2018 General Debate speeches print
# verbatim records ("A/70/ PV.14"): only a body part with its number ("PV.14", "L.5"),
# so that a slash and a space in prose ("A/ B", "A/73/ The") do not join two words.
_SPACED_SEGMENT = r"\s[A-Z][A-Za-z]*\.\d+"
# A symbol in running text, with a Security Council year: "S/RES/2341 (2017)".
SYMBOL_RE = re.compile(
    rf"(?<![\w/.]){SERIES_PATTERN}(?:/(?:{_SEGMENT}|{_SPACED_SEGMENT}))+"
    r"(?:\s\((?P<sc_year>(?:19|20)\d\d)\))?(?![\w/])"
)
# Exactly one symbol, as one token: "A/C.1/75/L.8/Rev.1".
SYMBOL_TOKEN_RE = re.compile(rf"^{SERIES_PATTERN}(?:/{_SEGMENT})+$")


def is_symbol(text: str) -> bool:
    """Whether ``text`` is one UN document symbol and nothing else ("A/RES/78/16")."""
    return SYMBOL_RE.fullmatch(text) is not None


_SUFFIX_CASE = {
    "rev": "Rev", "corr": "Corr", "add": "Add", "amend": "Amend", "adv": "Adv", "inf": "INF",
}  # fmt: skip


def normalise_symbol(symbol: str) -> str:
    """Return a UN document symbol in its canonical spelling.

    Args:
        symbol: A symbol as printed, e.g. "a/c.1/75/l.8/rev.1" or "S/RES/2341  (2017)".

    Returns:
        The canonical form, e.g. "A/C.1/75/L.8/Rev.1" or "S/RES/2341 (2017)": series and
        body parts in capitals, revision parts ("Rev.1", "Corr.1", "Add.2") in title case,
        one space before a Security Council year, no other whitespace.
    """
    year = ""
    found = re.search(r"\s*\(((?:19|20)\d\d)\)\s*$", symbol)
    if found:
        year = f" ({found.group(1)})"
        symbol = symbol[: found.start()]
    parts = []
    for part in re.sub(r"\s+", "", symbol).split("/"):
        head, dot, tail = part.partition(".")
        fixed = _SUFFIX_CASE.get(head.lower(), head.upper())
        parts.append(
            fixed + dot + tail.upper() if tail and not tail.isdigit() else fixed + dot + tail
        )
    return "/".join(parts) + year


# What a researcher types for a symbol: "73/27" (a General Assembly resolution), a file
# name ("A_RES_73_27.pdf", "resolutions/A_C.1_80_L.20-EN.pdf"), any case.
_SHORT_RESOLUTION = re.compile(r"^(\d{1,3})\s*/\s*(\d{1,4})$")
_FILE_SUFFIX = re.compile(r"(?:[-.](?:en|EN))?\.(?:pdf|txt|md|xml|json)$", re.I)
_SC_YEAR_PART = re.compile(r"^(S/RES/\d+)/((?:19|20)\d\d)$")


def symbol_from_text(text: str) -> str | None:
    """The canonical symbol meant by what was typed: a symbol, a short form or a file name.

    Args:
        text: "A/RES/73/27", "a/res/73/27", "73/27", "A_RES_73_27.pdf",
            "drafts/A_C.1_80_L.20.pdf" or "S_RES_2341_2017.pdf".

    Returns:
        The symbol as ``normalise_symbol`` spells it ("A/RES/73/27", "A/C.1/80/L.20",
        "S/RES/2341 (2017)"), or None when ``text`` names no symbol.
    """
    text = text.strip()
    short = _SHORT_RESOLUTION.match(text)
    if short:
        return f"A/RES/{int(short.group(1))}/{int(short.group(2))}"
    if _FILE_SUFFIX.search(text) or ("_" in text and "/" not in text):
        name = _FILE_SUFFIX.sub("", text.replace("\\", "/").rsplit("/", 1)[-1])
        text = name.replace("_", "/")
    symbol = normalise_symbol(text) if text else ""
    if not is_symbol(symbol):
        return None
    year = _SC_YEAR_PART.match(symbol)
    return f"{year.group(1)} ({year.group(2)})" if year else symbol


# "1.", "12.", "1.1", "1.10.", "(a)", "(iv)", "(3)", "a)" at the start of a paragraph.
_NUMBERING = re.compile(r"^\s*(?:\d+(?:\.\d+)*\.?|\(?[a-z]{1,4}\)|\(\d+\))\s+", re.I)


def strip_numbering(text: str) -> str:
    """Remove a paragraph's leading number and item letter ("1.", "(a)", "1. (a)")."""
    for _ in range(2):  # "1. (a) ..." carries two levels
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


@dataclass(frozen=True, slots=True)
class Verb:
    """An opening verb as printed ("Calls upon"), its lemma, kind and strength.

    ``strength`` is the lemma's force on one scale (Decides 9 > Requests 8 > Calls upon
    7 > Urges 6 > Encourages 5 > Invites 4 > Welcomes 3 > Notes 2 > Takes note 1); a
    preambular participle carries the strength of its verb, so that a change between
    two participles has a direction, while extraction reports 0 for it.
    """

    verb: str
    lemma: str
    kind: str
    strength: int


@cache
def load_verbs() -> dict[str, Verb]:
    """Return the verb table (``data/verbs.csv``) by the verb as printed."""
    text = resources.files("pipeline").joinpath("data", "verbs.csv").read_text("utf-8")
    return {
        row["verb"]: Verb(row["verb"], row["lemma"], row["kind"], int(row["strength"]))
        for row in csv.DictReader(text.splitlines())
    }
