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
