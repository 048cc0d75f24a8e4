"""Full-text search over the paragraphs of a corpus store (SQLite FTS5).

A query is plain words by default: each whitespace-separated term is quoted for FTS5
(``plain_query``), so hyphens, slashes, quotes and stray punctuation are text, never
query syntax ("confidence-building" finds the phrase "confidence building", "75/240"
finds "75 240"). FTS5 syntax (phrases, NEAR, AND/OR/NOT, prefix*) only with ``fts=True``.
The same function serves ``corpus search`` and the ``/corpus/search`` page of ``serve``.
"""

from __future__ import annotations

import io
import re
import sqlite3
from dataclasses import asdict, astuple, dataclass, fields
from typing import Any

import pandas as pd

from pipeline.corpus.store import Store, StoreError
from pipeline.document import cite
from pipeline.lexicon import symbol_from_text
from pipeline.report.records import dumps_json, write_csv

# Paragraphs cite an entity by its canonical id ("USA", "A/RES/73/27"), its text or label.
_ENTITY_FILTER = (
    "EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = p.doc_id"
    " AND e.paragraph_id = p.paragraph_id"
    " AND (e.norm_id = :entity OR e.label = :entity OR e.text = :entity COLLATE NOCASE))"
)


class SearchError(StoreError):
    """A query that cannot be run: FTS5 syntax error, or no words at all."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One paragraph that matches a query.

    ``sort_date`` is the date a researcher means: the adoption date when the document
    states one, else its distribution ("Distr.") date; ``adoption_date`` and
    ``distribution_date`` are each what the document states (the same three columns, with
    the same meaning, in ``corpus lineage`` and ``corpus export``). ``cite`` is the
    paragraph as a person cites it ("OP3", "PP11"); ``paragraph_id`` its id.
    """

    symbol: str | None
    path: str
    paragraph_id: str
    cite: str
    kind: str
    session: int | None
    sort_date: str | None
    adoption_date: str | None
    distribution_date: str | None
    snippet: str  # the matches in [brackets]
    score: float  # bm25: lower is better

    def to_dict(self) -> dict[str, Any]:
        """The hit as JSON-ready values (ints stay ints)."""
        return asdict(self)


COLUMNS = tuple(f.name for f in fields(Hit))


def has_words(text: str) -> bool:
    """Whether ``text`` holds anything FTS5's tokenizer would index (a letter or digit)."""
    return re.search(r"\w", text) is not None


class QueryTooLongError(SearchError):
    """A query over the length or word limit."""


# A query is a few words; thousands held an SQL thread for minutes (issue 27).
MAX_QUERY_WORDS = 32
MAX_QUERY_CHARS = 1000


def check_query(query: str) -> None:
    """Refuse a query over ``MAX_QUERY_CHARS`` characters or ``MAX_QUERY_WORDS`` words.

    Raises:
        QueryTooLongError: The query is too long (said in one line, the query cut short).
    """
    shown = query[:40] + ("..." if len(query) > 40 else "")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooLongError(
            f"{shown!r}: the query is {len(query):,} characters; at most {MAX_QUERY_CHARS:,}"
        )
    words = len(re.findall(r"\w+", query))
    if words > MAX_QUERY_WORDS:
        raise QueryTooLongError(
            f"{shown!r}: the query has {words} words; at most {MAX_QUERY_WORDS}"
        )


def plain_query(text: str) -> str:
    """Quote every whitespace-separated term for FTS5, so none of it is query syntax.

    A term's own double quotes are doubled (FTS5's escape); the tokenizer then splits
    "confidence-building" into the phrase "confidence building". All terms must occur.

    Args:
        text: What the user typed.

    Returns:
        An FTS5 query; ``'""'`` (matches nothing, no error) when ``text`` has no words.
    """
    # A repeated term adds nothing but work: each is kept once.
    terms = list(dict.fromkeys(_short_form(term) for term in text.split() if has_words(term)))
    if not terms:
        return '""'
    return " ".join('"' + term.replace('"', '""') + '"' for term in terms)


def _short_form(term: str) -> str:
    """A General Assembly resolution's symbol as its short form, which the long one holds.

    The texts cite "resolution 73/27" far more often than "A/RES/73/27"; the phrase
    "73 27" matches both, so "A/RES/73/27" (or "a/res/73/27") finds either.
    """
    symbol = _symbol(term)
    if symbol and symbol.startswith("A/RES/") and symbol.count("/") == 3:
        return symbol.removeprefix("A/RES/")
    return term


def search_hits(
    source: Store | sqlite3.Connection,
    query: str,
    *,
    fts: bool = False,
    symbol_prefix: str | None = None,
    session: int | None = None,
    kind: str | None = None,
    entity: str | None = None,
    limit: int = 20,
    distinct: bool = True,
    language: str | None = None,
) -> list[Hit]:
    """Find paragraphs matching a query, best first (bm25).

    Args:
        source: An open corpus store, or a connection to one (Datasette's, in ``serve``).
        query: Plain words (every one must occur); FTS5 syntax with ``fts``.
        fts: Read ``query`` as FTS5 syntax: "a phrase", NEAR(a b, 5), a AND b, a OR b,
            NOT, prefix*.
        symbol_prefix: Only documents whose symbol starts with this ("A/RES/7").
        session: Only documents of this General Assembly session.
        kind: Only paragraphs of this kind (preamble, operative, ...).
        entity: Only paragraphs with this entity (canonical id, text or label); a
            resolution may be typed short ("73/27").
        limit: At most this many hits.
        distinct: Show a paragraph once when two files of one symbol hold it.
        language: Only documents in this language ("en", "fr", ...; issue 23).

    Returns:
        The hits, best first; empty when nothing matches.

    Raises:
        SearchError: Plain words without a letter or digit, or invalid FTS5 syntax.
    """
    check_query(query)
    if not fts and not has_words(query):
        raise SearchError(f"{query!r}: no words to search for")
    where: list[str] = []  # the filters; the MATCH clause is added below
    params: dict[str, Any] = {"query": query if fts else plain_query(query)}
    if symbol_prefix:
        where.append("substr(d.symbol, 1, length(:prefix)) = :prefix")
        params["prefix"] = symbol_prefix
    if session is not None:
        where.append("d.session = :session")
        params["session"] = session
    if kind:
        where.append("p.kind = :kind")
        params["kind"] = kind
    if entity:
        where.append(_ENTITY_FILTER)
        # "73/27" or "a/res/73/27" is the RES_REF entity "A/RES/73/27"; "USA" stays as is.
        params["entity"] = symbol_from_text(entity) if "/" in entity else entity
        params["entity"] = params["entity"] or entity
    if language:
        where.append("d.language = :language")
        params["language"] = language.lower()
    # A few more rows than asked for, as duplicates (PDF and text) are dropped below.
    params["limit"] = limit * 3 if distinct else limit
    sql = (
        "SELECT d.symbol, d.path, p.paragraph_id, p.kind, d.session,"
        " coalesce(d.adoption_date, d.date), d.adoption_date, d.date,"
        " snippet(paragraphs_fts, 0, '[', ']', '…', 16),"
        " bm25(paragraphs_fts) AS score"
        " FROM paragraphs_fts JOIN paragraphs p ON p.pid = paragraphs_fts.rowid"
        " JOIN documents d ON d.doc_id = p.doc_id"
        f" WHERE {' AND '.join(['paragraphs_fts MATCH :query', *where])}"
        " ORDER BY score, d.path, p.idx LIMIT :limit"
    )
    conn = source.conn if isinstance(source, Store) else source
    try:
        rows = conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as err:
        raise SearchError(f"{query!r}: {err}") from err
    cited = _resolution_cited(query) if not fts else None
    if cited:  # the paragraphs whose RES_REF entity is it, however the text wrote it
        rows += conn.execute(_CITING_SQL.format(where="".join(f" AND {w}" for w in where)),
                             {**params, "cited": cited}).fetchall()  # fmt: skip
    hits: list[Hit] = []
    seen: set[tuple[str, str, str]] = set()
    found: set[tuple[str, str]] = set()
    for row in rows:
        hit = Hit(row[0], row[1], row[2], cite(row[2]), *row[3:])
        key = (hit.symbol or hit.path, hit.paragraph_id, hit.snippet)
        if distinct and key in seen:  # the PDF and the text of one document
            continue
        if hit.score == 0.0 and key[:2] in found:
            continue  # a RES_REF paragraph the words found already
        seen.add(key)
        found.add(key[:2])
        hits.append(hit)
    return hits[:limit]


# Paragraphs citing a resolution by a RES_REF entity, after the ranked hits (score 0).
_CITING_SQL = (
    "SELECT d.symbol, d.path, p.paragraph_id, p.kind, d.session,"
    " coalesce(d.adoption_date, d.date), d.adoption_date, d.date,"
    " CASE WHEN length(p.text) > 160 THEN substr(p.text, 1, 160) || '…' ELSE p.text END, 0.0"
    " FROM paragraphs p JOIN documents d ON d.doc_id = p.doc_id"
    " WHERE EXISTS (SELECT 1 FROM entities e WHERE e.doc_id = p.doc_id"
    " AND e.paragraph_id = p.paragraph_id AND e.label = 'RES_REF' AND e.norm_id = :cited)"
    "{where} ORDER BY d.sort_date, d.path, p.idx LIMIT :limit"
)


def _resolution_cited(query: str) -> str | None:
    """The resolution a plain query names and nothing else ("A/RES/73/27", "73/27")."""
    terms = query.split()
    symbol = _symbol(terms[0]) if len(terms) == 1 else None
    return symbol if symbol and symbol.startswith("A/RES/") else None


def _symbol(term: str) -> str | None:
    """The symbol a term spells ("a/res/73/27", "A_RES_73_27.pdf"), or None for a word."""
    return symbol_from_text(term) if "/" in term or "_" in term else None


def search_paragraphs(store: Store, query: str, **options: Any) -> pd.DataFrame:
    """``search_hits`` as a DataFrame, one row per hit (columns: ``Hit``'s fields).

    Args:
        store: An open corpus store.
        query: Plain words; FTS5 syntax with ``fts=True``.
        **options: Those of ``search_hits``.

    Returns:
        The hits, best first.

    Raises:
        SearchError: See ``search_hits``.
    """
    hits = search_hits(store, query, **options)
    return pd.DataFrame.from_records([h.to_dict() for h in hits], columns=list(COLUMNS))


def _date_cell(hit: Hit) -> str:
    """The hit's date for a person: adoption date, and the distribution date if other."""
    if hit.adoption_date and hit.distribution_date and hit.distribution_date != hit.adoption_date:
        return f"{hit.adoption_date} (Distr. {hit.distribution_date})"
    return hit.sort_date or ""


def format_hits(hits: list[Hit], fmt: str) -> str:
    """Render hits as ``corpus search`` prints them.

    Args:
        hits: From ``search_hits``.
        fmt: "text" (symbol, citation, date, snippet; tab-separated), "json" (one array;
            slashes unescaped, integers as integers) or "csv" (``records.write_csv``: a
            header, then a row per hit).

    Returns:
        The text to write ("" for text without hits; "[]" or the header for the others).
    """
    if fmt == "json":
        return dumps_json([h.to_dict() for h in hits])
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        write_csv((astuple(hit) for hit in hits), COLUMNS, buffer)
        return buffer.getvalue()
    return "".join(f"{h.symbol or h.path}\t{h.cite}\t{_date_cell(h)}\t{h.snippet}\n" for h in hits)
