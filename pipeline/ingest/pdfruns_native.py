"""The C helper of the run path (``_pdfruns.c``, ``_pdflines.c``) and whether ingest uses it.

The helper reads a page's runs through pdfium in one call (``read_runs``, the calls of
``runs._RunReader.read``) and makes the page's usual lines of them (``page_lines``,
``runlines.finish_runs`` for the lines it can vouch for); the Python path stays the
reference and the fallback. It is used when it was built (``pip install -e .``, which
goes on without it when no C compiler is found) unless ``NORMTRACE_PDF_RUNS=python``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ENV_PDF_RUNS = "NORMTRACE_PDF_RUNS"


@dataclass(frozen=True, slots=True)
class NativeHelper:
    """The helper's two functions (their signatures are in ``_pdfruns.pyi``)."""

    read_runs: Callable[..., list[Any] | None]
    page_lines: Callable[..., list[Any] | None]


@functools.cache
def built_helper() -> NativeHelper | None:
    """The C helper when it was built, whatever the environment says."""
    try:
        from pipeline.ingest import _pdfruns
    except ImportError:
        return None
    return NativeHelper(_pdfruns.read_runs, _pdfruns.page_lines)


def native_helper() -> NativeHelper | None:
    """The C helper, or None: not built, or the Python path asked for."""
    if os.environ.get(ENV_PDF_RUNS, "").strip().lower() == "python":
        return None
    return built_helper()
