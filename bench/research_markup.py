"""The vote chapter past 2020, from the UN's markup of the cyber resolutions (issue 23).

Usage: python bench/research_markup.py --out out/research_markup [--corpus-root DIR]

Reads the English AKN4UN files of ``akn/cyber/`` (the recorded votes are the same in all
six languages). Writes, under --out: ``tallies.csv`` and ``tallies.png`` for the
recorded votes of 2020-2023 (A/RES/75/32, 75/240, 77/37, 78/16, 78/237), each checked
against the markup's own counts; for the transitions A/RES/75/240 -> 78/237, 75/32 ->
77/37 and 77/37 -> 78/16 ``<a>_vs_<b>.json``, ``..._states.csv`` and
``..._transition.png``; and for every resolution in the folder ``<n>_sponsors.html``
(the sponsors of the draft apart from the additional sponsors) and ``sponsors.csv``.
Every file names its source: the markup files.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from pipeline import settings
from pipeline.errors import NormtraceError
from pipeline.ingest import load_document
from pipeline.report import plots
from pipeline.report.maps import write_map
from pipeline.research import tables
from pipeline.research.akn_sponsors import markup_sponsor_map, markup_sponsors
from pipeline.research.record_votes import record_votes
from pipeline.research.states import load_state_index
from pipeline.research.votes import compare_votes

RECORDED = ("A/RES/75/32", "A/RES/75/240", "A/RES/77/37", "A/RES/78/16", "A/RES/78/237")
PAIRS = (
    ("A/RES/75/240", "A/RES/78/237"),
    ("A/RES/75/32", "A/RES/77/37"),
    ("A/RES/77/37", "A/RES/78/16"),
)


def _stem(symbol: str) -> str:
    return symbol.removeprefix("A/RES/").replace("/", "_")


def write_markup_demo(out: Path, corpus: Path) -> list[Path]:
    """Write the tables, figures and maps into ``out`` and return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    folder = corpus / "akn" / "cyber"
    docs = [load_document(path) for path in sorted(folder.glob("*.en.xml"))]
    votes = record_votes([d for d in docs if d.symbol in RECORDED])
    source = "the UN's markup (AKN4UN), akn/cyber/A_RES_*.en.xml"
    written: list[Path] = []
    path = out / "tallies.csv"
    tables.tally_table(votes, RECORDED).assign(source=source).to_csv(path, index=False)
    written.append(path)
    title = f"Recorded votes in the General Assembly, 2020-2023\nSource: {source}"
    figure = plots.plot_tallies(tables.tallies(votes, RECORDED), title=title)
    written.append(plots.save_figure(figure, out / "tallies.png"))
    for res_a, res_b in PAIRS:
        result = compare_votes(votes, res_a, res_b)
        stem = f"{_stem(res_a)}_vs_{_stem(res_b)}"
        path = out / f"{stem}.json"
        payload = {**result.to_dict(), "source": source}
        path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
        path = out / f"{stem}_states.csv"
        tables.comparison_table(result, "states").assign(source=source).to_csv(path)
        written.append(path)
        figure = plots.plot_transition(result)
        # Top left: the foot of this figure holds its own summary line.
        figure.text(0.01, 0.99, f"Source: {source}", fontsize=7, color="#555555", va="top")
        written.append(plots.save_figure(figure, out / f"{stem}_transition.png"))
    index = load_state_index()
    rows = []
    for doc in docs:
        sponsors = markup_sponsors(doc)
        spec = markup_sponsor_map(
            sponsors, sorted(index.members), title=doc.title or "", names=index.names
        )
        path = out / f"{_stem(doc.symbol or 'unknown')}_sponsors.html"
        write_map(spec, path, "html")
        written.append(path)
        rows += [(doc.symbol, iso3, "draft", sponsors.source) for iso3 in sponsors.draft]
        rows += [(doc.symbol, iso3, "additional", sponsors.source) for iso3 in sponsors.additional]
    path = out / "sponsors.csv"
    pd.DataFrame(rows, columns=["resolution", "iso3", "role", "source"]).to_csv(path, index=False)
    written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, write the files, print their paths; 1 on a data error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--corpus-root", type=Path, help="corpus root (default ../shared/corpus)")
    args = parser.parse_args(argv)
    corpus = args.corpus_root or settings.corpus_root()
    if corpus is None or not (corpus / "akn" / "cyber").is_dir():
        print(f"error: {corpus}: no akn/cyber folder in the corpus root", file=sys.stderr)
        return 1
    try:
        for path in write_markup_demo(args.out, corpus):
            print(path)
    except (NormtraceError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
