"""Issue 13, item 8: `normtrace fetch` against hostile servers on 127.0.0.1.

A local HTTP server (a thread, loopback only, every loop bounded) answers short
bodies, wrong checksums, byte-a-second drips and silence; a cache is planted with an
``index.json`` pointing outside it; bad address templates and timeouts are given.
Each case runs the command line in a child process and checks the exit code, one
``error:`` line naming the symbol, no traceback, the wall time, and what was cached.
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from hostile_cases import RESOLUTION_LINES, assert_one_error, make_pdf, run_cli

SYMBOL = "A/RES/80/97"
CACHED_NAME = "A_RES_80_97.en.pdf"
PDF = make_pdf([RESOLUTION_LINES])
QUERY = "?s={symbol}&l={lang}"
# A failed or refused fetch from loopback takes well under a second; the budget is
# generous for a loaded 2-core machine (a Python start is about 0.3 s of it).
SECONDS = 8.0
DRIP_SECONDS = 60  # a drip stops itself after this many bytes (one every 0.5 s)


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode("ascii")


# Route -> extra headers sent with the whole, correct PDF.
CHECKSUMS: dict[str, list[tuple[str, str]]] = {
    "md5-ok": [("Content-MD5", _b64(hashlib.md5(PDF).digest()))],
    "digest-ok": [("Digest", "SHA-256=" + _b64(hashlib.sha256(PDF).digest()))],
    "repr-ok": [("Repr-Digest", "sha-256=:" + _b64(hashlib.sha256(PDF).digest()) + ":")],
    "unknown-algorithm": [("Digest", "crc32c=AAAAAA==")],  # no evidence: length only
    "md5-bad": [("Content-MD5", _b64(hashlib.md5(PDF + b" ").digest()))],
    "digest-bad": [("Digest", "md5=" + _b64(hashlib.md5(b"").digest()))],
    "content-digest-bad": [("Content-Digest", "sha-512=:" + _b64(bytes(64)) + ":")],
    "md5-junk": [("Content-MD5", "not base64!")],
}


class _Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def _drip(self, data: bytes) -> None:
        for byte in data[:DRIP_SECONDS]:  # bounded: the server thread stops by itself
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.5)

    def do_GET(self) -> None:  # noqa: N802
        route = urllib.parse.urlsplit(self.path).path.strip("/")
        self.hits[route] = self.hits.get(route, 0) + 1
        self.close_connection = True
        if route == "silent":  # the connection is taken, then nothing: no status line
            time.sleep(DRIP_SECONDS / 2)
            return
        if route == "drip-head":  # status line at once, then the headers a byte at a time
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._drip(b"X-Slow: " + b"a" * 200 + b"\r\n\r\n")
            return
        if route == "chunked-short":  # one chunk of the body, then no closing chunk
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"%x\r\n%s\r\n" % (100, PDF[:100]))
            return
        if route == "redirect-file":  # a redirect to a local file
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(PDF)))
        for name, value in CHECKSUMS.get(route, []):
            self.send_header(name, value)
        self.end_headers()
        if route == "short":  # a third of the announced body, then the connection closes
            self.wfile.write(PDF[: len(PDF) // 3])
        elif route == "drip-body":
            self.wfile.write(PDF[:10])
            self._drip(PDF[10:])
        else:
            self.wfile.write(PDF)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client hung up on a drip on purpose: a broken pipe is expected


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def _fetch(server: str, route: str, cache: Path, *args: str) -> list[str]:
    base = f"{server}/{route}{QUERY}"
    return ["fetch", SYMBOL, "--base-url", base, "--cache-dir", str(cache), *args]


@pytest.mark.parametrize("route", ["ok", "md5-ok", "digest-ok", "repr-ok", "unknown-algorithm"])
def test_whole_and_matching_download_is_cached(server: str, tmp_path: Path, route: str) -> None:
    run = run_cli(_fetch(server, route, tmp_path / "cache"), tmp_path, timeout=60)
    assert run.code == 0, run.stderr
    assert run.stdout.strip() == str(tmp_path / "cache" / CACHED_NAME)
    assert (tmp_path / "cache" / CACHED_NAME).read_bytes() == PDF
    assert run.seconds < SECONDS


@pytest.mark.parametrize(
    ("route", "reason"),
    [
        # Content-Length announces all of it; a third comes, then the connection closes
        ("short", f"download cut short: {len(PDF) // 3} of the {len(PDF)} bytes announced"),
        # the body is one byte shorter than the one the Content-MD5 was made of
        ("md5-bad", "download does not match its Content-MD5 md5 checksum"),
        # RFC 3230 Digest of another body
        ("digest-bad", "download does not match its Digest md5 checksum"),
        # RFC 9530 Content-Digest of zeros
        ("content-digest-bad", "download does not match its Content-Digest sha512 checksum"),
        # a checksum that cannot be read is no checksum to trust
        ("md5-junk", "unreadable Content-MD5 checksum header 'not base64!'"),
        # chunked (no Content-Length): the connection closes before the last chunk
        ("chunked-short", "download cut short: 100 bytes, then the connection closed"),
    ],
)
def test_short_or_altered_download_is_refused(
    server: str, tmp_path: Path, route: str, reason: str
) -> None:
    cache = tmp_path / "cache"
    run = run_cli(_fetch(server, route, cache, "--retries", "1"), tmp_path, timeout=60)
    assert run.code == 1
    assert_one_error(run, SYMBOL)
    (line,) = run.errors()
    assert line.startswith(f"error: {SYMBOL}: {reason}")
    assert " from http://127.0.0.1:" in line
    assert line.endswith("after 2 attempts")  # retried once, refused both times
    assert run.stdout == ""
    assert not (cache / CACHED_NAME).exists()
    assert not (cache / "index.json").exists()
    assert [p.name for p in cache.iterdir()] == []  # no partial file left behind either
    assert run.seconds < SECONDS + 1  # the retry waits 1 s


def test_redirect_to_a_file_is_not_followed(server: str, tmp_path: Path) -> None:
    run = run_cli(_fetch(server, "redirect-file", tmp_path / "cache"), tmp_path, timeout=60)
    assert run.code == 1
    assert_one_error(run, SYMBOL)
    assert f"error: {SYMBOL}: HTTP 302 " in run.stderr
    assert "root:" not in run.stdout + run.stderr
    assert not (tmp_path / "cache" / CACHED_NAME).exists()


@pytest.mark.parametrize(
    "route",
    [
        "drip-body",  # headers at once, then the body a byte every 0.5 s
        "drip-head",  # the headers a byte every 0.5 s: no body ever starts
        "silent",  # not even a status line: only the deadline bounds a server yet to answer
    ],
)
def test_drip_ends_at_the_deadline(server: str, tmp_path: Path, route: str) -> None:
    """--timeout 2 is the whole fetch: three retries included, it ends at about 2 s."""
    cache = tmp_path / "cache"
    run = run_cli(_fetch(server, route, cache, "--timeout", "2"), tmp_path, timeout=60)
    assert run.code == 1
    assert_one_error(run, SYMBOL)
    assert f"error: {SYMBOL}: timed out (the whole fetch has 2 s) from " in run.stderr
    assert 1.5 < run.seconds < SECONDS  # per read, a drip ran for 30 s and more
    assert not (cache / CACHED_NAME).exists()


@pytest.mark.parametrize(
    ("route", "received"),
    [
        ("drip-body", "2"),  # ten bytes at once, then a byte every 0.5 s: about 20 in 5 s
        ("drip-head", "0 bytes"),  # the status line, then the body never starts
    ],
)
def test_drip_ends_at_the_minimum_rate(
    server: str, tmp_path: Path, route: str, received: str
) -> None:
    """With the default 30 s deadline a drip held the fetch 30 s; under 1,024 bytes a
    second over 5 s it ends after those 5 s, one attempt, one line naming the URL."""
    from pipeline.corpus.fetch import document_url
    from pipeline.corpus.fetch_http import RATE_WINDOW

    cache, before = tmp_path / "cache", _Handler.hits.get(route, 0)
    run = run_cli(_fetch(server, route, cache), tmp_path, timeout=60)
    assert run.code == 1
    assert_one_error(run, SYMBOL)
    url = document_url(SYMBOL, base_url=f"{server}/{route}{QUERY}")
    line = run.stderr.strip()
    assert line.startswith(f"error: {SYMBOL}: too slow: {received}"), line
    assert line.endswith(f" under the minimum of 1,024 bytes a second (--min-rate) from {url}")
    assert RATE_WINDOW < run.seconds < RATE_WINDOW + SECONDS  # not the 30 s deadline
    assert _Handler.hits[route] == before + 1  # no retry: it would drip again
    assert not (cache / CACHED_NAME).exists()


def _plant(cache: Path, target: Path, file: str) -> None:
    """An index.json whose entry for SYMBOL points at ``file``, checksum of ``target``."""
    cache.mkdir(parents=True, exist_ok=True)
    data = target.read_bytes()
    entry = {
        "symbol": SYMBOL,
        "lang": "en",
        "file": file,
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "url": "http://127.0.0.1:9/",
        "fetched_at": "2026-01-01T00:00:00+00:00",
    }
    (cache / "index.json").write_text(json.dumps({f"{SYMBOL}|en": entry}), encoding="utf-8")


@pytest.mark.parametrize(
    "case",
    [
        "dotdot",  # "file": "../secret.pdf"
        "absolute",  # "file": "/.../secret.pdf"
        "symlink",  # the expected name, but a symbolic link to the secret
        "index-symlink",  # index.json itself a link to an index outside
    ],
)
def test_index_never_leads_outside_the_cache(server: str, tmp_path: Path, case: str) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 secret outside the cache")
    cache = tmp_path / "cache"
    if case == "dotdot":
        _plant(cache, secret, "../secret.pdf")
    elif case == "absolute":
        _plant(cache, secret, str(secret))
    elif case == "symlink":
        _plant(cache, secret, CACHED_NAME)
        (cache / CACHED_NAME).symlink_to(secret)
    else:
        outside = tmp_path / "outside"
        _plant(outside, secret, "../secret.pdf")
        cache.mkdir()
        (cache / "index.json").symlink_to(outside / "index.json")
    route = f"index-{case}"
    run = run_cli(_fetch(server, route, cache), tmp_path, timeout=60)
    assert run.code == 0, run.stderr
    assert _Handler.hits.get(route) == 1  # the entry was ignored: fetched again
    got = Path(run.stdout.strip())
    assert got == cache / CACHED_NAME
    assert not got.is_symlink() and got.read_bytes() == PDF
    assert secret.read_bytes() == b"%PDF-1.4 secret outside the cache"  # not written through
    assert not (cache / "index.json").is_symlink()
    entry = json.loads((cache / "index.json").read_text())[f"{SYMBOL}|en"]
    assert entry["file"] == CACHED_NAME
    assert entry["sha256"] == hashlib.sha256(PDF).hexdigest()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        # no {symbol}: every document would be the same address
        (["--base-url", "http://127.0.0.1:9/doc"], "has no {symbol}"),
        # a field that is not there to fill
        (["--base-url", "http://127.0.0.1:9/{symbol}/{year}"], "unknown field 'year'"),
        # a positional field
        (["--base-url", "http://127.0.0.1:9/{}/{symbol}"], "unknown field ''"),
        # a lone brace
        (["--base-url", "http://127.0.0.1:9/{symbol"], "is not a template"),
        # a format spec that cannot apply to text
        (["--base-url", "http://127.0.0.1:9/{symbol:d}"], "cannot be filled in"),
        # not http(s): a local file, ftp, no scheme at all
        (["--base-url", "file:///etc/{symbol}"], "is not an http:// or https:// address"),
        (["--base-url", "ftp://127.0.0.1/{symbol}"], "is not an http:// or https:// address"),
        (["--base-url", "{symbol}"], "is not an http:// or https:// address"),
        # timeouts that are no duration
        (["--timeout", "-1"], "-1.0 is not in the range 0<x<=31536000.0"),
        (["--timeout", "0"], "0.0 is not in the range 0<x<=31536000.0"),
        (["--timeout", "nan"], "'nan' is not a number of seconds"),
        (["--timeout", "inf"], "inf is not in the range 0<x<=31536000.0"),
        # past a year (limits.MAX_SECONDS): an OverflowError traceback in the deadline
        (["--timeout", "1e308"], "1e+308 is not in the range 0<x<=31536000.0"),
        (["--timeout", "soon"], "'soon' is not a valid number of seconds"),
        (["--retries", "-1"], "-1 is not in the range x>=0"),
        # minimum rates that are no rate
        (["--min-rate", "-1"], "-1 is not a number of bytes a second, 0 or more"),
        (["--min-rate", "nan"], "nan is not a number of bytes a second, 0 or more"),
        (["--min-rate", "inf"], "inf is not a number of bytes a second, 0 or more"),
    ],
)
def test_bad_options_are_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    run = run_cli(["fetch", SYMBOL, "--cache-dir", str(tmp_path / "c"), *args], tmp_path)
    assert run.code == 2
    assert "Traceback" not in run.stderr
    (line,) = run.errors()
    assert message in line, line
    assert not (tmp_path / "c").exists()  # refused before anything was made or fetched
    assert run.seconds < SECONDS


def test_bad_base_url_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NORMTRACE_ODS_URL", "gopher://127.0.0.1/{symbol}")
    run = run_cli(["fetch", SYMBOL, "--cache-dir", str(tmp_path / "c")], tmp_path)
    assert run.code == 2
    (line,) = run.errors()
    assert "--base-url" in line and "is not an http:// or https:// address" in line
    assert "Traceback" not in run.stderr


def test_unwritable_cache_is_one_line(server: str, tmp_path: Path) -> None:
    """A folder where the document goes: one error line (was an IsADirectoryError)."""
    cache = tmp_path / "cache"
    (cache / CACHED_NAME).mkdir(parents=True)
    run = run_cli(_fetch(server, "ok", cache), tmp_path, timeout=60)
    assert run.code == 1
    assert_one_error(run, SYMBOL)
    assert f"error: {SYMBOL}: cannot write to the cache {cache} (" in run.stderr
    assert sorted(p.name for p in cache.iterdir()) == [CACHED_NAME]  # no temporary left
