"""The words of a norm and of a paragraph as the norm tracker weighs them (issue 22).

A norm is cut into its sentences (2015 item (i) has two, and 73/27 restates each as an
item of its own). Each text becomes a set of content stems (``normalise.tokenise``,
function words dropped, a crude suffix stem so that "vulnerability" meets
"vulnerabilities"), and each stem is weighted by how rare it is among the catalogue's
sentences, so that "States should" weighs little and "supply chain" much. Pure.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pipeline.compare.normalise import FUNCTION_WORDS, tokenise

_SENTENCE = re.compile(r"(?<=[a-z)\]])[.;?!]\s+(?=[A-Z])")
# Words that say a paragraph states a conduct rather than a concern or a fact.
_NORMATIVE = re.compile(
    r"\b(should|must|shall|will|ought|need(?:s)? to|may|can|"
    r"condemn\w*|commit\w*|call(?:s|ed)? (?:up)?on|urg(?:e|es|ed)|pledg\w*|undertak\w*|"
    r"refrain\w*|provid(?:es|ing) that|agree\w* (?:to|that)|decides? to)\b",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-•*¥–—]|\(?[a-z0-9]{1,4}[.)])\s+")
_MENTION = re.compile(r"\bnorms?\b", re.IGNORECASE)
_SUFFIXES = ("ities", "ity", "ies", "ing", "ions", "ion", "ed", "es", "s")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A crude stem: a common suffix off, then the first seven letters."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:7]


@lru_cache(maxsize=20_000)
def content_stems(text: str) -> frozenset[str]:
    """The stems of a text's content words (numbers and function words left out)."""
    return frozenset(
        stem(t)
        for t in tokenise(text)
        if t not in FUNCTION_WORDS and not t.isdigit() and len(t) > 1
    )


def sentences(text: str) -> tuple[str, ...]:
    """A norm's sentences, each with its final stop."""
    parts = [p.strip() for p in _SENTENCE.split(text) if p.strip()]
    return tuple(parts) or (text,)


def is_normative(text: str) -> bool:
    """Whether a paragraph states a conduct (a modal, a pledge, a call, a condemnation)."""
    return bool(_NORMATIVE.search(text))


def is_bullet(text: str) -> bool:
    """Whether a paragraph opens with a list marker ("- ", "• ", "(a) ")."""
    return bool(_BULLET.match(text))


def mentions_norms(text: str) -> bool:
    """Whether a paragraph names norms (and so may be about them rather than one)."""
    return bool(_MENTION.search(text))


@dataclass(frozen=True, slots=True)
class Weights:
    """Inverse document frequency of each stem over a catalogue's sentences."""

    idf: dict[str, float]
    default: float

    @classmethod
    def fit(cls, texts: Iterable[frozenset[str]]) -> Weights:
        """Weigh every stem of ``texts`` (a stem in every text weighs least)."""
        texts = list(texts)
        counts: Counter[str] = Counter()
        for stems in texts:
            counts.update(stems)
        n = len(texts)
        idf = {s: math.log((1 + n) / (1 + c)) + 1.0 for s, c in counts.items()}
        return cls(idf=idf, default=math.log(1 + n) + 1.0)

    def weight(self, stems: Iterable[str]) -> float:
        """The summed weight of some stems."""
        return sum(self.idf.get(s, self.default) for s in stems)

    def cover(self, part: frozenset[str], whole: frozenset[str]) -> float:
        """Weighted share of ``part``'s stems found in ``whole``, in [0, 1]."""
        if not part:
            return 0.0
        if part <= whole:
            return 1.0
        return self.weight(part & whole) / self.weight(part)


@dataclass(frozen=True, slots=True)
class NormText:
    """A norm ready to be matched: its tokens, its sentences and their stems."""

    norm_id: str
    catalogue: str
    text: str
    tokens: tuple[str, ...]
    stems: frozenset[str]
    sentences: tuple[str, ...]
    sentence_stems: tuple[frozenset[str], ...]


def prepare(norms: Sequence[tuple[str, str, str]]) -> tuple[tuple[NormText, ...], Weights]:
    """Prepare ``(catalogue, norm_id, text)`` triples and fit the stem weights on them."""
    prepared = []
    for catalogue, norm_id, text in norms:
        parts = sentences(text)
        prepared.append(
            NormText(
                norm_id=norm_id,
                catalogue=catalogue,
                text=text,
                tokens=tuple(tokenise(text)),
                stems=content_stems(text),
                sentences=parts,
                sentence_stems=tuple(content_stems(p) for p in parts),
            )
        )
    weights = Weights.fit(s for n in prepared for s in n.sentence_stems)
    return tuple(prepared), weights


def tfidf_similarity(rows: Sequence[str], columns: Sequence[str]) -> list[list[float]]:
    """Cosine of TF-IDF vectors of content stems, fitted on the texts compared (a
    lexical paraphrase strategy; no labels are learnt).

    Each text is a set of stems (so a term's frequency is 1), weighted by the smooth
    inverse document frequency ``ln((1 + n) / (1 + df)) + 1`` over the texts compared
    and normalised to unit length: scikit-learn's ``TfidfVectorizer`` defaults, written
    out so that no scikit-learn import (seconds) is paid at start-up.
    """
    if not rows or not columns:
        return [[0.0] * len(columns) for _ in rows]
    docs = [content_stems(t) for t in (*rows, *columns)]
    df: Counter[str] = Counter(s for d in docs for s in d)
    n = len(docs)
    squared = {s: (math.log((1 + n) / (1 + c)) + 1.0) ** 2 for s, c in df.items()}
    lengths = [math.sqrt(sum(squared[s] for s in d)) for d in docs]
    result: list[list[float]] = []
    for i in range(len(rows)):
        a, la = docs[i], lengths[i]
        line = []
        for j in range(len(rows), n):
            b, lb = docs[j], lengths[j]
            shared = a & b if len(a) <= len(b) else b & a
            line.append(sum(squared[s] for s in shared) / (la * lb) if shared else 0.0)
        result.append(line)
    return result


def overlap_similarity(rows: Sequence[str], columns: Sequence[str]) -> list[list[float]]:
    """rapidfuzz's token-set ratio of the content stems (a lexical baseline), in [0, 1]."""
    from rapidfuzz import fuzz

    a = [" ".join(sorted(content_stems(t))) for t in rows]
    b = [" ".join(sorted(content_stems(t))) for t in columns]
    return [[fuzz.token_set_ratio(x, y) / 100.0 for y in b] for x in a]
