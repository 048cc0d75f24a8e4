"""Browse a corpus store in Datasette: read-only, full-text search, canned queries, lineage.

``serve_store(db)`` opens the file read-only (Datasette's ``mode=ro`` connections) on
127.0.0.1 unless told otherwise, as the database ``corpus`` whatever the file is called.
``/corpus/search?q=WORDS`` (``words=`` too) ranks paragraphs best match first with the
function ``corpus search`` uses (``search_hits``: plain words, FTS5 syntax only with
``fts=1``); without a query it is a page with a search box; ``/corpus/search.json``
gives the hits as ``corpus search --format json`` does. The store's tables are hidden;
its views (``paragraph_search``, ``document_list`` ...: schema migration 5) show a
reader's columns, and ``paragraph_search`` is searchable through the paragraphs' FTS5
index (Datasette lists its hits in table order). Paragraph ids show as cited (OP3(a)),
symbols link to their paragraphs, a ``lineage`` column to the ``lineage`` query; the
canned queries take a symbol in any spelling (``symbol_of``). Dates: the adoption date where
known, else the distribution ("Distr.") date; both are shown where both are known.
Requests for other Host names, costly queries and functions a browser never needs are
refused (``serve_guard``).
"""

from __future__ import annotations

import asyncio
import errno
import json
import re
import socket
import sqlite3
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from pipeline.corpus.faults import must_be_immutable
from pipeline.corpus.search import Hit, SearchError, has_words, search_hits
from pipeline.corpus.serve_guard import (
    HostGuard,
    allowed_names,
    interrupt_all,
    limit_connection,
)
from pipeline.corpus.store import Store
from pipeline.document import cite
from pipeline.errors import NormtraceError
from pipeline.lexicon import symbol_from_text

DATABASE = "corpus"  # the name in every URL, whatever the file is called

_LINEAGE_SQL = """
WITH doc AS (
    SELECT doc_id FROM documents
    WHERE coalesce(symbol, path) IN (:symbol, symbol_of(:symbol)) OR path LIKE '%/' || :symbol
    ORDER BY (language = 'en') DESC, n_paragraphs DESC, path LIMIT 1
), sources AS (
    SELECT r.target_pid, sd.symbol AS first_symbol, sp.paragraph_id AS first_paragraph,
           sd.sort_date AS first_sort_date, sd.adoption_date AS first_adoption_date,
           sd.date AS first_distribution_date, r.similarity, sp.text AS first_text,
           row_number() OVER (PARTITION BY r.target_pid
                              ORDER BY sd.sort_date, sd.symbol, sd.path, sp.idx) AS n,
           count(*) OVER (PARTITION BY r.target_pid) AS earlier_copies
    FROM reuse r JOIN paragraphs sp ON sp.pid = r.source_pid
    JOIN documents sd ON sd.doc_id = r.source_doc
    WHERE r.target_doc = (SELECT doc_id FROM doc)
)
SELECT p.paragraph_id, p.kind, p.text, s.first_symbol, s.first_paragraph, s.first_sort_date,
       s.first_adoption_date, s.first_distribution_date, s.similarity,
       coalesce(s.earlier_copies, 0) AS earlier_copies, s.first_text
FROM paragraphs p LEFT JOIN sources s ON s.target_pid = p.pid AND s.n = 1
WHERE p.doc_id = (SELECT doc_id FROM doc)
ORDER BY p.idx
"""

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "symbol_paragraphs": {
        "title": "Paragraphs of a symbol",
        "sql": (
            "SELECT d.symbol, d.path, p.paragraph_id, p.kind, p.text,"
            " coalesce(d.symbol, d.path) AS lineage"
            " FROM paragraphs p JOIN documents d ON d.doc_id = p.doc_id"
            " WHERE d.symbol IN (:symbol, symbol_of(:symbol)) ORDER BY d.path, p.idx"
        ),
    },
    "first_appearance": {
        "title": "Where a phrase first appears",
        "sql": (
            "SELECT d.sort_date, d.adoption_date, d.date AS distribution_date,"
            " d.symbol, d.path, p.paragraph_id,"
            " snippet(paragraphs_fts, 0, '[', ']', '…', 16) AS snippet,"
            " coalesce(d.symbol, d.path) AS lineage"
            " FROM paragraphs_fts JOIN paragraphs p ON p.pid = paragraphs_fts.rowid"
            " JOIN documents d ON d.doc_id = p.doc_id"
            " WHERE paragraphs_fts MATCH '\"' || replace(:phrase, '\"', '\"\"') || '\"'"
            " ORDER BY d.sort_date, d.symbol, d.path, p.idx LIMIT 50"
        ),
    },
    "citing_resolution": {
        "title": "Documents citing a resolution (e.g. A/RES/73/27)",
        "sql": (
            "SELECT d.sort_date, d.adoption_date, d.date AS distribution_date,"
            " d.symbol, d.path, d.title, count(*) AS citations,"
            " group_concat(DISTINCT e.paragraph_id) AS paragraphs"
            " FROM entities e JOIN documents d ON d.doc_id = e.doc_id"
            " WHERE e.label = 'RES_REF' AND e.norm_id IN (:resolution, symbol_of(:resolution))"
            " GROUP BY d.doc_id ORDER BY d.sort_date, d.symbol, d.path"
        ),
    },
    "lineage": {
        "title": "Lineage: where each paragraph of a symbol first appeared",
        "sql": _LINEAGE_SQL,
        "hide_sql": True,
    },
}


# The store's own tables: hidden (a "hidden tables" link still lists them). A reader
# browses the views of schema migration 5, which show a reader's columns first and no
# checksums or character offsets (Datasette 0.65 cannot hide a table's columns).
HIDDEN_TABLES = (
    "meta", "documents", "paragraphs", "footnotes", "entities", "clauses", "failures",
    "reuse", "markup", "recorded_votes",
)  # fmt: skip
_DATES = {
    "adoption_date": "the date the General Assembly adopted the text, where it says so",
    "distribution_date": 'the date on the document\'s "Distr." line',
    "sort_date": "the adoption date, else the distribution date: the order in time",
}
_VIEWS: dict[str, dict[str, Any]] = {
    "paragraph_search": {
        "description": "Every paragraph with its document; the search box is full-text.",
        "fts_table": "paragraphs_fts",
        "fts_pk": "pid",
        "columns": {**_DATES, "paragraph_id": "cited as printed (OP3(a)); the id on hover"},
    },
    "document_list": {
        "description": "Every document, in time order.",
        "facets": ["doc_type", "language"],
        "columns": {**_DATES, "file": "the file, relative to the corpus root"},
    },
    "entity_list": {"description": "States, bodies, symbols and dates found.", "facets": ["label"]},
    "clause_list": {"description": "Each paragraph's verb, its strength and topics."},
    "footnote_list": {"description": "Footnotes, with the paragraphs that mark them."},
    "reuse_list": {"description": "Paragraphs found again in a later document."},
    "vote_list": {"description": "Recorded votes, with the States on each side."},
    "failed_files": {"description": "Files the last build could not read, and why."},
}


def datasette_metadata(name: str) -> dict[str, Any]:
    """Datasette metadata for a store opened under the database name ``name``."""
    tables: dict[str, dict[str, Any]] = {table: {"hidden": True} for table in HIDDEN_TABLES}
    # Opened in time order (adopted, else distributed), not by row id, from its link.
    tables["documents"].update(label_column="symbol", sort="sort_date")
    return {
        "title": "normtrace corpus",
        "description": "UN documents on international security in cyberspace, by paragraph.",
        "databases": {name: {"tables": {**tables, **_VIEWS}, "queries": CANNED_QUERIES}},
    }


_SEARCH_PAGE = """{% extends "base.html" %}
{% block title %}Search the corpus{% endblock %}
{% block content %}
<h1>Search the corpus</h1>
<form class="core" action="{{ action }}" method="get">
<p><input type="search" name="q" value="{{ q }}" size="60" autofocus
  placeholder="plain words: confidence-building, 75/240, &quot;due diligence&quot;">
<label><input type="checkbox" name="fts" value="1"{% if fts %} checked{% endif %}>
  FTS5 syntax (phrases, NEAR, AND/OR/NOT, prefix*)</label>
<input type="submit" value="Search"></p>
</form>
{% if error %}<p class="message-error">{{ error }}</p>
{% elif searched and not hits %}<p>no matches</p>
{% elif hits %}
<p>{{ hits|length }} best matches{% if hits|length == limit %} (the first {{ limit }}){% endif %}.
Dates: adopted, else distributed.</p>
<table class="rows-and-columns">
<thead><tr><th>symbol</th><th>paragraph</th><th>date</th><th>text</th><th>lineage</th></tr></thead>
<tbody>
{% for hit in hits %}<tr><td>{% if hit.symbol %}<a href="{{ hit.paragraphs }}">{{ hit.symbol }}</a>
{%- else %}{{ hit.path }}{% endif %}</td><td title="{{ hit.paragraph_id }}">{{ hit.cite }}</td>
<td>{{ hit.dates }}</td><td>{{ hit.snippet }}</td>
<td><a href="{{ hit.lineage }}">lineage</a></td></tr>
{% endfor %}</tbody>
</table>
{% endif %}
{% endblock %}
"""


def _hit_row(hit: Hit, base: str) -> dict[str, str]:
    """What the search page shows of a hit (escaped by the template, never here)."""
    dates = hit.sort_date or ""
    if hit.adoption_date and hit.distribution_date and hit.adoption_date != hit.distribution_date:
        dates = f"adopted {hit.adoption_date}, distributed {hit.distribution_date}"
    key = hit.symbol or hit.path
    return {
        "symbol": hit.symbol or "",
        "path": hit.path,
        "paragraph_id": hit.paragraph_id,
        "cite": hit.cite,
        "dates": dates,
        "snippet": hit.snippet,
        "lineage": f"{base}/lineage?symbol={quote(key, safe='')}",
        "paragraphs": f"{base}/symbol_paragraphs?symbol={quote(hit.symbol or '', safe='')}",
    }


def _limit(value: str | None) -> int:
    """The ``limit`` argument: 1 to 500, 50 when absent or not a number."""
    try:
        return min(max(int(value or 50), 1), 500)
    except ValueError:
        return 50


async def _search_view(datasette: Any, request: Any) -> Any:
    """``/corpus/search[.json]?q=WORDS``: ranked hits, as ``corpus search`` finds them."""
    from datasette.utils import sqlite_timelimit
    from datasette.utils.asgi import Response

    await datasette.ensure_permissions(
        request.actor, [("view-database", DATABASE), "view-instance"]
    )
    query = request.args.get("q") or request.args.get("words") or ""
    fts = request.args.get("fts", "") not in ("", "0")
    limit = _limit(request.args.get("limit"))
    searched = bool(query.strip()) if fts else has_words(query)
    hits: list[Hit] = []
    error = ""
    if searched:
        ms = int(datasette.setting("sql_time_limit_ms") or 5000)

        def run(conn: Any) -> list[Hit]:
            with sqlite_timelimit(conn, ms):
                return search_hits(conn, query, fts=fts, limit=limit)

        try:
            hits = await datasette.get_database(DATABASE).execute_fn(run)
        except SearchError as err:
            error = str(err)
    if request.url_vars.get("format") == "json":
        if error:
            return Response.json({"ok": False, "error": error}, status=400)
        # ensure_ascii=False and json.dumps: no "\/" in symbols, ints stay ints.
        body = json.dumps([h.to_dict() for h in hits], ensure_ascii=False)
        return Response(body, content_type="application/json; charset=utf-8")
    base = datasette.urls.database(DATABASE)
    page = await datasette.render_template(
        datasette.jinja_env.from_string(_SEARCH_PAGE),
        {
            "action": f"{base}/search",
            "q": query,
            "fts": fts,
            "limit": limit,
            "searched": searched,
            "error": error,
            "hits": [_hit_row(h, base) for h in hits],
        },
        request=request,
    )
    return Response.html(page, status=400 if error else 200)


class _Plugin:
    """Datasette plugin: lineage links in ``lineage`` cells, and the search route."""

    @staticmethod
    def render_cell(value: Any, column: str, database: str, datasette: Any) -> Any:
        from markupsafe import Markup, escape

        if not isinstance(value, str) or not value or database != DATABASE:
            return None
        base = datasette.urls.database(database)
        if column == "lineage":
            url = f"{base}/lineage?symbol={quote(value, safe='')}"
            return Markup(f'<a href="{escape(url)}">lineage of {escape(value)}</a>')
        if column in _SYMBOL_COLUMNS:  # a symbol opens its paragraphs
            url = f"{base}/symbol_paragraphs?symbol={quote(value, safe='')}"
            return Markup(f'<a href="{escape(url)}">{escape(value)}</a>')
        if column in _PARAGRAPH_COLUMNS:  # cited as printed (OP3(a)), the id on hover
            ids = value.split(",") if column == "paragraphs" else [value]
            shown = ", ".join(cite(i) for i in ids)
            return Markup(f'<span title="{escape(value)}">{escape(shown)}</span>')
        if column == "sha256" and len(value) == 64:  # a checksum: its head, whole on hover
            return Markup(f'<span title="{escape(value)}">{escape(value[:12])}…</span>')
        return None

    @staticmethod
    def prepare_connection(conn: sqlite3.Connection, database: str) -> None:
        if database == DATABASE:  # not Datasette's own in-memory databases
            # The canned queries take a symbol as typed: 73/27, a/res/73/27, a file name.
            conn.create_function("symbol_of", 1, _symbol_of, deterministic=True)
            limit_connection(conn)

    @staticmethod
    def handle_exception(exception: Exception) -> None:
        # A mistyped URL is a 404 page, not 100 lines of traceback on the terminal
        # (Datasette prints each error with rich when it is installed); a server error
        # keeps one line there. The page itself is Datasette's (this returns None).
        from datasette.utils.asgi import Base400

        if not isinstance(exception, Base400):
            print(f"normtrace serve: {type(exception).__name__}: {exception}", file=sys.stderr)

    @staticmethod
    def register_routes(datasette: Any) -> list[tuple[str, Any]]:
        # Plugin routes come before Datasette's own, so this one wins over a table or
        # canned query called "search".
        routes = [(rf"^/{DATABASE}/search(\.(?P<format>json))?$", _search_view)]
        alias = getattr(datasette, "_normtrace_alias", "")
        if alias and alias != DATABASE and not alias.startswith("-"):
            routes.append((rf"^/{re.escape(alias)}(?P<rest>[/.].*)?$", _alias_view))
        return routes


# Columns holding a document symbol, linked to the paragraphs of that symbol.
_SYMBOL_COLUMNS = frozenset({"symbol", "first_symbol", "source_symbol"})
# Columns holding paragraph ids (``paragraphs``: a comma-separated list of them).
_PARAGRAPH_COLUMNS = frozenset(
    {"paragraph_id", "first_paragraph", "source_paragraph_id", "paragraphs"}
)


def _symbol_of(typed: Any) -> str | None:
    """The SQL function ``symbol_of``: the symbol a researcher typed, spelt as stored."""
    return symbol_from_text(typed) if isinstance(typed, str) else None


async def _alias_view(datasette: Any, request: Any) -> Any:
    """``/my-store/...`` and ``/my-store.json`` (the file's own name) redirect to
    ``/corpus/...`` and ``/corpus.json``."""
    from datasette.utils.asgi import Response

    rest = request.url_vars.get("rest") or ""
    query = f"?{request.query_string}" if request.query_string else ""
    return Response.redirect(datasette.urls.database(DATABASE) + rest + query)


def make_datasette(db: str | Path) -> Any:
    """A Datasette over the store (read-only) named ``corpus``, with our metadata and routes.

    Raises:
        StoreError: The file is missing or not a corpus store.
    """
    from datasette import hookimpl
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    Store(db, readonly=True).close()  # a clear error for a file that is not a store
    if not pm.has_plugin("normtrace"):
        hookimpl(_Plugin.render_cell)
        hookimpl(_Plugin.register_routes)
        hookimpl(_Plugin.prepare_connection)
        hookimpl(_Plugin.handle_exception)
        _quiet_datasette_errors()
        pm.register(_Plugin, name="normtrace")
    datasette = Datasette(
        metadata=datasette_metadata(DATABASE),
        settings={
            "default_page_size": 50,
            "sql_time_limit_ms": 5000,
            "max_returned_rows": 1000,
            # One query per core: heavy queries wait their turn instead of sharing both.
            "num_sql_threads": 2,
            "max_csv_mb": 50,
            "allow_download": False,  # whoever runs serve has the file already
        },
    )
    # Named "corpus" whatever the file is called, so the URLs the README gives hold; the
    # file's own name (/my-store) redirects there.
    # In a read-only folder Datasette's mode=ro connections cannot read a WAL store.
    mutable = not must_be_immutable(Path(db))
    datasette.add_database(
        Database(datasette, path=str(Path(db).resolve()), is_mutable=mutable), name=DATABASE
    )
    if "_memory" in datasette.databases:  # Datasette's empty default: nothing to browse
        datasette.remove_database("_memory")
    datasette._normtrace_alias = Path(db).stem  # noqa: SLF001 - read by register_routes
    return datasette


def _quiet_datasette_errors() -> None:
    """Datasette 0.65 prints every error page's traceback, locals included, with rich
    (``datasette.handle_exception``); ``_Plugin.handle_exception`` says one line instead."""
    import datasette.handle_exception as default

    default.rich = None  # read by its handler at each error; no other setting turns it off


def make_app(db: str | Path, *, host: str = "127.0.0.1", allow_hosts: Iterable[str] = ()) -> Any:
    """The ASGI app ``serve_store`` runs: Datasette behind the Host allow-list.

    Args:
        db: The corpus database.
        host: The address the server binds; its name is allowed as a Host.
        allow_hosts: More Host names to answer (e.g. the machine's name on a LAN).
    """
    return HostGuard(make_datasette(db).app(), allowed_names(host, allow_hosts))


def serve_store(
    db: str | Path, *, host: str = "127.0.0.1", port: int = 8001, allow_hosts: Iterable[str] = ()
) -> None:
    """Serve the store with Datasette until interrupted.

    Only requests whose Host header is a loopback name, ``host`` or one of
    ``allow_hosts`` are answered (others get 400), against DNS rebinding.

    Args:
        db: The corpus database.
        host: Address to bind (loopback by default; the store is then private).
        port: TCP port (0 picks a free one).
        allow_hosts: More Host names to answer.
    """
    import uvicorn

    datasette = make_datasette(db)
    asyncio.run(datasette.invoke_startup())
    app = HostGuard(datasette.app(), allowed_names(host, allow_hosts))
    sock = bind_port(host, port)  # before saying "serving": a busy port is one error line
    port = int(sock.getsockname()[1])
    print(f"normtrace: serving {db} at http://{host}:{port}/", file=sys.stderr, flush=True)
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=2)
    _stopping_server_class()(config).run(sockets=[sock])


def _stopping_server_class() -> type[Any]:
    import uvicorn

    class StoppingServer(uvicorn.Server):
        """uvicorn's server that, on SIGTERM or SIGINT, also interrupts running queries.

        Without it a stop waited for a query holding an SQL thread (minutes, issue 27):
        the interpreter joins the thread pool before it exits.
        """

        def handle_exit(self, sig: int, frame: Any) -> None:
            interrupt_all()
            super().handle_exit(sig, frame)

    return StoppingServer


class PortError(NormtraceError):
    """The address cannot be listened on (a busy port, an unknown host)."""


def bind_port(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port`` (0: a free port), for uvicorn to serve on.

    Raises:
        PortError: The port is in use, or the host cannot be bound.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
    except OSError as err:
        raise PortError(f"{host}:{port}: cannot listen ({err.strerror or err})") from None
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError as err:
        sock.close()
        hint = "; another server holds it: give --port N" if err.errno == errno.EADDRINUSE else ""
        raise PortError(f"{host}:{port}: cannot listen ({err.strerror or err}){hint}") from None
    return sock
