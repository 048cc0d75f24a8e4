"""What every command module shares: the one error line and the ``-o FILE`` option.

Kept apart from ``cli.py`` so that the command modules beside each stage
(``compare/commands.py``, ``corpus/commands.py``) can use them without importing the
command line itself.
"""

from __future__ import annotations

from pathlib import Path

import click

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
