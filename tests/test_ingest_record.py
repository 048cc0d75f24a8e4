"""Verbatim records: speaker turns and recorded votes (A/79/PV.64)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.document import Paragraph
from pipeline.ingest import load_document
from pipeline.ingest.record import parse_record


def _para(i: int, text: str) -> Paragraph:
    return Paragraph(id=f"other_{i}", kind="other", number=None, text=text, page=1, index=i)


def test_speaker_turns_and_vote_lists() -> None:
    paras = [
        _para(
            1, "The President: The Assembly will now take a decision on draft resolution A/1/L.1."
        ),
        _para(2, "A recorded vote was taken."),
        _para(3, "In favour:"),
        _para(4, "Bosnia and Herzegovina, Chile, Trinidad and Tobago"),
        _para(5, "Against:"),
        _para(6, "None"),
        _para(7, "Abstaining:"),
        _para(8, "France"),
        _para(9, "Draft resolution A/1/L.1 was adopted by 3 votes to none, with 1 abstention."),
        _para(
            10,
            "Draft resolution A/1/L.1 was adopted by 3 votes to 0, with 1 abstention "
            "(resolution 1/1).",
        ),
        _para(11, "Mr. Dupont (France) (spoke in French): We abstained because the text is weak."),
        _para(12, "We will keep working on it."),
    ]
    out, votes = parse_record(paras)
    assert [(p.id, p.kind, p.speaker, p.affiliation) for p in out] == [
        ("speech_1", "speech", "The President", None),
        ("speech_1__para_2", "speech", "The President", None),
        ("speech_1__para_3", "other", "The President", None),
        ("speech_1__para_4", "other", "The President", None),
        ("speech_1__para_5", "other", "The President", None),
        ("speech_1__para_6", "other", "The President", None),
        ("speech_1__para_7", "other", "The President", None),
        ("speech_1__para_8", "other", "The President", None),
        ("speech_1__para_9", "speech", "The President", None),
        ("speech_1__para_10", "speech", "The President", None),
        ("speech_2", "speech", "Mr. Dupont", "France"),
        ("speech_2__para_2", "speech", "Mr. Dupont", "France"),
    ]
    assert out[10].text == "We abstained because the text is weak."
    # "3 votes to none" is not a number: only the second announcement is a vote.
    assert len(votes) == 1
    vote = votes[0]
    assert (vote.yes, vote.no, vote.abstain) == (3, 0, 1)
    assert vote.subject == "Draft resolution A/1/L.1"
    assert vote.outcome == "resolution 1/1"
    assert vote.in_favour == ("Bosnia and Herzegovina", "Chile", "Trinidad and Tobago")
    assert vote.against == () and vote.abstaining == ("France",)


def test_pv64(corpus: Path) -> None:
    doc = load_document(corpus / "batch/ai_un_report_2025/A_79_PV.64.pdf")
    assert doc.doc_type == "record"
    assert (doc.symbol, doc.date, doc.session) == ("A/79/PV.64", "2025-04-16", 79)
    assert doc.title == "64th plenary meeting"
    assert "13" in doc.agenda_items
    first = doc.paragraph("speech_1")
    assert first.speaker == "The Acting President"
    assert first.text.startswith("I now give the floor to the representative of the Congo")
    congo = doc.paragraph("speech_2")
    assert (congo.speaker, congo.affiliation) == ("Mr. Makayat-Safouesse", "Congo")
    # The three recorded votes of the meeting, as printed in the record.
    summary = [(v.subject, v.yes, v.no, v.abstain, v.outcome) for v in doc.recorded_votes]
    assert summary == [
        ("Draft resolution A/79/L.64", 155, 1, 0, "resolution 79/283"),
        ("Draft amendment A/79/L.77", 72, 13, 49, None),
        ("Draft resolution A/79/L.75", 105, 9, 33, "resolution 79/284"),
    ]
    # Each list of names is as long as the count announced for it.
    for vote in doc.recorded_votes:
        assert (len(vote.in_favour), len(vote.against), len(vote.abstaining)) == (
            vote.yes,
            vote.no,
            vote.abstain,
        )
    assert doc.recorded_votes[0].against == ("United States of America",)


@pytest.mark.parametrize("speaker", ["The Acting President", "Mr. Heartney"])
def test_pv64_speakers_present(corpus: Path, speaker: str) -> None:
    doc = load_document(corpus / "batch/ai_un_report_2025/A_79_PV.64.pdf")
    assert any(p.speaker == speaker for p in doc.paragraphs)
