"""``normtrace ingest`` and ``normtrace extract``: read documents, print each as it is read."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from functools import partial
from pathlib import Path

import click

from pipeline.commands.options import fail, output_option, progress
from pipeline.errors import NormtraceError
from pipeline.limits import FileBudget, budget_options, within


def _emit(lines: Iterable[str], output: Path | None) -> None:
    """Write lines to the output file or standard output."""
    with click.open_file(str(output or "-"), "w", encoding="utf-8") as fp:
        for line in lines:
            fp.write(line + "\n")


def _json_line(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text"]),
    default="json",
    show_default=True,
    help="json: one Document per line (JSON Lines).",
)
@click.option(
    "--engine",
    type=click.Choice(["pdfium", "pdfium-chars", "pdfplumber"]),
    default="pdfium",
    help="PDF text engine: pdfium (fast, by text run), pdfium-chars (its character-by-"
    "character reference) or pdfplumber (slowest reference); all feed one parser.",
)
@click.option(
    "--kind",
    type=click.Choice(["resolution", "draft", "record", "statement", "speech", "report", "other"]),
    default=None,
    help="What the files are, when you know; default: inferred from each file.",
)
@output_option
@budget_options
def ingest(
    files: tuple[Path, ...],
    fmt: str,
    engine: str,
    kind: str | None,
    output: Path | None,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """Read UN documents (PDF or text) into structured paragraphs.

    \b
    Example: normtrace ingest A_RES_73_27.txt
    Example: normtrace ingest A_RES_80_16.pdf A_C.1_80_L.20.pdf -o documents.jsonl
    """
    from pipeline.ingest import load_document
    from pipeline.report.text import format_document

    budget = FileBudget(seconds, memory_mb)
    failed = 0
    out: list[str] = []
    for path in progress(files, "reading"):
        try:
            doc = within(budget, str(path), partial(load_document, engine=engine, kind=kind), path)
        except NormtraceError as err:
            fail(str(err))
            failed += 1
            continue
        out.append(format_document(doc) if fmt == "text" else _json_line(doc.to_dict()))
    _write_or_fail(out, output)
    if failed:
        sys.exit(1)


def _write_or_fail(lines: Iterable[str], output: Path | None) -> None:
    try:
        _emit(lines, output)
    except OSError as err:
        fail(f"{output}: {err.strerror or err}")
        sys.exit(1)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json"]),
    default="json",
    show_default=True,
    help="One Document a line (JSON Lines), with entities and clauses.",
)
@click.option(
    "--model", default=None, help="Installed spaCy pipeline to run first, e.g. en_core_web_sm."
)
@output_option
@budget_options
def extract(
    files: tuple[Path, ...],
    fmt: str,
    model: str | None,
    output: Path | None,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """Find entities and clauses in UN documents; print each Document as JSON.

    \b
    Example: normtrace extract A_RES_73_27.txt
    Example: normtrace extract statements/*.txt -o entities.jsonl
    """
    from pipeline.ingest import load_document
    from pipeline.nlp.extract import default_nlp, extract_document

    try:
        nlp = default_nlp(model)
    except OSError:
        raise click.UsageError(
            f"--model: the spaCy pipeline {model!r} is not installed; install it with "
            f"'python -m spacy download {model}' (or pip install its wheel), or leave "
            "--model out to use normtrace's own components on a blank English pipeline"
        ) from None
    budget = FileBudget(seconds, memory_mb)

    def read(path: Path) -> str:
        return _json_line(extract_document(load_document(path), nlp).to_dict())

    failed, out = 0, []
    for path in progress(files, "extracting"):
        try:
            out.append(within(budget, str(path), read, path))
        except NormtraceError as err:
            fail(str(err))
            failed += 1
    _write_or_fail(out, output)
    if failed:
        sys.exit(1)
