"""Fetch documents from the UN Official Document System (ODS) into a local cache.

``fetch_document("A/RES/78/16")`` downloads the English PDF once, checks that it is
a PDF and not ODS's "document does not exist" placeholder (ODS answers an unknown
symbol with HTTP 200 and a one-page PDF saying so), stores it in the cache folder
and records its size and SHA-256 in ``index.json`` there. A second call returns the
cached file after checking its checksum.

Network use is bounded: one deadline for the whole fetch of a document (connecting,
every read, the retries and the waits between them), a minimum rate over every few
seconds of a download (a server dripping bytes ends in seconds, not at the deadline;
no retry, it would drip again), a few retries with exponential
backoff on connection errors, timeouts, cut-short answers, 429 and 5xx, and a size
limit checked against Content-Length and while reading. A body shorter than its
Content-Length, or whose checksum (Content-MD5, Digest, Content-Digest or
Repr-Digest) does not match, is never cached. The address is a template with
``{symbol}`` and ``{lang}``, configurable by argument or ``$NORMTRACE_ODS_URL``; a
cache file is a plain file inside the cache folder, whatever ``index.json`` says.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import math
import os
import re
import stat
import string
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.corpus.fetch_http import (
    MIN_RATE,
    Deadline,
    LimitError,
    SlowError,
    TransferError,
    download,
)
from pipeline.errors import NormtraceError
from pipeline.lexicon import is_symbol, symbol_from_text

ENV_ODS_URL = "NORMTRACE_ODS_URL"
ENV_CACHE_DIR = "NORMTRACE_CACHE_DIR"
DEFAULT_URL = "https://documents.un.org/api/symbol/access?s={symbol}&l={lang}&t=pdf"
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")
MAX_BYTES = 50 * 1024 * 1024
TIMEOUT = 30.0
RETRIES = 3
BACKOFF = 1.0
INDEX_FILE = "index.json"
USER_AGENT = "normtrace-fetch/0.1 (+research use)"

_CHUNK = 64 * 1024
_RETRY_STATUS = {429, 500, 502, 503, 504}
_PLACEHOLDER = ("does not exist", "official document system")


class FetchError(NormtraceError):
    """A document could not be fetched; ``str(err)`` names the symbol and the reason."""

    def __init__(self, symbol: str, reason: str) -> None:
        self.symbol = symbol
        self.reason = reason
        super().__init__(f"{symbol}: {reason}")


class NotInODSError(FetchError):
    """ODS holds no document under the symbol (it sent its placeholder PDF, or 404)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A document in the cache, as recorded in the cache index."""

    symbol: str
    lang: str
    path: Path
    sha256: str
    size: int
    url: str
    fetched_at: str
    from_cache: bool = False


def cache_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """Return the cache folder: the override, $NORMTRACE_CACHE_DIR, or ~/.cache/normtrace/ods."""
    if override:
        return Path(override)
    if env := os.environ.get(ENV_CACHE_DIR):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "normtrace" / "ods"


def check_base_url(template: str) -> str | None:
    """Say what is wrong with an address template, or None when it can be used.

    Args:
        template: An address like ``https://host/path?s={symbol}&l={lang}``.

    Returns:
        None for a usable template; else the reason, e.g. "has no {symbol}".
    """
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template)]
    except ValueError as err:  # a lone { or }
        return f"is not a template ({err}; write a literal brace as {{{{ or }}}})"
    unknown = sorted({repr(f) for f in fields if f is not None and f not in ("symbol", "lang")})
    if unknown:
        return f"has unknown field {', '.join(unknown)} (only {{symbol}} and {{lang}})"
    if "symbol" not in fields:
        return "has no {symbol}"
    try:
        url = urllib.parse.urlsplit(template.format(symbol="A%2FRES%2F78%2F16", lang="en"))
    except (ValueError, IndexError, KeyError) as err:  # a format spec such as {symbol:>}
        return f"cannot be filled in ({err})"
    if url.scheme not in ("http", "https") or not url.hostname:
        return "is not an http:// or https:// address with a host"
    return None


def document_url(symbol: str, lang: str = "en", base_url: str | None = None) -> str:
    """Fill the address template with the URL-encoded symbol and the language code."""
    template = base_url or os.environ.get(ENV_ODS_URL) or DEFAULT_URL
    if problem := check_base_url(template):
        raise FetchError(symbol, f"address template {template!r} {problem}")
    return template.format(symbol=urllib.parse.quote(symbol, safe=""), lang=lang)


def _file_name(symbol: str, lang: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9.()\-]+", "_", symbol.replace("/", "_")).strip("_")
    return f"{stem}.{lang}.pdf"


def _key(symbol: str, lang: str) -> str:
    return f"{symbol}|{lang}"


def _plain_file_inside(folder: Path, name: str) -> Path | None:
    """``folder/name`` if it is a regular file (no link, FIFO or device) right inside."""
    path = folder / name
    if Path(name).name != name or name in ("", ".", ".."):
        return None  # a path, not a name: ../../etc/passwd, /etc/passwd, a/b
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None  # lstat: a symbolic link is refused, never followed
    except OSError:
        return None
    return path if path.resolve().parent == folder.resolve() else None


def _write_inside(folder: Path, name: str, data: bytes) -> Path:
    """Write ``folder/name`` atomically; a link there is replaced, never followed."""
    # mkstemp opens a new name with O_EXCL (no link followed); os.replace renames over
    # whatever ``name`` is, a symbolic link included, rather than writing through it.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / name)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return folder / name


def _read_index(folder: Path) -> dict[str, dict[str, Any]]:
    path = _plain_file_inside(folder, INDEX_FILE)
    if path is None:
        return {}  # none yet (or a link, FIFO ...: replaced by the next write)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise FetchError(str(path), f"cache index is not valid JSON ({err})") from None
    return data if isinstance(data, dict) else {}


def _write_index(folder: Path, index: dict[str, dict[str, Any]]) -> None:
    text = json.dumps(index, indent=2, sort_keys=True) + "\n"
    _write_inside(folder, INDEX_FILE, text.encode("utf-8"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def is_placeholder(data: bytes) -> bool:
    """Tell whether a PDF is ODS's "document does not exist" page.

    Args:
        data: The bytes of a PDF.

    Returns:
        True when the PDF has at most two pages and its text says the document does not
        exist in the Official Document System.
    """
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return False
    try:
        if len(pdf) > 2:
            return False
        text = " ".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()
    flat = " ".join(text.split()).casefold()
    return all(phrase in flat for phrase in _PLACEHOLDER)


def _download_with_retries(
    symbol: str,
    url: str,
    *,
    timeout: float,
    retries: int,
    backoff: float,
    max_bytes: int,
    min_rate: float,
    sleep: Callable[[float], None],
) -> bytes:
    """Download with retries, all of it (waits included) within ``timeout`` seconds."""
    attempts = 0
    with Deadline(timeout, min_rate=min_rate) as deadline:
        for attempt in range(retries + 1):
            attempts, wait = attempt + 1, backoff * 2**attempt
            try:
                return download(url, deadline=deadline, max_bytes=max_bytes, user_agent=USER_AGENT)
            except LimitError as err:
                raise FetchError(symbol, str(err)) from None
            except SlowError as err:
                # A server this slow (a drip) is as slow again: a retry would hold the
                # fetch until its deadline, which the minimum rate is there to avoid.
                raise FetchError(symbol, f"{err} (--min-rate) from {url}") from None
            except urllib.error.HTTPError as err:
                err.close()
                # CASE 1: ODS does not know the symbol, or refuses: do not retry.
                if err.code == 404:
                    raise NotInODSError(symbol, f"not in ODS (HTTP 404 from {url})") from None
                if err.code not in _RETRY_STATUS:
                    # The first line: urllib's reason for a redirect loop runs on three.
                    first = str(err.reason).partition("\n")[0]
                    raise FetchError(symbol, f"HTTP {err.code} {first} from {url}") from None
                # CASE 2: overloaded or failing server: wait (honouring Retry-After), retry.
                reason = f"HTTP {err.code} {err.reason}"
                retry_after = err.headers.get("Retry-After", "") if err.headers else ""
                if retry_after.isdigit():
                    wait = max(wait, min(float(retry_after), 60.0))
            except TransferError as err:
                # CASE 3: cut short or altered on the way: never kept; retry.
                reason = f"{err} (not cached)"
            except (OSError, http.client.HTTPException) as err:
                # CASE 4: not HTTP (no status line, over 100 headers, a header line over
                # 64 KiB): the server answers the same again, so no retry (three retries
                # and their waits were 7.5 s).
                if not isinstance(err, OSError):  # RemoteDisconnected is a reset: CASE 5
                    raise FetchError(symbol, f"not an HTTP answer ({err}) from {url}") from None
                # CASE 5: network trouble (timeouts, resets): retry.
                inner = getattr(err, "reason", err)
                reason = (
                    "timed out" if isinstance(inner, TimeoutError) else f"network error ({inner})"
                )
            if deadline.expired:
                reason = f"timed out (the whole fetch has {timeout:g} s)"
                break
            if attempt < retries:
                if wait >= deadline.remaining():
                    reason += f" (no time left for a retry within {timeout:g} s)"
                    break
                sleep(wait)
    plural = "s" if attempts != 1 else ""
    raise FetchError(symbol, f"{reason} from {url}, after {attempts} attempt{plural}")


def _cached(folder: Path, entry: dict[str, Any] | None) -> Fetched | None:
    """The cache entry as Fetched if its file is there with the recorded checksum."""
    if not entry:
        return None
    try:
        # The file must be the one this symbol is stored under, a plain file right in
        # the folder: an index entry naming ../../etc/passwd, /etc/passwd or a link out
        # of the cache is ignored and the document fetched again.
        name = _file_name(str(entry["symbol"]), str(entry["lang"]))
        path = _plain_file_inside(folder, name)
        if entry["file"] != name or path is None or _sha256(path) != entry["sha256"]:
            return None  # gone, altered or pointing elsewhere: fetch it again
        return Fetched(
            symbol=str(entry["symbol"]),
            lang=str(entry["lang"]),
            path=path,
            sha256=str(entry["sha256"]),
            size=int(entry["size"]),
            url=str(entry["url"]),
            fetched_at=str(entry["fetched_at"]),
            from_cache=True,
        )
    except (KeyError, TypeError, ValueError):
        return None  # an entry from another version: fetch again


def fetch_document(
    symbol: str,
    lang: str = "en",
    *,
    base_url: str | None = None,
    cache: str | os.PathLike[str] | None = None,
    timeout: float = TIMEOUT,
    retries: int = RETRIES,
    backoff: float = BACKOFF,
    max_bytes: int = MAX_BYTES,
    min_rate: float = MIN_RATE,
    force: bool = False,
    sleep: Callable[[float], None] = time.sleep,
) -> Fetched:
    """Return a document from the cache, downloading it from ODS when needed.

    Args:
        symbol: A UN document symbol, e.g. "A/RES/78/16" or "A/C.1/80/L.20".
        lang: Language code: ar, zh, en, fr, ru or es.
        base_url: Address template with {symbol} and {lang}; default $NORMTRACE_ODS_URL
            or ODS.
        cache: Cache folder; default ``cache_dir()``.
        timeout: Seconds for the whole fetch: connecting, reading, retries and the waits
            between them.
        retries: Further attempts after the first on timeouts, cut-short or altered
            bodies, 429 and 5xx, while the deadline leaves time.
        backoff: Seconds before the first retry; doubled for each next one.
        max_bytes: Largest accepted document.
        min_rate: Bytes a second a download must bring over every ``RATE_WINDOW``
            seconds (the first from the request); slower is refused at once. 0: no floor.
        force: Download again even when the cache holds the document.
        sleep: Waits between attempts (tests pass a recorder).

    Returns:
        The cached document and its index entry.

    Raises:
        NotInODSError: ODS has no document under the symbol.
        FetchError: the symbol or language is invalid, the download failed, or the answer
            is not a PDF.
    """
    symbol = " ".join(symbol.split())
    if not is_symbol(symbol):  # 73/27, a/res/73/27, A_RES_73_27.pdf: as everywhere (issue 25)
        symbol = symbol_from_text(symbol) or symbol
    retries = max(retries, 0)
    if not (math.isfinite(timeout) and timeout > 0):
        raise FetchError(symbol or "''", f"timeout must be over 0 seconds, not {timeout:g}")
    if not (math.isfinite(min_rate) and min_rate >= 0):
        raise FetchError(symbol or "''", f"min_rate must be 0 or more, not {min_rate:g}")
    if not is_symbol(symbol):
        raise FetchError(symbol or "''", "not a UN document symbol like A/RES/78/16")
    if lang not in LANGUAGES:
        raise FetchError(symbol, f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    folder = cache_dir(cache)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise FetchError(symbol, f"cannot make the cache folder {folder} ({err})") from None
    index = _read_index(folder)
    entry = index.get(_key(symbol, lang))
    if isinstance(entry, dict) and (entry.get("symbol"), entry.get("lang")) != (symbol, lang):
        entry = None  # an entry filed under another document's key
    cached = None if force else _cached(folder, entry)
    if cached is not None:
        return cached
    url = document_url(symbol, lang, base_url)
    data = _download_with_retries(
        symbol,
        url,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_bytes=max_bytes,
        min_rate=min_rate,
        sleep=sleep,
    )
    if not data.startswith(b"%PDF-"):
        start = data[:40].decode("utf-8", "replace").strip()
        raise FetchError(symbol, f"answer from {url} is not a PDF (starts {start!r})")
    if is_placeholder(data):
        raise NotInODSError(symbol, "not in ODS (it sent its 'document does not exist' PDF)")
    try:
        return _store(folder, symbol, lang, url, data)
    except OSError as err:  # read-only, full, or a folder where the file goes
        raise FetchError(symbol, f"cannot write to the cache {folder} ({err})") from None


def _store(folder: Path, symbol: str, lang: str, url: str, data: bytes) -> Fetched:
    """Write the document and its index entry into the cache."""
    path = _write_inside(folder, _file_name(symbol, lang), data)
    fetched = Fetched(
        symbol=symbol,
        lang=lang,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        url=url,
        fetched_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    record = asdict(fetched)
    record.pop("from_cache")
    record["file"] = record.pop("path").name
    index = _read_index(folder)  # re-read: another process may have added entries
    index[_key(symbol, lang)] = record
    _write_index(folder, index)
    return fetched
