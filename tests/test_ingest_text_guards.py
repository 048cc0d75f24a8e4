"""The cheap tests that let the text reader skip a pattern (issue 27) never skip a match.

Ingest of a 50,000-line text tried some fifteen patterns a line or block; most are now
tried only on a text that opens as their matches must (a digit, "(", "A", "The ", a
dash) or is short enough, and the masthead words are looked for before the masthead
pattern. Each such test must hold for every text a pattern matches: generated texts
that open with the shapes the patterns know, and any text after them.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest import blocks, clean, layout, structure

OPENINGS = [
    "", " ", "\t", "\u00a0", "\n", "A", "Annex", "Annex IV", "Appendix II ", "Enclosure",
    "1", "12.", "123. ", "1.10 ", "1.2. ", "\u0661\u0662. ", "\uff11. ", "(a) ", "(iv)",
    "(abcd)", "a) ", "z)", "Article 3", "Chapter IV.", "Part II", "Section 2", "The ",
    "The General Assembly,", "The Security Council, recalling", "The Council ,",
    "_____", "\u2014\u2014\u2014\u2014\u2014 ", "-----", "Distr.: General", "Official Records",
    "United Nations", "United Nations A/RES/1", "K", "\u212a", "\u017f",
    "GE.18-21207", "18-21207 (E) 131218", "2/5", "3 / 12 18-21207", "*1821207*", "12",
    "3/12 GE.18-21207", "12. ", "1.", "a) ", "b)c", "\u00e9) ",
    "* Please recycle", "Please recycle", "pLEASE RECYCLE \u2672", "/...", "Page 3", "English",
    "Arabic Page 2", "Chinese", "Agenda item 4", "States should",
]  # fmt: skip
TEXTS = st.builds(
    lambda opening, rest: opening + rest,
    st.sampled_from(OPENINGS),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
    | st.sampled_from(["", ".", " 1", "\n", " word", ", decides", " item 4 (a)"]),
)


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_block_patterns_match_only_what_their_tests_let_through(text: str) -> None:
    # _continues: a whole block's text, stripped, alone a number or a label.
    whole = text.strip()
    if blocks._NUMBER_ONLY.match(whole):
        assert len(whole) <= blocks._NUMBER_ONLY_LONGEST
    if blocks._LABEL_ONLY.match(whole):
        assert whole[:1] in blocks._LABEL_FIRST
    # _continues: the first line of the next block, its spaces before taken off.
    first = text.lstrip()
    if blocks.NUMBERED.match(first) or blocks._NUMBER_ONLY.match(first.strip()):
        assert first[:1].isdecimal() or first[:1] in blocks._NUMBERED_FIRST
    # _opens_block: the line as it is and its text stripped; a text opening with a
    # letter is tried only when ")" follows the letter.
    if blocks.NUMBERED.match(text) or blocks._NUMBER_ONLY.match(whole):
        assert not whole[:1].isalpha() or whole[1:2] == ")"


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_paragraph_patterns_match_only_what_their_tests_let_through(text: str) -> None:
    # _classify: a paragraph's text opens with "A", a digit or "(" before its pattern.
    if structure._ANNEX.match(text):
        assert text[:1] == "A"
    if structure._NESTED.match(text) or structure._OPERATIVE.match(text):
        assert text[:1].isdecimal()
    if structure._POINT.match(text):
        assert text[:1] == "("


@settings(max_examples=800, deadline=None)
@given(TEXTS)
def test_page_patterns_match_only_what_their_tests_let_through(text: str) -> None:
    if clean._SEPARATOR.match(text):
        assert text[:1] in clean._SEPARATOR_FIRST
    # noise_flags: a stripped line tried against the page-furniture patterns.
    line = text.strip()
    if clean._NOISE.match(line):
        first = line[:1]
        assert (
            first.isdecimal() or first in clean._NOISE_FIRST or line.startswith(clean._NOISE_WORDS)
        )
        assert first.isdecimal() or first in clean._NOISE_OPENS or not first
        # A digit opening furniture is not followed (after the digits) by a ".".
        assert not first.isdecimal() or line.lstrip("0123456789")[:1] != "."
    assert layout._is_opening(text) == (structure.OPENING.match(text) is not None)
    if layout._UN_HEADER.search(text):
        assert "Distr." in text or "Official Records" in text or text.startswith("United Nations")


def test_the_masthead_is_found_anywhere_on_a_long_first_page() -> None:
    filler = ["States should cooperate in the use of ICTs."] * 20_000
    assert layout.has_un_header([*filler, "Distr.: General"])
    assert layout.has_un_header(["Official Records", *filler])
    assert layout.has_un_header(["United Nations", *filler])
    assert not layout.has_un_header([*filler, "Redistr.: General"])  # no word boundary
    assert not layout.has_un_header([*filler, "The United Nations"])
    assert not layout.has_un_header(filler)
