"""Words per second of the normtrace spaCy pipeline next to spaCy's bare tokenizer.

Both run on the same paragraph texts in the same process, so the ratio is meaningful
on any machine. The pipeline runs twice in one process: with the trained topic model
(models/topic_model.npz, the default when present) and with the keyword baseline
instead (``topic_model="none"``), so the model's own cost shows. Then the full pipeline
runs again with ``nlp.pipe(n_process=2)``, and ``extract_texts`` (pipeline plus
conversion to our dataclasses) with one process and with two forked workers. Cases run
in turn within each round and each keeps its best round, so a burst of load from other
jobs on the machine does not fall on one case only.

Usage:
    .venv/bin/python bench/nlp_bench.py [--corpus-root DIR] [--speeches N] [--repeat R]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import spacy

from pipeline import settings
from pipeline.errors import NormtraceError
from pipeline.ingest import load_document
from pipeline.nlp.extract import extract_texts
from pipeline.nlp.language import build_nlp


def _texts(root: Path, speeches: int) -> list[str]:
    """Paragraph texts of the resolutions, the A/RES/80 batch and some debate speeches."""
    files = sorted((root / "resolutions").glob("*.txt"))
    files += sorted((root / "batch" / "railcar_ga_res_80").glob("*.txt"))
    files += sorted((root / "batch" / "ungdc_general_debate").rglob("*.txt"))[:speeches]
    texts: list[str] = []
    for path in files:
        try:
            texts.extend(p.text for p in load_document(path).paragraphs)
        except NormtraceError as err:
            print(f"skipped {path.name}: {err}", file=sys.stderr)
    return texts


def _best_seconds(cases: list[tuple[str, Callable[[], object]]], repeat: int) -> list[float]:
    """Run every case once per round, ``repeat`` rounds; return each case's best time."""
    best = [float("inf")] * len(cases)
    for _ in range(repeat):
        for i, (_, run) in enumerate(cases):
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def _consume(docs: Iterable[object]) -> int:
    return sum(1 for _ in docs)


def run(
    root: Path,
    speeches: int = 100,
    repeat: int = 3,
    batch_size: int = 128,
    n_process: bool = True,
) -> dict[str, Any]:
    """Time every case on the same texts; return words, and each case's best seconds.

    Returns:
        ``paragraphs``, ``words``, ``repeat``, ``topic_model`` (whether one is loaded) and
        ``cases``: name -> best seconds, the tokenizer (the baseline) first.
    """
    texts = _texts(root, speeches)
    tokenizer = spacy.blank("en").tokenizer
    nlp = build_nlp()
    keywords_only = build_nlp(topic_model="none")
    for warm in (nlp, keywords_only):
        _consume(warm.pipe(texts[:50]))  # warm-up: caches, lazy imports

    cases: list[tuple[str, Callable[[], object]]] = [
        ("spaCy tokenizer (blank en)", lambda: _consume(tokenizer.pipe(texts))),
        (
            "pipeline, topic model, 1 process",
            lambda: _consume(nlp.pipe(texts, batch_size=batch_size)),
        ),
        (
            "pipeline, keyword topics, 1 process",
            lambda: _consume(keywords_only.pipe(texts, batch_size=batch_size)),
        ),
        (
            "pipeline, topic model, n_process=2",
            lambda: _consume(nlp.pipe(texts, batch_size=batch_size, n_process=2)),
        ),
        ("extract_texts, 1 process", lambda: extract_texts(texts, nlp)),
        ("extract_texts, 2 forked workers", lambda: extract_texts(texts, nlp, n_process=2)),
    ]
    if not n_process:
        cases = [case for case in cases if "n_process" not in case[0]]
    best = _best_seconds(cases, repeat)
    return {
        "paragraphs": len(texts),
        "words": sum(len(t.split()) for t in texts),
        "repeat": repeat,
        "topic_model": nlp.get_pipe("normtrace_clauses").model is not None,
        "cases": {name: seconds for (name, _), seconds in zip(cases, best, strict=True)},
    }


def print_results(figures: dict[str, Any]) -> None:
    """Words per second of each case and its ratio to the tokenizer's."""
    if not figures["topic_model"]:
        print("no trained topic model in models/: both pipeline cases use keywords")
    words = figures["words"]
    print(f"{figures['paragraphs']} paragraphs, {words} words; best of {figures['repeat']}")
    print(f"{'case':36} {'seconds':>8} {'words/s':>10} {'vs tokenizer':>13}")
    baseline = None
    for name, seconds in figures["cases"].items():
        rate = words / seconds
        baseline = baseline or rate
        print(f"{name:36} {seconds:8.3f} {rate:10.0f} {rate / baseline:13.3f}")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print words per second and ratios; return an exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus-root", type=Path, default=None)
    parser.add_argument("--speeches", type=int, default=100, help="General Debate speeches")
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; best is kept")
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument(
        "--no-n-process", action="store_true", help="skip spaCy's n_process=2 case (slow)"
    )
    args = parser.parse_args(argv)
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        print("no corpus root: pass --corpus-root or set NORMTRACE_CORPUS_ROOT", file=sys.stderr)
        return 2
    figures = run(root, args.speeches, args.repeat, args.batch_size, not args.no_n_process)
    print_results(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
