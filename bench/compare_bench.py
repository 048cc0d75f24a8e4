"""Time ``compare`` against difflib's SequenceMatcher over the same whole texts.

Two cases, each measured in this run:

- long: A/RES/79/243 (about 160,000 characters) against a copy with 5% of its
  paragraphs edited (a word replaced, a word inserted, a clause cut);
- typical: A/RES/73/27 against A/RES/75/240.

For each: the best of ``--repeat`` runs of ``compare(old, new)`` (documents already
ingested), of ``SequenceMatcher(None, old, new).ratio()`` over the whole texts
(characters, with autojunk as difflib has it by default), and of the same over
word lists; then the ratios. Prints a table and, with ``--json``, writes the numbers.

Then the long generated cases of ``compare_scale.py`` (issue 27; ``--no-scale`` skips
them).

Usage: .venv/bin/python bench/compare_bench.py [--corpus-root DIR] [--repeat 5]
"""

from __future__ import annotations

import argparse
import dataclasses
import difflib
import json
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline import settings
from pipeline.compare import compare
from pipeline.document import Document
from pipeline.ingest import load_document

LONG = "resolutions/A_RES_79_243.txt"
TYPICAL = ("resolutions/A_RES_73_27.txt", "resolutions/A_RES_75_240.txt")


def edit_paragraphs(doc: Document, share: float, seed: int = 7) -> Document:
    """Return a copy of ``doc`` with ``share`` of its paragraphs edited, reproducibly."""
    rng = random.Random(seed)
    paragraphs = list(doc.paragraphs)
    chosen = rng.sample(range(len(paragraphs)), max(1, round(share * len(paragraphs))))
    for n, k in enumerate(sorted(chosen)):
        words = paragraphs[k].text.split()
        at = rng.randrange(len(words) + 1)
        if n % 3 == 0 and words:  # replace a word
            words[min(at, len(words) - 1)] = "significantly"
        elif n % 3 == 1:  # insert words
            words[at:at] = ["inter", "alia,"]
        else:  # cut the last third
            words = words[: max(1, 2 * len(words) // 3)]
        paragraphs[k] = dataclasses.replace(paragraphs[k], text=" ".join(words))
    return dataclasses.replace(doc, paragraphs=tuple(paragraphs))


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """Best wall time of ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def measure(old: Document, new: Document, repeat: int) -> dict[str, Any]:
    """Time compare() and difflib over the same pair."""
    old_text = "\n\n".join(p.text for p in old.paragraphs)
    new_text = "\n\n".join(p.text for p in new.paragraphs)
    report = compare(old, new)
    t_compare = best_of(repeat, lambda: compare(old, new))
    t_no_overlap = best_of(repeat, lambda: compare(old, new, overlap_words=None))
    t_chars = best_of(repeat, lambda: difflib.SequenceMatcher(None, old_text, new_text).ratio())
    old_words, new_words = old_text.split(), new_text.split()
    t_words = best_of(repeat, lambda: difflib.SequenceMatcher(None, old_words, new_words).ratio())
    counts = {
        k: report.summary[k]
        for k in ("unchanged", "modified", "moved", "split", "merged", "added", "deleted")
    }
    return {
        "characters": [len(old_text), len(new_text)],
        "paragraphs": [len(old.paragraphs), len(new.paragraphs)],
        "compare_s": round(t_compare, 4),
        "overlap_s": round(max(0.0, t_compare - t_no_overlap), 4),
        "overlap_share": round(max(0.0, t_compare - t_no_overlap) / t_compare, 3),
        "overlaps": len(report.overlaps),
        "difflib_chars_s": round(t_chars, 4),
        "difflib_words_s": round(t_words, 4),
        "compare_vs_difflib_chars": round(t_compare / t_chars, 3),
        "compare_vs_difflib_words": round(t_compare / t_words, 3),
        "counts": counts,
        "similarity": report.summary["similarity"],
    }


def run(root: Path, repeat: int = 5, share: float = 0.05) -> dict[str, Any]:
    """Measure the long and the typical pair of the corpus root; return their figures."""
    long_doc = load_document(root / LONG)
    return {
        "long": measure(long_doc, edit_paragraphs(long_doc, share), repeat),
        "typical": measure(
            load_document(root / TYPICAL[0]), load_document(root / TYPICAL[1]), repeat
        ),
        "repeat": repeat,
        "load_average": os.getloadavg()[0],
    }


def print_results(results: dict[str, Any]) -> None:
    """The table of ``run``'s figures, the load average first."""
    load = results["load_average"]
    print(f"load average {load:.2f} on {os.cpu_count()} cores", end="")
    print(" (the machine was busy: figures are not to be trusted)" if load > 0.5 else "")
    header = f"{'case':8} {'chars':>15} {'cmp/ch':>7} {'cmp/w':>7} {'compare s':>10} "
    header += f"{'overlap s':>10} {'difflib ch s':>13} {'difflib w s':>12}  counts"
    print(header)
    for name in ("long", "typical"):
        r = results[name]
        chars = f"{r['characters'][0]}/{r['characters'][1]}"
        print(
            f"{name:8} {chars:>15} {r['compare_vs_difflib_chars']:>7.3f} "
            f"{r['compare_vs_difflib_words']:>7.3f} {r['compare_s']:>10.4f} "
            f"{r['overlap_s']:>10.4f} {r['difflib_chars_s']:>13.4f} "
            f"{r['difflib_words_s']:>12.4f}  {r['counts']} overlaps={r['overlaps']}"
        )
    long = results["long"]
    print(
        f"long pair under 0.5 s (overlaps included): {'yes' if long['compare_s'] < 0.5 else 'NO'}"
    )
    print(f"overlap search: {long['overlap_share']:.0%} of the long pair's compare time")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--share", type=float, default=0.05, help="share of edited paragraphs")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    parser.add_argument("--no-scale", action="store_true", help="skip the long generated cases")
    args = parser.parse_args(argv)
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        print("error: no corpus root (use --corpus-root or NORMTRACE_CORPUS_ROOT)", file=sys.stderr)
        return 2
    results = run(root, args.repeat, args.share)
    print_results(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if not args.no_scale:
        import compare_scale  # bench/, beside this script

        print("long generated inputs (issue 27):")
        return compare_scale.main([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
