"""Compare on long generated inputs (issue 27): wall time and peak memory of each case.

Each case runs in a child process, its time measured by the OS (``os.wait4``), its peak
memory read by the child itself (``VmHWM``: ``ru_maxrss`` would also count the memory of
this process, which ``compare_bench.py`` has filled with documents before forking), and
killed at ``--timeout`` seconds (printed as "over N s"). The cases:

- align N shuffled: N tiny paragraphs ("Decides to keep item <random number> under
  review.") against the same shuffled; "edited": every new one reworded ("hold" for
  "keep"), so none pairs exactly; "repeated": numbers from 1,000, each text about
  N/1,000 times a side; "unrelated": twelve words drawn from 50,000 a paragraph;
- compare 20,000 shuffled: the whole ``compare`` (redlines, flags, significance) without
  the overlap search, and with it (``overlap_words`` as the command has it); the whole
  ``compare`` of 20,000 and 50,000 unrelated paragraphs a side, and of 50,000 shuffled
  with one reworded (its old paragraph and it are the only ones not settled);
- redline 1 MB: one paragraph of 1 MB (nine words drawn at random) against a copy with
  300 words changed, and against another such paragraph;
- compare one paragraph: the whole ``compare`` of two one-paragraph texts: 1 MB of nine
  words, 300 changed or unrelated; 1.6 MB of words drawn from 50,000 (every word held a
  few times a side: an exact Indel distance was 60 s a cell); 1 MB of nine words in lower
  case (no names, so significance reads every edit) with "the assembly" replaced
  throughout (plain difflib in significance ran past 10 minutes).

Before this work (same machine, shared): align 20,000 shuffled past 300 s and 12.5 GB
through the command; 5,000 edited 358 s and 7.0 GB; redline 1 MB 41-51 s (issue 27).
Before the one-paragraph work (CPU seconds, load 6-9): compare 1 MB edited 8.5 s,
unrelated 7.4 s, 1.6 MB of 50,000 words past 150 s, the lower-case pair past 100 s;
after: 2.8, 2.3, 7.5 and 2.6 s.
Before and after the candidate cells were named once a whole alignment, with numpy
(CPU seconds and peak MB, each case in a child, interleaved, load 0.9-1.5 on 2 cores):
align 20,000 unrelated a side 9.1 s 358 MB -> 2.9 s 259 MB; 50,000 unrelated 33.4 s
853 MB -> 9.8 s 522 MB (920 MB before the cells were measured in pieces, as int32);
20,000 shuffled 1.37 -> 1.14 s; 50,000 shuffled 2.8 -> 2.3 s; 20,000 edited and
compare 20,000 shuffled unchanged (1.6 and 1.8 s). ``normtrace diff`` of 20,000
unrelated paragraphs a side from outside: 18.4 s -> 11.9 s wall, 410 -> 370 MB (the
overlap search is now most of it: 5.1 s of compare's 8.9 s in process).
The overlap search indexing and searching only the paragraphs that share a bigram (CPU
seconds and peak MB, main and this in turn, each in a child, load 7.5-11 on 2 cores):
compare 20,000 unrelated a side 11.6 s 344 MB -> 6.8 s 259 MB; 50,000 30.6 s 747 MB
-> 18.9 s 525 MB; 50,000 shuffled, one reworded 10.2 s 378 MB -> 7.9 s 296 MB; 20,000
shuffled with overlaps 2.7 -> 2.3 s; the align cases unchanged (within 7%).

The candidate cells no longer named when no pair can share the words a step needs
(``blocking.may_share``), with the quicker tokeniser, chain and greedy (compare + JSON in
process, CPU, median of 3 interleaved child runs, load 4.4-4.8): ``diff`` inputs of 20,000
unrelated paragraphs a side 5.29 -> 3.71 s, 30,000 tiny near-identical (the hostile
round's) 5.19 -> 4.03 s, 50,000 shuffled 4.22 -> 3.30 s.

Usage: .venv/bin/python bench/compare_scale.py [--timeout 120] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path
from typing import Any

GENERATORS = """
import json, random
from pipeline.document import Document, Paragraph

def doc(texts):
    paragraphs = tuple(
        Paragraph(id=f"para_{n}", kind="operative", number=str(n), text=t, page=1, index=n - 1)
        for n, t in enumerate(texts, 1)
    )
    return Document(symbol="A/RES/0/1", title="t", doc_type="resolution", paragraphs=paragraphs)

def tiny(n, seed=1, numbers=10**6, edit=False):
    rng = random.Random(seed)
    old = [f"Decides to keep item {rng.randrange(numbers)} under review." for _ in range(n)]
    new = [p.replace("keep", "hold") if edit else p for p in old]
    rng.shuffle(new)
    return doc(old), doc(new)

WORDS = ["cyber", "security", "the", "Assembly", "States", "norms", "of", "and", "France"]

def line(chars, seed):
    rng = random.Random(seed)
    out, size = [], 0
    while size < chars:
        out.append(rng.choice(WORDS))
        size += len(out[-1]) + 1
    return " ".join(out)

def unrelated(n, seed=1):
    rng = random.Random(seed)
    vocabulary = [f"w{k}" for k in range(50000)]
    make = lambda: " ".join(rng.choice(vocabulary) for _ in range(12))
    return doc([make() for _ in range(n)]), doc([make() for _ in range(n)])

def one_changed(n, seed=1):
    old, new = tiny(n, seed)
    texts = [p.text for p in new.paragraphs]
    texts[5] = texts[5].replace("keep", "hold")
    return old, doc(texts)

def wide(chars, seed):
    rng = random.Random(seed)
    return " ".join(f"w{rng.randrange(50000)}" for _ in range(chars // 7))

def edited(text, seed=5, count=300):
    rng = random.Random(seed)
    words = text.split()
    for _ in range(count):
        words[rng.randrange(len(words))] = rng.choice(["inserted", "changed", ""])
    return " ".join(w for w in words if w)
"""

ALIGN = """
from collections import Counter
from pipeline.compare.align import align_paragraphs
old, new = {make}
found = align_paragraphs(old.paragraphs, new.paragraphs)
print(json.dumps(dict(Counter(a.kind for a in found))))
"""

COMPARE = """
from pipeline.compare import compare
old, new = tiny(20000)
report = compare(old, new, overlap_words={overlap})
print(json.dumps({{k: report.summary[k] for k in ("unchanged", "moved", "modified")}}))
"""

# The whole ``compare``, overlap search included, of the two texts ``make`` gives.
COMPARE_MADE = """
from pipeline.compare import compare
old, new = {make}
report = compare(old, new)
kinds = ("unchanged", "moved", "modified", "added", "deleted", "overlap_count")
print(json.dumps({{k: report.summary[k] for k in kinds}}))
"""

REDLINE = """
from pipeline.compare.redline import redline, side
old = line(1_000_000, 1)
new = {new}
runs = redline(old, new)
assert side(runs, "old") == old and side(runs, "new") == new
print(json.dumps({{"runs": len(runs)}}))
"""

ONE = """
from pipeline.compare import compare
old = line(1_000_000, 1)
report = compare(doc([{old}]), doc([{new}]))
print(json.dumps({{k: report.summary[k] for k in ("modified", "added", "deleted", "similarity")}}))
"""

CASES = {
    "align 20,000 shuffled": ALIGN.format(make="tiny(20000)"),
    "align 20,000 edited": ALIGN.format(make="tiny(20000, edit=True)"),
    "align 20,000 repeated": ALIGN.format(make="tiny(20000, numbers=1000)"),
    "align 50,000 shuffled": ALIGN.format(make="tiny(50000)"),
    "align 20,000 unrelated a side": ALIGN.format(make="unrelated(20000)"),
    "align 50,000 unrelated a side": ALIGN.format(make="unrelated(50000)"),
    "compare 20,000 shuffled, no overlaps": COMPARE.format(overlap="None"),
    "compare 20,000 shuffled, overlaps": COMPARE.format(overlap=5),
    "compare 20,000 unrelated a side": COMPARE_MADE.format(make="unrelated(20000)"),
    "compare 50,000 unrelated a side": COMPARE_MADE.format(make="unrelated(50000)"),
    "compare 50,000 shuffled, one changed": COMPARE_MADE.format(make="one_changed(50000)"),
    "redline 1 MB, 300 words changed": REDLINE.format(new="edited(old)"),
    "redline 1 MB, unrelated": REDLINE.format(new="line(1_000_000, 2)"),
    "compare one paragraph, 1 MB edited": ONE.format(old="old", new="edited(old)"),
    "compare one paragraph, 1 MB unrelated": ONE.format(old="old", new="line(1_000_000, 2)"),
    "compare one paragraph, 1.6 MB of 50,000 words": ONE.format(
        old="wide(1_600_000, 1)", new="wide(1_600_000, 2)"
    ),
    "compare one paragraph, 1 MB a pair replaced": ONE.format(
        old="old.lower()", new="old.lower().replace(' the assembly ', ' changed ')"
    ),
}


# The child's own peak memory in KiB, printed after its answer.
PEAK = """
print(next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")))
"""


def run(code: str, timeout: float, cwd: Path | None = None) -> dict[str, Any]:
    """Run ``code`` in a child; return its wall and CPU seconds, peak MB, last line.

    The one runner of the long compare cases: tests/test_compare_scale.py runs its own
    through it too. ``code`` prints its answer last; the child is killed at ``timeout``
    seconds and runs in ``cwd`` (default: this process's), where it imports ``pipeline``.
    """
    with tempfile.TemporaryFile() as out:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-c", code + PEAK], stdout=out, cwd=cwd)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.monotonic() - start
        out.seek(0)
        lines = out.read().decode("utf-8", errors="replace").strip().splitlines()
    finished = os.waitstatus_to_exitcode(status) == 0 and len(lines) >= 2
    return {
        "seconds": round(seconds, 2),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
        "peak_mb": round(int(lines[-1]) / 1024) if finished else None,
        "finished": finished,
        "answer": lines[-2] if finished else None,
    }


def main(argv: list[str] | None = None) -> int:
    """Run every case; print a table; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds a case")
    parser.add_argument("--json", type=Path, default=None, help="also write results here")
    args = parser.parse_args(argv)
    load = os.getloadavg()[0]
    print(f"load average {load:.2f} on {os.cpu_count()} cores", end="")
    print(" (the machine was busy: figures are not to be trusted)" if load > 0.5 else "")
    results = {}
    for name, body in CASES.items():
        result = results[name] = run(GENERATORS + textwrap.dedent(body), args.timeout)
        took = f"{result['seconds']:.1f} s"
        if not result["finished"]:
            took = "failed" if result["seconds"] < args.timeout else f"over {args.timeout:.0f} s"
        cpu = f"{result['cpu_s']:.1f} s CPU"
        peak = "-" if result["peak_mb"] is None else result["peak_mb"]
        print(f"{name:38} {took:>9} {cpu:>11} {peak:>5} MB  {result['answer'] or ''}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
