"""Character-level finders: document symbols, resolution references, dates, votes."""

from __future__ import annotations

import pytest

from pipeline.lexicon import normalise_symbol
from pipeline.nlp.patterns import (
    find_dates,
    find_symbols,
    find_votes,
    parse_vote,
)
from pipeline.nlp.references import find_resolution_refs


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("A/RES/73/27", "A/RES/73/27"),  # resolution
        ("A/C.1/75/L.8/Rev.1", "A/C.1/75/L.8/Rev.1"),  # First Committee draft, revised
        ("a/c.1/75/l.8/rev.1", "A/C.1/75/L.8/Rev.1"),  # lower case from a URL
        ("A/C.1/75/L.8/REV.1", "A/C.1/75/L.8/Rev.1"),  # upper-case revision
        ("A/70/174", "A/70/174"),  # report of the Secretary-General
        ("A/AC.290/2021/CRP.2", "A/AC.290/2021/CRP.2"),  # OEWG conference room paper
        ("S/RES/2341 (2017)", "S/RES/2341 (2017)"),  # Security Council, with its year
        ("S/RES/2341  (2017)", "S/RES/2341 (2017)"),  # extra space collapsed
        ("A/67/53/Corr.1", "A/67/53/Corr.1"),  # corrigendum
        ("A/67/53/corr.1", "A/67/53/Corr.1"),  # corrigendum in lower case
        ("A/ 73 /27", "A/73/27"),  # spaces left by a PDF
    ],
)
def test_normalise_symbol(raw: str, expected: str) -> None:
    assert normalise_symbol(raw) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # footnote list: three symbols, final full stop left out
        ("A/65/201, A/68/98 and A/70/174.", ["A/65/201", "A/68/98", "A/70/174"]),
        # symbols in brackets, with a corrigendum
        ("(A/67/53 and A/67/53/Corr.1), chap. IV", ["A/67/53", "A/67/53/Corr.1"]),
        # the Security Council year belongs to the symbol
        ("see S/RES/2341 (2017) on", ["S/RES/2341 (2017)"]),
        # a draft and a conference room paper
        (
            "A/C.1/75/L.8/Rev.1 and A/AC.290/2021/CRP.2",
            ["A/C.1/75/L.8/Rev.1", "A/AC.290/2021/CRP.2"],
        ),
        # "A/S" has no digit: not a symbol; "and/or" is lower case
        ("an A/S ratio and/or more", []),
        # a URL path is not a symbol
        ("undocs.org/A/RES/73/27", []),
        # a space after a slash, as the 2018 General Debate speeches print verbatim
        # records (Cuba, Spain 2018): one symbol, normalised without the space
        ("(A/70/ PV.14, p.6)", ["A/70/PV.14"]),
        ("(see A/73/ PV.6), now", ["A/73/PV.6"]),
        # a slash and a space in prose: the word after it is not a symbol part
        ("in A/73/ The report and A/ B tests", []),
    ],
)
def test_find_symbols(text: str, expected: list[str]) -> None:
    found = list(find_symbols(text))
    assert [m.norm_id for m in found] == expected
    assert all(m.label == "DOC_SYMBOL" for m in found)


def test_symbol_broken_by_a_space_keeps_its_printed_span() -> None:
    text = "Martí said it (A/70/ PV.14, p.6)"
    (found,) = find_symbols(text)
    assert text[found.start : found.end] == "A/70/ PV.14"
    assert found.norm_id == "A/70/PV.14"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # day month year
        ("adopted on 5 December 2018 by", [("5 December 2018", "2018-12-05")]),
        # month and year only
        ("its organizational session in June 2019 in", [("June 2019", "2019-06")]),
        # US order in a national statement
        ("on December 5, 2018, the", [("December 5, 2018", "2018-12-05")]),
        # footnote marker 4 fused to the year: left out of the span
        ("of 5 July 20124 and", [("5 July 2012", "2012-07-05")]),
        # a line break inside the date
        ("of 7 December\n1988,", [("7 December\n1988", "1988-12-07")]),
        # bare years and lower-case "may" are not dates
        ("in its 2015 report, States may", []),
        # day 41 is not a day; the month and year still are
        ("41 March 2020", [("March 2020", "2020-03")]),
    ],
)
def test_find_dates(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(text[m.start : m.end], m.norm_id) for m in find_dates(text)] == expected


A_RES_73_27_PREAMBLE_1 = (
    "Recalling its resolutions 36/103 of 9 December 1981, 43/78 H of 7 December 1988, "
    "53/70 of 4 December 1998, 54/49 of 1 December 1999, 55/28 of 20 November 2000, "
    "56/19 of 29 November 2001, 57/53 of 22 November 2002, 58/32 of 8 December 2003, "
    "59/61 of 3 December 2004, 60/45 of 8 December 2005, 61/54 of 6 December 2006, "
    "62/17 of 5 December 2007, 63/37 of 2 December 2008, 64/25 of 2 December 2009, "
    "65/41 of 8 December 2010, 66/24 of 2 December 2011, 67/27 of 3 December 2012, "
    "68/243 of 27 December 2013, 69/28 of 2 December 2014, 70/237 of 23 December 2015 "
    "and 71/28 of 5 December 2016,"
)


def test_resolution_list_gives_one_ref_per_resolution() -> None:
    refs = list(find_resolution_refs(A_RES_73_27_PREAMBLE_1))
    assert len(refs) == 21
    assert (refs[0].norm_id, refs[0].date) == ("A/RES/36/103", "1981-12-09")
    assert (refs[1].norm_id, refs[1].date) == ("A/RES/43/78 H", "1988-12-07")
    assert A_RES_73_27_PREAMBLE_1[refs[1].start : refs[1].end] == "43/78 H"
    assert (refs[-1].norm_id, refs[-1].date) == ("A/RES/71/28", "2016-12-05")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a single reference with no date
        ("recommended in resolution 71/28 entitled", [("A/RES/71/28", None)]),
        # two, joined by "and", no dates
        ("resolutions 73/27 and 73/266,", [("A/RES/73/27", None), ("A/RES/73/266", None)]),
        # Human Rights Council: its own series; footnote markers fused to the years
        (
            "Human Rights Council resolutions 20/8 of 5 July 20124 and 26/13 of 26 June 20145 on",
            [("A/HRC/RES/20/8", "2012-07-05"), ("A/HRC/RES/26/13", "2014-06-26")],
        ),
        # Security Council resolution with its year
        ("Security Council resolution 2341 (2017)", [("S/RES/2341 (2017)", None)]),
        # General Assembly named before the list; the second item has no date
        (
            "General Assembly resolutions 68/167 of 18 December 2013 and 69/166",
            [("A/RES/68/167", "2013-12-18"), ("A/RES/69/166", None)],
        ),
        # General Assembly decisions are in their own series
        (
            "Recalling also its decisions 77/512 of 7 December 2022 and 78/541",
            [("A/DEC/77/512", "2022-12-07"), ("A/DEC/78/541", None)],
        ),
        # Economic and Social Council resolutions are numbered by year (A/RES/80/10)
        (
            "its resolutions 53/199 of 15 December 1998 and 61/185 of 20 December 2006 on the "
            "proclamation of international years, and Economic and Social Council resolution "
            "1980/67 of 25 July 1980 on",
            [
                ("A/RES/53/199", "1998-12-15"),
                ("A/RES/61/185", "2006-12-20"),
                ("E/RES/1980/67", "1980-07-25"),
            ],
        ),
        # the Council named after the number (A/79/PV.64), or not at all (A/52/622)
        (
            "established in resolution 1980/67 of the Economic and Social Council in order",
            [("E/RES/1980/67", None)],
        ),
        (
            "its debate and its resolution 1997/66 of 25 July 1997",
            [("E/RES/1997/66", "1997-07-25")],
        ),
        # a year-numbered reference next to a session-numbered one, and a decision
        ("resolutions 73/27 and 1996/31", [("A/RES/73/27", None), ("E/RES/1996/31", None)]),
        ("Council decision 2004/322", [("E/DEC/2004/322", None)]),
        # "resolution" with no number after it
        ("the draft resolution as a whole", []),
    ],
)
def test_find_resolution_refs(text: str, expected: list[tuple[str, str | None]]) -> None:
    assert [(m.norm_id, m.date) for m in find_resolution_refs(text)] == expected


@pytest.mark.parametrize(
    ("text", "norm_id"),
    [
        ("adopted by a recorded vote of 92 to 50, with 21 abstentions", "92-50-21"),  # recorded
        ("was adopted by 119 votes to 46, with 14 abstentions.", "119-46-14"),  # plenary form
        ("by a vote of 163 to 10 with 7 abstentions", "163-10-7"),  # no comma
        ("by 150 votes to 2, with no abstentions", "150-2-0"),  # none abstained
        ("(138 in favour, 12 against and 16 abstentions)", "138-12-16"),  # press-release form
        ("adopted without a vote", None),  # no count, no VOTE
    ],
)
def test_find_votes(text: str, norm_id: str | None) -> None:
    found = [m.norm_id for m in find_votes(text)]
    assert found == ([norm_id] if norm_id else [])


def test_parse_vote() -> None:
    assert parse_vote("92-50-21") == (92, 50, 21)
