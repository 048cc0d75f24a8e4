"""Corpus benchmark: whole-corpus build, second run, and text reuse against brute force.

Prints:
- the build of the whole corpus root into a fresh store: documents, pages, paragraphs,
  failures with their reasons, time and peak memory; then a second run's time;
- reuse detection over all paragraphs (MinHash LSH candidates confirmed by word
  similarity) next to brute-force all-pairs TF-IDF cosine on the same paragraphs, with
  the same confirmation, in the same run: time and the pairs each finds;
- how each one's time grows when the corpus doubles (every other document -> all);
- the earliest source of each paragraph of A/RES/80/16 and A/RES/75/240.

Usage: .venv/bin/python bench/corpus_bench.py [--corpus-root DIR] [--jobs N] [--db FILE]
"""

from __future__ import annotations

import argparse
import math
import resource
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import psutil
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.compare.normalise import token_ratio, tokenise
from pipeline.corpus.batch import build
from pipeline.corpus.lineage import trace_lineage
from pipeline.corpus.reuse import (
    Item,
    ReuseParams,
    find_reuse,
    is_earlier,
    load_items,
    update_reuse,
)
from pipeline.corpus.store import Store
from pipeline.settings import corpus_root

Pairs = set[tuple[int, int]]


def brute_force(
    items: Sequence[Item], params: ReuseParams, min_cosine: float
) -> tuple[Pairs, float, float]:
    """All-pairs TF-IDF cosine, then the same confirmation and date rule as ``find_reuse``.

    Returns:
        The confirmed pairs (target key, source key), seconds for the cosine matrix, and
        seconds for the whole.
    """
    start = time.perf_counter()
    kept = [(item, tokenise(item.text)) for item in items if item.date]
    kept = [(item, tokens) for item, tokens in kept if len(tokens) >= params.min_words]
    vectoriser = TfidfVectorizer(
        tokenizer=str.split, token_pattern=None, lowercase=False, sublinear_tf=True
    )
    matrix = vectoriser.fit_transform([" ".join(tokens) for _, tokens in kept]).astype("float32")
    transposed = matrix.T.tocsr()
    close: list[tuple[int, int]] = []
    for lo in range(0, matrix.shape[0], 1000):
        block = (matrix[lo : lo + 1000] @ transposed).tocoo()
        hit = block.data >= min_cosine
        close += [
            (int(r) + lo, int(c)) for r, c in zip(block.row[hit], block.col[hit], strict=True)
        ]
    cosine_seconds = time.perf_counter() - start
    pairs: Pairs = set()
    for a, b in close:
        (target, t_tokens), (source, s_tokens) = kept[a], kept[b]
        if is_earlier(source, target) and token_ratio(t_tokens, s_tokens) >= params.min_similarity:
            pairs.add((target.key, source.key))
    return pairs, cosine_seconds, time.perf_counter() - start


def _lsh(items: Sequence[Item], params: ReuseParams) -> tuple[Pairs, float]:
    start = time.perf_counter()
    pairs = {(t, s) for t, s, _ in find_reuse(items, params)}
    return pairs, time.perf_counter() - start


class MemoryPeak:
    """Sample the resident memory of this process and all its descendants (psutil)."""

    def __init__(self, every: float = 0.1) -> None:
        self.every = every
        self.peak_total = 0
        self.peak_worker = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            try:
                children = [c.memory_info().rss for c in me.children(recursive=True)]
            except psutil.Error:
                children = []
            self.peak_worker = max([self.peak_worker, *children])
            self.peak_total = max(self.peak_total, me.memory_info().rss + sum(children))
            time.sleep(self.every)

    def __enter__(self) -> MemoryPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def bench_build(root: Path, db: Path, jobs: int | None) -> None:
    print(f"== build of {root} into a fresh store ({jobs or 'all'} cores)")
    with MemoryPeak() as memory:
        stats = build(root, db, jobs=jobs)
    with Store(db) as store:
        counts = store.counts()
        failures = store.failures()
        start = time.perf_counter()
        update_reuse(store, force=True)
        reuse_seconds = time.perf_counter() - start
    print(f"files {stats.files}, documents {counts['documents']}, pages {counts['pages']}, "
          f"paragraphs {counts['paragraphs']}, entities {counts['entities']}, "
          f"clauses {counts['clauses']}, reuse pairs {counts['reuse']}")  # fmt: skip
    print(f"failures {len(failures)}:")
    for path, reason in zip(failures["path"], failures["reason"], strict=True):
        print(f"  {path}: {reason}")
    print(f"time {stats.seconds:.1f} s (of which text reuse about {reuse_seconds:.1f} s)")
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    total, worker = memory.peak_total / 2**20, memory.peak_worker / 2**20
    print(f"peak memory (RSS): all processes together {total:.0f} MB, "
          f"largest worker {worker:.0f} MB, this process {self_peak:.0f} MB")  # fmt: skip
    again = build(root, db, jobs=jobs)
    print(f"second run: {again.seconds:.2f} s, {again.parsed} files read, "
          f"{again.skipped} unchanged")  # fmt: skip


def bench_reuse(db: Path, params: ReuseParams, min_cosine: float) -> None:
    with Store(db) as store:
        items = load_items(store)
    docs = sorted({item.doc for item in items})
    half_docs = set(docs[::2])
    half = [item for item in items if item.doc in half_docs]
    print(f"\n== text reuse over {len(items)} paragraphs of {len(docs)} documents")
    print(f"LSH: {params}; brute force: TF-IDF cosine >= {min_cosine} over all pairs;")
    print("both confirmed by word similarity >= "
          f"{params.min_similarity}, source strictly earlier, other symbol")  # fmt: skip
    timings = {}
    cases = (("half", half), ("full", items), ("double", _doubled(items)))
    for label, subset in cases:
        lsh_pairs, lsh_s = _lsh(subset, params)
        brute_pairs, cosine_s, brute_s = brute_force(subset, params, min_cosine)
        timings[label] = (lsh_s, brute_s, len(subset))
        both = lsh_pairs & brute_pairs
        print(f"[{label}: {len(subset)} paragraphs]")
        print(f"  LSH          {lsh_s:7.2f} s  {len(lsh_pairs):6d} pairs")
        print(f"  brute force  {brute_s:7.2f} s  {len(brute_pairs):6d} pairs "
              f"(cosine matrix {cosine_s:.2f} s)")  # fmt: skip
        recall = len(both) / len(brute_pairs) if brute_pairs else 1.0
        print(f"  found by both {len(both)}; LSH only {len(lsh_pairs - brute_pairs)}; "
              f"brute force only {len(brute_pairs - lsh_pairs)}; "
              f"LSH recall of brute-force pairs {recall:.3f}")  # fmt: skip
    for small, large in (("half", "full"), ("full", "double")):
        (lsh_h, brute_h, n_h), (lsh_f, brute_f, n_f) = timings[small], timings[large]
        growth = math.log(n_f / n_h)
        lsh_x, brute_x = lsh_f / lsh_h, brute_f / brute_h
        print(f"doubling {small} -> {large} ({n_h} -> {n_f} paragraphs): LSH time "
              f"x{lsh_x:.2f} (exponent {math.log(lsh_x) / growth:.2f}), brute force "
              f"x{brute_x:.2f} (exponent {math.log(brute_x) / growth:.2f}); "
              f"quadratic would be x{(n_f / n_h) ** 2:.2f}")  # fmt: skip


def _doubled(items: Sequence[Item]) -> list[Item]:
    """The corpus and a reworded copy of it dated a century later, under other symbols.

    Each copied paragraph loses its middle word, so the copy adds as many distinct texts
    as the corpus has (exact copies would be hashed once and flatter LSH); each copy is a
    near-copy of its original and of what the original reuses, so the pairs grow more
    than twofold.
    """
    offset = max(item.key for item in items) + 1
    copies = []
    for item in items:
        words = item.text.split()
        if words:
            del words[len(words) // 2]
        copies.append(
            Item(
                key=item.key + offset,
                doc=item.doc + offset,
                symbol=f"{item.symbol or item.doc}#copy",
                date=f"{int(item.date[:4]) + 100}{item.date[4:]}" if item.date else None,
                text=" ".join(words),
            )
        )
    return [*items, *copies]


def show_lineage(db: Path, symbols: Sequence[str]) -> None:
    with Store(db) as store:
        for symbol in symbols:
            print(f"\n== lineage of {symbol}: earliest source of each paragraph")
            for row in trace_lineage(store, symbol):
                first = row.first
                where = (f"{first.symbol} {first.paragraph_id} ({first.date}, "
                         f"similarity {first.similarity:.2f})" if first else "new")  # fmt: skip
                print(f"  {row.paragraph_id:14s} {where}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (all cores)")
    parser.add_argument("--db", type=Path, default=None, help="keep the store here")
    parser.add_argument("--min-cosine", type=float, default=0.5)
    args = parser.parse_args(argv)
    root = corpus_root(args.corpus_root)
    if root is None:
        sys.exit("no corpus root: pass --corpus-root or set NORMTRACE_CORPUS_ROOT")
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or Path(tmp, "corpus.db")
        if db.exists():
            db.unlink()
        bench_build(root, db, args.jobs)
        bench_reuse(db, ReuseParams(), args.min_cosine)
        show_lineage(db, ["A/RES/80/16", "A/RES/75/240"])


if __name__ == "__main__":
    main()
