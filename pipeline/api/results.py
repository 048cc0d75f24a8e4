"""What a Python verb returns when the library's own object lacks a table view.

Every verb of ``pipeline`` returns an object with ``to_dict()`` (what the command's JSON
says) and ``to_frame()`` (what its CSV says, as a DataFrame). Where the library's value
has no such methods (a list of search hits, build statistics, a map), the verb wraps
it in a ``Result``: the value's attributes stay reachable (``result.hits``,
``result.value``), iteration and ``len`` go through its rows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dataclasses, tuples, paths and sets made plain."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [plain(v) for v in items]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)  # a Path, a date


class Result:
    """A verb's value with ``to_dict()`` and ``to_frame()``.

    Args:
        value: What the library returned.
        rows: The value as table rows (one dict per row), for ``to_frame`` and iteration.
        payload: The value as the command's JSON (default: ``plain(value)``).
        columns: The table's columns in order (default: the first row's keys).
    """

    def __init__(
        self,
        value: Any,
        rows: Sequence[dict[str, Any]],
        payload: Callable[[], Any] | None = None,
        columns: Sequence[str] | None = None,
    ) -> None:
        self.value = value
        self.rows = list(rows)
        self._payload = payload
        self._columns = list(columns) if columns is not None else None

    def to_dict(self) -> Any:
        """What the command prints as JSON."""
        return self._payload() if self._payload is not None else plain(self.value)

    def to_frame(self) -> pd.DataFrame:
        """What the command writes as CSV: one row per item."""
        import pandas as pd

        return pd.DataFrame.from_records([plain(r) for r in self.rows], columns=self._columns)

    def __iter__(self) -> Iterator[Any]:
        return iter(self.value if isinstance(self.value, list) else self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.value, name)

    def __repr__(self) -> str:
        return repr(self.value)
