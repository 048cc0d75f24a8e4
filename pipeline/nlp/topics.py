"""Keyword baseline that links a paragraph to the norm taxonomy (models/TAXONOMY.md).

Each topic in ``data/topics.csv`` has a few patterns (regular expressions matched
without regard to case, on word boundaries). For speed the patterns are lower-cased and
searched in the lower-cased text, and the word boundary before a hit is checked in
Python: a leading look-behind or IGNORECASE would make every search about 20 times
slower (bench/nlp_bench.py). A paragraph's score for a topic is
``1 - 0.5 ** hits``, where ``hits`` is the number of distinct patterns found: one
pattern gives 0.5, two give 0.75, three 0.875. This is the baseline the trained
model must beat.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from pipeline.document import Topic


@dataclass(frozen=True, slots=True)
class TopicRule:
    """One taxonomy entry: its id, kind (gge_norm, rule_73_27, pillar), title, patterns.

    ``anchors`` holds, for each pattern, a literal every match must contain (e.g.
    "infrastructure"); a pattern is searched only in texts that contain its anchor.
    """

    topic: str
    kind: str
    title: str
    patterns: tuple[re.Pattern[str], ...]
    anchors: tuple[str, ...]


def anchor(source: str) -> str:
    """Return the longest literal word every match of a lower-case pattern contains.

    Groups, character classes, escapes and letters made optional by "?" are dropped
    first, since a match need not contain them. Returns "" when nothing is left.
    """
    text = source.lower()
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\([^()]*\)[?*]?", " ", text)
    text = re.sub(r"\[[^\]]*\][?*+]?|\{[^}]*\}", " ", text)
    text = re.sub(r"\\[a-z]", " ", text)
    text = re.sub(r"[a-z][?*]", " ", text)
    words = re.findall(r"[a-z0-9/]{3,}", text)
    return max(words, key=len) if words else ""


@cache
def load_topics() -> tuple[TopicRule, ...]:
    """Return the taxonomy with compiled patterns, in file order."""
    text = resources.files("pipeline.nlp").joinpath("data", "topics.csv").read_text("utf-8")
    rules = []
    for row in csv.DictReader(text.splitlines()):
        sources = [p.strip().lower() for p in row["patterns"].split(" ; ")]
        patterns = tuple(re.compile(rf"(?:{p})(?!\w)") for p in sources)
        anchors = tuple(anchor(p) for p in sources)
        rules.append(TopicRule(row["topic"], row["kind"], row["title"], patterns, anchors))
    return tuple(rules)


def _found(pattern: re.Pattern[str], text: str) -> bool:
    """Whether ``pattern`` matches ``text`` at the start of a word."""
    match = pattern.search(text)
    while match is not None:
        start = match.start()
        if start == 0 or not (text[start - 1].isalnum() or text[start - 1] == "_"):
            return True
        match = pattern.search(text, start + 1)
    return False


@cache
def _checks() -> tuple[tuple[int, str, re.Pattern[str]], ...]:
    """Every pattern of the taxonomy as (topic order, anchor, pattern), in file order."""
    return tuple(
        (order, literal, pattern)
        for order, rule in enumerate(load_topics())
        for pattern, literal in zip(rule.patterns, rule.anchors, strict=True)
    )


def topic_hits(text: str) -> list[int]:
    """Return, for each taxonomy topic in order, how many of its patterns ``text`` matches."""
    lowered = text.lower()
    hits = [0] * len(load_topics())
    for order, literal, pattern in _checks():
        if literal in lowered and _found(pattern, lowered):
            hits[order] += 1
    return hits


def hits_score(hits: int) -> float:
    """The keyword score of a topic whose patterns matched ``hits`` times."""
    return round(1 - 0.5**hits, 3)


def score_topics(text: str, *, min_score: float = 0.5) -> tuple[Topic, ...]:
    """Score ``text`` against every topic with the keyword baseline.

    Args:
        text: A paragraph's text.
        min_score: Topics scoring below this are left out.

    Returns:
        The topics found, highest score first, then in taxonomy order.
    """
    rules = load_topics()
    found = sorted(
        (-score, order)
        for order, hits in enumerate(topic_hits(text))
        if hits and (score := hits_score(hits)) >= min_score
    )
    return tuple(Topic(rules[order].topic, -negative) for negative, order in found)
