"""Write the vote tables and figures for the 2018 and 2020 cyber resolutions.

Usage: python bench/research_demo.py --out out/research [--votes-dir ../shared/votes]

For the pairs A/RES/73/27 vs 73/266, A/RES/75/240 vs 75/32 and A/RES/73/27 vs 75/240
it writes, under --out: ``<a>_vs_<b>.json`` (summary), ``..._states.csv``,
``..._crosstab.csv``, ``..._groups.csv``, ``..._transition.png`` and ``..._groups.png``;
and once ``tallies.csv`` and ``tallies.png`` for the four resolutions. It prints one
line per file and checks each tally against published_tallies.csv.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from pipeline import settings
from pipeline.errors import NormtraceError
from pipeline.report import plots
from pipeline.research import tables
from pipeline.research.votes import compare_votes, load_votes

PAIRS = (
    ("A/RES/73/27", "A/RES/73/266"),
    ("A/RES/75/240", "A/RES/75/32"),
    ("A/RES/73/27", "A/RES/75/240"),
)
RESOLUTIONS = ("A/RES/73/27", "A/RES/73/266", "A/RES/75/32", "A/RES/75/240")
VOTES_FILE = "votes_cyber_2018_2020.csv"


def _stem(symbol: str) -> str:
    return symbol.removeprefix("A/RES/").replace("/", "_")


def _labels(votes_dir: Path) -> dict[str, str]:
    """Bar labels "A/RES/73/27 (RUS draft)" from the published tallies and main sponsors."""
    with (votes_dir / "published_tallies.csv").open(newline="", encoding="utf-8") as fh:
        drafts = {r["draft_symbol"]: r["symbol"] for r in csv.DictReader(fh) if r["symbol"]}
    with (votes_dir / "sponsors_partial.csv").open(newline="", encoding="utf-8") as fh:
        sponsors = {r["draft_symbol"]: r["iso3"] for r in csv.DictReader(fh)}
    return {res: f"{res}\n({sponsors[d]} draft)" for d, res in drafts.items() if d in sponsors}


def _published(votes_dir: Path) -> dict[str, tuple[int, int, int, int]]:
    with (votes_dir / "published_tallies.csv").open(newline="", encoding="utf-8") as fh:
        return {
            r["symbol"]: (int(r["yes"]), int(r["no"]), int(r["abstain"]), int(r["non_voting"]))
            for r in csv.DictReader(fh)
            if r["body"] == "plenary"
        }


def write_demo(out: Path, votes_dir: Path) -> list[Path]:
    """Write every table and figure of the demo into ``out`` and return the paths."""
    out.mkdir(parents=True, exist_ok=True)
    votes = load_votes(votes_dir / VOTES_FILE)
    written: list[Path] = []
    labels = _labels(votes_dir)
    published = _published(votes_dir)
    for t in tables.tallies(votes, RESOLUTIONS):
        counts = (t.yes, t.no, t.abstain, t.non_voting)
        status = "matches" if published.get(t.resolution) == counts else "DIFFERS from"
        print(f"{t.resolution}: {'-'.join(map(str, counts))} {status} the published tally")
    path = out / "tallies.csv"
    tables.tally_table(votes, RESOLUTIONS).to_csv(path, index=False)
    written.append(path)
    fig = plots.plot_tallies(tables.tallies(votes, RESOLUTIONS), labels=labels)
    written.append(plots.save_figure(fig, out / "tallies.png"))
    for res_a, res_b in PAIRS:
        result = compare_votes(votes, res_a, res_b)
        stem = f"{_stem(res_a)}_vs_{_stem(res_b)}"
        path = out / f"{stem}.json"
        path.write_text(json.dumps(result.to_dict(), indent=2, ensure_ascii=False) + "\n")
        written.append(path)
        for which in ("states", "crosstab", "groups"):
            path = out / f"{stem}_{which}.csv"
            tables.comparison_table(result, which).to_csv(path)
            written.append(path)
        written.append(
            plots.save_figure(plots.plot_transition(result), out / f"{stem}_transition.png")
        )
        written.append(plots.save_figure(plots.plot_groups(result), out / f"{stem}_groups.png"))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, write the demo, print the files; 1 on a data error."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument("--votes-dir", type=Path, help="votes folder (default ../shared/votes)")
    args = parser.parse_args(argv)
    # settings.votes_dir() falls back to the default when the override is missing;
    # a folder the user named must exist, so check it here.
    votes_dir = args.votes_dir if args.votes_dir is not None else settings.votes_dir()
    if votes_dir is None or not votes_dir.is_dir():
        print(
            f"error: {args.votes_dir or '../shared/votes'}: votes folder not found", file=sys.stderr
        )
        return 1
    try:
        for path in write_demo(args.out, votes_dir):
            print(path)
    except (NormtraceError, OSError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
