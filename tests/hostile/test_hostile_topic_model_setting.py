"""A ``$NORMTRACE_TOPIC_MODEL`` that is no model, in ``corpus build`` (issue 27, round 5).

The fork server's preload (and a budgeted pool's worker start) build the NLP pipeline;
raised there, the model's error ended the fork server with a traceback and the build as
"interrupted", or broke the pool ("the worker process died"). Now warming says nothing
and each file fails in one line that names the model file, as ``extract`` does.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_cases import run_cli

TEXT = "General Assembly\n\n1. Calls upon Member States to cooperate.\n"


@pytest.mark.parametrize("options", [[], ["--jobs", "1", "--no-budget"]])
def test_a_model_that_is_no_model_fails_each_file_in_one_line(
    tmp_path: Path, options: list[str]
) -> None:
    root = tmp_path / "root"
    root.mkdir()
    for name in ("a.txt", "b.txt"):
        (root / name).write_text(TEXT, encoding="utf-8")
    model = tmp_path / "bad.npz"
    model.write_text("not a model", encoding="utf-8")
    run = run_cli(
        ["corpus", "build", "root", "--db", "c.db", *options],
        tmp_path,
        env={"NORMTRACE_TOPIC_MODEL": str(model)},
    )
    assert run.code == 1
    assert "Traceback" not in run.stderr
    assert "interrupted" not in run.stderr and "died" not in run.stderr
    errors = sorted(run.errors())
    assert len(errors) == 2, run.stderr
    for name, line in zip(("a.txt", "b.txt"), errors, strict=True):
        assert line.startswith(f"error: root/{name}: "), line
        assert f"{model}: cannot read topic model" in line
