"""General Debate 2018 and 2020: which States mention cyber matters, which States each names.

Reads ``batch/ungdc_general_debate/Session_73_2018`` and ``Session_75_2020`` under the
corpus root, builds the tables of ``pipeline.research.mentions.mention_tables`` and
writes ``cyber_by_speech.csv``, ``cyber_topics.csv``, ``named_states.csv`` and a short
``SUMMARY.md`` into ``--out``.

Usage:
    .venv/bin/python bench/general_debate_tables.py --out DIR [--corpus-root DIR]
        [--sessions 73 75] [--force]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from pipeline import settings
from pipeline.research.mentions import UNCLASSIFIED, MentionTables, load_speeches, mention_tables

FILES = ("cyber_by_speech.csv", "cyber_topics.csv", "named_states.csv", "SUMMARY.md")


def _markdown_table(frame: pd.DataFrame) -> str:
    """A plain Markdown table (no tabulate dependency)."""
    lines = ["| " + " | ".join(map(str, frame.columns)) + " |"]
    lines.append("|" + " --- |" * len(frame.columns))
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(str(v).replace("|", "/") for v in row) + " |")
    return "\n".join(lines)


def summarise(tables: MentionTables) -> str:
    """Return the Markdown summary: counts per session, top topics, most named States."""
    speeches, topics, named = tables.speeches, tables.topics, tables.named
    parts = ["# General Debate: cyber mentions and named States", ""]
    per_session = (
        speeches.groupby(["session", "year"])
        .agg(speeches=("state", "size"), mention_cyber=("mentions_cyber", "sum"))
        .reset_index()
    )
    parts += ["## Speeches that mention cyber matters", "", _markdown_table(per_session), ""]
    by_topic = (
        topics[topics["topic"] != UNCLASSIFIED]
        .groupby(["session", "topic"])
        .agg(speeches=("state", "size"), sentences=("sentences", "sum"))
        .reset_index()
        .sort_values(["session", "speeches"], ascending=[True, False])
    )
    parts += ["## Taxonomy topics in cyber sentences", "", _markdown_table(by_topic), ""]
    most = (
        speeches[speeches["mentions_cyber"]]
        .sort_values(["cyber_sentences", "state"], ascending=[False, True])
        .head(15)[["state", "session", "cyber_sentences", "topics"]]
    )
    parts += ["## Most cyber sentences", "", _markdown_table(most), ""]
    top_named = (
        named.groupby(["session", "named"])
        .agg(speeches=("state", "size"), mentions=("mentions", "sum"))
        .reset_index()
        .sort_values(["session", "speeches"], ascending=[True, False])
        .groupby("session")
        .head(10)
    )
    parts += ["## States named by the most speeches", "", _markdown_table(top_named), ""]
    parts += [
        "Cyber mention: a sentence with a cyber term (see `CYBER_TERMS` in",
        "`pipeline/research/mentions.py`); topics from the clause reader (topic model);",
        "named States are MEMBER_STATE and OBSERVER entities, self-mentions left out.",
        "",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Build the tables and write them; return an exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="directory to write into")
    parser.add_argument("--corpus-root", type=Path, default=None)
    parser.add_argument("--sessions", nargs="+", default=["73", "75"])
    parser.add_argument("--force", action="store_true", help="overwrite existing files")
    args = parser.parse_args(argv)
    root = settings.corpus_root(args.corpus_root)
    if root is None:
        print("no corpus root: pass --corpus-root or set NORMTRACE_CORPUS_ROOT", file=sys.stderr)
        return 2
    existing = [name for name in FILES if (args.out / name).exists()]
    if existing and not args.force:
        print(f"{args.out}: {', '.join(existing)} exist; pass --force", file=sys.stderr)
        return 1
    start = time.perf_counter()
    docs = load_speeches(root, args.sessions)
    if not docs:
        print(f"no speeches for sessions {args.sessions} under {root}", file=sys.stderr)
        return 1
    tables = mention_tables(docs)
    args.out.mkdir(parents=True, exist_ok=True)
    tables.speeches.to_csv(args.out / FILES[0], index=False)
    tables.topics.to_csv(args.out / FILES[1], index=False)
    tables.named.to_csv(args.out / FILES[2], index=False)
    (args.out / FILES[3]).write_text(summarise(tables), encoding="utf-8")
    seconds = time.perf_counter() - start
    mentioning = int(tables.speeches["mentions_cyber"].sum())
    print(
        f"{len(docs)} speeches ({mentioning} mention cyber matters), "
        f"{len(tables.named)} speaker-named pairs; {seconds:.1f} s; wrote {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
