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

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from pipeline import settings
from pipeline.commands.options import fail
from pipeline.errors import NormtraceError


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
        except click.exceptions.NoArgsIsHelpError as err:
            # A bare group (``normtrace``, ``normtrace votes``): its help, once, on stdout.
            click.echo(err.ctx.get_help())
            sys.exit(0)
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


from pipeline.commands.compare import diff, diff_folder, overlap  # noqa: E402
from pipeline.commands.corpus import corpus, serve  # noqa: E402
from pipeline.commands.documents import extract, ingest  # noqa: E402
from pipeline.commands.fetch import fetch  # noqa: E402
from pipeline.commands.languages import languages  # noqa: E402
from pipeline.commands.maps import sponsors_map_command, votes_map_command  # noqa: E402
from pipeline.commands.norms import norms  # noqa: E402
from pipeline.commands.positions import positions  # noqa: E402
from pipeline.commands.votes import sponsors, votes  # noqa: E402

votes.add_command(votes_map_command)
sponsors.add_command(sponsors_map_command)
for _command in (ingest, extract, diff, overlap, fetch, positions, votes, sponsors, corpus, serve):
    cli.add_command(_command)
cli.add_command(diff_folder, name="diff-folder")
cli.add_command(languages)
cli.add_command(norms)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; ``main(["ingest", "x.pdf"])`` is testable."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="normtrace")


if __name__ == "__main__":
    main()
