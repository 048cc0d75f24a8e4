"""Corpus-wide text reuse: for every paragraph, the earlier paragraphs it copies or near-copies.

Candidates come from MinHash LSH (``pipeline.corpus.lsh``) over word shingles of the
normalised text (``pipeline.compare.normalise.tokenise``), so the work grows with the
number of paragraphs, not with its square. Each candidate pair is then confirmed with the
compare stage's word-level similarity (``token_ratio``'s values, computed by rapidfuzz for
a batch of candidates at once). Only pairs where the source document is strictly earlier
(``sort_date``) and has another symbol are kept: the PDF and the text of one document are
not a reuse of each other.

Example::

    pairs = find_reuse(items, params=ReuseParams(min_similarity=0.8))
"""

from __future__ import annotations

import bisect
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import Indel

from pipeline.compare.longdiff import LONG_CELLS
from pipeline.compare.normalise import tokenise
from pipeline.compare.scoring import distance_matrix, intern_words
from pipeline.corpus.lsh import earlier_candidates, lsh_bands, signatures
from pipeline.corpus.store import REUSE_FINGERPRINT, Store

REUSE_COUNTS = "reuse_counts"  # meta key: what the last update collapsed and capped
# The most earlier paragraphs one paragraph keeps as its sources (the earliest first):
# without it, one paragraph repeated 2,200 times in two texts was 4,840,000 pairs.
MAX_SOURCES = 50
# The most texts an LSH bucket keeps, and the most earlier texts one text is compared
# with (the earliest first): without it, 100,000 distinct but similar paragraphs made
# every pair of them a candidate. The corpus's largest bucket holds 101 texts, its
# most candidates for one text are 264.
MAX_CANDIDATES = 300
# Candidates of a text scored at once: past about 50 similar ones its sources are full
# and scoring stops (a flood scored all 300, a corpus text has a few).
_BATCH = 64


@dataclass(frozen=True, slots=True)
class ReuseParams:
    """How reuse is found.

    Attributes:
        min_words: Paragraphs with fewer normalised words are left out ("Decides to
            remain seized of the matter." would match every resolution).
        shingle: Words per shingle for MinHash.
        num_perm: MinHash permutations.
        lsh_threshold: Shingle Jaccard similarity the LSH index aims to catch.
        min_similarity: ``token_ratio`` a candidate pair needs to count as reuse.
    """

    min_words: int = 8
    shingle: int = 3
    num_perm: int = 128
    lsh_threshold: float = 0.2
    min_similarity: float = 0.7


@dataclass(frozen=True, slots=True)
class Item:
    """One paragraph as reuse sees it: its key, document, symbol, date and text."""

    key: int
    doc: int
    symbol: str | None
    date: str | None
    text: str


def candidate_pairs(
    texts: Sequence[Sequence[str]], params: ReuseParams, *, cap: int | None = None
) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, i < j, of token lists that MinHash LSH puts in a common bucket.

    Args:
        texts: Distinct normalised token lists.
        params: Shingle size, permutations and LSH threshold.
        cap: Most texts a bucket gives each later text (the earliest); None: all.

    Returns:
        The candidate pairs (to be confirmed: LSH has false positives).
    """
    pairs: set[tuple[int, int]] = set()
    for j, earlier, _ in _candidates(texts, params, cap):
        pairs.update((i, j) for i in earlier)
    return pairs


def _candidates(
    texts: Sequence[Sequence[str]], params: ReuseParams, cap: int | None
) -> Iterator[tuple[int, list[int], bool]]:
    """``lsh.earlier_candidates`` of the texts' MinHash signatures."""
    bands = lsh_bands(params.lsh_threshold, params.num_perm)
    hashes = signatures(texts, params.shingle, params.num_perm, bands)
    return earlier_candidates(hashes, bands, cap)


@dataclass(slots=True)
class ReuseCounts:
    """What bounded the reuse search, as the build reports it.

    Attributes:
        pairs: Reuse pairs found (after the cap).
        collapsed: Repeated copies of a paragraph within one document that were
            collapsed to their first copy as a source.
        capped: Paragraphs with more than ``MAX_SOURCES`` sources (the earliest kept).
        cap: ``MAX_SOURCES``.
        candidates_capped: Paragraphs whose text met a full LSH bucket or had more
            than ``MAX_CANDIDATES`` earlier candidates (the earliest compared).
        candidate_cap: ``MAX_CANDIDATES``.
    """

    pairs: int = 0
    collapsed: int = 0
    capped: int = 0
    cap: int = 0
    candidates_capped: int = 0
    candidate_cap: int = 0


def find_reuse(
    items: Sequence[Item], params: ReuseParams = ReuseParams()
) -> list[tuple[int, int, float]]:
    """Find, for every paragraph, the paragraphs of earlier documents that it reuses.

    Identical normalised texts are hashed once; each distinct pair of texts is compared
    once and the result spread over every paragraph that carries those texts. Copies of
    one text within one document are one source (the first copy); a paragraph keeps at
    most ``MAX_SOURCES`` sources, the earliest.

    Args:
        items: The paragraphs; those without a date or with too few words are skipped.
        params: Thresholds and MinHash settings.

    Returns:
        Sorted ``(target key, source key, similarity)``: the source's document is
        strictly earlier than the target's and has another symbol.
    """
    return find_reuse_counted(items, params)[0]


def find_reuse_counted(
    items: Sequence[Item],
    params: ReuseParams = ReuseParams(),
    *,
    cap: int = MAX_SOURCES,
    candidates: int = MAX_CANDIDATES,
) -> tuple[list[tuple[int, int, float]], ReuseCounts]:
    """``find_reuse`` with what was collapsed and capped (``ReuseCounts``).

    ``candidates`` bounds the earlier texts a text is compared with (``MAX_CANDIDATES``,
    the earliest first). Two texts are compared only if one may still change the
    other's sources: a paragraph of one dated after the other's first source, with
    ``cap`` sources or fewer, or with a ``cap``-th earliest source later than that one.
    """
    groups: dict[tuple[str, ...], list[Item]] = defaultdict(list)
    words: dict[str, str] = {}  # one string a word: 100,000 texts held 4 M copies of words
    for item in items:
        tokens = tuple([words.setdefault(word, word) for word in tokenise(item.text)])
        if item.date and len(tokens) >= params.min_words:
            groups[tokens].append(item)
    del words
    counts = ReuseCounts(cap=cap, candidate_cap=candidates)
    # One source per text and document, earliest first: the copies of a paragraph
    # repeated within a document are collapsed before any pair is made.
    firsts: dict[tuple[str, ...], list[Item]] = {}
    for text, its in groups.items():
        by_doc: dict[int, Item] = {}
        for item in its:
            by_doc.setdefault(item.doc, item)
        counts.collapsed += len(its) - len(by_doc)
        firsts[text] = sorted(by_doc.values(), key=_age)
    # The texts by their earliest source, so that the earliest candidates come first.
    texts = sorted(groups, key=lambda text: _age(firsts[text][0]))
    # A text's first source, and its last paragraph's date: a text can take another as
    # a source only if the other's first source is dated before its last paragraph.
    starts = [_age(firsts[text][0]) for text in texts]
    days = _Days(
        [start[0] for start in starts], [max(item.date or "" for item in groups[t]) for t in texts]
    )
    first, last = days.first, days.last
    # Each text's paragraphs and sources by its number (a tuple of words hashes anew
    # at each look-up).
    paragraphs = [groups[text] for text in texts]
    sources = [firsts[text] for text in texts]
    scorer = _Scorer(texts)
    found = _Found(cap)
    for j, earlier, capped in _candidates(texts, params, candidates):
        targets = paragraphs[j]
        found.spread(targets, sources[j], 1.0)  # a text reused word for word
        # Only the candidates that may be a source of j (forward) or take j as one
        # (backward) by their dates are compared, a batch at a time.
        chosen, backward_to = days.either(j, earlier)
        taking = True  # once no later candidate can change j's sources, none can
        for start in range(0, len(chosen), _BATCH):
            if not taking and chosen[start] > backward_to:
                break  # no later candidate can change either text's sources
            near, similarities = scorer.similar(j, chosen[start : start + _BATCH], params)
            for i, similarity in zip(near, similarities, strict=True):
                # Used only while either text may still change the other's sources.
                # j's are changed only here, so whether they were open at an earlier
                # candidate is whether they are open at this one (``_Found.open``).
                taking = taking and found.open(targets, starts[i])
                if not taking and i > backward_to:
                    break
                if taking and first[i] < last[j]:  # forward
                    found.spread(targets, sources[i], similarity)
                if first[j] < last[i] and found.open(paragraphs[i], starts[j]):  # backward
                    found.spread(paragraphs[i], sources[j], similarity)
        if capped:
            counts.candidates_capped += len(targets)
    pairs, counts.capped = found.pairs()
    counts.pairs = len(pairs)
    return pairs, counts


class _Days:
    """Each text's first source's date and last paragraph's date, as numbers in date
    order (compared as the dates are), to pick the candidates a text may reuse."""

    def __init__(self, first: list[str], last: list[str]) -> None:
        number = {day: n for n, day in enumerate(sorted({*first, *last}))}
        self.first = [number[day] for day in first]
        self.last = [number[day] for day in last]
        self._first = np.array(self.first, dtype=np.int64)
        self._last = np.array(self.last, dtype=np.int64)

    def either(self, j: int, earlier: list[int]) -> tuple[np.ndarray, int]:
        """The texts of ``earlier`` that may be a source of ``j`` (their first source
        dated before j's last paragraph) or take j as one (the reverse), in order, and
        the last that may take j as one (-1: none)."""
        texts = np.array(earlier, dtype=np.int64)
        backward = self._last[texts] > self.first[j]
        chosen = texts[(self._first[texts] < self.last[j]) | backward]
        return chosen, int(texts[backward].max(initial=-1))


class _Scorer:
    """``token_ratio`` of one text against many, by rapidfuzz on interned words."""

    def __init__(self, texts: Sequence[Sequence[str]]) -> None:
        coded: Sequence[str] | Sequence[Sequence[str]]
        try:
            coded = intern_words(texts, [])[0]
        except ValueError:  # over a million distinct words: compared word by word
            coded = texts
        self.coded = np.empty(len(texts), dtype=object)
        self.coded[:] = coded
        self.lengths = np.array([len(text) for text in texts], dtype=np.int64)
        # rapidfuzz's matrix unless a pair may be long (``distance_matrix`` says which).
        longest = int(self.lengths.max(initial=0))
        self.short = longest * longest <= LONG_CELLS

    def similar(
        self, j: int, texts: np.ndarray, params: ReuseParams
    ) -> tuple[list[int], list[float]]:
        """The ``texts`` whose ``token_ratio`` to text ``j`` is at least
        ``params.min_similarity``, in order, and those ratios.

        The same floats as ``token_ratio``: 1 - distance / (sum of lengths), in float64.
        """
        if not texts.size:
            return [], []
        query, choices = [self.coded[j]], self.coded[texts]
        if self.short:
            distances = process.cdist(query, choices, scorer=Indel.distance, dtype=np.int64)[0]
        else:
            distances = distance_matrix(query, choices)[0]
        ratios = 1.0 - distances / (self.lengths[texts] + self.lengths[j])
        keep = ratios >= params.min_similarity
        return texts[keep].tolist(), ratios[keep].tolist()


class _Found:
    """The sources found for each paragraph, at most ``cap`` + 1 kept (the earliest),
    in order: ``open`` reads the ``cap``-th without sorting, and no list grows past
    it (they held up to four times as many)."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        # target key -> (source's age: date, symbol, key; similarity)
        self.by_target: dict[int, list[tuple[tuple[str, str, int], float]]] = {}
        self.ages: dict[int, tuple[str, str, int]] = {}  # one tuple a source, shared

    def spread(self, targets: Sequence[Item], sources: Sequence[Item], similarity: float) -> None:
        """Each earlier source (another symbol) of each target, in date order."""
        similarity = round(similarity, 4)
        ages, cap = self.ages, self.cap
        for target in targets:
            date = target.date or ""
            kept = 0
            for source in sources:
                # Sources are in date order (none after a later one is earlier), and
                # more than the cap from one text is enough to count the cap.
                if (source.date or "") >= date or kept > cap:
                    break
                if is_earlier(source, target):
                    age = ages.get(source.key) or ages.setdefault(source.key, _age(source))
                    self._add(target.key, (age, similarity))
                    kept += 1

    def _add(self, target: int, found: tuple[tuple[str, str, int], float]) -> None:
        have = self.by_target.setdefault(target, [])
        if not have or found >= have[-1]:  # sources mostly come earliest first
            if len(have) <= self.cap:  # only the earliest cap + 1 can matter
                have.append(found)
            return
        bisect.insort(have, found)
        del have[self.cap + 1 :]

    def open(self, targets: Sequence[Item], start: tuple[str, str, int]) -> bool:
        """Whether sources from ``start`` on may still change a target's: it has
        ``cap`` sources or fewer, or its ``cap``-th earliest is later than ``start``."""
        for target in targets:
            have = self.by_target.get(target.key)
            if have is None or len(have) <= self.cap:
                return True
            if have[self.cap - 1][0] > start:
                return True
        return False

    def pairs(self) -> tuple[list[tuple[int, int, float]], int]:
        """Sorted (target, source, similarity), the earliest ``cap`` sources of each
        target, and how many targets had more."""
        pairs: list[tuple[int, int, float]] = []
        capped = 0
        for target in sorted(self.by_target):
            found = self.by_target.pop(target)  # the pairs replace it: memory stays flat
            capped += len(found) > self.cap
            pairs += sorted((target, age[2], sim) for age, sim in found[: self.cap])
        return pairs, capped


def _age(item: Item) -> tuple[str, str, int]:
    """The order of sources: earliest first, then by symbol and key."""
    return (item.date or "", item.symbol or "", item.key)


def is_earlier(source: Item, target: Item) -> bool:
    """Whether ``source`` may be reused by ``target``: strictly earlier, another symbol."""
    if source.symbol is not None and source.symbol == target.symbol:
        return False
    return (source.date or "") < (target.date or "")


def _fingerprint(store: Store, params: ReuseParams) -> str:
    rows = store.conn.execute("SELECT path, sha256 FROM documents ORDER BY path").fetchall()
    payload = json.dumps([rows, asdict(params)], sort_keys=True).encode()
    return hashlib.sha256(payload).hexdigest()


def load_items(store: Store) -> list[Item]:
    """Every paragraph of the store that may take part in reuse (not headings)."""
    rows = store.conn.execute(
        "SELECT p.pid, p.doc_id, d.symbol, d.sort_date, p.text FROM paragraphs p"
        " JOIN documents d ON d.doc_id = p.doc_id WHERE p.kind != 'heading' ORDER BY p.pid"
    )
    return [Item(*row) for row in rows]


def update_reuse(
    store: Store, params: ReuseParams = ReuseParams(), *, force: bool = False
) -> int | None:
    """Recompute the ``reuse`` table when the documents changed since it was computed.

    The table is replaced in one transaction together with the fingerprint of the
    documents it was computed from, so an interrupted update is simply redone.

    Args:
        store: A writable corpus store.
        params: Reuse settings (a change of settings also triggers a recomputation).
        force: Recompute even if the fingerprint matches.

    Returns:
        The number of reuse pairs stored, or None if the table was already up to date.
    """
    fingerprint = _fingerprint(store, params)
    if not force and store.get_meta(REUSE_FINGERPRINT) == fingerprint:
        return None
    items = load_items(store)
    docs = {item.key: item.doc for item in items}
    pairs, counts = find_reuse_counted(items, params)
    with store.transaction() as conn:
        conn.execute("DELETE FROM reuse")
        conn.executemany(
            "INSERT INTO reuse (target_pid, source_pid, target_doc, source_doc, similarity)"
            " VALUES (?, ?, ?, ?, ?)",
            ((t, s, docs[t], docs[s], sim) for t, s, sim in pairs),
        )
        store.set_meta(conn, REUSE_FINGERPRINT, fingerprint)
        store.set_meta(conn, REUSE_COUNTS, json.dumps(asdict(counts)))
    return len(pairs)


def reuse_counts(store: Store) -> ReuseCounts | None:
    """What the last reuse update collapsed and capped (None before the first)."""
    stored = store.get_meta(REUSE_COUNTS)
    return ReuseCounts(**json.loads(stored)) if stored else None
