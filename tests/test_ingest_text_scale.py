"""The text reader at scale (issue 27): tens of thousands of tiny paragraphs, and start-up.

Speed is a ratio of CPU times against a baseline read in the same process (rounds
interleaved, the best of two), never an absolute time: reading grows linearly with the
number of paragraphs, whatever their shape. Start-up is checked by what it imports:
``normtrace ingest`` on a small text must not load spaCy (which every command paid for,
1.1 s of its 1.3 s of imports), nor the PDF and XML readers.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from pipeline.ingest import load_document

LETTERS = "abcdefghjkmnopqrstuwyz"  # no roman numerals, so "(x)" is always a letter


def _tiny(n: int) -> str:
    # CASE 1: one short sentence a paragraph, paragraphs apart by an empty line.
    return "\n\n".join(f"Decides to keep item {i * 7919 % 10**6} under review." for i in range(n))


def _numbered(n: int) -> str:
    # CASE 2: numbered paragraphs of one word after "The General Assembly,".
    body = "\n\n".join(f"{i % 999 + 1}. word" for i in range(n))
    return "The General Assembly,\n\n" + body


def _points(n: int) -> str:
    # CASE 3: sub-items "(a)" under one operative paragraph, repeating labels.
    items = "\n\n".join(f"({LETTERS[i % len(LETTERS)]}) word {i};" for i in range(n))
    return "The General Assembly,\n\n1. Decides:\n\n" + items


def _bullets(n: int) -> str:
    # CASE 4: bullet lines, one a line, no empty lines (a plain text, one per line).
    return "\n".join(f"\u2022 item {i}" for i in range(n))


def _one_letter(n: int) -> str:
    # CASE 5: one-character paragraphs (150 KB at 50,000): lower case continues the last.
    return "\n\n".join(LETTERS[i % len(LETTERS)] for i in range(n))


def _long_note(n: int) -> str:
    # CASE 6: one footnote that goes on for n lines below the separator.
    lines = "\n".join(f"and goes on {i}" for i in range(n))
    return f"The General Assembly,\n\n1. Decides.\n__________\n1 A note\n{lines}"


def _hyphen_ends(n: int) -> str:
    # CASE 7: one word broken at every line end, never spelt whole: each break asked the
    # document's words and searched its whole text for the joined word (quadratic).
    return "-\n".join(["word"] * n)


SHAPES: dict[str, Callable[[int], str]] = {
    "tiny": _tiny,
    "numbered": _numbered,
    "points": _points,
    "bullets": _bullets,
    "one_letter": _one_letter,
    "long_note": _long_note,
    "hyphen_ends": _hyphen_ends,
}


def _seconds(path: Path) -> float:
    start = time.process_time()
    load_document(path)
    return time.process_time() - start


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_reading_grows_linearly_with_the_paragraphs(tmp_path: Path, shape: str) -> None:
    small, large = tmp_path / "small.txt", tmp_path / "large.txt"
    small.write_text(SHAPES[shape](2_000) + "\n", encoding="utf-8")
    large.write_text(SHAPES[shape](20_000) + "\n", encoding="utf-8")
    load_document(small)  # warm the caches and the lazy imports
    best_small = best_large = float("inf")
    for _ in range(2):
        best_small = min(best_small, _seconds(small))
        best_large = min(best_large, _seconds(large))
    # Ten times the paragraphs: linear is about 10x; a step quadratic in the paragraphs
    # would be about 100x. 25x leaves room for a loaded machine.
    assert best_large < 25 * best_small, (shape, best_small, best_large)


def test_many_tiny_paragraphs_keep_their_order_and_numbers(tmp_path: Path) -> None:
    path = tmp_path / "numbered.txt"
    path.write_text(_numbered(20_000) + "\n", encoding="utf-8")
    doc = load_document(path)
    assert len(doc.paragraphs) == 20_000
    assert [p.number for p in doc.paragraphs[:3]] == ["1", "2", "3"]
    # Numbers repeat after 999: the second "1." gets the next free id.
    assert doc.paragraphs[999].id == "para_1_2"
    assert doc.paragraphs[-1].text == "word"
    assert all(p.kind == "operative" for p in doc.paragraphs)


def test_a_long_footnote_is_one_note_of_all_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text(_long_note(20_000) + "\n", encoding="utf-8")
    doc = load_document(path)
    assert [p.id for p in doc.paragraphs] == ["para_1"]
    (note,) = doc.footnotes
    words = note.text.split()
    assert words[:3] == ["A", "note", "and"]
    assert words[-4:] == ["and", "goes", "on", "19999"]
    assert len(words) == 2 + 4 * 20_000


# What a text's ingest never needs: the NLP stack (spaCy and numpy under it), the
# tables and templates of the reports, the PDF and XML readers.
HEAVY = ("spacy", "thinc", "numpy", "pandas", "jinja2", "pypdfium2", "pdfminer", "defusedxml")


def test_ingest_of_a_small_text_loads_no_heavy_module(tmp_path: Path) -> None:
    path = tmp_path / "small.txt"
    path.write_text("The General Assembly,\n\n1. Decides to remain seized of the matter.\n")
    # --no-budget: the file is read in this process, not in the budget's reading child.
    code = (
        "import sys\n"
        "from pipeline.cli import main\n"
        f"main(['ingest', {str(path)!r}, '--format', 'json', '--no-budget'])\n"
        f"heavy = sorted(m for m in {HEAVY!r} if m in sys.modules)\n"
        "print('loaded:', heavy, file=sys.stderr)\n"
        "sys.exit(1 if heavy else 0)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr
    assert '"para_1"' in run.stdout
