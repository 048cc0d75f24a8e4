"""Change flags: modality, operative verb, negation, numbers, symbols, entities."""

from __future__ import annotations

import pytest

from pipeline.compare.classify import (
    FLAGS,
    classify_change,
    lead_verb,
    mirror_flags,
    names,
    numbers,
    symbols,
)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # modality: should becomes shall
        (
            "States should refrain from attacks;",
            "States shall refrain from attacks;",
            ("modality",),
        ),
        # a weaker verb: Welcomes -> Takes note of
        ("Welcomes the report;", "Takes note of the report;", ("operative_verb", "weakened")),
        # a weaker verb: Decides -> Requests
        (
            "Decides to convene a group;",
            "Requests to convene a group;",
            ("operative_verb", "weakened"),
        ),
        # a stronger verb: Encourages -> Calls upon
        (
            "Encourages States to act;",
            "Calls upon States to act;",
            ("operative_verb", "strengthened"),
        ),
        # same lemma, new adverb of sequence: no verb change, only wording
        (
            "Requests the Secretary-General to report;",
            "Also requests the Secretary-General to report;",
            (),
        ),
        # same lemma across preamble and operative form: wording only
        ("Welcoming the report,", "Welcomes the report;", ()),
        # negation added
        ("States are bound by the norms;", "States are not bound by the norms;", ("negation",)),
        # a number and a date changed
        (
            "to report at its seventy-fourth session in 2019;",
            "to report at its seventy-sixth session in 2021;",
            ("number",),
        ),
        # a resolution reference changed (and nothing else)
        ("Recalling its resolution 73/27,", "Recalling its resolution 73/266,", ("symbol",)),
        # a document symbol added
        ("as contained in the report;", "as contained in document A/80/257;", ("symbol",)),
        # a body added
        (
            "Requests States to report;",
            "Requests States and the Secretary-General to report;",
            ("entity",),
        ),
        # pure rewording
        ("to continue to study threats;", "to further study existing threats;", ()),
        # nothing that matters: numbering, quotes, line breaks
        ("1. Decides “to act”;", '3. Decides\n"to act";', ()),
    ],
)
def test_classify_change_table(old: str, new: str, expected: tuple[str, ...]) -> None:
    assert classify_change(old, new) == expected


def test_flags_come_in_canonical_order() -> None:
    flags = classify_change(
        "Welcomes the report of 2019;", "States shall not take note of the report of 2021;"
    )
    assert list(flags) == sorted(flags, key=FLAGS.index)
    assert {"modality", "operative_verb", "negation", "number"} <= set(flags)


@pytest.mark.parametrize(
    ("text", "lemma", "strength"),
    [
        # Strengths on the lexicon's one scale (pipeline/data/verbs.csv).
        ("1. Decides to endorse the report;", "decide", 9),
        ("Also requests the Secretary-General", "request", 8),
        ("Strongly urges States", "strongly urge", 7),  # an intensifier adds one
        ("Calls upon Member States:", "call upon", 7),
        ("Taking note of the report,", "take note", 1),
        ("Bearing in mind that", "bear in mind", 1),
        ("Expressing concern that these technologies", "express concern", 2),
    ],
)
def test_lead_verb(text: str, lemma: str, strength: int) -> None:
    verb = lead_verb(text)
    assert verb is not None
    assert verb[:2] == (lemma, strength)


def test_lead_verb_absent() -> None:
    assert lead_verb("The General Assembly,") is None


def test_symbols_are_canonical() -> None:
    found = symbols(
        "Recalling its resolutions 53/70 of 4 December 1998 and 54/49, its decision 72/512, "
        "document A/AC.292/2025/INF/5/Rev.1, and Security Council resolution 2341 (2017)."
    )
    assert found == {
        "A/RES/53/70",
        "A/RES/54/49",
        "A/DEC/72/512",
        "A/AC.292/2025/INF/5/Rev.1",
        "S/RES/2341 (2017)",
    }


def test_numbers_skip_symbols_and_keep_dates() -> None:
    found = numbers("resolution 73/27 of 5 December 2018, at its seventy-fourth session")
    assert found == {"5": 1, "2018": 1, "december": 1, "seventy": 1, "fourth": 1}


def test_names_find_states_and_bodies_not_the_verb() -> None:
    found = names("Calls upon Member States and the Russian Federation to support the OEWG")
    # Keys run the comparison tokens together, so a name is known by its identity
    # ("Secretary General" = "Secretary-General", issue 24).
    assert found == {"memberstates", "russianfederation", "oewg"}


def test_the_month_may_is_not_a_modal() -> None:
    assert classify_change("adopted on 2 May 2020", "adopted on 2 May 2021") == ("number",)


def test_mirror_flags() -> None:
    assert mirror_flags(("operative_verb", "weakened")) == ("operative_verb", "strengthened")
    assert mirror_flags(("preamble_to_operative",)) == ("operative_to_preamble",)
