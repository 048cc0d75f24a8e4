"""The README's Python examples run as written, from the repository folder."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from pipeline import settings

REPO = Path(__file__).resolve().parent.parent
BLOCKS = re.findall(r"```python\n(.*?)```", (REPO / "README.md").read_text(encoding="utf-8"), re.S)
CORPUS = REPO.parent / "shared" / "corpus"


def test_the_readme_has_examples() -> None:
    assert len(BLOCKS) >= 7


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the README's paths need ../shared/corpus")
@pytest.mark.skipif(settings.votes_dir() is None, reason="the tally example needs ../shared/votes")
@pytest.mark.parametrize("block", BLOCKS, ids=[b.splitlines()[1][:40] for b in BLOCKS])
def test_example_runs_as_written(block: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(block, "README.md", "exec"), {})  # noqa: S102 - our own README
    assert printed.getvalue().strip()
    assert "False" not in printed.getvalue()  # the examples that check something print True
