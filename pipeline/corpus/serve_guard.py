"""Limits for ``normtrace serve``: allowed Host names, bounded queries, no dangerous functions.

Datasette (0.65) has no Host allow-list and no cap on the size of a query's result, so
both are added here: ``HostGuard`` is an ASGI wrapper that answers only requests whose
Host header names the server (DNS rebinding: a page on ``evil.example`` whose name is
made to resolve to 127.0.0.1 still sends ``Host: evil.example``), and caps how many
requests run at once. ``prepare_connection`` (a Datasette plugin hook) bounds each
value (``SQLITE_LIMIT_LENGTH``) and each result's total size, and denies functions and
statements a read-only browser never needs through an SQLite authorizer.
"""

from __future__ import annotations

import re
import sqlite3
import threading
import weakref
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
# Addresses that mean "every interface": a browser never needs them as a Host name.
_WILDCARDS = frozenset({"0.0.0.0", "::", ""})

MAX_VALUE_BYTES = 8 * 1024 * 1024  # one value; the corpus's longest paragraph is 2,302
MAX_RESULT_BYTES = 32 * 1024 * 1024  # all rows one query returns
MAX_IN_FLIGHT = 16  # requests served at once; more get 503 at once instead of queueing
MAX_PER_CLIENT = 4  # requests one client address has in flight; more get 503 at once
# A request's query string, and what one parameter may hold (issue 27: one 48 KB search
# request held an SQL thread for 82 s). ``sql`` may be longer; words are capped in the
# parameters that hold search words or a canned query's values.
MAX_QUERY_STRING = 16 * 1024
MAX_PARAM_CHARS = 1000
MAX_SQL_CHARS = 10_000
MAX_PARAM_WORDS = 32

# Functions nobody browsing a store needs. fts3_tokenizer('simple') returns a pointer
# (an address leak) and, with two arguments on this SQLite build
# (ENABLE_FTS3_TOKENIZER), installs one: code execution. load_extension loads code.
DENIED_FUNCTIONS = frozenset({"fts3_tokenizer", "load_extension", "readfile", "writefile", "edit"})
# Statements that change or attach files; the connection is mode=ro as well.
_DENIED_ACTIONS = frozenset(
    {
        sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH, sqlite3.SQLITE_INSERT,
        sqlite3.SQLITE_UPDATE, sqlite3.SQLITE_DELETE, sqlite3.SQLITE_ALTER_TABLE,
        sqlite3.SQLITE_REINDEX, sqlite3.SQLITE_ANALYZE, sqlite3.SQLITE_CREATE_INDEX,
        sqlite3.SQLITE_CREATE_TABLE, sqlite3.SQLITE_CREATE_TEMP_INDEX,
        sqlite3.SQLITE_CREATE_TEMP_TABLE, sqlite3.SQLITE_CREATE_TEMP_TRIGGER,
        sqlite3.SQLITE_CREATE_TEMP_VIEW, sqlite3.SQLITE_CREATE_TRIGGER,
        sqlite3.SQLITE_CREATE_VIEW, sqlite3.SQLITE_CREATE_VTABLE, sqlite3.SQLITE_DROP_INDEX,
        sqlite3.SQLITE_DROP_TABLE, sqlite3.SQLITE_DROP_TEMP_INDEX,
        sqlite3.SQLITE_DROP_TEMP_TABLE, sqlite3.SQLITE_DROP_TEMP_TRIGGER,
        sqlite3.SQLITE_DROP_TEMP_VIEW, sqlite3.SQLITE_DROP_TRIGGER, sqlite3.SQLITE_DROP_VIEW,
        sqlite3.SQLITE_DROP_VTABLE,
    }
)  # fmt: skip


def host_name(header: str) -> str:
    """The name in a Host header, lower case, without its port (``[::1]:80`` -> ``::1``)."""
    value = header.strip().lower()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") > 1:  # an IPv6 address without brackets is not a valid Host
        return value
    return value.partition(":")[0]


def allowed_names(host: str, extra: Iterable[str] = ()) -> frozenset[str]:
    """Host names a server bound to ``host`` answers: loopback, ``host``, and ``extra``."""
    names = {host_name(n) for n in (host, *extra)} | {n.strip("[]").lower() for n in extra}
    return LOOPBACK_NAMES | (names - _WILDCARDS)


class HostGuard:
    """ASGI wrapper: a request whose Host is not allowed, or over the query caps, gets 400;
    too many at once (in all, or from one client address), 503."""

    def __init__(
        self,
        app: App,
        names: Iterable[str],
        *,
        max_in_flight: int = MAX_IN_FLIGHT,
        per_client: int = MAX_PER_CLIENT,
    ):
        self.app = app
        self.names = frozenset(names)
        self.max_in_flight = max_in_flight
        self.per_client_cap = per_client
        self.in_flight = 0  # one event loop: no lock needed
        self.per_client: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)  # lifespan
            return
        headers = dict(scope.get("headers") or [])
        host = headers.get(b"host", b"").decode("latin-1")
        if host_name(host) not in self.names:
            # Not echoed: the header is the visitor's text.
            await _plain(send, 400, "error: this Host is not allowed (serve --allow-host NAME)")
            return
        if problem := query_problem(scope.get("query_string") or b""):
            await _plain(send, 414 if "request" in problem else 400, f"error: {problem}")
            return
        client = (scope.get("client") or ("", 0))[0]
        if (
            self.in_flight >= self.max_in_flight
            or self.per_client.get(client, 0) >= self.per_client_cap
        ):
            await _plain(send, 503, "error: too many requests at once; try again")
            return
        self.in_flight += 1
        self.per_client[client] = self.per_client.get(client, 0) + 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
            self.per_client[client] -= 1
            if not self.per_client[client]:
                del self.per_client[client]


def _is_word_param(name: str) -> bool:
    """Parameters holding search words or a canned query's value (not Datasette's own)."""
    return name in ("q", "words") or name.startswith("_search") or not name.startswith("_")


def query_problem(query_string: bytes) -> str | None:
    """Why a request's query string is refused, or None: too long, a value too long or
    of too many words. FTS5 reads a search's words inside one step of SQLite's machine,
    so the time limit cannot stop it early; the words are capped before any query."""
    if len(query_string) > MAX_QUERY_STRING:
        return f"request query over {MAX_QUERY_STRING // 1024} KiB"
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        longest = MAX_SQL_CHARS if name == "sql" else MAX_PARAM_CHARS
        if len(value) > longest:
            return f"{name[:40]!r} is over {longest:,} characters"
        if (
            name != "sql"
            and _is_word_param(name)
            and len(re.findall(r"\w+", value)) > MAX_PARAM_WORDS
        ):
            return f"{name[:40]!r} has more than {MAX_PARAM_WORDS} words"
    return None


async def _plain(send: Send, status: int, text: str) -> None:
    body = (text + "\n").encode("utf-8")
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        (b"x-content-type-options", b"nosniff"),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class _SizedRows:
    """A row factory that fails a query once its rows pass ``MAX_RESULT_BYTES``.

    Datasette fetches up to ``max_returned_rows`` rows into a list before rendering, so
    without this 1,000 rows of 8 MiB values would all be held at once.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.cursor: weakref.ref[sqlite3.Cursor] | None = None
        self.total = 0

    def __call__(self, cursor: sqlite3.Cursor, row: tuple[Any, ...]) -> sqlite3.Row:
        if self.cursor is None or self.cursor() is not cursor:  # a new query
            self.cursor, self.total = weakref.ref(cursor), 0
        self.total += sum(len(v) if isinstance(v, str | bytes) else 8 for v in row)
        if self.total > self.limit:
            raise sqlite3.DataError(
                f"result over {self.limit // 2**20} MiB; add a LIMIT or select fewer columns"
            )
        return sqlite3.Row(cursor, row)


def _authorize(action: int, arg1: str | None, arg2: str | None, *_: str | None) -> int:
    if action == sqlite3.SQLITE_FUNCTION and (arg2 or "").lower() in DENIED_FUNCTIONS:
        return sqlite3.SQLITE_DENY
    if action == sqlite3.SQLITE_UPDATE and (arg1 or "").startswith("sqlite_"):
        # FTS5 asks for this on sqlite_master when it opens its table; mode=ro holds.
        return sqlite3.SQLITE_OK
    return sqlite3.SQLITE_DENY if action in _DENIED_ACTIONS else sqlite3.SQLITE_OK


_CONNECTIONS: list[sqlite3.Connection] = []  # Datasette's, to interrupt at shutdown
_CONNECTIONS_LOCK = threading.Lock()


def interrupt_all() -> None:
    """Stop every query Datasette's connections are running (a clean stop on SIGTERM)."""
    with _CONNECTIONS_LOCK:
        for conn in _CONNECTIONS:
            try:
                conn.interrupt()
            except sqlite3.ProgrammingError:  # closed
                pass


def limit_connection(conn: sqlite3.Connection) -> None:
    """Bound values and results, deny unneeded functions and writes on ``conn``."""
    with _CONNECTIONS_LOCK:
        _CONNECTIONS.append(conn)
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_ATTACHED, 0)
    conn.row_factory = _SizedRows(MAX_RESULT_BYTES)
    conn.set_authorizer(_authorize)
