"""The trained topic model: safe loading, checked predictions, and its use in clauses."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import spacy

import pipeline.nlp.components  # noqa: F401  (registers the factories)
from pipeline.ingest import load_document
from pipeline.nlp.topic_model import (
    DEFAULT_MODEL_PATH,
    TopicModel,
    TopicModelError,
    load_topic_model,
    model_file_contents,
    resolve_topic_model,
    tokenize,
)
from pipeline.nlp.topics import load_topics
from pipeline.nlp.train import Fitted, fit_estimators, label_matrix, learnable, load_labels

LABELS = Path(__file__).resolve().parents[1] / "models" / "data" / "norm_labels.jsonl"
needs_model = pytest.mark.skipif(
    not DEFAULT_MODEL_PATH.is_file(), reason="no models/topic_model.npz: run make train"
)


@pytest.fixture(scope="module")
def model() -> TopicModel:
    if not DEFAULT_MODEL_PATH.is_file():
        pytest.skip("no models/topic_model.npz: run make train")
    return load_topic_model(DEFAULT_MODEL_PATH)


def _write(path: Path, model: TopicModel, **changes: Any) -> Path:
    """Write ``model``'s file with some arrays changed (a header change: a dict)."""
    contents = model_file_contents(model)
    header = json.loads(str(contents["header"]))
    for name, value in changes.items():
        if isinstance(value, dict):
            header.update(value)
        elif value is None:
            del contents[name]
        else:
            contents[name] = value
    contents["header"] = np.array(json.dumps(header))
    with path.open("wb") as file:
        np.savez(file, **contents)  # pickles object arrays, as a hostile file could
    return path


def _refused(path: Path, match: str) -> str:
    with pytest.raises(TopicModelError, match=match) as caught:
        load_topic_model(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ") and "\n" not in message
    return message


@needs_model
def test_shipped_model_is_plain_arrays() -> None:
    with np.load(DEFAULT_MODEL_PATH, allow_pickle=False) as archive:
        kinds = {name: archive[name].dtype.kind for name in archive.files}
    assert kinds == {"header": "U", "idf": "f", "weights": "f", "intercepts": "f"}


class _Planted:
    """Unpickling this runs a function: it makes the directory ``marker``."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return os.makedirs, (str(self.marker),)


def test_load_refuses_object_arrays(model: TopicModel, tmp_path: Path) -> None:
    # A pickled array runs code when loaded: it must not be unpickled at all.
    marker = tmp_path / "ran"
    evil = np.array([_Planted(marker), 1.0], dtype=object)
    for name in ("weights", "idf"):
        _refused(_write(tmp_path / "evil.npz", model, **{name: evil}), "Object arrays cannot be")
    path = tmp_path / "evil.npy"
    np.save(path, evil, allow_pickle=True)
    _refused(path, "cannot read topic model: File is not a zip file")
    assert not marker.exists()
    np.load(path, allow_pickle=True)  # what the planted object does when unpickled
    assert marker.is_dir()
    np.save(path, model.weights)  # plain, but one array: no model
    _refused(path, "cannot read topic model: File is not a zip file")


def test_load_refuses_other_files(model: TopicModel, tmp_path: Path) -> None:
    path = tmp_path / "other.npz"
    _refused(_write(path, model, header={"format": "normtrace-topic-model/3"}), "not a")
    _refused(_write(path, model, header={"topics": ["norm_13a"]}), "topics differ")
    _refused(_write(path, model, header={"terms": [["cyber"], ["cyber"]]}), "distinct")
    _refused(_write(path, model, header={"terms": ["cyber"]}), "list of lists")
    _refused(_write(path, model, header={"threshold": "high"}), "must be numbers")
    # NaN passes no threshold and an infinite weight makes every score NaN (issue 27)
    _refused(_write(path, model, header={"threshold": float("nan")}), "must be finite")
    _refused(_write(path, model, header={"keyword_weight": float("-inf")}), "must be finite")
    _refused(_write(path, model, intercepts=None), "missing arrays: intercepts")
    _refused(_write(path, model, idf=model.idf[:-1]), r"idf must be float64 \(")
    _refused(_write(path, model, weights=model.weights.T), "weights must be float64")
    _refused(_write(path, model, weights=model.weights.astype(np.float32)), "weights")
    _refused(_write(path, model, intercepts=model.intercepts * np.nan), "must be finite")
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("header.npy", b"not an array")
    _refused(path, "cannot read topic model: not arrays: header")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:  # a zip bomb
        archive.writestr("header.npy", bytes(65 * 2**20))
    assert path.stat().st_size < 2**20
    _refused(path, "unpacks to 68,157,440 bytes, more than 67,108,864")
    path.write_bytes(b"PK\x03\x04 truncated")
    _refused(path, "cannot read topic model")
    path.write_text("format = 'normtrace-topic-model/4'", "utf-8")
    _refused(path, "cannot read topic model")


def test_a_name_too_long_for_the_system_is_refused_in_one_line(tmp_path: Path) -> None:
    """``is_file`` raised OSError (ENAMETOOLONG), which extract took for a missing spaCy
    pipeline ("the spaCy pipeline None is not installed")."""
    path = tmp_path / ("a" * 5_000)
    assert _refused(path, "cannot read topic model").endswith("File name too long")


def test_a_saved_model_loads_back_the_same(model: TopicModel, tmp_path: Path) -> None:
    from pipeline.nlp.topic_model import save_topic_model

    path = tmp_path / "copy"  # no .npz suffix added
    save_topic_model(model, path)
    loaded = load_topic_model(path)
    assert loaded.index.terms == model.index.terms
    np.testing.assert_array_equal(loaded.weights, model.weights)
    texts = ["Calls upon States to protect critical infrastructure from ICT attacks."]
    np.testing.assert_array_equal(loaded.probabilities(texts), model.probabilities(texts))


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    """scikit-learn's fit on every labelled paragraph (what ``make train`` saves)."""
    rows = load_labels(LABELS)
    topics = [rule.topic for rule in load_topics()]
    texts = [row["text"] for row in rows]
    groups = [row["source"] for row in rows]
    return fit_estimators(texts, label_matrix(rows, topics), topics, groups)


def _learned_columns(model: TopicModel) -> list[int]:
    return [model.topics.index(topic) for topic in model.learned]


def test_numpy_model_equals_scikit_learn_on_labelled_paragraphs(fitted: Fitted) -> None:
    texts = [row["text"] for row in load_labels(LABELS)]
    docs = tokenize(texts)
    model = fitted.model()
    expected = fitted.reference_probabilities(texts, docs)
    found = model.probabilities(texts, docs)[:, _learned_columns(model)]
    assert expected.shape == (len(texts), len(model.learned)) and len(model.learned) >= 10
    np.testing.assert_allclose(found, expected, rtol=0, atol=1e-9)
    assert ((found >= 0.5) & (found < 0.99)).any()  # decided and undecided scores both


@pytest.mark.parametrize(
    "source",
    [
        "resolutions/A_RES_75_240.txt",
        "resolutions/A_RES_79_243.pdf",
        "batch/mandate_pipeline_first_committee_78-80/A_C.1_80_L.54.pdf",
    ],
)
def test_numpy_model_equals_scikit_learn_on_corpus_paragraphs(
    fitted: Fitted, corpus: Path, source: str
) -> None:
    texts = [p.text for p in load_document(corpus / source).paragraphs]
    docs = tokenize(texts)
    model = fitted.model()
    found = model.probabilities(texts, docs)[:, _learned_columns(model)]
    np.testing.assert_allclose(
        found, fitted.reference_probabilities(texts, docs), rtol=0, atol=1e-9
    )


@needs_model
def test_shipped_model_is_what_make_train_fits(fitted: Fitted, model: TopicModel) -> None:
    # The file holds scikit-learn's fit on the labels, so its scores are scikit-learn's.
    assert model.index.terms == fitted.index.terms and model.learned == fitted.learned
    texts = [row["text"] for row in load_labels(LABELS)]
    np.testing.assert_allclose(
        model.probabilities(texts), fitted.model().probabilities(texts), rtol=0, atol=1e-6
    )


def test_resolve_none_means_keyword_baseline() -> None:
    assert resolve_topic_model("none") is None


def test_label_file_is_complete_and_known() -> None:
    rows = load_labels(LABELS)  # raises on an unknown topic
    assert len(rows) >= 400
    assert len({row["source"] for row in rows}) >= 25
    assert len({(row["source"], row["paragraph_id"]) for row in rows}) == len(rows)
    assert all(row["text"].strip() for row in rows)


def test_learnable_needs_positives_from_several_documents() -> None:
    topics = [rule.topic for rule in load_topics()]
    rows = [{"labels": ["ihl"]} for _ in range(6)] + [{"labels": ["human_rights"]}] * 6
    y = label_matrix(rows, topics)
    groups = ["one"] * 6 + ["a", "b", "c", "a", "b", "c"]
    mask = dict(zip(topics, learnable(y, groups), strict=True))
    assert not mask["ihl"]  # six positives, all from one document
    assert mask["human_rights"]


@pytest.mark.parametrize(
    ("source", "paragraph_id", "present", "absent"),
    [
        # The Cybercrime Convention's adoption (not in the training data).
        ("resolutions/A_RES_79_243.txt", "preamble_4", {"crime_terrorism"}, set()),
        # Confidence-building in Central Africa, not cyberspace: the keywords say
        # confidence_building, the guide (rule 1) and the model say nothing.
        (
            "batch/mandate_pipeline_first_committee_78-80/A_C.1_80_L.54.pdf",
            "preamble_5",
            set(),
            {"confidence_building"},
        ),
        # Terrorists and weapons of mass destruction: no ICT, so no crime_terrorism.
        (
            "batch/mandate_pipeline_first_committee_78-80/A_C.1_80_L.44.pdf",
            "preamble_35",
            set(),
            {"crime_terrorism"},
        ),
        # The 2015 GGE Charter principles recalled in A/RES/73/27.
        (
            "resolutions/A_RES_73_27.txt",
            "preamble_16",
            {"international_law", "sovereignty"},
            set(),
        ),
    ],
)
def test_checked_predictions(
    model: TopicModel,
    corpus: Path,
    source: str,
    paragraph_id: str,
    present: set[str],
    absent: set[str],
) -> None:
    document = load_document(corpus / source)
    text = next(p.text for p in document.paragraphs if p.id == paragraph_id)
    found = {topic.name for topic in model.score(text)}
    assert present <= found
    assert not absent & found


def test_scores_are_probabilities_and_norms_lead(model: TopicModel) -> None:
    text = (
        "A State should not conduct or knowingly support ICT activity contrary to its "
        "obligations under international law that intentionally damages critical "
        "infrastructure or otherwise impairs the use and operation of critical "
        "infrastructure to provide services to the public."
    )
    topics = model.score(text)
    assert topics[0].name == "norm_13f"
    assert all(0.5 <= t.score <= 1 for t in topics)
    assert model.probabilities([text, "The meeting rose at 1 p.m."]).shape == (2, 25)
    assert model.score_many([]) == []
    assert np.all(model.probabilities(["The meeting rose at 1 p.m."]) < 0.5)


@pytest.mark.parametrize("spec", ["auto", "none"])
@pytest.mark.parametrize(
    ("number", "topic"),
    [("1.6", "norm_13f"), ("1.10", "norm_13i_proliferation"), ("1.12", "norm_13k")],
)
def test_a_res_73_27_links_with_model_and_baseline(
    corpus: Path, spec: str, number: str, topic: str
) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("normtrace_clauses", config={"topic_model": spec})
    document = load_document(corpus / "resolutions" / "A_RES_73_27.txt")
    text = next(p.text for p in document.paragraphs if p.number == number)
    for doc in (nlp(text), next(iter(nlp.pipe([text, "Noting"])))):  # __call__ and pipe
        assert doc._.nt_clause["topics"][0][0] == topic


@needs_model
def test_metrics_file_shows_model_beats_baseline() -> None:
    metrics = json.loads((DEFAULT_MODEL_PATH.parent / "topic_metrics.json").read_text("utf-8"))
    assert metrics["model"]["_micro"]["f1"] > metrics["baseline"]["_micro"]["f1"]
    assert metrics["model"]["_macro"]["f1"] > metrics["baseline"]["_macro"]["f1"]


@needs_model
def test_model_card_quotes_the_metrics_file() -> None:
    # The evaluation table of models/MODEL_CARD.md must be the one make train wrote.
    metrics = json.loads((DEFAULT_MODEL_PATH.parent / "topic_metrics.json").read_text("utf-8"))
    card = (DEFAULT_MODEL_PATH.parent / "MODEL_CARD.md").read_text("utf-8")
    quoted = {}
    for line in card.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) == 8 and cells[0].startswith("`"):
            quoted[cells[0].split("`")[1]] = cells[1:]
        elif len(cells) == 8 and cells[0].endswith(" average"):
            quoted["_" + cells[0].split()[0]] = cells[1:]
    assert set(quoted) == set(metrics["model"])
    for topic, cells in quoted.items():
        m, b = metrics["model"][topic], metrics["baseline"][topic]
        expected = [str(m["support"])] + [
            f"{row[key]:.2f}" for row in (m, b) for key in ("precision", "recall", "f1")
        ]
        assert cells == expected, topic


@needs_model
def test_shipped_model_file_stays_small() -> None:
    # The model is committed: it must stay well under the repository's 2 MB limit.
    assert DEFAULT_MODEL_PATH.stat().st_size < 2_000_000


def test_a_missing_model_named_by_the_environment_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli
    from pipeline.errors import NormtraceError
    from pipeline.nlp.extract import default_nlp
    from pipeline.nlp.topic_model import cached_topic_model

    missing = tmp_path / "nope.npz"
    monkeypatch.setenv("NORMTRACE_TOPIC_MODEL", str(missing))
    # The pipeline and model are built once per process: build them again with the env.
    cached_topic_model.cache_clear()
    default_nlp.cache_clear()
    with pytest.raises(NormtraceError, match="no such topic model file"):
        load_topic_model(missing)
    source = Path(__file__).parent / "data" / "excerpt_78_16.txt"
    result = CliRunner().invoke(cli, ["extract", str(source)])
    assert result.exit_code == 1
    assert result.stderr.strip().splitlines() == [
        f"error: {missing}: no such topic model file (named by $NORMTRACE_TOPIC_MODEL)"
    ]
    default_nlp.cache_clear()  # later tests build the pipeline with the real model


@needs_model
def test_the_model_runs_without_scikit_learn() -> None:
    # Loading and using the model must not import scikit-learn or skops (1.7 s CPU).
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from pipeline.nlp.topic_model import resolve_topic_model\n"
        "print(resolve_topic_model('auto').score('Cyberattacks on critical infrastructure'))\n"
        "print(sorted({'sklearn', 'skops', 'pandas'} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    scores, modules = done.stdout.strip().splitlines()
    assert "Topic(" in scores and modules == "[]"
