"""The files of a corpus folder: which are documents, their hashes, which are no files.

A corpus picked up in the wild holds dangling symbolic links, link loops, FIFOs and
devices under document names. ``special_file`` tells them apart by their metadata
alone, so nothing here ever opens (and waits on) a FIFO.
"""

from __future__ import annotations

import errno
import hashlib
import os
import stat
from pathlib import Path
from typing import BinaryIO

from pipeline.errors import IngestError
from pipeline.ingest import SUPPORTED_SUFFIXES

# Notes that describe a corpus folder are not documents of it.
_NOT_DOCUMENTS = ("readme", "notes", "changelog", "license", "manifest")
# The sha256 recorded for a path that cannot be hashed (not a regular file).
NO_HASH = ""


def find_files(root: Path) -> list[str]:
    """Supported files under ``root``, as sorted POSIX paths relative to it.

    Hidden files and folders, and corpus notes (README, NOTES, ...), are left out.
    Names that are not UTF-8 come with their bytes escaped (``find_files_checked``).
    """
    return find_files_checked(root)[0]


def find_files_checked(
    root: Path, *, follow_links: bool = False
) -> tuple[list[str], dict[str, str]]:
    """``find_files``, and why some of them are not to be read (path -> reason).

    A name that is not UTF-8 is listed with its bytes escaped (``\\xff``), so it can
    be reported and stored, and is never read (issue 27: it aborted the whole build). A
    symbolic link whose target is outside ``root`` is not followed unless
    ``follow_links`` (and then only to a regular file, as every file is read); links
    to folders are never walked into.
    """
    found = []
    problems: dict[str, str] = {}
    real_root = root.resolve()
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            path = Path(dirpath, name)
            if name.startswith(".") or path.suffix.lower() not in SUPPORTED_SUFFIXES:
                continue
            if path.stem.lower().startswith(_NOT_DOCUMENTS):
                continue
            rel = path.relative_to(root).as_posix()
            if not _is_utf8(rel):
                rel = escape_name(rel)
                problems[rel] = NOT_UTF8
            elif not follow_links and (target := _outside(path, real_root)) is not None:
                problems[rel] = (
                    f"a symbolic link out of the corpus root (to {escape_name(target)!r}), "
                    "not followed (--follow-links reads it)"
                )
            found.append(rel)
    return sorted(found), problems


NOT_UTF8 = "the file name is not UTF-8 (its bytes are shown as \\xNN); rename the file"


def _is_utf8(name: str) -> bool:
    """Whether a name from the file system was valid UTF-8 (no escaped bytes in it)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def escape_name(name: str) -> str:
    """A file name as printable UTF-8: undecodable bytes as ``\\xNN``, control
    characters (a newline in a name) as ``\\n`` or ``\\xNN``, so it makes one line."""
    raw = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(
        c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in raw
    )


def _outside(path: Path, real_root: Path) -> str | None:
    """The target of a symbolic link at ``path`` when it is outside ``real_root``."""
    if not path.is_symlink():
        return None  # the walk never enters a linked folder: a plain file is inside
    target = Path(os.path.realpath(path))
    if target == real_root or real_root in target.parents:
        return None
    return str(target)


def _open_regular(path: Path) -> BinaryIO:
    """Open a regular file for reading, never waiting on a FIFO.

    Raises:
        IngestError: The path is no regular file (see ``special_file``) or cannot be read.
    """
    if (reason := special_file(path)) is not None:
        raise IngestError(path, reason)
    try:
        # O_NONBLOCK: a FIFO swapped in after the check must not block the open.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as err:
        raise IngestError(path, f"cannot read the file ({err.strerror})") from None
    fp = os.fdopen(fd, "rb")
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        fp.close()
        raise IngestError(path, "not a regular file")
    return fp


def hash_file(path: Path) -> str:
    """SHA-256 of a regular file's bytes, as hex.

    Raises:
        IngestError: The path is no regular file (see ``special_file``) or cannot be read.
    """
    digest = hashlib.sha256()
    with _open_regular(path) as fp:
        for chunk in iter(lambda: fp.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_regular(path: Path) -> bytes:
    """A regular file's bytes (to send to a worker that does not share this disk).

    Raises:
        IngestError: The path is no regular file (see ``special_file``) or cannot be read.
    """
    with _open_regular(path) as fp:
        try:
            return fp.read()
        except OSError as err:
            raise IngestError(path, f"cannot read the file ({err.strerror})") from None


_FILE_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISDIR, "a folder"),
)


def special_file(path: Path) -> str | None:
    """Why ``path`` is no regular file to read, or None when it is one.

    Only the file's metadata is read (``stat``), so a FIFO is never opened.
    """
    try:
        mode = path.stat().st_mode  # follows symbolic links
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "a symbolic link loop"
        if path.is_symlink():
            try:
                return f"a dangling symbolic link (to {os.readlink(path)!r})"
            except OSError:
                return "a dangling symbolic link"
        return f"cannot read the file ({err.strerror})"
    if stat.S_ISREG(mode):
        return None
    kind = next((name for test, name in _FILE_KINDS if test(mode)), "a special file")
    return f"not a regular file: {kind}"


def hash_files(
    root: Path, files: list[str], problems: dict[str, str] | None = None
) -> tuple[dict[str, str], dict[str, str]]:
    """Hashes of the files, and why each file that cannot be hashed cannot be.

    A file that cannot be hashed gets ``NO_HASH``, so it is not tried again until it
    changes into a readable file (or the reader changes). Files in ``problems`` (from
    ``find_files_checked``) are never opened: they are unreadable for that reason.
    """
    hashes: dict[str, str] = {}
    unreadable: dict[str, str] = dict(problems or {})
    for rel in files:
        if rel in unreadable:
            hashes[rel] = NO_HASH
            continue
        try:
            hashes[rel] = hash_file(root / rel)
        except IngestError as err:
            hashes[rel] = NO_HASH
            unreadable[rel] = err.reason
    return hashes, unreadable
