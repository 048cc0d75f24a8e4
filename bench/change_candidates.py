"""Write the changes to hand-label for each document pair (issue 11), one JSON Lines file a pair.

For every pair of ``change_pairs.csv`` the two documents are compared with
``pipeline.compare.compare`` (what ``normtrace diff`` prints) and the changes to label
are written to ``OUT/<pair_id>.jsonl``: every modified, moved, split or merged change
(a random sample of ``--max-aligned`` when there are more, seed ``--seed``), and up to
``--max-unaligned`` added and as many deleted paragraphs (a sample with the same seed
when there are more), in document order. Unchanged paragraphs are skipped. Each line
holds ``pair_id``, ``split``, ``kind``, ``old_ids``, ``new_ids``, ``old_text`` and
``new_text``; the ``flags`` and ``tokens`` of the diff are left out on purpose, so a
labeller does not see what the current rules think of the change.

A document that cannot be read is named on stderr (``error: FILE: reason``) and its
pair skipped; the other pairs are still written (exit status 1).

Usage: .venv/bin/python bench/change_candidates.py --corpus-root ../shared/corpus \
    --pairs models/data/change_pairs.csv --out DIR
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path
from typing import Any

from pipeline.compare import compare
from pipeline.document import Change
from pipeline.errors import NormtraceError
from pipeline.ingest import load_document

ALIGNED = ("modified", "moved", "split", "merged")
FIELDS = ("kind", "old_ids", "new_ids", "old_text", "new_text")


def select_changes(
    changes: tuple[Change, ...], *, max_aligned: int, max_unaligned: int, seed: int
) -> list[Change]:
    """Pick the changes of one pair to label, in document order.

    Args:
        changes: The changes of the pair's diff report.
        max_aligned: Most modified/moved/split/merged changes; a seeded sample above it.
        max_unaligned: Most added, and most deleted, paragraphs.
        seed: Seed of the samples (one ``random.Random`` per pair, so pairs are independent).

    Returns:
        The chosen changes, in the order the diff lists them.
    """
    rng = random.Random(seed)
    chosen: set[int] = set()
    groups = ((ALIGNED, max_aligned), (("added",), max_unaligned), (("deleted",), max_unaligned))
    for kinds, limit in groups:
        found = [i for i, c in enumerate(changes) if c.kind in kinds]
        chosen.update(found if len(found) <= limit else rng.sample(found, limit))
    return [changes[i] for i in sorted(chosen)]


def _row(pair: dict[str, str], change: Change) -> dict[str, Any]:
    record = change.to_dict()
    row: dict[str, Any] = {"pair_id": pair["pair_id"], "split": pair["split"]}
    row.update({field: record[field] for field in FIELDS})
    return row


def main(argv: list[str] | None = None) -> int:
    """Write ``OUT/<pair_id>.jsonl`` for every pair; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, required=True)
    parser.add_argument("--pairs", type=Path, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--max-aligned", type=int, default=40)
    parser.add_argument("--max-unaligned", type=int, default=5)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    with args.pairs.open(encoding="utf-8", newline="") as fp:
        pairs = list(csv.DictReader(fp))
    args.out.mkdir(parents=True, exist_ok=True)
    status = 0
    for pair in pairs:
        try:
            old = load_document(args.corpus_root / pair["old_file"])
            new = load_document(args.corpus_root / pair["new_file"])
        except NormtraceError as err:
            print(f"error: {err}", file=sys.stderr)
            status = 1
            continue
        changes = select_changes(
            compare(old, new).changes,
            max_aligned=args.max_aligned,
            max_unaligned=args.max_unaligned,
            seed=args.seed,
        )
        with (args.out / f"{pair['pair_id']}.jsonl").open("w", encoding="utf-8") as fp:
            for change in changes:
                fp.write(json.dumps(_row(pair, change), ensure_ascii=False) + "\n")
        print(f"{pair['pair_id']}: {len(changes)} changes", file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
