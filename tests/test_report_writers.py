"""JSON and Markdown writers of diff reports."""

from __future__ import annotations

import io
import json

import pytest
from factories import make_doc

from pipeline.compare import compare, compare_chain
from pipeline.document import DiffReport
from pipeline.report.json import write_json
from pipeline.report.markdown import escape, format_markdown, write_markdown

OLD = make_doc(
    ["Recalling its resolution 73/27 of 5 December 2018,"],
    [
        "Welcomes the report of the Group of Governmental Experts;",
        "Decides to remain seized of the matter;",
        "Requests the Secretary-General to report at its seventy-fourth session;",
    ],
    symbol="A/RES/73/27",
)
NEW = make_doc(
    ["Recalling its resolution 73/27 of 5 December 2018,"],
    [
        "Takes note of the report of the Group of Governmental Experts;",
        "Decides to remain seized of the matter;",
        "Invites States to submit *views* on <b>threats</b> | [links](x) _now_;",
    ],
    symbol="A/RES/75/240",
)


@pytest.fixture(scope="module")
def report() -> DiffReport:
    return compare(OLD, NEW)


def test_json_follows_the_contract(report: DiffReport) -> None:
    fp = io.StringIO()
    write_json(report, fp)
    data = json.loads(fp.getvalue())
    assert data["old"] == {"symbol": "A/RES/73/27", "title": "A test resolution"}
    assert {
        "unchanged",
        "modified",
        "moved",
        "split",
        "merged",
        "added",
        "deleted",
        "similarity",
    } <= set(data["summary"])
    change = next(c for c in data["changes"] if c["kind"] == "modified")
    assert set(change) >= {"kind", "old_ids", "new_ids", "old_text", "new_text", "tokens", "flags"}
    assert change["flags"] == ["operative_verb", "weakened"]
    assert all(op in ("equal", "insert", "delete") for op, _ in change["tokens"])
    assert DiffReport.from_dict(data) == report


def test_json_chain_is_an_array() -> None:
    fp = io.StringIO()
    write_json(compare_chain([OLD, NEW, OLD]), fp)
    data = json.loads(fp.getvalue())
    assert [(d["old"]["symbol"], d["new"]["symbol"]) for d in data] == [
        ("A/RES/73/27", "A/RES/75/240"),
        ("A/RES/75/240", "A/RES/73/27"),
    ]


def test_markdown_shows_summary_and_redline(report: DiffReport) -> None:
    text = format_markdown(report)
    assert text.startswith("## A/RES/73/27 → A/RES/75/240")
    assert "| 2 | 1 | 0 | 0 | 0 | 1 | 1 |" in text  # counts row
    assert "~~Welcomes~~ **Takes note of** the report" in text
    assert "Flags: `operative_verb`, `weakened`" in text
    # unchanged paragraphs are left out unless asked for
    assert "remain seized" not in text
    assert "remain seized" in format_markdown(report, unchanged=True)


def test_markdown_escapes_document_text(report: DiffReport) -> None:
    text = format_markdown(report)
    assert "\\*views\\*" in text and "\\<b\\>threats\\</b\\>" in text
    assert "\\[links\\](x)" in text and "\\_now\\_" in text and "\\|" in text
    assert "<b>" not in text


@pytest.mark.parametrize(
    ("raw", "escaped"),
    [
        ("a*b", "a\\*b"),  # emphasis
        ("x\n\ny", "x y"),  # line breaks collapse
        ("<script>", "\\<script\\>"),  # raw HTML
        ("plain text, 73/27.", "plain text, 73/27."),  # nothing to escape
    ],
)
def test_escape(raw: str, escaped: str) -> None:
    assert escape(raw) == escaped


def test_write_markdown_chain_has_a_section_per_step() -> None:
    fp = io.StringIO()
    write_markdown(compare_chain([OLD, NEW, OLD]), fp)
    assert fp.getvalue().count("\n## ") == 2
