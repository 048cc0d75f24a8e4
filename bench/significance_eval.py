"""Score the significance rule (``assess_change``) on the hand-labelled changes.

Reads models/data/change_labels.jsonl (see models/COMPARE.md) and prints, per split,
precision and recall of ``substantive`` (and of ``editorial``), with the counts.
``--errors dev`` lists the development set's disagreements; the test set's are never
listed, so that nobody tunes on them.

    python bench/significance_eval.py [--split dev] [--errors dev]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from pipeline.compare.classify import classify_change
from pipeline.compare.significance import assess_change

LABELS = Path(__file__).resolve().parent.parent / "models" / "data" / "change_labels.jsonl"


def rule(row: dict[str, object]) -> str:
    """The significance rule's answer for one labelled change."""
    verdict = assess_change(str(row["kind"]), str(row["old_text"]), str(row["new_text"]))
    return verdict[0] if verdict else "editorial"


def flags_baseline(row: dict[str, object]) -> str:
    """What the flags said before the rule: editorial when a reworded pair had no flag
    (the old ``wording_only``), substantive otherwise."""
    if row["kind"] in ("added", "deleted"):
        return "substantive"
    flags = classify_change(str(row["old_text"]), str(row["new_text"]))
    return "substantive" if flags else "editorial"


def score(
    rows: list[dict[str, object]], predict: Callable[[dict[str, object]], str] = rule
) -> dict[str, float | int]:
    """Precision, recall and F1 of both classes, and the confusion counts."""
    counts: Counter[tuple[str, str]] = Counter()
    for row in rows:
        counts[(str(row["label"]), predict(row))] += 1
    result: dict[str, float | int] = {"changes": len(rows)}
    for cls in ("substantive", "editorial"):
        tp = counts[(cls, cls)]
        predicted = sum(n for (_, p), n in counts.items() if p == cls)
        actual = sum(n for (g, _), n in counts.items() if g == cls)
        precision = tp / predicted if predicted else 1.0
        recall = tp / actual if actual else 1.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        result |= {
            f"{cls}_precision": round(precision, 3),
            f"{cls}_recall": round(recall, 3),
            f"{cls}_f1": round(f1, 3),
            f"{cls}_gold": actual,
        }
    result["accuracy"] = round(
        (counts[("substantive",) * 2] + counts[("editorial",) * 2]) / len(rows), 3
    )
    return result


def load(path: Path = LABELS) -> list[dict[str, object]]:
    """The labelled changes, one dict each."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--errors", choices=["dev"], help="list the dev set's disagreements")
    parser.add_argument(
        "--split", choices=["dev", "all"], default="all", help="score dev only while tuning"
    )
    args = parser.parse_args()
    rows = load()
    for split in ("dev",) if args.split == "dev" else ("dev", "test"):
        part = [r for r in rows if r["split"] == split]
        print(split, "rule", json.dumps(score(part)))
        print(split, "flags baseline", json.dumps(score(part, flags_baseline)))
    if args.errors:
        for row in rows:
            if row["split"] != "dev":
                continue
            verdict = assess_change(str(row["kind"]), str(row["old_text"]), str(row["new_text"]))
            if rule(row) != row["label"]:
                print(
                    f"\n[{row['pair_id']} {row['kind']} {row['old_ids']}->{row['new_ids']}] "
                    f"gold {row['label']} ({row['reason']}); rule: {verdict}"
                )
                print("  OLD:", str(row["old_text"])[:400])
                print("  NEW:", str(row["new_text"])[:400])


if __name__ == "__main__":
    main()
