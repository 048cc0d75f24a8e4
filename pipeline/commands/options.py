"""What every command module shares: the one error line and the ``-o FILE`` option.

Kept apart from ``cli.py`` so that every command module of this package can use them
without importing the command line itself.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import click

T = TypeVar("T")

# Shared by the commands that write one result.
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)


def fail(message: str) -> None:
    """Print one error line, ``error: FILE: reason``, on standard error."""
    click.echo(f"error: {message}", err=True)


def progress(items: Sequence[T], label: str) -> Iterable[T]:
    """Iterate with a progress bar on standard error, only when it is a terminal."""
    from rich.console import Console
    from rich.progress import track

    quiet = len(items) < 2 or not sys.stderr.isatty()
    console = Console(stderr=True)
    return track(items, description=label, console=console, disable=quiet, transient=True)
