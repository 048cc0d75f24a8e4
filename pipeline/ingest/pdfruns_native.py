"""The C helper of the run path (``_pdfruns.c``, ``_pdflines.c``) and whether ingest uses it.

The helper reads a page's text (``page_text``, as ``pdf.page_text``) and its runs
through pdfium in one call (``read_runs``, the calls of ``runreader.RunReader.read``) and
makes the page's lines of them (``page_lines``, ``runlines.finish_runs`` for the lines
it can vouch for); the Python path stays the reference and the fallback. It is used
when it was built (``pip install -e .``, which goes on without it when no C compiler
is found) unless ``NORMTRACE_PDF_RUNS=python``.
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
    page_text: Callable[..., str | None]


@functools.cache
def built_helper() -> NativeHelper | None:
    """The C helper when it was built, whatever the environment says."""
    try:
        from pipeline.ingest import _pdfruns
    except ImportError:
        return None
    return NativeHelper(_pdfruns.read_runs, _pdfruns.page_lines, _pdfruns.page_text)


def native_helper() -> NativeHelper | None:
    """The C helper, or None: not built, or the Python path asked for."""
    if os.environ.get(ENV_PDF_RUNS, "").strip().lower() == "python":
        return None
    return built_helper()


def helper_for(native: bool | None) -> NativeHelper | None:
    """The helper a caller asked for: False none (the Python path), True the helper (an
    error when it was not built), None the helper unless the environment says no."""
    if native is None:
        return native_helper()
    if not native:
        return None
    helper = built_helper()
    if helper is None:
        raise RuntimeError("the C helper of the run path (_pdfruns) was not built")
    return helper
