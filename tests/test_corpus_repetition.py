"""Issue 27: repetition costs once, in extract, reuse and lineage.

``read_units`` reads each distinct text once and gives each copy that reading under the
copy's id. The reference is ``_read`` on every unit, copies included (the path before).
Reuse keeps each paragraph's cap + 1 earliest sources in order as they come (the
reference: the lists as before, sorted and cut at four times that). ``corpus lineage``
of 2,200 copies is a few imports and one redline.
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
from pipeline.corpus import reuse
from pipeline.corpus.reuse import Item, find_reuse_counted, update_reuse
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


class _FoundBefore(reuse._Found):
    """``_Found`` as it was: lists appended to, sorted and cut when four times the cap."""

    def _add(self, target: int, found: tuple[tuple[str, str, int], float]) -> None:
        have = self.by_target.setdefault(target, [])
        have.append(found)
        if len(have) > 4 * (self.cap + 1):
            have.sort()
            del have[self.cap + 1 :]

    def open(self, targets: Sequence[Item], start: tuple[str, str, int]) -> bool:
        for target in targets:
            have = self.by_target.get(target.key)
            if have is None or len(have) <= self.cap:
                return True
            have.sort()
            del have[self.cap + 1 :]
            if have[self.cap - 1][0] > start:
                return True
        return False

    def pairs(self) -> tuple[list[tuple[int, int, float]], int]:
        pairs: list[tuple[int, int, float]] = []
        capped = 0
        for target, found in self.by_target.items():
            capped += len(found) > self.cap
            pairs += [(target, age[2], sim) for age, sim in sorted(found)[: self.cap]]
        return sorted(pairs), capped


def _near_copies(seed: int, paragraphs: int, documents: int) -> list[Item]:
    """MANDATE with up to three words replaced, in documents dated in random order
    (so that sources come to a paragraph in any order), some sharing a symbol."""
    rng = random.Random(seed)
    words = MANDATE.split()
    dates = [f"{rng.randrange(2000, 2025)}-12-0{rng.randrange(1, 4)}" for _ in range(documents)]
    items = []
    for key in range(paragraphs):
        copy = list(words)
        for _ in range(rng.randrange(4)):
            copy[rng.randrange(len(copy))] = rng.choice(OTHERS[0].split())
        doc = rng.randrange(documents)
        items.append(Item(key, doc, f"A/RES/{doc % (documents - 2)}", dates[doc], " ".join(copy)))
    return items


@pytest.mark.parametrize(
    ("seed", "paragraphs", "documents", "cap", "candidates"),
    [
        (1, 400, 12, 5, 20),  # both caps bite, sources out of order
        (2, 600, 30, 3, 300),  # the source cap only
        (3, 300, 6, 50, 300),  # the default caps
        (4, 1500, 10, 50, 300),  # a flood as bench/reuse_flood.py makes
    ],
)
def test_sources_kept_in_order_are_the_sources_kept_before(
    monkeypatch: pytest.MonkeyPatch,
    seed: int,
    paragraphs: int,
    documents: int,
    cap: int,
    candidates: int,
) -> None:
    items = _near_copies(seed, paragraphs, documents)
    found = find_reuse_counted(items, cap=cap, candidates=candidates)
    monkeypatch.setattr(reuse, "_Found", _FoundBefore)
    before = find_reuse_counted(items, cap=cap, candidates=candidates)
    assert found == before
    assert found[1].capped > 0  # the cap was met: the lists were cut


def test_a_paragraph_holds_at_most_cap_plus_one_sources_in_order() -> None:
    found = reuse._Found(cap=3)
    target = Item(0, 0, "A/RES/9", "2030-01-01", MANDATE)
    sources = [Item(k, k, f"A/RES/{k}", f"{2000 + k}-01-01", MANDATE) for k in range(1, 20)]
    for source in reversed(sources):  # the latest first: each one earlier than the last
        found.spread([target], [source], 0.9)
    kept = found.by_target[0]
    assert [age[2] for age, _ in kept] == [1, 2, 3, 4]  # was 19, cut only past 16
    pairs, capped = found.pairs()
    assert pairs == [(0, 1, 0.9), (0, 2, 0.9), (0, 3, 0.9)] and capped == 1
