"""The trained topic classifier (models/MODEL_CARD.md, "Topic model").

A scikit-learn model trained on the hand-labelled paragraphs of ``models/data/norm_labels.jsonl`` by
``python -m pipeline.nlp.train``: one logistic regression per topic over the TF-IDF of
word 1-2-grams plus the keyword baseline's 25 topic scores (``keyword_features``), so
the rules are one input the model learns to trust or to overrule (e.g. "international
law" in a nuclear resolution is no cyber topic). It is stored with skops, which rebuilds
objects from their state instead of unpickling them, and is loaded with an explicit list
of trusted types (``TRUSTED_TYPES``): a file that names any other type is refused before anything
in it is built. When the model file is absent, the clause reader falls back to the
keyword baseline of ``pipeline.nlp.topics``.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from pipeline.document import Topic
from pipeline.nlp.topics import load_topics, score_topics

MODEL_FILE = "topic_model.skops"
# models/ at the root of the repository (an editable install or a checkout).
DEFAULT_MODEL_PATH = Path(__file__).resolve().parents[2] / "models" / MODEL_FILE
ENV_VAR = "NORMTRACE_TOPIC_MODEL"  # a path, or "none" to force the keyword baseline
FORMAT = "normtrace-topic-model/1"
# Every type the stored pipeline is made of, besides the builtins skops always trusts.
# Keep in step with pipeline.nlp.train.build_estimator; the training script checks it.
TRUSTED_TYPES: tuple[str, ...] = (
    "builtins.slice",
    "numpy.dtype",
    "numpy.float64",
    "numpy.int64",
    "numpy.ndarray",
    "scipy.sparse._csr.csr_matrix",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.multiclass.OneVsRestClassifier",
    "sklearn.preprocessing._label.LabelBinarizer",
)


class TopicModelError(ValueError):
    """A model file that is not a normtrace topic model, or names an untrusted type."""


def keyword_features(texts: Sequence[str]) -> np.ndarray:
    """Return the keyword baseline's score of every taxonomy topic for each text.

    Args:
        texts: Paragraph texts.

    Returns:
        A ``len(texts)`` x topics array in taxonomy order; 0 where no pattern matched.
    """
    index = {rule.topic: i for i, rule in enumerate(load_topics())}
    matrix = np.zeros((len(texts), len(index)))
    for row, text in enumerate(texts):
        for topic in score_topics(text, min_score=0.0):
            matrix[row, index[topic.name]] = topic.score
    return matrix


def model_features(
    vectorizer: Any, texts: Sequence[str], keywords: np.ndarray, weight: float
) -> Any:
    """Return the classifier's input: TF-IDF columns, then the weighted keyword scores."""
    tfidf = vectorizer.transform(list(texts))
    return sparse.hstack([tfidf, sparse.csr_matrix(keywords * weight)], format="csr")


@dataclass(frozen=True, slots=True)
class TopicModel:
    """A loaded classifier: vectorizer, per-topic classifier, topic order and threshold.

    Attributes:
        vectorizer: A fitted ``TfidfVectorizer``.
        classifier: A fitted ``OneVsRestClassifier`` with one column per topic of
            ``learned``.
        topics: Every topic id, in taxonomy order (``pipeline/nlp/data/topics.csv``).
        learned: The topics the classifier decides. The others had too few labelled
            examples (from too few documents) to learn, and keep the keyword score.
        threshold: Score at or above which a topic is reported.
        keyword_weight: Factor applied to the keyword scores before the classifier.
    """

    vectorizer: Any
    classifier: Any
    topics: tuple[str, ...]
    learned: tuple[str, ...]
    threshold: float = 0.5
    keyword_weight: float = 1.0

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Return the ``len(texts)`` x ``topics`` matrix of scores in [0, 1].

        Learned topics get the classifier's probability; the others the keyword score.
        """
        keywords = keyword_features(texts)
        if not self.learned:
            return keywords
        features = model_features(self.vectorizer, texts, keywords, self.keyword_weight)
        learned = np.asarray(self.classifier.predict_proba(features))
        index = {topic: i for i, topic in enumerate(self.topics)}
        scores = keywords.copy()
        for column, topic in enumerate(self.learned):
            scores[:, index[topic]] = learned[:, column]
        return scores

    def score_many(self, texts: Sequence[str]) -> list[tuple[Topic, ...]]:
        """Return, for each text, the topics at or above the threshold.

        Norms and rules come before pillars, each group best first: the specific norm a
        paragraph restates (1.6, critical infrastructure) leads the broader pillar it
        also touches (international law), whose probability may be higher.

        Args:
            texts: Paragraph texts.

        Returns:
            One tuple per text; scores are rounded to three places.
        """
        if not texts:
            return []
        pillar = [rule.kind == "pillar" for rule in load_topics()]
        results = []
        for row in self.probabilities(texts):
            found = sorted(
                (pillar[order], -float(p), order)
                for order, p in enumerate(row)
                if float(p) >= self.threshold
            )
            results.append(
                tuple(Topic(self.topics[order], round(-score, 3)) for _, score, order in found)
            )
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
        TopicModelError: The file names a type outside ``trusted`` or is not a topic
            model.
        OSError: The file cannot be read.
    """
    import skops.io as sio  # imported here: only needed when a model is used

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
    vectorizer, classifier = stored.get("vectorizer"), stored.get("classifier")
    if not hasattr(vectorizer, "transform") or not hasattr(classifier, "predict_proba"):
        raise TopicModelError(f"{path}: needs a fitted vectorizer and classifier")
    return TopicModel(
        vectorizer,
        classifier,
        tuple(topics),
        tuple(learned),
        float(stored.get("threshold", 0.5)),
        float(stored.get("keyword_weight", 1.0)),
    )


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
