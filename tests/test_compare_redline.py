"""Word-level redlines."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.compare.redline import (
    _key,
    _one_edit,
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


def _through_matcher(matcher):  # type: ignore[no-untyped-def]
    """``matcher`` under another name: ``redline`` takes no shortcut for it, so this is
    the reference, every region found from the matcher's opcodes."""
    return lambda a, b: matcher(a, b)


def _one_edit_of(old: str, new: str):  # type: ignore[no-untyped-def]
    a, b = split_words(old), split_words(new)
    return _one_edit(a, b, [_key(t) for t in a], [_key(t) for t in b])


# Few words, stop words and punctuation among them, so that the head and tail of a pair
# repeat their words and difflib's junk rules come into play.
_few = st.lists(st.sampled_from(["y", "x", "States", "the", "of", ".", ","]), max_size=20)
_put = st.lists(st.sampled_from(["Z", "W", "y", "the", "."]), max_size=3)


@pytest.mark.parametrize("matcher", MATCHERS)
@given(words=_few, start=st.integers(0, 20), size=st.integers(0, 4), put=_put)
def test_one_run_pairs_read_as_the_matcher_reads_them(  # type: ignore[no-untyped-def]
    matcher, words: list[str], start: int, size: int, put: list[str]
) -> None:
    edited = words[:start] + put + words[start + size :]
    for old, new in ((words, edited), (edited, words)):
        old_text, new_text = " ".join(old), " ".join(new)
        expected = redline(old_text, new_text, matcher=_through_matcher(matcher))
        assert redline(old_text, new_text, matcher=matcher) == expected


def test_the_shortcut_takes_tiny_paragraphs_and_leaves_touching_repeats() -> None:
    # The hostile round's pairs: a number and an item changed, "." held twice.
    assert _one_edit_of("29721. Decides item 5.", "29652. Decides item 5.") is not None
    assert _one_edit_of("Decides item 5.", "Decides item 9.") is not None
    # An insertion whose head and tail hold "y" three times: difflib matches "y y"
    # across head and tail, so the shortcut must leave it to difflib.
    assert _one_edit_of("y y y", "y z y y") is None
    assert redline("y y y", "y z y y") == redline(
        "y y y", "y z y y", matcher=_through_matcher(difflib_matcher)
    )
    # The same words, spaced or quoted otherwise: one equal region, spaces kept apart.
    for old, new in (("Decides,item 5", "Decides, item 5"), ("“item”", '"item"')):
        assert redline(old, new) == redline(old, new, matcher=_through_matcher(difflib_matcher))
    assert side(redline("Decides,item 5", "Decides, item 5"), "old") == "Decides,item 5"
    # Two runs changed, or the run's words found on the other side: the matcher's.
    assert _one_edit_of("7649. Decides item 5.", "7652. Decides item 9.") is None
    assert _one_edit_of("keep item 5 under review", "item 5 keep under review") is None


def test_real_paragraphs_with_one_run_edited_read_as_the_matcher_reads_them(
    corpus: Path,
) -> None:
    from pipeline.ingest import load_document

    rng = random.Random(27)
    texts = [
        p.text
        for name in ("resolutions/A_RES_73_27.txt", "resolutions/A_RES_75_240.txt")
        for p in load_document(corpus / name).paragraphs
    ]
    taken = 0
    for text in texts:
        words = text.split()
        for put in ([], ["cyberspace"], ["States", "the"]):
            start = rng.randrange(len(words) + 1)
            edited = " ".join(words[:start] + put + words[start + rng.randrange(3) :])
            taken += _one_edit_of(text, edited) is not None
            for matcher in MATCHERS:
                expected = redline(text, edited, matcher=_through_matcher(matcher))
                assert redline(text, edited, matcher=matcher) == expected
    assert taken > 20  # the shortcut was taken (60 times of 216), not only declined


def test_a_comparison_redlines_each_pair_of_texts_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from factories import make_doc

    import pipeline.compare.diff as diff

    asked: list[tuple[str, str]] = []

    def counted(old_text: str, new_text: str, **options):  # type: ignore[no-untyped-def]
        asked.append((old_text, new_text))
        return redline(old_text, new_text, **options)

    monkeypatch.setattr(diff, "redline", counted)
    old = make_doc([], [f"Decides to keep item {n % 3} under review." for n in range(30)])
    new = make_doc([], [f"Decides to hold item {n % 3} under review." for n in range(30)])
    report = diff.compare(old, new)
    redlined = [c for c in report.changes if c.tokens]
    assert len(redlined) == 30
    assert sorted(asked) == sorted(set(asked)) and len(asked) == 3
    for change in redlined:
        assert change.tokens == redline(change.old_text, change.new_text)
