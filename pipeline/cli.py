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

import codecs
import importlib
import io
import sys
from collections.abc import Iterator, MutableMapping, Sequence
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
        _never_unencodable()
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


def _never_unencodable() -> None:
    """Standard output in UTF-8, whatever the locale; standard error escapes the rest.

    Under ``LC_ALL=C`` or ``PYTHONIOENCODING=ascii`` standard output was ASCII: an Arabic
    paragraph in ``ingest`` or ``ingest --format text`` was a UnicodeEncodeError
    traceback (issue 27). Escaping would corrupt the JSON (``\\xab`` is no JSON escape),
    and JSON, CSV and Markdown are exchanged as UTF-8, so the data channel is UTF-8.
    """
    for stream, encoding in ((sys.stdout, "utf-8"), (sys.stderr, None)):
        if isinstance(stream, io.TextIOWrapper) and codecs.lookup(stream.encoding).name != "utf-8":
            stream.reconfigure(encoding=encoding, errors="backslashreplace")


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


# Each command's module is imported when the command is looked up, never all of them at
# start-up: importing every module made ``normtrace ingest small.txt`` load spaCy through
# ``positions`` (1.1 s of its 1.3 s of imports; issue 27). Name -> "module:attribute".
_COMMANDS = {
    "ingest": "pipeline.commands.documents:ingest",
    "extract": "pipeline.commands.documents:extract",
    "diff": "pipeline.commands.compare:diff",
    "diff-folder": "pipeline.commands.compare:diff_folder",
    "overlap": "pipeline.commands.compare:overlap",
    "fetch": "pipeline.commands.fetch:fetch",
    "positions": "pipeline.commands.positions:positions",
    "votes": "pipeline.commands.votes:votes",
    "sponsors": "pipeline.commands.votes:sponsors",
    "corpus": "pipeline.commands.corpus:corpus",
    "serve": "pipeline.commands.corpus:serve",
    "languages": "pipeline.commands.languages:languages",
    "norms": "pipeline.commands.norms:norms",
}
# Subcommands a group gets from another module once it is loaded.
_SUBCOMMANDS = {
    "votes": "pipeline.commands.maps:votes_map_command",
    "sponsors": "pipeline.commands.maps:sponsors_map_command",
}


def _load(where: str) -> click.Command:
    module, attribute = where.split(":")
    command = getattr(importlib.import_module(module), attribute)
    assert isinstance(command, click.Command), where
    return command


class LazyCommands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported the first time it is looked up.

    Listing the names imports nothing; ``normtrace --help`` (which shows every
    command's summary) and the tests that walk ``cli.commands`` import them all.
    """

    def __init__(self, where: dict[str, str], subcommands: dict[str, str]) -> None:
        self._items: dict[str, click.Command | str] = dict(where)
        self._subcommands = subcommands

    def __getitem__(self, name: str) -> click.Command:
        item = self._items[name]
        if isinstance(item, str):
            item = _load(item)
            if name in self._subcommands and isinstance(item, click.Group):
                item.add_command(_load(self._subcommands[name]))
            self._items[name] = item
        return item

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._items[name] = command

    def __delitem__(self, name: str) -> None:
        del self._items[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)


cli.commands = LazyCommands(_COMMANDS, _SUBCOMMANDS)


def main(argv: Sequence[str] | None = None) -> None:
    """Run the CLI; ``main(["ingest", "x.pdf"])`` is testable."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="normtrace")


if __name__ == "__main__":
    main()
