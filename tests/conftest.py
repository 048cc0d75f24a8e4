"""Shared pytest fixtures."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The blank-English normtrace spaCy pipeline, built once per test session."""
    from pipeline.nlp.pipeline import build_nlp

    return build_nlp()
