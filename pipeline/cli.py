"""The ``normtrace`` command line: a thin front end over the library.

Each command parses its arguments, calls one library function and prints the
result. Errors caused by input print one line naming the file and the reason.
Exit codes: 0 success, 1 some inputs failed, 2 usage error.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from pipeline import settings
from pipeline.errors import NormtraceError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--corpus-root",
    type=click.Path(file_okay=False, path_type=Path),
    envvar=settings.ENV_CORPUS_ROOT,
    help="Folder of the document corpus (default: ../shared/corpus where it exists).",
)
@click.pass_context
def cli(ctx: click.Context, corpus_root: Path | None) -> None:
    """normtrace: structured data and redlines from UN cyber documents."""
    ctx.obj = {"corpus_root": settings.corpus_root(corpus_root)}


# Shared by the commands that write one file.
_output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)


def _fail(message: str) -> None:
    click.echo(f"error: {message}", err=True)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "text"]), default="json")
@click.option(
    "--engine",
    type=click.Choice(["pdfium", "pdfplumber"]),
    default="pdfium",
    help="PDF text engine; both feed the same structure parser.",
)
def ingest(files: tuple[Path, ...], fmt: str, engine: str) -> None:
    """Read UN documents (PDF or text) into structured paragraphs.

    Example: normtrace ingest A_RES_73_27.pdf --format json
    """
    from pipeline.ingest import load_document
    from pipeline.report.text import format_document

    failed = 0
    documents = []
    for path in files:
        try:
            doc = load_document(path, engine=engine)
        except NormtraceError as err:
            _fail(str(err))
            failed += 1
            continue
        if fmt == "text":
            click.echo(format_document(doc))
        else:
            documents.append(doc.to_dict())
    if fmt == "json" and documents:
        payload = documents[0] if len(files) == 1 else documents
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


from pipeline.research.commands import sponsors as _sponsors_group  # noqa: E402
from pipeline.research.commands import votes as _votes_group  # noqa: E402

cli.add_command(_votes_group, name="votes")
cli.add_command(_sponsors_group, name="sponsors")

from pipeline.corpus.commands import corpus as _corpus_group  # noqa: E402
from pipeline.corpus.commands import serve as _serve_command  # noqa: E402

cli.add_command(_corpus_group, name="corpus")
cli.add_command(_serve_command, name="serve")

from pipeline.compare.commands import diff as _diff_command  # noqa: E402
from pipeline.compare.commands import diff_folder as _diff_folder_command  # noqa: E402
from pipeline.compare.commands import overlap as _overlap_command  # noqa: E402

cli.add_command(_diff_command, name="diff")
cli.add_command(_overlap_command, name="overlap")
cli.add_command(_diff_folder_command, name="diff-folder")


@cli.command()
@click.argument("symbols", nargs=-1, required=True)
@click.option("--lang", default="en", show_default=True, help="ar, zh, en, fr, ru or es.")
@click.option("--base-url", envvar="NORMTRACE_ODS_URL", help="Address template, {symbol} {lang}.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Cache.")
@click.option("--timeout", default=30.0, show_default=True, help="Seconds per request.")
@click.option("--retries", default=3, show_default=True, help="Retries on timeouts and 5xx.")
@click.option("--force", is_flag=True, help="Download again even if cached.")
def fetch(
    symbols: tuple[str, ...],
    lang: str,
    base_url: str | None,
    cache_dir: Path | None,
    timeout: float,
    retries: int,
    force: bool,
) -> None:
    """Download documents from the UN Official Document System into the cache; print paths.

    Example: normtrace fetch A/RES/78/16 --lang en
    """
    from pipeline.corpus.fetch import fetch_document

    failed = 0
    for symbol in symbols:
        try:
            got = fetch_document(
                symbol,
                lang,
                base_url=base_url,
                cache=cache_dir,
                timeout=timeout,
                retries=retries,
                force=force,
            )
            click.echo(got.path)
        except NormtraceError as err:
            _fail(str(err))
            failed += 1
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json"]), default="json")
@click.option(
    "--model", default=None, help="Installed spaCy pipeline to run first, e.g. en_core_web_sm."
)
def extract(files: tuple[Path, ...], fmt: str, model: str | None) -> None:
    """Find entities and clauses in UN documents; print the Document as JSON.

    Example: normtrace extract A_RES_73_27.txt --format json
    """
    from pipeline.ingest import load_document
    from pipeline.nlp.extract import default_nlp, extract_document

    try:
        nlp = default_nlp(model)
    except OSError as err:
        message = f"cannot load spaCy pipeline {model!r}"
        raise click.BadParameter(message, param_hint="--model") from err
    failed, documents = 0, []
    for path in files:
        try:
            documents.append(extract_document(load_document(path), nlp).to_dict())
        except NormtraceError as err:
            _fail(str(err))
            failed += 1
    if documents:
        payload = documents[0] if len(files) == 1 else documents
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(1)


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json", "html"]), default="csv", show_default=True
)
@_output_option
def positions(files: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """State-by-question positions (supports|opposes|mentions|unclear) with evidence.

    Example: normtrace positions A_AC.292_2025_INF_5_Rev.1.pdf --format html -o pos.html
    """
    from pipeline.research.positions_cli import run_positions

    failed = run_positions(files, fmt, output, _fail)
    if failed:
        sys.exit(1)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; ``main(["ingest", "x.pdf"])`` is testable."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="normtrace")


if __name__ == "__main__":
    main()
