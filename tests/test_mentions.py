"""Tests for pipeline.research.mentions: cyber mentions and named States in speeches."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pipeline.document import Document, Paragraph
from pipeline.research.mentions import (
    UNCLASSIFIED,
    find_cyber_terms,
    mention_tables,
    speech_identity,
    split_sentences,
)


def _speech(name: str, *paragraphs: str, state: str | None = None) -> Document:
    """A General Debate speech as load_document gives it (file name ISO3_session_year)."""
    state = state or name.split("_")[0]
    return Document(
        symbol=None,
        title=None,
        doc_type="speech",
        paragraphs=tuple(
            Paragraph(id=f"para_{i + 1}", kind="speech", number=None, text=text, page=1,
                      index=i, affiliation=state)
            for i, text in enumerate(paragraphs)
        ),
        source=f"/corpus/{name}.txt",
    )  # fmt: skip


@pytest.fixture(scope="module")
def keyword_nlp() -> Any:
    """The pipeline with the keyword baseline for topics (fixed rules, no trained model)."""
    from pipeline.nlp.language import build_nlp

    return build_nlp(topic_model="none")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # two plain sentences
        ("We met. They left.", ["We met.", "They left."]),
        # a title and an initial do not end a sentence
        (
            "Mr. Smith and J. Doe spoke. Then we voted.",
            ["Mr. Smith and J. Doe spoke.", "Then we voted."],
        ),
        # "U.S." inside a sentence, then a question and a closing quote
        (
            "The U.S. Congress met. Why? “Peace.” Done",
            ["The U.S. Congress met.", "Why?", "“Peace.”", "Done"],
        ),
        # a lower-case word after a full stop does not start a sentence
        ("See para. 3 above. It is e.g. so.", ["See para. 3 above.", "It is e.g. so."]),
    ],
)  # fmt: skip
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in split_sentences(text)] == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Cyberattacks and cyber-enabled crime grow.", {"cyber": 2}),  # any cyber- word
        ("the malicious use of ICTs by States", {"ict": 1}),  # the acronym
        ("information and communications technologies", {"ict": 1}),  # spelled out
        ("the ict sector", {}),  # lower-case "ict" is no acronym
        ("access to the Internet", {"internet": 1}),
        ("hackers and ransomware", {"hacking": 2}),
        ("the digital economy and the digital divide", {}),  # "digital" alone is not cyber
        ("international information security", {"information_security": 1}),
    ],
)
def test_find_cyber_terms(sentence: str, expected: dict[str, int]) -> None:
    assert dict(find_cyber_terms(sentence)) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("FRA_73_2018", ("FRA", 73, 2018)),  # from the file name
        ("speech", ("FRA", None, None)),  # from the paragraphs' affiliation
    ],
)
def test_speech_identity(name: str, expected: tuple[str, int | None, int | None]) -> None:
    doc = _speech(name, "Text.", state="FRA")
    assert speech_identity(doc) == expected


def test_mention_tables_on_written_speeches(keyword_nlp: Any) -> None:
    speeches = [
        _speech(
            "FRA_75_2020",
            "France thanks Germany. Germany and Italy are partners of France.",
            "Cybercrime threatens us all. International law applies to cyberspace.",
            "Our farms are doing well.",
        ),
        _speech("DEU_75_2020", "We speak of trade only."),
    ]
    tables = mention_tables(speeches, nlp=keyword_nlp)
    rows = tables.speeches.set_index("state")
    # FRA: two cyber sentences of five; DEU none
    assert rows.loc["FRA", "cyber_sentences"] == 2
    assert rows.loc["FRA", "sentences"] == 5
    assert bool(rows.loc["FRA", "mentions_cyber"]) and not bool(rows.loc["DEU", "mentions_cyber"])
    assert rows.loc["FRA", "terms"] == "cyber:2"
    topics = tables.topics.set_index("topic")
    # keyword baseline: "Cybercrime" -> crime_terrorism; "International law" -> international_law
    assert topics.loc["crime_terrorism", "example"] == "Cybercrime threatens us all."
    assert topics.loc["international_law", "sentences"] == 1
    assert UNCLASSIFIED not in topics.index
    named = {(r.state, r.named): r.mentions for r in tables.named.itertuples()}
    # France's own name (twice) is left out; Germany twice, Italy once
    assert named == {("FRA", "DEU"): 2, ("FRA", "ITA"): 1}
    first = tables.named.set_index("named").loc["DEU", "example"]
    assert first == "France thanks Germany."


def test_unclassified_cyber_sentence(keyword_nlp: Any) -> None:
    tables = mention_tables([_speech("EST_73_2018", "Cyberrisks are real.")], nlp=keyword_nlp)
    assert tables.topics[["topic", "sentences"]].values.tolist() == [[UNCLASSIFIED, 1]]


def test_real_speech_denmark_2020(corpus: Path) -> None:
    """DNK_75_2020, read in full: one cyber sentence; only Denmark named (4 times)."""
    from pipeline.ingest import load_document

    path = corpus / "batch" / "ungdc_general_debate" / "Session_75_2020" / "DNK_75_2020.txt"
    tables = mention_tables([load_document(path)])
    row = tables.speeches.iloc[0]
    assert (row["state"], row["session"], row["year"]) == ("DNK", 75, 2020)
    assert row["cyber_sentences"] == 1
    assert row["example"] == (
        "We are facing terrorism, instability and increasing danger of cyber-attacks, "
        "disinformation and nuclear weapons."
    )
    assert tables.named.empty  # "Denmark" four times, all self-mentions


def test_real_speech_tajikistan_2018(corpus: Path) -> None:
    """TJK_73_2018, read in full: ICTs once; names Afghanistan six times and Brazil once."""
    from pipeline.ingest import load_document

    path = corpus / "batch" / "ungdc_general_debate" / "Session_73_2018" / "TJK_73_2018.txt"
    tables = mention_tables([load_document(path)])
    assert tables.speeches.iloc[0]["terms"] == "ict:1"
    named = {r.named: r.mentions for r in tables.named.itertuples()}
    assert named == {"AFG": 6, "BRA": 1}
