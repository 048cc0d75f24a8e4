"""Golden files: real documents whose structure was checked by reading them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from golden_docs import GOLDEN_DOCS, summarise

from pipeline.ingest import load_document

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("name", sorted(GOLDEN_DOCS))
def test_golden(corpus: Path, name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    actual = json.loads(json.dumps(summarise(load_document(corpus / GOLDEN_DOCS[name]))))
    assert actual["metadata"] == expected["metadata"]
    assert actual["counts"] == expected["counts"]
    assert actual["paragraphs"] == expected["paragraphs"]
    assert actual["footnotes"] == expected["footnotes"]
