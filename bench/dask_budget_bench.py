"""The cost of the per-file budget of `corpus build` on a Dask cluster (issue 27).

    python bench/dask_budget_bench.py [--corpus-root DIR] [--limit N] [--rounds N]

A local cluster of worker processes (two, one thread each) builds the same sample of
corpus texts and PDFs into a fresh store, with the build's default budget (each file
read in its worker thread's reading child, ``limits.within`` through
``cluster_budget``) and without it (read in the worker's thread). Rounds alternate
the order of the two cases, so a busy spell of the machine falls on both; a case's
figure is its median round. A first build, not timed, loads the NLP pipeline in the
workers.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from pipeline import settings
from pipeline.corpus.batch import build
from pipeline.limits import DEFAULT_MEMORY_MB

BUILD_SECONDS = 120.0  # commands/corpus.py: the build's default


def _root(corpus: Path, limit: int, folder: Path) -> Path:
    """A folder of links to a fixed sample (seeded) of the corpus's texts and PDFs."""
    rng = random.Random(27)
    texts = sorted(corpus.rglob("*.txt"))
    pdfs = sorted(corpus.rglob("*.pdf"))
    chosen = rng.sample(texts, min(limit, len(texts))) + rng.sample(pdfs, min(limit, len(pdfs)))
    root = folder / "root"
    root.mkdir()
    for n, path in enumerate(chosen):
        (root / f"{n:03d}_{path.name}").symlink_to(path.resolve())
    return root


def _build(root: Path, folder: Path, address: str, limited: bool) -> float:
    db = folder / f"{time.monotonic_ns()}.db"
    start = time.perf_counter()
    stats = build(root, db, scheduler=address, reuse=False, follow_links=True,
                  budget=BUILD_SECONDS if limited else None,
                  memory=DEFAULT_MEMORY_MB if limited else None)  # fmt: skip
    seconds = time.perf_counter() - start
    assert stats.failed == 0 or stats.parsed > stats.failed, stats
    db.unlink()
    return seconds


def main() -> None:
    """Run the bench and print both cases' medians and their ratio."""
    import distributed

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=settings.corpus_root())
    parser.add_argument("--limit", type=int, default=20, help="texts and PDFs, each")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory(prefix="normtrace-dask-bench-") as tmp,
        (
            distributed.LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            )
        ) as cluster,
    ):
        folder = Path(tmp)
        root = _root(args.corpus_root, args.limit, folder)
        address = cluster.scheduler_address
        _build(root, folder, address, limited=True)  # warm: imports and the NLP pipeline
        times: dict[bool, list[float]] = {True: [], False: []}
        for n in range(args.rounds):
            for limited in (True, False) if n % 2 == 0 else (False, True):
                times[limited].append(_build(root, folder, address, limited))
        files = len(list(root.iterdir()))
    with_budget, without = statistics.median(times[True]), statistics.median(times[False])
    print(f"{files} files, {args.rounds} rounds on a 2-worker local cluster")
    print(f"  without budget: {without:.2f} s  {[round(t, 2) for t in times[False]]}")
    print(f"  with budget:    {with_budget:.2f} s  {[round(t, 2) for t in times[True]]}")
    print(f"  ratio: {with_budget / without:.3f}")


if __name__ == "__main__":
    main()
