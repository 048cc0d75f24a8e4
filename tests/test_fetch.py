"""Fetching from ODS, against a local HTTP server on 127.0.0.1 that serves real corpus PDFs.

The server answers like ODS: the PDF for a symbol in the corpus MANIFEST, and the
"document does not exist" placeholder PDF (HTTP 200) for any other symbol. Other
paths misbehave on purpose: /flaky/N fails N times with 503, /slow stalls, /html
answers a web page, /big declares a huge Content-Length, /stream sends more bytes
than the limit without declaring a length, /missing answers 404, /steady sends 20,000
bytes in 2,000-byte pieces 0.2 s apart.
"""

from __future__ import annotations

import csv
import hashlib
import json
import threading
import time
import urllib.parse
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pipeline import settings
from pipeline.corpus.fetch import (
    ENV_ODS_URL,
    FetchError,
    NotInODSError,
    check_base_url,
    document_url,
    fetch_document,
    is_placeholder,
)
from pipeline.corpus.fetch_http import (
    Deadline,
    SlowError,
    TransferError,
    check_digests,
    download,
)

ROOT = settings.corpus_root()
pytestmark = pytest.mark.skipif(ROOT is None, reason="../shared/corpus not available")
PLACEHOLDER = "batch/ai_un_report_2025/PLACEHOLDER_A_78_1_not_in_ODS.pdf"
QUERY = "?s={symbol}&l={lang}&t=pdf"
STEADY = b"%PDF-" + bytes(range(256)) * 78  # 20,000 bytes


def _manifest() -> dict[str, tuple[Path, str]]:
    """Symbol -> (PDF path, sha256 from the MANIFEST) for the complete PDFs."""
    assert ROOT is not None
    with (ROOT / "MANIFEST.csv").open(newline="", encoding="utf-8") as fh:
        return {
            r["symbol"]: (ROOT / r["file"], r["sha256"])
            for r in csv.DictReader(fh)
            if r["format"] == "pdf" and r["complete"] == "yes"
        }


class _Handler(BaseHTTPRequestHandler):
    files: dict[str, tuple[Path, str]] = {}
    hits: dict[str, int] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass  # keep pytest output clean

    def _send(self, status: int, body: bytes, ctype: str = "application/pdf") -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        symbol = urllib.parse.parse_qs(url.query).get("s", [""])[0]
        route = url.path.strip("/").split("/")
        key = f"{url.path}?{symbol}"
        self.hits[key] = self.hits.get(key, 0) + 1
        if route[0] == "flaky" and self.hits[key] <= int(route[1]):
            self._send(503, b"busy", "text/plain")
        elif route[0] == "slow":
            time.sleep(1.0)
            self._send(200, b"%PDF-1.4 late")
        elif route[0] == "html":
            self._send(200, b"<!DOCTYPE html><html>login</html>", "text/html")
        elif route[0] == "missing":
            self._send(404, b"not found", "text/plain")
        elif route[0] == "big":
            self.send_response(200)
            self.send_header("Content-Length", str(10**9))
            self.end_headers()
        elif route[0] == "steady":  # about 10,000 bytes a second for 2 s
            self.send_response(200)
            self.send_header("Content-Length", str(len(STEADY)))
            self.end_headers()
            for start in range(0, len(STEADY), 2_000):
                self.wfile.write(STEADY[start : start + 2_000])
                self.wfile.flush()
                time.sleep(0.2)
        elif route[0] == "stream":
            self.send_response(200)
            self.end_headers()  # no Content-Length: read until the connection closes
            for _ in range(64):
                self.wfile.write(b"%PDF-" + b"x" * 4096)
            self.close_connection = True
        else:
            assert ROOT is not None
            path = self.files.get(symbol, (ROOT / PLACEHOLDER, ""))[0]
            self._send(200, path.read_bytes())


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the client gave up on /slow or /stream on purpose: a broken pipe is expected


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    _Handler.files = _manifest()
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize(
    "symbol",
    [
        "A/RES/78/16",  # a 2023 cyber resolution, 4 pages
        "A/C.1/80/L.20",  # a First Committee draft
        "S/RES/2768 (2025)",  # a Security Council symbol with a year and a space
    ],
)
def test_fetch_real_pdf_and_index(server: str, tmp_path: Path, symbol: str) -> None:
    source, manifest_sha = _manifest()[symbol]
    got = fetch_document(symbol, base_url=server + "/ods" + QUERY, cache=tmp_path)
    assert got.path.read_bytes() == source.read_bytes()
    assert got.sha256 == manifest_sha  # checksum recorded by the corpus, not by us
    assert not got.from_cache
    index = json.loads((tmp_path / "index.json").read_text())
    entry = index[f"{symbol}|en"]
    assert (entry["sha256"], entry["size"], entry["file"]) == (
        manifest_sha,
        source.stat().st_size,
        got.path.name,
    )


def test_second_fetch_uses_cache_and_checks_it(server: str, tmp_path: Path) -> None:
    base = server + "/counted" + QUERY
    first = fetch_document("A/RES/78/16", base_url=base, cache=tmp_path)
    second = fetch_document("A/RES/78/16", base_url=base, cache=tmp_path)
    assert second.from_cache and second.path == first.path
    assert _Handler.hits["/counted?A/RES/78/16"] == 1
    first.path.write_bytes(b"%PDF-tampered")  # the checksum no longer matches
    third = fetch_document("A/RES/78/16", base_url=base, cache=tmp_path)
    assert not third.from_cache
    assert hashlib.sha256(third.path.read_bytes()).hexdigest() == first.sha256
    assert _Handler.hits["/counted?A/RES/78/16"] == 2


def test_placeholder_is_a_clear_error(server: str, tmp_path: Path) -> None:
    with pytest.raises(NotInODSError, match=r"^A/78/1: not in ODS \(.*does not exist"):
        fetch_document("A/78/1", base_url=server + "/ods" + QUERY, cache=tmp_path)
    assert not list(tmp_path.glob("*.pdf"))
    assert not (tmp_path / "index.json").exists()


@pytest.mark.parametrize(
    ("relpath", "expected"),
    [
        (PLACEHOLDER, True),  # the ODS "does not exist" page
        ("resolutions/A_RES_78_16.pdf", False),  # a real resolution
        ("batch/ai_un_report_2025/S_RES_2768_2025.pdf", False),  # a short, 2-page document
        ("batch/ai_un_report_2025/E_CN.4_110.pdf", False),  # a 1-page scan
    ],
)
def test_is_placeholder(relpath: str, expected: bool) -> None:
    assert ROOT is not None
    assert is_placeholder((ROOT / relpath).read_bytes()) is expected


def test_retries_with_backoff_then_succeeds(server: str, tmp_path: Path) -> None:
    waits: list[float] = []
    got = fetch_document(
        "A/RES/78/16",
        base_url=server + "/flaky/2" + QUERY,
        cache=tmp_path,
        retries=3,
        backoff=0.5,
        sleep=waits.append,
    )
    assert waits == [0.5, 1.0]  # two failures, doubling waits
    assert got.size > 0


@pytest.mark.parametrize(
    ("route", "kwargs", "message", "attempts"),
    [
        # 503 more often than the retries allow
        ("/flaky/9", {"retries": 2}, r"HTTP 503 .* after 3 attempts", 2),
        # the server stalls longer than the timeout, which covers the retries too
        ("/slow", {"retries": 1, "timeout": 0.2}, r"timed out \(the whole .*0.2 s.* 1 attempt$", 0),
        # the backoff (1 s) would pass the whole fetch's deadline: no retry is made
        (
            "/flaky/9",
            {"retries": 3, "timeout": 0.5, "backoff": 1.0},
            r"HTTP 503 .*no time left for a retry within 0.5 s.* after 1 attempt$",
            0,
        ),
        # 404: the symbol is unknown, no retry
        ("/missing", {"retries": 3}, r"not in ODS \(HTTP 404", 0),
        # a web page instead of a PDF
        ("/html", {}, r"is not a PDF \(starts '<!DOCTYPE html>", 0),
        # Content-Length over the limit: refused before reading
        ("/big", {"max_bytes": 1000}, r"1000000000 bytes is over the 1000-byte limit", 0),
        # no Content-Length, more bytes than the limit: stopped while reading
        ("/stream", {"max_bytes": 10_000}, r"more than the 10000-byte limit", 0),
    ],
)
def test_fetch_failures(
    server: str,
    tmp_path: Path,
    route: str,
    kwargs: dict[str, float],
    message: str,
    attempts: int,
) -> None:
    waits: list[float] = []
    with pytest.raises(FetchError, match=message) as info:
        fetch_document(
            "A/RES/78/16",
            base_url=server + route + QUERY,
            cache=tmp_path,
            sleep=waits.append,
            **{"backoff": 0.01, **kwargs},  # type: ignore[arg-type]
        )
    assert str(info.value).startswith("A/RES/78/16: ")
    assert len(waits) == attempts
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize(
    ("symbol", "lang", "message"),
    [
        ("not a symbol", "en", "not a UN document symbol"),  # words
        ("../etc/passwd", "en", "not a UN document symbol"),  # a path
        ("A/RES/78/16", "de", "language 'de' is not one of"),  # not a UN language
    ],
)
def test_rejects_bad_input(tmp_path: Path, symbol: str, lang: str, message: str) -> None:
    with pytest.raises(FetchError, match=message):
        fetch_document(symbol, lang, base_url="http://127.0.0.1:9/" + QUERY, cache=tmp_path)


def test_base_url_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_ODS_URL, "http://127.0.0.1:8000/doc/{lang}/{symbol}")
    assert document_url("A/C.1/80/L.20", "fr") == "http://127.0.0.1:8000/doc/fr/A%2FC.1%2F80%2FL.20"
    monkeypatch.delenv(ENV_ODS_URL)
    assert document_url("A/RES/78/16").startswith("https://documents.un.org/")


def test_cli_fetch(server: str, tmp_path: Path) -> None:
    """`normtrace fetch`: prints the cached path; a missing symbol is one line and exit 1."""
    from click.testing import CliRunner

    from pipeline.cli import cli

    runner = CliRunner()
    base = ["--base-url", server + "/ods" + QUERY, "--cache-dir", str(tmp_path)]
    ok = runner.invoke(cli, ["fetch", "A/RES/78/16", *base])
    assert ok.exit_code == 0, ok.stderr
    assert Path(ok.stdout.strip()).read_bytes()[:5] == b"%PDF-"
    bad = runner.invoke(cli, ["fetch", "A/RES/78/16", "A/78/1", *base])
    assert bad.exit_code == 1
    assert bad.stderr.strip().splitlines() == [
        "error: A/78/1: not in ODS (it sent its 'document does not exist' PDF)"
    ]
    usage = runner.invoke(cli, ["fetch"])
    assert usage.exit_code == 2


@pytest.mark.parametrize(
    ("template", "problem"),
    [
        ("https://documents.un.org/api/symbol/access?s={symbol}&l={lang}&t=pdf", None),
        ("http://127.0.0.1:8000/{lang}/{symbol}?x={{literal}}", None),  # {{ }} are braces
        ("http://127.0.0.1/doc", "has no {symbol}"),
        ("http://127.0.0.1/{symbol}/{Symbol}", "has unknown field 'Symbol'"),
        ("http://127.0.0.1/{symbol[0]}", "has unknown field 'symbol[0]'"),  # indexing
        ("http://127.0.0.1/{symbol}}", "is not a template"),
        ("javascript:{symbol}", "is not an http:// or https:// address with a host"),
        ("http:///{symbol}", "is not an http:// or https:// address with a host"),  # no host
    ],
)
def test_check_base_url(template: str, problem: str | None) -> None:
    found = check_base_url(template)
    assert found == problem if problem is None else (found or "").startswith(problem)


@pytest.mark.parametrize("timeout", [0.0, -3.0, float("nan"), float("inf")])
def test_timeout_must_be_a_positive_duration(tmp_path: Path, timeout: float) -> None:
    with pytest.raises(FetchError, match=r"^A/RES/78/16: timeout must be over 0 seconds"):
        fetch_document("A/RES/78/16", base_url="http://127.0.0.1:9/" + QUERY, timeout=timeout)


def test_check_digests() -> None:
    from email.message import Message

    body = b"%PDF-1.4 body"
    headers = Message()
    headers["Content-MD5"] = _b64(hashlib.md5(body).digest())  # RFC 1864: base64 of MD5
    headers["Digest"] = "UNIXsum=30637, SHA-256=" + _b64(hashlib.sha256(body).digest())
    check_digests(body, headers)  # both match; the unknown algorithm is skipped
    with pytest.raises(TransferError, match="does not match its Content-MD5 md5 checksum"):
        check_digests(body + b"x", headers)


def _b64(digest: bytes) -> str:
    import base64

    return base64.b64encode(digest).decode()


def test_index_entry_under_another_key_is_ignored(server: str, tmp_path: Path) -> None:
    """An entry filed under A/RES/78/16 that describes another document is not used."""
    base = server + "/rekeyed" + QUERY
    other = fetch_document("A/C.1/80/L.20", base_url=base, cache=tmp_path)
    index = json.loads((tmp_path / "index.json").read_text())
    index["A/RES/78/16|en"] = index["A/C.1/80/L.20|en"]
    (tmp_path / "index.json").write_text(json.dumps(index))
    got = fetch_document("A/RES/78/16", base_url=base, cache=tmp_path)
    assert not got.from_cache and got.path != other.path
    assert got.sha256 == _manifest()["A/RES/78/16"][1]


def _download(url: str, seconds: float, min_rate: float, window: float) -> tuple[bytes, float]:
    start = time.monotonic()
    with Deadline(seconds, min_rate=min_rate, window=window) as deadline:
        data = download(url, deadline=deadline, max_bytes=10**6, user_agent="test")
    return data, time.monotonic() - start


@pytest.mark.parametrize("min_rate", [0.0, 4_000.0])
def test_a_steady_download_over_the_minimum_rate_goes_on(server: str, min_rate: float) -> None:
    """10,000 bytes a second for 2 s, windows of 0.5 s: never under 4,000 bytes a second."""
    data, seconds = _download(server + "/steady", 10, min_rate, 0.5)
    assert data == STEADY
    assert seconds > 1.5  # several windows long


def test_a_server_slow_to_answer_has_the_whole_deadline(server: str) -> None:
    """/slow answers after 1 s, then at once: the rate's windows (0.5 s) start at its
    status line, so a server making the document first is not cut as a drip."""
    data, seconds = _download(server + "/slow", 10, 4_000, 0.5)
    assert data == b"%PDF-1.4 late"
    assert seconds > 0.9


def test_a_download_under_the_minimum_rate_ends_after_one_window(server: str) -> None:
    """The same 10,000 bytes a second against a floor of 40,000: cut after 0.5 s."""
    start = time.monotonic()
    with pytest.raises(SlowError, match=r"^too slow: [\d,]+ bytes in 0\.\d s, under the minimum"):
        _download(server + "/steady", 10, 40_000, 0.5)
    assert time.monotonic() - start < 1.5  # the whole body takes 2 s


def test_too_slow_is_one_line_naming_the_url_and_no_retry(
    server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A floor of a megabyte a second, windows of 0.5 s (the default 5 s is longer than
    the 2 s download; tests/hostile/test_hostile_fetch.py runs it on drips)."""
    import functools

    from pipeline.corpus import fetch

    monkeypatch.setattr(fetch, "Deadline", functools.partial(Deadline, window=0.5))
    waits: list[float] = []
    url = server + "/steady" + QUERY
    with pytest.raises(FetchError) as info:
        fetch_document(
            "A/RES/78/16", base_url=url, cache=tmp_path, min_rate=10**6, sleep=waits.append
        )
    message = str(info.value)
    assert message.startswith("A/RES/78/16: too slow: ")
    assert message.endswith(
        " bytes a second (--min-rate) from " + document_url("A/RES/78/16", base_url=url)
    )
    assert "\n" not in message and waits == []  # no retry: it would be as slow again
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("rate", [-1.0, float("nan"), float("inf")])
def test_min_rate_must_be_a_rate(tmp_path: Path, rate: float) -> None:
    with pytest.raises(FetchError, match=r"^A/RES/78/16: min_rate must be 0 or more"):
        fetch_document("A/RES/78/16", base_url="http://127.0.0.1:9/" + QUERY, min_rate=rate)
