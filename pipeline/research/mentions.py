"""Who talks about cyber matters in the General Debate, and which States each speech names.

Two tables from General Debate speeches (``batch/ungdc_general_debate``, one file per
State, ``ISO3_session_year.txt``, read by ``pipeline.ingest.load_document`` into
paragraphs of kind "speech" with ``affiliation`` = ISO3):

- cyber mentions: a sentence is a cyber mention when it contains one of ``CYBER_TERMS``
  (cyber-anything, ICT(s), information and communication(s) technologies, information
  security, the Internet, hacking, malware). "Digital" alone does not count: in these
  speeches it mostly means the digital economy or the digital divide. Each cyber
  sentence is then read by the NLP stage's clause reader (the trained topic model, or
  the keyword baseline), whose taxonomy topics (models/TAXONOMY.md) give the counts per
  topic; a cyber sentence with none counts under ``UNCLASSIFIED``.
- named States: MEMBER_STATE and OBSERVER entities of the NLP stage in the whole speech,
  by canonical ISO3, without the speaker's own State.

``mention_tables(docs)`` returns both as pandas DataFrames (this is the research edge,
where DataFrames belong); ``bench/general_debate_tables.py`` writes them as CSV.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

import pandas as pd

from pipeline.document import Document, Entity
from pipeline.ingest import load_document
from pipeline.nlp.extract import extract_document, extract_texts

if TYPE_CHECKING:
    from spacy.language import Language

__all__ = [
    "CYBER_TERMS",
    "UNCLASSIFIED",
    "MentionTables",
    "SPEECH_COLUMNS",
    "TOPIC_COLUMNS",
    "NAMED_COLUMNS",
    "find_cyber_terms",
    "load_speeches",
    "mention_tables",
    "speech_identity",
    "split_sentences",
]

# Term family -> pattern (matched without regard to case, on word boundaries).
CYBER_TERMS: dict[str, str] = {
    "cyber": r"cyber[\w-]*",
    "ict": r"ICTs?|information\s+and\s+communications?\s+technolog(?:y|ies)",
    "information_security": r"information\s+security|security\s+of\s+information",
    "internet": r"internet",
    "hacking": r"hack(?:ing|ers?|ed)|malware|ransomware|malicious\s+software",
}
_CYBER_RE = re.compile(
    "|".join(rf"(?P<{name}>\b(?:{pattern})\b)" for name, pattern in CYBER_TERMS.items()),
    re.IGNORECASE,
)
# "ICT" in capitals only: "ict" is no word, but keep the acronym case-sensitive anyway.
_ICT_ACRONYM = re.compile(r"ICTs?")
STATE_LABELS = ("MEMBER_STATE", "OBSERVER")
# The topic of a cyber sentence in which the clause reader finds no taxonomy topic.
UNCLASSIFIED = "unclassified"
# A full stop after these does not end a sentence.
_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st no nos prof gen sr jr vs etc e.g i.e art para paras u.s u.n u.k".split()
)
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])")
_FILE_NAME = re.compile(r"^(?P<state>[A-Z]{2,3})_(?P<session>\d+)_(?P<year>\d{4})$")

SPEECH_COLUMNS = (
    "state", "session", "year", "sentences", "cyber_sentences", "mentions_cyber",
    "terms", "topics", "example",
)  # fmt: skip
TOPIC_COLUMNS = ("state", "session", "year", "topic", "sentences", "example")
NAMED_COLUMNS = ("state", "session", "year", "named", "label", "mentions", "example")


@dataclass(frozen=True, slots=True)
class MentionTables:
    """The two General Debate tables (and the per-topic breakdown of the first).

    Attributes:
        speeches: One row per speech (``SPEECH_COLUMNS``): sentence counts, whether it
            mentions cyber matters, term and topic counts as "name:count; ..." and an
            example sentence.
        topics: One row per speech and taxonomy topic found in its cyber sentences
            (``TOPIC_COLUMNS``), with the first sentence of that topic.
        named: One row per speech and State it names (``NAMED_COLUMNS``), the speaker's
            own State left out, with the number of mentions and the first sentence.
    """

    speeches: pd.DataFrame
    topics: pd.DataFrame
    named: pd.DataFrame


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split a paragraph into sentences, as (start, end) offsets into ``text``.

    A sentence ends at ".", "!" or "?" (and any closing quote or bracket) followed by
    space and a capital, digit or opening quote, unless the word before the full stop is
    a known abbreviation ("Mr.", "No.", "U.S.") or a single capital letter (an initial).

    Args:
        text: A paragraph.

    Returns:
        Offsets of the sentences, in order, leading and trailing spaces left out.
    """
    spans = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if text[match.start()] == ".":
            word = re.search(r"[\w.]*$", text[start : match.start()])
            before = word[0].lower() if word else ""
            if before in _ABBREVIATIONS or re.fullmatch(r"[a-z]", before):
                continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        while begin < end and text[begin].isspace():
            begin += 1
        while end > begin and text[end - 1].isspace():
            end -= 1
        if begin < end:
            result.append((begin, end))
    return result


def find_cyber_terms(sentence: str) -> Counter[str]:
    """Count the cyber term families (keys of ``CYBER_TERMS``) in a sentence.

    Args:
        sentence: Any text.

    Returns:
        Family -> number of matches; empty when the text is no cyber mention.
    """
    found: Counter[str] = Counter()
    for match in _CYBER_RE.finditer(sentence):
        family = match.lastgroup
        assert family is not None
        if family == "ict" and match[0].lower().startswith("ict"):
            if not _ICT_ACRONYM.fullmatch(match[0]):
                continue  # "ict" in lower case: not the acronym
        found[family] += 1
    return found


def speech_identity(doc: Document) -> tuple[str, int | None, int | None]:
    """Return (state, session, year) of a General Debate speech.

    The file name ``ISO3_session_year.txt`` gives all three; without it the State is the
    paragraphs' most common ``affiliation`` and session and year are None.

    Raises:
        ValueError: Neither the file name nor the paragraphs say who spoke.
    """
    stem = PurePath(doc.source).stem if doc.source else ""
    named = _FILE_NAME.match(stem)
    if named:
        return named["state"], int(named["session"]), int(named["year"])
    affiliations = Counter(p.affiliation for p in doc.paragraphs if p.affiliation)
    if not affiliations:
        raise ValueError(f"cannot tell whose speech this is: {doc.source or doc.title}")
    return affiliations.most_common(1)[0][0], None, None


def load_speeches(root: str | Path, sessions: Sequence[str] = ("73", "75")) -> list[Document]:
    """Load the General Debate speeches of the given sessions from a corpus root.

    Args:
        root: The corpus root (holds ``batch/ungdc_general_debate/Session_<n>_<year>/``).
        sessions: Session numbers to read.

    Returns:
        The documents, sorted by session and file name.
    """
    base = Path(root) / "batch" / "ungdc_general_debate"
    paths = [
        path
        for session in sessions
        for folder in sorted(base.glob(f"Session_{session}_*"))
        for path in sorted(folder.glob("*.txt"))
    ]
    return [load_document(path) for path in paths]


@dataclass(frozen=True, slots=True)
class _Sentence:
    paragraph_id: str
    start: int
    end: int
    text: str


def _sentences(doc: Document) -> list[_Sentence]:
    return [
        _Sentence(p.id, start, end, p.text[start:end])
        for p in doc.paragraphs
        for start, end in split_sentences(p.text)
    ]


def _sentence_of(entity: Entity, sentences: Sequence[_Sentence]) -> str:
    for sentence in sentences:
        if sentence.paragraph_id == entity.paragraph_id and (
            sentence.start <= entity.start < sentence.end
        ):
            return sentence.text
    return entity.text


def _counts(counter: Counter[str]) -> str:
    return "; ".join(f"{name}:{n}" for name, n in sorted(counter.items(), key=lambda x: -x[1]))


def mention_tables(docs: Iterable[Document], *, nlp: Language | None = None) -> MentionTables:
    """Build the cyber-mention and named-State tables of General Debate speeches.

    Args:
        docs: Speeches from ``load_document`` (``load_speeches`` reads a corpus root).
        nlp: A pipeline from ``pipeline.nlp.language.build_nlp``; by default the
            blank English one with the trained topic model when present.

    Returns:
        ``MentionTables``; rows are sorted by session, State and then by count.
    """
    speech_rows: list[dict[str, object]] = []
    topic_rows: list[dict[str, object]] = []
    named_rows: list[dict[str, object]] = []
    for doc in docs:
        state, session, year = speech_identity(doc)
        key: dict[str, object] = {"state": state, "session": session, "year": year}
        sentences = _sentences(doc)
        cyber = [(s, find_cyber_terms(s.text)) for s in sentences]
        cyber = [(s, terms) for s, terms in cyber if terms]
        readings = extract_texts([s.text for s, _ in cyber], nlp) if cyber else []
        terms: Counter[str] = Counter()
        topics: Counter[str] = Counter()
        first_of_topic: dict[str, str] = {}
        # The example: the first cyber sentence among those with the most topics.
        example, most = "", -1
        for (sentence, found), (_, clause) in zip(cyber, readings, strict=True):
            terms.update(found)
            for name in [t.name for t in clause.topics] or [UNCLASSIFIED]:
                topics[name] += 1
                first_of_topic.setdefault(name, sentence.text)
            if len(clause.topics) > most:
                example, most = sentence.text, len(clause.topics)
        speech_rows.append(
            {
                **key,
                "sentences": len(sentences),
                "cyber_sentences": len(cyber),
                "mentions_cyber": bool(cyber),
                "terms": _counts(terms),
                "topics": _counts(topics),
                "example": example,
            }
        )
        for topic, n in topics.items():
            topic_rows.append(
                {**key, "topic": topic, "sentences": n, "example": first_of_topic[topic]}
            )
        named_rows.extend(_named_rows(extract_document(doc, nlp), state, key, sentences))
    return MentionTables(
        _frame(speech_rows, SPEECH_COLUMNS, ["session", "state"]),
        _frame(topic_rows, TOPIC_COLUMNS, ["session", "state", "sentences", "topic"]),
        _frame(named_rows, NAMED_COLUMNS, ["session", "state", "mentions", "named"]),
    )


def _named_rows(
    doc: Document, state: str, key: dict[str, object], sentences: Sequence[_Sentence]
) -> list[dict[str, object]]:
    """One row per State the speech names, its own left out."""
    counts: Counter[tuple[str, str]] = Counter()
    first: dict[str, str] = {}
    for entity in doc.entities:
        if entity.label not in STATE_LABELS or not entity.norm_id or entity.norm_id == state:
            continue
        counts[(entity.norm_id, entity.label)] += 1
        first.setdefault(entity.norm_id, _sentence_of(entity, sentences))
    return [
        {**key, "named": named, "label": label, "mentions": n, "example": first[named]}
        for (named, label), n in counts.items()
    ]


def _frame(rows: list[dict[str, object]], columns: Sequence[str], order: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(columns))
    if frame.empty:
        return frame
    ascending = [column not in {"sentences", "mentions"} for column in order]
    return frame.sort_values(order, ascending=ascending, kind="stable").reset_index(drop=True)
