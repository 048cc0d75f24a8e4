"""bench/research_demo.py: writes every table and figure of the demo."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest

from pipeline import settings

VOTES = settings.votes_dir()
SCRIPT = Path(__file__).resolve().parent.parent / "bench" / "research_demo.py"
pytestmark = pytest.mark.skipif(VOTES is None, reason="../shared/votes not available")


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("research_demo", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_demo_writes_all_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _script().main(["--out", str(tmp_path)]) == 0
    names = {p.name for p in tmp_path.iterdir()}
    # 2 tally files + 3 pairs x (json + 3 csv + 2 png)
    assert len(names) == 2 + 3 * 6
    assert {"tallies.png", "73_27_vs_73_266_transition.png", "75_240_vs_75_32_groups.csv"} <= names
    printed = capsys.readouterr().out
    assert printed.count("matches the published tally") == 4
    summary = json.loads((tmp_path / "73_27_vs_75_240.json").read_text())
    assert summary["a"]["resolution"] == "A/RES/73/27"


def test_demo_missing_votes_dir(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _script().main(["--out", str(tmp_path), "--votes-dir", str(tmp_path / "none")])
    assert code == 1
    assert "votes folder not found" in capsys.readouterr().err
