"""Ingestion speed: normtrace against naive pdfplumber and raw pypdfium2, same files, same run.

    python bench/ingest_bench.py [--corpus-root DIR] [--folder REL] [--jobs N] [--limit N]

Prints pages per second for: naive pdfplumber (`page.extract_text()` on every page),
raw pypdfium2 text extraction, normtrace `load_document` in one process and over
--jobs processes (structure intact), the ratios against naive pdfplumber, and the
peak resident memory of this process and of the worker processes.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pipeline import settings

BATCH = "batch/mandate_pipeline_first_committee_78-80"


def naive_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def raw_pdfium(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
        return len(pdf)
    finally:
        pdf.close()


def normtrace_ingest(path: Path) -> int:
    from pipeline.ingest import load_document

    return load_document(path).pages


def _timed(name: str, fn: Callable[[Path], int], files: list[Path], jobs: int = 1) -> dict:
    start = time.perf_counter()
    if jobs == 1:
        pages = sum(fn(path) for path in files)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            pages = sum(pool.map(fn, files, chunksize=4))
    seconds = time.perf_counter() - start
    return {
        "name": name,
        "pages": pages,
        "seconds": round(seconds, 2),
        "pages_per_second": round(pages / seconds, 1),
    }


def _peak_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", default=None)
    parser.add_argument("--folder", default=BATCH)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args()
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        sys.exit("error: no corpus root (set --corpus-root or NORMTRACE_CORPUS_ROOT)")
    files = sorted((root / args.folder).glob("*.pdf"))[: args.limit or None]
    runs = [
        _timed("naive pdfplumber extract_text", naive_pdfplumber, files),
        _timed("raw pypdfium2 text", raw_pdfium, files),
        _timed("normtrace ingest, 1 process", normtrace_ingest, files),
        _timed(f"normtrace ingest, {args.jobs} processes", normtrace_ingest, files, args.jobs),
    ]
    baseline = runs[0]["pages_per_second"]
    for run in runs:
        run["ratio_to_naive_pdfplumber"] = round(run["pages_per_second"] / baseline, 2)
        print(
            f"{run['name']:<38} {run['pages']:>5} pages {run['seconds']:>7.2f} s "
            f"{run['pages_per_second']:>7.1f} pages/s  x{run['ratio_to_naive_pdfplumber']}"
        )
    memory = {
        "peak_rss_mb_main": _peak_mb(resource.RUSAGE_SELF),
        "peak_rss_mb_largest_worker": _peak_mb(resource.RUSAGE_CHILDREN),
    }
    print(f"{len(files)} files; peak memory: {memory}")
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": runs, "memory": memory}, indent=2))


if __name__ == "__main__":
    main()
