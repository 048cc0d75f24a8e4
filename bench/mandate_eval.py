"""Score ``is_mandate`` (pipeline/compare/mandate.py) on the hand-labelled paragraphs.

Reads models/data/mandate_split.csv and models/data/mandate_labels.csv (see
models/COMPARE.md), loads each resolution from the corpus root and prints precision and
recall of "is a mandate" per split. ``--errors dev`` lists the dev disagreements; the
test ones are never listed, so that nobody tunes on them.

    python bench/mandate_eval.py --corpus-root ../shared/corpus [--split dev] [--errors dev]
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from pipeline.compare.mandate import is_mandate
from pipeline.ingest import load_document

DATA = Path(__file__).resolve().parent.parent / "models" / "data"


def main() -> None:
    """Print the figures (and the dev errors when asked)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=Path("../shared/corpus"))
    parser.add_argument("--split", choices=["dev", "all"], default="all")
    parser.add_argument("--errors", choices=["dev"])
    args = parser.parse_args()
    with (DATA / "mandate_split.csv").open(encoding="utf-8", newline="") as fp:
        files = {row["symbol"]: row["file"] for row in csv.DictReader(fp)}
    with (DATA / "mandate_labels.csv").open(encoding="utf-8", newline="") as fp:
        labels = list(csv.DictReader(fp))
    docs = {symbol: load_document(args.corpus_root / path) for symbol, path in files.items()}
    splits = ("dev",) if args.split == "dev" else ("dev", "test", "unseen")
    for split in splits:
        tp = fp_ = fn = tn = 0
        for row in labels:
            if row["split"] != split:
                continue
            gold = row["is_mandate"] == "yes"
            said = is_mandate(docs[row["symbol"]].paragraph(row["paragraph_id"]))
            tp += gold and said
            fp_ += said and not gold
            fn += gold and not said
            tn += not gold and not said
            if args.errors == split and gold != said:
                print(
                    f"[{row['symbol']} {row['paragraph_id']}] gold {row['is_mandate']}: "
                    f"{row['note']}\n  {row['text'][:300]}"
                )
        precision = tp / (tp + fp_) if tp + fp_ else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(
            split,
            json.dumps(
                {
                    "paragraphs": tp + fp_ + fn + tn,
                    "mandates": tp + fn,
                    "precision": round(precision, 3),
                    "recall": round(recall, 3),
                    "tp": tp,
                    "fp": fp_,
                    "fn": fn,
                    "tn": tn,
                }
            ),
        )


if __name__ == "__main__":
    main()
