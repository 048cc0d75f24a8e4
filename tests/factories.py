"""Builders of small Documents and helpers for the compare and report tests."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.compare.classify import mirror_flags
from pipeline.document import Change, DiffReport, Document, Paragraph

_MIRROR_KIND = {"added": "deleted", "deleted": "added", "split": "merged", "merged": "split"}
_MIRROR_OP = {"insert": "delete", "delete": "insert", "equal": "equal"}


# A Third Committee pattern: the old paragraph survives whole inside a longer new one,
# under another verb. Their symmetric similarity is low; it is still one paragraph.
TAKING_NOTE = (
    "Taking note of the reports of the Group of Governmental Experts on Developments in the "
    "Field of Information and Telecommunications in the Context of International Security,"
)
RECALLING_ALSO = (
    "Recalling also the reports of the Group of Governmental Experts on Developments in the "
    "Field of Information and Telecommunications in the Context of International Security, "
    "which is of the view that States should consider how best to cooperate to implement "
    "the norms and principles of responsible behaviour, including on the exchange of "
    "information, assistance and the prosecution of the criminal use of such technologies,"
)


def make_doc(
    preamble: Sequence[str] = (),
    operative: Sequence[str] = (),
    *,
    symbol: str | None = "A/RES/0/1",
    title: str | None = "A test resolution",
) -> Document:
    """Build a resolution: preambular paragraphs, then numbered operative ones."""
    paragraphs = [
        Paragraph(id=f"preamble_{n}", kind="preamble", number=None, text=text, page=1, index=n - 1)
        for n, text in enumerate(preamble, 1)
    ]
    paragraphs += [
        Paragraph(
            id=f"para_{n}",
            kind="operative",
            number=str(n),
            text=text,
            page=1,
            index=len(preamble) + n - 1,
        )
        for n, text in enumerate(operative, 1)
    ]
    return Document(symbol=symbol, title=title, doc_type="resolution", paragraphs=tuple(paragraphs))


def mirror_change(change: Change) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The change as diff(new, old) should report it: kind, old ids, new ids, flags."""
    kind = _MIRROR_KIND.get(change.kind, change.kind)
    return kind, change.new_ids, change.old_ids, tuple(sorted(mirror_flags(change.flags)))


def change_key(change: Change) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Comparable form of a change: kind, old ids, new ids, sorted flags."""
    return change.kind, change.old_ids, change.new_ids, tuple(sorted(change.flags))


def kinds(report: DiffReport) -> dict[str, int]:
    """Counts by kind, from the summary."""
    return {
        k: report.summary[k]
        for k in ("unchanged", "modified", "moved", "split", "merged", "added", "deleted")
    }


def find(report: DiffReport, *, old_id: str | None = None, new_id: str | None = None) -> Change:
    """The change that holds this old or new paragraph id (AssertionError if none)."""
    for change in report.changes:
        if (old_id and old_id in change.old_ids) or (new_id and new_id in change.new_ids):
            return change
    raise AssertionError(f"no change holds old={old_id} new={new_id}")
