"""The real documents with golden files, and the summary each golden file holds.

Each golden file (tests/golden/<name>.json) was checked by reading the document:
metadata, paragraph counts by kind, the numbering, and the first words of every
paragraph. `make golden` rewrites them; review the diff before committing.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from pipeline.document import Document

GOLDEN_DOCS = {
    # General Assembly resolutions as text extracted from PDF
    "A_RES_73_27": "resolutions/A_RES_73_27.txt",  # nested numbering 1.1-1.13
    "A_RES_73_266": "resolutions/A_RES_73_266.txt",
    "A_RES_75_240": "resolutions/A_RES_75_240.txt",
    "A_RES_75_32": "resolutions/A_RES_75_32.txt",  # justified lines, one word per line
    "A_RES_77_37": "resolutions/A_RES_77_37.txt",
    # PDFs
    "A_RES_80_16": "resolutions/A_RES_80_16.pdf",
    "A_C.1_80_L.20": "drafts/A_C.1_80_L.20.pdf",  # draft with sponsor line
    "A_C.1_80_L.35": "batch/mandate_pipeline_first_committee_78-80/A_C.1_80_L.35.pdf",  # decision
    # sponsor line "Indonesia:*", footnoted
    "A_C.1_80_L.13": "batch/mandate_pipeline_first_committee_78-80/A_C.1_80_L.13.pdf",
    "A_RES_79_34": "batch/mandate_pipeline_first_committee_78-80/A_RES_79_34.pdf",
    "S_RES_2768_2025": "batch/ai_un_report_2025/S_RES_2768_2025.pdf",  # Security Council
    "A_HRC_RES_59_25": "batch/ai_un_report_2025/A_HRC_RES_59_25.pdf",  # GE. layout
    "A_52_622": "batch/ai_un_report_2025/A_52_622.pdf",  # 1997 layout
    "A_RES_73_7": "batch/gatenlp_unga_samples/A_RES_73_7-EN.pdf",
    "Paris_Call_2018_EN": "other/Paris_Call_2018_EN.pdf",
    # text with YAML front matter and Markdown footnotes
    "A_RES_80_10": "batch/railcar_ga_res_80/A_RES_80_10.txt",
    # a General Debate speech, one paragraph per line
    "USA_75_2020": "batch/ungdc_general_debate/Session_75_2020/USA_75_2020.txt",
}

METADATA = (
    "symbol",
    "title",
    "doc_type",
    "date",
    "adoption_date",
    "session",
    "agenda_items",
    "sponsors",
    "committee_report",
    "meeting",
    "pages",
)


def first_words(text: str, n: int = 8) -> str:
    return " ".join(text.split()[:n])


def summarise(doc: Document) -> dict[str, Any]:
    """What a golden file records of a document."""
    data = doc.to_dict()
    return {
        "metadata": {key: data[key] for key in METADATA},
        "counts": dict(sorted(Counter(p.kind for p in doc.paragraphs).items())),
        "paragraphs": [
            [p.id, p.kind, p.number, p.page, first_words(p.text)] for p in doc.paragraphs
        ],
        "footnotes": [
            [f.marker, first_words(f.text), list(f.paragraph_ids)] for f in doc.footnotes
        ],
    }
