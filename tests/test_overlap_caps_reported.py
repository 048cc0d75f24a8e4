"""Issue 27: what bounded the search for shared passages is said in the `diff` and
`overlap` outputs, on synthetic repetitive texts (it was not, for `overlap`, nor the
word pairs too common to start a passage, for either).

Two texts of 30 distinct rewordings of one mandate paragraph each: every old paragraph
shares a passage with every new one, over the cap of passages a paragraph keeps. One
old paragraph repeats a pair of words more often than the search indexes.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import cli
from pipeline.compare.overlap import FREQUENT_IN_PARAGRAPH
from pipeline.compare.shared import MAX_PER_PARAGRAPH

GOOD = Path(__file__).parent / "data" / "excerpt_78_16.txt"
MANDATE = (
    "Decides to convene, starting in 2021, an open-ended working group on security of and "
    "in the use of information and communications technologies, acting on a consensus "
    "basis, to continue to further develop the rules, norms and principles of responsible "
    "behaviour of States"
)
WORDS = "regional global national shared technical legal voluntary practical".split()
LEFT_OUT = f"At most {MAX_PER_PARAGRAPH} passages a paragraph:"
COMMON = "word pairs are too common to start a passage"


def _text(path: Path, symbol: str, seed: int, crowded: bool) -> Path:
    rng = random.Random(seed)
    paragraphs = []
    for n in range(30):
        words = MANDATE.split()
        words[rng.randrange(len(words))] = rng.choice(WORDS)
        paragraphs.append(f"{n + 1}. {' '.join(words)};")
    if crowded:  # one pair of content words, more often than one paragraph's index holds
        repeated = " ".join(["cyber norms"] * (FREQUENT_IN_PARAGRAPH + 6))
        paragraphs.append(f"31. Welcomes {repeated};")
    body = "\n\n".join(paragraphs)
    path.write_text(
        f"---\nsymbol: {symbol}\ndate: 2018-12-05\n---\n\nThe General Assembly,\n\n{body}\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def texts(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    folder = tmp_path_factory.mktemp("repetitive")
    old = _text(folder / "old.txt", "A/RES/73/27", 1, crowded=True)
    new = _text(folder / "new.txt", "A/RES/75/240", 2, crowded=False)
    return str(old), str(new)


def _run(*args: str) -> str:
    result = CliRunner().invoke(cli, [*args, "--no-budget"])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_diff_json_summary_names_both_caps(texts: tuple[str, str]) -> None:
    cap = json.loads(_run("diff", *texts, "--format", "json"))["summary"]["overlap_cap"]
    assert cap["per_paragraph"] == MAX_PER_PARAGRAPH and cap["left_out"] > 0
    assert cap["common_bigrams"] >= 2  # "cyber norms" and "norms cyber"


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_diff_reports_say_what_the_caps_left_out(texts: tuple[str, str], fmt: str) -> None:
    written = _run("diff", *texts, "--format", fmt)
    assert LEFT_OUT in written and COMMON in written


def test_overlap_json_carries_the_caps(texts: tuple[str, str]) -> None:
    payload = json.loads(_run("overlap", *texts, "--format", "json"))
    assert payload["overlap_cap"]["left_out"] > 0
    assert payload["overlap_cap"]["common_bigrams"] >= 2


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_overlap_reports_say_what_the_caps_left_out(texts: tuple[str, str], fmt: str) -> None:
    written = _run("overlap", *texts, "--format", fmt)
    assert LEFT_OUT in written and COMMON in written


@pytest.mark.parametrize("command", ["diff", "overlap"])
def test_an_ordinary_document_reaches_no_cap(command: str) -> None:
    written = _run(command, str(GOOD), str(GOOD), "--format", "md")
    assert LEFT_OUT not in written and COMMON not in written
    payload = json.loads(_run(command, str(GOOD), str(GOOD), "--format", "json"))
    cap = payload["summary"]["overlap_cap"] if command == "diff" else payload["overlap_cap"]
    assert (cap["left_out"], cap["common_bigrams"]) == (0, 0)
