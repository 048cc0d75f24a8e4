"""Each paragraph of a document against a catalogue of norms (issue 22). Pure.

For every paragraph and sub-item, the norms it restates, each with a relation:

- ``identical``: the same tokens after the diff's normalisation (quotes, hyphens, ICT
  against its long form, numbering, footnote markers);
- ``reworded``: the whole norm is there (its weighted content words almost all found)
  but the wording changed: the redline against the catalogue text, its significance
  and a reason quoting the words that came or went;
- ``partial``: one sentence of the norm is there, or the paragraph says part of it in
  other words; a norm restated partly by two paragraphs that take different
  sentences of it is ``split``; a paragraph restating several norms is ``merged``;
- ``new``: an item of a list of norms (a list where other items restate norms) that
  restates none. A paragraph that only names "norms" restates nothing.

A paragraph must state a conduct (a modal, a call, a pledge, a condemnation, or be an
item of a list) to restate a norm: "Expressing concern about ... critical
infrastructure" restates nothing. The thresholds were set on the dev split of
``models/data/norms_labels.csv`` (models/NORMS.md).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from pipeline.compare.normalise import tokenise
from pipeline.compare.norms_text import (
    NormText,
    Weights,
    content_stems,
    is_bullet,
    is_normative,
    mentions_norms,
    prepare,
    sentences,
    tfidf_similarity,
)
from pipeline.compare.redline import redline
from pipeline.compare.significance import assess_change
from pipeline.document import Document, Paragraph, cite
from pipeline.errors import IngestError

Relation = Literal["identical", "reworded", "partial", "new"]
RELATIONS: tuple[str, ...] = ("identical", "reworded", "partial", "new")
# A strategy scoring each paragraph text against each norm sentence, in [0, 1]
# (an embedding's cosine); rows are paragraphs, columns sentences.
Similarity = Callable[[Sequence[str], Sequence[str]], Sequence[Sequence[float]]]

FULL = 0.7  # weighted share of the norm's content found: the whole norm is restated
SENTENCE = 0.6  # ... of one of its sentences: that part is restated
KEEP = 0.7  # a paragraph keeps the norms scoring at least this share of its best
SEMANTIC = 0.3  # TF-IDF cosine from which a sentence counts as paraphrased (set on dev)
QUALIFIERS = ("as appropriate", "voluntary", "non-binding", "where appropriate", "in principle")
# Matching compares every paragraph with every norm sentence: a 600 KB catalogue of
# 5,000 norms against 300 paragraphs ran past 60 s. The corpus's most is under 9,300
# pairs (618 paragraphs x the 15 sentences of gge_2015.csv); a document over this fails.
MAX_PAIRS = 500_000
# The norms one paragraph keeps, the strongest first (gge_2015.csv on the 622 corpus
# texts: one); 1,000 near-identical norms made every paragraph keep (and redline) all.
MAX_MATCHES = 16


class MatchLimitError(IngestError):
    """A document and the catalogues make more pairs than matching compares."""


@dataclass(frozen=True, slots=True)
class NormMatch:
    """One paragraph restating one norm."""

    paragraph_id: str
    cite: str
    norm_id: str
    catalogue: str
    relation: Relation
    score: float
    tokens: tuple[tuple[str, str], ...] = ()
    significance: str | None = None
    reason: str = ""
    part: int | None = None  # the norm's sentence restated (0-based); None: the whole
    page: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The contract's form (``tokens`` as ``[[op, text], ...]``)."""
        return {
            "paragraph_id": self.paragraph_id,
            "cite": self.cite,
            "norm_id": self.norm_id,
            "catalogue": self.catalogue,
            "relation": self.relation,
            "score": round(self.score, 3),
            "tokens": [list(t) for t in self.tokens],
            "significance": self.significance,
            "reason": self.reason,
            "page": self.page,
        }


@dataclass(frozen=True, slots=True)
class NormsReport:
    """What one document restates of the catalogues."""

    symbol: str | None
    title: str | None
    source: str | None
    adoption_date: str | None
    distribution_date: str | None
    catalogues: tuple[str, ...]
    matches: tuple[NormMatch, ...]
    new: tuple[str, ...]
    split: tuple[tuple[str, tuple[str, ...]], ...]
    merged: tuple[tuple[str, tuple[str, ...]], ...]
    texts: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        """The symbol, else the file it came from."""
        return self.symbol or (self.source or "document").replace("\\", "/").rsplit("/", 1)[-1]

    @property
    def sort_date(self) -> str | None:
        """The adoption date, else the distribution date: the table's order."""
        return self.adoption_date or self.distribution_date

    @property
    def dated(self) -> str:
        """Which date orders the document, as a reader sees it ('adopted 2018-12-05')."""
        if self.adoption_date:
            return f"adopted {self.adoption_date}"
        if self.distribution_date:
            return f"distributed {self.distribution_date}"
        return "undated"

    def to_dict(self) -> dict[str, Any]:
        """One JSON Lines object (the ``normtrace norms --format json`` contract)."""
        return {
            "symbol": self.symbol,
            "title": self.title,
            "source": self.source,
            "adoption_date": self.adoption_date,
            "distribution_date": self.distribution_date,
            "catalogues": list(self.catalogues),
            "matches": [m.to_dict() for m in self.matches],
            "new": list(self.new),
            "split": [{"norm_id": n, "paragraph_ids": list(p)} for n, p in self.split],
            "merged": [{"paragraph_id": p, "norm_ids": list(n)} for p, n in self.merged],
        }


@dataclass(frozen=True, slots=True)
class NormIndex:
    """Catalogue norms prepared once, to match any number of documents."""

    catalogues: tuple[str, ...]
    norms: tuple[NormText, ...]
    weights: Weights

    @classmethod
    def build(cls, catalogues: Sequence[tuple[str, Sequence[tuple[str, str]]]]) -> NormIndex:
        """Index ``(catalogue name, [(norm_id, text), ...])`` pairs."""
        triples = [(name, nid, text) for name, norms in catalogues for nid, text in norms]
        norms, weights = prepare(triples)
        return cls(catalogues=tuple(name for name, _ in catalogues), norms=norms, weights=weights)


def _relation(
    unit: Paragraph,
    tokens: list[str],
    stems: frozenset[str],
    norm: NormText,
    index: NormIndex,
    semantic: Sequence[float] | None,
    threshold: float,
) -> tuple[Relation, float, int | None] | None:
    """The relation of one paragraph to one norm, with its score and sentence."""
    # CASE 1: the same words after normalisation.
    if tuple(tokens) == norm.tokens:
        return "identical", 1.0, None
    w = index.weights
    full = w.cover(norm.stems, stems)
    parts = [w.cover(s, stems) for s in norm.sentence_stems]
    # CASE 2: the whole norm, reworded (each of its sentences mostly there).
    if full >= FULL and min(parts) >= SENTENCE:
        return "reworded", full, None
    # CASE 3: one sentence of it, in its own words or (with an embedding) in others.
    best = max(range(len(parts)), key=parts.__getitem__)
    if parts[best] >= SENTENCE:
        return "partial", parts[best], (best if len(parts) > 1 else None)
    if semantic is not None:
        top = max(range(len(semantic)), key=semantic.__getitem__)
        if semantic[top] >= threshold:
            return "partial", float(semantic[top]), (top if len(parts) > 1 else None)
    return None


def _window(text: str, wording: str, weights: Weights) -> str:
    """The fewest consecutive sentences of a paragraph that hold what it shares with a
    norm's wording (a speech restates a norm in one sentence of many)."""
    parts = sentences(text)
    if len(parts) < 2:
        return text
    target = content_stems(wording)
    whole = weights.cover(target, content_stems(text))
    best = (len(parts), 0, len(parts))
    for i in range(len(parts)):
        for j in range(i + 1, len(parts) + 1):
            if j - i >= best[0]:
                break
            if weights.cover(target, content_stems(" ".join(parts[i:j]))) >= 0.9 * whole:
                best = (j - i, i, j)
                break
    return " ".join(parts[best[1] : best[2]])


def _explain(
    unit: Paragraph,
    norm: NormText,
    relation: Relation,
    part: int | None,
    *,
    listed: bool,
    weights: Weights,
) -> NormMatch:
    """The redline, significance and reason of a match."""
    wording = norm.sentences[part] if part is not None else norm.text
    text = unit.text if listed else _window(unit.text, wording, weights)
    if relation == "identical":
        return NormMatch(
            unit.id, cite(unit.id), norm.norm_id, norm.catalogue, relation, 1.0,
            (("equal", unit.text),), "editorial", "same words after normalisation",
            page=unit.page,
        )  # fmt: skip
    runs = tuple(redline(wording, text))
    assessed = assess_change("modified", wording, text)
    significance, reason = assessed if assessed else (None, "")
    added = " ".join(t for op, t in runs if op == "insert").lower()
    gone = " ".join(t for op, t in runs if op == "delete").lower()
    for qualifier in QUALIFIERS:
        if qualifier in added and qualifier not in gone and qualifier not in wording.lower():
            significance, reason = "substantive", f'qualifier added: "{qualifier}"; {reason}'
            break
    if relation == "partial" and part is not None:
        reason = f"sentence {part + 1} of {len(norm.sentences)} only; {reason}"
    return NormMatch(
        unit.id, cite(unit.id), norm.norm_id, norm.catalogue, relation, 0.0, runs,
        significance, reason.strip("; "), part, unit.page,
    )  # fmt: skip


def _lists(paragraphs: Sequence[Paragraph]) -> list[list[Paragraph]]:
    """The lists of a document: sub-items under one parent, or a run of bullet items."""
    by_parent: dict[str, list[Paragraph]] = defaultdict(list)
    runs: list[list[Paragraph]] = []
    previous_bullet = False
    for p in paragraphs:
        if p.parent:
            by_parent[p.parent].append(p)
            previous_bullet = False
        elif is_bullet(p.text):
            if not previous_bullet:
                runs.append([])
            runs[-1].append(p)
            previous_bullet = True
        else:
            previous_bullet = False
    return [items for items in (*by_parent.values(), *runs) if len(items) >= 2]


def match_document(
    document: Document,
    index: NormIndex,
    *,
    similarity: Similarity | None = tfidf_similarity,
    threshold: float = SEMANTIC,
) -> NormsReport:
    """Match every paragraph of a document against the indexed catalogues.

    Args:
        document: The document (its paragraphs and sub-items).
        index: The catalogues, prepared by ``NormIndex.build``.
        similarity: Paraphrase strategy (paragraph texts x norm sentences): TF-IDF
            cosine by default (it beat an embedding on the test split, models/NORMS.md);
            None for the lexical rules alone.
        threshold: The similarity from which a sentence counts as restated.

    Returns:
        The report: matches in paragraph order, new items, split and merged norms.
    """
    units = [p for p in document.paragraphs if p.text.strip()]
    flat = [s for n in index.norms for s in n.sentences]
    if len(units) * len(flat) > MAX_PAIRS:
        raise MatchLimitError(
            document.source or document.symbol or "document",
            f"{len(units):,} paragraphs x {len(flat):,} norm sentences is over the "
            f"{MAX_PAIRS:,} pairs one document is matched in (use a smaller catalogue)",
        )
    semantic: Sequence[Sequence[float]] | None = None
    columns: list[range] = []  # each norm's sentences among the similarity's columns
    start = 0
    for norm in index.norms:
        columns.append(range(start, start + len(norm.sentences)))
        start += len(norm.sentences)
    if similarity is not None and units:
        semantic = similarity([u.text for u in units], flat)
    # Copies of a paragraph get the same redline and reason: made once a text.
    explained: dict[tuple[str, int, str, int | None, bool], NormMatch] = {}
    matches: list[NormMatch] = []
    matched: set[str] = set()
    for row, unit in enumerate(units):
        listed = bool(unit.parent) or is_bullet(unit.text)
        if not (listed or is_normative(unit.text)):
            continue
        tokens = tokenise(unit.text)
        stems = content_stems(unit.text)
        found: list[tuple[float, NormText, Relation, int | None]] = []
        for i, norm in enumerate(index.norms):
            sims = None
            if semantic is not None:
                sims = [float(semantic[row][j]) for j in columns[i]]
            hit = _relation(unit, tokens, stems, norm, index, sims, threshold)
            if hit:
                found.append((hit[1], norm, hit[0], hit[2]))
        if not found:
            continue
        best = max(score for score, *_ in found)
        strongest = sorted(found, key=lambda f: -f[0])[:MAX_MATCHES]
        for score, norm, relation, part in strongest:
            if score >= KEEP * best:
                key = (unit.text, id(norm), relation, part, listed)
                if key not in explained:
                    explained[key] = _explain(
                        unit, norm, relation, part, listed=listed, weights=index.weights
                    )
                match = explained[key]
                if match.paragraph_id != unit.id:
                    match = replace(match, paragraph_id=unit.id, cite=cite(unit.id), page=unit.page)
                matches.append(replace(match, score=score))
                matched.add(unit.id)
    new = _new_items(units, matched)
    return NormsReport(
        symbol=document.symbol,
        title=document.title,
        source=document.source,
        adoption_date=document.adoption_date,
        distribution_date=document.date,
        catalogues=index.catalogues,
        matches=tuple(matches),
        new=new,
        split=_split(matches),
        merged=_merged(matches),
        texts={u.id: u.text for u in units if u.id in matched or u.id in new},
    )


def _new_items(units: Sequence[Paragraph], matched: set[str]) -> tuple[str, ...]:
    """Items of a list of norms (at least two items restate one) that restate none."""
    new: list[str] = []
    for items in _lists(units):
        if sum(p.id in matched for p in items) < 2:
            continue
        new.extend(p.id for p in items if p.id not in matched and not mentions_norms(p.text))
    order = {u.id: i for i, u in enumerate(units)}
    return tuple(sorted(new, key=order.__getitem__))


def _split(matches: Sequence[NormMatch]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Norms restated partly by paragraphs that take different sentences of them."""
    parts: dict[str, dict[str, int | None]] = defaultdict(dict)
    for m in matches:
        if m.relation == "partial":
            parts[m.norm_id].setdefault(m.paragraph_id, m.part)
    return tuple(
        (norm_id, tuple(by_paragraph))
        for norm_id, by_paragraph in parts.items()
        if len(by_paragraph) >= 2 and len(set(by_paragraph.values())) >= 2
    )


def _merged(matches: Sequence[NormMatch]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Paragraphs that restate several norms."""
    norms: dict[str, list[str]] = defaultdict(list)
    for m in matches:
        norms[m.paragraph_id].append(m.norm_id)
    return tuple((p, tuple(n)) for p, n in norms.items() if len(n) >= 2)
