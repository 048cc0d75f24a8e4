"""Ingestion speed: normtrace against raw pypdfium2 and naive pdfplumber, same files, same run.

    python bench/ingest_bench.py [--corpus-root DIR] [--folder REL] [--jobs N]
                                 [--rounds N] [--limit N] [--pdfplumber-files N] [--json OUT]

Cases: raw pypdfium2 text extraction (every page's text in one call, the floor any
pdfium reader pays; also through pdfium's C functions, as ingest reads its pages),
normtrace ``load_document`` (full structure) in one process and over --jobs
processes, ingest's pdfium calls alone (pages, text and the run path's calls, with
no lines or structure: what ingest would reach if its Python cost nothing), ingest's
lines alone (``read_pdf``: limits, pages and lines, no structure), and naive
pdfplumber (``page.extract_text()``), which is slow enough to run on the first
--pdfplumber-files files only, against normtrace on those files.

How it measures: every case runs once before timing (imports, caches, the worker
pool started and its workers' imports done), then --rounds rounds; each round runs
every case of a phase once, in an order that rotates from round to round, so a busy
spell of the machine falls on all cases alike. Three phases, each ratio within one:
raw pypdfium2 against ingest first (no worker process alive yet), then one process
against --jobs processes, then pdfplumber against ingest on its files. A case's
figure is its median round (the best is printed too). Ratios come first; the main
one is also given on this process's CPU time, which other processes on a shared
machine disturb far less than wall time. Absolute times are for the record and
depend on the machine and on what else runs on it, which the load average printed
with them tells.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline import settings
from pipeline.ingest import load_document
from pipeline.ingest.pdf import page_text, read_pdf
from pipeline.ingest.pdf_bounds import check_pdf
from pipeline.ingest.runs import page_runs

BATCH = "batch/mandate_pipeline_first_committee_78-80"
# A 1-minute load average above this, before the bench starts, means other
# processes compete for the CPU: ratios of one run stay comparable, absolute
# figures and the scaling over processes do not.
BUSY_LOAD = 0.5


def naive_pdfplumber(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_text()
            page.close()
        return len(pdf.pages)


def raw_pdfium(path: Path) -> int:
    pdf = pdfium.PdfDocument(str(path))
    try:
        for page in pdf:
            page.get_textpage().get_text_range()
        return len(pdf)
    finally:
        pdf.close()


def raw_pdfium_c(path: Path) -> int:
    """The same text through pdfium's C functions, without pypdfium2's page objects."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
            textpage = pdfium_c.FPDFText_LoadPage(page)
            count = pdfium_c.FPDFText_CountChars(textpage)
            buffer = (ctypes.c_ushort * (count + 1))()
            written = pdfium_c.FPDFText_GetText(textpage, 0, count, buffer)
            bytes(memoryview(buffer)[: max(written - 1, 0)]).decode("utf-16-le", errors="ignore")
            pdfium_c.FPDFText_ClosePage(textpage)
            pdfium_c.FPDF_ClosePage(page)
        return len(pdf)
    finally:
        pdf.close()


def pdfium_work(path: Path) -> int:
    """What ingest asks of pdfium, without its Python: the pages, text pages and text,
    and every call of the run path (``runs.page_runs``), but no lines and no structure.

    Its ratio to raw pypdfium2 is the most ingest could reach with the rest at no cost.
    """
    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for index in range(len(pdf)):
            page = pdfium_c.FPDF_LoadPage(pdf.raw, index)
            textpage = pdfium_c.FPDFText_LoadPage(page)
            page_runs(textpage, page_text(textpage), pdfium_c.FPDF_GetPageHeightF(page))
            pdfium_c.FPDFText_ClosePage(textpage)
            pdfium_c.FPDF_ClosePage(page)
        return len(pdf)
    finally:
        pdf.close()


def normtrace_lines(path: Path) -> int:
    """Ingest up to its lines (``pdf.read_pdf``: reading limits, pages, runs, lines), no
    structure: with the case above and the one below, where ingest's time goes."""
    return len(read_pdf(path))


def normtrace_ingest(path: Path) -> int:
    return load_document(path).pages


def bounds_check(path: Path) -> int:
    """The reading limits alone (``pdf_bounds.check_pdf``), which ingest pays first."""
    check_pdf(path, path.read_bytes())
    return len(pdfium.PdfDocument(path))


class _Case:
    """One timed case: a function over a list of files, in this process or a pool."""

    def __init__(
        self,
        name: str,
        fn: Callable[[Path], int],
        files: list[Path],
        pool: ProcessPoolExecutor | None = None,
    ) -> None:
        self.name, self.fn, self.files, self.pool = name, fn, files, pool
        self.seconds: list[float] = []
        self.cpu_seconds: list[float] = []  # this process only: not for a pool
        self.pages = 0

    def run(self) -> tuple[float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        if self.pool is None:
            pages = sum(self.fn(path) for path in self.files)
        else:
            pages = sum(self.pool.map(self.fn, self.files, chunksize=4))
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        self.pages = pages
        return seconds, cpu

    def record(self) -> None:
        seconds, cpu = self.run()
        self.seconds.append(seconds)
        self.cpu_seconds.append(cpu)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def best(self) -> float:
        return min(self.seconds)

    def row(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "files": len(self.files),
            "pages": self.pages,
            "median_seconds": round(self.median, 3),
            "best_seconds": round(self.best, 3),
            "rounds": [round(s, 3) for s in self.seconds],
            "cpu_rounds": [round(s, 3) for s in self.cpu_seconds],
            "pages_per_second": round(self.pages / self.median, 1),
        }


def _ratio(fast: _Case, slow: _Case) -> tuple[float, float]:
    """How many times the pages per second of ``slow`` ``fast`` reaches (median, best)."""
    if fast.pages != slow.pages:
        raise SystemExit(f"error: {fast.name} and {slow.name} read different pages")
    return round(slow.median / fast.median, 2), round(slow.best / fast.best, 2)


def _cpu_ratio(fast: _Case, slow: _Case) -> float:
    """The same on CPU time (median rounds), which other processes disturb far less."""
    return round(statistics.median(slow.cpu_seconds) / statistics.median(fast.cpu_seconds), 2)


def _interleave(cases: list[_Case], rounds: int) -> None:
    """Warm every case, then run ``rounds`` rounds of all of them in rotating order."""
    for case in cases:
        case.run()  # imports, caches, worker processes and their imports
    for round_ in range(rounds):
        shift = round_ % len(cases)
        for case in cases[shift:] + cases[:shift]:
            case.record()


def _peak_mb(who: int) -> float:
    return round(resource.getrusage(who).ru_maxrss / 1024, 1)  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", default=None)
    parser.add_argument("--folder", default=BATCH)
    parser.add_argument("--jobs", type=int, default=2)
    # Five: a median of three 2.5 s rounds of the 249 swung 0.79-0.93 between runs of
    # the same code on the idle machine (raw pypdfium2's round alone 2.33-2.83 s).
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="only the first N files")
    parser.add_argument("--pdfplumber-files", type=int, default=24)
    parser.add_argument("--json", default=None, help="also write the results here")
    args = parser.parse_args()
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        sys.exit("error: no corpus root (set --corpus-root or NORMTRACE_CORPUS_ROOT)")
    files = sorted((root / args.folder).glob("*.pdf"))[: args.limit or None]
    if not files:
        sys.exit(f"error: {root / args.folder}: no PDF files")
    sample = files[: args.pdfplumber_files]
    load_before = os.getloadavg()
    # Phase 1, the main ratio, before any worker process exists.
    raw = _Case("raw pypdfium2 text", raw_pdfium, files)
    raw_c = _Case("raw pdfium text, C functions", raw_pdfium_c, files)
    ingest = _Case("normtrace ingest, 1 process", normtrace_ingest, files)
    bounds = _Case("reading limits only (pdf_bounds)", bounds_check, files)
    calls = _Case("ingest's pdfium calls alone", pdfium_work, files)
    lines = _Case("ingest's lines alone (read_pdf)", normtrace_lines, files)
    _interleave([raw, raw_c, ingest, bounds, calls, lines], args.rounds)
    # Phase 1b, the same ratio on the second set: the first --pdfplumber-files files
    # (the drafts A/C.1/78/L.*, which the text-layer check reads).
    raw_sample = _Case("raw pypdfium2 text (drafts)", raw_pdfium, sample)
    ingest_drafts = _Case("normtrace ingest, 1 process (drafts)", normtrace_ingest, sample)
    # A tenth of the pages, so ten times the rounds: a round of the drafts is 0.2 s, and a
    # median of three such rounds swung 0.79-0.85 between runs of the same code.
    _interleave([raw_sample, ingest_drafts], args.rounds * max(1, round(len(files) / len(sample))))
    # Phase 2, processes against one process, with the pool's workers started.
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        single = _Case("normtrace ingest, 1 process (phase 2)", normtrace_ingest, files)
        jobs = _Case(f"normtrace ingest, {args.jobs} processes", normtrace_ingest, files, pool)
        _interleave([single, jobs], args.rounds)
    # Phase 3, naive pdfplumber, on fewer files.
    ingest_sample = _Case("normtrace ingest (pdfplumber's files)", normtrace_ingest, sample)
    naive = _Case("naive pdfplumber extract_text", naive_pdfplumber, sample)
    _interleave([ingest_sample, naive], args.rounds)
    cases = [raw, raw_c, ingest, bounds, calls, lines, raw_sample, ingest_drafts, single, jobs]
    cases += [ingest_sample, naive]
    load_after = os.getloadavg()
    ratios: dict[str, Any] = {
        "ingest_over_raw_pypdfium2": _ratio(ingest, raw),
        "ingest_over_raw_pypdfium2_cpu_time": _cpu_ratio(ingest, raw),
        "ingest_over_raw_pdfium_c": _ratio(ingest, raw_c),
        "pdfium_calls_alone_over_raw_pypdfium2": _ratio(calls, raw),
        "pdfium_calls_alone_over_raw_pypdfium2_cpu_time": _cpu_ratio(calls, raw),
        "lines_alone_over_raw_pypdfium2": _ratio(lines, raw),
        "lines_alone_over_raw_pypdfium2_cpu_time": _cpu_ratio(lines, raw),
        "ingest_over_raw_pypdfium2_drafts": _ratio(ingest_drafts, raw_sample),
        "ingest_over_raw_pypdfium2_drafts_cpu_time": _cpu_ratio(ingest_drafts, raw_sample),
        "ingest_processes_over_one": _ratio(jobs, single),
        "ingest_over_naive_pdfplumber": _ratio(ingest_sample, naive),
    }
    median, best = ratios["ingest_over_raw_pypdfium2"]
    print(
        f"ingest / raw pypdfium2 = {median}  (best round {best}; CPU time "
        f"{ratios['ingest_over_raw_pypdfium2_cpu_time']}; 1 process, full structure)"
    )
    median, best = ratios["ingest_over_raw_pypdfium2_drafts"]
    print(
        f"ingest / raw pypdfium2 on the {len(sample)} drafts = {median}  (best round {best}; "
        f"CPU time {ratios['ingest_over_raw_pypdfium2_drafts_cpu_time']})"
    )
    share = statistics.median(bounds.cpu_seconds) / statistics.median(ingest.cpu_seconds)
    print(
        f"reading limits (pdf_bounds, with pdfium's page count) = {share:.1%} of ingest's "
        "CPU time (the cost of bounded PDF reading, issue 27)"
    )
    median, best = ratios["ingest_over_raw_pdfium_c"]
    print(
        f"ingest / raw pdfium C functions = {median}  (best round {best}; the stricter floor: "
        "ingest reads pages through the C functions, the line above through pypdfium2's objects)"
    )
    median, best = ratios["pdfium_calls_alone_over_raw_pypdfium2"]
    print(
        f"ingest's pdfium calls alone / raw pypdfium2 = {median}  (best round {best}; CPU time "
        f"{ratios['pdfium_calls_alone_over_raw_pypdfium2_cpu_time']}; pages, text and the run "
        "path's calls without lines or structure: the ceiling of the first ratio)"
    )
    median, best = ratios["lines_alone_over_raw_pypdfium2"]
    print(
        f"ingest's lines alone (read_pdf) / raw pypdfium2 = {median}  (best round {best}; CPU "
        f"time {ratios['lines_alone_over_raw_pypdfium2_cpu_time']}; the limits, pages and "
        "lines without structure: between the line above and the first one)"
    )
    median, best = ratios["ingest_processes_over_one"]
    print(f"ingest {args.jobs} processes / 1 process = {median}  (best round {best})")
    median, best = ratios["ingest_over_naive_pdfplumber"]
    print(f"ingest / naive pdfplumber = {median}  (best round {best}; first {len(sample)} files)")
    cores = os.cpu_count() or 1
    print(
        f"{len(files)} files, {ingest.pages} pages, median of {args.rounds} interleaved rounds "
        f"after a warm-up; load average {load_before[0]:.2f} before, {load_after[0]:.2f} after, "
        f"{cores} cores"
    )
    if load_before[0] > BUSY_LOAD:
        print(
            f"WARNING: the machine was busy (load average {load_before[0]:.2f} before the "
            "bench): ratios within this run compare, absolute figures and the scaling over "
            "processes understate an idle machine"
        )
    print("absolute figures (for the record):")
    for case in cases:
        row = case.row()
        print(
            f"  {row['name']:<42} {row['files']:>4} files {row['pages']:>5} pages "
            f"median {row['median_seconds']:>7.2f} s  best {row['best_seconds']:>7.2f} s  "
            f"{row['pages_per_second']:>7.1f} pages/s"
        )
    memory = {
        "peak_rss_mb_main": _peak_mb(resource.RUSAGE_SELF),
        "peak_rss_mb_largest_worker": _peak_mb(resource.RUSAGE_CHILDREN),
    }
    print(f"  peak memory: {memory}")
    if args.json:
        result = {
            "ratios": ratios,
            "reading_limits_share_of_ingest_cpu": round(share, 3),
            "runs": [case.row() for case in cases],
            "memory": memory,
            "load_average": {"before": load_before, "after": load_after, "cores": cores},
        }
        Path(args.json).write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
