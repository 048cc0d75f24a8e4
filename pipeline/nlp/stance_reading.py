"""Read a side from the clause that holds a question's topic, not from the whole sentence.

For each sentence and question whose topic it names (``pipeline.nlp.stance`` finds the
cues), the reading works on the clause of the topic:

- CASE 1 a question asked ("Does IHL apply?"), a hedge ("perhaps", "whether") or
  reported speech (a third party, not the speaker, before the first verb: "Some States
  argued that ...") gives a mention: no side of the speaker's own.
- CASE 2 otherwise the predicates of the clause, in order, each flipped by a negator
  right before it (the negator scopes over the next predicate or feature), multiply:
  "we cannot agree that it applies" is not(agree) x applies = opposes; "we regret the
  absence of" is regret x absence = supports. A question's features ("Programme of
  Action", "strictly intergovernmental") give the side of the thing the predicate is
  about: "we welcome ... an intergovernmental format" = opposes the PoA model.
- CASE 3 clauses: a concessive clause ("While we welcome X, ...") is read on its own at
  lower confidence; the clause after "but"/"however" or after the concession, when it
  names no topic but refers back ("its participation is unacceptable"), decides for the
  topic of the clause before.
- CASE 4 a sentence without a topic that takes a side on "this"/"such" upgrades a bare
  mention in the sentence before (the EU: "... work on IHL. We regret that this work is
  not reflected"); the evidence then spans both sentences.

Every reading is a function of the evidence text alone, so a label can be checked
against its quoted evidence (tests/test_positions_consistency.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Doc, Span

from pipeline.nlp.stance import (
    SPANS_KEY,
    StanceMatcher,
    exclusions,
    load_cues,
    stance_pipeline,
)

__all__ = ["SentenceStance", "read_texts", "CONFIDENCE"]

Stance = Literal["supports", "opposes", "mentions"]
# Confidence of one sentence's stance by the way it was read.
CONFIDENCE = {
    "predicate": 0.7,
    "feature": 0.6,
    "concession": 0.5,
    "contrast": 0.65,
    "carried": 0.6,
    "mention": 0.5,
    "question": 0.5,
    "hedge": 0.5,
    "reported": 0.5,
}
_SIGN = {"supports": 1, "opposes": -1}


@dataclass(frozen=True, slots=True)
class SentenceStance:
    """What one sentence says on one question.

    Attributes:
        question: The question id.
        stance: supports, opposes or mentions.
        start: Offset of the sentence in its paragraph text.
        end: End offset of the sentence (or of the next one, for a carried stance).
        text: The evidence text (``paragraph[start:end]``).
        topic: The words that made the sentence about the question.
        cue: The words that decided the stance ("" for a bare mention).
        rule: How it was read (a key of ``CONFIDENCE``).
        confidence: In [0, 1], from ``CONFIDENCE``.
    """

    question: str
    stance: Stance
    start: int
    end: int
    text: str
    topic: str
    cue: str
    rule: str
    confidence: float


@dataclass(frozen=True, slots=True)
class _Hit:
    question: str
    role: str
    side: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Reading:
    stance: Stance
    cue: str
    rule: str


def read_texts(
    texts: Iterable[str],
    questions: Sequence[str],
    *,
    lang: str = "en",
    need_feature: frozenset[str] = frozenset(),
    mention_only: frozenset[str] = frozenset(),
) -> Iterator[list[SentenceStance]]:
    """Yield, for each paragraph text, the stances of its sentences on the questions.

    Args:
        texts: Paragraph texts in one language.
        questions: Question ids to read (as in the cue files).
        lang: ``en``, ``fr`` or ``es``.
        need_feature: Questions whose side needs a feature (a predicate alone, such as
            welcoming "the future mechanism", is a mention).
        mention_only: Questions that are only detected (``ict_security``).

    Returns:
        One list per text: a ``SentenceStance`` per (sentence, question) read.
    """
    nlp = stance_pipeline(lang)
    matcher = nlp.get_pipe("normtrace_stance")
    assert isinstance(matcher, StanceMatcher)
    excluded = {q: [re.compile(f"^(?:{p})$") for p in ps] for q, ps in exclusions(lang).items()}
    # A question with context cues counts only where one of them is in the sentence.
    with_context = {c.question for c in load_cues(lang) if c.role == "context"}
    for text in texts:
        doc = nlp.make_doc(text)
        if not matcher.may_hold_topic(doc):
            yield []  # every reading starts from a topic (a carried one from the one before)
            continue
        for _, component in nlp.pipeline:
            doc = component(doc)
        found: list[SentenceStance] = []
        previous: list[SentenceStance] = []
        for sent in doc.sents:
            hits = _hits(doc, sent)
            current = []
            for q in questions:
                stance = _read_sentence(
                    doc,
                    sent,
                    hits,
                    q,
                    excluded.get(q, []),
                    q in with_context,
                    q in need_feature,
                    q in mention_only,
                )
                if stance is not None:
                    current.append(stance)
            if not current and previous:
                carried = [_carry(doc, sent, hits, p, need_feature) for p in previous]
                if any(c is not p for c, p in zip(carried, previous, strict=True)):
                    found = [f for f in found if f not in previous]
                    current = carried
            found.extend(current)
            previous = current
        yield found


def _hits(doc: Doc, sent: Span) -> list[_Hit]:
    """The cue matches inside a sentence, minus negators that belong to a longer cue."""
    hits = []
    for span in doc.spans[SPANS_KEY]:
        if span.start < sent.start or span.end > sent.end:
            continue
        question, role, side = span.label_.split("|")
        hits.append(_Hit(question, role, side, span.start, span.end))
    # "no need" is a predicate, "sin embargo" a connective, "non-objection" a feature: a
    # negator or predicate inside a longer cue is part of that expression.
    longer = [h for h in hits if h.role not in ("negator", "context") and h.end - h.start > 1]
    return [
        h
        for h in hits
        if not (
            h.role in ("negator", "predicate")
            and any(
                o.start <= h.start and h.end <= o.end and o.end - o.start > h.end - h.start
                for o in longer
            )
        )
    ]


@dataclass(frozen=True, slots=True)
class _Clause:
    kind: str  # main, concessive or relative
    tokens: frozenset[int]
    parent: int | None = None  # the clause a relative clause interrupts


def _clauses(sent: Span, hits: list[_Hit]) -> list[_Clause]:
    """Split a sentence into clauses at connectives.

    A contrastive connective ("but", "however", ";") starts a new main clause. A
    concessive one ("while", "although") starts a clause that runs to the next comma,
    after which a main clause starts. A relative pronoun ("which", "where") starts a
    relative clause that runs to the next comma, after which the clause it interrupted
    goes on ("The agreement ..., which will continue ..., is an achievement").
    """
    roles: dict[int, str] = {}
    for h in sorted(hits, key=lambda h: h.start):
        if h.role in ("contrastive", "concessive", "relative"):
            roles.setdefault(h.start, h.role)
    clauses: list[tuple[str, list[int], int | None]] = [("main", [], None)]
    current = 0
    interrupted: list[int] = []
    for token in sent:
        role = roles.get(token.i)
        if token.i == sent.start and role != "concessive":
            role = None
        if role == "contrastive":
            clauses.append(("main", [], None))
            current, interrupted = len(clauses) - 1, []
        elif role == "concessive":
            clauses.append(("concessive", [], None))
            current, interrupted = len(clauses) - 1, []
        elif role == "relative":
            interrupted.append(current)
            clauses.append(("relative", [], current))
            current = len(clauses) - 1
        clauses[current][1].append(token.i)
        if token.text == ",":
            kind = clauses[current][0]
            if kind == "concessive":
                clauses.append(("main", [], None))
                current = len(clauses) - 1
            elif kind == "relative" and interrupted:
                current = interrupted.pop()
    return [_Clause(kind, frozenset(tokens), parent) for kind, tokens, parent in clauses if tokens]


def _topics(
    doc: Doc, hits: list[_Hit], question: str, excluded: list[re.Pattern[str]]
) -> list[_Hit]:
    def cancelled(h: _Hit) -> bool:
        before = h.start - 1
        if before >= 0 and doc[before].text == "-":
            before -= 1
        return before >= 0 and any(p.match(doc[before].lower_) for p in excluded)

    return [h for h in hits if h.question == question and h.role == "topic" and not cancelled(h)]


def _read_sentence(
    doc: Doc,
    sent: Span,
    hits: list[_Hit],
    question: str,
    excluded: list[re.Pattern[str]],
    needs_context: bool,
    need_feature: bool,
    mention_only: bool,
) -> SentenceStance | None:
    topics = _topics(doc, hits, question, excluded)
    if not topics:
        return None
    if needs_context and not any(h.question == question and h.role == "context" for h in hits):
        return None
    topic_words = doc[topics[0].start : topics[0].end].text

    def make(reading: _Reading) -> SentenceStance:
        return SentenceStance(
            question,
            reading.stance,
            sent.start_char,
            sent.end_char,
            sent.text,
            topic_words,
            reading.cue,
            reading.rule,
            CONFIDENCE[reading.rule],
        )

    if mention_only:
        return make(_Reading("mentions", "", "mention"))
    if sent.text.rstrip().endswith("?"):
        return make(_Reading("mentions", "?", "question"))  # CASE 1
    clauses = _clauses(sent, hits)
    readings = []
    for n, clause in enumerate(clauses):
        if not any(t.start in clause.tokens for t in topics):
            continue
        concessive = clause.kind == "concessive"
        reading = _read_clause(doc, hits, question, clause.tokens, need_feature)
        if reading.stance == "mentions" and clause.parent is not None:
            # a topic in a relative clause takes the side said of its antecedent
            reading = _read_clause(doc, hits, question, clauses[clause.parent].tokens, need_feature)
        later = _read_later(doc, hits, question, clauses[n + 1 :], topics, need_feature)
        if later is not None and (concessive or reading.stance == "mentions"):
            reading = later  # CASE 3: the main clause refers back to this topic
        elif concessive and reading.stance != "mentions":
            reading = _Reading(reading.stance, reading.cue, "concession")
        readings.append(reading)
    sided = [r for r in readings if r.stance != "mentions"]
    return make(sided[0] if sided else readings[0])


def _read_later(
    doc: Doc,
    hits: list[_Hit],
    question: str,
    later: list[_Clause],
    topics: list[_Hit],
    need_feature: bool,
) -> _Reading | None:
    """The side of a following main clause that names no topic but refers back to one."""
    for clause in later:
        if any(t.start in clause.tokens for t in topics):
            return None
        if clause.kind != "main":
            continue
        if not any(h.role == "anaphor" and h.start in clause.tokens for h in hits):
            continue
        reading = _read_clause(doc, hits, question, clause.tokens, need_feature)
        if reading.stance != "mentions":
            return _Reading(reading.stance, reading.cue, "contrast")
    return None


def _read_clause(
    doc: Doc, hits: list[_Hit], question: str, tokens: frozenset[int], need_feature: bool
) -> _Reading:
    """CASE 1 and CASE 2 on one clause (the token indices ``tokens``)."""
    inside = sorted(
        (h for h in hits if h.start in tokens and h.question in (question, "*")),
        key=lambda h: (h.start, -(h.end - h.start)),
    )
    topic_spans = [(h.start, h.end) for h in inside if h.role == "topic"]
    if any(h.role == "hedge" for h in inside):
        hedge = next(h for h in inside if h.role == "hedge")
        return _Reading("mentions", doc[hedge.start : hedge.end].text, "hedge")
    if _reported(inside):
        return _Reading("mentions", "", "reported")
    sign, negated, cue = 1, False, ""
    predicates = 0
    feature: int | None = None
    feature_cue = ""
    for h in inside:
        if h.role == "negator":
            negated = not negated
        elif h.role == "predicate":
            if any(s <= h.start and h.end <= e for s, e in topic_spans):
                continue  # a word of the topic itself
            sign *= _SIGN[h.side] * (-1 if negated else 1)
            negated = False
            predicates += 1
            cue = cue or doc[h.start : h.end].text
        elif h.role == "feature":
            if feature is None:
                feature = _SIGN[h.side] * (-1 if negated else 1)
                feature_cue = doc[h.start : h.end].text
            negated = False
    if negated and predicates:
        # A negator with no predicate after it negates the verb phrase it follows:
        # "States may not take ...", "regret that the report does not mention ...".
        sign = -sign
    if feature is None and (need_feature or predicates == 0):
        return _Reading("mentions", "", "mention")
    side = sign * (feature if feature is not None else 1)
    rule = "predicate" if predicates else "feature"
    cue = " + ".join(c for c in (cue, feature_cue) if c)
    return _Reading("supports" if side > 0 else "opposes", cue, rule)


def _reported(inside: list[_Hit]) -> bool:
    """A third party ("some States", "others", "they") speaks before the first verb."""
    anchor = next((h for h in inside if h.role in ("predicate", "report_verb")), None)
    if anchor is None:
        return False
    subjects = [
        h for h in inside if h.role in ("first_person", "report_subject") and h.end <= anchor.start
    ]
    return bool(subjects) and subjects[-1].role == "report_subject"


def _carry(
    doc: Doc,
    sent: Span,
    hits: list[_Hit],
    previous: SentenceStance,
    need_feature: frozenset[str],
) -> SentenceStance:
    """CASE 4: a sentence that takes a side on "this" upgrades the mention before it."""
    if previous.rule != "mention" or previous.question in need_feature:
        return previous
    if not any(h.role == "anaphor" for h in hits):
        return previous
    tokens = frozenset(range(sent.start, sent.end))
    reading = _read_clause(doc, hits, previous.question, tokens, False)
    if reading.stance == "mentions":
        return previous
    start = previous.start
    return SentenceStance(
        previous.question,
        reading.stance,
        start,
        sent.end_char,
        doc.text[start : sent.end_char],
        previous.topic,
        reading.cue,
        "carried",
        CONFIDENCE["carried"],
    )
