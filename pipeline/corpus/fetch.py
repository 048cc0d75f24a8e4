"""Fetch documents from the UN Official Document System (ODS) into a local cache.

``fetch_document("A/RES/78/16")`` downloads the English PDF once, checks that it is
a PDF and not ODS's "document does not exist" placeholder (ODS answers an unknown
symbol with HTTP 200 and a one-page PDF saying so), stores it in the cache folder
and records its size and SHA-256 in ``index.json`` there. A second call returns the
cached file after checking its checksum.

Network use is bounded: a timeout per request, a few retries with exponential
backoff on connection errors, timeouts, 429 and 5xx answers, and a size limit
checked against Content-Length and while reading. The address is a template with
``{symbol}`` and ``{lang}``, configurable by argument or ``$NORMTRACE_ODS_URL``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import NormtraceError

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
_SYMBOL = re.compile(r"^[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.()\-]+)+(?: \(\d{4}\))?$")


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


def document_url(symbol: str, lang: str = "en", base_url: str | None = None) -> str:
    """Fill the address template with the URL-encoded symbol and the language code."""
    template = base_url or os.environ.get(ENV_ODS_URL) or DEFAULT_URL
    if "{symbol}" not in template:
        raise FetchError(symbol, f"address template {template!r} lacks {{symbol}}")
    return template.format(symbol=urllib.parse.quote(symbol, safe=""), lang=lang)


def _file_name(symbol: str, lang: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9.()\-]+", "_", symbol.replace("/", "_")).strip("_")
    return f"{stem}.{lang}.pdf"


def _key(symbol: str, lang: str) -> str:
    return f"{symbol}|{lang}"


def _read_index(folder: Path) -> dict[str, dict[str, Any]]:
    path = folder / INDEX_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise FetchError(str(path), f"cache index is not valid JSON ({err})") from None
    return data if isinstance(data, dict) else {}


def _write_index(folder: Path, index: dict[str, dict[str, Any]]) -> None:
    tmp = folder / f".{INDEX_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(index, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, folder / INDEX_FILE)


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


def _download(symbol: str, url: str, *, timeout: float, max_bytes: int) -> bytes:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        length = response.headers.get("Content-Length")
        if length and length.isdigit() and int(length) > max_bytes:
            raise FetchError(symbol, f"{int(length)} bytes is over the {max_bytes}-byte limit")
        chunks, total = [], 0
        while chunk := response.read(_CHUNK):
            total += len(chunk)
            if total > max_bytes:
                raise FetchError(symbol, f"more than the {max_bytes}-byte limit; stopped")
            chunks.append(chunk)
        return b"".join(chunks)


def _download_with_retries(
    symbol: str,
    url: str,
    *,
    timeout: float,
    retries: int,
    backoff: float,
    max_bytes: int,
    sleep: Callable[[float], None],
) -> bytes:
    for attempt in range(retries + 1):
        wait = backoff * 2**attempt
        try:
            return _download(symbol, url, timeout=timeout, max_bytes=max_bytes)
        except urllib.error.HTTPError as err:
            # CASE 1: ODS does not know the symbol, or refuses: do not retry.
            if err.code == 404:
                raise NotInODSError(symbol, f"not in ODS (HTTP 404 from {url})") from None
            if err.code not in _RETRY_STATUS:
                raise FetchError(symbol, f"HTTP {err.code} {err.reason} from {url}") from None
            # CASE 2: overloaded or failing server: wait (honouring Retry-After), retry.
            reason = f"HTTP {err.code} {err.reason}"
            retry_after = err.headers.get("Retry-After", "") if err.headers else ""
            if retry_after.isdigit():
                wait = max(wait, min(float(retry_after), 60.0))
        except (TimeoutError, urllib.error.URLError, ConnectionError) as err:
            # CASE 3: network trouble: retry.
            inner = getattr(err, "reason", err)
            reason = "timed out" if isinstance(inner, TimeoutError) else f"network error ({inner})"
        if attempt < retries:
            sleep(wait)
    raise FetchError(symbol, f"{reason} from {url}, after {retries + 1} attempts")


def _cached(folder: Path, entry: dict[str, Any] | None) -> Fetched | None:
    """The cache entry as Fetched if its file is there with the recorded checksum."""
    if not entry:
        return None
    try:
        path = folder / str(entry["file"])
        if not path.is_file() or _sha256(path) != entry["sha256"]:
            return None  # gone or altered: fetch it again
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
        timeout: Seconds to wait on each request.
        retries: Further attempts after the first on timeouts, 429 and 5xx.
        backoff: Seconds before the first retry; doubled for each next one.
        max_bytes: Largest accepted document.
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
    retries = max(retries, 0)
    if not _SYMBOL.match(symbol):
        raise FetchError(symbol or "''", "not a UN document symbol like A/RES/78/16")
    if lang not in LANGUAGES:
        raise FetchError(symbol, f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    folder = cache_dir(cache)
    folder.mkdir(parents=True, exist_ok=True)
    index = _read_index(folder)
    cached = None if force else _cached(folder, index.get(_key(symbol, lang)))
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
        sleep=sleep,
    )
    if not data.startswith(b"%PDF-"):
        start = data[:40].decode("utf-8", "replace").strip()
        raise FetchError(symbol, f"answer from {url} is not a PDF (starts {start!r})")
    if is_placeholder(data):
        raise NotInODSError(symbol, "not in ODS (it sent its 'document does not exist' PDF)")
    path = folder / _file_name(symbol, lang)
    tmp = path.with_suffix(f".{os.getpid()}.part")
    tmp.write_bytes(data)
    os.replace(tmp, path)
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
