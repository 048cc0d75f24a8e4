"""The UN grammar as data: one definition of months, ordinals, symbols, numbering, verbs."""

from __future__ import annotations

import pytest

from pipeline.lexicon import (
    MONTH_NUMBERS,
    ORDINAL_WORDS,
    ORDINALS,
    SYMBOL_SERIES,
    is_symbol,
    load_verbs,
    normalise_symbol,
    strip_numbering,
)


def test_strength_scale_is_ordered() -> None:
    # models/TAXONOMY.md: Decides 9 > Requests 8 > Calls upon 7 > Urges 6 > Encourages 5 >
    # Invites 4 > Welcomes 3 > Takes note 1.
    verbs = load_verbs()
    scale = ["Decides", "Requests", "Calls upon", "Urges", "Encourages", "Invites", "Welcomes",
             "Takes note"]  # fmt: skip
    strengths = [verbs[v].strength for v in scale]
    assert strengths == sorted(strengths, reverse=True)
    assert len(set(strengths)) == len(strengths)


def test_every_form_of_a_lemma_has_one_strength() -> None:
    # "Calls upon", "Calls on" and "Calling upon" are one verb: a change between them is
    # no change of force.
    by_lemma: dict[str, set[int]] = {}
    for verb in load_verbs().values():
        by_lemma.setdefault(verb.lemma, set()).add(verb.strength)
        assert verb.kind in ("operative", "preamble")
    assert {lemma for lemma, found in by_lemma.items() if len(found) > 1} == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. Decides", "Decides"),  # operative number
        ("1.10. States should", "States should"),  # nested number with dot
        ("(iii) the", "the"),  # roman sub-item
        ("1.1 States", "States"),  # nested number without dot
        ("1. (a) To study", "To study"),  # two levels
        ("(2) the", "the"),  # a number in brackets
        ("a) the", "the"),  # a letter with one bracket
        ("Decides to convene", "Decides to convene"),  # nothing to strip
    ],
)
def test_strip_numbering(text: str, expected: str) -> None:
    assert strip_numbering(text) == expected


def test_ordinals_as_printed_and_as_tokenised() -> None:
    assert ORDINALS["seventy-third"] == 73
    assert ORDINALS["eightieth"] == 80
    assert ORDINALS["first"] == 1
    assert "seventythird" in ORDINAL_WORDS and "seventy-third" not in ORDINAL_WORDS


def test_months() -> None:
    assert MONTH_NUMBERS["December"] == 12 and len(MONTH_NUMBERS) == 12


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A/RES/78/16", True),
        ("A/C.1/75/L.8/Rev.1", True),
        ("S/RES/2341 (2017)", True),  # a Security Council year
        ("A/ES-10/L.22", True),  # emergency special session
        ("CEDAW/C/GC/30", True),  # a treaty body
        ("A/RES/78/16 and more", False),  # not one symbol
        ("A/65/517-S/2010/534", False),  # a joint document: two symbols
        ("XYZ/1/2", False),  # no UN series
        ("73/27", False),  # a short reference, not a symbol
    ],
)
def test_is_symbol(text: str, expected: bool) -> None:
    assert is_symbol(text) is expected


def test_series_are_distinct() -> None:
    assert len(set(SYMBOL_SERIES)) == len(SYMBOL_SERIES)
    assert normalise_symbol("a/c.1/75/l.8/rev.1") == "A/C.1/75/L.8/Rev.1"
