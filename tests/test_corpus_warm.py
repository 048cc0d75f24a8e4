"""Start-up paid once per worker (issue 26): the warm reader, the fork server's preload
and the Dask plugin that warms each worker of a cluster."""

from __future__ import annotations

import gc
import pickle

import pytest

from pipeline.corpus import workers
from pipeline.document import Document


def test_warm_text_reads_through_ingest_and_extract() -> None:
    # The warm-up must go through every step a file does: a Document with paragraphs of
    # each kind, entities and clauses (a reason instead would warm nothing past it).
    rel, doc, reason = workers.warm_reader()
    assert reason is None
    assert isinstance(doc, Document)
    assert {p.kind for p in doc.paragraphs} >= {"preamble", "operative", "subparagraph"}
    assert {e.label for e in doc.entities} >= {"MEMBER_STATE", "RES_REF", "DOC_SYMBOL"}
    assert any(c.verb for c in doc.clauses)
    assert workers.warm_reader() is workers.warm_reader()  # cached: once per process


def test_pool_workers_start_warm_and_frozen() -> None:
    # A worker forked from the fork server has the pipeline's objects out of the
    # collector's reach (no full collection walks them, no page is copied for it).
    if "forkserver" not in workers.multiprocessing.get_all_start_methods():
        pytest.skip("no fork server on this platform")
    workers.start_server(wait=True)
    with workers._pool(1) as pool:
        assert pool.submit(gc.get_freeze_count).result(timeout=120) > 0


def test_dask_plugin_warms_each_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("distributed")
    from pipeline.corpus import cluster_warm

    calls: list[object] = []
    monkeypatch.setattr(cluster_warm, "warm_reader", lambda: calls.append("warm"))
    plugin = cluster_warm.WarmReader()
    plugin.setup(worker=None)
    assert calls == ["warm"]
    # It travels to the workers by reference, and is registered under one name, so a
    # second build on the same cluster replaces it instead of stacking another.
    assert type(pickle.loads(pickle.dumps(plugin))) is cluster_warm.WarmReader

    class FakeClient:
        registered: list[tuple[object, str]] = []

        def register_plugin(self, plugin: object, name: str) -> None:
            self.registered.append((plugin, name))

    client = FakeClient()
    cluster_warm.warm_workers(client)  # type: ignore[arg-type]
    [(sent, name)] = client.registered
    assert isinstance(sent, cluster_warm.WarmReader) and name == cluster_warm.PLUGIN_NAME


def test_warming_without_a_writable_temporary_folder_is_no_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The fork server imports the preload: an error there would stop every build.
    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", "/tmp")

    monkeypatch.setattr(workers.tempfile, "TemporaryDirectory", refuse)
    rel, doc, reason = workers.warm_reader.__wrapped__()
    assert doc is None and reason is not None and reason.startswith("not warmed:")
