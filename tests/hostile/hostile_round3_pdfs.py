"""PDFs of the third hostile round (issue 27), written by hand as bytes; each under 1 MB.

Many pages sharing one content stream, a page naming thousands of fonts, form
XObjects that draw each other, a page drawing one form thousands of times, a font
whose ToUnicode map turns one glyph into many characters. ``TEXT`` draws three lines
of a resolution, enough for a page to read as a document.
"""

from __future__ import annotations

import zlib

from hostile_pdfs import FONT, build, stream

TEXT = (
    b"BT /F1 11 Tf 14 TL 72 700 Td (The General Assembly,) Tj T* "
    b"(Recalling its resolutions 73/27 of 5 December 2018 and 75/240 of 31 December 2020,) Tj T* "
    b"(1. Decides to remain seized of the matter and to promote an open ICT environment.) Tj ET\n"
)
BOX = b"[0 0 612 792]"


def tree(pages: list[bytes], *, extra: list[bytes] = ()) -> bytes:
    """Catalog, page tree, Helvetica (object 3), the pages (objects 4...), then ``extra``."""
    kids = b" ".join(b"%d 0 R" % (4 + i) for i in range(len(pages)))
    return build(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, len(pages)),
            FONT,
            *pages,
            *extra,
        ]
    )


def page(contents: int, resources: bytes = b"/Font << /F1 3 0 R >>") -> bytes:
    return b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << %s >> /Contents %d 0 R >>" % (
        BOX,
        resources,
        contents,
    )


def shared_pages(count: int, content: bytes = TEXT) -> bytes:
    """``count`` pages drawing the one content stream after them."""
    return tree([page(4 + count)] * count, extra=[stream(content)])


def many_fonts(count: int) -> bytes:
    """One page naming ``count`` fonts (objects 6...), a word drawn in each."""
    names = b" ".join(b"/F%d %d 0 R" % (i, 6 + i) for i in range(count))
    words = b"".join(
        b"BT /F%d 9 Tf 72 %d Td (Decides) Tj ET\n" % (i, 600 - i % 500) for i in range(count)
    )
    fonts = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"] * count
    return tree([page(5, b"/Font << %s >>" % names)], extra=[stream(TEXT + words), *fonts])


def nested_forms(depth: int, draws: int) -> bytes:
    """The page draws form 0 once; form i draws form i+1 ``draws`` times; each its text.

    The forms are objects 6...; the page's content is object 5.
    """
    forms = []
    for level in range(depth):
        if level < depth - 1:
            content = b"q " + b"/X Do " * draws + b"Q\n"
            res = b"/Font << /F1 3 0 R >> /XObject << /X %d 0 R >>" % (7 + level)
        else:
            content, res = TEXT, b"/Font << /F1 3 0 R >>"
        forms.append(
            b"<< /Type /XObject /Subtype /Form /BBox %s /Resources << %s >> /Length %d >>\n"
            b"stream\n%s\nendstream" % (BOX, res, len(content), content)
        )
    resources = b"/Font << /F1 3 0 R >> /XObject << /X 6 0 R >>"
    return tree([page(5, resources)], extra=[stream(b"/X Do\n"), *forms])


def to_unicode(units: int, glyphs: int) -> bytes:
    """A font whose ToUnicode map gives glyph "a" ``units`` characters, drawn ``glyphs`` times."""
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def "
        b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <61> <%s> endbfchar "
        b"endcmap CMapName currentdict /CMap defineresource pop end end" % (b"0066" * units)
    )
    font = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 6 0 R >>"
    content = TEXT + b"BT /F2 8 Tf 72 600 Td (" + b"a" * glyphs + b") Tj ET\n"
    resources = b"/Font << /F1 3 0 R /F2 7 0 R >>"
    return tree([page(5, resources)], extra=[stream(content), stream(cmap), font])


def drawn_form(times: int, text: bytes = TEXT) -> bytes:
    """A page whose content (flate) draws one form of ``text`` ``times`` times."""
    form = (
        b"<< /Type /XObject /Subtype /Form /BBox %s /Resources << /Font << /F1 3 0 R >> >> "
        b"/Length %d >>\nstream\n%s\nendstream" % (BOX, len(text), text)
    )
    content = stream(zlib.compress(b"/X Do " * times, 9), b"/FlateDecode")
    resources = b"/Font << /F1 3 0 R >> /XObject << /X 6 0 R >>"
    return tree([page(5, resources)], extra=[content, form])


def contents_array(times: int, content: bytes, filters: bytes = b"") -> bytes:
    """A page whose /Contents array names one stream (object 5) ``times`` times."""
    refs = b" ".join([b"5 0 R"] * times)
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents [%s] >>" % (BOX, refs)
    )
    return tree([page], extra=[stream(content, filters)])
