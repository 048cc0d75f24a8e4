"""PDFs of the fourth hostile round (issue 27), written by hand as bytes; each under 1 MB.

Incremental updates by the thousand, object streams that extend each other in a loop,
stream lengths that lie, a broken ``/Encrypt``, a font of 65,000 widths, rotated and
degenerate pages, JBIG2 and CCITT images, annotation and outline floods, thousands of
tiny text objects scattered over a page, text drawn at a size of zero or at infinity.
Every page also draws ``TEXT`` (three lines of a resolution) unless the case is about
a page with nothing else.
"""

from __future__ import annotations

import random
import zlib

from hostile_pdfs import FONT, build, stream
from hostile_round3_pdfs import BOX, TEXT, page, tree


def incremental(updates: int, *, loop: bool = False) -> bytes:
    """``updates`` incremental sections, each rewriting the content; ``loop``: the first
    section's /Prev names the last, so the chain of sections never ends."""
    pdf = bytearray(tree([page(5)], extra=[stream(TEXT)]))
    first = prev = int(pdf[pdf.rindex(b"startxref") + 10 :].split()[0])
    for i in range(updates):
        at = len(pdf)
        pdf += b"5 0 obj\n" + stream(TEXT.replace(b"matter", b"matter %d" % i)) + b"\nendobj\n"
        xref = len(pdf)
        pdf += b"xref\n5 1\n%010d 00000 n \ntrailer\n<< /Size 6 /Root 1 0 R /Prev %010d >>\n" % (
            at,
            prev,
        )
        pdf += b"startxref\n%d\n%%%%EOF\n" % xref
        prev = xref
    if loop:  # same width, so no offset moves
        pdf = pdf.replace(b"/Prev %010d" % first, b"/Prev %010d" % prev, 1)
    return bytes(pdf)


def objstm_extends_loop(streams: int) -> bytes:
    """Object streams each /Extends the next, the last the first; the page needs none."""
    objects = []
    first = 6
    for i in range(streams):
        data = b"%d 0 1" % (1000 + i)
        nxt = first + (i + 1) % streams
        objects.append(
            b"<< /Type /ObjStm /N 1 /First %d /Extends %d 0 R /Length %d >>\nstream\n%s\nendstream"
            % (len(b"%d 0" % (1000 + i)) + 1, nxt, len(data), data)
        )
    return tree([page(5)], extra=[stream(TEXT), *objects])


def length_lies(length: bytes) -> bytes:
    """The content stream's /Length is ``length`` (too long, negative, a loop of references)."""
    body = b"<< /Length %s >>\nstream\n%s\nendstream" % (length, TEXT)
    extra = [body, b"7 0 R", b"6 0 R"]  # objects 5, 6 and 7: 6 and 7 name each other
    return tree([page(5)], extra=extra)


def broken_encrypt(dictionary: bytes) -> bytes:
    """A trailer naming ``dictionary`` as /Encrypt (object 6), with an /ID."""
    pdf = tree([page(5)], extra=[stream(TEXT), dictionary])
    return pdf.replace(
        b"/Root 1 0 R >>", b"/Root 1 0 R /Encrypt 6 0 R /ID [<00112233> <00112233>] >>"
    )


def wide_font(widths: int, last: int | None = None) -> bytes:
    """A font of ``widths`` /Widths entries (FirstChar 0, LastChar ``last``) drawing the text."""
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /FirstChar 0 /LastChar %d " % (
        widths - 1 if last is None else last
    )
    font += b"/Widths [" + b"500 " * widths + b"] >>"
    return tree([page(5, b"/Font << /F1 6 0 R >>")], extra=[stream(TEXT), font])


def page_box(box: bytes, rotate: bytes = b"0", user_unit: bytes = b"1") -> bytes:
    """One page of TEXT with this MediaBox, /Rotate and /UserUnit."""
    one = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Rotate %s /UserUnit %s "
        b"/Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>" % (box, rotate, user_unit)
    )
    return tree([one], extra=[stream(TEXT)])


def image(filters: bytes, data: bytes, width: int, height: int, params: bytes = b"") -> bytes:
    """A page of TEXT that also draws one image XObject of these filters and bytes."""
    xobject = (
        b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /BitsPerComponent 1 "
        b"/ColorSpace /DeviceGray /Filter %s %s /Length %d >>\nstream\n%s\nendstream"
        % (width, height, filters, params, len(data), data)
    )
    content = TEXT + b"q 500 0 0 500 50 50 cm /Im1 Do Q\n"
    resources = b"/Font << /F1 3 0 R >> /XObject << /Im1 6 0 R >>"
    return tree([page(5, resources)], extra=[stream(content), xobject])


def annotations(count: int) -> bytes:
    """A page of TEXT with ``count`` text annotations (each its own object)."""
    refs = b" ".join(b"%d 0 R" % (6 + i) for i in range(count))
    one = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 5 0 R /Annots [%s] >>" % (BOX, refs)
    )
    annots = [
        b"<< /Type /Annot /Subtype /FreeText /Rect [%d %d %d %d] /Contents (Decides %d) "
        b"/DA (/Helv 8 Tf 0 g) >>" % (i % 500, i % 700, i % 500 + 20, i % 700 + 10, i)
        for i in range(count)
    ]
    return tree([one], extra=[stream(TEXT), *annots])


def outline_loop(count: int) -> bytes:
    """A document outline of ``count`` items whose /Next chain comes back to the first."""
    first = 6
    items = [
        b"<< /Title (Item %d) /Parent %d 0 R /Next %d 0 R /Dest [4 0 R /Fit] >>"
        % (i, first + count, first + (i + 1) % count)
        for i in range(count)
    ]
    outlines = b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count %d >>" % (
        first,
        first + count - 1,
        count,
    )
    pdf = tree([page(5)], extra=[stream(TEXT), *items, outlines])
    return pdf.replace(
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Catalog /Pages 2 0 R /Outlines %d 0 R >>" % (first + count),
        1,
    )


def scattered_text(objects: int, seed: int = 4, *, word: bytes = b"a") -> bytes:
    """TEXT, then ``objects`` text objects of one word each at random places (flate)."""
    rng = random.Random(seed)
    ops = [
        b"BT /F1 %d Tf %d %d Td (%s) Tj ET"
        % (rng.randrange(4, 14), rng.randrange(612), rng.randrange(792), word)
        for _ in range(objects)
    ]
    content = zlib.compress(TEXT + b"\n".join(ops), 9)
    return tree([page(5)], extra=[stream(content, b"/FlateDecode")])


def text_matrix(matrix: bytes, size: bytes = b"11") -> bytes:
    """TEXT, then a line drawn under the text matrix ``matrix`` at font size ``size``."""
    content = (
        TEXT
        + b"BT /F1 %s Tf %s Tm (2. Requests the Secretary-General to report.) Tj ET\n"
        % (
            size,
            matrix,
        )
    )
    return tree([page(5)], extra=[stream(content)])


def page_tree_depth(levels: int) -> bytes:
    """Pages nodes nested ``levels`` deep, one kid each, the page at the bottom."""
    first = 6  # objects 6 ... 6 + levels - 1 are the inner Pages nodes
    nodes = []
    for level in range(levels):
        kid = first + level + 1 if level < levels - 1 else 4
        parent = 2 if level == 0 else first + level - 1
        nodes.append(b"<< /Type /Pages /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>" % (parent, kid))
    leaf = page(5).replace(b"/Parent 2 0 R", b"/Parent %d 0 R" % (first + levels - 1))
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % first,
            FONT,
            leaf,
            stream(TEXT),
            *nodes,
        ]
    )


def info_title(title: bytes) -> bytes:
    """TEXT, and an /Info dictionary whose /Title is ``title`` (a literal string)."""
    pdf = tree([page(5)], extra=[stream(TEXT), b"<< /Title (%s) /Author (x) >>" % title])
    return pdf.replace(b"/Root 1 0 R >>", b"/Root 1 0 R /Info 6 0 R >>")
