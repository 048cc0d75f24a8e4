"""Every corpus Document as JSON in a folder, and two such folders compared (issue 26).

    python bench/all_documents.py write OUT [--corpus-root DIR] [--lines] [--engine E] [--jobs N]
    python bench/all_documents.py compare BEFORE AFTER [--ignore-new-fields]

``write`` ingests every file of the corpus's MANIFEST.csv and writes one JSON file per
input (its path with "/" as "__"): the Document's ``to_dict()``, or the one-line error.
``--lines`` also writes, for each PDF, what ``read_pdf`` gave (every line's text,
place, size, weight, markers and gap): the PDF engine's own output, which the other
ingest stages do not touch, so an engine change is checked even while the stages
move. ``compare`` lists every file that differs, is missing or is new, and exits 1
if any does: "all corpus files identical before and after" is exit status 0.

Keep both folders outside the repository (for example /tmp/nt_docs_before).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from pipeline import settings
from pipeline.errors import NormtraceError
from pipeline.ingest import load_document
from pipeline.ingest.pdf import read_pdf


def corpus_files(root: Path) -> list[str]:
    """The files of the corpus's manifest, as paths relative to ``root``."""
    with (root / "MANIFEST.csv").open(encoding="utf-8") as handle:
        return [row["file"] for row in csv.DictReader(handle)]


def _lines(path: Path, engine: str) -> Any:
    try:
        pages = read_pdf(path, engine=engine)
    except NormtraceError as err:
        return {"error": str(err)}
    return [
        {
            "number": page.number,
            "width": page.width,
            "height": page.height,
            "lines": [
                [
                    line.text,
                    line.x0,
                    line.top,
                    line.size,
                    line.bold,
                    line.markers,
                    line.gap_before,
                ]
                for line in page.lines
            ],
        }
        for page in pages
    ]


def _one(job: tuple[Path, str, Path, bool, str]) -> tuple[str, float]:
    root, name, out, lines, engine = job
    path = root / name
    start = time.perf_counter()
    record: dict[str, Any]
    try:
        record = {"document": load_document(path, engine=engine).to_dict()}
    except NormtraceError as err:
        record = {"error": str(err)}
    if lines and path.suffix.lower() == ".pdf":
        record["lines"] = _lines(path, engine)
    seconds = time.perf_counter() - start
    target = out / (name.replace("/", "__") + ".json")
    target.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True, indent=0))
    return name, seconds


def write(root: Path, out: Path, lines: bool, engine: str, jobs: int) -> int:
    """Write every corpus file's Document (and lines) into ``out``; return the file count."""
    out.mkdir(parents=True, exist_ok=True)
    names = corpus_files(root)
    work = [(root, name, out, lines, engine) for name in names]
    start = time.perf_counter()
    if jobs > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            done = list(pool.map(_one, work, chunksize=8))
    else:
        done = [_one(job) for job in work]
    slowest = sorted(done, key=lambda item: -item[1])[:3]
    print(f"{len(done)} files into {out} in {time.perf_counter() - start:.1f} s")
    print("slowest: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in slowest))
    return len(done)


def common(value: Any, other: Any) -> Any:
    """``value`` without the dictionary keys ``other`` lacks (fields added meanwhile)."""
    if isinstance(value, dict) and isinstance(other, dict):
        return {key: common(item, other[key]) for key, item in value.items() if key in other}
    if isinstance(value, list) and isinstance(other, list) and len(value) == len(other):
        return [common(a, b) for a, b in zip(value, other, strict=True)]
    return value


def compare(before: Path, after: Path, *, new_fields: bool = False) -> list[str]:
    """The names of the files that differ between two folders written by ``write``.

    With ``new_fields``, a field one side has and the other lacks (the model gained
    a field while the engine changed) is left out of the comparison.
    """
    old = {path.name for path in before.glob("*.json")}
    new = {path.name for path in after.glob("*.json")}
    problems = [f"missing after: {name}" for name in sorted(old - new)]
    problems += [f"new after: {name}" for name in sorted(new - old)]
    for name in sorted(old & new):
        a = json.loads((before / name).read_text())
        b = json.loads((after / name).read_text())
        if new_fields:
            a, b = common(a, b), common(b, a)
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                problems.append(f"differs ({key}): {name}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    writer = commands.add_parser("write", help="write every corpus Document into a folder")
    writer.add_argument("out", type=Path)
    writer.add_argument("--corpus-root", default=None)
    writer.add_argument("--lines", action="store_true", help="also the PDF engine's lines")
    writer.add_argument("--engine", default="pdfium")
    writer.add_argument("--jobs", type=int, default=1)
    comparer = commands.add_parser("compare", help="compare two folders")
    comparer.add_argument("before", type=Path)
    comparer.add_argument("after", type=Path)
    comparer.add_argument(
        "--ignore-new-fields",
        action="store_true",
        help="leave out fields only one side has (the model changed meanwhile)",
    )
    args = parser.parse_args()
    if args.command == "write":
        root = settings.corpus_root(args.corpus_root)
        if root is None:
            sys.exit("error: no corpus root (set --corpus-root or NORMTRACE_CORPUS_ROOT)")
        write(root, args.out, args.lines, args.engine, args.jobs)
        return
    problems = compare(args.before, args.after, new_fields=args.ignore_new_fields)
    total = len(list(args.before.glob("*.json")))
    for problem in problems:
        print(problem)
    print(f"{total} files before; {len(problems)} differences")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
