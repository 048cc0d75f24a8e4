"""Corpus benchmark: scaling over workers, memory at 1x/4x/16x, whole build, text reuse.

Prints, ratios first:
- scaling: a build (read and write, no text reuse) of the 249 First Committee PDFs with
  2 worker processes against 1 process, median of interleaved rounds, each build in a
  fresh process; start-up (imports, the NLP pipeline built and warm: in this process for
  1, in the fork server for the workers) is timed apart and left out of "after
  start-up"; the same ratio on CPU time (every process of the build, sampled), which a
  busy machine disturbs far less, and the load average with a warning when not idle;
- bounded memory: builds of 1x, 4x and 16x a corpus (1x: every other one of those PDFs,
  125 files, by default, so that 16x takes about a minute on 2 idle cores; a copy is
  the file with a comment appended after its end, so its hash and path differ and its
  text reads the same), each in a fresh process: peak RSS of the build process and of
  its largest worker, and pages/s: flat memory, flat pages/s;
- the build of the whole corpus root into a fresh store: documents, pages, paragraphs,
  failures with their reasons, time and peak memory; then a second run's time;
- reuse detection over all paragraphs (MinHash LSH candidates confirmed by word
  similarity) next to brute-force all-pairs TF-IDF cosine on the same paragraphs, with
  the same confirmation, in the same run: time and the pairs each finds;
- how each one's time grows when the corpus doubles (every other document -> all);
- the earliest source of each paragraph of A/RES/80/16 and A/RES/75/240.

Usage: .venv/bin/python bench/corpus_bench.py [--corpus-root DIR] [--jobs N] [--db FILE]
    [--sections scaling,memory,build,reuse] [--rounds 3] [--scale-every 2]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psutil
from sklearn.feature_extraction.text import TfidfVectorizer

from pipeline.commands.corpus import BUILD_SECONDS
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
from pipeline.limits import DEFAULT_MEMORY_MB
from pipeline.settings import corpus_root

Pairs = set[tuple[int, int]]
BATCH = "batch/mandate_pipeline_first_committee_78-80"
# A 1-minute load average above this before a case means other processes compete for
# the 2 cores: the scaling figure then understates an idle machine.
BUSY_LOAD = 0.5
SIZES = (1, 4, 16)


# One build without text reuse, in a fresh process that imports no more than the command
# line does (a "-c" program: the fork server has no main module to import for workers).
# Start-up is paid first and timed apart: one process builds and warms the NLP pipeline
# (and freezes its objects, as the fork server does for workers); a pool's fork server
# runs its preload; both import what the reader's fingerprint needs (spaCy, which the
# build process of a pool would otherwise import during the build). "seconds" is the
# build after that; "cpu_*" are CPU seconds (user and system) of this process, and of its
# descendants when start-up was over.
_CHILD = """
import gc, json, resource, sys, time
from pathlib import Path
import psutil
from pipeline.corpus.batch import build
from pipeline.corpus.fingerprint import reader_fingerprint
from pipeline.corpus.store import Store
from pipeline.corpus.workers import start_server, warm_reader

root, db, jobs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
limits = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}

def cpu(processes):
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue
        total += times.user + times.system
    return total

begin = time.perf_counter()
if jobs == 1 and not limits:
    warm_reader()
    gc.collect()
    gc.freeze()
else:
    start_server(wait=True)
reader_fingerprint()  # its imports (spaCy's, for the topic model's path) are start-up too
ready = time.perf_counter()
me = psutil.Process()
cpu_self_ready, cpu_children_ready = cpu([me]), cpu(me.children(recursive=True))
stats = build(root, db, jobs=jobs, reuse=False, **limits)
seconds = time.perf_counter() - ready
print(json.dumps({
    "files": stats.files, "failed": stats.failed, "pages": stats.pages,
    "startup_s": ready - begin, "seconds": seconds, "whole_s": ready - begin + seconds,
    "pages_per_s": stats.pages / seconds,
    "cpu_self_s": cpu([me]) - cpu_self_ready, "cpu_children_ready_s": cpu_children_ready,
    "driver_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


def measured_build(
    root: Path, jobs: int, limits: dict[str, float] | None = None
) -> dict[str, float]:
    """``_CHILD`` in a fresh process; its descendants' RSS and CPU sampled every 0.1 s.

    ``limits`` are ``build``'s ``budget`` and ``memory`` (none by default). Adds
    ``cpu_s``: the CPU seconds of the build after start-up, every process together (the
    last 0.1 s of each worker may be missed).
    """
    with tempfile.TemporaryDirectory(prefix="normtrace-bench-") as tmp:
        args = [sys.executable, "-c", _CHILD, str(root), str(Path(tmp, "c.db")), str(jobs)]
        args.append(json.dumps(limits or {}))
        load = os.getloadavg()[0]
        child = psutil.Popen(args, stdout=subprocess.PIPE, text=True)
        worker_peak = 0
        cpu_seen: dict[int, float] = {}  # the last CPU seconds read of each descendant
        while child.poll() is None:
            try:
                family = child.children(recursive=True)
            except psutil.Error:
                family = []
            for process in family:
                try:
                    rss, times = process.memory_info().rss, process.cpu_times()
                except psutil.Error:
                    continue
                worker_peak = max(worker_peak, rss)
                cpu_seen[process.pid] = times.user + times.system
            time.sleep(0.1)
        out = child.stdout.read() if child.stdout else ""
    if child.returncode != 0:
        sys.exit(f"the build of {root} failed (exit {child.returncode})")
    result: dict[str, float] = json.loads(out.splitlines()[-1])
    cpu = result["cpu_self_s"] + sum(cpu_seen.values()) - result["cpu_children_ready_s"]
    return {**result, "cpu_s": cpu, "worker_peak_mb": worker_peak / 2**20, "load_before": load}


def bench_scaling(corpus: Path, rounds: int, jobs: int, every: int = 1) -> dict[str, Any]:
    """2 (or ``jobs``) worker processes against 1 process on the First Committee PDFs
    (every ``every``-th of them), and the same workers under the command's default
    per-file budget (issue 27).

    Returns:
        The ratios (medians of the rounds: ``after_startup``, ``whole``, ``cpu``, the
        CPU time one process spends over that of all the pool's processes, and
        ``cpu_bound``, ``jobs`` times that: what idle cores would give if the work
        spread evenly), ``budget_cost``, the load averages and every run.
    """
    with tempfile.TemporaryDirectory(prefix="normtrace-scaling-") as tmp:
        root = corpus / BATCH
        if every > 1:
            root = scaled_corpus(sorted(root.glob("*.pdf"))[::every], Path(tmp), 1)
        figures = _scaling_rounds(root, rounds, jobs)
    figures["every"] = every
    figures["autogroup"] = _autogroup()
    print_scaling(figures)
    return figures


def _autogroup() -> bool:
    """Whether the kernel shares the CPU between sessions before processes (Linux)."""
    try:
        return Path("/proc/sys/kernel/sched_autogroup_enabled").read_text().strip() == "1"
    except OSError:
        return False


def _scaling_rounds(root: Path, rounds: int, jobs: int) -> dict[str, Any]:
    runs: dict[int, list[dict[str, float]]] = {1: [], jobs: []}
    budgeted: list[dict[str, float]] = []
    limits = {"budget": BUILD_SECONDS, "memory": DEFAULT_MEMORY_MB}
    for n in range(rounds):  # interleaved, in turn first, so drift hits all alike
        order: list[int] = [1, jobs, -1] if n % 2 == 0 else [-1, jobs, 1]
        for case in order[n % 3 :] + order[: n % 3]:
            if case == -1:
                budgeted.append(measured_build(root, jobs, limits))
            else:
                runs[case].append(measured_build(root, case))

    def median_ratio(
        key: str, top: list[dict[str, float]], bottom: list[dict[str, float]]
    ) -> float:
        return statistics.median(a[key] / b[key] for a, b in zip(top, bottom, strict=True))

    one, many = runs[1], runs[jobs]
    loads = [run["load_before"] for case in [*runs.values(), budgeted] for run in case]
    cpu = median_ratio("cpu_s", one, many)
    return {
        "jobs": jobs,
        "rounds": rounds,
        "after_startup": median_ratio("seconds", one, many),
        "whole": median_ratio("whole_s", one, many),
        "cpu": cpu,
        "cpu_bound": jobs * cpu,
        "budget_cost": median_ratio("seconds", budgeted, many) - 1,
        "budget_cpu_cost": median_ratio("cpu_s", budgeted, many) - 1,
        "loads": loads,
        "runs": {"1 process": one, f"{jobs} workers": many, "budgeted": budgeted},
    }


def print_scaling(figures: dict[str, Any]) -> None:
    jobs, loads = figures["jobs"], figures["loads"]
    files = "" if figures["every"] == 1 else f" (1 file in {figures['every']})"
    print(f"== scaling: {jobs} worker processes / 1 process, build of {BATCH}{files}")
    print(
        f"after start-up {figures['after_startup']:.2f}x, whole build (start-up included) "
        f"{figures['whole']:.2f}x (medians of {figures['rounds']} interleaved rounds)"
    )
    print(f"CPU time: 1 process spends {figures['cpu']:.2f} of what all processes of the "
          f"{jobs}-worker build spend; spread evenly over idle cores: "
          f"{figures['cpu_bound']:.2f}x")  # fmt: skip
    print(f"load average before each build: {', '.join(f'{x:.2f}' for x in loads)}; "
          f"{os.cpu_count()} cores")  # fmt: skip
    if max(loads) > BUSY_LOAD:
        print(
            f"WARNING: the machine was not idle (load average up to {max(loads):.2f}): "
            "wall-time ratios understate what idle cores give; the CPU-time one less so"
        )
        if figures.get("autogroup"):
            print(
                "  and the kernel shares the CPU between sessions (sched_autogroup): a "
                "busy machine gives this session's workers one session's share, so the "
                "wall-time ratio tends to 1.0x whatever the build does"
            )
    print(f"per-file budget ({BUILD_SECONDS:g} s, {DEFAULT_MEMORY_MB} MiB, the command's "
          f"default): {figures['budget_cost']:+.1%} time after start-up, "
          f"{figures['budget_cpu_cost']:+.1%} CPU time, {jobs} workers")  # fmt: skip
    for label, case_runs in figures["runs"].items():
        for run in case_runs:
            print(f"  {label:<10} {run['files']:.0f} files {run['pages']:.0f} pages: start-up "
                  f"{run['startup_s']:5.1f} s, build {run['seconds']:6.1f} s "
                  f"({run['pages_per_s']:6.1f} pages/s), CPU {run['cpu_s']:6.1f} s "
                  f"(build process {run['cpu_self_s']:5.2f} s, workers "
                  f"{run['cpu_s'] - run['cpu_self_s']:5.2f} s)")  # fmt: skip


def scaled_corpus(files: Sequence[Path], folder: Path, times: int) -> Path:
    """``times`` copies of ``files`` under ``folder``; each copy differs in its bytes.

    A comment after a PDF's ``%%EOF`` is ignored by readers: the copy reads as its
    original but has its own hash, so nothing can be taken for already read.
    """
    for copy in range(times):
        target = folder / f"copy{copy:02d}"
        target.mkdir(parents=True)
        for path in files:
            (target / path.name).write_bytes(path.read_bytes() + f"\n%copy {copy}\n".encode())
    return folder


def bench_memory(corpus: Path, every: int, jobs: int) -> dict[int, dict[str, float]]:
    """Builds of 1x, 4x and 16x a corpus: peak memory and pages/s should stay flat.

    Returns:
        Each size's run (``measured_build``), by size.
    """
    base = sorted((corpus / BATCH).glob("*.pdf"))[::every]
    print(f"\n== bounded memory: builds of 1x, 4x, 16x ({len(base)} First Committee PDFs, "
          f"1 in {every}, as 1x), {jobs} workers, each build in a fresh process")  # fmt: skip
    print(f"{'size':>4} {'files':>6} {'pages':>6} {'build MB':>9} {'worker MB':>10} "
          f"{'pages/s':>8} {'start-up s':>11} {'load':>5}")  # fmt: skip
    runs: dict[int, dict[str, float]] = {}
    for times in SIZES:
        with tempfile.TemporaryDirectory(prefix="normtrace-scale-") as tmp:
            run = runs[times] = measured_build(scaled_corpus(base, Path(tmp), times), jobs)
        print(f"{times:>3}x {run['files']:>6.0f} {run['pages']:>6.0f} "
              f"{run['driver_peak_mb']:>9.0f} {run['worker_peak_mb']:>10.0f} "
              f"{run['pages_per_s']:>8.1f} {run['startup_s']:>11.1f} "
              f"{run['load_before']:>5.2f}")  # fmt: skip
    print("build MB: peak RSS of the build process (getrusage); worker MB: largest worker "
          "process, sampled every 0.1 s; pages/s after start-up")  # fmt: skip
    return runs


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


def bench_build(root: Path, db: Path, jobs: int | None) -> dict[str, float]:
    """Build the whole corpus root into a fresh store, then again (nothing changed).

    Returns:
        Counts, seconds (``seconds``, ``reuse_s``, ``second_run_s``) and peak memory in MB.
    """
    load = os.getloadavg()[0]
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
    return {
        "files": stats.files,
        "documents": counts["documents"],
        "pages": counts["pages"],
        "failures": len(failures),
        "seconds": stats.seconds,
        "reuse_s": reuse_seconds,
        "peak_total_mb": total,
        "peak_worker_mb": worker,
        "second_run_s": again.seconds,
        "load_before": load,
    }


def bench_reuse(db: Path, params: ReuseParams, min_cosine: float) -> dict[str, dict[str, float]]:
    """LSH against brute force on half, all and twice the paragraphs of the store.

    Returns:
        By case: paragraphs, seconds of each, pairs of each, LSH recall of brute force.
    """
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
    figures: dict[str, dict[str, float]] = {}
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
        figures[label] = {"paragraphs": len(subset), "lsh_s": lsh_s, "brute_s": brute_s,
                          "lsh_pairs": len(lsh_pairs), "brute_pairs": len(brute_pairs),
                          "recall": recall}  # fmt: skip
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
    return figures


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
                where = (f"{first.symbol} {first.paragraph_id} ({first.sort_date}, "
                         f"similarity {first.similarity:.2f})" if first else "new")  # fmt: skip
                print(f"  {row.paragraph_id:14s} {where}")


def run(
    root: Path,
    sections: set[str],
    *,
    jobs: int | None = None,
    rounds: int = 3,
    scale_every: int = 2,
    scaling_every: int = 1,
    db: Path | None = None,
    min_cosine: float = 0.5,
) -> dict[str, Any]:
    """Run the ``sections`` asked for (scaling, memory, build, reuse); return their figures."""
    figures: dict[str, Any] = {}
    workers = max(2, jobs or 2)
    if "scaling" in sections:
        figures["scaling"] = bench_scaling(root, rounds, workers, scaling_every)
    if "memory" in sections:
        figures["memory"] = bench_memory(root, scale_every, workers)
    if not sections & {"build", "reuse"}:
        return figures
    with tempfile.TemporaryDirectory() as tmp:
        db = db or Path(tmp, "corpus.db")
        if db.exists():
            db.unlink()
        print()
        figures["build"] = bench_build(root, db, jobs)
        if "reuse" in sections:
            figures["reuse"] = bench_reuse(db, ReuseParams(), min_cosine)
            show_lineage(db, ["A/RES/80/16", "A/RES/75/240"])
    return figures


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=None)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (all cores)")
    parser.add_argument("--db", type=Path, default=None, help="keep the store here")
    parser.add_argument("--min-cosine", type=float, default=0.5)
    parser.add_argument("--sections", default="scaling,memory,build,reuse")
    parser.add_argument("--rounds", type=int, default=3, help="scaling rounds (median)")
    parser.add_argument("--scale-every", type=int, default=2, help="1x: every Nth PDF")
    parser.add_argument("--scaling-every", type=int, default=1, help="scaling: every Nth PDF")
    args = parser.parse_args(argv)
    root = corpus_root(args.corpus_root)
    if root is None:
        sys.exit("no corpus root: pass --corpus-root or set NORMTRACE_CORPUS_ROOT")
    sections = set(args.sections.split(","))
    run(root, sections, jobs=args.jobs, rounds=args.rounds, scale_every=args.scale_every,
        scaling_every=args.scaling_every, db=args.db, min_cosine=args.min_cosine)  # fmt: skip


if __name__ == "__main__":
    main()
