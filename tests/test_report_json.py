"""The JSON of a diff report: what ``to_dict`` gives, written without copying it first."""

from __future__ import annotations

import io
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from factories import make_doc
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.compare import compare, compare_chain
from pipeline.document import DiffReport, Paragraph, json_fields
from pipeline.report.json import write_json, write_json_lines
from pipeline.report.legend import legend
from pipeline.report.output import escape_c1
from pipeline.report.records import dumps_json


def _c1_escaped(text: str) -> str:
    return re.sub("[\x80-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


def _reference(report: DiffReport, *, lines: bool) -> str:
    """The report as it was written: ``to_dict`` first, then json.dumps, C1 escaped."""
    payload = {**report.to_dict(), "legend": legend()}
    if lines:
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    else:
        text = json.dumps(payload, ensure_ascii=False, indent=2)
    return _c1_escaped(text) + "\n"


def _written(write, report: DiffReport) -> str:  # type: ignore[no-untyped-def]
    fp = io.StringIO()
    write(report, fp)
    return fp.getvalue()


# Every kind of change, flags, overlaps, a C1 character, quotes and a lone surrogate.
OLD = make_doc(
    ["Recalling its resolution 73/27 of 5 December 2018,", "Noting the \x85 “report”,"],
    [
        "Welcomes the report of the Group of Governmental Experts;",
        "Decides to remain seized of the matter;",
        "Requests the Secretary-General to report; and invites States to reply \ud800;",
        "Calls upon Member States to keep the item under review at its next session;",
    ],
)
NEW = make_doc(
    ["Recalling its resolution 75/240 of 31 December 2020,", "Noting the \x85 «report»,"],
    [
        "Decides to remain seized of the matter;",
        "Takes note of the report of the Group of Governmental Experts;",
        "Requests the Secretary-General to report;",
        "Invites States to reply \ud800;",
        "Establishes a new open-ended working group on security of and in the use of ICTs;",
    ],
)


def test_a_report_is_written_as_its_to_dict_is() -> None:
    report = compare(OLD, NEW)
    kinds = {c.kind for c in report.changes}
    assert {"moved", "modified", "added"} <= kinds and any(c.flags for c in report.changes)
    assert _written(write_json_lines, report) == _reference(report, lines=True)
    assert _written(write_json, report) == _reference(report, lines=False)
    chain = compare_chain([OLD, NEW, OLD])
    assert _written(write_json_lines, chain) == "".join(
        _reference(step, lines=True) for step in chain
    )
    assert "\\u0085" in _written(write_json_lines, report)


def test_real_reports_are_written_as_their_to_dict_is(corpus: Path) -> None:
    from pipeline.ingest import load_document

    old = load_document(corpus / "resolutions/A_RES_73_27.txt")
    for name in ("resolutions/A_RES_73_266.txt", "resolutions/A_RES_75_240.txt"):
        report = compare(old, load_document(corpus / name))
        assert report.changes and report.overlaps
        assert _written(write_json_lines, report) == _reference(report, lines=True)
        assert _written(write_json, report) == _reference(report, lines=False)


def test_json_fields_are_what_to_dict_writes_and_nothing_else_is() -> None:
    paragraph = Paragraph(
        id="para_1", kind="operative", number="1", text="a", page=1, footnotes=("1", "2")
    )
    assert json.loads(json.dumps(paragraph, default=json_fields)) == paragraph.to_dict()
    document = replace(make_doc(["Recalling,"]), source_text="Recalling,")
    assert json.loads(json.dumps(document, default=json_fields)) == document.to_dict()
    with pytest.raises(TypeError, match="set is not JSON serializable"):
        dumps_json({"a": {1, 2}})


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    text=st.text(
        alphabet=st.sampled_from(
            [
                "a",
                "\x7f",
                "\x80",
                "\x85",
                "\x9f",
                "\xa0",
                "\xbf",
                "\xc0",
                "é",
                "→",
                "\ud800",
                "\U0001f600",
            ]
        )
    )
)
def test_escape_c1_finds_every_c1_character(text: str) -> None:
    assert escape_c1(text) == _c1_escaped(text)
