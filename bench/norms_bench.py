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

from pipeline import settings
from pipeline.compare.norms import match_document
from pipeline.errors import NormtraceError
from pipeline.ingest import load_document
from pipeline.ingest.catalogue import load_catalogue
from pipeline.research.norms import build_index, tracker

BUDGET = 30.0


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=settings.corpus_root())
    parser.add_argument("--catalogue", type=Path)
    args = parser.parse_args()
    root: Path = args.corpus_root
    catalogue = load_catalogue(args.catalogue or root.parent / "norms" / "gge_2015.csv")
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

    paragraphs = sum(len(d.paragraphs) for d in documents)
    relations = Counter(r.relation for r in table.rows)
    print(
        f"resolutions: {len(files)} files, {len(documents)} read ({unreadable} unreadable), "
        f"{paragraphs} paragraphs"
    )
    print(f"reading (baseline):   {read:6.2f} s")
    print(
        f"tracking ({catalogue.name}): {tracked:6.2f} s  "
        f"({tracked / max(read, 1e-9):.2f} x reading; budget {BUDGET:.0f} s: "
        f"{'within' if tracked < BUDGET else 'OVER'}); CPU {tracked_cpu:.2f} s"
    )
    print(
        f"rows: {len(table.rows)}  " + ", ".join(f"{k} {v}" for k, v in sorted(relations.items()))
    )
    print(
        f"documents restating a norm: {len({r.document for r in table.rows})}; "
        f"new items: {sum(len(r.new) for r in reports)}"
    )


if __name__ == "__main__":
    main()
