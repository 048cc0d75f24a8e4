"""Header metadata: symbols, dates, sessions, agenda items, sponsors, titles."""

from __future__ import annotations

import pytest

from pipeline.ingest.header import (
    find_symbol,
    iso_date,
    parse_header,
    parse_sponsors,
    split_title,
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # the masthead line of a resolution
        (["United Nations", "A/RES/73/27"], "A/RES/73/27"),
        # pdfium joins the masthead into one line
        (["United Nations A/RES/78/16"], "A/RES/78/16"),
        # the large "A" extracted apart from the rest of the symbol
        (["A", "United Nations /RES/80/16"], "A/RES/80/16"),
        # a revised draft
        (["United Nations A/C.1/75/L.8/Rev.1"], "A/C.1/75/L.8/Rev.1"),
        # a conference room paper
        (["A/AC.290/2021/CRP.2"], "A/AC.290/2021/CRP.2"),
        # a symbol cited in running text is not the document's
        (
            ["The General Assembly recalls its resolution A/RES/73/27 and welcomes the work of"],
            None,
        ),
    ],
)
def test_find_symbol(lines: list[str], expected: str | None) -> None:
    assert find_symbol(lines) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("on 5 December 2018", "2018-12-05"),  # adoption line
        ("Distr.: General 31 December 2024", "2024-12-31"),  # issue date
        ("on 31 February 2020", None),  # no such day
        ("no date here", None),
    ],
)
def test_iso_date(text: str, expected: str | None) -> None:
    assert iso_date(text) == expected


def test_parse_header_of_a_resolution() -> None:
    # The header block of A/RES/78/16 as the text file gives it.
    lines = [
        "United Nations",
        "General Assembly",
        "Distr.: General",
        "6 December 2023",
        "Seventy-eighth session",
        "Agenda item 94",
        "Developments in the field of information and",
        "telecommunications in the context of international security",
        "Resolution adopted by the General Assembly",
        "on 4 December 2023",
        "[on the report of the First Committee (A/78/404, para. 14)]",
    ]
    meta = parse_header(lines)
    assert meta["date"] == "2023-12-06"
    assert meta["adoption_date"] == "2023-12-04"
    assert meta["session"] == 78
    assert meta["agenda_items"] == ["94"]
    assert meta["committee"] == "First Committee"
    assert meta["committee_report"] == "A/78/404"
    assert meta["distribution"] == "General"


@pytest.mark.parametrize(
    ("text", "session", "items"),
    [
        ("Eightieth session Agenda item 97 (d) Prevention", 80, ["97 (d)"]),  # sub-item
        ("Seventy-third session Agenda items 96 and 100", 73, ["96", "100"]),  # two items
        ("Fifty-second session Agenda item 12", 52, ["12"]),  # 1997 layout
        # After (z) the sub-items double: A/RES/80/49 is on item 99 (ee).
        ("Eightieth session Agenda item 99 (ee) General", 80, ["99 (ee)"]),
        ("Eightieth session Agenda items 98 (ss) and 99 (a)", 80, ["98 (ss)", "99 (a)"]),
    ],
)
def test_session_and_agenda(text: str, session: int, items: list[str]) -> None:
    meta = parse_header([text])
    assert meta["session"] == session
    assert meta["agenda_items"] == items


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("Singapore: draft resolution", ["Singapore"]),  # one sponsor
        # names with "and" inside stay whole; the last "and" separates two names
        (
            "Bosnia and Herzegovina, Chile, Trinidad and Tobago and United Kingdom of Great "
            "Britain and Northern Ireland: draft resolution",
            [
                "Bosnia and Herzegovina",
                "Chile",
                "Trinidad and Tobago",
                "United Kingdom of Great Britain and Northern Ireland",
            ],
        ),
        ("Indonesia:* draft resolution", ["Indonesia"]),  # on behalf of a group, footnoted
        # asterisks after a comma or before a name are footnote marks, not names
        ("Nigeria,* and Thailand: draft resolution", ["Nigeria", "Thailand"]),
        ("* Norway and Chile: draft resolution", ["Norway", "Chile"]),
        ("Russian Federation: revised draft resolution", ["Russian Federation"]),
        ("Developments in the field of information", None),  # not a sponsor line
    ],
)
def test_parse_sponsors(block: str, expected: list[str] | None) -> None:
    assert parse_sponsors(block) == expected


def test_split_title() -> None:
    assert split_title("73/27. Developments in the field of\ninformation") == (
        "73/27",
        "Developments in the field of information",
    )
    assert split_title("Note by the Secretariat") == (None, "Note by the Secretariat")
