"""bench/headline_table.py: the table of ``make bench`` built from made-up figures.

No bench runs here: each section's figures are invented (the shape ``bench/headlines.py``
collects), so every figure in the table can be checked by hand.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))

from headline_table import SECTIONS, headline_rows, markdown_table  # noqa: E402


def _build_run(files: int, driver: float, worker: float, pages_per_s: float) -> dict[str, float]:
    return {"files": files, "driver_peak_mb": driver, "worker_peak_mb": worker,
            "pages_per_s": pages_per_s}  # fmt: skip


def fake_figures(load: float) -> dict[str, Any]:
    """Every section, each measured at ``load``."""
    loads = [load, load]
    return {
        "cores": 2,
        "ingest": {
            "runs": [
                {"name": "raw pypdfium2 text", "files": 249},
                {"name": "raw pypdfium2 text (drafts)", "files": 24},
            ],
            "ratios": {
                "ingest_over_raw_pypdfium2": [0.81, 0.85],
                "ingest_over_raw_pypdfium2_cpu_time": 0.83,
                "ingest_over_raw_pypdfium2_drafts": [0.62, 0.7],
                "ingest_over_raw_pypdfium2_drafts_cpu_time": 0.64,
            },
            "load": loads,
        },
        "compare": {
            "long": {
                "characters": [160000, 159000],
                "compare_vs_difflib_chars": 0.25,
                "compare_vs_difflib_words": 1.5,
                "compare_s": 0.4,
            },
            "load": loads,
        },  # fmt: skip
        "norms": {
            "documents": 90,
            "catalogue": "gge_2015",
            "ratio": 0.5,
            "track_s": 3.0,
            "rows": 120,
            "load": loads,
        },  # fmt: skip
        "akn": {
            "pairs": 94,
            "dev": {"text_equal": 0.9, "ids_recall": 0.95},
            "test": {
                "text_equal": 0.8,
                "ids_recall": 0.85,
                "metadata_symbol": 1.0,
                "metadata_agenda_items": 0.7,
                "metadata_date": 0.9,
            },
            "seconds": {"xml": 5.0, "pdf": 20.0},
            "load": loads,
        },
        "nlp": {
            "words": 100000,
            "cases": {
                "spaCy tokenizer (blank en)": 1.0,
                "pipeline, topic model, 1 process": 8.0,
                "extract_texts, 1 process": 9.0,
                "extract_texts, 2 forked workers": 6.0,
            },
            "load": loads,
        },
        "budget": {
            "files": 80,
            "ratio_default_budget_to_none": 1.01,
            "overhead_ms_per_file": 0.5,
            "ingest_ms_per_file": 50.0,
            "load": loads,
        },  # fmt: skip
        "scaling": {
            "jobs": 2,
            "runs": {"1 process": [{"files": 249}]},
            "after_startup": 1.6,
            "whole": 1.3,
            "cpu_bound": 1.9,
            "budget_cost": 0.02,
            "budget_cpu_cost": -0.01,
            "load": loads,
        },
        "memory": {
            "1x": _build_run(125, 200.0, 700.0, 40.0),
            "4x": _build_run(500, 210.0, 720.0, 41.0),
            "16x": _build_run(2000, 300.0, 700.0, 20.0),
            "load": loads,
        },
        "build": {
            "files": 767,
            "seconds": 400.0,
            "failures": 1,
            "peak_total_mb": 1500.0,
            "second_run_s": 2.0,
            "load": loads,
        },  # fmt: skip
        "reuse": {
            "full": {"paragraphs": 30000, "lsh_s": 2.0, "brute_s": 50.0, "recall": 0.99},
            "load": loads,
        },  # fmt: skip
    }


def _row(table: str, start: str) -> str:
    [line] = [line for line in table.splitlines() if line.startswith(f"| {start}")]
    return line


def test_every_section_has_its_figures_against_its_baseline() -> None:
    table = markdown_table(fake_figures(load=0.2))
    # Each expected figure worked out by hand from the made-up numbers above.
    assert "0.81 of raw speed (CPU time 0.83)" in _row(table, "Ingest with full structure, 249")
    assert "0.62 of raw speed (CPU time 0.64)" in _row(table, "Ingest with full structure, 24 ")
    assert "0.25x difflib's time on characters" in _row(table, "Compare, long pair (160,000")
    assert "0.50x reading them" in _row(table, "Norm tracking, 90 resolutions")
    akn = _row(table, "PDF reading against")
    assert "markup read in 0.25x the PDFs' time" in akn
    assert "text equal 0.800" in akn and "metadata 0.700 at worst (agenda_items)" in akn
    assert "0.125 of the tokenizer's words/s" in _row(table, "NLP pipeline")
    assert "2 workers 1.50x 1 process" in _row(table, "NLP pipeline")
    assert "1.0% of reading" in _row(table, "Per-file budget on ingest, 80")
    scaling = _row(table, "Corpus build, 2 workers / 1 process, 249 PDFs")
    assert "1.60x after start-up" in scaling and "1.90x on idle cores" in scaling
    assert ">= 1.8 (idle)" in scaling
    assert "+2.0% time, -1.0% CPU time" in _row(table, "Per-file budget on the build")
    memory = _row(table, "Corpus build memory, 16x against 1x (2000 and 125 files)")
    assert "build process 1.50x" in memory and "largest worker 1.00x" in memory
    assert "pages/s 0.50x" in memory
    assert "second run 0.005x" in _row(table, "Corpus build, the whole root (767")
    assert "LSH 25.0x faster, recall 0.990" in _row(table, "Text reuse, 30,000")
    assert "WARNING" not in table and "busy" not in table


def test_busy_machine_is_flagged_on_the_rows_and_above_the_table() -> None:
    figures = fake_figures(load=0.2)
    figures["scaling"]["load"] = [3.5, 6.0]  # another job started during the scaling
    table = markdown_table(figures)
    assert "WARNING: machine busy" in table.splitlines()[1]
    assert "| 6.00 busy |" in _row(table, "Corpus build, 2 workers")
    assert "busy" not in _row(table, "Norm tracking")
    assert "0.20 to 6.00" in table.splitlines()[0]
    assert "sched_autogroup" not in table
    figures["scaling"]["autogroup"] = True  # why the wall-time scaling says little then
    assert "sched_autogroup" in markdown_table(figures).splitlines()[1]


@pytest.mark.parametrize("missing", ["ingest", "scaling", "reuse"])
def test_a_section_not_run_says_so(missing: str) -> None:
    figures = fake_figures(load=0.1)
    del figures[missing]
    rows = headline_rows(figures)
    assert [row.headline for row in rows if row.figure == "not run"] == [missing]
    # The section's own rows (two for ingest and scaling, one for reuse) give way to one.
    own = 2 if missing in ("ingest", "scaling") else 1
    assert len(rows) == len(headline_rows(fake_figures(load=0.1))) - own + 1
    figures["quick"] = True  # --quick leaves sections out on purpose, and says so
    assert [row.figure for row in headline_rows(figures) if "not run" in row.figure] == [
        "not run (--quick)"
    ]


def test_cells_cannot_break_the_table() -> None:
    figures = fake_figures(load=0.1)
    figures["norms"]["catalogue"] = "a|b\nc"
    line = _row(markdown_table(figures), "Norm tracking")
    assert "a\\|b c" in line
    assert line.count(" | ") == 4  # five cells
    assert set(SECTIONS) <= set(fake_figures(load=0.1))
