"""The bounds check's fast paths give what the code they replaced gave (issue 26).

Each reference below is the code as it stood before: Flate read in one call on every
byte after the stream's start, each ToUnicode map searched with the long-hex pattern
alone, and each stream's /Filter value read into names and ratios anew. Generated
inputs reach the edges (data cut anywhere, damaged, past the limit; hex runs around
the length that fails), so that the check refuses the same files.
"""

from __future__ import annotations

import math
import random
import re
import zlib
from pathlib import Path

import pytest

from pipeline.ingest.pdf_bounds import _LONG_HEX, _long_hex
from pipeline.ingest.pdf_filters import NAMES, RATIO, inflate
from pipeline.ingest.pdf_limits import MAX_STREAM_BYTES, MAX_TOUNICODE_UNITS
from pipeline.ingest.pdf_refs import ONLY_REF
from pipeline.ingest.pdf_streams import _FILTER, _FILTER_NAME, _filters, streams


def _reference_inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, MAX_STREAM_BYTES + 1)
    except zlib.error:
        return b""


def _damaged(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        out[rng.randrange(len(out))] = rng.randrange(256)
    return bytes(out)


def test_flate_read_in_two_parts_gives_one_call_s_output() -> None:
    rng = random.Random(26)
    words = [b"BT", b"/F1 12 Tf", b"(text) Tj", b"ET", b"q", b"Q", b"\n", b"endstream"]
    for _ in range(600):
        text = b" ".join(rng.choice(words) for _ in range(rng.randint(0, 400)))
        data = zlib.compress(text, rng.choice([0, 1, 9]))
        if rng.random() < 0.3:
            data = _damaged(rng, data)
        if rng.random() < 0.3:
            data = data[: rng.randint(0, len(data))]  # the data stop short
        data += rng.randbytes(rng.randint(0, 20))  # what follows: "endstream", the next object
        cut = rng.randint(0, len(data))
        assert inflate(data[:cut], data[cut:]) == _reference_inflate(data), (cut, data)
        assert inflate(memoryview(data)[:cut], memoryview(data)[cut:]) == _reference_inflate(data)


def test_flate_read_in_two_parts_stops_at_the_limit_as_one_call_does() -> None:
    data = zlib.compress(b" " * (MAX_STREAM_BYTES + 2**20), 1)
    for cut in (10, len(data) // 2, len(data) - 5):
        out = inflate(data[:cut], data[cut:])
        assert len(out) == MAX_STREAM_BYTES + 1
        assert out == _reference_inflate(data)


def test_the_quick_pattern_settles_a_map_as_the_long_hex_pattern_does() -> None:
    rng = random.Random(27)
    digits = 4 * MAX_TOUNICODE_UNITS + 1  # the fewest that fail
    pieces = [b"<", b">", b"0041", b"f", b" ", b"\n", b"\t", b"g", b"<<", b"beginbfchar"]
    for _ in range(4000):
        parts: list[bytes] = []
        for _ in range(rng.randint(0, 12)):
            if rng.random() < 0.25:  # a hex string near the length that fails
                count = digits + rng.randint(-3, 2)
                spaced = [
                    rng.choice([b"a", b"0", b"F"]) + rng.choice([b"", b" ", b"\n"])
                    for _ in range(count)
                ]
                parts.append(b"<" + b"".join(spaced))
            else:
                parts.append(rng.choice(pieces))
        cmap = b"".join(parts)
        assert _long_hex(cmap) == (_LONG_HEX.search(cmap) is not None), cmap


def _reference_filters(head: bytes, data: bytes) -> tuple[tuple[str, ...], int]:
    """The names as the check read them before, one stream at a time."""
    names = tuple(_reference_names(head, data))
    return names, math.prod(RATIO.get(name, 1) for name in names)


def _reference_names(head: bytes, data: bytes) -> list[str]:
    found = _FILTER.search(head)
    if not found:
        return []
    value = found.group(1)
    if ref := ONLY_REF.fullmatch(value):
        target = re.search(
            rb"(?<!\d)%s\s+\d+\s+obj\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)" % ref.group(1), data
        )
        value = target.group(1) if target else b"/FlateDecode /FlateDecode"
    return [NAMES.get(name, "") for name in _FILTER_NAME.findall(value)]


@pytest.mark.parametrize("seed", range(3))
def test_filter_chains_read_once_are_the_chains_read_each_time(seed: int) -> None:
    rng = random.Random(seed)
    pieces = [
        b"/Filter",
        b"/FlateDecode",
        b"/Fl",
        b"/LZWDecode",
        b"/A85",
        b"/AHx",
        b"/RL",
        b"/DCTDecode",
        b"[",
        b"]",
        b" ",
        b"7 0 R",
        b" 12 0 R",
        b"/Length 5",
        b"x",
    ]
    data = b"7 0 obj [/AHx /Fl] endobj 12 0 obj /LZW endobj"
    for _ in range(3000):
        head = b"".join(rng.choice(pieces) for _ in range(rng.randint(0, 10)))
        assert _filters(head, data) == _reference_filters(head, data), head
    # An indirect filter is looked up in the file each time, never remembered.
    assert _filters(b"/Filter 7 0 R", data)[0] == ("AHx", "Flate")
    assert _filters(b"/Filter 7 0 R", b"7 0 obj /RL endobj")[0] == ("RL",)


def test_the_corpus_pdfs_give_what_the_replaced_code_gave(corpus: Path) -> None:
    files = sorted((corpus / "batch/mandate_pipeline_first_committee_78-80").glob("*.pdf"))
    if not files:
        pytest.skip("no First Committee PDFs in the corpus")
    for path in files[::8] + sorted((corpus / "resolutions").glob("*.pdf"))[:10]:
        data = path.read_bytes()
        for stream in streams(data):
            assert _filters(stream.head, data) == _reference_filters(stream.head, data)
            if stream.filters[:1] == ("Flate",):
                chunk, more = data[stream.start : stream.end], data[stream.end :]
                decoded = inflate(chunk, more)
                assert decoded == _reference_inflate(data[stream.start :]), (path, stream)
                assert _long_hex(decoded) == (_LONG_HEX.search(decoded) is not None)
