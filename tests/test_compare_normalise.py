"""Normalisation and similarity metrics of the compare stage."""

from __future__ import annotations

import pytest

from pipeline.compare.normalise import (
    bag_containment,
    containment,
    normalise,
    strip_footnote_markers,
    token_jaccard,
    token_ratio,
    tokenise,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # numbering of operative paragraphs and sub-items
        ("1. Decides to convene a group;", "7. Decides to convene a group;"),
        ("(a) To be guided by the reports;", "(iv) To be guided by the reports;"),
        # line breaks and hyphenation at a line end
        ("the open-\nended working group", "the open-ended working group"),
        ("civil society organi-\nzations", "civil society organizations"),
        # curly and straight quotes, and case
        ("the item entitled “Developments”", 'The item entitled "developments"'),
        # footnote markers fused to years, spaced after years, glued to words
        ("the 2010,1 20132 and 20153 reports", "the 2010, 1 2013 2 and 2015 3 reports"),
        ("the 2010, 2013 and 2015 reports", "the 2010,1 20132 and 20153 reports"),
        ("information technologies2 and", "information technologies and"),
        ("superscript marker¹ here", "superscript marker here"),
        # known abbreviations and their expansions
        ("the use of ICTs", "the use of information and communications technologies"),
        ("an ICT environment", "an information and communication technology environment"),
        ("the OEWG met", "the open-ended working group met"),
        ("the GGE reports", "the Group of Governmental Experts reports"),
        ("UN Charter", "United Nations Charter"),
    ],
)
def test_normalise_ignores_what_does_not_change_meaning(a: str, b: str) -> None:
    assert normalise(a) == normalise(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # a changed number is a change
        ("in 2019", "in 2021"),
        # ICT (singular) and ICTs (plural) stay apart
        ("the ICT", "the ICTs"),
        # a changed symbol is a change
        ("resolution 73/27", "resolution 73/266"),
    ],
)
def test_normalise_keeps_what_matters(a: str, b: str) -> None:
    assert normalise(a) != normalise(b)


def test_symbols_stay_one_token() -> None:
    assert "a/res/73/27" in tokenise("see A/RES/73/27.")
    assert "a/ac.292/2025/inf/5/rev.1" in tokenise("document A/AC.292/2025/INF/5/Rev.1,")


def test_footnote_markers_keep_real_numbers() -> None:
    # "on 5 December 2018" must keep the day and the year; job numbers stay whole
    assert strip_footnote_markers("on 5 December 2018 the") == "on 5 December 2018 the"
    assert strip_footnote_markers("18-21207 (E)") == "18-21207 (E)"
    assert strip_footnote_markers("reports of 20132 and") == "reports of 2013 and"


@pytest.mark.parametrize("metric", [token_ratio, token_jaccard])
def test_metrics_are_in_unit_interval_and_short_circuit(metric) -> None:  # type: ignore[no-untyped-def]
    assert metric(["a", "b"], ["a", "b"]) == 1.0
    assert metric([], []) == 1.0
    assert metric(["a"], []) == 0.0
    value = metric(["a", "b", "c"], ["a", "x", "c"])
    assert 0.0 < value < 1.0


def test_token_ratio_is_word_lcs() -> None:
    # 2 * LCS(3) / (4 + 4)
    assert token_ratio(list("abcd"), list("abxd")) == pytest.approx(0.75)


def test_containment_reads_order_and_bag_does_not() -> None:
    assert containment(["b", "a"], ["a", "b", "c"]) == 0.5
    assert bag_containment(["b", "a"], ["a", "b", "c"]) == 1.0
    assert containment([], ["a"]) == 0.0


def test_typeset_hyphens_are_hyphens() -> None:
    # adopted resolutions set U+2011 (non-breaking hyphen) where drafts have "-"
    assert normalise("non\u2011proliferation") == normalise("non-proliferation")
    assert normalise("non\u00adproliferation") == normalise("nonproliferation")
    # an en dash between years is a break, not a hyphen
    assert tokenise("2021–2025") == ["2021", "2025"]
