"""Normalise paragraph text for comparison, and the similarity metrics built on it.

Two paragraphs that differ only in what does not change meaning (numbering,
footnote markers, line breaks, hyphenation, quotes, case, an abbreviation against
its expansion) normalise to the same tokens. Every metric returns a value in
[0, 1] and short-circuits identical inputs.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

from pipeline.compare.longdiff import indel_distance
from pipeline.lexicon import strip_numbering

Tokens = Sequence[str]

# Known abbreviations and their expansions; every form maps to one canonical token.
# Expansions are matched case-insensitively, abbreviations only as written (upper case),
# so that the English word "un" or "ai" never turns into an abbreviation.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "icts": (
        "information and communications technologies",
        "information and communication technologies",
    ),
    "ict": (
        "information and communications technology",
        "information and communication technology",
    ),
    "oewg": ("open-ended working group",),
    "gge": ("group of governmental experts",),
    "cbms": ("confidence-building measures",),
    "cbm": ("confidence-building measure",),
    "unidir": ("united nations institute for disarmament research",),
    "unoda": ("united nations office for disarmament affairs",),
    "unodc": ("united nations office on drugs and crime",),
    "un": ("united nations",),
    # The long title of the cyber agenda item and of the groups named after it counts as
    # one word, so that two paragraphs do not pair merely because both name a group.
    "ditcis": (
        "developments in the field of information and telecommunications in the context of "
        "international security",
    ),
}
_ABBREV_FORMS: dict[str, str] = {
    "ICTs": "icts",
    "ICT": "ict",
    "OEWG": "oewg",
    "GGE": "gge",
    "CBMs": "cbms",
    "CBM": "cbm",
    "UNIDIR": "unidir",
    "UNODA": "unoda",
    "UNODC": "unodc",
    "UN": "un",
}

# Words that carry grammar rather than content (negations and modals are not here): a
# change in them alone is editorial, and shared passages are measured in the other
# words. Case-folded, hyphens removed.
FUNCTION_WORDS = frozenset(
    """a an the this that these those its it their they them his her our we us i
    of in on at to for from by with within into onto upon over under about
    between among through during before after above below against across along
    and or but so yet also as well than then thus hence such
    is are was were be been being am has have had having do does did
    which who whom whose what where when while how why
    all any both each every either some such same other another own
    there here very more most further furthermore moreover however therefore
    if whether because since although though unless until
    s etc inter alia namely including""".split()
)

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_QUOTES = "\"'“”‘’‚„«»‹›`´"
# Hyphens as typeset ("non‑proliferation" with U+2011 in adopted texts, "-" in drafts)
# are one hyphen; dashes are word breaks; a soft hyphen is nothing.
_HYPHENS = {ord("\u2010"): "-", ord("\u2011"): "-", ord("\u00ad"): None}
_DASHES = "‒–—―−"
# A hyphen inside a word or at a line end: "organi-\nzations", "open-ended".
_HYPHEN = re.compile(r"(?<=\w)-\s*(?=\w)")
# A year with a fused or spaced footnote marker: "20132", "2010,1", "2010, 1 2013 2".
_FUSED_YEAR = re.compile(r"(?<![\d\-*/])((?:19|20)\d{2})\d{1,2}(?![\d/])")
_SPACED_YEAR_MARKER = re.compile(
    r"(?<![\d\-*/])((?:19|20)\d{2})(,?) ?\d{1,2}(?![\d/])(?!\s+(?:January|February|March|April|"
    r"May|June|July|August|September|October|November|December)\b)"
)
# A marker glued to a word or after its comma: "technologies2", "Nations,3". Written
# from its first digit, what it needs before that digit looked back at from the digit
# (the same matches as lookbehinds first, which the scan tried at every character: a
# real paragraph 11 -> 2.6 us).
_WORD_MARKER = re.compile(r"\d(?:(?<=[a-z]{3}\d)\d?(?=[\s,.;:)]|$)|(?<=[a-z)],\d)\d?(?=\s))")
_DIGIT = re.compile(r"\d")
# What each marker pattern above needs, searched first (most paragraphs hold none, and a
# search for these is quicker than the patterns' lookbehinds at every character):
# a year then a digit, or a digit right after a letter or a comma.
_YEAR_THEN_DIGIT = re.compile(r"(?:19|20)\d\d,? ?\d")
_DIGIT_AFTER_WORD = re.compile(r"[a-z,]\d")
_TOKEN = re.compile(r"\w+(?:[/.]\w+)*")
# A hyphen after an abbreviation or the last word of a long form joins a compound
# ("ICT-related", "information and communications technology-related"): a word break,
# so that both compounds keep the abbreviation's one token.
_COMPOUND = re.compile(r"\b(ICTs?|CBMs?|OEWG|GGE|UN|technolog(?:y|ies))[-\u2010\u2011](?=[a-z])")


def _expansion_words(expansion: str) -> list[str]:
    return re.split(r"[\s-]+", expansion)


def _expansion_pattern(expansion: str) -> str:
    words = [re.escape(w) for w in _expansion_words(expansion)]
    return r"\b" + r"[\s-]*".join(words) + r"\b"


# Matched on case-folded text; the lookahead on first letters keeps the scan fast.
_EXPANSIONS = re.compile(
    r"(?=["
    + "".join(sorted({exp[0] for exps in ABBREVIATIONS.values() for exp in exps}))
    + r"])(?:"
    + "|".join(
        f"(?P<{abbr}_{i}>{_expansion_pattern(exp)})"
        for abbr, exps in ABBREVIATIONS.items()
        for i, exp in enumerate(exps)
    )
    + ")"
)
_NO_QUOTES = {ord(c): None for c in _QUOTES}
_DASH_TO_SPACE = {ord(c): " " for c in _DASHES}
# The three at once (their characters differ, and none maps to another's): one pass.
_HYPHENS_QUOTES_DASHES = {**_HYPHENS, **_NO_QUOTES, **_DASH_TO_SPACE}
_NO_SUPERSCRIPTS = {ord(c): None for c in _SUPERSCRIPTS}
_ABBREV = re.compile(r"\b(" + "|".join(sorted(_ABBREV_FORMS, key=len, reverse=True)) + r")\b")
# What each step of ``_tokenise`` needs, looked for first (a search for a few words is
# quicker than a pattern or a table run over every character, and most paragraphs hold
# none): an ASCII character the table changes, an abbreviation (the shortest forms:
# "ICT" is in "ICTs"), the first word of a long form.
_ASCII_TRANSLATED = "".join(chr(c) for c in _HYPHENS_QUOTES_DASHES if c < 128)
_ABBREV_CORES = tuple(f for f in _ABBREV_FORMS if not any(o != f and o in f for o in _ABBREV_FORMS))
_EXPANSION_FIRST = tuple(
    sorted({_expansion_words(e)[0] for exps in ABBREVIATIONS.values() for e in exps})
)


def unify_hyphens(text: str) -> str:
    """Write every typeset hyphen as "-" and drop soft hyphens."""
    return text.translate(_HYPHENS)


def strip_footnote_markers(text: str) -> str:
    """Remove footnote markers: superscripts, digits fused to years or glued to words.

    Args:
        text: Paragraph text as extracted.

    Returns:
        The text without the markers ("20132" becomes "2013").
    """
    if not text.isascii():  # superscripts are not
        text = text.translate(_NO_SUPERSCRIPTS)
    if _DIGIT.search(text) is None:  # every marker below has a digit: skip the scans
        return text
    if ("19" in text or "20" in text) and _YEAR_THEN_DIGIT.search(text):
        text = _FUSED_YEAR.sub(r"\1", text)
        text = _SPACED_YEAR_MARKER.sub(r"\1\2", text)
    if _DIGIT_AFTER_WORD.search(text) is None:
        return text
    return _WORD_MARKER.sub("", text)


def _canonical_abbreviation(match: re.Match[str]) -> str:
    group = match.lastgroup or ""
    return " " + group.rsplit("_", 1)[0] + " "


def normalise(text: str) -> str:
    """Return the comparison form of a paragraph: lower-case tokens joined by spaces.

    Args:
        text: Paragraph text, possibly with numbering, markers and line breaks.

    Returns:
        A string that is equal for two texts that differ only in numbering,
        footnote markers, line breaks, hyphenation, quotes, case, or an
        abbreviation against its expansion.
    """
    return " ".join(tokenise(text))


def tokenise(text: str) -> list[str]:
    """Split a paragraph into normalised word tokens (see ``normalise``).

    Document symbols such as "A/RES/73/27" stay one token. The steps of a diff each
    tokenise the same paragraphs (about six times a pair): the tokens of recent
    texts are kept (issue 27), and each call gets its own list.

    Args:
        text: Paragraph text.

    Returns:
        The normalised tokens, in order.
    """
    return list(_tokens(text))


@lru_cache(maxsize=8192)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(_tokenise(text))


def _tokenise(text: str) -> list[str]:
    text = strip_footnote_markers(text)
    text = unicodedata.normalize("NFKC", text)
    text = strip_numbering(text)
    if not text.isascii() or any(c in text for c in _ASCII_TRANSLATED):
        text = text.translate(_HYPHENS_QUOTES_DASHES)  # unify_hyphens, no quotes, dashes
    if "-" in text:  # the two patterns below need a hyphen (typeset ones unified above)
        text = _COMPOUND.sub(r"\1 ", text)
        text = _HYPHEN.sub("", text)
    if any(form in text for form in _ABBREV_CORES):
        text = _ABBREV.sub(lambda m: " " + _ABBREV_FORMS[m.group(1)] + " ", text)
    text = text.casefold()
    # Expansion patterns allow a missing hyphen ("openended"), as dropped above.
    if any(word in text for word in _EXPANSION_FIRST):
        text = _EXPANSIONS.sub(_canonical_abbreviation, text)
    return _TOKEN.findall(text)


def token_ratio(a: Tokens, b: Tokens) -> float:
    """Word-level Indel similarity: 2 * LCS / (len(a) + len(b)), in [0, 1].

    Estimated on huge paragraphs (``longdiff.indel_distance``), as ``common_words``.
    """
    if list(a) == list(b):
        return 1.0
    if not a or not b:
        return 0.0
    return 1.0 - indel_distance(a, b) / (len(a) + len(b))


def token_jaccard(a: Tokens, b: Tokens) -> float:
    """Jaccard similarity of the two token sets, in [0, 1]."""
    if list(a) == list(b):
        return 1.0
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / len(sa | sb)


def common_words(a: Tokens, b: Tokens) -> int:
    """Number of words in the longest common subsequence of ``a`` and ``b``.

    Above ``longdiff.LONG_CELLS`` words x words (no real paragraph comes near), the
    words of a long common subsequence found in near-linear time, not the longest.
    """
    if list(a) == list(b):
        return len(a)
    return (len(a) + len(b) - indel_distance(a, b)) // 2


def containment(part: Tokens, whole: Tokens) -> float:
    """Share of ``part`` found, in order, in ``whole`` (LCS / len(part)), in [0, 1]."""
    if not part:
        return 0.0
    return common_words(part, whole) / len(part)


def bag_containment(part: Tokens, whole: Tokens) -> float:
    """Share of the words of ``part`` that occur in ``whole``, ignoring order."""
    if not part:
        return 0.0
    inter = Counter(part) & Counter(whole)
    return sum(inter.values()) / len(part)
