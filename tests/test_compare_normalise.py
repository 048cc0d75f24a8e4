"""Normalisation and similarity metrics of the compare stage."""

from __future__ import annotations

import json
import random
import re
import sys
import unicodedata
from pathlib import Path

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
from pipeline.lexicon import strip_numbering

# The module (``pipeline.compare.normalise`` the name is the function ``normalise``).
normalise_module = sys.modules["pipeline.compare.normalise"]


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


# ---------------------------------------------------------------- the quick tokeniser
# Issue 27: each step of the tokeniser now runs only where what it needs is found (an
# abbreviation, the first word of a long form, an ASCII character the table changes,
# a superscript), and the word-marker pattern starts from its digit. The tokeniser as
# it was, every step run on every text, is kept here to check it against.
_OLD_WORD_MARKER = re.compile(r"(?<=[a-z]{3})\d{1,2}(?=[\s,.;:)]|$)|(?<=[a-z)],)\d{1,2}(?=\s)")


def _reference_markers(text: str) -> str:
    text = text.translate(normalise_module._NO_SUPERSCRIPTS)
    if normalise_module._DIGIT.search(text) is None:
        return text
    if ("19" in text or "20" in text) and normalise_module._YEAR_THEN_DIGIT.search(text):
        text = normalise_module._FUSED_YEAR.sub(r"\1", text)
        text = normalise_module._SPACED_YEAR_MARKER.sub(r"\1\2", text)
    if normalise_module._DIGIT_AFTER_WORD.search(text) is None:
        return text
    return _OLD_WORD_MARKER.sub("", text)


def _reference_tokenise(text: str) -> list[str]:
    m = normalise_module
    text = _reference_markers(text)
    text = unicodedata.normalize("NFKC", text)
    text = strip_numbering(text)
    text = text.translate(m._HYPHENS_QUOTES_DASHES)
    if "-" in text:
        text = m._COMPOUND.sub(r"\1 ", text)
        text = m._HYPHEN.sub("", text)
    text = m._ABBREV.sub(lambda g: " " + m._ABBREV_FORMS[g.group(1)] + " ", text).casefold()
    text = m._EXPANSIONS.sub(m._canonical_abbreviation, text)
    return m._TOKEN.findall(text)


_POOL = (
    "ICT ICTs UN UNIDIR UNODA CBMs CBM OEWG GGE information and communications "
    "technologies technology open-ended openended working group united nations "
    "confidence-building measures developments in the field of telecommunications "
    "2021 20132 2010,1 2010, 1 technologies2 Nations,3 abc12 “quoted” 'q' `b` \" – — ‑ "
    "- ­ ¹ ² ½ ﬁ A/RES/73/27 1. (a) 1275. Decides item 3 w20801 ICT-related "
    "technology-related organi- zations May 2 , ; : ) ( é ß İ"
).split(" ")


def _texts() -> list[str]:
    """Every paragraph and footnote of the golden documents, and 20,000 texts of
    fragments drawn from what each step reads."""
    found: list[str] = []
    for path in sorted((Path(__file__).parent / "golden").glob("[!d]*.json")):  # not diffs
        doc = json.loads(path.read_text(encoding="utf-8"))
        # Rows: a paragraph's text is its last field, a footnote's its second.
        found += [row[-1] for row in doc["paragraphs"]] + [row[1] for row in doc["footnotes"]]
    rng = random.Random(27)
    gaps = [" ", "", ",", "\n", "-", "s", "2"]
    for _ in range(20_000):
        n = rng.randrange(12)
        found.append("".join(rng.choice(_POOL) + rng.choice(gaps) for _ in range(n)))
    return found


def test_the_quick_tokeniser_is_the_reference() -> None:
    texts = _texts()
    assert len(texts) > 20_500  # the golden documents were read (536 texts)
    for text in texts:
        assert normalise_module._tokenise(text) == _reference_tokenise(text), text
        assert strip_footnote_markers(text) == _reference_markers(text), text


def test_the_marker_pattern_from_its_digit_matches_as_before() -> None:
    rng = random.Random(5)
    alphabet = "abz)A,.;: \n0123456789"
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(14)))
        spans = [m.span() for m in normalise_module._WORD_MARKER.finditer(text)]
        assert spans == [m.span() for m in _OLD_WORD_MARKER.finditer(text)], text
