"""The ``normtrace`` command line: a thin front end over the library.

Each command parses its arguments, calls one library function and prints the
result. Conventions (README "Conventions"; tests/test_cli_conventions.py walks them):

- every error is one line ``error: FILE: reason`` on stderr, never a traceback;
- exit codes: 0 success, 1 some inputs failed (the rest of the batch goes on),
  2 usage error;
- ``-o FILE`` wherever a command writes; ``--version``;
- a command that reads several files prints JSON Lines: one JSON object per input
  (per step of a diff chain), the same shape for one input as for many;
- progress on standard error for long runs, only when it is a terminal.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import click

from pipeline import settings
from pipeline.cli_options import fail, output_option, progress
from pipeline.errors import NormtraceError
from pipeline.limits import FileBudget, budget_options, within


class NormtraceGroup(click.Group):
    """A click group whose every error is one line starting ``error:``."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode, **extra)
        try:
            return super().main(args, prog_name, complete_var, False, **extra)
        except click.UsageError as err:
            if err.ctx is not None:
                click.echo(err.ctx.get_usage(), err=True)
            fail(err.format_message())
            sys.exit(err.exit_code)
        except click.ClickException as err:
            fail(err.format_message())
            sys.exit(err.exit_code)
        except NormtraceError as err:
            fail(str(err))
            sys.exit(1)
        except (click.Abort, KeyboardInterrupt):
            fail("interrupted")
            sys.exit(1)


@click.group(cls=NormtraceGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="normtrace", message="normtrace %(version)s")
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


def _emit(lines: Iterable[str], output: Path | None) -> None:
    """Write lines to the output file or standard output."""
    with click.open_file(str(output or "-"), "w", encoding="utf-8") as fp:
        for line in lines:
            fp.write(line + "\n")


def _json_line(payload: object) -> str:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"))


@cli.command()
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


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from pipeline.corpus.fetch import check_base_url

    if value is not None and (problem := check_base_url(value)):
        raise click.BadParameter(f"{value!r} {problem}")
    return value


def _check_timeout(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not (0 < value < float("inf")):  # also refuses nan
        raise click.BadParameter(f"{value:g} is not a number of seconds over 0")
    return value


@cli.command()
@click.argument("symbols", nargs=-1, required=True)
@click.option("--lang", default="en", show_default=True, help="ar, zh, en, fr, ru or es.")
@click.option(
    "--base-url",
    envvar="NORMTRACE_ODS_URL",
    callback=_check_base_url,
    help="http(s) address template with {symbol}, and optionally {lang}.",
)
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), help="Cache.")
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    callback=_check_timeout,
    help="Seconds for each document, retries included.",
)
@click.option(
    "--retries", default=3, show_default=True, type=click.IntRange(min=0), help="On 5xx, timeouts."
)
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
            fail(str(err))
            failed += 1
    if failed:
        sys.exit(1)


@cli.command()
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


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json", "html"]), default="csv", show_default=True
)
@output_option
def positions(files: tuple[Path, ...], fmt: str, output: Path | None) -> None:
    """State-by-question positions (supports|opposes|mentions|unclear) with evidence.

    Example: normtrace positions A_AC.292_2025_INF_5_Rev.1.pdf --format html -o pos.html
    """
    from pipeline.research.positions_cli import run_positions

    failed = run_positions(files, fmt, output, fail)
    if failed:
        sys.exit(1)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; ``main(["ingest", "x.pdf"])`` is testable."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="normtrace")


if __name__ == "__main__":
    main()
