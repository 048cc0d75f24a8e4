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

Every token of a match fits one of the cue patterns' token regexes (or is a hyphen), so
matching runs only over the runs of such tokens, and only with the patterns whose first
token one of the run's words fits: one spaCy Matcher of every pattern tried all 247
English token regexes on every token (about 5 ms a paragraph on a loaded machine), and
most words of a statement fit none. A word is tested against the regexes once and the
answer kept. ``may_hold_topic`` tells, the same way, whether a text can
hold a topic at all (a token fits a topic cue's first token): without one, a paragraph
has no stance to read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
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


class _AnyOf:
    """Whether a word fits any of several regexes (``re.search``, as spaCy's REGEX
    predicate tests them), each word tested once."""

    MAX_WORDS = 200_000  # the answers kept; then forgotten (a text of new words each time)

    def __init__(self, patterns: set[str]) -> None:
        # Each pattern is anchored (^(?:...)$) and numbers no group: an alternation of
        # them fits a word exactly when one of them does.
        self._regex = re.compile("|".join(sorted(patterns))) if patterns else None
        self._known: dict[str, bool] = {}

    def __call__(self, word: str) -> bool:
        known = self._known.get(word)
        if known is None:
            if len(self._known) >= self.MAX_WORDS:
                self._known.clear()
            known = self._regex is not None and self._regex.search(word) is not None
            self._known[word] = known
        return known


def _head(pattern: list[dict[str, Any]]) -> str:
    """The regex of a token pattern's first token that is not the optional hyphen."""
    return str(next(t for t in pattern if "LOWER" in t)["LOWER"]["REGEX"])


class StanceMatcher:
    """Find the cues of one language; every match becomes a span labelled by its key.

    The patterns are grouped by their head (``_head``), one spaCy Matcher a group: a run
    of cue words is given only to the groups whose head one of its words fits, so a
    token is tested against those patterns, not all of them.
    """

    def __init__(self, nlp: Language, name: str = "normtrace_stance", *, key: str, lang: str):
        self.name = name
        self.key = key
        self.lang = lang
        by_head: dict[str, dict[str, list[list[dict[str, Any]]]]] = {}
        words: set[str] = set()  # the token regexes of every cue
        topic_heads: set[str] = set()
        for cue in load_cues(lang):
            if cue.role == "exclude_before":
                continue  # read by stance_reading from the previous token, not matched
            for pattern in _token_patterns(cue.pattern):
                by_head.setdefault(_head(pattern), {}).setdefault(cue.key, []).append(pattern)
                words |= {t["LOWER"]["REGEX"] for t in pattern if "LOWER" in t}
                if cue.role == "topic":
                    topic_heads.add(_head(pattern))
        self.matchers: dict[str, Matcher] = {}
        for head, keyed in by_head.items():
            self.matchers[head] = Matcher(nlp.vocab)
            for match_key, patterns in keyed.items():
                self.matchers[head].add(match_key, patterns)
        self._head_regexes = {head: re.compile(head) for head in by_head}
        self._heads_of: dict[str, tuple[str, ...]] = {}
        self._cue_word = _AnyOf(words)
        self._topic_head = _AnyOf(topic_heads)

    def may_hold_topic(self, doc: Doc) -> bool:
        """Whether a token fits the first token of a topic cue (an optional hyphen
        aside): without one, no topic matches."""
        return any(self._topic_head(token.lower_) for token in doc)

    def _runs(self, doc: Doc) -> Iterator[tuple[int, int]]:
        """``(start, end)`` of each longest run of tokens that fit a cue's token or are
        hyphens (the optional token): every match lies inside one."""
        start = None
        for token in doc:
            if token.text == "-" or self._cue_word(token.lower_):
                start = token.i if start is None else start
            elif start is not None:
                yield start, token.i
                start = None
        if start is not None:
            yield start, len(doc)

    def _heads(self, word: str) -> tuple[str, ...]:
        """The heads a cue word fits (kept per word, as ``_AnyOf`` keeps its answers)."""
        heads = self._heads_of.get(word)
        if heads is None:
            if len(self._heads_of) >= _AnyOf.MAX_WORDS:
                self._heads_of.clear()
            heads = tuple(h for h, regex in self._head_regexes.items() if regex.search(word))
            self._heads_of[word] = heads
        return heads

    def match(self, doc: Doc) -> list[tuple[str, int, int]]:
        """All cue matches as ``(key, start, end)`` token offsets, in document order."""
        strings = doc.vocab.strings
        found: set[tuple[str, int, int]] = set()  # one Matcher would give a match once
        for start, end in self._runs(doc):
            run = doc[start:end]
            heads = {h for token in run if token.text != "-" for h in self._heads(token.lower_)}
            for head in sorted(heads):
                # A span's matches are counted from the span's first token.
                found.update(
                    (strings[m], start + s, start + e) for m, s, e in self.matchers[head](run)
                )
        return sorted(found)

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
