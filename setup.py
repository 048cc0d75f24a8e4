"""The optional C helper of the PDF run path (issue 26); everything else is in pyproject.toml.

``optional=True``: without a C compiler the install goes on and ingest reads runs
through ctypes (pipeline/ingest/runs.py), which gives the same Documents, slower.
"""

from setuptools import Extension, setup

setup(
    ext_modules=[
        Extension(
            "pipeline.ingest._pdfruns",
            sources=["pipeline/ingest/_pdfruns.c"],
            optional=True,
        )
    ]
)
