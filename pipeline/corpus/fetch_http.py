"""One HTTP download with a deadline for the whole transfer and a checked body.

A socket timeout bounds each read, not the download: a server that sends a byte a
second never trips it. Here a watcher thread shuts down every socket of the download
when its deadline passes, or when the body came slower than a minimum rate over the
last few seconds (a drip would otherwise hold the fetch for the whole deadline), so a
blocked read returns at once wherever it is (status line, headers, body, a redirect's
new connection). The body must then be as long as its
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
from collections import deque
from email.message import Message
from types import TracebackType
from typing import Any

_CHUNK = 64 * 1024
# Digest algorithm names (RFC 3230, RFC 9530), lower case, to hashlib names.
_ALGORITHMS = {"md5": "md5", "sha": "sha1", "sha-256": "sha256", "sha-512": "sha512"}
_DIGEST_HEADERS = ("Digest", "Content-Digest", "Repr-Digest")
_MAX_STATUS_LINES = 21  # a final answer after at most 20 interim (1xx) ones
# A transfer must bring at least its minimum rate over every window of this many seconds.
# The first one counts from the answer's status line (the headers included): a server slow
# to begin answering, as a document store making a PDF can be, has the whole deadline.
RATE_WINDOW = 5.0
# The bytes a second it must bring by default: a modem's pace (a 300 KB resolution in 5 min).
MIN_RATE = 1024.0
TICK = 0.1  # seconds between the watcher's checks


class TransferError(Exception):
    """The body arrived cut short or altered; ``str(err)`` is the reason."""


class LimitError(Exception):
    """The body is over the size limit; ``str(err)`` is the reason (no retry helps)."""


class SlowError(Exception):
    """The body came slower than the minimum rate for a whole window; ``str(err)`` says so."""


class Deadline:
    """A point in time after which every socket handed to ``watch`` is shut down, and a
    minimum rate for each transfer, below which its sockets are shut down too.

    A watcher thread checks both every ``TICK`` seconds while the ``with`` block runs; a
    read blocked anywhere (status line, headers, body, a redirect's new connection)
    then returns at once, and ``check`` says why.
    """

    def __init__(self, seconds: float, *, min_rate: float = 0.0, window: float = RATE_WINDOW):
        self.seconds = seconds
        self.min_rate = min_rate
        self.window = window
        self._end = time.monotonic() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._expired = False
        self._slow: str | None = None  # why the transfer under way was cut, once it was
        self._transfer: tuple[int, float] | None = None  # (number, start) while one runs
        self._received = 0  # body bytes of the transfer under way
        self._stop = threading.Event()
        self._watcher = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> Deadline:
        self._watcher.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        err: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()

    @property
    def expired(self) -> bool:
        """True once the deadline has passed."""
        return self._expired or time.monotonic() >= self._end

    def remaining(self) -> float:
        """Seconds left before the deadline (0 when it has passed)."""
        return max(self._end - time.monotonic(), 0.0)

    def start_transfer(self) -> None:
        """An answer begins (its status line came): its rate is measured from now."""
        number = self._transfer[0] + 1 if self._transfer else 1
        self._slow, self._received = None, 0
        self._transfer = (number, time.monotonic())

    def end_transfer(self) -> None:
        """The download is over (its rate no longer matters, as during a retry's wait)."""
        self._transfer = None

    def received(self, count: int) -> None:
        """``count`` more body bytes arrived."""
        self._received += count

    def check(self) -> None:
        """Raise the reason the sockets were shut down, if they were.

        Raises:
            TimeoutError: the deadline passed.
            SlowError: the transfer was slower than the minimum rate.
        """
        if self.expired:
            raise TimeoutError
        if self._slow is not None:
            raise SlowError(self._slow)

    def watch(self, sock: socket.socket) -> None:
        """Shut ``sock`` down at the deadline (at once if it has passed)."""
        with self._lock:
            self._sockets = [s for s in self._sockets if s.fileno() != -1]  # drop closed ones
            self._sockets.append(sock)
            if self._expired or self._slow is not None:
                _shut(sock)

    def _watch(self) -> None:
        samples: deque[tuple[float, int]] = deque()  # (time, bytes) of the transfer under way
        current: int | None = None
        while not self._stop.wait(min(TICK, self.remaining())):
            if self.expired:
                self._cut(expired=True)
                return
            transfer = self._transfer
            if transfer is None or self.min_rate <= 0:
                continue
            now = time.monotonic()
            if transfer[0] != current:
                current = transfer[0]
                samples = deque([(transfer[1], 0)])
            samples.append((now, self._received))
            # samples[0]: the last sample at least a window old, once the transfer is
            while len(samples) > 1 and samples[1][0] <= now - self.window:
                samples.popleft()
            then, before = samples[0]
            if now - then >= self.window and self._slow is None:
                got = self._received - before
                if got < self.min_rate * (now - then):
                    self._slow = (
                        f"too slow: {got:,} bytes in {now - then:.1f} s, under the minimum "
                        f"of {self.min_rate:,.0f} bytes a second"
                    )
                    self._cut(expired=False)

    def _cut(self, *, expired: bool) -> None:
        with self._lock:
            self._expired = self._expired or expired
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
    fetch busy until its deadline. Its first status line starts ``deadline``'s transfer."""

    _status_lines = 0
    deadline: Deadline | None = None

    def _read_status(self) -> tuple[str, int, str]:
        self._status_lines += 1
        if self._status_lines > _MAX_STATUS_LINES:
            raise http.client.BadStatusLine(f"over {_MAX_STATUS_LINES - 1} interim answers")
        status: tuple[str, int, str] = super()._read_status()  # type: ignore[misc]
        if self._status_lines == 1 and self.deadline is not None:
            self.deadline.start_transfer()
        return status


def _response_class(deadline: Deadline | None) -> type[_Response]:
    """``_Response`` for the connections of one fetch (http.client makes the response
    itself, from the class alone)."""
    return type("_Answer", (_Response,), {"deadline": deadline})


class _WatchedHTTPConnection(http.client.HTTPConnection):
    response_class = _Response

    def __init__(self, host: str, *, deadline: Deadline | None = None, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._deadline = deadline
        self.response_class = _response_class(deadline)

    def connect(self) -> None:
        super().connect()  # bounded by the socket timeout, set to the time left
        if self._deadline is not None and self.sock is not None:
            self._deadline.watch(self.sock)


class _WatchedHTTPSConnection(http.client.HTTPSConnection):
    response_class = _Response

    def __init__(self, host: str, *, deadline: Deadline | None = None, **kwargs: Any) -> None:
        super().__init__(host, **kwargs)
        self._deadline = deadline
        self.response_class = _response_class(deadline)

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
    """Download ``url`` before ``deadline`` and at its minimum rate; return the checked body.

    Args:
        url: An http:// or https:// address.
        deadline: The running deadline of the whole fetch.
        max_bytes: Largest accepted body.
        user_agent: The User-Agent header.

    Returns:
        The body, as long as its Content-Length and matching the server's checksums.

    Raises:
        TimeoutError: the deadline passed.
        SlowError: the body came slower than the deadline's minimum rate.
        LimitError: the body is over ``max_bytes``.
        TransferError: the body is short or does not match a checksum.
        urllib.error.HTTPError: an HTTP error status.
        OSError, http.client.HTTPException: network trouble.
    """
    deadline.check()
    try:
        return _download(url, deadline, max_bytes, user_agent)
    except Exception:
        # Shut sockets end a read in whatever way that read ends (no status line, a
        # header cut, a reset): the reason is the deadline's.
        deadline.check()
        raise
    finally:
        deadline.end_transfer()


def _download(url: str, deadline: Deadline, max_bytes: int, user_agent: str) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": user_agent})
    with _opener(deadline).open(request, timeout=deadline.remaining()) as response:
        declared = getattr(response, "length", None)  # None when chunked or absent
        if declared is not None and declared > max_bytes:
            raise LimitError(f"{declared} bytes is over the {max_bytes}-byte limit")
        chunks, total = [], 0
        # read1: at most one system call, so the deadline is checked between small reads.
        while chunk := _read1(response, total):
            total += len(chunk)
            deadline.received(len(chunk))
            if total > max_bytes:
                raise LimitError(f"more than the {max_bytes}-byte limit; stopped")
            deadline.check()
            chunks.append(chunk)
        deadline.check()  # shut sockets end a body early: what came is partial
        if declared is not None and total < declared:
            raise TransferError(f"download cut short: {total} of the {declared} bytes announced")
        data = b"".join(chunks)
        check_digests(data, response.headers)
        return data
