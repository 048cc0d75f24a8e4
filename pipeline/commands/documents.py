"""``normtrace ingest`` and ``normtrace extract``: read documents, print each as it is read."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial
from pathlib import Path

import click

from pipeline.commands.options import (
    StdinDocument,
    budget_options,
    fail,
    format_option,
    load_input,
    output_option,
    pick_format,
    progress,
    read_source,
    write_output,
)
from pipeline.document import DOC_KINDS
from pipeline.errors import NormtraceError
from pipeline.limits import FileBudget, collector_paused, within


def _json_line(payload: object) -> str:
    from pipeline.report.records import dumps_json

    return dumps_json(payload, lines=True).rstrip("\n")


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(["json", "text"], help="json: one Document per line (JSON Lines).")
@click.option(
    "--engine",
    type=click.Choice(["pdfium", "pdfium-chars", "pdfplumber"]),
    default="pdfium",
    help="PDF text engine: pdfium (fast, by text run), pdfium-chars (its character-by-"
    "character reference) or pdfplumber (slowest reference); all feed one parser.",
)
@click.option(
    "--kind",
    type=click.Choice(DOC_KINDS),
    default=None,
    help="What the files are, when you know; default: inferred from each file.",
)
@output_option
@budget_options
def ingest(
    files: tuple[Path, ...],
    fmt: str | None,
    engine: str,
    kind: str | None,
    output: Path | None,
    seconds: float | None,
    memory_mb: int | None,
) -> None:
    """Read UN documents (PDF or text) into structured paragraphs.

    \b
    FILE may be - to read one document from standard input.

    \b
    Example: normtrace ingest A_RES_73_27.txt
    Example: normtrace ingest A_RES_80_16.pdf A_C.1_80_L.20.pdf -o documents.jsonl
    Example: normtrace ingest - --format text < A_RES_73_27.txt
    """
    fmt = pick_format(fmt, output, ["json", "text"])
    budget = FileBudget(seconds, memory_mb)
    failed = 0
    out: list[str] = []
    # One object: one reading child, which sends back the document's line of output.
    read = partial(_read_line, engine=engine, kind=kind, fmt=fmt)
    for path in progress(files, "reading"):
        try:
            out.append(within(budget, str(path), read, read_source(path)))
        except NormtraceError as err:
            fail(str(err))
            failed += 1
    _write_lines(out, output, fmt, nothing_read=failed == len(files))
    if failed:
        sys.exit(1)


def _read_line(path: Path | StdinDocument, engine: str, kind: str | None, fmt: str) -> str:
    """One input read and written as its line of ``ingest`` output.

    Made in the reading child, like ``extract``'s: the Document pickled there and back
    (50,000 paragraphs: 0.3 s of CPU, a quarter of the command) never crosses the pipe.
    Its dicts hold no cycle either: the collector stays paused until the line is made.
    """
    from pipeline.report.text import format_document

    with collector_paused():
        doc = load_input(path, engine=engine, kind=kind)
        return format_document(doc) if fmt == "text" else _json_line(doc.to_dict())


def _write_lines(lines: Sequence[str], output: Path | None, fmt: str, nothing_read: bool) -> None:
    """Write the lines; when no input could be read, an existing -o file is left as it was."""
    if nothing_read:
        return
    write_output(output, fmt, lambda fp: fp.write("".join(line + "\n" for line in lines)))


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_option(["json"], help="One Document a line (JSON Lines), with entities and clauses.")
@click.option(
    "--model", default=None, help="Installed spaCy pipeline to run first, e.g. en_core_web_sm."
)
@output_option
@budget_options
def extract(
    files: tuple[Path, ...],
    fmt: str | None,
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
    from pipeline.nlp.extract import default_nlp, extract_document

    fmt = pick_format(fmt, output, ["json"])
    try:
        nlp = default_nlp(model)
    except OSError:
        raise click.UsageError(
            f"--model: the spaCy pipeline {model!r} is not installed; install it with "
            f"'python -m spacy download {model}' (or pip install its wheel), or leave "
            "--model out to use normtrace's own components on a blank English pipeline"
        ) from None
    budget = FileBudget(seconds, memory_mb)

    def read(path: Path | StdinDocument) -> str:
        with collector_paused():  # as in _read_line
            return _json_line(extract_document(load_input(path), nlp).to_dict())

    failed, out = 0, []
    for path in progress(files, "extracting"):
        try:
            out.append(within(budget, str(path), read, read_source(path)))
        except NormtraceError as err:
            fail(str(err))
            failed += 1
    _write_lines(out, output, fmt, nothing_read=failed == len(files))
    if failed:
        sys.exit(1)
