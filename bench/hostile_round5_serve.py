"""The fifth hostile round against ``normtrace serve``: raw HTTP from a socket (issue 27).

Rounds 3 and 4 sent costly queries through urllib; these requests are ones urllib
will not make: slow or half-sent requests holding connections open, 10,000 headers,
encoded dots that climb out of the static folder, methods other than GET, Range
headers, a 1 MB target, a body announced and never sent. After each, an ordinary query
from a fresh connection must still be answered within 5 s.
"""

from __future__ import annotations

import socket
import time

SECONDS = 5.0
GOOD = b"GET /corpus.json?sql=select+1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
SECRET = b"root:x:0:0"  # a line of /etc/passwd: seen in an answer, a file leaked


def _request(line: str, headers: list[str] = (), body: bytes = b"") -> bytes:
    head = [line, "Host: 127.0.0.1", *headers, "Connection: close"]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


TRAVERSALS = [
    "/-/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/-/static/..%2f..%2f..%2f..%2f..%2f..%2f..%2fetc%2fpasswd",
    "/-/static/%252e%252e/%252e%252e/%252e%252e/etc/passwd",
    "/-/static/....//....//....//etc/passwd",
    "/-/static-plugins/datasette/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/-/static/..%c0%af..%c0%af..%c0%afetc/passwd",
    "/-/static/%5c..%5c..%5c..%5cetc%5cpasswd",
]
REQUESTS: list[tuple[str, bytes]] = [
    *((f"traversal {path[:40]}", _request(f"GET {path} HTTP/1.1")) for path in TRAVERSALS),
    ("HEAD /", _request("HEAD / HTTP/1.1")),
    ("OPTIONS *", _request("OPTIONS * HTTP/1.1")),
    ("TRACE /", _request("TRACE / HTTP/1.1")),
    ("method of 10 KB", _request("X" * 10_000 + " / HTTP/1.1")),
    ("10,000 headers", _request("GET / HTTP/1.1", [f"X-{i}: v" for i in range(10_000)])),
    ("one 1 MB header", _request("GET / HTTP/1.1", ["X-A: " + "b" * 2**20])),
    ("target of 1 MB", _request("GET /corpus?" + "a" * 2**20 + " HTTP/1.1")),
    ("path of 100k slashes", _request("GET " + "/" * 100_000 + " HTTP/1.1")),
    ("NUL and bad UTF-8 in path", _request("GET /corpus/%00%ff%fe/x HTTP/1.1")),
    (
        "Range past the end",
        _request("GET /-/static/app.css HTTP/1.1", ["Range: bytes=9999999999999-"]),
    ),
    (
        "Range of 10,000 parts",
        _request("GET /-/static/app.css HTTP/1.1", ["Range: bytes=" + ",".join(["0-0"] * 10_000)]),
    ),
    ("Range -1", _request("GET /-/static/app.css HTTP/1.1", ["Range: bytes=-1"])),
    ("absolute URI, foreign host", b"GET http://evil.example/ HTTP/1.0\r\n\r\n"),
    ("HTTP/0.9 request line", b"GET /\r\n\r\n"),
    ("HTTP/9.9", b"GET / HTTP/9.9\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
    (
        "1,000 pipelined requests",
        b"GET /corpus.json?sql=select+1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" * 999 + GOOD,
    ),
    (
        "POST of 10^18 bytes announced",
        _request("POST /corpus.json HTTP/1.1", ["Content-Length: " + str(10**18)], b"sql=x"),
    ),
    (
        "Content-Length and chunked",
        _request(
            "POST /corpus.json HTTP/1.1",
            ["Content-Length: 4", "Transfer-Encoding: chunked"],
            b"0\r\n\r\nGET /etc/passwd HTTP/1.1\r\n\r\n",
        ),
    ),
]


def _send(port: int, data: bytes, timeout: float) -> tuple[str, int, bool]:
    """Send ``data``, read the answer to its end or ``timeout``: status line, bytes, leak."""
    received = bytearray()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        deadline = time.monotonic() + timeout
        try:
            sock.sendall(data)
        except OSError:  # the server closed the connection while we sent: an answer
            pass
        while time.monotonic() < deadline and len(received) < 2**24:
            try:
                chunk = sock.recv(65_536)
            except (TimeoutError, OSError):
                break
            if not chunk:
                break
            received += chunk
    status = bytes(received.split(b"\r\n", 1)[0])[:60].decode("latin-1") or "no answer"
    return status, len(received), SECRET in received


def _row(
    name: str, command: str, seconds: float, outcome: str, flags: list[str]
) -> dict[str, object]:
    return {
        "category": "serve",
        "case": name,
        "command": command,
        "seconds": round(seconds, 1),
        "mb": "",
        "exit": "",
        "outcome": outcome,
        "flags": flags,
    }


def _still_answers(port: int) -> tuple[bool, float]:
    start = time.monotonic()
    status, _, _ = _send(port, GOOD, SECONDS * 3)
    return status.startswith("HTTP/1.1 200"), time.monotonic() - start


def ask_round5(port: int, timeout: float) -> list[dict[str, object]]:
    rows = []
    for name, data in REQUESTS:
        start = time.monotonic()
        status, size, leaked = _send(port, data, min(timeout, 20.0))
        seconds = time.monotonic() - start
        ok, after = _still_answers(port)
        flags = (["SLOW"] if seconds > SECONDS or after > SECONDS else []) + (
            ["LEAK"] if leaked else []
        )
        if not ok:
            flags.append("DOWN")
        outcome = (
            f"{status}, {size:,} bytes; then select 1 {'ok' if ok else 'FAILED'} in {after:.1f} s"
        )
        rows.append(_row(name, "raw HTTP", seconds, outcome, flags))
    rows.append(_slow_clients(port, 300))
    rows.append(_held_bodies(port, 50))
    return rows


def _slow_clients(port: int, count: int) -> dict[str, object]:
    """``count`` connections that send half a request line and then a header every second
    (slowloris): an ordinary query from another connection must still be answered."""
    socks = []
    start = time.monotonic()
    try:
        for _ in range(count):
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=2)
                sock.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                socks.append(sock)
            except OSError:
                break
        answers = []
        for _ in range(5):
            for sock in socks:
                try:
                    sock.sendall(b"X-a: b\r\n")
                except OSError:
                    pass
            answers.append(_still_answers(port))
            time.sleep(1)
    finally:
        for sock in socks:
            sock.close()
    worst = max(seconds for _, seconds in answers)
    ok = all(good for good, _ in answers)
    flags = (["SLOW"] if worst > SECONDS else []) + ([] if ok else ["DOWN"])
    return _row(
        f"slowloris: {len(socks)} connections",
        "raw HTTP",
        time.monotonic() - start,
        f"select 1 {'answered' if ok else 'FAILED'} each second, worst {worst:.1f} s",
        flags,
    )


def _held_bodies(port: int, count: int) -> dict[str, object]:
    """``count`` POSTs that announce 1 MB and send 10 bytes: queries must still be answered."""
    socks = []
    try:
        for _ in range(count):
            try:
                sock = socket.create_connection(("127.0.0.1", port), timeout=2)
                sock.sendall(
                    _request(
                        "POST /corpus.json HTTP/1.1", ["Content-Length: 1048576"], b"sql=select"
                    )
                )
                socks.append(sock)
            except OSError:
                break
        ok, seconds = _still_answers(port)
    finally:
        for sock in socks:
            sock.close()
    flags = (["SLOW"] if seconds > SECONDS else []) + ([] if ok else ["DOWN"])
    return _row(
        f"{len(socks)} bodies announced, never sent",
        "raw HTTP",
        seconds,
        f"select 1 {'ok' if ok else 'FAILED'} in {seconds:.1f} s",
        flags,
    )
