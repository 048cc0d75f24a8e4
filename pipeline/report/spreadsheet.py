"""Cells that spreadsheets read as text: document text must never become a formula.

A CSV or XLSX cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) is run as a formula by Excel, LibreOffice and Google Sheets. Text
taken from a document is data, so such a cell is written with a leading apostrophe,
which the spreadsheet shows as text and hides.
"""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """Return ``value`` as a spreadsheet shows it as text; numbers and None pass through.

    Args:
        value: One cell of a CSV or XLSX row.

    Returns:
        The value, with an apostrophe before a string that a spreadsheet would read as
        a formula ("=1+1" becomes "'=1+1").
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value
