"""Documents come back out of the store whole, and `normtrace diff` reads symbols from it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden_docs import METADATA

from pipeline.cli import cli
from pipeline.corpus.store import Store, StoreError
from pipeline.ingest import load_document

DATA = Path(__file__).parent / "data"


@pytest.fixture()
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "corpus.db"
    with Store(path) as store:
        store.write_document("excerpt_78_16.txt", load_document(DATA / "excerpt_78_16.txt"))
    return path


def test_load_document_round_trip(store_path: Path) -> None:
    original = load_document(DATA / "excerpt_78_16.txt")
    with Store(store_path, readonly=True) as store:
        loaded = store.load_document("A/RES/78/16")
    assert loaded.paragraphs == original.paragraphs
    assert loaded.footnotes == original.footnotes
    for field in METADATA:
        assert getattr(loaded, field) == getattr(original, field), field


def test_unknown_symbol(store_path: Path) -> None:
    with Store(store_path, readonly=True) as store, pytest.raises(StoreError, match="A/RES/1/1"):
        store.load_document("A/RES/1/1")


def test_diff_a_symbol_in_the_store_against_its_file(store_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["diff", "A/RES/78/16", str(DATA / "excerpt_78_16.txt"), "--db", str(store_path)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["old"]["symbol"] == report["new"]["symbol"] == "A/RES/78/16"
    assert {c["kind"] for c in report["changes"]} == {"unchanged"}


def test_diff_with_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["diff", "A/RES/78/16", "A/RES/75/240", "--db", str(tmp_path / "none.db")]
    )
    assert result.exit_code == 1
    assert "no such corpus store" in result.stderr
