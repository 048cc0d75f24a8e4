"""One HTTP download with a deadline for the whole transfer and a checked body.

A socket timeout bounds each read, not the download: a server that sends a byte a
second never trips it. Here a timer shuts down every socket of the download when its
deadline passes, so a blocked read returns at once wherever it is (status line,
headers, body, a redirect's new connection). The body must then be as long as its
Content-Length, and match the checksums the server sends (Content-MD5 of RFC 1864,
Digest of RFC 3230, Content-Digest and Repr-Digest of RFC 9530); anything else is a
``TransferError``, worth a retry but never a result.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import http.client
import socket
import threading
import time
import urllib.request
from email.message import Message
from types import TracebackType
from typing import Any

_CHUNK = 64 * 1024
# Digest algorithm names (RFC 3230, RFC 9530), lower case, to hashlib names.
_ALGORITHMS = {"md5": "md5", "sha": "sha1", "sha-256": "sha256", "sha-512": "sha512"}
_DIGEST_HEADERS = ("Digest", "Content-Digest", "Repr-Digest")
_MAX_STATUS_LINES = 21  # a final answer after at most 20 interim (1xx) ones


class TransferError(Exception):
    """The body arrived cut short or altered; ``str(err)`` is the reason."""


class LimitError(Exception):
    """The body is over the size limit; ``str(err)`` is the reason (no retry helps)."""


class Deadline:
    """A point in time after which every socket handed to ``watch`` is shut down.

    Use as a context manager: the timer runs inside the ``with`` block only.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False
        self._timer = threading.Timer(max(seconds, 0.0), self._expire)
        self._timer.daemon = True

    def __enter__(self) -> Deadline:
        self._timer.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        err: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._timer.cancel()

    @property
    def expired(self) -> bool:
        """True once the deadline has passed."""
        return self._expired or time.monotonic() >= self._end

    def remaining(self) -> float:
        """Seconds left before the deadline (0 when it has passed)."""
        return max(self._end - time.monotonic(), 0.0)

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down at the deadline (at once if it has passed)."""
        with self._lock:
            self._sockets = [s for s in self._sockets if s.fileno() != -1]  # drop closed ones
            self._sockets.append(sock)
            if self._expired:
                _shut(sock)

    def _expire(self) -> None:
        with self._lock:
            self._expired = True
            for sock in self._sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    # shutdown (not close) wakes a read blocked in another thread; a closed socket
    # object has no descriptor any more and raises, touching no other file.
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _Response(http.client.HTTPResponse):
    """A response read after at most ``_MAX_STATUS_LINES`` status lines: http.client skips
    interim answers (100 Continue) for ever, and a server sending nothing else kept a
    fetch busy until its deadline."""

    _status_lines = 0

    def _read_status(self) -> tuple[str, int, str]:
        self._status_lines += 1
        if self._status_lines > _MAX_STATUS_LINES:
            raise http.client.BadStatusLine(f"over {_MAX_STATUS_LINES - 1} interim answers")
        status: tuple[str, int, str] = super()._read_status()  # type: ignore[misc]
        return status


class _WatchedHTTPConnection(http.client.HTTPConnection):
    response_class = _Response

    def __init__(self, host: str, *, deadline: Deadline | None = None, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        super().connect()  # bounded by the socket timeout, set to the time left
        if self._deadline is not None and self.sock is not None:
            self._deadline.watch(self.sock)


class _WatchedHTTPSConnection(http.client.HTTPSConnection):
    response_class = _Response

    def __init__(self, host: str, *, deadline: Deadline | None = None, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._deadline = deadline

    def connect(self) -> None:
        # The TLS handshake inside is bounded per read only: the socket is watched
        # once it is wrapped, since a wrapped socket's raw object is detached.
        super().connect()
        if self._deadline is not None and self.sock is not None:
            self._deadline.watch(self.sock)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_WatchedHTTPConnection, req, deadline=self._deadline)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(_WatchedHTTPSConnection, req, deadline=self._deadline)


def _opener(deadline: Deadline) -> urllib.request.OpenerDirector:
    """An opener for http and https only (a redirect to ftp: or file: goes nowhere)."""
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),
        urllib.request.UnknownHandler(),
        _HTTPHandler(deadline),
        _HTTPSHandler(deadline),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPRedirectHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def check_digests(data: bytes, headers: Message) -> None:
    """Compare ``data`` with every checksum of a known algorithm in ``headers``.

    Args:
        data: The body as received.
        headers: The response headers.

    Raises:
        TransferError: a checksum does not match, or cannot be read.
    """
    found: list[tuple[str, str, str]] = []  # (header, algorithm, base64 value)
    if md5 := headers.get("Content-MD5"):
        found.append(("Content-MD5", "md5", str(md5)))
    for name in _DIGEST_HEADERS:
        for value in headers.get_all(name) or []:
            for item in str(value).split(","):
                label, sep, encoded = item.strip().partition("=")
                algorithm = _ALGORITHMS.get(label.strip().lower())
                if sep and algorithm:  # an unknown algorithm is no evidence either way
                    found.append((name, algorithm, encoded.strip().strip(":")))
    for name, algorithm, encoded in found:
        try:
            expected = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise TransferError(f"unreadable {name} checksum header {encoded[:40]!r}") from None
        if hashlib.new(algorithm, data).digest() != expected:
            raise TransferError(f"download does not match its {name} {algorithm} checksum")


def _read1(response: Any, total: int) -> bytes:
    try:
        return bytes(response.read1(_CHUNK))
    except http.client.IncompleteRead:  # a chunked body whose connection closed mid-way
        reason = f"download cut short: {total} bytes, then the connection closed"
        raise TransferError(reason) from None


def download(url: str, *, deadline: Deadline, max_bytes: int, user_agent: str) -> bytes:
    """Download ``url`` before ``deadline``; return the checked body.

    Args:
        url: An http:// or https:// address.
        deadline: The running deadline of the whole fetch.
        max_bytes: Largest accepted body.
        user_agent: The User-Agent header.

    Returns:
        The body, as long as its Content-Length and matching the server's checksums.

    Raises:
        TimeoutError: the deadline passed.
        LimitError: the body is over ``max_bytes``.
        TransferError: the body is short or does not match a checksum.
        urllib.error.HTTPError: an HTTP error status.
        OSError, http.client.HTTPException: network trouble.
    """
    if deadline.expired:
        raise TimeoutError
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    with _opener(deadline).open(request, timeout=deadline.remaining()) as response:
        declared = getattr(response, "length", None)  # None when chunked or absent
        if declared is not None and declared > max_bytes:
            raise LimitError(f"{declared} bytes is over the {max_bytes}-byte limit")
        chunks, total = [], 0
        # read1: at most one system call, so the deadline is checked between small reads.
        while chunk := _read1(response, total):
            total += len(chunk)
            if total > max_bytes:
                raise LimitError(f"more than the {max_bytes}-byte limit; stopped")
            if deadline.expired:
                raise TimeoutError
            chunks.append(chunk)
        if deadline.expired:  # the timer cut the socket: what came is partial
            raise TimeoutError
        if declared is not None and total < declared:
            raise TransferError(f"download cut short: {total} of the {declared} bytes announced")
        data = b"".join(chunks)
        check_digests(data, response.headers)
        return data
