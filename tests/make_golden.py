"""Rewrite tests/golden/*.json from the current code (`make golden`). Review the diff!"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from golden_docs import GOLDEN_DOCS, summarise  # noqa: E402

from pipeline import settings  # noqa: E402
from pipeline.ingest import load_document  # noqa: E402

GOLDEN = Path(__file__).parent / "golden"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus-root", default=None)
    args = parser.parse_args()
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        sys.exit("error: no corpus root")
    GOLDEN.mkdir(exist_ok=True)
    for name, rel in GOLDEN_DOCS.items():
        summary = summarise(load_document(root / rel))
        path = GOLDEN / f"{name}.json"
        path.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path} ({len(summary['paragraphs'])} paragraphs)")


if __name__ == "__main__":
    main()
