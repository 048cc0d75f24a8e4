"""Issue 27, item 6: ``serve`` stays up: capped queries, time limit, per-client cap, SIGTERM.

One 48 KB search request held an SQL thread for 82 s and 265 MB; two blocked every
search for over a minute; after that SIGTERM did not stop the server. The caps run in
process through httpx's ASGI transport; the stop runs against a real ``serve`` child.
"""

from __future__ import annotations

import asyncio
import dataclasses
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import httpx
import pytest
from factories import make_doc

from pipeline.corpus.serve import make_app
from pipeline.corpus.serve_guard import MAX_PARAM_WORDS, HostGuard, query_problem
from pipeline.corpus.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("serve_bounds") / "store.db"
    paragraphs = [
        f"Calls upon Member States to promote an open cyberspace, item {i}," for i in range(300)
    ]
    doc = make_doc(paragraphs, symbol="A/RES/1")
    with Store(path) as store:
        store.write_document("a.txt", dataclasses.replace(doc, date="2020-01-01", sha256="1"))
    return path


def _get(app: Any, path: str, params: dict[str, str]) -> httpx.Response:
    async def go() -> httpx.Response:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path, params=params)

    return asyncio.run(go())


WORDS = " ".join(["a"] * 24_000)  # the 48 KB request of the issue


@pytest.mark.parametrize(
    ("path", "params", "status", "message"),
    [
        ("/corpus/search.json", {"q": WORDS}, 414, "request query over 16 KiB"),
        ("/corpus/search.json", {"q": "a " * 33}, 400, "'q' has more than 32 words"),
        ("/corpus/search.json", {"q": "the OR " * 20, "fts": "1"}, 400, "more than 32 words"),
        ("/corpus/paragraph_search.json", {"_search": "x" * 1200}, 400, "over 1,000 characters"),
        ("/corpus/first_appearance.json", {"phrase": "open " * 40}, 400, "more than 32 words"),
        ("/corpus.json", {"sql": "select 1 " + " " * 12_000}, 400, "over 10,000 characters"),
    ],
)
def test_long_queries_are_refused_before_any_sql(
    db: Path, path: str, params: dict[str, str], status: int, message: str
) -> None:
    start = time.monotonic()
    response = _get(make_app(db), path, params)
    assert time.monotonic() - start < 5.0
    assert response.status_code == status
    assert response.text == f"error: {message}\n" or message in response.text


def test_ordinary_searches_still_run(db: Path) -> None:
    response = _get(make_app(db), "/corpus/search.json", {"q": "open cyberspace item"})
    assert response.status_code == 200 and len(response.json()) == 50


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        (b"q=open+cyberspace", None),
        (b"sql=" + b"+".join([b"select"] * 100), None),  # words are not capped in sql
        (b"_sort=pid&_size=50&_next=" + b"1" * 20, None),
        (b"q=" + b"+".join([b"w"] * (MAX_PARAM_WORDS + 1)), "'q' has more than 32 words"),
        (b"_search_text=" + b"+".join([b"w"] * 40), "'_search_text' has more than 32 words"),
        (b"x=" + b"y" * 1001, "'x' is over 1,000 characters"),
    ],
)
def test_query_problem(query: bytes, problem: str | None) -> None:
    assert query_problem(query) == problem


def test_one_client_has_a_bounded_number_of_requests_in_flight() -> None:
    release = asyncio.Event()

    async def slow_app(scope: Any, receive: Any, send: Any) -> None:
        await release.wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    guard = HostGuard(slow_app, {"localhost"}, max_in_flight=16, per_client=2)

    async def go() -> list[int]:
        transport = httpx.ASGITransport(app=guard, client=("10.0.0.1", 1234))
        other = httpx.ASGITransport(app=guard, client=("10.0.0.2", 1234))
        async with (
            httpx.AsyncClient(transport=transport, base_url="http://localhost") as client,
            httpx.AsyncClient(transport=other, base_url="http://localhost") as second,
        ):
            waiting = [asyncio.create_task(client.get("/")) for _ in range(2)]
            while guard.in_flight < 2:
                await asyncio.sleep(0.01)
            refused = await client.get("/")  # this client's third: answered at once
            another = asyncio.create_task(second.get("/"))  # another client: served
            while guard.in_flight < 3:
                await asyncio.sleep(0.01)
            release.set()
            done = [(await t).status_code for t in [*waiting, another]]
            return [refused.status_code, *done]

    assert asyncio.run(go()) == [503, 200, 200, 200]
    assert guard.in_flight == 0 and guard.per_client == {}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_sigterm_stops_the_server_while_a_query_runs(db: Path) -> None:
    port = _free_port()
    args = [sys.executable, "-m", "pipeline", "serve", "--db", str(db), "--port", str(port)]
    child = subprocess.Popen(args, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/-/versions.json", timeout=5).close()
                break
            except OSError:
                time.sleep(0.2)
        # A query that runs until the time limit (5 s): a cross join of 300**3 rows.
        sql = "select count(*) from paragraphs a, paragraphs b, paragraphs c"
        url = base + "/corpus.json?" + urllib.parse.urlencode({"sql": sql})

        def slow() -> None:
            try:
                urllib.request.urlopen(url, timeout=30).close()
            except (urllib.error.URLError, OSError):
                pass

        threading.Thread(target=slow, daemon=True).start()
        time.sleep(1.0)
        start = time.monotonic()
        child.send_signal(signal.SIGTERM)
        child.wait(timeout=15)
        assert time.monotonic() - start < 5.0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
