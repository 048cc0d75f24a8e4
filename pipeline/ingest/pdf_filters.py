"""The stream filters a PDF reader decodes to read text, each bounded (issue 27).

Flate, LZW, RunLength, ASCIIHex and ASCII85, the ones pdfium applies to content,
fonts and object streams; image filters (DCT, JPX, CCITT, JBIG2) are left alone, as
pdfium leaves them to read text. ``RATIO`` is each filter's largest expansion, which
lets ``pdf_bounds`` skip decoding a stream that cannot pass a limit.
"""

from __future__ import annotations

import binascii
import re
import zlib
from pathlib import Path

from pipeline.ingest.pdf_limits import MAX_SLOW_INPUT, MAX_STREAM_BYTES, PdfLimitError

# The most one input byte can become through a filter (Flate: 1,032; an LZW code
# of 12 bits: 4,096 bytes; RunLength: 128 from 2; ASCII85 "z": 4 from 1).
RATIO = {"Flate": 1032, "LZW": 4096, "RL": 64, "AHx": 1, "A85": 4}
NAMES = {
    b"FlateDecode": "Flate",
    b"Fl": "Flate",
    b"LZWDecode": "LZW",
    b"LZW": "LZW",
    b"RunLengthDecode": "RL",
    b"RL": "RL",
    b"ASCIIHexDecode": "AHx",
    b"AHx": "AHx",
    b"ASCII85Decode": "A85",
    b"A85": "A85",
}


def decode(
    path: str | Path, data: memoryview, start: int, end: int, filters: tuple[str, ...]
) -> bytes:
    """A stream's data (``start`` to ``end``) through its filters, each stopped past
    the stream limit.

    Flate reads on to where the compressed data end: a /Length that lies, or
    "endstream" inside the data, changes nothing.

    Raises:
        PdfLimitError: The data decode past ``MAX_STREAM_BYTES``, or hand a decoder
            written in Python more than ``MAX_SLOW_INPUT``.
    """
    chunk: bytes | memoryview = data[start:end]
    for index, name in enumerate(filters):
        if name in ("LZW", "RL", "A85") and len(chunk) > MAX_SLOW_INPUT:
            raise PdfLimitError(
                path,
                f"a stream gives its {name} decoder more than {MAX_SLOW_INPUT >> 20} MiB "
                "(the limit)",
            )
        if name == "Flate":
            chunk = inflate(chunk, data[end:] if index == 0 else b"")
        elif name == "LZW":
            chunk = lzw(chunk)
        elif name == "RL":
            chunk = run_length(chunk)
        elif name == "AHx":
            chunk = hex_decode(chunk)
        elif name == "A85":
            chunk = a85(chunk)
        else:
            break  # an image decoder: pdfium does not decode it to read text
        if len(chunk) > MAX_STREAM_BYTES:
            raise PdfLimitError(
                path, f"a stream decodes to more than {MAX_STREAM_BYTES >> 20} MiB (the limit)"
            )
    return bytes(chunk)


def inflate(chunk: bytes | memoryview, more: bytes | memoryview = b"") -> bytes:
    """Flate (zlib), stopped one byte past the stream limit; damaged data give b"".

    Compressed data that run on past ``chunk`` are read on from ``more`` (the bytes
    after it): the output is what one call on both together gives, but zlib copies
    the input left after the end of the data, and most streams end inside ``chunk``.
    """
    limit = MAX_STREAM_BYTES + 1
    decoder = zlib.decompressobj()
    try:
        out = decoder.decompress(chunk, limit)
        # Not at the end and every byte read (the limit was not reached): read on.
        if more and not decoder.eof and len(out) < limit:
            out += decoder.decompress(more, limit - len(out))
    except zlib.error:
        out = b""  # damaged data: the readers fail on it their own way
    return out


def lzw(chunk: bytes | memoryview) -> bytes:
    """LZW as PDF writes it (early change), stopping past the stream limit."""
    out = bytearray()
    table: list[bytes] = [bytes([i]) for i in range(256)] + [b"", b""]
    bits, buffer, width, previous = 0, 0, 9, b""
    for byte in chunk:
        buffer, bits = (buffer << 8) | byte, bits + 8
        while bits >= width:
            bits -= width
            code = (buffer >> bits) & ((1 << width) - 1)
            if code == 256:
                table, width, previous = table[:258], 9, b""
                continue
            if code == 257:
                return bytes(out)
            if code < len(table):
                entry = table[code]
                if previous:
                    table.append(previous + entry[:1])
            elif previous:
                entry = previous + previous[:1]
                table.append(entry)
            else:
                return bytes(out)
            out += entry
            if len(out) > MAX_STREAM_BYTES:
                return bytes(out)
            previous = entry
            if len(table) + 1 >= 1 << width and width < 12:
                width += 1
    return bytes(out)


def run_length(chunk: bytes | memoryview) -> bytes:
    """RunLength, stopped past the stream limit."""
    out = bytearray()
    i = 0
    while i < len(chunk) and len(out) <= MAX_STREAM_BYTES:
        length = chunk[i]
        if length == 128:
            break
        if length < 128:
            out += chunk[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            out += bytes(chunk[i + 1 : i + 2]) * (257 - length)
            i += 2
    return bytes(out)


def hex_decode(chunk: bytes | memoryview) -> bytes:
    """ASCIIHex up to its ">"; bad data give b""."""
    text = re.sub(rb"[^0-9A-Fa-f>]", b"", bytes(chunk)).split(b">")[0]
    try:
        return binascii.unhexlify(text + b"0" * (len(text) % 2))
    except binascii.Error:
        return b""


def a85(chunk: bytes | memoryview) -> bytes:
    """ASCII85 up to its "~>"; bad data give b""."""
    import base64

    text = bytes(chunk).split(b"~>")[0].strip()
    try:
        return base64.a85decode(text.removeprefix(b"<~") + b"~>", adobe=True)
    except ValueError:
        return b""
