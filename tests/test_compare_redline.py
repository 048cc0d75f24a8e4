"""Word-level redlines."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.compare.redline import (
    difflib_matcher,
    indel_matcher,
    redline,
    side,
    split_words,
)

MATCHERS = [difflib_matcher, indel_matcher]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # a verb change reads as one struck phrase and one inserted phrase
        (
            "Welcomes the report of the Group;",
            "Takes note of the report of the Group;",
            [
                ("delete", "Welcomes "),
                ("insert", "Takes note of "),
                ("equal", "the report of the Group;"),
            ],
        ),
        # an insertion in a list of resolutions
        (
            "Recalling its resolutions 73/27 and 73/266,",
            "Recalling its resolutions 73/27, 73/266 and 74/29,",
            [
                ("equal", "Recalling its resolutions 73/27"),
                ("delete", " and "),
                ("insert", ", "),
                ("equal", "73/266"),
                ("insert", " and 74/29"),
                ("equal", ","),
            ],
        ),
        # identical texts: one equal run
        (
            "Decides to remain seized;",
            "Decides to remain seized;",
            [("equal", "Decides to remain seized;")],
        ),
        # from nothing: one insert run
        ("", "Decides;", [("insert", "Decides;")]),
    ],
)
def test_redline_table(old: str, new: str, expected: list[tuple[str, str]]) -> None:
    assert list(redline(old, new)) == expected


@pytest.mark.parametrize("matcher", MATCHERS)
def test_short_equal_runs_between_edits_are_folded(matcher) -> None:  # type: ignore[no-untyped-def]
    # "the" between two rewritten phrases would be character soup; it is folded in
    old = "Member States shall take the necessary measures to protect"
    new = "all States should consider the appropriate steps to protect"
    assert redline(old, new, matcher=matcher) == (
        ("delete", "Member "),
        ("insert", "all "),
        ("equal", "States "),
        ("delete", "shall take the necessary measures "),
        ("insert", "should consider the appropriate steps "),
        ("equal", "to protect"),
    )
    # with folding off, the LCS matcher leaves "the" standing alone
    assert ("equal", "the ") in redline(old, new, matcher=indel_matcher, min_equal=0)


def test_equal_runs_as_long_as_the_edits_are_kept() -> None:
    # "States to" is longer than "Member"/"all" on its left: a reader wants to see it kept
    runs = redline("calls upon Member States to support it", "calls upon all States to consider it")
    assert ("equal", "States to ") in runs


def test_redline_never_splits_words() -> None:
    runs = redline("the organization", "the organizations")
    assert runs == (("equal", "the "), ("delete", "organization"), ("insert", "organizations"))


def test_split_words_keeps_symbols_and_hyphenated_words() -> None:
    assert split_words("A/RES/73/27 and open-\nended, non-State") == [
        "A/RES/73/27 ",
        "and ",
        "open-ended",
        ", ",
        "non-State",
    ]


_words = st.lists(
    st.sampled_from(["States", "shall", "the", "Group", "2019", ",", "not", "ICTs", "report"]),
    max_size=30,
)


@pytest.mark.parametrize("matcher", MATCHERS)
@given(old=_words, new=_words)
def test_sides_rebuild_both_texts(matcher, old: list[str], new: list[str]) -> None:  # type: ignore[no-untyped-def]
    old_text, new_text = " ".join(old), " ".join(new)
    runs = redline(old_text, new_text, matcher=matcher)
    # each side rebuilds its text exactly (whitespace collapsed)
    assert side(runs, "old") == "".join(split_words(old_text))
    assert side(runs, "new") == "".join(split_words(new_text))
    # adjacent runs never share an op, and no run is empty
    assert all(a[0] != b[0] for a, b in zip(runs, runs[1:], strict=False))
    assert all(text for _, text in runs)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # 73/27 -> 73/266 preamble: the space before "and to prevent" joins the insertion
        (
            "for peaceful purposes, with the objective of preventing conflict",
            "for peaceful purposes and to prevent conflict",
            (
                ("equal", "for peaceful purposes"),
                ("delete", ", with the objective of preventing "),
                ("insert", " and to prevent "),
                ("equal", "conflict"),
            ),
        ),
        # L.48 -> 80/66 para 9: a comma and a phrase inserted after "2026"; the space
        # after the comma is the one the draft had, not a deleted space
        (
            "session of 2026 to exploring adjustments",
            "session of 2026, in informal plenary mode, to exploring adjustments",
            (
                ("equal", "session of 2026"),
                ("insert", ","),
                ("equal", " "),
                ("insert", "in informal plenary mode, "),
                ("equal", "to exploring adjustments"),
            ),
        ),
    ],
)
def test_a_space_is_never_an_edit_of_its_own(
    old: str, new: str, expected: tuple[tuple[str, str], ...]
) -> None:
    runs = redline(old, new)
    assert runs == expected
    assert side(runs, "old") == old and side(runs, "new") == new
