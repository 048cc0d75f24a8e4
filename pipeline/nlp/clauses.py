"""The opening verb of a paragraph, its strength, and the modality of its norm sentences.

The verb table is the lexicon's (``pipeline/data/verbs.csv``: verb, lemma, kind,
strength); the scale is documented in models/TAXONOMY.md: Decides 9 > Requests 8 >
Calls upon 7 > Urges 6 > Encourages 5 > Invites 4 > Welcomes 3 > Notes 2 > Takes note 1;
preambular participles are reported as 0. Modifiers ("Also", "Further", "Strongly",
"also" after a participle) are kept in the verb as printed ("Also welcomes", "Welcoming
also") and do not change the strength.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.lexicon import load_verbs, strip_numbering

# Adverbs that may open an operative paragraph before its verb.
_LEADERS = (
    "Also strongly", "Further strongly", "Also", "Further", "Furthermore", "Again",
    "Once again", "Strongly", "Firmly", "Deeply", "Gravely", "Urgently",
)  # fmt: skip
_LEAD = r"(?:(?:" + "|".join(_LEADERS).replace(" ", r"\s+") + r")\s+)?"
# Words that may follow the head verb and belong to it ("Recalling also", "Noting with concern").
_TRAILERS = (
    "also", "further", "again", "furthermore", "with appreciation", "with concern",
    "with satisfaction", "with deep concern", "with serious concern",
)  # fmt: skip
_TAIL = r"(?:\s+(?:" + "|".join(_TRAILERS).replace(" ", r"\s+") + r"))?"
# (name, literal every match contains, pattern): the literal is a cheap first test.
_MODALS = (
    ("must", "must", re.compile(r"\bmust\b")),
    ("shall", "shall", re.compile(r"\bshall\b")),
    ("non-binding", "inding", re.compile(r"\bnon-binding\b|\bnot legally binding\b", re.I)),
    ("should", "should", re.compile(r"\bshould\b")),
    ("may", "may", re.compile(r"\bmay\b")),
)


@dataclass(frozen=True, slots=True)
class VerbInfo:
    """What the opening of a paragraph says: verb as printed, canonical head, kind, strength."""

    verb: str
    head: str
    kind: str
    strength: int


@cache
def _verb_re() -> re.Pattern[str]:
    heads = sorted(load_verbs(), key=len, reverse=True)
    alternatives = "|".join(re.escape(h).replace(r"\ ", r"\s+") for h in heads)
    return re.compile(rf"^{_LEAD}(?P<head>{alternatives}){_TAIL}(?![\w-])", re.IGNORECASE)


def find_verb(text: str) -> VerbInfo | None:
    """Return the opening verb or participle of a paragraph, or None.

    Args:
        text: The paragraph text, with or without its number.

    Returns:
        The verb as printed (e.g. "Strongly encourages"), its canonical head from the
        table ("Encourages"), its kind (operative or preamble) and strength.
    """
    body = strip_numbering(text).lstrip()
    match = _verb_re().match(body)
    if match is None:
        return None
    written = re.sub(r"\s+", " ", match["head"]).lower()
    verbs = load_verbs()
    head = next(v for v in verbs if v.lower() == written)
    # A lower-case opening ("welcomes the report") is a continuation, not a paragraph verb.
    if not body[0].isupper():
        return None
    entry = verbs[head]
    # A preambular participle carries no operative force (models/TAXONOMY.md).
    strength = entry.strength if entry.kind == "operative" else 0
    return VerbInfo(re.sub(r"\s+", " ", match[0]), head, entry.kind, strength)


def find_modality(text: str) -> str | None:
    """Return the strongest modality in a norm text, or None.

    Order: must > shall > non-binding > should > may. "non-binding" ("voluntary,
    non-binding norms") outranks should and may because it says how the whole
    paragraph is meant; must and shall outrank it because they bind a sentence.
    """
    for name, literal, pattern in _MODALS:
        if literal in text and pattern.search(text):
            return name
    return None
