"""The stance cue files (data, not code) and the ``normtrace_stance`` component."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
import spacy

from pipeline.nlp.stance import STANCE_LANGUAGES, load_cues
from pipeline.research.questions import QUESTIONS

# Phrases issue 15 found lifted from single statements of the compendium: never cues.
ONE_OFF = (
    "force the notion",
    "tacitly consent",
    "successor to the oewg",
    "solely consultative",
    "private developers",
    "limited ability",
    "block the access",
    "stronger modalities",
    "strictly intergovernmental",
    "intergovernmental nature",
    # multi-word cues found in one compendium statement only (Switzerland, Brazil)
    "more ambitious",
    "our preference",
)


@pytest.mark.parametrize("lang", STANCE_LANGUAGES)
def test_every_question_has_topics_in_every_language(lang: str) -> None:
    cues = load_cues(lang)
    for q in QUESTIONS:
        assert any(c.question == q.id and c.role == "topic" for c in cues), (lang, q.id)
    # both sides of the generic vocabulary, and negation, exist
    generic = {(c.role, c.side) for c in cues if c.question == "*"}
    assert {("predicate", "supports"), ("predicate", "opposes"), ("negator", "")} <= generic
    # every cue says where it came from
    assert all(c.source for c in cues)


@pytest.mark.parametrize("lang", STANCE_LANGUAGES)
def test_no_cue_lifted_from_one_statement(lang: str) -> None:
    patterns = {c.pattern for c in load_cues(lang)}
    assert not patterns & set(ONE_OFF)


def test_unknown_language_has_no_cues() -> None:
    with pytest.raises(ValueError, match="no stance cues"):
        load_cues("ar")


def test_component_is_registered_and_marks_cues() -> None:
    import pipeline.nlp.stance  # noqa: F401  (registers the factory)

    nlp = spacy.blank("fr")
    nlp.add_pipe("normtrace_stance")
    doc = nlp("Nous rejetons l'application du droit international humanitaire.")
    labels = {span.label_ for span in doc.spans["stance_cues"]}
    assert "*|predicate|opposes" in labels and "ihl|topic|" in labels


def test_entry_point_lists_the_factory() -> None:
    pyproject = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    factories = pyproject["project"]["entry-points"]["spacy_factories"]
    assert factories["normtrace_stance"] == "pipeline.nlp.stance:make_stance_matcher"


def test_accents_and_hyphenated_words_match() -> None:
    from pipeline.research.questions import read_sentences

    # "límites" (es) matches the cue limit\w*; "contre-mesures" (fr) is one token
    (es,) = list(
        read_sentences(
            ["Lamentamos los límites a la participación de la sociedad civil."], lang="es"
        )
    )
    assert [(s.question, s.stance) for s in es] == [("stakeholders", "supports")]
    (fr,) = list(
        read_sentences(["Nous rejetons les contre-mesures en droit international."], lang="fr")
    )
    assert [(s.question, s.stance) for s in fr] == [("countermeasures", "opposes")]
