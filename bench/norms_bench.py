"""Time the norm tracker over every resolution of the corpus against one catalogue (issue 22).

Every MANIFEST.csv row of kind ``resolution`` (text, PDF and AKN files of the corpus
root) is read once; then, measured apart, the tracker: each document matched against
the catalogue (TF-IDF paraphrase strategy on, as the command runs) and the norm x
document table built. The issue's budget is 30 s for the tracking after start-up on
this machine; reading the files is the baseline measured in the same run. Prints the
figure and what the tracker found.

Usage: .venv/bin/python bench/norms_bench.py [--corpus-root DIR] [--catalogue CSV]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline import settings
from pipeline.compare.norms import match_document
from pipeline.errors import NormtraceError
from pipeline.ingest import load_document
from pipeline.ingest.catalogue import load_catalogue
from pipeline.research.norms import build_index, tracker

BUDGET = 30.0


def run(root: Path, catalogue_path: Path | None = None) -> dict[str, Any]:
    """Read the corpus's resolutions, then track them against the catalogue; the figures.

    Returns:
        Files, documents, paragraphs, ``read_s`` (the baseline), ``track_s`` and
        ``track_cpu_s``, ``ratio`` (tracking over reading), rows and relations.
    """
    catalogue = load_catalogue(catalogue_path or root.parent / "norms" / "gge_2015.csv")
    with (root / "MANIFEST.csv").open(newline="") as fp:
        files = [root / r["file"] for r in csv.DictReader(fp) if r["kind"] == "resolution"]

    start = time.perf_counter()
    documents, unreadable = [], 0
    for path in files:
        try:
            documents.append(load_document(path))
        except NormtraceError:
            unreadable += 1
    read = time.perf_counter() - start

    start, cpu = time.perf_counter(), time.process_time()
    index = build_index([catalogue])
    reports = [match_document(doc, index) for doc in documents if doc.paragraphs]
    table = tracker(reports, [catalogue])
    tracked, tracked_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "catalogue": catalogue.name,
        "files": len(files),
        "documents": len(documents),
        "unreadable": unreadable,
        "paragraphs": sum(len(d.paragraphs) for d in documents),
        "read_s": read,
        "track_s": tracked,
        "track_cpu_s": tracked_cpu,
        "ratio": tracked / max(read, 1e-9),
        "rows": len(table.rows),
        "relations": dict(sorted(Counter(r.relation for r in table.rows).items())),
        "documents_restating": len({r.document for r in table.rows}),
        "new_items": sum(len(r.new) for r in reports),
    }


def print_results(r: dict[str, Any]) -> None:
    """What ``run`` found, as lines."""
    print(
        f"resolutions: {r['files']} files, {r['documents']} read ({r['unreadable']} "
        f"unreadable), {r['paragraphs']} paragraphs"
    )
    print(f"reading (baseline):   {r['read_s']:6.2f} s")
    print(
        f"tracking ({r['catalogue']}): {r['track_s']:6.2f} s  ({r['ratio']:.2f} x reading; "
        f"budget {BUDGET:.0f} s: {'within' if r['track_s'] < BUDGET else 'OVER'}); "
        f"CPU {r['track_cpu_s']:.2f} s"
    )
    relations = ", ".join(f"{k} {v}" for k, v in r["relations"].items())
    print(f"rows: {r['rows']}  {relations}")
    print(f"documents restating a norm: {r['documents_restating']}; new items: {r['new_items']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=settings.corpus_root())
    parser.add_argument("--catalogue", type=Path)
    args = parser.parse_args()
    print_results(run(args.corpus_root, args.catalogue))


if __name__ == "__main__":
    main()
