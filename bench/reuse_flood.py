"""The near-duplicate flood of issue 27: many distinct but similar paragraphs in a corpus.

    python bench/reuse_flood.py [--paragraphs N] [--documents N] [--words N] [--module FILE]
    python bench/reuse_flood.py --paragraphs 18000 --documents 2 --words 9 --against OLD --rounds 3
    python bench/reuse_flood.py --corpus DIR [--copies 2200]
    python bench/reuse_flood.py --corpus DIR --near --paragraphs 18000 --words 9

One mandate paragraph, each copy with two of its words replaced at random from a small
vocabulary and a number of its own: every copy is distinct, and each pair of copies
shares most of its word shingles, so MinHash LSH puts them in common buckets. The
copies are spread over dated documents, as ``find_reuse_counted`` takes them from a
store. Prints the pairs found and what was capped, and the CPU seconds in process
with the load average; run it under ``/usr/bin/time -v`` for time and peak memory from
outside. ``--module`` reads ``find_reuse_counted`` from another copy of ``reuse.py``
(an older version, say); ``--against OLD`` runs OLD's and this tree's in turn,
``--rounds`` times (the order swapped each round, as the load changes), and prints the
CPU ratio of each round and whether the pairs are the same.

``--corpus DIR`` writes the issue's other case instead, to build from outside: two
resolutions (2018 and 2020) of one mandate paragraph repeated ``--copies`` times each
(720 KB a text; the issue's were 570-610 KB), then ``normtrace corpus build DIR`` and
``normtrace corpus lineage A/RES/75/240``. With ``--near`` the two resolutions hold the
flood's copies instead (the first half in the older), each copy ``--words`` words of the
mandate and its number: ``--paragraphs 18000 --words 9`` is the short case (18,000
ten-word paragraphs, 1.3 MB).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

MANDATE = (
    "Decides to convene, starting in 2021, an open-ended working group on security of and "
    "in the use of information and communications technologies, acting on a consensus "
    "basis, to continue, as a priority, to further develop the rules, norms and principles "
    "of responsible behaviour of States and the ways for their implementation"
)
VOCABULARY = (
    "regional global national further shared common technical legal voluntary binding "
    "practical effective inclusive transparent open secure stable peaceful accessible "
    "capacity confidence cooperation dialogue exchange review study report"
).split()


def flood(
    paragraphs: int, documents: int, seed: int = 27, words: int | None = None
) -> list[tuple[str, int, str]]:
    """``paragraphs`` distinct similar texts as (text, document, date), in document order.

    Each is a copy of MANDATE's first ``words`` words (None: all 46) and a number.
    """
    rng = random.Random(seed)
    words = MANDATE.split()[:words]
    out = []
    for n in range(paragraphs):
        copy = list(words)
        for _ in range(2):
            copy[rng.randrange(len(copy))] = rng.choice(VOCABULARY)
        copy.insert(rng.randrange(len(copy)), str(n))  # distinct: a number of its own
        doc = n * documents // paragraphs
        out.append((" ".join(copy), doc, f"{2000 + doc}-12-05"))
    return out


def write_corpus(folder: Path, bodies: tuple[list[str], list[str]]) -> list[Path]:
    """Two dated resolutions, the older of the paragraphs ``bodies[0]``, the newer of
    ``bodies[1]``, as text files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for (name, symbol, date), body in zip(
        (
            ("old.txt", "A/RES/73/27", "5 December 2018"),
            ("new.txt", "A/RES/75/240", "31 December 2020"),
        ),
        bodies,
        strict=True,
    ):
        head = (
            f"United Nations\n{symbol}\n\nGeneral Assembly\nDistr.: General\n{date}\n\n"
            f"Resolution adopted by the General Assembly\non {date}\n\nThe General Assembly,\n\n"
        )
        path = folder / name
        path.write_text(head + "".join(f"{text},\n\n" for text in body), encoding="utf-8")
        written.append(path)
    return written


def _module(path: Path | None) -> ModuleType:
    if path is None:
        import pipeline.corpus.reuse

        return pipeline.corpus.reuse
    spec = importlib.util.spec_from_file_location("reuse_under_test", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _run(reuse: ModuleType, texts: list[tuple[str, int, str]]) -> tuple[list[Any], Any, float]:
    """``find_reuse_counted`` of ``reuse`` on the flood: pairs, counts, CPU seconds."""
    items = [
        reuse.Item(key=k, doc=doc, symbol=f"A/RES/{doc}/1", date=date, text=text)
        for k, (text, doc, date) in enumerate(texts)
    ]
    start = time.process_time()
    pairs, counts = reuse.find_reuse_counted(items)
    return pairs, counts, time.process_time() - start


def main() -> None:
    """Generate the flood, find its reuse, print what came out."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--documents", type=int, default=10)
    parser.add_argument("--module", type=Path, help="another reuse.py to run")
    parser.add_argument("--against", type=Path, help="another reuse.py to alternate with")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--corpus", type=Path, help="write the two texts of copies here")
    parser.add_argument("--copies", type=int, default=2200)
    parser.add_argument("--words", type=int, help="words of the mandate a copy (default all)")
    parser.add_argument("--near", action="store_true", help="--corpus of the flood's copies")
    args = parser.parse_args()
    if args.corpus:
        if args.near:
            texts = flood(args.paragraphs, 2, words=args.words)
            bodies = ([t for t, doc, _ in texts if doc == 0], [t for t, doc, _ in texts if doc])
        else:
            bodies = ([MANDATE] * args.copies, [MANDATE] * args.copies)
        for path in write_corpus(args.corpus, bodies):
            print(f"{path}: {path.stat().st_size:,} bytes")
        return
    texts = flood(args.paragraphs, args.documents, words=args.words)
    if args.against is None:
        pairs, counts, seconds = _run(_module(args.module), texts)
        print(f"{len(texts):,} paragraphs in {args.documents} documents: {len(pairs):,} pairs")
        print(f"counts: {counts}")
        print(f"find_reuse_counted: {seconds:.2f} s CPU in process, load {os.getloadavg()[0]:.1f}")
        return
    versions = {"old": _module(args.against), "new": _module(None)}
    found: dict[str, list[Any]] = {}
    for round_ in range(args.rounds):
        cpu = {}
        for name in ("old", "new") if round_ % 2 == 0 else ("new", "old"):
            pairs, counts, cpu[name] = _run(versions[name], texts)
            found.setdefault(name, pairs)
            print(f"{name}: {cpu[name]:.2f} s CPU, {len(pairs):,} pairs, {counts}")
            del pairs
        ratio = cpu["old"] / cpu["new"]
        print(f"round {round_ + 1}: old/new {ratio:.2f}, load {os.getloadavg()[0]:.1f}")
    print(f"same pairs: {found['old'] == found['new']}")


if __name__ == "__main__":
    main()
