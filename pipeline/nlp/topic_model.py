"""The trained topic classifier (models/MODEL_CARD.md, "Topic model").

A scikit-learn model trained on the hand-labelled paragraphs of
``models/data/norm_labels.jsonl`` by ``python -m pipeline.nlp.train``: one logistic
regression per topic over the TF-IDF of word 1-2-grams, the keyword baseline's topic
scores (``keyword_features``), so the rules are one input the model learns to trust or
to overrule (e.g. "international law" in a nuclear resolution is no cyber topic), and
whether the paragraph names ICTs at all (``ict_context``).

The words are the lower-cased tokens spaCy has already made (punctuation and spaces
left out), read as the 64-bit hashes spaCy keeps for them (``Doc.to_array``); a bigram's
hash combines its two words'. The vocabulary is stored as plain strings and hashed the
same way when the model is loaded (``TermIndex``), so counting a batch is a few numpy
operations instead of a second tokenisation in Python.

The model is stored with skops, which rebuilds objects from their state instead of
unpickling them, and is loaded with an explicit list of trusted types (``TRUSTED_TYPES``):
a file that names any other type is refused before anything in it is built. When the
model file is absent, the clause reader falls back to the keyword baseline of
``pipeline.nlp.topics``.
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.special import expit
from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]  # (Cython, untyped)
from spacy.tokens import Doc

from pipeline.document import Topic
from pipeline.errors import NormtraceError
from pipeline.nlp.topics import load_topics, topic_hits

MODEL_FILE = "topic_model.skops"
# models/ at the root of the repository (an editable install or a checkout).
DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / MODEL_FILE
ENV_VAR = "NORMTRACE_TOPIC_MODEL"  # a path, or "none" to force the keyword baseline
FORMAT = "normtrace-topic-model/3"
# Every type the stored model is made of, besides the builtins skops always trusts.
# Keep in step with pipeline.nlp.train.fit_model; saving checks it.
TRUSTED_TYPES: tuple[str, ...] = (
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.preprocessing._label.LabelBinarizer",
)
_BIGRAM_FACTOR = np.uint64(0x9E3779B97F4A7C15)  # odd: (a, b) -> a * F + b mod 2**64
# A text that names ICTs, searched in the lower-cased text (IGNORECASE is three times
# slower). Guide rule 1 (models/ANNOTATION_GUIDE.md): crime, terrorism or cooperation get
# a topic only in an ICT context, a conjunction the per-word weights of a linear model
# cannot express alone; this one feature lets it.
ICT_CONTEXT = re.compile(
    r"\b(?:cyber\w*|icts?|information and communications? technolog\w*"
    r"|information technolog\w*|information security|digital|internet|online|computer\w*)\b"
)


class TopicModelError(NormtraceError, ValueError):
    """A model file that is missing, is not a normtrace topic model, or names an
    untrusted type (a user's error: one line on the command line, no traceback)."""


@cache
def _tokenizer() -> Any:
    from pipeline.nlp.tokenizer import make_tokenizer

    return make_tokenizer()


def tokenize(texts: Iterable[str]) -> list[Doc]:
    """Tokenize ``texts`` as the normtrace pipeline does (for texts without a Doc)."""
    return list(_tokenizer().pipe(texts))


def _bigrams(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    pairs: np.ndarray = first * _BIGRAM_FACTOR + second  # uint64 arrays wrap, as intended
    return pairs


def term_hash(term: tuple[str, ...]) -> int:
    """The hash ``gram_hashes`` gives a unigram ``(word,)`` or bigram ``(first, second)``."""
    if len(term) == 1:
        return int(hash_string(term[0]))
    first, second = (int(hash_string(word)) for word in term)
    return (first * int(_BIGRAM_FACTOR) + second) % 2**64


def doc_terms(doc: Doc) -> list[tuple[str, ...]]:
    """Return the word unigrams and bigrams of ``doc``, lower-cased, as tuples of words."""
    words = [token.lower_ for token in doc if not (token.is_punct or token.is_space)]
    return [(word,) for word in words] + list(itertools.pairwise(words))


def gram_hashes(docs: Sequence[Doc]) -> tuple[np.ndarray, np.ndarray]:
    """Return the row (index in ``docs``) and hash of every unigram and bigram of ``docs``.

    The hashes are those ``TermIndex`` gives the same terms from their strings.
    """
    arrays = [doc.to_array([LOWER, IS_PUNCT, IS_SPACE]).reshape(-1, 3) for doc in docs]
    table = np.concatenate(arrays) if arrays else np.zeros((0, 3), dtype=np.uint64)
    rows = np.repeat(np.arange(len(docs)), [len(array) for array in arrays])
    words = (table[:, 1] == 0) & (table[:, 2] == 0)
    rows, hashes = rows[words], table[words, 0]
    pairs = rows[:-1] == rows[1:]  # adjacent words of the same doc
    bigrams = _bigrams(hashes[:-1][pairs], hashes[1:][pairs])
    return np.concatenate([rows, rows[:-1][pairs]]), np.concatenate([hashes, bigrams])


@dataclass(frozen=True)
class TermIndex:
    """The model's vocabulary: each term's column, found by its hash.

    Attributes:
        terms: The terms, one per column: ``("critical",)`` or
            ``("critical", "infrastructure")``.
    """

    terms: tuple[tuple[str, ...], ...]
    _hashes: pd.Index = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not all(1 <= len(term) <= 2 for term in self.terms):
            raise ValueError("terms must be unigrams and bigrams")
        hashes = pd.Index(np.array([term_hash(term) for term in self.terms], dtype=np.uint64))
        if not hashes.is_unique:
            raise ValueError("terms must be distinct")
        object.__setattr__(self, "_hashes", hashes)

    def counts(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        """Return the ``len(docs)`` x terms matrix of term counts (unknown terms dropped)."""
        rows, grams = gram_hashes(docs)
        columns = self._hashes.get_indexer(grams)  # -1: not in the vocabulary
        known = columns >= 0
        values = np.ones(int(known.sum()))
        shape = (len(docs), len(self.terms))
        return sparse.csr_matrix((values, (rows[known], columns[known])), shape=shape)


def keyword_features(texts: Sequence[str]) -> np.ndarray:
    """Return the keyword baseline's score of every taxonomy topic for each text.

    Args:
        texts: Paragraph texts.

    Returns:
        A ``len(texts)`` x topics array in taxonomy order; 0 where no pattern matched.
    """
    hits = np.array([topic_hits(text) for text in texts], dtype=float).reshape(len(texts), -1)
    return np.round(1 - 0.5**hits, 3)  # pipeline.nlp.topics.hits_score, for a whole array


def ict_context(texts: Sequence[str]) -> np.ndarray:
    """Return a ``len(texts)`` x 1 column: 1 where a text names ICTs (``ICT_CONTEXT``)."""
    found = [1.0 if ICT_CONTEXT.search(text.lower()) else 0.0 for text in texts]
    return np.array(found).reshape(len(texts), 1)


def model_features(
    index: TermIndex,
    tfidf: Any,
    texts: Sequence[str],
    docs: Sequence[Doc],
    keywords: np.ndarray,
    weight: float,
) -> Any:
    """Return the classifier's input, one row per text.

    The TF-IDF columns of the vocabulary, then the keyword scores times ``weight``, then
    the ICT-context flag (``ict_context``).
    """
    weighted = tfidf.transform(index.counts(docs))
    dense = np.hstack([keywords * weight, ict_context(texts)])
    return sparse.hstack([weighted, sparse.csr_matrix(dense)], format="csr")


@dataclass(frozen=True, slots=True)
class TopicModel:
    """A loaded classifier: vocabulary, TF-IDF weights, per-topic classifier, threshold.

    Attributes:
        index: The vocabulary (``TermIndex``).
        tfidf: A fitted ``TfidfTransformer`` over the vocabulary's counts.
        classifier: A fitted ``OneVsRestClassifier`` with one column per topic of
            ``learned``.
        topics: Every topic id, in taxonomy order (``pipeline/nlp/data/topics.csv``).
        learned: The topics the classifier decides. The others had too few labelled
            examples (from too few documents) to learn, and keep the keyword score.
        threshold: Score at or above which a topic is reported.
        keyword_weight: Factor applied to the keyword scores before the classifier.
    """

    index: TermIndex
    tfidf: Any
    classifier: Any
    topics: tuple[str, ...]
    learned: tuple[str, ...]
    threshold: float = 0.5
    keyword_weight: float = 1.0
    _weights: np.ndarray = field(init=False, repr=False)
    _intercepts: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        # The classifier's probabilities as one matrix product: each learned topic's
        # logistic regression is sigmoid(x . coef + intercept), which is what
        # OneVsRestClassifier.predict_proba computes one estimator at a time (with its
        # input checks costing more than the arithmetic on a batch of paragraphs).
        estimators = list(getattr(self.classifier, "estimators_", []))
        if len(estimators) != len(self.learned) or not all(
            getattr(e, "coef_", np.zeros(0)).shape[:1] == (1,) for e in estimators
        ):
            raise ValueError("classifier needs one binary logistic regression per learned topic")
        columns = [np.ravel(e.coef_) for e in estimators]
        weights = np.column_stack(columns) if columns else np.zeros((0, 0))
        object.__setattr__(self, "_weights", weights)
        object.__setattr__(self, "_intercepts", np.array([e.intercept_[0] for e in estimators]))

    def probabilities(self, texts: Sequence[str], docs: Sequence[Doc] | None = None) -> np.ndarray:
        """Return the ``len(texts)`` x ``topics`` matrix of scores in [0, 1].

        Learned topics get the classifier's probability; the others the keyword score.

        Args:
            texts: Paragraph texts.
            docs: The same texts as tokenized by the normtrace pipeline; made here when
                not given.
        """
        keywords = keyword_features(texts)
        if not self.learned:
            return keywords
        docs = tokenize(texts) if docs is None else docs
        features = model_features(
            self.index, self.tfidf, texts, docs, keywords, self.keyword_weight
        )
        learned = expit(features @ self._weights + self._intercepts)
        index = {topic: i for i, topic in enumerate(self.topics)}
        scores = keywords.copy()
        for column, topic in enumerate(self.learned):
            scores[:, index[topic]] = learned[:, column]
        return scores

    def score_many(
        self, texts: Sequence[str], docs: Sequence[Doc] | None = None
    ) -> list[tuple[Topic, ...]]:
        """Return, for each text, the topics at or above the threshold.

        Norms and rules come before pillars, each group best first: the specific norm a
        paragraph restates (1.6, critical infrastructure) leads the broader pillar it
        also touches (international law), whose probability may be higher.

        Args:
            texts: Paragraph texts.
            docs: Their Docs from the normtrace pipeline, when at hand.

        Returns:
            One tuple per text; scores are rounded to three places.
        """
        if not texts:
            return []
        pillar = [rule.kind == "pillar" for rule in load_topics()]
        results = []
        for row in self.probabilities(texts, docs):
            found = sorted(
                np.flatnonzero(row >= self.threshold).tolist(),
                key=lambda order: (pillar[order], -row[order], order),
            )
            results.append(tuple(Topic(self.topics[o], round(float(row[o]), 3)) for o in found))
        return results

    def score(self, text: str) -> tuple[Topic, ...]:
        """Return the topics of one text (see ``score_many``)."""
        return self.score_many([text])[0]


def load_topic_model(path: str | Path, *, trusted: Sequence[str] = TRUSTED_TYPES) -> TopicModel:
    """Load a topic model saved by ``pipeline.nlp.train``, trusting only ``trusted`` types.

    Args:
        path: A ``.skops`` file.
        trusted: Type names that may be built; any other type in the file is refused.

    Returns:
        The model.

    Raises:
        TopicModelError: The file is missing or unreadable, names a type outside
            ``trusted``, or is not a topic model.
    """
    import skops.io as sio  # imported here: only needed when a model is used

    if not Path(path).is_file():
        where = f" (named by ${ENV_VAR})" if os.environ.get(ENV_VAR) else ""
        raise TopicModelError(f"{path}: no such topic model file{where}")
    untrusted = sorted(set(sio.get_untrusted_types(file=path)) - set(trusted))
    if untrusted:
        raise TopicModelError(f"{path}: untrusted types in model file: {', '.join(untrusted)}")
    try:
        stored = sio.load(path, trusted=list(trusted))
    except Exception as error:  # skops raises several kinds for a bad archive
        raise TopicModelError(f"{path}: cannot load topic model: {error}") from error
    if not isinstance(stored, dict) or stored.get("format") != FORMAT:
        raise TopicModelError(f"{path}: not a {FORMAT} file")
    topics, learned = stored.get("topics"), stored.get("learned")
    for name, value in (("topics", topics), ("learned", learned)):
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise TopicModelError(f"{path}: {name} must be a list of strings")
    assert isinstance(topics, list) and isinstance(learned, list)  # for mypy
    if topics != [rule.topic for rule in load_topics()] or not set(learned) <= set(topics):
        raise TopicModelError(f"{path}: topics differ from pipeline/nlp/data/topics.csv")
    terms = stored.get("terms")
    if not isinstance(terms, list) or not all(
        isinstance(term, list) and all(isinstance(word, str) for word in term) for term in terms
    ):
        raise TopicModelError(f"{path}: terms must be a list of lists of words")
    tfidf, classifier = stored.get("tfidf"), stored.get("classifier")
    if not hasattr(tfidf, "transform") or not hasattr(classifier, "predict_proba"):
        raise TopicModelError(f"{path}: needs a fitted TF-IDF transformer and classifier")
    try:
        return TopicModel(
            TermIndex(tuple(tuple(term) for term in terms)),
            tfidf,
            classifier,
            tuple(topics),
            tuple(learned),
            float(stored.get("threshold", 0.5)),
            float(stored.get("keyword_weight", 1.0)),
        )
    except ValueError as error:
        raise TopicModelError(f"{path}: {error}") from error


def model_path() -> Path | None:
    """Return the model file the clause reader should use, or None for the baseline.

    ``$NORMTRACE_TOPIC_MODEL`` names another file, or "none" to use the keyword
    baseline; otherwise ``models/topic_model.skops`` when it exists.
    """
    chosen = os.environ.get(ENV_VAR)
    if chosen is not None:
        return None if chosen.strip().lower() in {"", "none"} else Path(chosen)
    return DEFAULT_MODEL_PATH if DEFAULT_MODEL_PATH.is_file() else None


@cache
def cached_topic_model(path: Path) -> TopicModel:
    """Load ``path`` once per process."""
    return load_topic_model(path)


def resolve_topic_model(spec: str) -> TopicModel | None:
    """Return the model a clause reader configured with ``spec`` uses, or None.

    Args:
        spec: "auto" (``model_path()``: ``$NORMTRACE_TOPIC_MODEL`` or
            ``models/topic_model.skops`` when present), "none" (keyword baseline), or
            the path of a model file.

    Raises:
        TopicModelError: The file is not a trusted topic model.
        OSError: A named file cannot be read.
    """
    if spec.strip().lower() == "none":
        return None
    path = model_path() if spec == "auto" else Path(spec)
    return None if path is None else cached_topic_model(path)
