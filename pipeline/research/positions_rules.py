"""The contested questions and the rules that read a stance from one sentence.

Each question (documented in ``models/QUESTIONS.md``) has topic patterns (the sentence
is about the question), ``pro`` and ``con`` cues specific to the question, and may let
the generic stance cues decide (support, welcome, regret ... absence, reject ...).

Patterns are written as space-separated regular expressions, one per token, matched
against the lower-cased token by a spaCy ``Matcher`` on a blank English pipeline (no
lemmatizer data is needed, so inflections are spelled out: ``support(s|ed|ing)?``).
A token ``-?`` is an optional hyphen: spaCy splits "self-defence" into three tokens.
spaCy objects stay in this module; callers get ``SentenceStance`` values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import spacy
from spacy.language import Language
from spacy.matcher import Matcher

__all__ = ["Question", "QUESTIONS", "ICT_TOPIC", "SentenceStance", "read_sentences"]

Stance = Literal["supports", "opposes", "mentions"]


@dataclass(frozen=True, slots=True)
class Question:
    """One contested question and its cue patterns.

    Attributes:
        id: Short key (``ihl``, ``new_lbi`` ...), the column name in every table.
        title: Human title.
        supports: What a "supports" label means for this question.
        topic: Patterns that make a sentence about the question.
        pro: Cues that, in such a sentence, mean the speaker supports the proposition.
        con: Cues that mean the speaker opposes it; checked before ``pro``.
        generic: Whether the generic stance cues may decide when no own cue is found.
        context: If set, a topic match counts only when one of these patterns is also in
            the sentence ("sovereignty" only next to a legal term).
        exclude_before: Words that cancel a topic match right before it ("digital
            sovereignty", "non-binding").
    """

    id: str
    title: str
    supports: str
    topic: tuple[str, ...]
    pro: tuple[str, ...] = ()
    con: tuple[str, ...] = ()
    generic: bool = True
    context: tuple[str, ...] = ()
    exclude_before: tuple[str, ...] = ()


QUESTIONS: tuple[Question, ...] = (
    Question(
        "ihl",
        "Applicability of international humanitarian law",
        "IHL applies to State use of ICTs in armed conflict / should be affirmed",
        topic=(
            "international humanitarian law",
            "ihl",
            "jus in bello",
            "law of armed conflict",
            "humanitarian law",
        ),
        con=(
            "no attempt",
            "force the notion",
            "impos(e|ing|ed)",
            "tacitly consent(ing)?",
            "militari[sz]\\w*",
        ),
    ),
    Question(
        "self_defence",
        "Right of self-defence",
        "the inherent right of self-defence (Article 51) applies to ICT operations",
        topic=("self -? defen[cs]e", "article 51", "armed attacks?"),
        pro=("inherent right", "appl(y|ies|icable)"),
        con=("militari[sz]\\w*", "premature"),
    ),
    Question(
        "countermeasures",
        "Law of countermeasures",
        "States may take countermeasures in response to wrongful ICT acts",
        topic=("countermeasures?", "counter -? measures?"),
        con=("escalat\\w*",),
        # the law of countermeasures, not "countermeasures against terrorism"
        context=(
            "international law",
            "wrongful",
            "law of",
            "responsibility",
            "proportionat\\w*",
            "lawful",
            "unlawful",
            "collective",
            "response",
            "respond",
        ),
    ),
    Question(
        "sovereignty_rule",
        "Sovereignty as a rule of its own",
        "sovereignty is a primary rule whose violation by an ICT operation is wrongful",
        topic=("sovereignty",),
        pro=("rules?", "violat\\w*", "breach\\w*", "infring\\w*"),
        con=("only a principle", "not a (standalone|stand-alone|separate|primary) rule"),
        context=(
            "international law",
            "rules?",
            "violat\\w*",
            "breach\\w*",
            "infring\\w*",
            "primary",
            "standalone",
        ),
        exclude_before=(
            "digital",
            "information",
            "technological",
            "cyber",
            "data",
            "u.s.",
            "sovereign",
        ),
    ),
    Question(
        "new_lbi",
        "New legally binding instrument",
        "a new legally binding instrument (treaty, convention) on ICT security is needed",
        topic=(
            "legally -? binding",
            "binding (instruments?|treaty|treaties|obligations|norms|agreements?|rules)",
            "new (treaty|treaties|convention|instruments?)",
            "universal convention",
            "convention on international information security",
        ),
        pro=(
            "develop\\w*",
            "elaborat\\w*",
            "negotiat\\w*",
            "call(s|ed)?",
            "progress",
            "hope",
            "need(ed|s)? for",
        ),
        con=("no need", "not need", "premature", "unnecessary", "not necessary"),
        exclude_before=("non", "not"),
    ),
    Question(
        "future_mechanism",
        "Programme of Action vs permanent working group",
        "favours the Programme of Action model (action-oriented, implementation-focused) "
        "over a continuing OEWG-type, strictly intergovernmental negotiating format",
        topic=(
            "programmes? of action",
            "programs? of action",
            "poa",
            "(permanent|future|global|new|track) (mechanism|format)",
            "(future|new) permanent (mechanism|format)",
            "permanent institutional dialogue",
            "fpm",
            "regular institutional dialogue",
        ),
        pro=("programmes? of action", "programs? of action", "poa", "action -? oriented"),
        con=("state -? led", "intergovernmental", "successor to the oewg", "continuity"),
        generic=False,
    ),
    Question(
        "stakeholders",
        "Role of businesses and civil society",
        "non-governmental stakeholders (business, civil society, academia) should have a "
        "larger role or fuller participation",
        topic=(
            "stakeholders?",
            "multi -? stakeholders?",
            "multistakeholder",
            "civil society",
            "private sector",
            "non -? governmental organi[sz]ations?",
            "ngos?",
            "ngos’",
            "businesses",
            "business (community|sector)",
            "academia",
            "interested parties",
            "private developers",
        ),
        pro=(
            "participation",
            "inclusive\\w*",
            "contributions?",
            "engag(e|ed|ing|ement)",
            "stronger modalities",
        ),
        con=(
            "non -? objection",
            "solely consultative",
            "consultative status",
            "strictly intergovernmental",
            "intergovernmental nature",
            "limited ability",
            "abused",
            "politici[sz]\\w*",
            "block the access",
            "undermin\\w*",
        ),
    ),
)

ICT_TOPIC = Question(
    "ict_security",
    "ICT security raised at all",
    "the speech raises security in the use of ICTs",
    topic=(
        "cyber\\S*",
        "icts?",
        "information and communications? technolog\\w*",
        "information security",
        "digital security",
    ),
    context=(
        "cyber\\S*",
        "secur\\w*",
        "attacks?",
        "threats?",
        "malicious",
        "crimes?",
        "terroris\\w*",
        "warfare",
        "weapons?",
        "norms?",
        "conflicts?",
    ),
    generic=False,
)

_POSITIVE = (
    "support(s|ed|ing)?",
    "welcom(e|es|ed|ing)",
    "(re)?affirm(s|ed|ing)?",
    "call(s|ed)? (for|on)",
    "advocat\\w*",
    "appreciat\\w*",
    "emphasi[sz]\\w*",
    "stress(es|ed)?",
    "underline(s|d)?",
    "underscore(s|d)?",
    "importan(t|ce)",
    "essential",
    "imperative",
    "hope",
    "encourag\\w*",
    "favou?r",
    "commend\\w*",
    "thank\\w*",
    "appl(y|ies|icable)",
    "recogni[sz](e|es|ed|ing)",
)
_LAMENT = (
    "regret\\w*",
    "disappoint\\w*",
    "concern(ed|s)?",
    "alarming",
    "lament\\w*",
    "missed opportunity",
)
_ABSENCE = (
    "absence",
    "omission",
    "omit\\w*",
    "not",
    "no",
    "delet\\w*",
    "remov\\w*",
    "lack\\w*",
    "reduction",
    "misbalance",
    "imbalance",
    "overlook\\w*",
    "eliminat\\w*",
    "without",
    "unable",
)
_DESIRE = ("would have liked", "would have preferred", "our preference", "more ambitious")
_NEGATIVE = (
    "oppos(e|es|ed|ing)",
    "reject\\w*",
    "unacceptable",
    "untenable",
    "premature",
    "no need",
    "not necessary",
    "unnecessary",
    "cannot accept",
)
_NEGATORS = frozenset({"not", "no", "never", "n't", "cannot", "nor", "without"})
# Confidence of one sentence's stance by the kind of cue that decided it.
CONFIDENCE = {
    "con": 0.8,
    "pro": 0.8,
    "desire": 0.7,
    "lament": 0.7,
    "negative": 0.6,
    "positive": 0.6,
    "negated": 0.5,
    "mention": 0.5,
    "lament_next": 0.6,
}


@dataclass(frozen=True, slots=True)
class SentenceStance:
    """What one sentence says on one question.

    Attributes:
        question: The question id.
        stance: supports, opposes or mentions.
        start: Offset of the sentence in its paragraph text.
        end: End offset of the sentence in its paragraph text.
        text: The sentence.
        topic: The words that made the sentence about the question.
        cue: The words that decided the stance ("" for a mention).
        rule: Which kind of cue decided (``con``, ``pro``, ``lament``, ``negated`` ...).
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


def _token_patterns(pattern: str) -> list[dict[str, Any]]:
    tokens: list[dict[str, Any]] = []
    for part in pattern.split():
        if part == "-?":
            tokens.append({"ORTH": "-", "OP": "?"})
        else:
            tokens.append({"LOWER": {"REGEX": f"^(?:{part})$"}})
    return tokens


def _add(matcher: Matcher, key: str, patterns: Iterable[str]) -> None:
    patterns = list(patterns)
    if patterns:
        matcher.add(key, [_token_patterns(p) for p in patterns])


@cache
def _pipeline() -> tuple[Language, Matcher]:
    """The blank English pipeline with a sentencizer, and one matcher for every cue list."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    matcher = Matcher(nlp.vocab)
    for q in (*QUESTIONS, ICT_TOPIC):
        _add(matcher, f"{q.id}|topic", q.topic)
        _add(matcher, f"{q.id}|pro", q.pro)
        _add(matcher, f"{q.id}|con", q.con)
        _add(matcher, f"{q.id}|context", q.context)
    for key, cues in (
        ("positive", _POSITIVE),
        ("lament", _LAMENT),
        ("absence", _ABSENCE),
        ("desire", _DESIRE),
        ("negative", _NEGATIVE),
    ):
        _add(matcher, f"*|{key}", cues)
    return nlp, matcher


def read_sentences(
    texts: Iterable[str], questions: Iterable[Question] = QUESTIONS
) -> Iterator[list[SentenceStance]]:
    """Yield, for each paragraph text, the stances of its sentences on the questions.

    Args:
        texts: Paragraph texts (English).
        questions: The questions to read; ``ICT_TOPIC`` may be among them.

    Returns:
        One list per text, in order: a ``SentenceStance`` for every (sentence,
        question) pair whose topic matched.
    """
    nlp, matcher = _pipeline()
    wanted = list(questions)
    for doc in nlp.pipe(texts, batch_size=64):
        found: list[SentenceStance] = []
        by_sentence: dict[int, dict[str, list[tuple[int, int]]]] = {}
        for match_id, start, end in matcher(doc):
            sent_start = doc[start].sent.start
            if doc[end - 1].sent.start != sent_start:
                continue  # a match across a sentence boundary
            hits_of = by_sentence.setdefault(sent_start, {})
            key = nlp.vocab.strings[match_id]
            hits_of.setdefault(key, []).append((start - sent_start, end - sent_start))
        previous: list[SentenceStance] = []
        for sent in doc.sents:
            hits = by_sentence.get(sent.start, {})
            current = [
                stance
                for question in wanted
                if (stance := _judge(question, sent, hits)) is not None
            ]
            if not current and previous and _refers_back(sent, hits):
                # "... work on IHL. We regret that this work is not reflected." (the EU)
                current = [_carry(p, doc, sent) for p in previous]
                found = [f for f in found if f not in previous]
            found.extend(current)
            previous = current
        yield found


_DEMONSTRATIVES = frozenset({"this", "these", "such", "that", "it"})


def _refers_back(sent: Any, hits: dict[str, list[tuple[int, int]]]) -> bool:
    """A sentence without a topic that regrets an absence of "this" (the previous topic)."""
    regret = bool(hits.get("*|desire")) or bool(hits.get("*|lament") and hits.get("*|absence"))
    return regret and any(t.lower_ in _DEMONSTRATIVES for t in sent)


def _carry(previous: SentenceStance, doc: Any, sent: Any) -> SentenceStance:
    """Upgrade a mention in the previous sentence to support, evidence spanning both."""
    generic = next((q.generic for q in QUESTIONS if q.id == previous.question), False)
    if previous.stance != "mentions" or not generic:
        return previous
    text = doc.text[previous.start : sent.end_char]
    return SentenceStance(
        previous.question,
        "supports",
        previous.start,
        sent.end_char,
        text,
        previous.topic,
        "",
        "lament_next",
        CONFIDENCE["lament_next"],
    )


def _words(sent: Any, spans: list[tuple[int, int]]) -> str:
    return str(sent[spans[0][0] : spans[0][1]].text)


def _negated(sent: Any, start: int) -> bool:
    """A negator within the three tokens before a cue ("does not support")."""
    return any(t.lower_ in _NEGATORS for t in sent[max(0, start - 3) : start])


def _judge(
    question: Question, sent: Any, hits: dict[str, list[tuple[int, int]]]
) -> SentenceStance | None:
    topics = [
        (s, e)
        for s, e in hits.get(f"{question.id}|topic", [])
        if not (s > 0 and sent[s - 1].lower_ in question.exclude_before)
        and not (
            s > 1 and sent[s - 1].text == "-" and sent[s - 2].lower_ in question.exclude_before
        )
    ]
    if not topics or (question.context and not hits.get(f"{question.id}|context")):
        return None

    def make(stance: Stance, key: str | None, rule: str) -> SentenceStance:
        cue = _words(sent, hits[key]) if key else ""
        return SentenceStance(
            question.id,
            stance,
            sent.start_char,
            sent.end_char,
            sent.text,
            _words(sent, topics),
            cue,
            rule,
            CONFIDENCE[rule],
        )

    # CASE 1: the question's own cues; opposition first ("welcome ... non-objection").
    if hits.get(f"{question.id}|con"):
        return make("opposes", f"{question.id}|con", "con")
    if pro := hits.get(f"{question.id}|pro"):
        if _negated(sent, pro[0][0]):
            return make("opposes", f"{question.id}|pro", "negated")
        return make("supports", f"{question.id}|pro", "pro")
    if not question.generic:
        return make("mentions", None, "mention")
    # CASE 2: regret at an absence, or a wish the text went further: they wanted it.
    if hits.get("*|desire"):
        return make("supports", "*|desire", "desire")
    if hits.get("*|lament") and hits.get("*|absence"):
        return make("supports", "*|lament", "lament")
    # CASE 3: generic opposition, then generic support; a negator flips either.
    if neg := hits.get("*|negative"):
        negated = _negated(sent, neg[0][0])
        return make(
            "supports" if negated else "opposes", "*|negative", "negated" if negated else "negative"
        )
    if pos := hits.get("*|positive"):
        negated = _negated(sent, pos[0][0])
        return make(
            "opposes" if negated else "supports", "*|positive", "negated" if negated else "positive"
        )
    return make("mentions", None, "mention")


def normalise_space(text: str) -> str:
    """Collapse runs of white space (sentences are compared after this)."""
    return re.sub(r"\s+", " ", text).strip()
