"""Issue 13, item 11: `extract` on a text over spaCy's max_length (1,000,000 characters).

Such a text used to end in spaCy's E088 traceback; it is now read in pieces cut at
spaces, with entity offsets into the whole paragraph.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hostile_cases import GOOD_RESOLUTION, documents, run_cli

from pipeline.nlp.extract import _pieces, extract_texts

WORDS = ["cyber", "security", "the", "Assembly", "States", "norms", "of", "and", "France"]


def _line(chars: int, seed: int = 0) -> str:
    rnd = random.Random(seed)
    words: list[str] = []
    size = 0
    while size < chars:
        words.append(rnd.choice(WORDS))
        size += len(words[-1]) + 1
    return " ".join(words)[:chars].rstrip()


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        ("short text", 100, [(0, "short text")]),  # under the limit: whole
        ("aaa bbb ccc ddd", 8, [(0, "aaa bbb "), (8, "ccc ddd")]),  # cut after a space
        ("abcdefghij", 4, [(0, "abcd"), (4, "efgh"), (8, "ij")]),  # no space: cut at the limit
    ],
)
def test_pieces(text: str, limit: int, expected: list[tuple[int, str]]) -> None:
    pieces = list(_pieces(text, limit))
    assert pieces == expected
    assert "".join(piece for _, piece in pieces) == text


def test_pieces_give_the_same_entities(nlp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    text = " ".join(
        f"Recalling resolution A/RES/{70 + i % 9}/{i} adopted with France and Germany."
        for i in range(40)
    )
    (whole,) = extract_texts([text], nlp)
    monkeypatch.setattr(nlp, "max_length", 500)  # about six pieces
    assert len(list(_pieces(text, 500))) > 5
    (pieced,) = extract_texts([text], nlp)
    assert len(whole[0]) > 80
    assert [(e.text, e.label, e.start) for e in pieced[0]] == [
        (e.text, e.label, e.start) for e in whole[0]
    ]
    assert all(text[e.start : e.end] == e.text for e in pieced[0])
    assert pieced[1] == whole[1]  # the clause: "Recalling", from the first piece


def _extract_one_line(tmp_path: Path, chars: int) -> tuple[Any, list[dict[str, Any]]]:
    (tmp_path / "long.txt").write_text(_line(chars) + "\n", encoding="utf-8")
    (tmp_path / "good.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    run = run_cli(["extract", "long.txt", "good.txt"], tmp_path, timeout=600)
    assert run.code == 0, run.stderr[-2000:]
    assert "Traceback" not in run.stderr
    return run, documents(run.stdout)


def test_extract_a_line_over_the_limit(tmp_path: Path) -> None:
    run, (long, good) = _extract_one_line(tmp_path, 1_200_000)
    (paragraph,) = long["paragraphs"]
    assert paragraph["text"] == _line(1_200_000)
    france = [e for e in long["entities"] if e["text"] == "France"]
    assert len(france) > 1000 and max(e["start"] for e in france) > 1_000_000
    assert all(paragraph["text"][e["start"] : e["end"]] == e["text"] for e in france)
    assert good["symbol"] == "A/RES/80/99"
    assert run.seconds < 120 and run.max_rss_mb < 1500, run.seconds


@pytest.mark.slow
def test_extract_a_twenty_megabyte_line(tmp_path: Path) -> None:
    # Measured: about 23 s and 560 MB on a loaded 2-core machine.
    run, (long, _) = _extract_one_line(tmp_path, 20_000_000)
    assert len(long["paragraphs"]) == 1
    assert run.seconds < 300 and run.max_rss_mb < 2500, (run.seconds, run.max_rss_mb)
