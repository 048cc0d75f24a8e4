"""Start-up paid once per Dask worker, before its first file (issue 26).

A build on a cluster registers ``WarmReader`` with the client before it sends any file:
each worker, those already there and those that join later, builds the NLP pipeline and
reads a short text through ingest and extract once (``workers.warm_reader``, cached per
process) when the plugin is set up. The first file of each worker then costs what any
other does, no two threads of a worker build the pipeline at once, and every child the
per-file budget forks from the worker (``cluster_budget``) starts with it built.
"""

from __future__ import annotations

from typing import Any

from distributed import Client, WorkerPlugin

from pipeline.corpus.workers import warm_reader

PLUGIN_NAME = "normtrace-warm-reader"


class WarmReader(WorkerPlugin):
    """A worker plugin that warms the reader of a corpus build on each worker."""

    name = PLUGIN_NAME

    def setup(self, worker: Any) -> None:
        """Build and warm the reader in this worker's process (once: it is cached)."""
        warm_reader()


def warm_workers(client: Client) -> None:
    """Set up ``WarmReader`` on every worker of ``client``'s cluster; wait until done.

    Registering it again (a second build on the same cluster) costs a no-op per worker.
    """
    client.register_plugin(WarmReader(), name=PLUGIN_NAME)
