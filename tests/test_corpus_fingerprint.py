"""The reader's file list is walked once a process while no source file changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.corpus import fingerprint


def test_the_walk_is_redone_only_when_a_source_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    walks: list[int] = []
    real = fingerprint.reader_files

    def counted() -> list[Path]:
        walks.append(1)
        return real()

    monkeypatch.setattr(fingerprint, "reader_files", counted)
    monkeypatch.setattr(fingerprint, "_READER_FILES", {})
    first = fingerprint.reader_fingerprint()
    assert fingerprint.reader_fingerprint() == first
    assert len(walks) == 1
    # A source file touched (another size or time): walked again, the same files here.
    real_stamp = fingerprint._stamp
    monkeypatch.setattr(fingerprint, "_stamp", lambda path: (*real_stamp(path)[:2], -1))
    assert fingerprint.reader_fingerprint() == first
    assert len(walks) == 2


def _origin_by_import(module: str) -> Path | None:
    """The former lookup, kept as reference: importlib finds (and imports) the parents."""
    import importlib.util

    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError):
        return None
    if spec is None or spec.origin is None or not spec.origin.endswith(".py"):
        return None
    return Path(spec.origin)


def test_the_walk_finds_what_importlib_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    found = fingerprint.reader_files()
    monkeypatch.setattr(fingerprint, "_origin", _origin_by_import)
    assert found == fingerprint.reader_files()
    assert len(found) > 40


def test_the_fingerprint_imports_neither_spacy_nor_the_model() -> None:
    # The build process reads no text: hashing the reader must not load it (0.7 s, 70 MB).
    import subprocess
    import sys

    heavy = {"spacy", "numpy", "scipy", "sklearn", "pipeline.nlp.extract"}
    code = (
        "import sys\n"
        "from pipeline.corpus.fingerprint import reader_fingerprint\n"
        "reader_fingerprint()\n"
        f"print(sorted({heavy!r} & set(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
