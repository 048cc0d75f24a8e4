"""Rewrite tests/golden/diff_*.json from the current compare code (`make golden`).

Each golden is the compact form of ``compare(old, new)`` on a real pair of the
corpus: the summary counts and, per change, its kind, paragraph ids and flags.
Every change in these files was checked by reading both documents; review the
git diff of tests/golden/ before committing a regenerated file.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline import settings  # noqa: E402
from pipeline.compare import compare  # noqa: E402
from pipeline.document import (
    CHANGE_KINDS,  # noqa: E402
    DiffReport,  # noqa: E402
)

GOLDEN = Path(__file__).parent / "golden"
BATCH = "batch/mandate_pipeline_first_committee_78-80"

# name -> (old, new), paths relative to the corpus root.
GOLDEN_DIFFS: dict[str, tuple[str, str]] = {
    # The two competing 2018 resolutions (OEWG text, GGE text).
    "diff_A_RES_73_27__A_RES_73_266": (
        "resolutions/A_RES_73_27.txt",
        "resolutions/A_RES_73_266.txt",
    ),
    # The OEWG resolution two years on: the norms list dropped, the agenda moved.
    "diff_A_RES_73_27__A_RES_75_240": (
        "resolutions/A_RES_73_27.txt",
        "resolutions/A_RES_75_240.txt",
    ),
    # The merged 2021 resolution welcoming both groups' reports.
    "diff_A_RES_75_240__A_RES_76_19": (
        "resolutions/A_RES_75_240.txt",
        "resolutions/A_RES_76_19.txt",
    ),
    # Singapore's draft, adopted without change.
    "diff_A_C.1_80_L.20__A_RES_80_16": (
        "drafts/A_C.1_80_L.20.pdf",
        "resolutions/A_RES_80_16.pdf",
    ),
    # Lethal autonomous weapons systems: two preambular paragraphs reworded.
    "diff_A_C.1_80_L.41__A_RES_80_57": (f"{BATCH}/A_C.1_80_L.41.pdf", f"{BATCH}/A_RES_80_57.pdf"),
    # Disarmament Commission: the organizational session's date and mode changed.
    "diff_A_C.1_80_L.48__A_RES_80_66": (f"{BATCH}/A_C.1_80_L.48.pdf", f"{BATCH}/A_RES_80_66.pdf"),
    # "States parties" capitalised as "States Parties" in three paragraphs: no change.
    "diff_A_C.1_80_L.52__A_RES_80_52": (f"{BATCH}/A_C.1_80_L.52.pdf", f"{BATCH}/A_RES_80_52.pdf"),
    # "Non- Proliferation" broken at a line end in the draft: no change.
    "diff_A_C.1_80_L.1__A_RES_80_17": (f"{BATCH}/A_C.1_80_L.1.pdf", f"{BATCH}/A_RES_80_17.pdf"),
    # "non- governmental" broken at a line end in the draft: no change.
    "diff_A_C.1_80_L.33__A_RES_80_60": (f"{BATCH}/A_C.1_80_L.33.pdf", f"{BATCH}/A_RES_80_60.pdf"),
}


def golden_form(report: DiffReport) -> dict[str, Any]:
    """Return the compact, JSON-ready form of a report that the goldens hold.

    Args:
        report: A comparison of two real documents.

    Returns:
        ``old`` and ``new`` symbols, ``summary`` (counts by kind, similarity, flag
        counts) and ``changes`` (kind, old_ids, new_ids, flags), in report order.
    """
    summary = report.summary
    return {
        "old": report.old.symbol,
        "new": report.new.symbol,
        "summary": {
            **{kind: summary[kind] for kind in CHANGE_KINDS},
            "similarity": summary["similarity"],
            "flags": summary["flags"],
        },
        "changes": [
            {
                "kind": change.kind,
                "old_ids": list(change.old_ids),
                "new_ids": list(change.new_ids),
                "flags": list(change.flags),
            }
            for change in report.changes
        ],
    }


def golden_diff(root: Path, name: str) -> dict[str, Any]:
    """Compare the pair named ``name`` (a key of GOLDEN_DIFFS) and return its golden form."""
    from pipeline.ingest import load_document

    old, new = GOLDEN_DIFFS[name]
    return golden_form(compare(load_document(root / old), load_document(root / new)))


def dumps(golden: dict[str, Any]) -> str:
    """Serialise a golden: one change per line, so that a git diff reads change by change."""
    head = {k: v for k, v in golden.items() if k != "changes"}
    lines = json.dumps(head, indent=1, ensure_ascii=False)[:-2]
    changes = ",\n  ".join(json.dumps(c, ensure_ascii=False) for c in golden["changes"])
    return f'{lines},\n "changes": [\n  {changes}\n ]\n}}\n'


def main() -> None:
    """Rewrite every golden diff from the corpus root."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus-root", default=None)
    args = parser.parse_args()
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        sys.exit("error: no corpus root")
    GOLDEN.mkdir(exist_ok=True)
    for name in GOLDEN_DIFFS:
        golden = golden_diff(root, name)
        path = GOLDEN / f"{name}.json"
        path.write_text(dumps(golden), encoding="utf-8")
        print(f"wrote {path} ({len(golden['changes'])} changes)")


if __name__ == "__main__":
    main()
