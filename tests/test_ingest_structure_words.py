"""The document's words are read only when a line-end hyphen asks (issue 26): the lazy
``Vocabulary`` answers as the full ``vocabulary`` set does, on generated lines that mix
cases, letters whose lower case changes length (İ) or context (Σ), digits and marks."""

from __future__ import annotations

import random

from pipeline.ingest.clean import (
    LINE_BREAK_HYPHEN,
    Vocabulary,
    resolve_hyphens,
    vocabulary,
)
from pipeline.ingest.lines import Line

ALPHABET = list("abcdeABCDE") + ["İ", "i", "\u0307", "Σ", "σ", "ς", "ß", "ẞ", "é", "É"]
ALPHABET += list("0123_ -.,’\u00b2")


def _text(rng: random.Random, size: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(size))


def _lines(rng: random.Random) -> list[Line]:
    return [Line(text=_text(rng, rng.randint(0, 30)), page=1) for _ in range(rng.randint(0, 6))]


def test_the_lazy_vocabulary_answers_as_the_whole_set() -> None:
    rng = random.Random(26)
    for _ in range(2000):
        lines = _lines(rng)
        words = vocabulary(lines)
        queries = [w for w in words] + [_text(rng, rng.randint(1, 4)).lower() for _ in range(8)]
        queries += [w.upper().lower() for w in words] + [w[1:] for w in words]
        for query in rng.sample(queries, len(queries)):
            assert (query in Vocabulary(lines)) == (query in words), (query, lines)
        lazy = Vocabulary(lines)
        assert [q in lazy for q in queries] == [q in words for q in queries]


def test_a_hyphen_resolves_as_with_the_whole_set() -> None:
    rng = random.Random(27)
    for _ in range(2000):
        lines = _lines(rng)
        text = _text(rng, 20) + LINE_BREAK_HYPHEN + _text(rng, 20)
        assert resolve_hyphens(text, Vocabulary(lines)) == resolve_hyphens(text, vocabulary(lines))


def test_a_word_spelt_whole_removes_the_hyphen_and_an_absent_one_keeps_it() -> None:
    lines = [Line(text="the Discussion went on", page=1)]
    assert resolve_hyphens(f"discus{LINE_BREAK_HYPHEN}sion", Vocabulary(lines)) == "discussion"
    assert resolve_hyphens(f"capacity{LINE_BREAK_HYPHEN}building", Vocabulary(lines)) == (
        "capacity-building"
    )
    # Capital sigma lowers by context: "ΟΔΟΣ" is the word "οδος" although the text's
    # lower case ends it "οδοσ" before "’s"; the whole set is read then.
    greek = [Line(text="ΟΔΟΣ’s end", page=1)]
    assert "οδος" in vocabulary(greek) and "οδος" in Vocabulary(greek)
