"""The cost of the per-file budget of `corpus build` on a Dask cluster (issue 27).

    python bench/dask_budget_bench.py [--corpus-root DIR] [--limit N] [--rounds N]

A local cluster of worker processes (two, one thread each) builds the same sample of
corpus texts and PDFs into a fresh store, with the build's default budget (each file
read in its worker thread's reading child, ``limits.within`` through
``cluster_budget``) and without it (read in the worker's thread). Rounds alternate
the order of the two cases, so a busy spell of the machine falls on both; a case's
figure is its median round. A first build, not timed, loads the NLP pipeline in the
workers. Each build is timed twice: wall seconds, and CPU seconds of the whole cluster
(this process, with the scheduler; each worker; the workers' reading children, live or
reaped), which a busy machine disturbs far less than wall time.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

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


def _own_cpu() -> float:
    """CPU seconds of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _cpu_with_children() -> float:
    """CPU seconds of this process and of its children, live (/proc) or reaped."""
    reaped = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = _own_cpu() + reaped.ru_utime + reaped.ru_stime
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # not a process, or gone meanwhile
        if int(fields[1]) == os.getpid():  # utime and stime are fields 14 and 15
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _cpu(client: Any) -> float:
    """CPU seconds so far of this process (the build, the scheduler) and of every
    worker with its reading children (the workers are children of this process: they
    count once, each for itself)."""
    return _own_cpu() + sum(client.run(_cpu_with_children).values())


def _build(
    root: Path, folder: Path, address: str, client: Any, limited: bool
) -> tuple[float, float]:
    """One build into a fresh store: its wall and CPU seconds."""
    db = folder / f"{time.monotonic_ns()}.db"
    cpu = _cpu(client)
    start = time.perf_counter()
    stats = build(root, db, scheduler=address, reuse=False,
                  follow_links=True, budget=BUILD_SECONDS if limited else None,
                  memory=DEFAULT_MEMORY_MB if limited else None)  # fmt: skip
    seconds = time.perf_counter() - start
    cpu = _cpu(client) - cpu
    assert stats.failed == 0 or stats.parsed > stats.failed, stats
    db.unlink()
    return seconds, cpu


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
        distributed.Client(cluster) as client,
    ):
        folder = Path(tmp)
        root = _root(args.corpus_root, args.limit, folder)
        address = cluster.scheduler_address
        _build(root, folder, address, client, limited=True)  # warm: imports and the NLP pipeline
        times: dict[bool, list[tuple[float, float]]] = {True: [], False: []}
        for n in range(args.rounds):
            for limited in (True, False) if n % 2 == 0 else (False, True):
                times[limited].append(_build(root, folder, address, client, limited))
        files = len(list(root.iterdir()))
    print(f"{files} files, {args.rounds} rounds on a 2-worker local cluster, load "
          f"{os.getloadavg()[0]:.1f}")  # fmt: skip
    for k, what in enumerate(("wall", "CPU")):
        runs = {limited: [round(t[k], 2) for t in times[limited]] for limited in times}
        with_budget, without = statistics.median(runs[True]), statistics.median(runs[False])
        print(f"  {what} without budget: {without:.2f} s  {runs[False]}")
        print(f"  {what} with budget:    {with_budget:.2f} s  {runs[True]}")
        print(f"  {what} ratio: {with_budget / without:.3f}")


if __name__ == "__main__":
    main()
