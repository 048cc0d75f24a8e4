"""Keyword baseline that links a paragraph to the norm taxonomy (models/TAXONOMY.md).

Each topic in ``data/topics.csv`` has a few patterns (regular expressions matched
without regard to case, on word boundaries). A paragraph's score for a topic is
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
    """One taxonomy entry: its id, kind (gge_norm, rule_73_27, pillar), title, patterns."""

    topic: str
    kind: str
    title: str
    patterns: tuple[re.Pattern[str], ...]


@cache
def load_topics() -> tuple[TopicRule, ...]:
    """Return the taxonomy with compiled patterns, in file order."""
    text = resources.files("pipeline.nlp").joinpath("data", "topics.csv").read_text("utf-8")
    rules = []
    for row in csv.DictReader(text.splitlines()):
        patterns = tuple(
            re.compile(rf"(?<!\w)(?:{p.strip()})(?!\w)", re.IGNORECASE)
            for p in row["patterns"].split(" ; ")
        )
        rules.append(TopicRule(row["topic"], row["kind"], row["title"], patterns))
    return tuple(rules)


def score_topics(text: str, *, min_score: float = 0.5) -> tuple[Topic, ...]:
    """Score ``text`` against every topic with the keyword baseline.

    Args:
        text: A paragraph's text.
        min_score: Topics scoring below this are left out.

    Returns:
        The topics found, highest score first, then in taxonomy order.
    """
    found = []
    for order, rule in enumerate(load_topics()):
        hits = sum(1 for pattern in rule.patterns if pattern.search(text))
        score = round(1 - 0.5**hits, 3)
        if hits and score >= min_score:
            found.append((-score, order, Topic(rule.topic, score)))
    return tuple(topic for _, _, topic in sorted(found))
