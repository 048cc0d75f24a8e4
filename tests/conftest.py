"""Shared pytest fixtures."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The blank-English normtrace spaCy pipeline, built once per test session."""
    from pipeline.nlp.language import build_nlp

    return build_nlp()


@pytest.fixture(scope="session")
def corpus() -> Any:
    """The corpus root (../shared/corpus or $NORMTRACE_CORPUS_ROOT); skips when absent."""
    from pipeline.settings import corpus_root

    root = corpus_root()
    if root is None:
        pytest.skip("no corpus root: set NORMTRACE_CORPUS_ROOT")
    return root
