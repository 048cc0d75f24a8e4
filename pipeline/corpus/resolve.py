"""Find a stored document by what a researcher types: a symbol, a short form or a file name.

``73/27``, ``A/RES/73/27``, ``a/res/73/27`` and ``A_RES_73_27.pdf`` find the same
document (``lexicon.symbol_from_text`` spells the symbol); a name the store does not
hold is an ``UnknownSymbolError`` that lists the nearest symbols it does hold.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import PurePosixPath

from pipeline.corpus.store import Store, StoreError
from pipeline.lexicon import symbol_from_text

# Several files of one symbol (a PDF, its text, its markup in six languages): an English
# version wins, then the one with most paragraphs (issue 23: the others are versions).
_ORDER = " ORDER BY (language = 'en') DESC, n_paragraphs DESC, path LIMIT 1"


class UnknownSymbolError(StoreError):
    """No stored document has this symbol or file name; ``nearest`` are held ones."""

    def __init__(self, typed: str, store: Store, nearest: list[str]) -> None:
        self.typed = typed
        self.nearest = nearest
        hint = f"; nearest held: {', '.join(nearest)}" if nearest else ""
        super().__init__(
            f"{typed}: no document with this symbol or file name in {store.path}{hint}"
        )


@dataclass(frozen=True, slots=True)
class Found:
    """The stored document a name resolved to."""

    doc_id: int
    path: str
    symbol: str | None


def find_document(store: Store, typed: str) -> Found:
    """The stored document meant by ``typed`` (symbol, short form, any case, file name).

    Args:
        store: An open corpus store.
        typed: "A/RES/73/27", "73/27", "a/res/73/27", "A_RES_73_27.pdf" or a stored path.

    Returns:
        The document (the file with most paragraphs when several hold the symbol).

    Raises:
        UnknownSymbolError: Nothing held matches; the message lists the nearest symbols.
    """
    conn = store.conn
    typed = typed.strip()
    symbol = symbol_from_text(typed)
    for sql, value in (
        ("SELECT doc_id, path, symbol FROM documents WHERE symbol = ?", typed),
        ("SELECT doc_id, path, symbol FROM documents WHERE symbol = ? COLLATE NOCASE", symbol),
        ("SELECT doc_id, path, symbol FROM documents WHERE path = ?", typed),
    ):
        if value:
            row = conn.execute(sql + _ORDER, (value,)).fetchone()
            if row is not None:
                return Found(int(row[0]), str(row[1]), row[2])
    name = PurePosixPath(typed.replace("\\", "/")).name
    if "." in name:  # a file name without its folder, in any case (as LIKE compares)
        row = conn.execute(
            "SELECT doc_id, path, symbol FROM documents"
            " WHERE path = ? COLLATE NOCASE OR path LIKE ? ESCAPE '\\'" + _ORDER,
            (name, "%/" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")),
        ).fetchone()
        if row is not None:
            return Found(int(row[0]), str(row[1]), row[2])
    nearest = nearest_symbols(store, symbol or typed)
    if not symbol and "." in name:  # a file name the store lacks: the nearest held names
        nearest = nearest or _nearest_files(store, name)
    raise UnknownSymbolError(typed, store, nearest)


def resolve_symbol(store: Store, typed: str) -> str:
    """The stored symbol meant by ``typed`` (the path of a document without a symbol).

    Raises:
        UnknownSymbolError: See ``find_document``.
    """
    found = find_document(store, typed)
    return found.symbol or found.path


def nearest_symbols(store: Store, typed: str, n: int = 5) -> list[str]:
    """The held symbols most like ``typed`` (difflib ratio), best first; at most ``n``."""
    held = [
        str(row[0])
        for row in store.conn.execute("SELECT DISTINCT symbol FROM documents WHERE symbol != ''")
        if row[0]
    ]
    by_upper = {s.upper(): s for s in held}
    close = difflib.get_close_matches(typed.upper(), list(by_upper), n=n, cutoff=0.6)
    return [by_upper[s] for s in close]


def _nearest_files(store: Store, name: str, n: int = 5) -> list[str]:
    """The held file names (without their folders) most like ``name``, best first."""
    held = {
        PurePosixPath(str(row[0])).name: str(row[0])
        for row in store.conn.execute("SELECT path FROM documents")
    }
    close = difflib.get_close_matches(name.lower(), [h.lower() for h in held], n=n, cutoff=0.6)
    by_lower = {h.lower(): h for h in held}
    return [by_lower[c] for c in close]
