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


def find_reuse(
    items: Sequence[Item], params: ReuseParams = ReuseParams()
) -> list[tuple[int, int, float]]:
    """Find, for every paragraph, the paragraphs of earlier documents that it reuses.

    Identical normalised texts are hashed once; each distinct pair of texts is compared
    once and the result spread over every paragraph pair that carries those texts.

    Args:
        items: The paragraphs; those without a date or with too few words are skipped.
        params: Thresholds and MinHash settings.

    Returns:
        Sorted ``(target key, source key, similarity)``: the source's document is
        strictly earlier than the target's and has another symbol.
    """
    groups: dict[tuple[str, ...], list[Item]] = defaultdict(list)
    for item in items:
        tokens = tuple(tokenise(item.text))
        if item.date and len(tokens) >= params.min_words:
            groups[tokens].append(item)
    texts = list(groups)
    scored = [(i, i, 1.0) for i in range(len(texts))]  # a text reused word for word
    for i, j in sorted(candidate_pairs(texts, params)):
        similarity = token_ratio(texts[i], texts[j])
        if similarity >= params.min_similarity:
            scored.append((i, j, similarity))
    found: dict[tuple[int, int], float] = {}
    for i, j, similarity in scored:
        for a in groups[texts[i]]:
            for b in groups[texts[j]]:
                for target, source in ((a, b), (b, a)):
                    if is_earlier(source, target):
                        found[(target.key, source.key)] = round(similarity, 4)
    return sorted((t, s, sim) for (t, s), sim in found.items())


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
    pairs = find_reuse(items, params)
    with store.transaction() as conn:
        conn.execute("DELETE FROM reuse")
        conn.executemany(
            "INSERT INTO reuse (target_pid, source_pid, target_doc, source_doc, similarity)"
            " VALUES (?, ?, ?, ?, ?)",
            [(t, s, docs[t], docs[s], sim) for t, s, sim in pairs],
        )
        store.set_meta(conn, REUSE_FINGERPRINT, fingerprint)
    return len(pairs)
