"""The Python API matches the CLI (issue 25): a verb for every command, listed by
dir(pipeline), each returning an object with to_dict() and to_frame()."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import click
import pytest

import pipeline
from pipeline import settings
from pipeline.cli import cli

CORPUS = settings.corpus_root()
GOOD = Path(__file__).parent / "data" / "excerpt_78_16.txt"

# Each command and its verb.
VERBS = {
    "ingest": "load_document",
    "extract": "extract",
    "diff": "diff",
    "overlap": "overlap",
    "diff-folder": "diff_folder",
    "languages": "languages",
    "corpus build": "build_corpus",
    "corpus search": "search",
    "corpus lineage": "lineage",
    "corpus export": "export",
    "corpus check": "check_corpus",
    "fetch": "fetch",
    "serve": "serve",
    "votes tally": "tally",
    "votes compare": "compare_votes",
    "votes record": "check_record",
    "votes map": "vote_map",
    "sponsors compare": "compare_sponsors",
    "sponsors map": "sponsors_map",
    "positions": "positions",
    "norms": "norms",
}
# Commands without a verb of their own, and why (none today).
NO_VERB: dict[str, str] = {}


def _commands(group: click.Group, path: tuple[str, ...] = ()) -> list[str]:
    found: list[str] = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            found += _commands(command, (*path, name))
        else:
            found.append(" ".join((*path, name)))
    return found


def test_every_command_has_a_verb_listed_by_dir() -> None:
    missing = [c for c in _commands(cli) if c not in VERBS and c not in NO_VERB]
    assert missing == [], "give these commands a verb (pipeline/__init__.py _VERBS)"
    listed = dir(pipeline)
    for verb in VERBS.values():
        assert verb in listed, verb
        assert callable(getattr(pipeline, verb)), verb


def _both_views(result: Any) -> None:
    payload = result.to_dict()
    json.dumps(payload, ensure_ascii=False)  # JSON-ready
    frame = result.to_frame()
    assert hasattr(frame, "columns") and len(frame.columns) > 0


def test_document_verbs() -> None:
    doc = pipeline.load_document(GOOD)
    _both_views(doc)
    frame = doc.to_frame()
    assert frame.loc[frame["id"] == "para_1", "cite"].tolist() == ["OP1"]
    _both_views(pipeline.diff(GOOD, GOOD))
    if CORPUS is not None:  # two mandates (an excerpt has none)
        res = CORPUS / "resolutions"
        _both_views(pipeline.overlap(res / "A_RES_73_27.txt", res / "A_RES_73_266.txt"))


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if CORPUS is None:
        pytest.skip("needs the corpus root")
    root = tmp_path_factory.mktemp("api")
    for name in ("A_RES_73_27.txt", "A_RES_75_240.txt"):
        shutil.copyfile(CORPUS / "resolutions" / name, root / name)
    db = root.parent / "api.db"
    stats = pipeline.build_corpus(root, db, jobs=1, progress=False)
    _both_views(stats)
    assert stats.parsed == 2 and stats.to_frame()["parsed"].tolist() == [2]
    return db


def test_corpus_verbs(store: Path, tmp_path: Path) -> None:
    hits = pipeline.search("A/RES/73/27", store)
    _both_views(hits)
    assert len(hits) and hits.to_frame()["symbol"].tolist()[0] == "A/RES/75/240"
    lineage = pipeline.lineage("75/240", store)
    _both_views(lineage)
    first = lineage.to_frame().iloc[0]
    assert (first["cite"], first["first_symbol"], first["first_cite"]) == (
        "PP1", "A/RES/73/27", "PP1"
    )  # fmt: skip
    exported = pipeline.export(store, tmp_path / "tables", fmt="csv")
    _both_views(exported)
    assert "documents" in exported.to_frame()["table"].tolist()
    checked = pipeline.check_corpus(store)
    assert checked.to_dict()["ok"] is True


def test_diff_and_overlap_take_symbols_in_a_store_as_the_commands_do(store: Path) -> None:
    # issue 25: `diff 73/27 75/240 --db STORE` had no Python equivalent.
    report = pipeline.diff("73/27", "a/res/75/240", db=store)
    assert (report.old.symbol, report.new.symbol) == ("A/RES/73/27", "A/RES/75/240")
    table = pipeline.overlap("A_RES_73_27.txt", "A/RES/75/240", db=store)
    assert (table.old_symbol, table.new_symbol) == ("A/RES/73/27", "A/RES/75/240")
    with pytest.raises(pipeline.NormtraceError, match="nearest held: A/RES/75/240"):
        pipeline.diff("73/27", "75/2400", db=store)


@pytest.mark.skipif(settings.votes_dir() is None, reason="needs ../shared/votes")
def test_vote_verbs(tmp_path: Path) -> None:
    compared = pipeline.compare_votes("73/27", "A/RES/73/266")
    _both_views(compared)
    assert len(compared.to_frame()) > 150  # one row per state
    drawn = pipeline.vote_map("73/27", output=tmp_path / "m.svg")
    _both_views(drawn)
    assert (tmp_path / "m.svg").read_bytes().count(b"<svg") >= 1
    assert drawn.to_dict()["counts"]


@pytest.mark.skipif(CORPUS is None, reason="needs the corpus root")
def test_diff_folder_and_sponsors_verbs(tmp_path: Path) -> None:
    assert CORPUS is not None
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copyfile(CORPUS / "drafts" / "A_C.1_80_L.20.txt", folder / "A_C.1_80_L.20.txt")
    for name in ("A_RES_80_16.txt", "A_RES_73_27.txt"):
        shutil.copyfile(CORPUS / "resolutions" / name, folder / name)
    notes: list[str] = []
    summary = pipeline.diff_folder(folder, tmp_path / "out", fmt="md", note=notes.append)
    _both_views(summary)
    assert summary.to_frame()[["old", "new"]].values.tolist() == [["A/C.1/80/L.20", "A/RES/80/16"]]
    # issue 25: diff-folder said nothing of what it could not pair.
    assert notes == [f"{folder / 'A_RES_73_27.txt'}: resolution A/RES/73/27 matches no draft; "
                     "not compared"]  # fmt: skip
    draft = folder / "A_C.1_80_L.20.txt"
    _both_views(pipeline.compare_sponsors(draft, draft))
    drawn = pipeline.sponsors_map(draft, output=tmp_path / "s.svg")
    _both_views(drawn)
    assert (tmp_path / "s.svg").is_file() and len(drawn.to_frame()) >= 193
