"""Sentence-level reading: one table of (sentence, language, question, stance, rule)."""

from __future__ import annotations

import pytest

from pipeline.research.questions import ICT_TOPIC, QUESTIONS, read_sentences

ALL = (*QUESTIONS, ICT_TOPIC)


def _read(text: str, lang: str = "en") -> dict[str, tuple[str, str]]:
    (found,) = list(read_sentences([text], ALL, lang=lang))
    return {s.question: (s.stance, s.rule) for s in found}


@pytest.mark.parametrize(
    ("text", "lang", "question", "expected"),
    [
        # a negator before the governing predicate: not(agree) x applies = opposes
        (
            "We cannot agree that international humanitarian law applies to cyberspace.",
            "en",
            "ihl",
            ("opposes", "predicate"),
        ),
        # the probe sentence about IHL, by pronoun: the same reading
        (
            "On IHL, we cannot agree that it applies.",
            "en",
            "ihl",
            ("opposes", "predicate"),
        ),
        # a generic support verb
        ("We support the application of IHL.", "en", "ihl", ("supports", "predicate")),
        # regret x absence = they wanted it
        (
            "We regret the absence of a reference to international humanitarian law.",
            "en",
            "ihl",
            ("supports", "predicate"),
        ),
        # pleased x absence = they did not want it
        (
            "We are pleased that international humanitarian law is absent, and note its omission.",
            "en",
            "ihl",
            ("opposes", "predicate"),
        ),
        # a wish the text went further
        ("We would have liked more on IHL.", "en", "ihl", ("supports", "predicate")),
        # a bare mention
        (
            "The report refers to international humanitarian law.",
            "en",
            "ihl",
            ("mentions", "mention"),
        ),
        # a question asked is no position
        ("Does IHL apply in cyberspace?", "en", "ihl", ("mentions", "question")),
        # a hedge is no position
        ("Perhaps IHL might apply in some cases.", "en", "ihl", ("mentions", "hedge")),
        # reported speech: another State's view
        ("Some States argued that IHL applies.", "en", "ihl", ("mentions", "reported")),
        # ... but the speaker who joins them takes the side
        ("Like many others, we believe that IHL applies.", "en", "ihl", ("supports", "predicate")),
        # concession: the main clause decides, a pronoun refers back to the topic
        (
            "While we respect civil society, its participation is unacceptable.",
            "en",
            "stakeholders",
            ("opposes", "contrast"),
        ),
        # concession: the topic in the main clause
        (
            "While we welcome the report, we cannot accept the reference to IHL.",
            "en",
            "ihl",
            ("opposes", "predicate"),
        ),
        # hyphenated term split into three tokens still matches
        (
            "The inherent right of self-defence applies in cyberspace.",
            "en",
            "self_defence",
            ("supports", "predicate"),
        ),
        # a trailing negator negates the modal: "may not"
        (
            "States may not take countermeasures against internationally wrongful acts.",
            "en",
            "countermeasures",
            ("opposes", "predicate"),
        ),
        # sovereignty: only a principle (a feature of the question)
        (
            "Sovereignty is only a principle of international law.",
            "en",
            "sovereignty_rule",
            ("opposes", "feature"),
        ),
        # no need = no x need
        (
            "There is currently no need for any new legally binding instruments.",
            "en",
            "new_lbi",
            ("opposes", "predicate"),
        ),
        # the PoA model, called for
        (
            "We called for a UN Programme of Action to advance responsible State behaviour.",
            "en",
            "future_mechanism",
            ("supports", "predicate"),
        ),
        # welcoming a State-led format favours it over the PoA model
        (
            "We welcome the State-led, consensus-based global mechanism.",
            "en",
            "future_mechanism",
            ("opposes", "predicate"),
        ),
        # welcoming the mechanism as such takes no side between the models (issue 15: Russia)
        (
            "Russia welcomes the consensus agreement on the creation of a single-track future "
            "permanent mechanism.",
            "en",
            "future_mechanism",
            ("mentions", "mention"),
        ),
        # non-objection restricts participation; "objection" inside it is not a predicate
        (
            "We welcome that stakeholders will participate on a non-objection basis.",
            "en",
            "stakeholders",
            ("opposes", "predicate"),
        ),
        # Spanish: reject x applicability
        (
            "Rechazamos la aplicación del derecho internacional humanitario al ciberespacio.",
            "es",
            "ihl",
            ("opposes", "predicate"),
        ),
        # Spanish: no ... necesario
        (
            "No es necesario un nuevo tratado sobre la seguridad de las TIC.",
            "es",
            "new_lbi",
            ("opposes", "predicate"),
        ),
        # French: support for IHL
        (
            "Nous soutenons l'application du droit international humanitaire aux cyberopérations.",
            "fr",
            "ihl",
            ("supports", "predicate"),
        ),
        # French: ne ... pas + accept
        (
            "Nous n'acceptons pas un nouvel instrument juridiquement contraignant.",
            "fr",
            "new_lbi",
            ("opposes", "predicate"),
        ),
        # ICT security is raised by a cyber word
        (
            "Cyberattacks against hospitals must stop.",
            "en",
            "ict_security",
            ("mentions", "mention"),
        ),
    ],
)
def test_sentence_stance(text: str, lang: str, question: str, expected: tuple[str, str]) -> None:
    assert _read(text, lang).get(question) == expected


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
        # the private sector's responsibilities are not its part in the process (issue 15: Iran)
        (
            "We are disappointed that the report overlooks threats related to the "
            "responsibilities of the private sector.",
            "stakeholders",
        ),
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
    assert (stance.stance, stance.rule) == ("supports", "carried")
    assert text[stance.start : stance.end] == stance.text
    assert stance.end == len(text)


def test_offsets_point_into_the_paragraph() -> None:
    text = "Thank you, Chair. We support the application of IHL. Thank you."
    (found,) = list(read_sentences([text], QUESTIONS))
    (stance,) = found
    assert text[stance.start : stance.end] == "We support the application of IHL."
