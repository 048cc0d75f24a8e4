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

The model is trained with scikit-learn (``pipeline.nlp.train``) but stored as plain data
(``save_topic_model``): a numpy ``.npz`` archive of float arrays -- the terms' IDF
weights, the regressions' coefficients and intercepts -- and one string, a JSON header
with the format, topics and vocabulary. It is read with ``np.load(allow_pickle=False)``,
so nothing in a model file is ever executed or rebuilt as an object, and evaluated here
with numpy and scipy: loading it costs no scikit-learn import (1.7 s of CPU time in
every corpus build's fork server). ``tests/test_nlp_topic_model.py`` checks the
probabilities against scikit-learn's own on the labelled paragraphs and the corpus.
When the model file is absent, the clause reader falls back to the keyword baseline of
``pipeline.nlp.topics``.
"""

from __future__ import annotations

import itertools
import json
import math
import os
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse
from scipy.special import expit
from spacy.attrs import IS_PUNCT, IS_SPACE, LOWER
from spacy.strings import hash_string  # type: ignore[attr-defined]  # (Cython, untyped)
from spacy.tokens import Doc

from pipeline.document import Topic
from pipeline.errors import NormtraceError
from pipeline.nlp.topic_model_path import DEFAULT_MODEL_PATH as DEFAULT_MODEL_PATH
from pipeline.nlp.topic_model_path import ENV_VAR
from pipeline.nlp.topic_model_path import model_path as model_path
from pipeline.nlp.topics import load_topics, topic_hits

# The TF-IDF is scikit-learn's TfidfTransformer(sublinear_tf=True) with its default l2
# norm, written out (``tfidf``); a file of another format is refused.
FORMAT = "normtrace-topic-model/4"
ARRAYS = ("idf", "weights", "intercepts")  # the float arrays of a model file, with "header"
MAX_UNPACKED = 64 * 2**20  # bytes a model file may unpack to (the shipped one: 1.9 MB)
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
    _sorted: np.ndarray = field(init=False, repr=False)  # the terms' hashes, ascending
    _columns: np.ndarray = field(init=False, repr=False)  # the column of each of those

    def __post_init__(self) -> None:
        if not all(1 <= len(term) <= 2 for term in self.terms):
            raise ValueError("terms must be unigrams and bigrams")
        hashes = np.array([term_hash(term) for term in self.terms], dtype=np.uint64)
        columns = np.argsort(hashes, kind="stable")
        ordered = hashes[columns]
        if (ordered[1:] == ordered[:-1]).any():
            raise ValueError("terms must be distinct")
        object.__setattr__(self, "_sorted", ordered)
        object.__setattr__(self, "_columns", columns)

    def counts(self, docs: Sequence[Doc]) -> sparse.csr_matrix:
        """Return the ``len(docs)`` x terms matrix of term counts (unknown terms dropped)."""
        rows, grams = gram_hashes(docs)
        # Binary search in the sorted hashes; a gram past the last one is unknown.
        found = np.searchsorted(self._sorted, grams)
        known = found < len(self._sorted)
        known[known] = self._sorted[found[known]] == grams[known]
        values = np.ones(int(known.sum()))
        columns = self._columns[found[known]]
        shape = (len(docs), len(self.terms))
        return sparse.csr_matrix((values, (rows[known], columns)), shape=shape)


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


def tfidf(counts: sparse.csr_matrix, idf: np.ndarray) -> sparse.csr_matrix:
    """Return the TF-IDF of a matrix of term counts, one row per text.

    What scikit-learn's ``TfidfTransformer(sublinear_tf=True)`` computes with a fitted
    ``idf_``: 1 + log of each count, times the term's IDF, each row scaled to unit
    length (a row without a known term stays zero), its sums in the same order.
    """
    weighted = sparse.csr_matrix(counts, dtype=np.float64, copy=True)
    weighted.sum_duplicates()
    np.log(weighted.data, out=weighted.data)
    weighted.data += 1.0
    weighted.data *= idf[weighted.indices]
    squares = weighted.copy()
    squares.data *= squares.data
    norms = np.sqrt(squares @ np.ones(squares.shape[1]))
    norms[norms == 0] = 1.0
    weighted.data /= np.repeat(norms, np.diff(weighted.indptr))
    return weighted


def model_features(
    weighted: sparse.csr_matrix, texts: Sequence[str], keywords: np.ndarray, weight: float
) -> sparse.csr_matrix:
    """Return the classifier's input, one row per text.

    The TF-IDF of the vocabulary's terms (``weighted``, one row per text), then the
    keyword scores times ``weight``, then the ICT-context flag (``ict_context``).
    """
    dense = np.hstack([keywords * weight, ict_context(texts)])
    features: sparse.csr_matrix = sparse.hstack([weighted, sparse.csr_matrix(dense)], format="csr")
    return features


@dataclass(frozen=True, slots=True, eq=False)
class TopicModel:
    """A loaded classifier: vocabulary, TF-IDF weights, per-topic regressions, threshold.

    Attributes:
        index: The vocabulary (``TermIndex``).
        idf: Each term's inverse document frequency (``TfidfTransformer.idf_``).
        weights: The coefficients of the logistic regressions: one row per column of
            ``model_features``, one column per topic of ``learned``.
        intercepts: Each learned topic's intercept.
        topics: Every topic id, in taxonomy order (``pipeline/nlp/data/topics.csv``).
        learned: The topics the classifier decides. The others had too few labelled
            examples (from too few documents) to learn, and keep the keyword score.
        threshold: Score at or above which a topic is reported.
        keyword_weight: Factor applied to the keyword scores before the classifier.

    Raises:
        ValueError: An array is not float64 of its shape, or not finite.
    """

    index: TermIndex
    idf: np.ndarray
    weights: np.ndarray
    intercepts: np.ndarray
    topics: tuple[str, ...]
    learned: tuple[str, ...]
    threshold: float = 0.5
    keyword_weight: float = 1.0

    def __post_init__(self) -> None:
        features = len(self.index.terms) + len(self.topics) + 1
        expected = {
            "idf": (self.idf, (len(self.index.terms),)),
            "weights": (self.weights, (features, len(self.learned))),
            "intercepts": (self.intercepts, (len(self.learned),)),
        }
        for name, (array, shape) in expected.items():
            if array.dtype != np.float64 or array.shape != shape:
                raise ValueError(f"{name} must be float64 {shape}, not {array.dtype} {array.shape}")
            if not np.isfinite(array).all():
                raise ValueError(f"{name} must be finite")
        if not set(self.learned) <= set(self.topics):
            raise ValueError("learned topics must be topics")
        # NaN passes no threshold (no topic ever) and an infinite weight makes every score
        # NaN: a model saying nothing, silently.
        if not (math.isfinite(self.threshold) and math.isfinite(self.keyword_weight)):
            raise ValueError("threshold and keyword_weight must be finite")

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
        weighted = tfidf(self.index.counts(docs), self.idf)
        features = model_features(weighted, texts, keywords, self.keyword_weight)
        # Each learned topic's logistic regression, sigmoid(x . coef + intercept), as one
        # matrix product: what OneVsRestClassifier.predict_proba computes one estimator
        # at a time (tests/test_nlp_topic_model.py compares them).
        learned = expit(features @ self.weights + self.intercepts)
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


def model_file_contents(model: TopicModel) -> dict[str, np.ndarray]:
    """Return the arrays a model file holds: a JSON ``header`` string, then ``ARRAYS``."""
    header = {
        "format": FORMAT,
        "topics": list(model.topics),
        "learned": list(model.learned),
        "threshold": model.threshold,
        "keyword_weight": model.keyword_weight,
        "terms": [list(term) for term in model.index.terms],
    }
    return {
        "header": np.array(json.dumps(header, ensure_ascii=False)),
        "idf": model.idf,
        "weights": model.weights,
        "intercepts": model.intercepts,
    }


def save_topic_model(model: TopicModel, path: Path) -> None:
    """Write ``model`` to ``path`` as a compressed ``.npz`` (``model_file_contents``)."""
    with path.open("wb") as file:  # a file object: given a name, numpy appends ".npz"
        np.savez_compressed(file, allow_pickle=False, **model_file_contents(model))


def _read_arrays(path: Path) -> dict[str, np.ndarray]:
    """The arrays of a model file, read as plain data: an object array is refused."""
    try:
        with zipfile.ZipFile(path) as archive:  # an .npz file is a zip archive of arrays
            size = sum(member.file_size for member in archive.infolist())
        if size > MAX_UNPACKED:
            raise ValueError(f"unpacks to {size:,} bytes, more than {MAX_UNPACKED:,}")
        with np.load(path, allow_pickle=False) as loaded:
            arrays = {name: loaded[name] for name in loaded.files}
        # numpy hands back the bytes of a member that is no .npy array
        strays = sorted(name for name, value in arrays.items() if not isinstance(value, np.ndarray))
        if strays:
            raise ValueError(f"not arrays: {', '.join(strays)}")
        return arrays
    except (OSError, ValueError, EOFError, MemoryError, zipfile.BadZipFile) as error:
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise TopicModelError(f"{path}: cannot read topic model: {reason}") from error


def _header(path: Path, arrays: dict[str, np.ndarray]) -> dict[str, Any]:
    header = arrays.get("header")
    if header is None or header.dtype.kind != "U" or header.shape != ():
        raise TopicModelError(f"{path}: not a {FORMAT} file (no header string)")
    try:
        found = json.loads(str(header))
    except ValueError as error:
        raise TopicModelError(f"{path}: not a {FORMAT} file (header is not JSON)") from error
    if not isinstance(found, dict) or found.get("format") != FORMAT:
        raise TopicModelError(f"{path}: not a {FORMAT} file")
    return found


def load_topic_model(path: str | Path) -> TopicModel:
    """Load a topic model saved by ``pipeline.nlp.train`` (``save_topic_model``).

    Args:
        path: A ``.npz`` file.

    Returns:
        The model.

    Raises:
        TopicModelError: The file is missing or unreadable, holds an object array, or
            is not a topic model of this format, taxonomy and shapes.
    """
    path = Path(path)
    where = f" (named by ${ENV_VAR})" if os.environ.get(ENV_VAR) else ""
    try:
        found = path.is_file()
    except OSError as err:  # a name too long for the system, say: no OSError escapes
        raise TopicModelError(f"{path}: cannot read topic model{where}: {err.strerror}") from None
    if not found:
        raise TopicModelError(f"{path}: no such topic model file{where}")
    arrays = _read_arrays(path)
    header = _header(path, arrays)
    missing = [name for name in ARRAYS if name not in arrays]
    if missing:
        raise TopicModelError(f"{path}: missing arrays: {', '.join(missing)}")
    topics, learned = header.get("topics"), header.get("learned")
    for name, value in (("topics", topics), ("learned", learned)):
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise TopicModelError(f"{path}: {name} must be a list of strings")
    assert isinstance(topics, list) and isinstance(learned, list)  # for mypy
    if topics != [rule.topic for rule in load_topics()] or not set(learned) <= set(topics):
        raise TopicModelError(f"{path}: topics differ from pipeline/nlp/data/topics.csv")
    terms = header.get("terms")
    if not isinstance(terms, list) or not all(
        isinstance(term, list) and all(isinstance(word, str) for word in term) for term in terms
    ):
        raise TopicModelError(f"{path}: terms must be a list of lists of words")
    threshold, weight = header.get("threshold", 0.5), header.get("keyword_weight", 1.0)
    if not all(type(number) in (int, float) for number in (threshold, weight)):
        raise TopicModelError(f"{path}: threshold and keyword_weight must be numbers")
    try:
        return TopicModel(
            TermIndex(tuple(tuple(term) for term in terms)),
            arrays["idf"],
            arrays["weights"],
            arrays["intercepts"],
            tuple(topics),
            tuple(learned),
            float(threshold),
            float(weight),
        )
    except ValueError as error:
        raise TopicModelError(f"{path}: {error}") from error


@cache
def cached_topic_model(path: Path) -> TopicModel:
    """Load ``path`` once per process."""
    return load_topic_model(path)


def resolve_topic_model(spec: str) -> TopicModel | None:
    """Return the model a clause reader configured with ``spec`` uses, or None.

    Args:
        spec: "auto" (``model_path()``: ``$NORMTRACE_TOPIC_MODEL`` or
            ``models/topic_model.npz`` when present), "none" (keyword baseline), or
            the path of a model file.

    Raises:
        TopicModelError: The file is not a trusted topic model.
        OSError: A named file cannot be read.
    """
    if spec.strip().lower() == "none":
        return None
    path = model_path() if spec == "auto" else Path(spec)
    return None if path is None else cached_topic_model(path)
