"""Read a catalogue of norms (a CSV file) for the norm tracker (issue 22).

A catalogue is data: the 2015 GGE norms (``../shared/norms/gge_2015.csv``), the SCO
code's pledges, a national strategy, the elements of a programme of action. Its
columns are those of ``../shared/norms/README.md``; only ``norm_id`` and ``text`` are
required. A malformed catalogue is one ``CatalogueError`` naming the file, the row
(as a spreadsheet numbers it: the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import IngestError

REQUIRED = ("norm_id", "text")
OPTIONAL = ("letter", "short_name", "document", "paragraph", "year", "sources")
MAX_BYTES = 8 * 1024 * 1024  # a catalogue is a list of norms, never a corpus
MAX_TEXT = 20_000  # characters of one norm's wording


class CatalogueError(IngestError):
    """A catalogue cannot be used; ``str(err)`` is ``FILE: row N, column C: reason``."""


@dataclass(frozen=True, slots=True)
class Norm:
    """One norm of a catalogue: its id, its wording and where that wording comes from."""

    norm_id: str
    text: str
    letter: str = ""
    short_name: str = ""
    document: str = ""
    paragraph: str = ""
    year: str = ""
    sources: str = ""

    @property
    def label(self) -> str:
        """The short name for tables, else the id."""
        return self.short_name or self.norm_id


@dataclass(frozen=True, slots=True)
class Catalogue:
    """A named list of norms, in the file's order."""

    name: str
    path: str
    norms: tuple[Norm, ...]

    def norm(self, norm_id: str) -> Norm:
        """The norm with this id.

        Raises:
            KeyError: No norm has it.
        """
        for norm in self.norms:
            if norm.norm_id == norm_id:
                return norm
        raise KeyError(norm_id)


def _read_text(path: Path) -> str:
    try:
        if path.is_dir():
            raise CatalogueError(path, "is a folder, not a catalogue CSV")
        if path.exists() and not path.is_file():
            # A FIFO or a device has no size to check: its read waited or never ended.
            raise CatalogueError(path, "not a regular file")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CatalogueError(path, f"{size} bytes; a catalogue holds at most {MAX_BYTES}")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CatalogueError(path, "no such file") from None
    except OSError as err:
        raise CatalogueError(path, err.strerror or str(err)) from None
    if b"\x00" in raw:
        raise CatalogueError(path, "not a text file (NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise CatalogueError(path, f"not UTF-8 (byte {err.start})") from None


def parse_catalogue(text: str, path: str | Path = "<catalogue>") -> Catalogue:
    """Parse a catalogue's CSV text.

    Args:
        text: The CSV, with a header row.
        path: The name used in errors and as the catalogue's path.

    Returns:
        The catalogue, named after the file's stem.

    Raises:
        CatalogueError: No header, a required column missing, no norm, a row with the
            wrong number of fields, an empty or overlong required field, a duplicate id.
    """
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(rows)]
    except StopIteration:
        raise CatalogueError(path, "empty catalogue (no header row)") from None
    except csv.Error as err:
        raise CatalogueError(path, f"row 1: {err}") from None
    for column in REQUIRED:
        if column not in header:
            raise CatalogueError(path, f"row 1: no '{column}' column (header: {', '.join(header)})")
    norms: list[Norm] = []
    seen: dict[str, int] = {}
    try:
        for number, row in enumerate(rows, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise CatalogueError(
                    path, f"row {number}: {len(row)} fields where the header has {len(header)}"
                )
            record = dict(zip(header, row, strict=True))
            for column in REQUIRED:
                value = record[column].strip()
                if not value:
                    raise CatalogueError(path, f"row {number}, column {column}: empty")
                if len(value) > MAX_TEXT:
                    raise CatalogueError(
                        path, f"row {number}, column {column}: longer than {MAX_TEXT} characters"
                    )
            norm_id = record["norm_id"].strip()
            if norm_id in seen:
                raise CatalogueError(
                    path,
                    f"row {number}, column norm_id: '{norm_id}' already on row {seen[norm_id]}",
                )
            seen[norm_id] = number
            extra = {key: record.get(key, "").strip() for key in OPTIONAL}
            norms.append(Norm(norm_id=norm_id, text=" ".join(record["text"].split()), **extra))
    except csv.Error as err:
        raise CatalogueError(path, f"row {rows.line_num}: {err}") from None
    if not norms:
        raise CatalogueError(path, "empty catalogue (a header and no norm)")
    return Catalogue(name=Path(str(path)).stem, path=str(path), norms=tuple(norms))


def load_catalogue(path: str | Path) -> Catalogue:
    """Read and check a catalogue CSV file.

    Args:
        path: The CSV file.

    Returns:
        The catalogue.

    Raises:
        CatalogueError: The file cannot be read or is malformed (see ``parse_catalogue``).
    """
    path = Path(path)
    return parse_catalogue(_read_text(path), path)
