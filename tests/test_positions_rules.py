"""Sentence-level stance rules: one table of (sentence, question, stance, rule)."""

from __future__ import annotations

import pytest

from pipeline.research.positions_rules import ICT_TOPIC, QUESTIONS, read_sentences

ALL = (*QUESTIONS, ICT_TOPIC)


def _read(text: str) -> dict[str, tuple[str, str]]:
    (found,) = list(read_sentences([text], ALL))
    return {s.question: (s.stance, s.rule) for s in found}


@pytest.mark.parametrize(
    ("text", "question", "expected"),
    [
        # Cuba: an own con cue ("no attempt ... force the notion") beats everything
        (
            "No attempt should be made to force the notion of the applicability of "
            "international humanitarian law to cyberspace.",
            "ihl",
            ("opposes", "con"),
        ),
        # generic support verb
        (
            "We support the application of international humanitarian law.",
            "ihl",
            ("supports", "positive"),
        ),
        # negation flips a support verb
        ("We do not support the application of IHL to cyberspace.", "ihl", ("opposes", "negated")),
        # regret at an absence means they wanted it
        (
            "We regret the absence of a reference to international humanitarian law.",
            "ihl",
            ("supports", "lament"),
        ),
        # a counterfactual wish means they wanted it
        ("We would have liked more on IHL.", "ihl", ("supports", "desire")),
        # a bare mention
        ("The report refers to international humanitarian law.", "ihl", ("mentions", "mention")),
        # hyphenated term split into three tokens still matches
        (
            "The inherent right of self-defence applies in cyberspace.",
            "self_defence",
            ("supports", "pro"),
        ),
        # countermeasures (one token) with a generic rejection
        (
            "We reject countermeasures in response to malicious ICT acts.",
            "countermeasures",
            ("opposes", "negative"),
        ),
        # sovereignty next to a legal term; a breach of it is wrongful
        (
            "A violation of sovereignty is an internationally wrongful act under international"
            " law.",
            "sovereignty_rule",
            ("supports", "pro"),
        ),
        # Israel: "no need" for a new instrument
        (
            "There is currently no need for any new legally binding instruments.",
            "new_lbi",
            ("opposes", "con"),
        ),
        # Russia: develop a convention
        (
            "We call on States to develop a universal convention on international information "
            "security.",
            "new_lbi",
            ("supports", "pro"),
        ),
        # the EU: the Programme of Action model
        (
            "We called for a UN Programme of Action to advance responsible State behaviour.",
            "future_mechanism",
            ("supports", "pro"),
        ),
        # the LMG: State-led format
        (
            "We welcome the State-led, consensus-based global mechanism.",
            "future_mechanism",
            ("opposes", "con"),
        ),
        # generic verbs do not decide the mechanism question: welcoming it is universal
        ("We welcome the new permanent mechanism.", "future_mechanism", ("mentions", "mention")),
        # stakeholders: non-objection beats "welcome"
        (
            "We welcome that stakeholders will participate on a non-objection basis.",
            "stakeholders",
            ("opposes", "con"),
        ),
        # stakeholders: fuller participation
        (
            "The broad participation of civil society enriched our work.",
            "stakeholders",
            ("supports", "pro"),
        ),
        # ICT security is raised by a cyber word
        ("Cyberattacks against hospitals must stop.", "ict_security", ("mentions", "mention")),
    ],
)
def test_sentence_stance(text: str, question: str, expected: tuple[str, str]) -> None:
    assert _read(text).get(question) == expected


@pytest.mark.parametrize(
    ("text", "question"),
    [
        # "digital sovereignty" is not the sovereignty-as-a-rule question
        (
            "Agreements aimed at strengthening digital sovereignty under international law.",
            "sovereignty_rule",
        ),
        # sovereignty without any legal term around it
        (
            "Capacity-building must respect the sovereignty and needs of recipient States.",
            "sovereignty_rule",
        ),
        # countermeasures against terrorism are not the law of countermeasures
        (
            "Terrorism requires cooperation, including countermeasures and preventive measures.",
            "countermeasures",
        ),
        # "non-binding" norms are not a call for a binding instrument
        ("We implement the voluntary, non-binding norms.", "new_lbi"),
        # ICT for development is not ICT security
        (
            "We invest in information and communications technology for e-government.",
            "ict_security",
        ),
    ],
)
def test_no_match(text: str, question: str) -> None:
    assert question not in _read(text)


def test_regret_in_the_next_sentence_carries_back() -> None:
    # The EU: the topic in one sentence, the regret about "this work" in the next.
    text = (
        "We build on the work of cross-regional groups on international humanitarian law. "
        "We regret however that this work is not reflected in the report."
    )
    (found,) = list(read_sentences([text], QUESTIONS))
    (stance,) = [s for s in found if s.question == "ihl"]
    assert (stance.stance, stance.rule) == ("supports", "lament_next")
    assert text[stance.start : stance.end] == stance.text
    assert stance.end == len(text)


def test_offsets_point_into_the_paragraph() -> None:
    text = "Thank you, Chair. We support the application of IHL. Thank you."
    (found,) = list(read_sentences([text], QUESTIONS))
    (stance,) = found
    assert text[stance.start : stance.end] == "We support the application of IHL."
