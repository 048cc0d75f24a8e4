"""Corpus-wide text reuse: for every paragraph, the earlier paragraphs it copies or near-copies.

Candidates come from MinHash LSH (datasketch) over word shingles of the normalised text
(``pipeline.compare.normalise.tokenise``), so the work grows with the number of
paragraphs, not with its square. Each candidate pair is then confirmed with the compare
stage's word-level similarity (``token_ratio``). Only pairs where the source document is
strictly earlier (``sort_date``) and has another symbol are kept: the PDF and the text of
one document are not a reuse of each other.

Example::

    pairs = find_reuse(items, params=ReuseParams(min_similarity=0.8))
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass

from datasketch import MinHash, MinHashLSH

from pipeline.compare.normalise import token_ratio, tokenise
from pipeline.corpus.store import REUSE_FINGERPRINT, Store

REUSE_COUNTS = "reuse_counts"  # meta key: what the last update collapsed and capped


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


def _shingles(tokens: Sequence[str], size: int) -> list[bytes]:
    if len(tokens) <= size:
        return [" ".join(tokens).encode()]
    return [" ".join(tokens[i : i + size]).encode() for i in range(len(tokens) - size + 1)]


def candidate_pairs(texts: Sequence[Sequence[str]], params: ReuseParams) -> set[tuple[int, int]]:
    """Pairs ``(i, j)``, i < j, of token lists that MinHash LSH puts in a common bucket.

    Args:
        texts: Distinct normalised token lists.
        params: Shingle size, permutations and LSH threshold.

    Returns:
        The candidate pairs (to be confirmed: LSH has false positives).
    """
    hashes = MinHash.bulk([_shingles(t, params.shingle) for t in texts], num_perm=params.num_perm)
    lsh = MinHashLSH(threshold=params.lsh_threshold, num_perm=params.num_perm)
    with lsh.insertion_session() as session:
        for i, minhash in enumerate(hashes):
            session.insert(i, minhash, check_duplication=False)
    pairs: set[tuple[int, int]] = set()
    for i, minhash in enumerate(hashes):
        for j in lsh.query(minhash):
            if j > i:
                pairs.add((i, int(j)))
    return pairs


@dataclass(slots=True)
class ReuseCounts:
    """What bounded the reuse search, as the build reports it.

    Attributes:
        pairs: Reuse pairs found (after the cap).
        collapsed: Repeated copies of a paragraph within one document that were
            collapsed to their first copy as a source.
        capped: Paragraphs with more than ``MAX_SOURCES`` sources (the earliest kept).
        cap: ``MAX_SOURCES``.
    """

    pairs: int = 0
    collapsed: int = 0
    capped: int = 0
    cap: int = 0


# The most earlier paragraphs one paragraph keeps as its sources (the earliest first):
# without it, one paragraph repeated 2,200 times in two texts was 4,840,000 pairs.
MAX_SOURCES = 50


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
    items: Sequence[Item], params: ReuseParams = ReuseParams(), *, cap: int = MAX_SOURCES
) -> tuple[list[tuple[int, int, float]], ReuseCounts]:
    """``find_reuse`` with what was collapsed and capped (``ReuseCounts``)."""
    groups: dict[tuple[str, ...], list[Item]] = defaultdict(list)
    for item in items:
        tokens = tuple(tokenise(item.text))
        if item.date and len(tokens) >= params.min_words:
            groups[tokens].append(item)
    texts = list(groups)
    counts = ReuseCounts(cap=cap)
    # One source per text and document, earliest first: the copies of a paragraph
    # repeated within a document are collapsed before any pair is made.
    sources: list[list[Item]] = []
    for text in texts:
        first: dict[int, Item] = {}
        for item in groups[text]:
            first.setdefault(item.doc, item)
        counts.collapsed += len(groups[text]) - len(first)
        sources.append(sorted(first.values(), key=_age))
    scored = [(i, i, 1.0) for i in range(len(texts))]  # a text reused word for word
    for i, j in sorted(candidate_pairs(texts, params)):
        similarity = token_ratio(texts[i], texts[j])
        if similarity >= params.min_similarity:
            scored += [(i, j, similarity), (j, i, similarity)]
    found: dict[int, list[tuple[tuple[str, str, int], int, float]]] = defaultdict(list)
    for target_text, source_text, similarity in scored:
        for target in groups[texts[target_text]]:
            kept = 0
            for source in sources[source_text]:
                if (source.date or "") >= (target.date or ""):
                    break  # sources are in date order: none later is earlier
                if kept > cap:
                    break  # more than the cap from one text: the cap is counted below
                if is_earlier(source, target):
                    found[target.key].append((_age(source), source.key, round(similarity, 4)))
                    kept += 1
    pairs = []
    for target_key, candidates in found.items():
        if len(candidates) > cap:
            counts.capped += 1
        pairs += [(target_key, key, sim) for _, key, sim in sorted(candidates)[:cap]]
    counts.pairs = len(pairs)
    return sorted(pairs), counts


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
            [(t, s, docs[t], docs[s], sim) for t, s, sim in pairs],
        )
        store.set_meta(conn, REUSE_FINGERPRINT, fingerprint)
        store.set_meta(conn, REUSE_COUNTS, json.dumps(asdict(counts)))
    return len(pairs)


def reuse_counts(store: Store) -> ReuseCounts | None:
    """What the last reuse update collapsed and capped (None before the first)."""
    stored = store.get_meta(REUSE_COUNTS)
    return ReuseCounts(**json.loads(stored)) if stored else None
