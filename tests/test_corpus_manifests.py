"""The manifests in corpus/ name files that exist in the corpus root with their checksums."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest

MANIFESTS = sorted((Path(__file__).parent.parent / "corpus").glob("*.csv"))


@pytest.mark.parametrize("manifest", MANIFESTS, ids=lambda p: p.name)
def test_manifest_matches_corpus(corpus: Path, manifest: Path) -> None:
    rows = list(csv.DictReader(manifest.open(encoding="utf-8")))
    assert rows, manifest.name
    for row in rows:
        path = corpus / row["path"]
        assert path.is_file(), row["path"]
        assert hashlib.sha256(path.read_bytes()).hexdigest() == row["sha256"], row["path"]


def test_there_are_manifests() -> None:
    assert len(MANIFESTS) >= 5
