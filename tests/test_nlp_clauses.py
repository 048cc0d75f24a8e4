"""Opening verbs, their strength, modality, and the keyword topic baseline."""

from __future__ import annotations

from typing import Any

import pytest

from pipeline.nlp.clauses import find_modality, find_verb
from pipeline.nlp.extract import extract_texts
from pipeline.nlp.topics import anchor, load_topics, score_topics


@pytest.mark.parametrize(
    ("text", "verb", "strength"),
    [
        ("Recalling its resolutions 36/103 of 9 December 1981,", "Recalling", 0),  # preamble
        ("Expressing concern that a number of States", "Expressing concern", 0),  # two words
        ("Welcoming also that, in considering", "Welcoming also", 0),  # trailing modifier
        ("Noting with concern the", "Noting with concern", 0),  # trailing phrase
        ("Decides to convene, beginning in 2019,", "Decides", 9),  # strongest operative
        ("6. Also decides that the open-ended working group", "Also decides", 9),  # numbered
        ("Requests the Secretary-General to", "Requests", 8),  # request
        ("Calls upon Member States to promote", "Calls upon", 7),  # two-word verb
        ("Urges Member States", "Urges", 6),  # below Calls upon
        ("Strongly encourages States", "Strongly encourages", 5),  # modifier keeps strength
        ("Invites all Member States, taking into account", "Invites", 4),  # invitation
        ("Also welcomes the report", "Also welcomes", 3),  # modifier before
        ("Takes note of the report", "Takes note", 1),  # weakest
        ("(a) General appreciation of the issues", None, None),  # sub-item: no verb
        ("States should cooperate in developing", None, None),  # a norm, not a clause verb
        ("decides nothing, in lower case", None, None),  # continuation text
        ("Decidesx to", None, None),  # not the word
    ],
)
def test_find_verb(text: str, verb: str | None, strength: int | None) -> None:
    found = find_verb(text)
    assert (found.verb if found else None, found.strength if found else None) == (verb, strength)


def test_preambular_participles_report_no_strength() -> None:
    # The table gives "Welcoming" its verb's strength for compare; extraction reports 0.
    found = find_verb("Welcoming the report of the Group")
    assert found is not None and found.kind == "preamble" and found.strength == 0


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("States must meet their international obligations. States should consider", "must"),
        ("the open-ended working group shall hold its organizational session", "shall"),
        ("voluntary, non-binding norms of responsible State behaviour should", "non-binding"),
        ("States should not knowingly allow their territory", "should"),
        ("States may need to consider whether", "may"),
        ("in May 2019 the Group met", None),  # the month is not a modal
        ("Recalling its resolutions", None),  # no modal at all
    ],
)
def test_find_modality(text: str, modality: str | None) -> None:
    assert find_modality(text) == modality


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        # A/RES/73/27 para 1.6: the critical-infrastructure norm 13(f)
        (
            "A State should not conduct or knowingly support ICT activity contrary to its "
            "obligations under international law that intentionally damages critical "
            "infrastructure or otherwise impairs the use and operation of critical "
            "infrastructure to provide services to the public.",
            "norm_13f",
        ),
        # A/RES/73/27 para 1.10: the proliferation half of norm 13(i)
        (
            "States should seek to prevent the proliferation of malicious ICT tools and "
            "techniques and the use of harmful hidden functions.",
            "norm_13i_proliferation",
        ),
        # A/RES/73/27 para 1.12: emergency response teams, norm 13(k)
        (
            "States should not conduct or knowingly support activity to harm the information "
            "systems of the authorized emergency response teams",
            "norm_13k",
        ),
        # A/RES/73/27 para 1.9: supply chain, first half of 13(i)
        (
            "States should take reasonable steps to ensure the integrity of the supply chain so "
            "that end users can have confidence in the security of ICT products.",
            "norm_13i_supply_chain",
        ),
    ],
)
def test_top_topic(text: str, topic: str) -> None:
    topics = score_topics(text)
    assert topics and topics[0].name == topic


def test_topic_scores_are_in_unit_interval_and_sorted() -> None:
    topics = score_topics(
        "capacity-building and confidence-building measures, human rights and international law"
    )
    scores = [t.score for t in topics]
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)
    assert score_topics("The meeting rose at 1 p.m.") == ()


def test_taxonomy_covers_the_eleven_gge_norms_and_the_pillars() -> None:
    names = {rule.topic for rule in load_topics()}
    assert {f"norm_13{c}" for c in "abcdefghjk"} <= names
    assert {"norm_13i_supply_chain", "norm_13i_proliferation"} <= names
    assert {
        "international_law", "sovereignty", "self_defence", "ihl", "due_diligence",
        "confidence_building", "capacity_building", "institutional_dialogue", "human_rights",
        "crime_terrorism",
    } <= names  # fmt: skip


def test_clause_through_the_pipeline(nlp: Any) -> None:
    ((_, clause),) = extract_texts(["Also decides that the group shall hold its session"], nlp)
    assert (clause.verb, clause.strength, clause.modality) == ("Also decides", 9, "shall")


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("supply chains?", "supply"),  # optional plural letter dropped
        ("(?:intentionally )?damages? critical infrastructure", "infrastructure"),  # group
        ("self-defen[cs]e", "defen"),  # character class cuts the word
        ("resolutions? 20/8", "resolution"),  # longest literal
        ("26/13", "26/13"),  # a number is a literal too
        ("(?:not|refrain from) [^.;]{0,80}critical", "critical"),  # repeat count is no word
    ],
)
def test_anchor(pattern: str, expected: str) -> None:
    assert anchor(pattern) == expected


def test_every_anchor_occurs_in_what_its_pattern_matches() -> None:
    # The anchor is a pre-check: if it were not inside every match, topics would be lost.
    for rule in load_topics():
        for pattern, literal in zip(rule.patterns, rule.anchors, strict=True):
            assert literal, pattern.pattern
            assert literal in pattern.pattern.replace("\\", ""), pattern.pattern
