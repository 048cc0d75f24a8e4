"""The norm x document table over several inputs (issue 22). Pure.

Documents are ordered by adoption date (else distribution date; undated last, in the
order given). For each norm and each paragraph restating it: the relation, the
citation, the score and the drift, the content words that came and went since the
catalogue wording and since the norm's restatement in the previous document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.compare.normalise import FUNCTION_WORDS, tokenise
from pipeline.compare.norms import NormMatch, NormsReport

if TYPE_CHECKING:
    import pandas as pd

# The strongest relation of a cell, first.
RANK = {"identical": 0, "reworded": 1, "partial": 2}
COLUMNS = (
    "norm_id",
    "short_name",
    "document",
    "adoption_date",
    "distribution_date",
    "paragraph_id",
    "cite",
    "relation",
    "score",
    "significance",
    "came_since_catalogue",
    "went_since_catalogue",
    "came_since_previous",
    "went_since_previous",
)


@dataclass(frozen=True, slots=True)
class TrackRow:
    """One (norm, document, paragraph) of the table."""

    norm_id: str
    short_name: str
    document: str
    adoption_date: str | None
    distribution_date: str | None
    paragraph_id: str
    cite: str
    relation: str
    score: float
    significance: str | None
    came_since_catalogue: tuple[str, ...]
    went_since_catalogue: tuple[str, ...]
    came_since_previous: tuple[str, ...]
    went_since_previous: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """The row with word lists joined by spaces (the CSV/XLSX form)."""
        row: dict[str, Any] = {name: getattr(self, name) for name in COLUMNS}
        for name in COLUMNS[-4:]:
            row[name] = " ".join(row[name])
        row["score"] = round(self.score, 3)
        return row


@dataclass(frozen=True, slots=True)
class NormsTable:
    """Every input's report, in date order, and the norm x document rows."""

    reports: tuple[NormsReport, ...]
    norms: tuple[tuple[str, str], ...]  # (norm_id, short name), catalogue order
    rows: tuple[TrackRow, ...]
    names: tuple[str, ...] = ()  # each report's column name, unique (see ``column_names``)
    # The rows by (norm, document), filled at the first ``cell``: the grid asks for every
    # cell, and scanning all rows for each made it norms x documents x rows.
    _cells: dict[tuple[str, str], list[TrackRow]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def cell(self, norm_id: str, document: str) -> list[TrackRow]:
        """The rows of one norm in one document, strongest relation first."""
        if not self._cells and self.rows:
            for r in self.rows:
                self._cells.setdefault((r.norm_id, r.document), []).append(r)
        found = self._cells.get((norm_id, document), [])
        return sorted(found, key=lambda r: (RANK.get(r.relation, 9), -r.score))

    def to_dict(self) -> dict[str, Any]:
        """Each input's JSON object and the table's rows."""
        return {
            "documents": [r.to_dict() for r in self.reports],
            "table": [r.to_dict() for r in self.rows],
        }

    def to_frame(self) -> pd.DataFrame:
        """One row per (norm, document, paragraph), the columns of ``--format csv``."""
        import pandas as pd

        return pd.DataFrame([r.to_dict() for r in self.rows], columns=list(COLUMNS))


def _content(text: str) -> list[str]:
    return [t for t in tokenise(text) if t not in FUNCTION_WORDS and not t.isdigit()]


def _drift(before: str, after: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Content words of ``after`` not in ``before`` (came) and the reverse (went)."""
    old, new = _content(before), _content(after)
    old_words, new_words = set(old), set(new)  # once: in the loops they were quadratic
    came = tuple(dict.fromkeys(w for w in new if w not in old_words))
    went = tuple(dict.fromkeys(w for w in old if w not in new_words))
    return came, went


def _restated(match: NormMatch) -> str:
    """What the paragraph says where it restates the norm (the redline's new side)."""
    return "".join(text for op, text in match.tokens if op != "delete")


def _catalogue_side(match: NormMatch) -> str:
    return "".join(text for op, text in match.tokens if op != "insert")


def order_reports(reports: Sequence[NormsReport]) -> list[NormsReport]:
    """Reports by adoption (else distribution) date; undated ones last, as given."""
    indexed = list(enumerate(reports))
    indexed.sort(key=lambda pair: (pair[1].sort_date is None, pair[1].sort_date or "", pair[0]))
    return [report for _, report in indexed]


def column_names(reports: Sequence[NormsReport]) -> list[str]:
    """A unique name per report: the symbol, with the file's name where two share it
    (the text and the PDF of one resolution)."""
    counts: dict[str, int] = {}
    for report in reports:
        counts[report.name] = counts.get(report.name, 0) + 1
    names = []
    for report in reports:
        name = report.name
        if counts[name] > 1 and report.source:
            name = f"{name} ({report.source.replace(chr(92), '/').rsplit('/', 1)[-1]})"
        names.append(name)
    seen: dict[str, int] = {}
    unique = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        unique.append(name if seen[name] == 1 else f"{name} #{seen[name]}")
    return unique


def track(reports: Sequence[NormsReport], norms: Sequence[tuple[str, str]]) -> NormsTable:
    """Build the norm x document table.

    Args:
        reports: One report per input (any order).
        norms: ``(norm_id, short name)`` of every catalogue norm, in catalogue order.

    Returns:
        The table: reports in date order, one row per (norm, document, paragraph).
    """
    ordered = order_reports(reports)
    columns = column_names(ordered)
    names = dict(norms)
    rows: list[TrackRow] = []
    previous: dict[str, str] = {}
    for report, column in zip(ordered, columns, strict=True):
        current: dict[str, list[str]] = {}
        for match in sorted(report.matches, key=lambda m: (RANK.get(m.relation, 9), -m.score)):
            said = _restated(match)
            came, went = _drift(_catalogue_side(match), said)
            before = previous.get(match.norm_id)
            p_came, p_went = _drift(before, said) if before is not None else ((), ())
            rows.append(
                TrackRow(
                    norm_id=match.norm_id,
                    short_name=names.get(match.norm_id, ""),
                    document=column,
                    adoption_date=report.adoption_date,
                    distribution_date=report.distribution_date,
                    paragraph_id=match.paragraph_id,
                    cite=match.cite,
                    relation=match.relation,
                    score=match.score,
                    significance=match.significance,
                    came_since_catalogue=came,
                    went_since_catalogue=went,
                    came_since_previous=p_came,
                    went_since_previous=p_went,
                )
            )
            current.setdefault(match.norm_id, []).append(said)
        previous.update({norm_id: " ".join(texts) for norm_id, texts in current.items()})
    order = {norm_id: i for i, (norm_id, _) in enumerate(norms)}
    position = {name: i for i, name in enumerate(columns)}
    rows.sort(key=lambda r: (order.get(r.norm_id, len(order)), position[r.document]))
    return NormsTable(
        reports=tuple(ordered), norms=tuple(norms), rows=tuple(rows), names=tuple(columns)
    )
