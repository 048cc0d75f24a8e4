"""The PDF reader measured against the UN's markup of the same resolution (issue 23 part 2).

``agreement(xml, pdf)`` compares two Documents of one resolution: paragraph counts by
kind, the numbering (ids and numbers in reading order) and, for each paragraph id both
have, the text after ``compare.normalise`` (numbering, footnote markers, hyphens, quotes
and case folded). The markup is the reference; a disagreement is not yet an error of
the PDF reader (see README "The UN's markup": some are the markup's).
``PAIRS`` lists the 94 First Committee resolutions whose PDFs and markup the corpus
holds, with the dev/test split of tests/data/akn_pdf_split.csv.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.compare.normalise import token_ratio, tokenise
from pipeline.document import Document

SPLIT_CSV = Path(__file__).resolve().parent / "data" / "akn_pdf_split.csv"
AKN_DIR = "akn/first_committee_78-80"
PDF_DIR = "batch/mandate_pipeline_first_committee_78-80"
# Metadata both readers give; the title is compared after normalisation.
METADATA = ("symbol", "title", "date", "adoption_date", "session", "agenda_items",
            "committee_report", "meeting")  # fmt: skip
# Paragraph kinds counted apart; the rest (annex, heading, other) as "other".
KINDS = ("preamble", "operative", "subparagraph")


@dataclass(frozen=True, slots=True)
class Pair:
    """One resolution: its symbol, split, and the two files relative to the corpus root."""

    symbol: str
    split: str
    xml: str
    pdf: str


@dataclass
class Agreement:
    """How far the PDF reader's Document agrees with the markup's for one resolution."""

    symbol: str
    xml_counts: Counter[str]
    pdf_counts: Counter[str]
    xml_ids: int
    pdf_ids: int
    common_ids: int
    numbering_equal: bool
    text_equal: int
    text_ratio: float
    footnotes_equal: bool = True
    metadata: dict[str, bool] = field(default_factory=dict)
    problems: list[tuple[str, str, str, str]] = field(default_factory=list)

    @property
    def counts_equal(self) -> bool:
        return self.xml_counts == self.pdf_counts


def pairs(corpus: Path) -> list[Pair]:
    """The 94 resolutions (symbol order) with their split and both files."""
    with SPLIT_CSV.open(encoding="utf-8", newline="") as handle:
        split = {row["symbol"]: row["split"] for row in csv.DictReader(handle)}
    found = []
    for symbol, part in sorted(split.items()):
        stem = symbol.replace("/", "_")
        found.append(Pair(symbol, part, f"{AKN_DIR}/{stem}.xml", f"{PDF_DIR}/{stem}.pdf"))
    assert all((corpus / p.xml).is_file() and (corpus / p.pdf).is_file() for p in found)
    return found


def _kind(kind: str) -> str:
    return kind if kind in KINDS else "other"


def agreement(xml: Document, pdf: Document) -> Agreement:
    """Compare the PDF reader's Document with the markup's.

    Args:
        xml: The Document read from the AKN4UN file (the reference).
        pdf: The Document read from the PDF of the same resolution.

    Returns:
        Counts by kind, ids in common, whether the numbering is the same, and how many
        common paragraphs have the same normalised text, with each problem found as
        (paragraph id, what, markup text, PDF text).
    """
    xml_by_id = {p.id: p for p in xml.paragraphs}
    pdf_by_id = {p.id: p for p in pdf.paragraphs}
    common = [pid for pid in xml_by_id if pid in pdf_by_id]
    problems: list[tuple[str, str, str, str]] = []
    for pid in xml_by_id:
        if pid not in pdf_by_id:
            problems.append((pid, "missing in PDF", xml_by_id[pid].text, ""))
    for pid in pdf_by_id:
        if pid not in xml_by_id:
            problems.append((pid, "extra in PDF", "", pdf_by_id[pid].text))
    equal = 0
    ratios = []
    for pid in common:
        a, b = tokenise(xml_by_id[pid].text), tokenise(pdf_by_id[pid].text)
        ratios.append(token_ratio(a, b))
        if a == b:
            equal += 1
        else:
            problems.append((pid, "text", xml_by_id[pid].text, pdf_by_id[pid].text))
    metadata = {name: getattr(xml, name) == getattr(pdf, name) for name in METADATA}
    metadata["title"] = tokenise(xml.title or "") == tokenise(pdf.title or "")
    notes = sorted((n.marker, n.paragraph_ids) for n in xml.footnotes) == sorted(
        (n.marker, n.paragraph_ids) for n in pdf.footnotes
    ) and all(p.footnotes == pdf_by_id[p.id].footnotes for p in xml.paragraphs if p.id in pdf_by_id)
    numbering = [(p.id, p.number) for p in xml.paragraphs] == [
        (p.id, p.number) for p in pdf.paragraphs
    ]
    return Agreement(
        symbol=xml.symbol or "",
        xml_counts=Counter(_kind(p.kind) for p in xml.paragraphs),
        pdf_counts=Counter(_kind(p.kind) for p in pdf.paragraphs),
        xml_ids=len(xml_by_id),
        pdf_ids=len(pdf_by_id),
        common_ids=len(common),
        numbering_equal=numbering,
        text_equal=equal,
        text_ratio=sum(ratios) / len(ratios) if ratios else 0.0,
        footnotes_equal=notes,
        metadata=metadata,
        problems=problems,
    )


def summary(results: list[Agreement]) -> dict[str, float]:
    """Agreement over several resolutions: shares of documents and of paragraphs."""
    n = len(results) or 1
    common = sum(r.common_ids for r in results) or 1
    return {
        "documents": len(results),
        "counts_equal": sum(r.counts_equal for r in results) / n,
        "numbering_equal": sum(r.numbering_equal for r in results) / n,
        "ids_recall": sum(r.common_ids for r in results) / (sum(r.xml_ids for r in results) or 1),
        "ids_precision": sum(r.common_ids for r in results)
        / (sum(r.pdf_ids for r in results) or 1),
        "text_equal": sum(r.text_equal for r in results) / common,
        "text_ratio": sum(r.text_ratio * r.common_ids for r in results) / common,
        "footnotes_equal": sum(r.footnotes_equal for r in results) / n,
        **{
            f"metadata_{name}": sum(r.metadata.get(name, False) for r in results) / n
            for name in METADATA
        },
    }
