"""Score the overlaps of ``compare`` on the hand-labelled overlap entries.

Reads models/data/overlap_labels.jsonl and models/data/change_pairs.csv (see
models/COMPARE.md). Each labelled entry is looked up in a fresh ``compare`` of its
pair: the passage reported for the same two paragraphs that covers most of the
labelled one. It is then *shown* (reported, not boilerplate), *boilerplate* (reported
with the marker) or *gone* (not reported: merged into a longer one, or no longer a
passage). Prints, per split, the precision and recall of "shown" against the
``substantive`` label, and of "boilerplate or gone" against the others.
``--errors dev`` lists dev disagreements; test ones are never listed.

    python bench/overlap_eval.py --corpus-root ../shared/corpus [--split dev] [--errors dev]
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path

from pipeline.compare import compare
from pipeline.document import DiffReport
from pipeline.ingest import load_document

DATA = Path(__file__).resolve().parent.parent / "models" / "data"


def verdict(report: DiffReport, row: dict[str, object]) -> str:
    """shown, boilerplate or gone, for one labelled entry."""
    start, end = int(str(row["old_start"])), int(str(row["old_end"]))
    best, cover = None, 0
    for o in report.overlaps:
        if (o.old_id, o.new_id) != (row["old_id"], row["new_id"]):
            continue
        shared = min(end, o.old_end) - max(start, o.old_start)
        if shared > cover:
            best, cover = o, shared
    if best is None or cover < (end - start) / 2:
        return "gone"
    return "boilerplate" if best.boilerplate else "shown"


def main() -> None:
    """Print the figures (and the dev errors when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--split", choices=["dev", "all"], default="all")
    parser.add_argument("--errors", choices=["dev"])
    args = parser.parse_args()
    with (DATA / "change_pairs.csv").open(encoding="utf-8", newline="") as fp:
        pairs = {row["pair_id"]: row for row in csv.DictReader(fp)}
    rows = [json.loads(line) for line in (DATA / "overlap_labels.jsonl").open(encoding="utf-8")]
    splits = ("dev",) if args.split == "dev" else ("dev", "test")
    reports: dict[str, DiffReport] = {}
    for split in splits:
        counts: Counter[tuple[str, str]] = Counter()
        for row in rows:
            if row["split"] != split:
                continue
            pair = pairs[row["pair_id"]]
            if pair["pair_id"] not in reports:
                old = load_document(args.corpus_root / pair["old_file"])
                new = load_document(args.corpus_root / pair["new_file"])
                reports[pair["pair_id"]] = compare(old, new)
            said = verdict(reports[pair["pair_id"]], row)
            counts[(row["label"], said)] += 1
            wrong = (row["label"] == "substantive") != (said == "shown")
            if args.errors == split and wrong:
                print(
                    f"[{row['pair_id']} {row['old_id']}->{row['new_id']}] gold {row['label']}, "
                    f"said {said}: {row['text']} | {row['new_text']}"
                )
        shown = sum(n for (_, s), n in counts.items() if s == "shown")
        real = sum(n for (g, _), n in counts.items() if g == "substantive")
        tp = counts[("substantive", "shown")]
        print(
            split,
            json.dumps(
                {
                    "entries": sum(counts.values()),
                    "shown_precision": round(tp / shown, 3) if shown else 1.0,
                    "substantive_recall": round(tp / real, 3) if real else 1.0,
                    "counts": {f"{g}->{s}": n for (g, s), n in sorted(counts.items())},
                }
            ),
        )


if __name__ == "__main__":
    main()
