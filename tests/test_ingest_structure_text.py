"""Block text made faster (issue 26) gives what the patterns gave, on generated text.

The references are the code before: ``\\s{2,}`` substituted over every text, the lines
joined one by one with the hyphen rule, and both tidying patterns run on every block.
"""

from __future__ import annotations

import random
import re
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.ingest.blocks import MARK_CLOSE, MARK_OPEN, strip_markers
from pipeline.ingest.clean import LINE_BREAK_HYPHEN, collapse_spaces, join_lines

SPACE_RUNS = re.compile(r"\s{2,}")
SPACE_BEFORE_PUNCT = re.compile(r"\s+(?=[,.;:])")
MARKED = re.compile(f"{MARK_OPEN}(\\d+){MARK_CLOSE}")
# Every character \s matches, ASCII letters and punctuation, and some that look alike.
WHITESPACE = [c for c in map(chr, range(sys.maxunicode + 1)) if re.match(r"\s", c)]
ALPHABET = WHITESPACE + list("ab-Z9.,;:()") + [" "] * 8 + ["\u00ad", "\u200b", "é", "\ufeff"]


def _text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(size))


def reference_join(parts: list[str]) -> str:
    pieces: list[str] = []
    tail = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not pieces:
            joiner = ""
        elif tail.endswith("-") and len(tail) > 1 and tail[-2].isalpha() and part[:1].isalnum():
            pieces[-1] = pieces[-1][:-1]
            joiner = LINE_BREAK_HYPHEN
        else:
            joiner = " "
        pieces += [joiner, part]
        tail = (joiner + part)[-2:]
    return SPACE_RUNS.sub(" ", "".join(pieces))


def reference_strip(text: str) -> tuple[str, tuple[str, ...]]:
    markers = MARKED.findall(text)
    clean = MARKED.sub("", text)
    return SPACE_BEFORE_PUNCT.sub("", SPACE_RUNS.sub(" ", clean)).strip(), tuple(markers)


def test_only_a_space_is_printable_whitespace() -> None:
    # What collapse_spaces rests on: any other \s character makes a text unprintable.
    assert [c for c in WHITESPACE if c.isprintable()] == [" "]


def test_collapse_spaces_is_the_pattern() -> None:
    rng = random.Random(26)
    for _ in range(5000):
        text = _text(rng, rng.randint(0, 20))
        assert collapse_spaces(text) == SPACE_RUNS.sub(" ", text), repr(text)


def test_join_lines_is_the_line_by_line_join() -> None:
    rng = random.Random(27)
    for _ in range(5000):
        parts = [_text(rng, rng.randint(0, 8)) for _ in range(rng.randint(1, 5))]
        assert join_lines(parts) == reference_join(parts), parts
    assert join_lines(["consensus-", "driven", "work -", "x"]) == (
        f"consensus{LINE_BREAK_HYPHEN}driven work - x"
    )


def test_strip_markers_is_both_patterns() -> None:
    rng = random.Random(28)
    for _ in range(5000):
        pieces = [_text(rng, rng.randint(0, 6)) for _ in range(3)]
        text = f"{MARK_OPEN}{rng.randint(0, 99)}{MARK_CLOSE}".join(pieces)
        for candidate in (text, pieces[0]):
            assert strip_markers(candidate) == reference_strip(candidate), repr(candidate)


def test_unreadable_characters_are_counted_as_the_patterns_count_them() -> None:
    from pipeline.ingest.damage import _CID, _UNREADABLE, unreadable

    rng = random.Random(29)
    odd = ["\ufffd", "\x00", "\x1f", "\x85", "\ue000", "\U000f0000", "\U0010fffd", "(cid:12)"]
    for _ in range(5000):
        text = "".join(rng.choice(ALPHABET + odd) for _ in range(rng.randint(0, 20)))
        compact = "".join(text.split())
        expected = len(_UNREADABLE.findall(compact)) + sum(len(m) for m in _CID.findall(text))
        assert unreadable([text], compact, printable=compact.isprintable()) == expected, text
    # Every character the pattern counts, but U+FFFD, makes a text unprintable.
    counted = [chr(c) for c in range(sys.maxunicode + 1) if _UNREADABLE.match(chr(c))]
    assert [c for c in counted if c.isprintable()] == ["\ufffd"]


def test_a_line_is_the_symbol_as_when_compared_whole() -> None:
    from pipeline.ingest.clean import is_noise

    rng = random.Random(30)
    pieces = ["A", "/", "C.1", "78", "L.5", " ", "  ", "\u00a0", "x"]
    for _ in range(5000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 6)))
        symbol = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 5)))
        whole = bool(symbol) and text.strip().replace(" ", "") == symbol.replace(" ", "")
        noise = whole or clean_noise(text.strip())
        assert is_noise(text, symbol) == noise, (text, symbol)


def clean_noise(stripped: str) -> bool:
    from pipeline.ingest.clean import _NOISE

    return _NOISE.match(stripped) is not None


def test_damage_reads_paragraphs_as_the_split_text() -> None:
    from pipeline.document import Document, Paragraph
    from pipeline.ingest.damage import damage

    rng = random.Random(31)
    odd = ["\ufffd", "\x00", "\ue000", "(cid:1)", "\u4f00", "\u2019"]
    for _ in range(3000):
        texts = [
            "".join(rng.choice(ALPHABET + odd * 3) for _ in range(rng.randint(1, 30)))
            for _ in range(rng.randint(1, 4))
        ]
        paragraphs = tuple(
            Paragraph(id=f"p{i}", kind="other", number=None, text=t, page=1, index=i)
            for i, t in enumerate(texts)
        )
        doc = Document(symbol=None, title=None, doc_type="other", paragraphs=paragraphs, pages=1)
        assert damage(doc, pdf=True) == reference_damage(texts), texts


def reference_damage(texts: list[str]) -> str | None:
    """damage() of a one-page PDF as it was: the text split at whitespace."""
    from pipeline.ingest.damage import _CID, _UNREADABLE, _WIDE

    text = "\n".join(texts)
    compact = "".join(text.split())
    bad = len(_UNREADABLE.findall(compact)) + sum(len(m) for m in _CID.findall(text))
    if bad > 0.02 * len(compact):
        return f"garbled text: {bad:,} of {len(compact):,} characters are unreadable"
    wide = _WIDE.findall(compact)
    if len(wide) >= 10 and sum(1 for c in wide if ord(c) & 0xFF == 0) > 0.1 * len(wide):
        return "garbled text: characters read with their bytes in the wrong order"
    if len(compact) < 100:
        return f"almost no text: {len(compact)} characters on 1 page (damaged file?)"
    return None


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_no_line_of_page_furniture_is_passed_over(data: st.DataObject) -> None:
    # is_noise tries the patterns only on lines opening with a character one of them
    # can open with: every line a pattern matches must still be found.
    from pipeline.ingest.clean import NOISE_PATTERNS, is_noise

    pattern = data.draw(st.sampled_from(NOISE_PATTERNS))
    line = data.draw(st.from_regex(pattern, fullmatch=True))
    assert is_noise(line) == clean_noise(line.strip()), repr(line)
    assert is_noise(line) or line.strip() != line  # a match, unless stripping changed it


def test_a_block_stripped_of_its_markers_reads_as_when_joined_collapsed() -> None:
    # Block.text leaves whitespace runs to strip_markers (join_parts, not join_lines).
    from pipeline.ingest.clean import join_parts

    rng = random.Random(32)
    for _ in range(5000):
        parts = [
            f"{MARK_OPEN}{rng.randint(0, 9)}{MARK_CLOSE}".join(
                _text(rng, rng.randint(0, 5)) for _ in range(rng.randint(1, 3))
            )
            for _ in range(rng.randint(1, 4))
        ]
        joined = join_parts(parts)
        assert strip_markers(joined) == reference_strip(join_lines(parts)), parts
        assert collapse_spaces(joined) == join_lines(parts)


def test_number_lines_gives_the_source_text_and_offsets_line_by_line() -> None:
    from pipeline.ingest.assemble import number_lines
    from pipeline.ingest.lines import Line, Page

    rng = random.Random(33)
    for _ in range(2000):
        pages = [
            Page(
                number=n,
                lines=[Line(text=_text(rng, rng.randint(0, 8)), page=n) for _ in range(k)],
            )
            for n, k in enumerate([rng.randint(0, 4) for _ in range(rng.randint(1, 4))], 1)
        ]
        source = number_lines(pages)
        expected, offsets = "", []
        for page in pages:
            for line in page.lines:
                offsets.append(len(expected))
                expected += line.text + "\n"
            expected += "\f"
        assert source == expected
        assert [line.offset for page in pages for line in page.lines] == offsets


def test_the_body_size_is_the_one_counter_most_common_chose() -> None:
    from collections import Counter

    from pipeline.ingest.clean import _normalise_lines
    from pipeline.ingest.lines import Line, Page

    rng = random.Random(34)
    for _ in range(2000):
        lines = [
            Line(text="ab"[: rng.randint(0, 2)], page=1, size=rng.choice([None, 9.0, 10.0, 11.5]))
            for _ in range(rng.randint(0, 8))
        ]
        counted: Counter[float] = Counter()
        for line in lines:
            if line.size is not None:
                counted[line.size] += len(line.text)
        expected = counted.most_common(1)[0][0] if counted else None
        assert _normalise_lines([Page(number=1, lines=lines)]) == expected


def test_an_annex_line_opens_with_a_character_the_prefilter_lets_through() -> None:
    from pipeline.ingest.blocks import _ANNEX_FIRST, _ANNEX_LINE

    # The pattern's alternatives, each with every suffix it takes, open with A or E.
    for word in ("Annex", "Appendix", "Enclosure"):
        for suffix in ("", " IV", " 12"):
            assert _ANNEX_LINE.match(word + suffix) and (word + suffix)[:1] in _ANNEX_FIRST
    rng = random.Random(35)
    for _ in range(3000):
        text = "".join(
            rng.choice(["Annex", "Appendix", "Enclosure", " I", " 3", "a", "é"])
            for _ in range(rng.randint(0, 3))
        )
        if _ANNEX_LINE.match(text):
            assert text[:1] in _ANNEX_FIRST


def test_wide_characters_are_those_latin1_cannot_encode() -> None:
    # damage counts them by encoding before it lists them with _WIDE.
    from pipeline.ingest.damage import _WIDE

    rng = random.Random(36)
    pool = ["a", "\xff", "\u0100", "\u2019", "\ud800", "\U0001f600", " ", "\x00"]
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 30)))
        assert len(text) - len(text.encode("latin-1", "ignore")) == len(_WIDE.findall(text))


def test_damage_at_the_edge_of_ten_wide_characters() -> None:
    from pipeline.document import Document, Paragraph
    from pipeline.ingest.damage import damage

    for wide in range(7, 14):
        for zero in range(wide + 1):  # "\u4f00" has a zero low byte, "\u2019" not
            text = "a " * 100 + "\u4f00" * zero + "\u2019" * (wide - zero)
            para = Paragraph(id="p", kind="other", number=None, text=text, page=1)
            doc = Document(symbol=None, title=None, doc_type="other", paragraphs=(para,), pages=1)
            assert damage(doc, pdf=True) == reference_damage([text]), (wide, zero)
