"""spaCy components that find normtrace's domain entities.

Each finder adds spans to ``doc.spans["normtrace"]``; ``normtrace_entities`` then resolves
overlaps (longest span wins) and writes ``doc.ents``, where our labels take precedence
over any statistical model's: a model entity that overlaps one of ours is dropped.

Factories (listed under ``[project.entry-points.spacy_factories]`` in pyproject.toml):

- ``normtrace_gazetteer``: MEMBER_STATE, OBSERVER, GROUP, UN_BODY from the data files.
- ``normtrace_symbols``: DOC_SYMBOL. ``normtrace_res_refs``: RES_REF.
  ``normtrace_dates``: DATE. ``normtrace_votes``: VOTE.
- ``normtrace_entities``: the merge step; put it last among the finders.
- ``normtrace_clauses``: the opening verb, strength, modality and topics of the text,
  in ``Doc._.nt_clause``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, minibatch

from pipeline.document import Topic
from pipeline.nlp.clauses import find_modality, find_verb
from pipeline.nlp.extensions import SPANS_KEY, TEXT_KEY, doc_text, register_extensions
from pipeline.nlp.gazetteer import load_gazetteer, short_form_matches
from pipeline.nlp.patterns import (
    RawMatch,
    find_dates,
    find_symbols,
    find_votes,
)
from pipeline.nlp.references import find_resolution_refs
from pipeline.nlp.topic_model import resolve_topic_model
from pipeline.nlp.topics import score_topics

Finder = Callable[[str], Iterable[RawMatch]]
DOMAIN_LABELS = (
    "MEMBER_STATE", "OBSERVER", "GROUP", "UN_BODY", "DOC_SYMBOL", "RES_REF", "DATE", "VOTE",
)  # fmt: skip

BLOCK_LABEL = "_BLOCK"

register_extensions()


def _add_spans(doc: Doc, spans: list[Span]) -> None:
    if not spans:  # most finders find nothing in most texts: no group made or extended
        return
    group = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else None
    if group is None:
        doc.spans[SPANS_KEY] = spans
    else:
        group.extend(spans)


class GazetteerMatcher:
    """Match every gazetteer spelling: one PhraseMatcher on ORTH, one on LOWER."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.exact = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.anycase = PhraseMatcher(nlp.vocab, attr="LOWER")
        exact: dict[str, list[Doc]] = {}
        anycase: dict[str, list[Doc]] = {}
        for entry in load_gazetteer():
            key = f"{entry.label}|{entry.norm_id}"
            target = exact if entry.case_sensitive else anycase
            target.setdefault(key, []).append(nlp.make_doc(entry.name))
        for key, patterns in exact.items():
            self.exact.add(key, patterns)
        for key, patterns in anycase.items():
            self.anycase.add(key, patterns)

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        vocab = doc.vocab
        for matcher in (self.exact, self.anycase):
            for match_id, start, end in matcher(doc):
                label, norm_id = vocab.strings[match_id].split("|", 1)
                spans.append(Span(doc, start, end, label=label, kb_id=norm_id))
        # "the Ad Hoc Committee" after its full name: the same body (issue 24). In the
        # text kept by the tokenizer: ``doc.text`` rebuilt it from the tokens, a fifth
        # of the component's time.
        named = [(s.start_char, s.end_char, f"{s.label_}|{s.kb_id_}") for s in spans]
        for start_char, end_char, key in short_form_matches(doc_text(doc), named):
            label, norm_id = key.split("|", 1)
            short = doc.char_span(start_char, end_char, label=label, kb_id=norm_id)
            if short is not None:
                spans.append(short)
        _add_spans(doc, spans)
        return doc


class RegexFinder:
    """Run a character-level finder over ``doc.text`` and keep its matches as spans.

    A match is widened to whole tokens; the exact offsets are kept in ``Span._.nt_start``
    and ``Span._.nt_end`` when they differ (a footnote marker fused to a year).
    """

    def __init__(self, name: str, finder: Finder) -> None:
        self.name = name
        self.finder = finder

    def _spans(self, doc: Doc) -> Iterator[Span]:
        for found in self.finder(doc_text(doc)):
            span = doc.char_span(
                found.start,
                found.end,
                label=found.label,
                kb_id=found.norm_id or "",
                alignment_mode="expand",
            )
            if span is None:
                continue
            if (span.start_char, span.end_char) != (found.start, found.end):
                span._.nt_start = found.start
                span._.nt_end = found.end
            span._.nt_date = found.date
            yield span

    def __call__(self, doc: Doc) -> Doc:
        _add_spans(doc, list(self._spans(doc)))
        return doc


@Language.factory("normtrace_gazetteer", assigns=["doc.spans"])
def make_gazetteer(nlp: Language, name: str) -> GazetteerMatcher:
    """Build the gazetteer matcher (states, observers, groups, UN bodies)."""
    return GazetteerMatcher(nlp, name)


@Language.factory("normtrace_symbols", assigns=["doc.spans"])
def make_symbols(nlp: Language, name: str) -> RegexFinder:
    """Build the DOC_SYMBOL finder ("A/C.1/75/L.8/Rev.1")."""
    return RegexFinder(name, find_symbols)


@Language.factory("normtrace_res_refs", assigns=["doc.spans"])
def make_res_refs(nlp: Language, name: str) -> RegexFinder:
    """Build the RES_REF finder ("its resolutions 36/103 of 9 December 1981, ...")."""
    return RegexFinder(name, find_resolution_refs)


@Language.factory("normtrace_dates", assigns=["doc.spans"])
def make_dates(nlp: Language, name: str) -> RegexFinder:
    """Build the DATE finder ("5 December 2018" -> 2018-12-05)."""
    return RegexFinder(name, find_dates)


@Language.factory("normtrace_votes", assigns=["doc.spans"])
def make_votes(nlp: Language, name: str) -> RegexFinder:
    """Build the VOTE finder ("by a recorded vote of 92 to 50, with 21 abstentions")."""
    return RegexFinder(name, find_votes)


class EntityMerger:
    """Resolve overlapping findings and write them to ``doc.ents`` ahead of a model's."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        ours = filter_spans(doc.spans[SPANS_KEY]) if SPANS_KEY in doc.spans else []
        # A blocker ("Latin America") wins against the name inside it, then goes.
        ours = [span for span in ours if span.label_ != BLOCK_LABEL]
        # CASE 1: a model entity that overlaps one of ours loses; CASE 2: the rest stay.
        taken = {i for span in ours for i in range(span.start, span.end)}
        theirs = [ent for ent in doc.ents if not any(i in taken for i in range(ent.start, ent.end))]
        doc.ents = sorted([*ours, *theirs], key=lambda span: span.start)
        return doc


@Language.factory(
    "normtrace_entities",
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
    requires=["doc.spans"],
)
def make_entities(nlp: Language, name: str) -> EntityMerger:
    """Build the merge step that turns our spans into ``doc.ents``."""
    return EntityMerger(name)


class ClauseFinder:
    """Read a paragraph's opening verb, modality and topics into ``Doc._.nt_clause``.

    The value is a dict with ``verb``, ``strength``, ``modality`` and ``topics`` (a list
    of ``[name, score]``), the fields of ``pipeline.document.Clause`` except
    ``paragraph_id``, in plain values so that ``nlp.pipe(n_process=2)`` can send it back.
    Topics come from the trained model (``pipeline.nlp.topic_model``) when one is
    configured or present, else from the keyword baseline; ``pipe`` scores a batch of
    texts at once.
    """

    def __init__(self, name: str, min_topic_score: float, topic_model: str = "auto") -> None:
        self.name = name
        self.min_topic_score = min_topic_score
        self.model = resolve_topic_model(topic_model)

    def _topics(self, docs: Sequence[Doc], texts: Sequence[str]) -> list[tuple[Topic, ...]]:
        if self.model is None:
            return [score_topics(text, min_score=self.min_topic_score) for text in texts]
        found = self.model.score_many(texts, docs)
        return [tuple(t for t in topics if t.score >= self.min_topic_score) for topics in found]

    def _annotate(self, doc: Doc, text: str, topics: tuple[Topic, ...]) -> Doc:
        verb = find_verb(text)
        doc._.nt_clause = {
            "verb": verb.verb if verb else None,
            "strength": verb.strength if verb else None,
            "modality": find_modality(text),
            "topics": [[topic.name, topic.score] for topic in topics],
        }
        doc.user_data.pop(TEXT_KEY, None)  # the last of our components: drop the cache
        return doc

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        return self._annotate(doc, text, self._topics([doc], [text])[0])

    def pipe(self, stream: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Annotate ``stream``, scoring the topics of ``batch_size`` docs at a time."""
        for batch in minibatch(stream, size=batch_size):  # type: ignore[no-untyped-call]
            texts = [doc_text(doc) for doc in batch]
            for doc, text, topics in zip(batch, texts, self._topics(batch, texts), strict=True):
                yield self._annotate(doc, text, topics)


@Language.factory(
    "normtrace_clauses",
    assigns=["doc._.nt_clause"],
    default_config={"min_topic_score": 0.5, "topic_model": "auto"},
)
def make_clauses(
    nlp: Language, name: str, min_topic_score: float, topic_model: str
) -> ClauseFinder:
    """Build the clause reader (verb, strength, modality, topics).

    ``topic_model`` is "auto" (the trained model in models/ when present), "none" (the
    keyword baseline) or the path of a model file.
    """
    return ClauseFinder(name, min_topic_score, topic_model)
