"""How many form XObjects a PDF makes its reader draw (issue 27, third hostile round).

A form XObject is a content stream a page (or another form) draws with ``/Name Do``;
each draw is parsed and run again. A form that draws the next twice, 24 levels deep,
is 16 million draws from a few kilobytes: pdfium took 1 GB and died. ``form_draws``
counts the draws the pages make, from the ``Do`` operators of the decoded content
streams and the ``/XObject`` names of each one's resources (a form without resources
uses those of whatever draws it, as the readers do), and the bytes of content those
draws parse, stopping at ``MAX_FORM_DRAWS`` and ``MAX_FORM_CONTENT``: one small form
drawn 100,000 times by a page of 6 KB (compressed) took pdfium 850 MB and died. A
form drawn inside itself counts once: the readers refuse that recursion.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pipeline.ingest.pdf_limits import (
    MAX_FORM_CONTENT,
    MAX_FORM_DRAWS,
    MAX_REF_DEPTH,
    PdfLimitError,
)
from pipeline.ingest.pdf_refs import REF

_FORM = re.compile(rb"/Subtype\s*/Form(?![a-zA-Z])")
_DO = re.compile(rb"/([^\s/<>\[\]()]+)\s*Do(?![a-zA-Z])")
_PAIR = re.compile(rb"/([^\s/<>\[\]()]+)\s*(\d{1,10})\s+\d{1,5}\s+R\b")
_RESOURCES = re.compile(rb"/Resources\s*(?:(\d{1,10})\s+\d{1,5}\s+R)?")
_XOBJECT = re.compile(rb"/XObject\s*(?:(\d{1,10})\s+\d{1,5}\s+R|<<([^>]*)>>)")
_PARENT = re.compile(rb"/Parent\s*(\d{1,10})\s+\d{1,5}\s+R")
_CONTENTS = re.compile(rb"/Contents\s*(?:(\d{1,10})\s+\d{1,5}\s+R|\[([^\]]*)\])")

Content = Callable[[int], bytes]


@dataclass(frozen=True, slots=True)
class Draws:
    """What drawing a form makes a reader do: forms drawn (itself and every form under
    it) and bytes of their content parsed."""

    forms: int = 0
    content: int = 0

    def __add__(self, other: Draws) -> Draws:
        return Draws(self.forms + other.forms, self.content + other.content)

    def __mul__(self, times: int) -> Draws:
        return Draws(self.forms * times, self.content * times)


def form_draws(
    path: str | Path, bodies: dict[int, bytes], pages: list[int], content: Content
) -> Draws:
    """The form XObjects the pages draw, counted through nested forms.

    Args:
        path: The file, as error messages name it.
        bodies: Every object's text (a stream's dictionary, never its data).
        pages: The page objects' numbers.
        content: The decoded data of a stream object, by number (b"" when none).

    Returns:
        The draws of all pages (nothing in a file without forms).

    Raises:
        PdfLimitError: Over ``MAX_FORM_DRAWS`` or ``MAX_FORM_CONTENT``, or forms nested
            deeper than ``MAX_REF_DEPTH``.
    """
    forms = {number for number, body in bodies.items() if b"/Form" in body and _FORM.search(body)}
    if not forms:
        return Draws()
    walk = _Walk(path, bodies, forms, functools.cache(content))  # each stream decoded once
    total = Draws()
    for page in pages:
        owner = _owner(bodies, page)
        data = b"".join(walk.content(n) for n in page_contents(bodies, page))
        for name, times in _draws(data).items():
            target = walk.names(owner).get(name)
            if target in forms:
                total += walk.cost(target, owner, ()) * times
                walk.check(total)
    return total


class _Walk:
    """Each form's draws, remembered by form and by the object whose resources it
    draws with."""

    def __init__(
        self, path: str | Path, bodies: dict[int, bytes], forms: set[int], content: Content
    ):
        self.path, self.bodies, self.forms, self.content = path, bodies, forms, content
        self.costs: dict[tuple[int, int], Draws] = {}
        self.maps: dict[int, dict[bytes, int]] = {}

    def names(self, owner: int) -> dict[bytes, int]:
        if owner not in self.maps:
            self.maps[owner] = _xobjects(self.bodies, owner) or {}
        return self.maps[owner]

    def check(self, total: Draws) -> None:
        if total.forms > MAX_FORM_DRAWS:
            raise PdfLimitError(
                self.path,
                f"its pages draw form XObjects more than {MAX_FORM_DRAWS:,} times (the limit)",
            )
        if total.content > MAX_FORM_CONTENT:
            raise PdfLimitError(
                self.path,
                f"the form XObjects its pages draw make more than {MAX_FORM_CONTENT >> 20} MiB"
                " of content (the limit)",
            )

    def cost(self, form: int, inherited: int, stack: tuple[int, ...]) -> Draws:
        if form in stack:
            return Draws(1, 0)  # drawn inside itself: the readers stop there
        if len(stack) > MAX_REF_DEPTH:
            raise PdfLimitError(
                self.path, f"form XObjects nest deeper than {MAX_REF_DEPTH} (the limit)"
            )
        owner = form if _xobjects(self.bodies, form) is not None else inherited
        key = (form, owner)
        if key not in self.costs:
            data = self.content(form)
            total = Draws(1, len(data))
            for name, times in _draws(data).items():
                target = self.names(owner).get(name)
                if target in self.forms:
                    total += self.cost(target, owner, (*stack, form)) * times
                    self.check(total)
            self.costs[key] = total
        return self.costs[key]


def _draws(data: bytes) -> Counter[bytes]:
    """How many times a content stream draws each XObject name."""
    return Counter(_DO.findall(data)) if b"Do" in data else Counter()


def _xobjects(bodies: dict[int, bytes], number: int) -> dict[bytes, int] | None:
    """An object's XObject names and their objects; None when it has no resources."""
    body = bodies.get(number, b"")
    found = _RESOURCES.search(body)
    if found is None:
        return None
    if found.group(1):
        body = bodies.get(int(found.group(1)), b"")
    xobject = _XOBJECT.search(body)
    if xobject is None:
        return {}
    pairs = xobject.group(2) if xobject.group(1) is None else bodies.get(int(xobject.group(1)), b"")
    return {name: int(ref) for name, ref in _PAIR.findall(pairs or b"")}


def _owner(bodies: dict[int, bytes], page: int) -> int:
    """The page, or the nearest page-tree node above it that holds resources."""
    node = page
    for _ in range(MAX_REF_DEPTH):
        if _RESOURCES.search(bodies.get(node, b"")):
            return node
        parent = _PARENT.search(bodies.get(node, b""))
        if parent is None:
            break
        node = int(parent.group(1))
    return page


def page_contents(bodies: dict[int, bytes], page: int) -> list[int]:
    """The content streams of a page (one reference, an array, or a referenced array)."""
    found = _CONTENTS.search(bodies.get(page, b""))
    if found is None:
        return []
    if found.group(2) is not None:
        return [int(ref) for ref in REF.findall(found.group(2))]
    number = int(found.group(1))
    target = bodies.get(number, b"").strip()
    if target.startswith(b"["):
        return [int(ref) for ref in REF.findall(target)]
    return [number]
