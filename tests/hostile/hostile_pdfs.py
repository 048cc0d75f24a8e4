"""Hostile PDFs written by hand as bytes (issue 27, PDFs): each under 1 MB.

Each builder returns a whole file: an inflation bomb, a page tree listing one page
50,000 times, chains and cycles of object references, a page of 400 KB of drawing
or text operators. ``GOOD_TEXT`` is the one line of text every page draws.
"""

from __future__ import annotations

import zlib

FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
GOOD_TEXT = b"BT /F1 11 Tf 72 700 Td (The General Assembly, 1. Decides to remain seized.) Tj ET\n"
PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
    b"/Resources << /Font << /F1 3 0 R >>%s >> /Contents %s >>"
)


def build(objects: list[bytes], *, version: bytes = b"1.7") -> bytes:
    """A PDF of these object bodies (object 1 the catalog) with a valid xref table."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def stream(data: bytes, filters: bytes = b"") -> bytes:
    """A stream object's body; ``filters`` is the /Filter value, if any."""
    head = b"<< /Length %d%s >>" % (len(data), b" /Filter " + filters if filters else b"")
    return head + b"\nstream\n" + data + b"\nendstream"


def one_page(content: bytes, filters: bytes = b"", resources: bytes = b"") -> bytes:
    """Catalog, page tree, font, one page and its content stream (object 5)."""
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            FONT,
            PAGE % (resources, b"5 0 R"),
            stream(content, filters),
        ]
    )


def inflation_bomb(gib: int = 2) -> bytes:
    """A few KB whose content stream inflates to ``gib`` GiB of spaces (Flate twice).

    After a full flush zlib writes each MiB of spaces as the same bytes, so the
    inner stream is made by repetition rather than by compressing gigabytes.
    """
    compressor = zlib.compressobj(9)
    mib = b" " * 2**20
    first = compressor.compress(mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(mib) + compressor.flush(zlib.Z_FULL_FLUSH)
    inner = first + again * (gib * 1024 - 2) + compressor.compress(mib) + compressor.flush()
    return one_page(zlib.compress(inner, 9), b"[/FlateDecode /FlateDecode]")


def repeated_kids(count: int = 50_000) -> bytes:
    """A page tree whose /Kids list the one page ``count`` times."""
    kids = b" ".join([b"4 0 R"] * count)
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, count),
            FONT,
            PAGE % (b"", b"5 0 R"),
            stream(GOOD_TEXT),
        ]
    )


def reference_chain(length: int = 150, fan: int = 2) -> bytes:
    """The page's resources name an array that names the next ``fan`` times, ``length`` deep.

    Each level doubles the paths a reader that follows every reference walks.
    """
    first = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        PAGE % (b" /ExtGState << /G1 %d 0 R >>" % first, b"5 0 R"),
        stream(GOOD_TEXT),
    ]
    for level in range(length):
        following = b" ".join([b"%d 0 R" % (first + level + 1)] * fan)
        objects.append(b"[" + following + b"]" if level < length - 1 else b"[1]")
    return build(objects)


def reference_cycle(length: int = 150) -> bytes:
    """/Contents is a reference to a reference ... back to the first: never an object."""
    first = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        FONT,
        PAGE % (b"", b"%d 0 R" % first),
        stream(GOOD_TEXT),
    ]
    for level in range(length):
        objects.append(b"%d 0 R" % (first + (level + 1) % length))
    return build(objects)


def operators(pattern: bytes, size: int = 400_000) -> bytes:
    """One page: a line of text, then ``pattern`` repeated to ``size`` bytes."""
    return one_page(GOOD_TEXT + pattern * (size // len(pattern)))


# The page of 400 KB of operators, in the kinds a reader may spend its time on.
OPERATOR_PAGES = {
    "saves": b"q ",
    "clips": b"0 0 1 1 re W n ",
    "paths": b"0 0 m 1 1 l S ",
    "fills": b"0 0 1 1 re f ",
    "text_objects": b"BT /F1 1 Tf (a) Tj ET ",
    "glyphs": b"(a) Tj ",
}
