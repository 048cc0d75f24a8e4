"""The reader the budget tests plant in ``pipeline.ingest`` (one definition for them all).

It is the real ``load_document``, except for files named to stall (``slow*``: 60 s) or
to eat memory (``greedy*``: 4 GiB, over any budget the tests set). A reading child
forked after the patch inherits it; a Dask worker process is given it with
``client.run(plant)``.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pipeline.ingest

REAL = pipeline.ingest.load_document


def planted_load_document(path: Any, **kwargs: Any) -> Any:
    """The real reader, except for files named to stall or to eat memory."""
    name = Path(path).name
    if name.startswith("slow"):
        time.sleep(60)
    if name.startswith("greedy"):
        hog = bytearray(4 * 1024**3)
        del hog
    return REAL(path, **kwargs)


def plant() -> None:
    """Swap the planted reader in, in this process (a Dask worker's, say)."""
    pipeline.ingest.load_document = planted_load_document
