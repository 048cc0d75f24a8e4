"""Spreadsheet cells: document text that looks like a formula is written as text."""

import pytest

from pipeline.report.spreadsheet import safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),  # a formula
        ("+1", "'+1"),  # a sum in some spreadsheets
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),  # a tab before the formula is skipped by some readers
        ("Recalling its resolution 73/27", "Recalling its resolution 73/27"),  # plain text
        ("a-b", "a-b"),  # a hyphen inside is fine
        ("", ""),
        (-3, -3),  # numbers stay numbers
        (None, None),
    ],
)
def test_safe_cell(value: object, expected: object) -> None:
    assert safe_cell(value) == expected
