"""The object graph of a PDF, for the checks before pdfminer reads it (issue 27).

pdfminer follows every reference it meets (a cycle of references never ends there);
``walk`` measures, from the page objects, the deepest chain of references and the
number of paths they branch into, and stops at the limits.
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.ingest.pdf_limits import MAX_REF_DEPTH, MAX_REF_PATHS, PdfLimitError

# "N G" before an "obj" keyword; a reference "N G R"; a value that is only one.
OBJ_NUMBER = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+\Z")
REF = re.compile(rb"(\d{1,10})\s+\d{1,5}\s+R\b")
ONLY_REF = re.compile(rb"\s*(\d{1,10})\s+\d{1,5}\s+R\s*")
# Links the readers do not follow to read a page's text: up the page tree, to
# annotations and their targets, to article beads.
_NOT_FOLLOWED = re.compile(
    rb"/(?:Parent|P|Annots|Dest|A|B|Thumb|StructTreeRoot|Outlines|Next|Prev|First|Last)"
    rb"\s*(?:\d+\s+\d+\s+R|\[[^\]]*\])"
)
_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_FIRST = re.compile(rb"/First\s+(\d+)")


def objects(data: bytes) -> list[tuple[int, int, int]]:
    """Where each ``N G obj`` begins and ends, and N: ``bytes.find`` runs, not a pattern."""
    found: list[tuple[int, int, int]] = []
    at = data.find(b"obj")
    while at >= 0:
        if data[at - 3 : at] != b"end":
            number = OBJ_NUMBER.search(data, max(0, at - 24), at)
            if number:
                found.append((number.start(), at + 3, int(number.group(1))))
        at = data.find(b"obj", at + 3)
    return found


def body(data: bytes, start: int, stop: int) -> bytes:
    """An object's text up to ``endobj`` or its stream's data (never the data itself)."""
    end = data.find(b"endobj", start, stop)
    end = stop if end < 0 else end
    stream = data.find(b"stream", start, end)
    return data[start : end if stream < 0 else stream]


def packed_objects(head: bytes, data: bytes) -> tuple[int, list[tuple[int, int]]]:
    """Where an object stream's objects begin: its /First and (number, offset) pairs."""
    first = _FIRST.search(head)
    if not first:
        return 0, []
    offset = int(first.group(1))
    numbers = data[:offset].split()
    pairs = [(int(numbers[i]), int(numbers[i + 1])) for i in range(0, len(numbers) - 1, 2)]
    return offset, pairs


def unpack(head: bytes, data: bytes, bodies: dict[int, bytes]) -> None:
    """Add the objects of an object stream (its dictionary and decoded data)."""
    offset, pairs = packed_objects(head, data)
    for index, (number, start) in enumerate(pairs):
        end = pairs[index + 1][1] if index + 1 < len(pairs) else len(data) - offset
        bodies.setdefault(number, data[offset + start : offset + end])


def page_numbers(bodies: dict[int, bytes]) -> list[int]:
    """The objects that are pages (``/Type /Page``)."""
    return [number for number, text in bodies.items() if b"/Page" in text and _PAGE.search(text)]


def walk(path: str | Path, bodies: dict[int, bytes]) -> tuple[int, int]:
    """The deepest reference chain and the number of reference paths from the pages.

    Every ``/Parent`` link is left out (it points back up the page tree); a link back
    into the chain being walked ends there, as the readers' cycle checks do.
    """
    edges: dict[int, list[int]] = {}
    pages = page_numbers(bodies)
    for number, body in bodies.items():
        if b" R" in body and (ref := ONLY_REF.fullmatch(body)):
            _follow_only_refs(path, number, int(ref.group(1)), bodies)

    def links(number: int) -> list[int]:
        if number not in edges:
            body = bodies[number]
            edges[number] = [int(r) for r in REF.findall(_NOT_FOLLOWED.sub(b"", body))]
        return edges[number]

    depth: dict[int, int] = {}
    paths: dict[int, int] = {}
    on_path: set[int] = set()
    deepest = total = 0
    for page in pages:
        stack: list[tuple[int, int]] = [(page, 0)]
        while stack:
            node, index = stack.pop()
            if index == 0:
                if node in depth:
                    continue
                on_path.add(node)
            children = links(node)
            if index < len(children):
                stack.append((node, index + 1))
                child = children[index]
                if child not in depth and child not in on_path and child in bodies:
                    stack.append((child, 0))
                    if len(stack) > MAX_REF_DEPTH:
                        raise PdfLimitError(
                            path, f"object references nest deeper than {MAX_REF_DEPTH} (the limit)"
                        )
                continue
            on_path.discard(node)
            done = [c for c in children if c in depth]
            depth[node] = 1 + max((depth[c] for c in done), default=0)
            paths[node] = min(1 + sum(paths[c] for c in done), MAX_REF_PATHS + 1)
        deepest, total = max(deepest, depth[page]), min(total + paths[page], MAX_REF_PATHS + 1)
        if total > MAX_REF_PATHS:
            raise PdfLimitError(
                path,
                f"its object references branch into more than {MAX_REF_PATHS:,} paths (the limit)",
            )
    return deepest, total


def _follow_only_refs(path: str | Path, number: int, target: int, bodies: dict[int, bytes]) -> None:
    """An object that is only a reference: its chain must end within the depth limit."""
    seen = {number}
    for _ in range(MAX_REF_DEPTH):
        if target in seen:
            raise PdfLimitError(path, f"object {number} refers to itself through a cycle")
        seen.add(target)
        body = bodies.get(target)
        ref = ONLY_REF.fullmatch(body) if body is not None else None
        if ref is None:
            return
        target = int(ref.group(1))
    raise PdfLimitError(path, f"object references nest deeper than {MAX_REF_DEPTH} (the limit)")
