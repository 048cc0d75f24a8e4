"""A plain-text view of a Document for reading in a terminal (paragraphs cited as OP3(a))."""

from __future__ import annotations

import textwrap

from pipeline.document import Document, cite


def _shown(value: object) -> str:
    """A metadata value for a person: "-" where the document states none (never "None")."""
    return "-" if value is None or value == "" else str(value)


def format_document(doc: Document, width: int = 100) -> str:
    """Metadata, then one line per paragraph: its citation (PP3, OP1(a)), page and text.

    A paragraph without a citation of its own (a speech's, an annex's) shows its id.
    """
    head = [
        f"symbol:      {_shown(doc.symbol)}",
        f"title:       {_shown(doc.title)}",
        f"type:        {doc.doc_type}   pages: {doc.pages}",
        # Both dates by name (issue 25): a bare "date" meant the distribution date here.
        f"adopted:     {_shown(doc.adoption_date)}   distributed: {_shown(doc.date)}   "
        f"session: {_shown(doc.session)}",
        f"agenda:      {', '.join(doc.agenda_items) or '-'}   "
        f"report: {_shown(doc.committee_report)}",
    ]
    if doc.sponsors:
        head.append(f"sponsors:    {', '.join(doc.sponsors)}")
    if doc.meeting:
        head.append(f"meeting:     {doc.meeting}")
    body = []
    for para in doc.paragraphs:
        label = f"[{cite(para.id)} p{para.page}]"
        if para.speaker:
            label += f" {para.speaker}" + (f" ({para.affiliation})" if para.affiliation else "")
        notes = f" {{fn {', '.join(para.footnotes)}}}" if para.footnotes else ""
        body.append(textwrap.fill(f"{label} {para.text}{notes}", width, subsequent_indent="    "))
    lines = [
        f"  {fn.marker}. {fn.text} -> {', '.join(cite(p) for p in fn.paragraph_ids)}"
        for fn in doc.footnotes
    ]
    return "\n".join(head + [""] + body + (["", "footnotes:", *lines] if lines else []))
