"""The one output layer: which format a file name asks for, and writing it safely.

Every command writes through here:

- ``choose_format`` reads the format from ``--format``, else from the ``-o`` file's
  extension, else the command's default; a contradiction between the two, or an
  extension the command cannot write, is a ``FormatError`` (a usage error, exit 2);
- ``open_output`` and ``output_path`` write to a temporary file in the target's folder
  and rename it into place only when the writer finished: a run that fails leaves
  what was there untouched (a device such as ``/dev/null`` is written directly);
- a ``.jsonl`` (or ``.ndjson``) file gets JSON Lines: a command's JSON array one
  element a line, an object on one line;
- text for a person (terminal, Markdown, HTML, CSV, plain text) has its C0 and C1
  control characters removed (tab and newline kept), and JSON escapes the C1 ones, so
  a document's escape sequences never reach a terminal or a spreadsheet.
"""

from __future__ import annotations

import contextlib
import errno
import io
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TextIO, cast

# The extension of a file and the format it names. ".txt" is neutral (see choose_format).
SUFFIX_FORMATS = {
    ".json": "json",
    ".jsonl": "json",
    ".ndjson": "json",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".png": "png",
    ".svg": "svg",
    ".parquet": "parquet",
    ".txt": "text",
}
# Extensions of JSON Lines files: a JSON array is written one element a line there.
JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})
# Formats that are text a person or a program reads, which a neutral .txt file may hold.
TEXT_FORMATS = frozenset({"json", "md", "html", "csv", "text"})
# Formats written as bytes to a path (by openpyxl, matplotlib ...), never to a terminal.
BINARY_FORMATS = frozenset({"xlsx", "png", "parquet"})

# C0 controls but tab and newline (and carriage return, which CSV rows end with), C1.
_C0_C1 = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_CR = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1 = re.compile("[\x80-\x9f]")


class FormatError(ValueError):
    """The asked format and the output's name disagree, or the command cannot write it."""


def format_of(output: Path | str | None) -> str | None:
    """The format an output file's extension names; None for standard output or none."""
    if output is None or str(output) == "-":
        return None
    return SUFFIX_FORMATS.get(Path(output).suffix.lower())


def choose_format(
    fmt: str | None, output: Path | None, formats: Sequence[str], default: str | None = None
) -> str:
    """The format to write: ``--format``, else the ``-o`` extension, else the default.

    ``.txt`` names no format of its own unless the command writes plain text: with
    ``--format`` it goes with any text format; without, it means ``text`` where the
    command has one and the default elsewhere. A file without an extension takes
    ``--format`` or the default.

    Args:
        fmt: What ``--format`` said, or None when it was not given.
        output: The ``-o`` file, or None (standard output).
        formats: The formats the command writes.
        default: The format when neither names one (default: the first of ``formats``).

    Returns:
        One of ``formats``.

    Raises:
        FormatError: ``--format`` and the extension disagree, or the extension (or the
            format) is one the command cannot write.
    """
    default = default or formats[0]
    suffix = Path(str(output)).suffix.lower() if output is not None else ""
    implied = format_of(output)
    if implied == "text" and "text" not in formats:
        implied = None  # .txt: a neutral text file for a command without a text format
    if fmt is not None and fmt not in formats:
        raise FormatError(f"--format {fmt}: this command writes {', '.join(formats)}")
    if implied is None and suffix and suffix != ".txt" and fmt is None:
        raise FormatError(
            f"-o {output}: cannot tell the format from {suffix!r}; give --format "
            f"({', '.join(formats)}) or name the file .{_suffix(formats[0])}"
        )
    if implied is not None and implied not in formats:
        raise FormatError(
            f"-o {output}: this command cannot write {implied} (it writes {', '.join(formats)})"
        )
    if fmt is not None and implied is not None and implied != fmt:
        if not (implied == "text" and fmt not in BINARY_FORMATS):
            raise FormatError(
                f"--format {fmt} contradicts -o {output} (its extension names {implied})"
            )
    chosen = fmt or implied or default
    if suffix == ".txt" and chosen not in TEXT_FORMATS:
        raise FormatError(f"-o {output}: a .txt file cannot hold {chosen}; name it .{chosen}")
    return chosen


def _suffix(fmt: str) -> str:
    return {"text": "txt"}.get(fmt, fmt)


def clean_text(text: str) -> str:
    """``text`` without C0/C1 control characters (tab and newline kept; CR LF -> LF).

    Args:
        text: Text from a document, on its way to a person.

    Returns:
        The text; a lone carriage return becomes a newline.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _C0_C1.sub("", text)


def escape_c1(text: str) -> str:
    """JSON text with its C1 controls as ``\\u0080`` escapes (json.dumps leaves them raw).

    Valid wherever a C1 character can stand in JSON: only inside a string.
    """
    if text.isascii():  # no C1 character (U+0080-U+009F) then; a flag, not a scan
        return text
    # In UTF-8 a character U+0080-U+00BF, and only such, starts with byte C2: encoding
    # and looking for it is a third of the pattern's search (a 21 MB diff with one
    # arrow in its legend: 0.065 -> 0.024 s, twice a write). Surrogates (from a hostile
    # file) encode without a C2 as well.
    if b"\xc2" not in text.encode("utf-8", "surrogatepass"):
        return text
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _CleanStream(io.TextIOBase):
    """A text stream that filters what is written through it and passes it on."""

    def __init__(self, target: IO[str], fmt: str) -> None:
        super().__init__()
        self._target = target
        self._fmt = fmt

    def write(self, text: str) -> int:
        if self._fmt == "json":
            cleaned = escape_c1(text)
        elif self._fmt == "csv":  # rows end in CRLF; cells were cleaned by the CSV writer
            cleaned = _C0_C1.sub("", text)
        else:
            cleaned = _CONTROL_CR.sub("", text)
        self._target.write(cleaned)
        return len(text)

    def writable(self) -> bool:
        return True

    def flush(self) -> None:
        self._target.flush()


@contextlib.contextmanager
def output_path(output: Path) -> Iterator[Path]:
    """A temporary path beside ``output`` (same extension) renamed into place on success.

    For writers that take a path (openpyxl, matplotlib). A device or pipe (``/dev/null``,
    ``/dev/full``) is yielded as it is; nothing is renamed onto it.

    Args:
        output: The file to write.

    Yields:
        Where to write; it becomes ``output`` when the block ends without an error.

    Raises:
        OSError: The folder cannot be written, or the rename failed.
    """
    if output.exists() and not output.is_file():
        with _reader_held(output):
            yield output
        return
    if output.is_symlink():
        # Write where the link points and keep the link, as a shell's ``>`` does: the
        # rename replaced the link itself with a file (``-o /dev/stdout`` as root, with
        # standard output in a file, replaced the system's /dev/stdout).
        output = Path(os.path.realpath(output))
    folder = output.parent if str(output.parent) else Path(".")
    handle, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=output.suffix, dir=folder)
    os.close(handle)
    temporary = Path(name)
    try:
        yield temporary
        _keep_mode(temporary, output)
        os.replace(temporary, output)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _reader_held(output: Path) -> Iterator[None]:
    """Refuse a named pipe that no process reads: opening it to write would wait for ever.

    A pipe with a reader (``-o >(gzip > x.gz)``, ``mkfifo`` with a reader attached) is
    written as usual; the probe stays open until the writer is done, so the reader never
    sees the pipe without a writer (an end of file) between the probe and the writing.

    Raises:
        OSError: ENXIO when nothing reads the pipe.
    """
    if not stat.S_ISFIFO(output.stat().st_mode):
        yield
        return
    try:
        probe = os.open(output, os.O_WRONLY | os.O_NONBLOCK)
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a named pipe that no process reads", str(output)) from None
        raise
    try:
        yield
    finally:
        os.close(probe)


def _keep_mode(temporary: Path, output: Path) -> None:
    """Give the new file the old one's permissions, or those a new file gets (umask)."""
    if output.exists():
        mode = stat.S_IMODE(output.stat().st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    os.chmod(temporary, mode)


@contextlib.contextmanager
def open_output(output: Path | None, fmt: str, *, bom: bool = False) -> Iterator[TextIO]:
    """A text stream for ``fmt`` onto ``output`` (replaced on success) or standard output.

    Newlines are written as the writer writes them (CSV rows end in CRLF, everything
    else in LF); control characters are filtered as the module docstring says.

    Args:
        output: The file, or None (or ``-``) for standard output.
        fmt: The format being written (json, csv, md, html, text ...).
        bom: Start with a UTF-8 byte order mark (for Excel).

    Yields:
        The stream to write to.

    Raises:
        OSError: The file cannot be written (no space, no such folder ...).
    """
    if output is None or str(output) == "-":
        stream = _CleanStream(sys.stdout, fmt)
        try:
            if bom:
                sys.stdout.write("\ufeff")
            yield cast(TextIO, stream)
            sys.stdout.flush()
        except BrokenPipeError:
            _reader_went_away()
        return
    lines = fmt == "json" and Path(output).suffix.lower() in JSON_LINES_SUFFIXES
    with output_path(output) as target, target.open("w", encoding="utf-8", newline="") as fp:
        if bom:
            fp.write("\ufeff")
        if lines:  # the whole JSON is needed to cut it into lines
            buffer = io.StringIO()
            yield cast(TextIO, buffer)
            _CleanStream(fp, fmt).write(as_json_lines(buffer.getvalue()))
        else:
            yield cast(TextIO, _CleanStream(fp, fmt))
        fp.flush()


def _reader_went_away() -> None:
    """Standard output's reader closed the pipe (``normtrace ... | head``): stop quietly,
    exit 1, as a Unix tool does; never an error line naming no file."""
    with contextlib.suppress(OSError, ValueError):  # ValueError: no file descriptor
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # the interpreter's last flush goes nowhere
    raise SystemExit(1)


def as_json_lines(text: str) -> str:
    """JSON text as JSON Lines, for a ``.jsonl`` file: an array one element a line, any
    other value on one line; text that is JSON Lines already is kept as it is."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError:  # several documents, one a line (ingest, diff chains)
        return text
    items = value if isinstance(value, list) else [value]
    return "".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) + "\n" for i in items)


def write_text(text: str, output: Path | None, fmt: str, *, bom: bool = False) -> None:
    """Write finished ``text`` in ``fmt`` to ``output`` or standard output (see open_output)."""
    with open_output(output, fmt, bom=bom) as fp:
        fp.write(text)
