"""The cost of the default budget (issue 27): ingest with and without it, same files, same run.

    python bench/budget_bench.py [--corpus-root DIR] [--limit N] [--rounds N] [--json OUT]

Each file is read by ``load_document`` in this process (``--no-budget``), then through
``limits.within(DEFAULT_BUDGET, ...)`` as ``ingest`` does by default: in this thread's
reading child (forked once, reused file after file), its address space capped, its
Document sent back through a pipe. A Dask build's task reads through the same reader
(``corpus/cluster_budget.py``), so the budget's own cost a file below is its cost too
(``dask_budget_bench.py`` times whole cluster builds). Rounds alternate
the order of the two cases, so a busy spell of the machine falls on both; a case's figure
is its median round. The ratio is what the budget costs on a clean corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import time
from pathlib import Path
from typing import Any

from pipeline import settings
from pipeline.errors import NormtraceError
from pipeline.ingest import load_document
from pipeline.limits import DEFAULT_BUDGET, NO_BUDGET, FileBudget, within


def _files(root: Path, limit: int) -> list[Path]:
    """Texts and PDFs of the corpus, a fixed sample of each (seeded)."""
    texts = sorted(root.rglob("*.txt"))
    pdfs = sorted(root.rglob("*.pdf"))
    rng = random.Random(27)
    return rng.sample(texts, min(limit, len(texts))) + rng.sample(pdfs, min(limit, len(pdfs)))


def _nothing() -> None:
    return None


def _read_all(files: list[Path], budget: FileBudget) -> float:
    start = time.perf_counter()
    for path in files:
        try:
            within(budget, str(path), load_document, path)
        except NormtraceError:
            pass
    return time.perf_counter() - start


def run(root: Path, limit: int = 40, rounds: int = 3) -> dict[str, Any]:
    """Read the sample with and without the default budget, rounds alternating.

    Returns:
        ``ratio_default_budget_to_none`` (median rounds), the budget's own cost a file
        (``overhead_ms_per_file``) against reading (``ingest_ms_per_file``), the load.
    """
    files = _files(root, limit)
    _read_all(files[:4], DEFAULT_BUDGET)  # imports and caches, outside the timing
    _read_all(files[:4], NO_BUDGET)
    times: dict[str, list[float]] = {"no_budget": [], "default_budget": []}
    cases = [("no_budget", NO_BUDGET), ("default_budget", DEFAULT_BUDGET)]
    for round_ in range(rounds):
        for name, budget in cases if round_ % 2 == 0 else cases[::-1]:
            times[name].append(_read_all(files, budget))
    medians = {name: statistics.median(values) for name, values in times.items()}
    # What the budget adds to one file, apart from the machine's noise: a call that
    # does nothing, through the reading child (the pipe, pickling, the wake-up).
    start = time.perf_counter()
    for _ in range(200):
        within(DEFAULT_BUDGET, "nothing", _nothing)
    per_call_ms = (time.perf_counter() - start) / 200 * 1000
    return {
        "files": len(files),
        "rounds": rounds,
        "median_seconds": {name: round(value, 3) for name, value in medians.items()},
        "ratio_default_budget_to_none": round(medians["default_budget"] / medians["no_budget"], 3),
        "overhead_ms_per_file": round(per_call_ms, 3),
        "ingest_ms_per_file": round(medians["no_budget"] / len(files) * 1000, 1),
        "load_average": os.getloadavg()[0],
    }


def print_results(result: dict[str, Any]) -> None:
    """One line: the ratio, the seconds, and the budget's own cost a file."""
    medians, per_call_ms = result["median_seconds"], result["overhead_ms_per_file"]
    per_file_ms = result["ingest_ms_per_file"]
    print(
        f"budget cost: {result['ratio_default_budget_to_none']:.3f}x "
        f"({medians['default_budget']:.2f} s with the default budget, "
        f"{medians['no_budget']:.2f} s without, {result['files']} files, median of "
        f"{result['rounds']} rounds, load {result['load_average']:.1f}); the budget's own "
        f"cost: {per_call_ms:.2f} ms a file against {per_file_ms:.0f} ms of reading "
        f"({per_call_ms / per_file_ms:.1%})"
    )


def main() -> None:
    """Run the bench and print the ratio (and write it as JSON with --json)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=settings.corpus_root())
    parser.add_argument("--limit", type=int, default=40, help="texts and PDFs, each")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = run(args.corpus_root, args.limit, args.rounds)
    print_results(result)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
