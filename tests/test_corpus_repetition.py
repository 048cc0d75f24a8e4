"""Issue 27: a paragraph repeated in a document costs once, in extract and lineage.

``read_units`` reads each distinct text once and gives each copy that reading under the
copy's id. The reference is ``_read`` on every unit, copies included (the path before).
``corpus lineage`` of 2,200 copies is a few imports and one redline.
"""

from __future__ import annotations

import dataclasses
import random
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from factories import make_doc

import pipeline.nlp.extract as extract
from pipeline.corpus.reuse import update_reuse
from pipeline.corpus.store import Store
from pipeline.document import Document, Footnote
from pipeline.ingest import load_document
from pipeline.nlp.extract import BATCH_SIZE, Reading, extract_document, read_units

MANDATE = (
    "Decides to convene, starting in 2021, an open-ended working group on security of and in "
    "the use of information and communications technologies, acting on a consensus basis, "
    "and requests the Secretary-General to submit a report to the General Assembly"
)
OTHERS = (
    "Welcoming the effective work of the Group of Governmental Experts (A/70/174),",
    "Recalling its resolution 73/27 of 5 December 2018 and 75/240 of 31 December 2020,",
    "Calls upon the Russian Federation, France and the Group of 77 and China to report,",
    "Mr. President,",
)
# Real documents with repeated paragraphs or footnotes ("Mr. President," 18 times in a
# speech; "I give the floor to the representative of" in a verbatim record).
REAL = (
    "batch/ungdc_general_debate/Session_75_2020/GMB_75_2020.txt",
    "batch/ungdc_general_debate/Session_75_2020/PAK_75_2020.txt",
    "batch/ai_un_report_2025/A_79_PV.64.pdf",
)


def _reference(doc: Document, nlp: Any, monkeypatch: pytest.MonkeyPatch) -> Document:
    """``extract_document`` as before: every unit read, copies included."""
    with monkeypatch.context() as patch:
        patch.setattr(
            extract,
            "read_units",
            lambda units, nlp, batch_size=BATCH_SIZE, n_process=1: extract._read(
                units, nlp, batch_size
            ),
        )
        return extract_document(doc, nlp)


def _count_texts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record how many texts each call of ``_read`` is given."""
    calls: list[int] = []
    read = extract._read

    def counted(units: Sequence[tuple[str, str]], *args: Any) -> list[Reading]:
        calls.append(len(units))
        return read(units, *args)

    monkeypatch.setattr(extract, "_read", counted)
    return calls


def test_repeated_paragraphs_are_read_once_and_give_what_reading_each_gave(
    nlp: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    rng = random.Random(27)
    texts = [rng.choice((MANDATE, *OTHERS)) for _ in range(300)]
    doc = dataclasses.replace(
        make_doc(texts[:100], texts[100:]),
        footnotes=(
            Footnote(marker="1", text=OTHERS[1], page=1),  # a footnote repeating a paragraph
            Footnote(marker="2", text="A/65/201, A/68/98 and A/70/174.", page=1),
            Footnote(marker="3", text="A/65/201, A/68/98 and A/70/174.", page=1),
        ),
    )
    expected = _reference(doc, nlp, monkeypatch)
    calls = _count_texts(monkeypatch)
    out = extract_document(doc, nlp)
    assert calls == [len(set(texts)) + 1]  # one reading per distinct text
    assert out == expected
    assert {e.paragraph_id for e in out.entities} >= {"para_200", "footnote_3"}


def test_one_mandate_2200_times_is_read_once(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = make_doc([], [MANDATE] * 2200)
    calls = _count_texts(monkeypatch)
    out = extract_document(doc, nlp)
    assert calls == [1]
    assert [c.paragraph_id for c in out.clauses] == [p.id for p in doc.paragraphs]
    first = [e for e in out.entities if e.paragraph_id == "para_1"]
    last = [e for e in out.entities if e.paragraph_id == "para_2200"]
    assert first and [dataclasses.replace(e, paragraph_id="para_1") for e in last] == first


def test_reading_in_processes_reads_each_text_once(nlp: Any) -> None:
    units = [(f"u{i}", OTHERS[i % 3]) for i in range(30)]
    assert read_units(units, nlp, n_process=2) == extract._read(units, nlp, BATCH_SIZE)


@pytest.mark.parametrize("rel", REAL)
def test_real_documents_with_repeats_are_read_as_before(
    corpus: Path, nlp: Any, monkeypatch: pytest.MonkeyPatch, rel: str
) -> None:
    doc = load_document(corpus / rel)
    texts = [p.text for p in doc.paragraphs] + [f.text for f in doc.footnotes]
    assert len(set(texts)) < len(texts)  # the reason it is here
    assert extract_document(doc, nlp) == _reference(doc, nlp, monkeypatch)


def _store_with_copies(path: Path, copies: int) -> Path:
    """The issue's case: MANDATE ``copies`` times in A/RES/73/27 and in A/RES/75/240."""
    with Store(path) as store:
        for symbol, date in (("A/RES/73/27", "2018-12-05"), ("A/RES/75/240", "2020-12-31")):
            doc = make_doc([], [MANDATE + ","] * copies, symbol=symbol)
            store.write_document(f"{date}.txt", dataclasses.replace(doc, date=date, sha256=date))
        update_reuse(store)
    return path


def test_lineage_of_copies_loads_no_reuse_search(tmp_path: Path) -> None:
    db = _store_with_copies(tmp_path / "c.db", 2200)
    # datasketch (and scipy under it) is the reuse search's: lineage reads the table.
    code = (
        "import sys\n"
        "from pipeline.cli import main\n"
        "try:\n"
        f"    main(['corpus', 'lineage', 'A/RES/75/240', '--db', {str(db)!r}])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = sorted(m for m in ('datasketch', 'scipy') if m in sys.modules)\n"
        "print('loaded:', heavy, file=sys.stderr)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 2 * 2200
    assert lines[-2].startswith("OP2200: first in A/RES/73/27 OP1 (")
    assert lines[-1] == "    (same wording)"
