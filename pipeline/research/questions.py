"""The codebook of contested questions, and the reading of sentences on them.

The questions (documented in ``models/QUESTIONS.md``) are the same in every language;
what a sentence says on them is read by ``pipeline.nlp.stance_reading`` from the cue
files of its language (``pipeline/nlp/data/stance_cues_<lang>.csv``). This module holds
the definitions that go into every output (HTML legend, JSON ``questions``, the CSV
codebook) and ``read_sentences``, the one call the positions table makes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pipeline.nlp.stance import STANCE_LANGUAGES
from pipeline.nlp.stance_reading import CONFIDENCE, SentenceStance, read_texts

__all__ = [
    "Question",
    "QUESTIONS",
    "ICT_TOPIC",
    "SentenceStance",
    "CONFIDENCE",
    "STANCE_LANGUAGES",
    "read_sentences",
    "normalise_space",
]


@dataclass(frozen=True, slots=True)
class Question:
    """One contested question of the codebook.

    Attributes:
        id: Short key (``ihl``, ``new_lbi`` ...), the column name in every table.
        title: Human title.
        definition: What the question is about.
        supports: What a "supports" label means.
        opposes: What an "opposes" label means.
        need_feature: A side needs one of the question's features (welcoming "the future
            mechanism" takes no side between its models).
    """

    id: str
    title: str
    definition: str
    supports: str
    opposes: str
    need_feature: bool = False


QUESTIONS: tuple[Question, ...] = (
    Question(
        "ihl",
        "Applicability of international humanitarian law",
        "Does international humanitarian law govern State use of ICTs in armed conflict?",
        "IHL applies to ICT operations in armed conflict, or should be affirmed (regretting "
        "its absence from a text counts)",
        "contests or rejects applying IHL to cyberspace",
    ),
    Question(
        "self_defence",
        "Right of self-defence",
        "Does the inherent right of self-defence (Article 51) apply to ICT operations "
        "amounting to an armed attack?",
        "the right of self-defence applies to ICT operations amounting to an armed attack",
        "rejects or warns against invoking self-defence for ICT operations",
    ),
    Question(
        "countermeasures",
        "Law of countermeasures",
        "May an injured State take countermeasures against internationally wrongful ICT acts?",
        "States may take countermeasures against wrongful ICT acts",
        "rejects countermeasures in cyberspace (e.g. as escalatory)",
    ),
    Question(
        "sovereignty_rule",
        "Sovereignty as a rule of its own",
        "Is sovereignty a primary rule of international law whose violation by an ICT "
        "operation is wrongful, or only a principle?",
        "sovereignty is a rule whose violation by an ICT operation is wrongful",
        "sovereignty is only a principle, not a stand-alone rule",
    ),
    Question(
        "new_lbi",
        "New legally binding instrument",
        "Is a new legally binding instrument (treaty, convention) on ICT security needed?",
        "a new treaty / convention / binding obligations on ICT security are needed",
        "no need for one; existing law suffices, or it is premature",
    ),
    Question(
        "future_mechanism",
        "Programme of Action vs permanent working group",
        "Which model for the permanent UN mechanism: the action-oriented Programme of "
        "Action, or a continuing, strictly intergovernmental OEWG-type format?",
        "favours the Programme of Action model (action-oriented, implementation-focused)",
        "favours a continuing OEWG-type, State-led, strictly intergovernmental format",
        need_feature=True,
    ),
    Question(
        "stakeholders",
        "Role of businesses and civil society",
        "Should non-governmental stakeholders (business, civil society, academia) take a "
        "larger part in the UN process on ICT security?",
        "a larger role or fuller participation for non-governmental stakeholders",
        "restricts it (non-objection, consultative status only)",
    ),
)

ICT_TOPIC = Question(
    "ict_security",
    "ICT security raised at all",
    "Does the speech raise security in the use of ICTs at all?",
    "the speech raises security in the use of ICTs",
    "(detected only: no side)",
)


def read_sentences(
    texts: Iterable[str], questions: Iterable[Question] = QUESTIONS, *, lang: str = "en"
) -> Iterator[list[SentenceStance]]:
    """Yield, for each paragraph text, the stances of its sentences on the questions.

    Args:
        texts: Paragraph texts, all in ``lang``.
        questions: The questions to read; ``ICT_TOPIC`` may be among them (detected
            only, never a side).
        lang: ``en``, ``fr`` or ``es`` (the cue file to use).

    Returns:
        One list per text, in order: a ``SentenceStance`` for every (sentence,
        question) pair whose topic matched.
    """
    wanted = list(questions)
    return read_texts(
        texts,
        [q.id for q in wanted],
        lang=lang,
        need_feature=frozenset(q.id for q in wanted if q.need_feature),
        mention_only=frozenset({ICT_TOPIC.id}),
    )


def normalise_space(text: str) -> str:
    """Collapse runs of white space (sentences are compared after this)."""
    return re.sub(r"\s+", " ", text).strip()
