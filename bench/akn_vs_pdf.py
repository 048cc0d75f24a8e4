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

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from akn_agreement import METADATA, Agreement, agreement, pairs, summary  # noqa: E402

from pipeline import settings  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=None)
    parser.add_argument("--problems", type=int, default=10)
    args = parser.parse_args(argv)
    root = args.corpus_root or settings.corpus_root()
    if root is None:
        print("error: no corpus root (set NORMTRACE_CORPUS_ROOT)", file=sys.stderr)
        return 1
    results: dict[str, list[Agreement]] = {"dev": [], "test": []}
    seconds = {"xml": 0.0, "pdf": 0.0}
    meta_misses: list[tuple[str, str, object, object]] = []
    for pair in pairs(root):
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
    dev, test = summary(results["dev"]), summary(results["test"])
    print(f"{'measure':<28} {'dev':>8} {'test':>8}")
    for key in dev:
        print(f"{key:<28} {dev[key]:>8.3f} {test[key]:>8.3f}")
    print(f"seconds: markup {seconds['xml']:.2f}, PDF {seconds['pdf']:.2f} (94 files)")
    problems = [p for split in results.values() for r in split for p in r.problems]
    for pid, what, xml_text, pdf_text in problems[: args.problems]:
        print(f"\n{pid} ({what})\n  markup: {xml_text[:200]}\n  PDF:    {pdf_text[:200]}")
    for symbol, name, xml_value, pdf_value in meta_misses[: args.problems]:
        print(f"{symbol} {name}: markup {xml_value!r}, PDF {pdf_value!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
