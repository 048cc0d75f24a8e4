"""One document, several versions (issue 23 part 5): the corpus store with the UN's markup.

A store of A/RES/75/240 read from its text (English) and its AKN4UN markup in English,
French and Arabic: four versions of one document, each with its language; an English
one is the document by default, search filters by language, export carries it, and the
recorded vote is read from the stored markup.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline
from pipeline.cli import cli
from pipeline.corpus.store import Store

SYMBOL = "A/RES/75/240"
MARKUP = ("A_RES_75_240.en.xml", "A_RES_75_240.fr.xml", "A_RES_75_240.ar.xml")


@pytest.fixture(scope="module")
def db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("versions")
    for name in MARKUP:  # copies in a temporary root (a build follows no outside link)
        shutil.copy(corpus / "akn" / "cyber" / name, root / name)
    shutil.copy(corpus / "resolutions" / "A_RES_75_240.txt", root / "A_RES_75_240.txt")
    path = root.parent / "versions.db"
    pipeline.build_corpus(root, path, jobs=1)
    return path


def test_versions_with_their_language(db: Path) -> None:
    with Store(db, readonly=True) as store:
        versions = store.versions(SYMBOL)
        assert sorted(zip(versions["path"], versions["language"], strict=True)) == [
            ("A_RES_75_240.ar.xml", "ar"),
            ("A_RES_75_240.en.xml", "en"),
            ("A_RES_75_240.fr.xml", "fr"),
            ("A_RES_75_240.txt", "en"),
        ]
        assert list(versions["language"])[:2] == ["en", "en"]  # English first
        # The document is an English version; another language on request.
        assert store.load_document(SYMBOL).language == "en"
        french = store.load_document(SYMBOL, language="fr")
        assert french.paragraphs[0].text.startswith("Rappelant ses résolutions 36/103")


def test_markup_fields_survive_the_store(db: Path) -> None:
    with Store(db, readonly=True) as store:
        doc = store.load_document(SYMBOL, path="A_RES_75_240.en.xml")
    assert "Iran (Islamic Republic of)" in doc.additional_sponsors
    assert doc.vote_outcome == "adoptedRecordedVote"
    assert doc.paragraphs[0].eid == "container_2"
    (vote,) = doc.recorded_votes
    assert (vote.yes, vote.no, vote.abstain, len(vote.in_favour)) == (92, 50, 21, 92)


def test_search_by_language(db: Path) -> None:
    runner = CliRunner()
    french = runner.invoke(
        cli,
        [
            "corpus",
            "search",
            "Rappelant",
            "--lang",
            "fr",
            "--db",
            str(db),
            "--format",
            "json",
        ],  # fmt: skip
    )
    assert french.exit_code == 0, french.output
    hits = json.loads(french.stdout)
    assert hits and all(hit["path"] == "A_RES_75_240.fr.xml" for hit in hits)
    english = runner.invoke(cli, ["corpus", "search", "Rappelant", "--lang", "en", "--db", str(db)])
    assert english.exit_code == 0 and "no matches" in english.stderr


def test_export_carries_the_language(db: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["corpus", "export", "--db", str(db), "--format", "csv", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    with (tmp_path / "paragraphs.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {row["language"] for row in rows} == {"en", "fr", "ar"}
    with (tmp_path / "documents.csv").open(encoding="utf-8", newline="") as handle:
        assert sorted(row["language"] for row in csv.DictReader(handle)) == ["ar", "en", "en", "fr"]


def test_votes_from_the_stored_markup(db: Path) -> None:
    result = CliRunner().invoke(
        cli, ["votes", "tally", "75/240", "--db", str(db), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    (entry,) = json.loads(result.stdout)
    assert (entry["yes"], entry["no"], entry["abstain"]) == (92, 50, 21)
    assert entry["source"] == "A/RES/75/240 (A_RES_75_240.en.xml)"


def test_lineage_reads_an_english_version(db: Path) -> None:
    from pipeline.corpus.lineage import choose_document

    with Store(db, readonly=True) as store:
        _, path = choose_document(store, "75/240")
    assert path in ("A_RES_75_240.en.xml", "A_RES_75_240.txt")
