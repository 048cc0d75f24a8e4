"""Write the positions tables: the 2025 OEWG compendium and the 2018/2020 General Debate.

Usage: python bench/positions_report.py --out out/positions [--corpus-root DIR]

Under --out it writes, for the compendium (A/AC.292/2025/INF/5/Rev.1) and for the
General Debate speeches of 2018 and 2020: ``<name>.csv`` (long format, one row per
non-empty cell, with evidence), ``<name>.json`` and ``<name>.html``; plus
``general_debate_ict.csv`` (every speech: did it raise ICT security, with the first
sentence that did), ``codebook.csv`` (each question's definition and what its labels
mean) and ``scores.md``: precision and recall per question against the hand labels in
tests/data/positions_gold.csv, development and held-out test set side by side (split
by document and speaker in models/data/positions_split.csv), and every disagreement.
It prints one line per file and the scores.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections.abc import Sequence
from pathlib import Path, PurePath

from pipeline import settings
from pipeline.document import Document
from pipeline.ingest import load_document
from pipeline.report.positions import (
    write_codebook_csv,
    write_positions_csv,
    write_positions_html,
    write_positions_json,
)
from pipeline.research.positions import PositionTable, extract_positions
from pipeline.research.positions_eval import Score, load_gold, load_split, score_positions

COMPENDIUM = "statements/A_AC.292_2025_INF_5_Rev.1.pdf"
GENERAL_DEBATE = "batch/ungdc_general_debate"
ISRAEL = "statements/ISR_2020_Schondorf_international_law_cyber_operations.txt"
REPO = Path(__file__).resolve().parent.parent
GOLD = REPO / "tests" / "data" / "positions_gold.csv"
SPLIT = REPO / "models" / "data" / "positions_split.csv"


def _write(table: PositionTable, out: Path, name: str, title: str, ict: bool) -> None:
    for suffix, writer in (("csv", write_positions_csv), ("json", write_positions_json)):
        path = out / f"{name}.{suffix}"
        with path.open("w", encoding="utf-8", newline="") as fp:
            writer(table, fp)
        print(path)
    path = out / f"{name}.html"
    with path.open("w", encoding="utf-8") as fp:
        write_positions_html(table, fp, title=title, ict_column=ict)
    print(path)


def _write_ict(table: PositionTable, path: Path) -> None:
    cells = {p.statement_id: p for p in table.positions if p.question == "ict_security"}
    with path.open("w", encoding="utf-8", newline="") as fp:
        writer = csv.writer(fp, lineterminator="\n")
        writer.writerow(["source", "iso3", "actor", "raised_ict", "questions", "first_sentence"])
        for info in table.statements:
            touched = sorted(
                {
                    p.question
                    for p in table.positions
                    if p.statement_id == info.id and p.question != "ict_security"
                }
            )
            cell = cells.get(info.id)
            writer.writerow(
                [
                    info.source,
                    info.iso3 or "",
                    info.actor,
                    int(info.raised_ict),
                    " ".join(touched),
                    cell.evidence[0].text if cell else "",
                ]
            )
    print(path)


def _cells(s: Score) -> str:
    return (
        f"{s.stance_precision} | {s.stance_recall} | {s.detect_precision} | "
        f"{s.detect_recall} | {s.stance_gold}"
    )


def _scores(table: PositionTable, path: Path) -> str:
    gold = load_gold(GOLD)
    split = load_split(SPLIT)
    parts = {name: {k for k, v in split.items() if v == name} for name in ("dev", "test")}
    lines = ["# Positions against the hand labels", ""]
    for analysed_only in (True, False):
        scope = "statements the program reads" if analysed_only else "all labelled statements"
        found = {
            name: score_positions(table, gold, analysed_only=analysed_only, keep=keep)
            for name, keep in parts.items()
        }
        lines += [
            f"## {scope}: development | test",
            "",
            "| question | dev stance P | dev stance R | dev detect P | dev detect R | dev gold "
            "sup/opp | test stance P | test stance R | test detect P | test detect R | "
            "test gold sup/opp |",
            "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        dev, test = found["dev"][0], found["test"][0]
        for q in dev:
            lines.append(f"| {q} | {_cells(dev[q])} | {_cells(test[q])} |")
        missing = found["dev"][1] + found["test"][1]
        lines += ["", f"Gold statements not found: {missing or 'none'}", ""]
    lines += [
        "## Disagreements",
        "",
        "| set | source | actor | question | gold | program | read | sentence | note |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, keep in parts.items():
        scores, _ = score_positions(table, gold, analysed_only=False, keep=keep)
        for s in scores.values():
            for d in s.disagreements:
                sentence = d.sentence.replace("|", "/")[:200]
                lines.append(
                    f"| {name} | {d.source} | {d.actor} | {d.question} | {d.gold} | "
                    f"{d.predicted} | {'yes' if d.analysed else 'no'} | {sentence} | {d.note} |"
                )
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    print(path)
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Write the tables; return 0, or 2 when the corpus root is missing."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--corpus-root", type=Path, default=None)
    args = parser.parse_args(argv)
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        print("error: no corpus root (set NORMTRACE_CORPUS_ROOT)", file=sys.stderr)
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    compendium = extract_positions([load_document(root / COMPENDIUM)])
    _write(
        compendium, out, "compendium", "2025 OEWG compendium: explanations of position", ict=False
    )
    israel = extract_positions([load_document(root / ISRAEL)])
    _write(
        israel, out, "israel_2020", "Israel 2020: international law and cyber operations", ict=False
    )
    with (out / "codebook.csv").open("w", encoding="utf-8", newline="") as fp:
        write_codebook_csv(fp, ict=True)
    print(out / "codebook.csv")
    speeches: list[Document] = [
        load_document(path) for path in sorted((root / GENERAL_DEBATE).glob("Session_*/*.txt"))
    ]
    debate = extract_positions(speeches)
    _write(debate, out, "general_debate", "General Debate 2018 and 2020: ICT security", ict=True)
    _write_ict(debate, out / "general_debate_ict.csv")
    labelled = {g.source for g in load_gold(GOLD)}
    # One extraction over every labelled document, so statement ids are unique.
    scored = extract_positions(
        [
            load_document(root / COMPENDIUM),
            load_document(root / ISRAEL),
            *(d for d in speeches if PurePath(d.source or "").stem in labelled),
        ]
    )
    print(_scores(scored, out / "scores.md"))
    raised = [s for s in debate.statements if s.raised_ict]
    print(f"General Debate: {len(raised)} of {len(debate.statements)} speeches raise ICT security")
    return 0


if __name__ == "__main__":
    sys.exit(main())
