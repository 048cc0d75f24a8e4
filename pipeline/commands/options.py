"""What every command module shares: the one error line, ``-o FILE``, ``--format``,
``--bom``, writing through the one output layer and reading ``-`` from standard input.

Kept apart from ``cli.py`` so that every command module of this package can use them
without importing the command line itself.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

if TYPE_CHECKING:
    from pipeline.document import Document
    from pipeline.limits import FileBudget

T = TypeVar("T")

# Shared by the commands that write one result.
output_option = click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)


def fail(message: str) -> None:
    """Print one error line, ``error: FILE: reason``, on standard error.

    A file name may hold a newline or bytes that are not UTF-8: they are escaped, so a
    name can never forge a second ``error:`` line (issue 27).
    """
    click.echo(f"error: {one_line(message)}", err=True)


def one_line(text: str) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``) and bytes a file
    name held that are not UTF-8 shown as ``\\xNN``: printable, and one line."""
    if text.isprintable():
        return text
    out = []
    for char in text:
        if char.isprintable():
            out.append(char)
        elif "\udc80" <= char <= "\udcff":  # a byte os.fsdecode could not decode
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        else:
            out.append(char.encode("unicode_escape").decode("ascii"))
    return "".join(out)


def progress(items: Sequence[T], label: str) -> Iterable[T]:
    """Iterate with a progress bar on standard error, only when it is a terminal (rich
    is imported only then: it is a third of a one-file command's start-up)."""
    if len(items) < 2 or not sys.stderr.isatty():
        return items
    from rich.console import Console
    from rich.progress import track

    console = Console(stderr=True)
    return track(items, description=label, console=console, transient=True)


class _Seconds(click.FloatRange):
    """Seconds over 0 and at most a year (``limits.MAX_SECONDS``): ``nan``, ``inf`` and
    ``1e308`` were tracebacks when a command waited for its reading child."""

    name = "number of seconds"  # "'soon' is not a valid number of seconds."

    def __init__(self) -> None:
        from pipeline.limits import MAX_SECONDS

        super().__init__(min=0, max=MAX_SECONDS, min_open=True)

    def get_metavar(self, param: click.Parameter, ctx: click.Context) -> str:
        return "SECONDS"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        seconds = super().convert(value, param, ctx)
        if math.isnan(seconds):  # NaN compares false with both ends of the range
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


SECONDS = _Seconds()

bom_option = click.option(
    "--bom",
    "--excel",
    "bom",
    is_flag=True,
    help="CSV: start with a UTF-8 byte order mark, so Excel shows accents and arrows.",
)


def format_option(
    formats: Sequence[str], default: str | None = None, help: str = ""
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """``--format`` over ``formats``; when absent the ``-o`` extension, else ``default``."""
    default = default or formats[0]
    text = f"{help} Default: the -o file's extension, else {default}.".strip()
    return click.option("--format", "fmt", type=click.Choice(list(formats)), help=text)


def pick_format(
    fmt: str | None, output: Path | None, formats: Sequence[str], default: str | None = None
) -> str:
    """The format to write (``report.output.choose_format``); a contradiction exits 2.

    Raises:
        click.UsageError: ``--format`` and the ``-o`` extension disagree, or the
            command cannot write the format the extension names.
    """
    from pipeline.report.output import BINARY_FORMATS, FormatError, choose_format

    try:
        chosen = choose_format(fmt, output, formats, default)
    except FormatError as err:
        raise click.UsageError(str(err)) from None
    if chosen in BINARY_FORMATS and (output is None or str(output) == "-"):
        raise click.UsageError(f"--format {chosen} needs -o/--output FILE.{chosen}")
    return chosen


def write_output(
    output: Path | None, fmt: str, write: Callable[[TextIO], object], *, bom: bool = False
) -> None:
    """Run ``write`` on the output (replaced only on success); a failure is one line, exit 1."""
    from pipeline.report.output import open_output

    try:
        with open_output(output, fmt, bom=bom) as fp:
            write(fp)
    except OSError as err:
        fail(f"{output or '-'}: {err.strerror or err}")
        sys.exit(1)


def write_path(output: Path, write: Callable[[Path], object]) -> None:
    """Run ``write`` on a temporary path renamed to ``output`` on success (XLSX, PNG)."""
    from pipeline.report.output import output_path

    try:
        with output_path(output) as target:
            write(target)
    except OSError as err:
        fail(f"{output}: {err.strerror or err}")
        sys.exit(1)


@dataclasses.dataclass(frozen=True)
class StdinDocument:
    """A document read from standard input by this process.

    A reading child (``limits.within``) may have been forked before the standard input
    of this run existed, so ``-`` is read here and its bytes passed on.
    """

    data: bytes


# The largest corpus file is 3 MB; a document on standard input past 64 MiB is a stream
# that never ends (``< /dev/zero`` filled memory until killed), not a document.
MAX_STDIN_BYTES = 64 * 1024 * 1024


def read_stdin() -> bytes:
    """The bytes of standard input, at most ``MAX_STDIN_BYTES``.

    Raises:
        IngestError: Standard input holds more, is closed, or cannot be read.
    """
    from pipeline.errors import IngestError

    if sys.stdin is None:  # started with standard input closed (``<&-``)
        raise IngestError("-", "standard input is closed")
    try:
        data = sys.stdin.buffer.read(MAX_STDIN_BYTES + 1)
    except OSError as err:
        raise IngestError("-", f"standard input cannot be read ({err.strerror or err})") from None
    if len(data) > MAX_STDIN_BYTES:
        raise IngestError("-", f"standard input is over {MAX_STDIN_BYTES // 2**20} MiB")
    return data


def read_source(path: Path) -> Path | StdinDocument:
    """``path``, or for ``-`` the bytes of standard input (read once, in this process)."""
    return StdinDocument(read_stdin()) if str(path) == "-" else path


def load_input(path: Path | StdinDocument, **options: Any) -> Document:
    """``ingest.load_document``, where ``-`` reads the document from standard input.

    Raises:
        IngestError: The input is not a document (named ``-`` when it came from stdin).
    """
    import tempfile

    from pipeline.errors import IngestError
    from pipeline.ingest import load_document

    if isinstance(path, StdinDocument):
        data = path.data
    elif str(path) == "-":
        data = read_stdin()
    else:
        return load_document(path, **options)
    if not data:
        raise IngestError("-", "standard input is empty")
    with tempfile.TemporaryDirectory(prefix="normtrace-stdin-") as folder:
        name = Path(folder) / ("stdin.pdf" if data[:5] == b"%PDF-" else "stdin.txt")
        name.write_bytes(data)
        try:
            doc = load_document(name, **options)
        except IngestError as err:
            raise IngestError("-", err.reason) from None
    return dataclasses.replace(doc, source="-")


def load_within(budget: FileBudget, path: Path) -> Document:
    """``load_input`` of one file (``-``: standard input) within ``budget``.

    The file is read in the reading child of ``limits.within`` (one child for the
    command's batch); over the budget it is a ``BudgetError`` naming the file, so the
    command prints one line and the rest of its batch goes on.

    Raises:
        NormtraceError: The file is not a document, or it went over the budget.
    """
    from pipeline.limits import within

    return within(budget, str(path), load_input, read_source(path))


def budget_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """``--timeout SECONDS``, ``--memory MIB`` and ``--no-budget``: one file's budget.

    On by default (60 s, 1 GiB: ``limits.DEFAULT_BUDGET``, issue 27); ``--no-budget``
    reads every file in this process with no limit (``seconds`` and ``memory_mb`` None).
    """
    from pipeline.limits import DEFAULT_MEMORY_MB, DEFAULT_SECONDS

    @functools.wraps(func)
    def lifted(*args: Any, no_budget: bool = False, **kwargs: Any) -> Any:
        from pipeline.limits import stop_reading

        if no_budget:
            kwargs["seconds"] = kwargs["memory_mb"] = None
        try:
            return func(*args, **kwargs)
        finally:
            stop_reading()  # the reading child lives for one command's batch

    lifted = click.option(
        "--no-budget",
        is_flag=True,
        help="No time or memory limit: read each file in this process.",
    )(lifted)
    lifted = click.option(
        "--memory",
        "memory_mb",
        type=click.IntRange(min=16),
        default=DEFAULT_MEMORY_MB,
        show_default=True,
        help="MiB of memory one file may take; over it the file fails, the rest goes on.",
    )(lifted)
    return click.option(
        "--timeout",
        "seconds",
        type=SECONDS,
        default=DEFAULT_SECONDS,
        show_default=True,
        help="Seconds one file may take; over it the file fails, the rest goes on.",
    )(lifted)
