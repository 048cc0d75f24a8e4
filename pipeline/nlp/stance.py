"""The stance cues of each language and the spaCy component that finds them.

The cues are data: ``data/stance_cues_<lang>.csv`` (en, fr, es), one row per cue with the
question it belongs to (``*`` for every question), its role, the side it speaks for and
where it came from. A cue is a general expression of stance or a term of the codebook,
never a phrase lifted from one statement. Roles:

- ``topic``: the sentence is about the question; ``context``: a topic counts only next to
  one of these; ``exclude_before``: a word that cancels a topic right after it.
- ``predicate`` (side supports/opposes): a verb, adjective or noun that takes a side on
  what follows it ("support", "reject", "regret", "absence", "necessary").
- ``feature`` (side): a description that is itself one side of the question ("Programme
  of Action", "strictly intergovernmental", "only a principle").
- ``negator``, ``hedge``, ``report_subject``, ``report_verb``, ``first_person``,
  ``concessive``, ``contrastive``, ``relative``, ``anaphor``: closed classes the reading
  uses.

Patterns are space-separated regular expressions, one per token, matched against the
lower-cased token (``support(s|ed)?``); ``-?`` is an optional hyphen token. The
``normtrace_stance`` component writes every match to ``doc.spans[key]`` with the label
``question|role|side``; ``pipeline.nlp.stance_reading`` reads the clauses from them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

__all__ = [
    "Cue",
    "StanceMatcher",
    "STANCE_LANGUAGES",
    "CUE_ROLES",
    "load_cues",
    "make_stance_matcher",
    "stance_pipeline",
]

STANCE_LANGUAGES = ("en", "fr", "es")
CUE_ROLES = frozenset(
    {
        "topic",
        "context",
        "exclude_before",
        "predicate",
        "feature",
        "negator",
        "hedge",
        "report_subject",
        "report_verb",
        "first_person",
        "concessive",
        "contrastive",
        "relative",
        "anaphor",
    }
)
SIDES = frozenset({"", "supports", "opposes"})
SPANS_KEY = "stance_cues"


@dataclass(frozen=True, slots=True)
class Cue:
    """One row of a cue file."""

    pattern: str
    question: str
    role: str
    side: str
    source: str

    @property
    def key(self) -> str:
        """The match label: ``question|role|side``."""
        return f"{self.question}|{self.role}|{self.side}"


@cache
def load_cues(lang: str) -> tuple[Cue, ...]:
    """Read the cue file of one language.

    Args:
        lang: ``en``, ``fr`` or ``es``.

    Returns:
        The cues in file order (comment rows, whose cue starts with ``#``, left out).

    Raises:
        ValueError: For a language without a cue file, or a row with an unknown role
            or side.
    """
    if lang not in STANCE_LANGUAGES:
        raise ValueError(f"no stance cues for language {lang!r}")
    path = resources.files("pipeline.nlp").joinpath("data", f"stance_cues_{lang}.csv")
    cues = []
    for n, row in enumerate(csv.DictReader(path.read_text("utf-8").splitlines()), start=2):
        if row["cue"].startswith("#"):
            continue
        if row["role"] not in CUE_ROLES or row["side"] not in SIDES:
            raise ValueError(f"stance_cues_{lang}.csv line {n}: bad role or side")
        cues.append(Cue(row["cue"], row["question"], row["role"], row["side"], row["source"]))
    return tuple(cues)


# Letters that match their accented forms too: statements drop accents on capitals and
# in typed transcripts ("limites", "límites"; "elaboracion", "elaboración").
_ACCENTS = {
    base: f"[{base}{variants}]"
    for base, variants in (
        ("a", "áàâä"),
        ("e", "éèêë"),
        ("i", "íìîï"),
        ("o", "óòôö"),
        ("u", "úùûü"),
        ("c", "ç"),
        ("n", "ñ"),
    )
}
_ACCENTS |= {v: cls for cls in list(_ACCENTS.values()) for v in cls[2:-1]}


def _accent_tolerant(part: str) -> str:
    """Let every literal letter outside a character class match its accented forms."""
    out, i, in_class = [], 0, False
    while i < len(part):
        char = part[i]
        if char == "\\":
            out.append(part[i : i + 2])  # an escape such as \w stays as it is
            i += 2
            continue
        if char == "[":
            in_class = True
        elif char == "]":
            in_class = False
        out.append(_ACCENTS[char] if not in_class and char in _ACCENTS else char)
        i += 1
    return "".join(out)


def _token_patterns(pattern: str) -> list[list[dict[str, Any]]]:
    """Token patterns of one cue; a ``-?`` between two parts also matches the hyphenated
    word as one token (the French and Spanish tokenizers keep "contre-mesures" whole)."""
    parts = pattern.split()
    tokens: list[dict[str, Any]] = []
    for part in parts:
        if part == "-?":
            tokens.append({"ORTH": "-", "OP": "?"})
        else:
            tokens.append({"LOWER": {"REGEX": f"^(?:{_accent_tolerant(part)})$"}})
    variants = [tokens]
    if "-?" in parts:
        joined = " ".join(parts).replace(" -? ", "-?")
        variants.append(_token_patterns(joined)[0])
    return variants


class StanceMatcher:
    """Find the cues of one language; every match becomes a span labelled by its key."""

    def __init__(self, nlp: Language, name: str = "normtrace_stance", *, key: str, lang: str):
        self.name = name
        self.key = key
        self.lang = lang
        self.matcher = Matcher(nlp.vocab)
        by_key: dict[str, list[list[dict[str, Any]]]] = {}
        for cue in load_cues(lang):
            if cue.role == "exclude_before":
                continue  # read by stance_reading from the previous token, not matched
            by_key.setdefault(cue.key, []).extend(_token_patterns(cue.pattern))
        for match_key, patterns in by_key.items():
            self.matcher.add(match_key, patterns)

    def match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """All cue matches as ``(key, start, end)`` token offsets, in document order."""
        strings = doc.vocab.strings
        return sorted((strings[m], s, e) for m, s, e in self.matcher(doc))

    def set_annotations(self, doc: Doc, matches: list[tuple[str, int, int]]) -> None:
        """Write the matches to ``doc.spans[self.key]`` (overlaps are kept)."""
        doc.spans[self.key] = [Span(doc, s, e, label=key) for key, s, e in matches]

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.match(doc))
        return doc


@Language.factory(
    "normtrace_stance", assigns=["doc.spans"], default_config={"key": SPANS_KEY, "lang": ""}
)
def make_stance_matcher(nlp: Language, name: str, key: str, lang: str) -> StanceMatcher:
    """The ``normtrace_stance`` component (``lang`` defaults to the pipeline's language)."""
    return StanceMatcher(nlp, name, key=key, lang=lang or nlp.lang or "en")


@cache
def stance_pipeline(lang: str) -> Language:
    """A blank pipeline of the language with a sentencizer and ``normtrace_stance``.

    Blank tokenizers need no model download; the reading is by rule over the cues.
    """
    if lang not in STANCE_LANGUAGES:
        raise ValueError(f"no stance cues for language {lang!r}")
    nlp = spacy.blank(lang)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("normtrace_stance")
    return nlp


def exclusions(lang: str) -> dict[str, tuple[str, ...]]:
    """``{question: patterns}`` of the words that cancel a topic right after them."""
    found: dict[str, list[str]] = {}
    for cue in load_cues(lang):
        if cue.role == "exclude_before":
            found.setdefault(cue.question, []).append(cue.pattern)
    return {q: tuple(p) for q, p in found.items()}
