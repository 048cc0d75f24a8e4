"""Every headline of the benches in one table (issue 26), what ``make bench`` ends with.

    python bench/headlines.py [--corpus-root DIR] [--out out/bench.json] [--quick]
                              [--sections ingest,compare,...] [--table-from JSON]

Runs each bench through its own functions (each prints its details as it goes): ingest
against raw pypdfium2 on both sets (``ingest_bench.py``, in a child process: it is a
script with its own options), compare's long pair against difflib, norm tracking over
the corpus's resolutions against reading them, the PDF reader against the UN's markup
of the 94 resolutions, the NLP pipeline against spaCy's tokenizer, the per-file budget,
corpus build scaling over 2 workers, its memory at 1x/4x/16x, the whole root's build and
text reuse. Then prints one Markdown table, every figure a ratio against a baseline
measured in the same run where one exists, with the load average of each section and a
warning when the machine was busy, and writes it (``bench.md``) beside the JSON of
every figure (``--out``).

``--quick`` takes fewer files and rounds everywhere and leaves out the whole root's
build and reuse (a few minutes on 2 cores, against about an hour): for trying the
bench, not for the figures. ``--table-from`` prints the table of an earlier run's JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the other benches, beside this script

import akn_vs_pdf  # noqa: E402
import budget_bench  # noqa: E402
import compare_bench  # noqa: E402
import corpus_bench  # noqa: E402
import nlp_bench  # noqa: E402
import norms_bench  # noqa: E402
from headline_table import SECTIONS, markdown_table  # noqa: E402

from pipeline import settings  # noqa: E402

Section = Callable[[Path, bool], dict[str, Any]]


def ingest(root: Path, quick: bool) -> dict[str, Any]:
    """``ingest_bench.py`` in a child (its output shown), its ``--json`` read back."""
    extra = ["--limit", "24", "--rounds", "1", "--pdfplumber-files", "6"] if quick else []
    with tempfile.TemporaryDirectory(prefix="normtrace-headlines-") as tmp:
        out = Path(tmp, "ingest.json")
        script = str(HERE / "ingest_bench.py")
        args = [sys.executable, script, "--corpus-root", str(root), "--json", str(out)]
        subprocess.run([*args, *extra], check=True)
        figures: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return figures


def compare(root: Path, quick: bool) -> dict[str, Any]:
    results = compare_bench.run(root, repeat=2 if quick else 5)
    compare_bench.print_results(results)
    if not quick:
        import compare_scale  # the long generated inputs of issue 27, details only

        print("long generated inputs (issue 27):")
        compare_scale.main([])
    return results


def norms(root: Path, quick: bool) -> dict[str, Any]:
    results = norms_bench.run(root)
    norms_bench.print_results(results)
    return results


def akn(root: Path, quick: bool) -> dict[str, Any]:
    results = akn_vs_pdf.run(root, every=4 if quick else 1)
    akn_vs_pdf.print_results(results, problems=3)
    return {k: v for k, v in results.items() if k not in ("problems", "meta_misses")}


def nlp(root: Path, quick: bool) -> dict[str, Any]:
    args = {"speeches": 10, "repeat": 1, "n_process": False} if quick else {}
    results = nlp_bench.run(root, **args)
    nlp_bench.print_results(results)
    return results


def budget(root: Path, quick: bool) -> dict[str, Any]:
    results = budget_bench.run(root, limit=6, rounds=1) if quick else budget_bench.run(root)
    budget_bench.print_results(results)
    return results


def scaling(root: Path, quick: bool) -> dict[str, Any]:
    if quick:
        return corpus_bench.bench_scaling(root, rounds=1, jobs=2, every=8)
    return corpus_bench.bench_scaling(root, rounds=3, jobs=2)


def memory(root: Path, quick: bool) -> dict[str, Any]:
    runs = corpus_bench.bench_memory(root, every=25 if quick else 2, jobs=2)
    return {f"{size}x": run for size, run in runs.items()}


def build_and_reuse(root: Path, quick: bool) -> dict[str, Any]:
    """The whole root's build and text reuse (their own sections of the table)."""
    return corpus_bench.run(root, {"build", "reuse"})


# The run order (the table has its own): the two figures asked of an idle machine first.
# Run after the NLP and budget sections' two-worker minutes, the build's scaling read
# 1.61x and 1.77x (CPU 1.68x, 1.86x) where it read 1.80-1.90x (CPU 1.87-1.99x) alone.
RUNNERS: dict[str, Section] = {
    "ingest": ingest,
    "scaling": scaling,
    "compare": compare,
    "norms": norms,
    "akn": akn,
    "nlp": nlp,
    "budget": budget,
    "memory": memory,
    "build": build_and_reuse,
}
QUICK_SKIPS = {"build"}


def run(root: Path, sections: list[str], quick: bool) -> dict[str, Any]:
    """Run the ``sections`` in turn; return their figures, each with its load averages.

    A section that fails is reported and left out (its row says "not run"); the others go on.
    """
    figures: dict[str, Any] = {"cores": os.cpu_count(), "quick": quick, "started": time.time()}
    for name in sections:
        print(f"\n######## {name}", flush=True)
        load = os.getloadavg()[0]
        try:
            result = RUNNERS[name](root, quick)
        except (Exception, SystemExit) as err:  # one bench's failure leaves the others
            print(f"error: bench section {name}: {type(err).__name__}: {err}", file=sys.stderr)
            continue
        end = os.getloadavg()[0]
        # build_and_reuse gives two sections of the table; each gets the load.
        parts = result if name == "build" else {name: result}
        for part, value in parts.items():
            figures[part] = {**value, "load": [load, end]}
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path("out/bench.json"))
    parser.add_argument("--quick", action="store_true", help="fewer files and rounds")
    parser.add_argument("--sections", default=",".join(RUNNERS), help="a subset, in order")
    parser.add_argument("--table-from", type=Path, help="only print the table of this JSON")
    args = parser.parse_args(argv)
    if args.table_from:
        print(markdown_table(json.loads(args.table_from.read_text(encoding="utf-8"))))
        return 0
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        print("error: no corpus root (use --corpus-root or NORMTRACE_CORPUS_ROOT)", file=sys.stderr)
        return 2
    sections = [name for name in args.sections.split(",") if name]
    unknown = [name for name in sections if name not in RUNNERS]
    if unknown:
        print(f"error: unknown sections {unknown}; known: {list(RUNNERS)}", file=sys.stderr)
        return 2
    if args.quick:
        sections = [name for name in sections if name not in QUICK_SKIPS]
    figures = run(root, sections, args.quick)
    table = markdown_table(figures)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2, default=str) + "\n", encoding="utf-8")
    args.out.with_suffix(".md").write_text(table, encoding="utf-8")
    print(f"\n######## headlines ({args.out}, {args.out.with_suffix('.md')})\n")
    print(table)
    return 0 if all(name in figures for name in SECTIONS if name in sections) else 1


if __name__ == "__main__":
    sys.exit(main())
