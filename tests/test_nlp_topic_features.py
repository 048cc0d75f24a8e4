"""The topic model's features: hashed term counts agree with counting the strings."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.nlp.extensions import TEXT_KEY, doc_text
from pipeline.nlp.language import build_nlp
from pipeline.nlp.topic_model import (
    TermIndex,
    doc_terms,
    ict_context,
    keyword_features,
    tfidf,
    tokenize,
)
from pipeline.nlp.topics import load_topics, score_topics

TEXTS = [
    "Calls upon Member States to protect critical infrastructure, and critical "
    "infrastructure alone, and to support capacity-building.",
    "",
    "; , .",
    "Welcomes the report (A/70/174) of the Group of Governmental Experts.1",
    "Türkiye, Côte d'Ivoire and the Holy See: non-binding norms",
]


def _counted_by_strings(texts: list[str], terms: list[tuple[str, ...]]) -> np.ndarray:
    column = {term: i for i, term in enumerate(terms)}
    matrix = np.zeros((len(texts), len(terms)))
    for row, doc in enumerate(tokenize(texts)):
        for term, count in Counter(doc_terms(doc)).items():
            if term in column:
                matrix[row, column[term]] = count
    return matrix


def test_doc_terms_skip_punctuation_and_lower_case() -> None:
    (doc,) = tokenize(["Calls upon States, in (a), to act."])
    terms = doc_terms(doc)
    assert ("calls", "upon") in terms
    assert ("states", "in") in terms  # the comma between them is left out
    assert all(word.strip(",.()") for term in terms for word in term)


def test_hashed_counts_equal_string_counts() -> None:
    docs = tokenize(TEXTS)
    terms = sorted({term for doc in docs for term in doc_terms(doc)})
    # Terms of no text must count nothing; bigrams must not join two texts.
    terms += [("absent",), ("building", "welcomes")]
    counts = TermIndex(tuple(terms)).counts(docs).toarray()
    assert counts.sum() > 0
    np.testing.assert_array_equal(counts, _counted_by_strings(TEXTS, terms))
    assert counts[0, terms.index(("critical", "infrastructure"))] == 2


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(st.characters(codec="utf-8"), max_size=60), max_size=4))
def test_hashed_counts_equal_string_counts_on_any_text(texts: list[str]) -> None:
    docs = tokenize(texts)
    terms = sorted({term for doc in docs for term in doc_terms(doc)})
    counts = TermIndex(tuple(terms)).counts(docs).toarray()
    np.testing.assert_array_equal(counts, _counted_by_strings(texts, terms))


def test_term_index_refuses_bad_vocabularies() -> None:
    with pytest.raises(ValueError, match="distinct"):
        TermIndex((("cyber",), ("cyber",)))
    with pytest.raises(ValueError, match="unigrams and bigrams"):
        TermIndex((("a", "b", "c"),))
    assert TermIndex(()).counts(tokenize(["a b"])).shape == (1, 0)


def test_keyword_features_are_the_baseline_scores() -> None:
    names = [rule.topic for rule in load_topics()]
    features = keyword_features(TEXTS)
    for row, text in zip(features, TEXTS, strict=True):
        expected = {topic.name: topic.score for topic in score_topics(text, min_score=0.0)}
        assert {names[i]: float(s) for i, s in enumerate(row) if s} == expected
    assert features[0, names.index("capacity_building")] == 0.5


def _tfidf_by_hand(counts: np.ndarray, idf: np.ndarray) -> np.ndarray:
    # Written from the definition, one row at a time: scikit-learn's sublinear TF-IDF.
    rows = []
    for row in counts:
        weighted = np.where(row > 0, 1 + np.log(np.where(row > 0, row, 1)), 0) * idf
        norm = np.sqrt(sum(value * value for value in weighted))
        rows.append(weighted / norm if norm else weighted)
    return np.array(rows).reshape(counts.shape)


def test_tfidf_is_scikit_learns() -> None:
    from sklearn.feature_extraction.text import TfidfTransformer

    docs = tokenize(TEXTS)
    terms = sorted({term for doc in docs for term in doc_terms(doc)})
    counts = TermIndex(tuple(terms)).counts(docs)
    fitted = TfidfTransformer(sublinear_tf=True).fit(counts)
    before = counts.copy()
    found = tfidf(counts, fitted.idf_).toarray()
    np.testing.assert_allclose(found, fitted.transform(counts).toarray(), rtol=0, atol=1e-15)
    np.testing.assert_allclose(
        found, _tfidf_by_hand(counts.toarray(), fitted.idf_), rtol=0, atol=1e-15
    )
    assert found[0].max() < 1 and found[1].sum() == 0  # "critical" twice; an empty text
    assert (counts != before).nnz == 0  # the counts are left as they were


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(st.integers(0, 5), min_size=3, max_size=3).map(lambda r: [float(c) for c in r]),
        min_size=1,
        max_size=6,
    ),
    st.lists(st.floats(0.5, 9.0), min_size=3, max_size=3),
)
def test_tfidf_of_any_counts(rows: list[list[float]], idf: list[float]) -> None:
    from scipy import sparse

    counts = np.array(rows)
    found = tfidf(sparse.csr_matrix(counts), np.array(idf)).toarray()
    np.testing.assert_allclose(found, _tfidf_by_hand(counts, np.array(idf)), rtol=0, atol=1e-12)


def test_tokenizer_keeps_the_text_until_the_pipeline_ends() -> None:
    nlp = build_nlp(topic_model="none")
    text = "Recalls  resolution 73/27\nof 5 December 2018 ."
    doc = nlp.make_doc(text)
    assert doc.user_data[TEXT_KEY] == text == doc.text
    assert doc_text(doc) == text
    done = next(iter(nlp.pipe([text])))
    assert TEXT_KEY not in done.user_data  # dropped by the last component
    assert [ent.label_ for ent in done.ents] == ["RES_REF", "DATE"]


def test_ict_context_flags_texts_that_name_icts() -> None:
    texts = [
        "Condemns cyberattacks against critical infrastructure",
        "the use of ICTs by terrorists",
        "information and communications technologies",
        "Computer-related offences",
        "terrorism and violent extremism in the Sahel",
        "Strict rules on conflict minerals",  # "ict" inside words is not ICT
    ]
    assert ict_context(texts).ravel().tolist() == [1, 1, 1, 1, 0, 0]
    assert ict_context([]).shape == (0, 1)
