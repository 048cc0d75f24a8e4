"""Read the UN's Akoma Ntoso markup (AKN4UN XML) into the same Document as a PDF gives.

XML is hostile input. The file is parsed by defusedxml with DTDs forbidden, so no
entity is ever expanded (billion laughs) and nothing outside the file is fetched
(external entities, XInclude are not processed by ElementTree); a file over
``MAX_XML_BYTES`` is refused before parsing. Truncated or malformed XML, XML that is
not AKN4UN, and AKN4UN without a body are each one ``IngestError`` naming the file.
The body is read by ``akn_body``, the metadata (dates, sponsors, the vote) by
``akn_meta``.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from pipeline.document import Document
from pipeline.errors import IngestError
from pipeline.ingest.akn_annex import read_annexes
from pipeline.ingest.akn_body import read_body
from pipeline.ingest.akn_meta import local, read_meta
from pipeline.ingest.layout import infer_kind

# The largest resolution in the corpus (A/RES/79/243 with the cybercrime convention, in
# Russian) is 444 KB and 2,533 elements; 8 MiB and 100,000 elements leave room and keep
# a hostile file from taking minutes and gigabytes (1,000,000 paragraphs in 31 MB took
# 85 s and 800 MB).
MAX_XML_BYTES = 8 * 1024 * 1024
MAX_ELEMENTS = 100_000
_AKN_ROOT = re.compile(rb"<(?:!DOCTYPE\s+)?(?:[\w.-]+:)?akomaNtoso[\s>\[]")
# The deepest nesting read; the UN's resolutions go 11 levels deep.
MAX_DEPTH = 100
# The document types AKN4UN wraps in <akomaNtoso> that normtrace reads.
_DOC_TYPES = ("statement", "doc", "act", "bill", "debate", "documentCollection", "judgment")
_BODY = ("preamble", "mainBody", "body", "debateBody", "judgmentBody")


def looks_like_xml(data: bytes) -> bool:
    """Whether a file's first bytes are XML: a declaration, or an ``akomaNtoso`` element
    or DOCTYPE (also with a namespace prefix), after a BOM and blanks."""
    head = data[:200].lstrip(b"\xef\xbb\xbf").lstrip()
    return head.startswith(b"<?xml") or bool(_AKN_ROOT.match(head))


def parse_akn(path: str | Path, data: bytes) -> Element:
    """Parse AKN4UN bytes safely and return the document element under ``akomaNtoso``.

    Args:
        path: The file, as error messages name it.
        data: Its bytes.

    Returns:
        The ``statement`` (or other document type) element.

    Raises:
        IngestError: Too large, not well-formed, a DTD or entity, not AKN4UN, or no body.
    """
    if len(data) > MAX_XML_BYTES:
        raise IngestError(path, f"XML file over the size limit of {MAX_XML_BYTES // 2**20} MiB")
    try:
        root: Element = fromstring(
            data, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException as err:
        raise IngestError(path, f"unsafe XML refused ({type(err).__name__})") from None
    except ParseError as err:
        raise IngestError(path, f"not well-formed XML ({err})") from None
    except (ValueError, LookupError) as err:  # e.g. an encoding the parser does not know
        raise IngestError(path, f"not readable XML ({err})") from None
    if local(root.tag) != "akomaNtoso":
        raise IngestError(path, f"XML but not AKN4UN (root element <{local(root.tag)}>)")
    _flatten_names(path, root)
    doc = next((child for child in root if child.tag in _DOC_TYPES), None)
    if doc is None:
        raise IngestError(path, "AKN4UN file without a document element")
    if not any(child.tag in _BODY for child in doc):
        raise IngestError(path, "AKN4UN file without a body (no preamble or mainBody)")
    return doc


def _flatten_names(path: str | Path, root: Element) -> None:
    """Drop the namespaces from every tag; refuse markup nested too deep or too large.

    The readers then find ``preamble`` whatever namespace (Akoma Ntoso 3.0, an older
    one, none) the file declares; and their recursive walks never meet a nesting deeper
    than ``MAX_DEPTH`` (a hostile file of 100,000 nested spans would exhaust Python's
    stack: one line instead).
    """
    stack = [(root, 0)]
    seen = 0
    while stack:
        element, depth = stack.pop()
        seen += 1
        if depth > MAX_DEPTH:
            raise IngestError(path, f"XML nested deeper than {MAX_DEPTH} levels")
        if seen > MAX_ELEMENTS:
            raise IngestError(path, f"XML with more than {MAX_ELEMENTS:,} elements")
        element.tag = local(element.tag)
        stack.extend((child, depth + 1) for child in element)


def read_akn(path: str | Path, data: bytes, sha: str, *, kind: str | None = None) -> Document:
    """Read an AKN4UN file into a Document.

    Args:
        path: The file (kept as the document's source).
        data: Its bytes.
        sha: Their SHA-256.
        kind: The document's kind when the caller knows it; None infers it from the symbol.

    Returns:
        The Document: paragraphs with our ids and the markup's eIds, footnotes tied to
        their paragraphs, metadata, sponsors (main and additional) and the recorded vote.

    Raises:
        IngestError: See ``parse_akn``; also a body with no paragraph.
    """
    doc = parse_akn(path, data)
    meta = read_meta(doc)
    body = read_body(doc)
    read_annexes(body, doc)
    if not body.paragraphs:
        raise IngestError(path, "AKN4UN file without a body (no paragraph in it)")
    return Document(
        symbol=meta.symbol,
        title=meta.title,
        doc_type=kind or infer_kind(meta.symbol, Path(path), False, []),
        paragraphs=tuple(body.paragraphs),
        footnotes=tuple(body.footnotes.values()),
        date=meta.date,
        adoption_date=meta.adoption_date,
        session=meta.session,
        agenda_items=meta.agenda_items,
        sponsors=meta.sponsors,
        additional_sponsors=meta.additional_sponsors,
        committee_report=meta.committee_report,
        meeting=meta.meeting,
        language=meta.language,
        source=str(path),
        sha256=sha,
        pages=1,
        recorded_votes=meta.recorded_votes,
        vote_outcome=meta.vote_outcome,
        source_text=body.source_text,
    )
