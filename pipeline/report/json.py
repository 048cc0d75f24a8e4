"""Write diff reports as JSON (the contract in DESIGN.md). Formats; computes nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from pipeline.document import DiffReport, json_fields
from pipeline.report.legend import legend
from pipeline.report.records import write_json as write_json_value


def _payload(report: DiffReport) -> dict[str, object]:
    """A report as JSON data, with the legend of its kinds, flags and significance.

    Its fields as they are: the JSON writer writes the changes as their ``to_dict`` is
    (``json_fields``), without a copy of each made first.
    """
    return {**json_fields(report), "legend": legend()}


def write_json(reports: DiffReport | Sequence[DiffReport], fp: TextIO) -> None:
    """Write one report as a JSON object, or a chain of reports as a JSON array.

    Each report carries a ``legend``: what its kinds, flags and significance mean.

    Args:
        reports: A DiffReport, or the reports of a chain's steps.
        fp: A text stream to write to.
    """
    if isinstance(reports, DiffReport):
        payload: object = _payload(reports)
    else:
        payload = [_payload(report) for report in reports]
    write_json_value(payload, fp)


def write_json_lines(reports: DiffReport | Sequence[DiffReport], fp: TextIO) -> None:
    """Write each report (each step of a chain) as one JSON object on its own line.

    Args:
        reports: A DiffReport, or the reports of a chain's steps.
        fp: A text stream to write to.
    """
    steps = [reports] if isinstance(reports, DiffReport) else list(reports)
    for report in steps:
        write_json_value(_payload(report), fp, lines=True)
