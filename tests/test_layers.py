"""The import contract of DESIGN.md's floors holds (pyproject.toml, [tool.importlinter]).

A module imports only from its own floor or below (model and lexicon; ingest | nlp |
compare; research; report; corpus; commands; cli and api), only the commands speak click,
compare stays pure, and no package has an import circle. ``make lint`` runs the same check.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> str:
    found = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert found, "import-linter is a dev dependency (pip install -e '.[dev]')"
    return found


def test_every_import_contract_is_kept() -> None:
    result = subprocess.run(
        [_lint_imports(), "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_the_contract_names_every_floor() -> None:
    # A new top-level package must be placed on a floor, or the contract says nothing of it.
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    floors = text.split("[tool.importlinter]", 1)[1].split("[tool.ruff]", 1)[0]
    packages = {p.name for p in (ROOT / "pipeline").iterdir() if (p / "__init__.py").exists()}
    modules = {p.stem for p in (ROOT / "pipeline").glob("*.py")} - {"__init__", "__main__"}
    for name in packages | modules:
        assert f'"pipeline.{name}' in floors or f" pipeline.{name}" in floors, name
