"""The optional C helper of the PDF run path (issue 26); everything else is in pyproject.toml.

``optional=True``: without a C compiler the install goes on and ingest reads runs
through ctypes (pipeline/ingest/runs.py), which gives the same Documents, slower.
"""

import os

from setuptools import Extension, setup

# The helper's arithmetic must round as Python's does, one operation at a time: no
# fused multiply-add (GCC and Clang contract "a - 3 * b" where the CPU has one).
STRICT_FLOATS = [] if os.name == "nt" else ["-ffp-contract=off"]

setup(
    ext_modules=[
        Extension(
            "pipeline.ingest._pdfruns",
            sources=["pipeline/ingest/_pdfruns.c", "pipeline/ingest/_pdflines.c"],
            depends=["pipeline/ingest/_pdfruns.h"],
            extra_compile_args=STRICT_FLOATS,
            optional=True,
        )
    ]
)
