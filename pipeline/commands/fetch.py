"""``normtrace fetch``: documents from the UN Official Document System into the cache."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.commands.options import SECONDS, fail
from pipeline.corpus.fetch_http import MIN_RATE, RATE_WINDOW
from pipeline.errors import NormtraceError


def _check_base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from pipeline.corpus.fetch import check_base_url

    if value is not None and (problem := check_base_url(value)):
        raise click.BadParameter(f"{value!r} {problem}")
    return value


def _check_rate(ctx: click.Context, param: click.Parameter, value: float) -> float:
    if not (0 <= value < float("inf")):  # also refuses nan
        raise click.BadParameter(f"{value:g} is not a number of bytes a second, 0 or more")
    return value


@click.command()
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
    type=SECONDS,
    default=30.0,
    show_default=True,
    help="Seconds for each document, retries included.",
)
@click.option(
    "--min-rate",
    default=MIN_RATE,
    show_default=True,
    callback=_check_rate,
    help=f"Bytes a second over every {RATE_WINDOW:g} s of a download, or it ends (0: no floor).",
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
    min_rate: float,
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
                min_rate=min_rate,
                retries=retries,
                force=force,
            )
            click.echo(got.path)
        except NormtraceError as err:
            fail(str(err))
            failed += 1
    if failed:
        sys.exit(1)
