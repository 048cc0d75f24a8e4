"""The document model: JSON round trips exactly."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from pipeline.document import Document, Footnote, Paragraph, RecordedVote

_text = st.text(max_size=40)
_ids = st.from_regex(r"(preamble|para)_[1-9][0-9]?", fullmatch=True)

paragraphs = st.builds(
    Paragraph,
    id=_ids,
    kind=st.sampled_from(["preamble", "operative", "subparagraph", "annex", "speech", "other"]),
    number=st.none() | st.from_regex(r"[1-9]", fullmatch=True),
    text=_text,
    page=st.integers(1, 50),
    index=st.integers(0, 500),
    start=st.integers(0, 10_000),
    end=st.integers(0, 10_000),
    parent=st.none() | _ids,
    footnotes=st.lists(st.from_regex(r"[1-9]", fullmatch=True), max_size=3).map(tuple),
    speaker=st.none() | _text,
)
documents = st.builds(
    Document,
    symbol=st.none() | st.just("A/RES/73/27"),
    title=st.none() | _text,
    doc_type=st.sampled_from(["resolution", "draft", "record"]),
    paragraphs=st.lists(paragraphs, max_size=5).map(tuple),
    footnotes=st.lists(
        st.builds(
            Footnote,
            marker=st.just("1"),
            text=_text,
            page=st.integers(1, 9),
            paragraph_ids=st.lists(_ids, max_size=2).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
    agenda_items=st.lists(st.just("94"), max_size=2).map(tuple),
    session=st.none() | st.integers(1, 80),
    recorded_votes=st.lists(
        st.builds(
            RecordedVote,
            paragraph_id=_ids,
            yes=st.integers(0, 193),
            no=st.integers(0, 193),
            abstain=st.integers(0, 193),
            text=_text,
            in_favour=st.lists(_text, max_size=3).map(tuple),
        ),
        max_size=2,
    ).map(tuple),
)


@given(documents)
def test_round_trip_through_json(doc: Document) -> None:
    data = json.loads(json.dumps(doc.to_dict()))
    assert Document.from_dict(data) == doc


def test_source_text_stays_out_of_json() -> None:
    doc = Document(symbol="A/1", title=None, doc_type="other", source_text="x" * 10)
    assert "source_text" not in doc.to_dict()


def test_paragraph_lookup() -> None:
    para = Paragraph(id="para_1", kind="operative", number="1", text="Decides", page=1)
    doc = Document(symbol=None, title=None, doc_type="draft", paragraphs=(para,))
    assert doc.paragraph("para_1") is para
    try:
        doc.paragraph("para_2")
    except KeyError:
        pass
    else:
        raise AssertionError("a missing id must raise KeyError")
