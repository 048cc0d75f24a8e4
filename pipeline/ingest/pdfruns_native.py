"""The optional C helper of the run path (``_pdfruns.c``) and whether ingest uses it.

The helper makes the pdfium calls of ``runs._RunReader.read`` in one call a page,
with the Run objects made in C; the Python path stays the reference and the
fallback. It is used when it was built (``pip install -e .``, which goes on
without it when no C compiler is found) unless ``NORMTRACE_PDF_RUNS=python``.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from typing import Any

ENV_PDF_RUNS = "NORMTRACE_PDF_RUNS"

NativeReader = Callable[..., list[Any] | None]


@functools.cache
def built_reader() -> NativeReader | None:
    """The C reader of a page's runs when it was built, whatever the environment says."""
    try:
        from pipeline.ingest import _pdfruns
    except ImportError:
        return None
    return _pdfruns.read_runs


def native_reader() -> NativeReader | None:
    """The C reader of a page's runs, or None: not built, or the Python path asked for."""
    if os.environ.get(ENV_PDF_RUNS, "").strip().lower() == "python":
        return None
    return built_reader()
