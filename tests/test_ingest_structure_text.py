"""Block text made faster (issue 26) gives what the patterns gave, on generated text.

The references are the code before: ``\\s{2,}`` substituted over every text, the lines
joined one by one with the hyphen rule, and both tidying patterns run on every block.
"""

from __future__ import annotations

import random
import re
import sys

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


def reference_strip(text: str) -> tuple[str, list[str]]:
    markers = MARKED.findall(text)
    clean = MARKED.sub("", text)
    return SPACE_BEFORE_PUNCT.sub("", SPACE_RUNS.sub(" ", clean)).strip(), markers


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
