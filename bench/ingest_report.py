"""Accuracy report for ingestion over a folder of UN PDFs (default: the First Committee batch).

For every document: symbol, title, adoption date, paragraph counts by kind, and
paragraphs whose text still carries page furniture (job numbers, page counters,
barcodes, the document's own symbol or running title) or footnote text.

    python bench/ingest_report.py [--corpus-root DIR] [--folder REL] [--out FILE.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

from pipeline import settings
from pipeline.document import Document
from pipeline.errors import IngestError
from pipeline.ingest import load_document

BATCH = "batch/mandate_pipeline_first_committee_78-80"
_JOB = re.compile(r"\b\d{2}-\d{5}\b|\*\d{7,8}\*|Please recycle")
_COUNTER = re.compile(r"(?<![\w/])\d{1,2}/\d{1,2}(?![\w/])")


def noisy_paragraphs(doc: Document) -> list[str]:
    """Ids of paragraphs whose text carries page furniture or footnote text."""
    bad = []
    notes = [fn.text for fn in doc.footnotes if len(fn.text) > 25]
    for para in doc.paragraphs:
        text = para.text
        symbol_inside = (
            doc.symbol is not None and f" {doc.symbol} " in f" {text} " and (para.kind != "heading")
        )
        if (
            _JOB.search(text)
            or (_COUNTER.search(text) and not re.search(r"resolutions?|decisions?", text))
            or symbol_inside
            or any(note in text for note in notes)
        ):
            bad.append(para.id)
    return bad


def report(folder: Path) -> dict[str, object]:
    docs: list[dict[str, object]] = []
    totals: Counter[str] = Counter()
    failures: list[str] = []
    for path in sorted(folder.glob("*.pdf")):
        try:
            doc = load_document(path)
        except IngestError as err:
            failures.append(str(err))
            continue
        kinds = Counter(p.kind for p in doc.paragraphs)
        noisy = noisy_paragraphs(doc)
        totals.update(kinds)
        totals["paragraphs"] += len(doc.paragraphs)
        totals["noisy"] += len(noisy)
        totals["documents"] += 1
        totals["pages"] += doc.pages
        docs.append(
            {
                "file": path.name,
                "symbol": doc.symbol,
                "symbol_matches_file": (doc.symbol or "").replace("/", "_") == path.stem,
                "title": doc.title,
                "doc_type": doc.doc_type,
                "adoption_date": doc.adoption_date,
                "date": doc.date,
                "paragraphs": dict(kinds),
                "footnotes": len(doc.footnotes),
                "noisy": noisy,
            }
        )
    summary = dict(totals)
    summary["noise_share"] = round(totals["noisy"] / max(1, totals["paragraphs"]), 4)
    summary["symbols_matching_file"] = sum(bool(d["symbol_matches_file"]) for d in docs)
    summary["resolutions_with_adoption_date"] = sum(
        1 for d in docs if d["doc_type"] == "resolution" and d["adoption_date"]
    )
    summary["resolutions"] = sum(1 for d in docs if d["doc_type"] == "resolution")
    summary["with_title"] = sum(1 for d in docs if d["title"])
    return {"summary": summary, "failures": failures, "documents": docs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", default=None)
    parser.add_argument("--folder", default=BATCH)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        sys.exit("error: no corpus root (set --corpus-root or NORMTRACE_CORPUS_ROOT)")
    result = report(root / args.folder)
    print(json.dumps(result["summary"], indent=2))
    for line in result["failures"]:
        print("failed:", line)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
