"""The PDF reader against the UN's markup of 94 First Committee resolutions (issue 23).

    python bench/akn_vs_pdf.py [--corpus-root DIR] [--problems N]

Prints, for the dev and test splits of tests/data/akn_pdf_split.csv side by side, the
agreement figures README "The UN's markup" states (paragraph counts, numbering, ids,
text after normalisation, footnotes, metadata), the seconds each reader took, then the
first N disagreements of each kind with both texts.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from akn_agreement import METADATA, Agreement, agreement, pairs, summary  # noqa: E402

from pipeline import settings  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402


def run(root: Path, every: int = 1) -> dict[str, Any]:
    """Read each resolution's markup and PDF (every ``every``-th pair); compare them.

    Returns:
        ``dev`` and ``test``: the agreement summaries; ``seconds`` of each reader
        (``xml``, ``pdf``); ``pairs``; ``problems`` and ``meta_misses`` to print.
    """
    results: dict[str, list[Agreement]] = {"dev": [], "test": []}
    seconds = {"xml": 0.0, "pdf": 0.0}
    meta_misses: list[tuple[str, str, object, object]] = []
    chosen = pairs(root)[::every]
    for pair in chosen:
        start = time.perf_counter()
        xml = load_document(root / pair.xml)
        seconds["xml"] += time.perf_counter() - start
        start = time.perf_counter()
        pdf = load_document(root / pair.pdf)
        seconds["pdf"] += time.perf_counter() - start
        result = agreement(xml, pdf)
        results[pair.split].append(result)
        meta_misses += [
            (pair.symbol, name, getattr(xml, name), getattr(pdf, name))
            for name in METADATA
            if not result.metadata.get(name, True)
        ]
    return {
        "pairs": len(chosen),
        "dev": summary(results["dev"]),
        "test": summary(results["test"]),
        "seconds": seconds,
        "problems": [p for split in results.values() for r in split for p in r.problems],
        "meta_misses": meta_misses,
    }


def print_results(figures: dict[str, Any], problems: int = 10) -> None:
    """The agreement table, the readers' seconds, then the first ``problems`` of each kind."""
    dev, test, seconds = figures["dev"], figures["test"], figures["seconds"]
    print(f"{'measure':<28} {'dev':>8} {'test':>8}")
    for key in dev:
        print(f"{key:<28} {dev[key]:>8.3f} {test[key]:>8.3f}")
    print(
        f"seconds: markup {seconds['xml']:.2f}, PDF {seconds['pdf']:.2f} "
        f"({figures['pairs']} resolutions)"
    )
    for pid, what, xml_text, pdf_text in figures["problems"][:problems]:
        print(f"\n{pid} ({what})\n  markup: {xml_text[:200]}\n  PDF:    {pdf_text[:200]}")
    for symbol, name, xml_value, pdf_value in figures["meta_misses"][:problems]:
        print(f"{symbol} {name}: markup {xml_value!r}, PDF {pdf_value!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=None)
    parser.add_argument("--problems", type=int, default=10)
    args = parser.parse_args(argv)
    root = args.corpus_root or settings.corpus_root()
    if root is None:
        print("error: no corpus root (set NORMTRACE_CORPUS_ROOT)", file=sys.stderr)
        return 1
    print_results(run(root), args.problems)
    return 0


if __name__ == "__main__":
    sys.exit(main())
