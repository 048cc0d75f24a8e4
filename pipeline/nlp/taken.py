"""Character spans already claimed by a match, asked about in logarithmic time.

The pattern finders skip a match that overlaps one kept before. Asking every kept span
was quadratic: one 900 KB paragraph of 45,000 dates ran past 60 s in ``find_dates``.
``Taken`` keeps the union of the spans as sorted, disjoint intervals; a span overlaps
one of the kept spans exactly when it overlaps their union.
"""

from __future__ import annotations

import bisect


class Taken:
    """Non-empty half-open spans ``[start, end)`` kept so far."""

    def __init__(self, spans: list[tuple[int, int]] | None = None) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        for start, end in spans or ():
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` shares a character with a kept span."""
        # The union's intervals are disjoint and sorted, so their ends rise too: of
        # those starting before ``end``, the last reaches furthest.
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._ends[i - 1] > start

    def add(self, start: int, end: int) -> None:
        """Keep ``[start, end)``, merged with the kept intervals it overlaps."""
        lo = bisect.bisect_right(self._ends, start)
        hi = bisect.bisect_left(self._starts, end)
        if lo < hi:
            start, end = min(start, self._starts[lo]), max(end, self._ends[hi - 1])
        self._starts[lo:hi] = [start]
        self._ends[lo:hi] = [end]
