"""The headline table of ``bench/headlines.py``: figures in, one Markdown table out.

Pure functions over the figures the benches return (or their JSON), so that the table
can be tested on made-up figures without running a bench. A section that did not run
gives a row saying so; a figure is always given with the baseline it is a ratio
against, measured in the same run, where one exists.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

# A 1-minute load average above this means other processes competed for the cores: the
# same threshold as the benches' own warnings.
BUSY_LOAD = 0.5
Figures = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class Row:
    """One headline: what, the figure, its baseline, the target, the load while measured."""

    headline: str
    figure: str
    baseline: str = "-"
    target: str = "-"
    load: float | None = None


def _load(section: Figures) -> float | None:
    loads = section.get("load")
    return max(loads) if loads else None


def _ingest(f: Figures) -> list[Row]:
    runs = {run["name"]: run for run in f["runs"]}
    ratios = f["ratios"]
    rows = []
    for label, raw_name, key in (
        ("First Committee PDFs", "raw pypdfium2 text", "ingest_over_raw_pypdfium2"),
        ("drafts", "raw pypdfium2 text (drafts)", "ingest_over_raw_pypdfium2_drafts"),
    ):
        median, _best = ratios[key]
        rows.append(
            Row(
                f"Ingest with full structure, {runs[raw_name]['files']} {label}",
                f"{median:.2f} of raw speed (CPU time {ratios[key + '_cpu_time']:.2f})",
                "raw pypdfium2 text, same files, interleaved rounds",
                ">= 0.8",
                _load(f),
            )
        )
    return rows


def _compare(f: Figures) -> list[Row]:
    long = f["long"]
    return [
        Row(
            f"Compare, long pair ({long['characters'][0]:,} characters, 5% edited)",
            f"{long['compare_vs_difflib_chars']:.2f}x difflib's time on characters, "
            f"{long['compare_vs_difflib_words']:.2f}x on words ({long['compare_s']:.2f} s)",
            "difflib SequenceMatcher on the same texts",
            "< 0.5 s",
            _load(f),
        )
    ]


def _norms(f: Figures) -> list[Row]:
    return [
        Row(
            f"Norm tracking, {f['documents']} resolutions against {f['catalogue']}",
            f"{f['ratio']:.2f}x reading them ({f['track_s']:.1f} s, {f['rows']} rows)",
            "reading the same files",
            "< 30 s",
            _load(f),
        )
    ]


def _akn(f: Figures) -> list[Row]:
    dev, test, seconds = f["dev"], f["test"], f["seconds"]
    metadata = {
        k.removeprefix("metadata_"): v for k, v in test.items() if k.startswith("metadata_")
    }
    worst = min(metadata, key=metadata.__getitem__) if metadata else None
    field = f", metadata {metadata[worst]:.3f} at worst ({worst})" if worst else ""
    return [
        Row(
            f"PDF reading against the UN's markup, {f['pairs']} resolutions",
            f"test: text equal {test['text_equal']:.3f}, ids recall {test['ids_recall']:.3f}"
            f"{field} (dev {dev['text_equal']:.3f}, {dev['ids_recall']:.3f}); markup read in "
            f"{seconds['xml'] / seconds['pdf']:.2f}x the PDFs' time",
            "the AKN4UN markup of the same resolutions",
            load=_load(f),
        )
    ]


def _nlp(f: Figures) -> list[Row]:
    cases = f["cases"]
    tokenizer = cases["spaCy tokenizer (blank en)"]
    pipeline = cases["pipeline, topic model, 1 process"]
    note = ""
    if "extract_texts, 2 forked workers" in cases:
        two = cases["extract_texts, 1 process"] / cases["extract_texts, 2 forked workers"]
        note = f"; extract_texts 2 workers {two:.2f}x 1 process"
    return [
        Row(
            f"NLP pipeline, {f['words']:,} words",
            f"{tokenizer / pipeline:.3f} of the tokenizer's words/s{note}",
            "spaCy's blank English tokenizer, same texts",
            load=_load(f),
        )
    ]


def _budget(f: Figures) -> list[Row]:
    share = f["overhead_ms_per_file"] / f["ingest_ms_per_file"]
    return [
        Row(
            f"Per-file budget on ingest, {f['files']} texts and PDFs",
            f"{f['ratio_default_budget_to_none']:.3f}x; its own cost "
            f"{f['overhead_ms_per_file']:.2f} ms a file ({share:.1%} of reading)",
            "no budget, same files, rounds alternating",
            load=_load(f),
        )
    ]


def _scaling(f: Figures) -> list[Row]:
    jobs, runs = f["jobs"], f["runs"]["1 process"]
    files = f"{runs[0]['files']:.0f} PDFs" if runs else "PDFs"
    return [
        Row(
            f"Corpus build, {jobs} workers / 1 process, {files}",
            f"{f['after_startup']:.2f}x after start-up (whole {f['whole']:.2f}x); "
            f"CPU time: {f['cpu_bound']:.2f}x on idle cores",
            "1 process, same files, interleaved rounds",
            ">= 1.8 (idle)",
            _load(f),
        ),
        Row(
            f"Per-file budget on the build, {jobs} workers",
            f"{f['budget_cost']:+.1%} time, {f['budget_cpu_cost']:+.1%} CPU time",
            "the same build without a budget",
            load=_load(f),
        ),
    ]


def _memory(f: Figures) -> list[Row]:
    small, large = f["1x"], f["16x"]
    return [
        Row(
            f"Corpus build memory, 16x against 1x ({large['files']:.0f} and "
            f"{small['files']:.0f} files)",
            f"build process {large['driver_peak_mb'] / small['driver_peak_mb']:.2f}x, "
            f"largest worker {large['worker_peak_mb'] / small['worker_peak_mb']:.2f}x "
            f"({large['worker_peak_mb']:.0f} MB), pages/s "
            f"{large['pages_per_s'] / small['pages_per_s']:.2f}x",
            "the 1x build",
            "flat (1.0x)",
            _load(f),
        )
    ]


def _build(f: Figures) -> list[Row]:
    return [
        Row(
            f"Corpus build, the whole root ({f['files']} files)",
            f"{f['seconds']:.0f} s, {f['failures']} failures, peak {f['peak_total_mb']:.0f} MB "
            f"(all processes); second run {f['second_run_s'] / f['seconds']:.3f}x",
            "the first run (second run: nothing changed)",
            load=_load(f),
        )
    ]


def _reuse(f: Figures) -> list[Row]:
    full = f["full"]
    return [
        Row(
            f"Text reuse, {full['paragraphs']:,} paragraphs",
            f"LSH {full['brute_s'] / full['lsh_s']:.1f}x faster, recall {full['recall']:.3f}",
            "all-pairs TF-IDF cosine, same paragraphs, same run",
            load=_load(f),
        )
    ]


SECTIONS: dict[str, Callable[[Figures], list[Row]]] = {
    "ingest": _ingest,
    "compare": _compare,
    "norms": _norms,
    "akn": _akn,
    "nlp": _nlp,
    "budget": _budget,
    "scaling": _scaling,
    "memory": _memory,
    "build": _build,
    "reuse": _reuse,
}


def headline_rows(figures: Figures) -> list[Row]:
    """One or more rows per section of ``SECTIONS``, in that order; "not run" if absent."""
    rows: list[Row] = []
    missing = "not run (--quick)" if figures.get("quick") else "not run"
    for name, make in SECTIONS.items():
        section = figures.get(name)
        if section is None:
            rows.append(Row(name, missing))
        else:
            rows += make(section)
    return rows


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table(figures: Figures) -> str:
    """The headline table with a line on the machine's load above it.

    Args:
        figures: By section name, what its bench returned plus ``load`` (the 1-minute
            load averages at its start and end); ``cores``, ``quick`` at the top.

    Returns:
        Markdown: a load line, a warning line when any section ran busy, the table.
    """
    rows = headline_rows(figures)
    loads = [row.load for row in rows if row.load is not None]
    cores = figures.get("cores", "?")
    lines = [
        "Load average (1 minute) during the sections: "
        + (f"{min(loads):.2f} to {max(loads):.2f}" if loads else "not measured")
        + f"; {cores} cores"
        + ("; --quick (fewer files and rounds)" if figures.get("quick") else "")
    ]
    if loads and max(loads) > BUSY_LOAD:
        busy = sum(load > BUSY_LOAD for load in loads)
        lines.append(
            f"WARNING: machine busy (load over {BUSY_LOAD} in {busy} of {len(loads)} rows, "
            f"median {statistics.median(loads):.2f}): wall-time ratios understate an idle "
            "machine, the scaling one most; CPU-time figures are disturbed less."
        )
        if figures.get("scaling", {}).get("autogroup"):
            lines[-1] += (
                " The kernel shares the CPU between sessions (sched_autogroup): under load "
                "the build's workers get one session's share, so its wall-time scaling "
                "tends to 1.0x; read the CPU-time figure."
            )
    lines += ["", "| headline | figure | baseline | target | load |", "|---|---|---|---|---|"]
    for row in rows:
        load = (
            "-"
            if row.load is None
            else f"{row.load:.2f}" + (" busy" if row.load > BUSY_LOAD else "")
        )
        cells = (row.headline, row.figure, row.baseline, row.target, load)
        lines.append("| " + " | ".join(_cell(cell) for cell in cells) + " |")
    return "\n".join(lines) + "\n"
