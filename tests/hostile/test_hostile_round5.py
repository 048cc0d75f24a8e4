"""Issue 27, a fifth hostile round (bench/hostile_round.py --round 5): the holes it found.

Option values: ``--timeout nan``, ``inf`` or ``1e308`` were tracebacks in every command
that reads files (the wait for the reading child could not be computed); ``--memory
10**18`` made every reading child die (``setrlimit`` takes a C long), so a good file
failed as "the process reading it died", and a build's workers printed tracebacks;
``corpus search --session 10**30`` was an OverflowError traceback from SQLite. Standard
input: ``ingest - < /dev/zero`` (and extract, diff, votes record) read until killed.
Each now ends in one line (or the result) within a second or two.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from hostile_cases import GOOD_RESOLUTION, Run, run_cli

from pipeline import settings
from pipeline.commands.options import MAX_STDIN_BYTES, SECONDS, read_stdin
from pipeline.errors import IngestError
from pipeline.ingest.catalogue import CatalogueError, load_catalogue
from pipeline.limits import MAX_SECONDS, limit_memory
from pipeline.research.states import ResearchDataError, load_state_index
from pipeline.research.votes import VotesError, load_votes

SECONDS_BOUND = 5.0  # the bound


def _usage_error(run: Run, option: str) -> None:
    """Exit 2, no traceback, and one error line naming the option."""
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == 2, run.stderr
    assert [line for line in run.errors() if option in line], run.stderr


@pytest.fixture
def good(tmp_path: Path) -> Path:
    (tmp_path / "good.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    return tmp_path


# ------------------------------------------------------------------ --timeout
@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "1e308", "0", "-1", "3.2e7"])
def test_seconds_out_of_range_are_refused(value: str) -> None:
    with pytest.raises(click.BadParameter):
        SECONDS.convert(value, None, None)


@pytest.mark.parametrize("value", ["1e-9", "0.5", "60", str(MAX_SECONDS)])
def test_seconds_in_range_are_kept(value: str) -> None:
    assert SECONDS.convert(value, None, None) == float(value)


@pytest.mark.parametrize(
    "args",
    [
        ["ingest", "good.txt", "--timeout", "nan"],
        ["ingest", "good.txt", "--timeout", "inf"],
        ["diff", "good.txt", "good.txt", "--timeout", "1e308"],
        ["corpus", "build", ".", "--db", "c.db", "--timeout", "nan"],
    ],
    ids=["ingest nan", "ingest inf", "diff 1e308", "build nan"],
)
def test_absurd_timeouts_are_one_usage_line(good: Path, args: list[str]) -> None:
    """Were ValueError/OverflowError tracebacks (and a build that silently had no limit)."""
    run = run_cli(args, good, timeout=60)
    _usage_error(run, "--timeout")
    assert not (good / "c.db").exists()


# ------------------------------------------------------------------ --memory
def _cap_in_child(memory_mb: int, headroom: bool) -> int | str:
    """The soft address-space limit a forked child has after ``limit_memory(memory_mb)``,
    or the name of the exception it raised."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            limit_memory(memory_mb, headroom=headroom)
            answer = str(resource.getrlimit(resource.RLIMIT_AS)[0])
        except BaseException as err:  # noqa: BLE001 - reported to the parent
            answer = type(err).__name__
        os.write(write, answer.encode())
        os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    with os.fdopen(read) as fp:
        answer = fp.read()
    return int(answer) if answer.lstrip("-").isdigit() else answer


@pytest.mark.parametrize("memory_mb", [10**18, 2**64, 10**100])
def test_a_memory_cap_past_any_address_space_is_no_cap(memory_mb: int) -> None:
    """setrlimit raised OverflowError in the reading child: every file 'died'."""
    before = resource.getrlimit(resource.RLIMIT_AS)[0]
    assert _cap_in_child(memory_mb, headroom=True) == before


def test_an_ordinary_memory_cap_is_still_set() -> None:
    assert _cap_in_child(2048, headroom=False) == 2048 * 2**20


def test_ingest_with_a_huge_memory_cap_reads_the_file(good: Path) -> None:
    run = run_cli(["ingest", "good.txt", "--memory", str(10**18)], good, timeout=60)
    assert run.code == 0, run.stderr
    assert '"symbol":"A/RES/80/99"' in run.stdout


# ------------------------------------------------------------------ corpus search
@pytest.mark.parametrize(
    ("option", "value"), [("--session", "1" + "0" * 30), ("--limit", str(2**64))]
)
def test_search_numbers_past_sqlite_are_one_usage_line(good: Path, option: str, value: str) -> None:
    """--session 10**30 was an OverflowError traceback when bound to the query."""
    (good / "c.db").write_bytes(b"")  # the option is checked before the store is opened
    run = run_cli(["corpus", "search", "x", "--db", "c.db", option, value], good, timeout=60)
    _usage_error(run, option)


# ------------------------------------------------------------------ standard input
@pytest.mark.parametrize(
    "args", [["ingest", "-"], ["diff", "-", "good.txt"]], ids=["ingest", "diff"]
)
def test_endless_standard_input_is_one_line(good: Path, args: list[str]) -> None:
    """``ingest - < /dev/zero`` read until killed (and its memory grew all the while)."""
    run = run_cli(args, good, timeout=60, stdin=Path("/dev/zero"))
    assert "Traceback" not in run.stderr, run.stderr
    assert run.seconds < SECONDS_BOUND, run.seconds
    assert run.max_rss_mb < 500, run.max_rss_mb
    assert run.errors() == [f"error: -: standard input is over {MAX_STDIN_BYTES // 2**20} MiB"]


def test_closed_standard_input_is_one_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """``ingest - <&-`` was an AttributeError traceback (Python sets sys.stdin to None)."""
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(IngestError, match="standard input is closed"):
        read_stdin()


def test_a_document_on_standard_input_still_reads(good: Path) -> None:
    run = run_cli(["ingest", "-"], good, timeout=60, stdin=good / "good.txt")
    assert run.code == 0, run.stderr
    assert '"symbol":"A/RES/80/99"' in run.stdout


# ------------------------------------------------------------------ special files as data
@contextlib.contextmanager
def _no_hang(seconds: int = 20) -> Iterator[None]:
    """Fail instead of hanging when a read waits for ever (a FIFO opened in this process)."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _fifo_and_zero(folder: Path) -> list[Path]:
    fifo, zero = folder / "fifo.csv", folder / "zero.csv"
    os.mkfifo(fifo)
    zero.symlink_to("/dev/zero")
    return [fifo, zero]


def test_a_catalogue_that_is_no_regular_file_is_refused(tmp_path: Path) -> None:
    """A FIFO catalogue waited for a writer for ever; /dev/zero was read until killed."""
    for path in _fifo_and_zero(tmp_path):
        with _no_hang(), pytest.raises(CatalogueError, match="not a regular file"):
            load_catalogue(path)


def test_votes_and_crosswalk_that_are_no_regular_files_are_refused(tmp_path: Path) -> None:
    """The votes folder's votes file or crosswalk as a FIFO or /dev/zero hung ``votes``."""
    for path in _fifo_and_zero(tmp_path):
        with _no_hang(), pytest.raises(VotesError, match="not a regular file"):
            load_votes(path)
        with _no_hang(), pytest.raises(ResearchDataError, match="not a regular file"):
            load_state_index(path)


def test_a_crosswalk_with_an_unclosed_quote_is_one_error(tmp_path: Path) -> None:
    """csv.Error (field larger than field limit) was a traceback."""
    path = tmp_path / "un_member_states.csv"
    path.write_text(
        "iso3,iso2,un_m49,name_short,name_official,un_member_since,undl_name,unvotes_name\n"
        'FRA,FR,250,"France' + ",x" * 100_000 + "\n",
        encoding="utf-8",
    )
    with pytest.raises(ResearchDataError, match="not a readable CSV"):
        load_state_index(path)


def test_votes_with_a_fifo_crosswalk_is_one_line_from_outside(tmp_path: Path) -> None:
    votes = tmp_path / "votes"
    votes.mkdir()
    os.mkfifo(votes / "un_member_states.csv")
    (votes / "v.csv").write_text(
        "resolution,date,state,iso3,vote\nA/RES/73/27,2018-12-05,FRANCE,FRA,Y\n",
        encoding="utf-8",
    )
    run = run_cli(
        ["votes", "tally", "73/27", "--votes", "votes/v.csv"],
        tmp_path,
        timeout=60,
        env={"NORMTRACE_VOTES_DIR": str(votes)},
    )
    assert run.seconds < 30, run.seconds
    assert run.errors() == [f"error: {votes / 'un_member_states.csv'}: not a regular file"]


# ------------------------------------------------------------------ the terminal's encoding
ARABIC = "The General Assembly,\n\n1. يقرر أن يبقي « é » 𝐃.\n"


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
        {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0"},
    ],
    ids=["ascii", "latin-1", "C locale"],
)
@pytest.mark.parametrize("fmt", ["json", "text"])
def test_output_under_a_narrow_locale_is_utf8(
    tmp_path: Path, env: dict[str, str], fmt: str
) -> None:
    """An Arabic paragraph was a UnicodeEncodeError traceback under LC_ALL=C."""
    (tmp_path / "ar.txt").write_text(ARABIC, encoding="utf-8")
    out = tmp_path / ".stdout"
    run = run_cli(["ingest", "ar.txt", "--format", fmt], tmp_path, timeout=60, env=env)
    assert run.code == 0, run.stderr
    text = out.read_bytes().decode("utf-8")  # strict: the bytes are UTF-8
    assert "يقرر أن يبقي « é » 𝐃." in (
        json.loads(text)["paragraphs"][-1]["text"] if fmt == "json" else text
    )


# ------------------------------------------------------------------ outputs
def test_diff_folder_out_under_a_file_is_one_line(tmp_path: Path) -> None:
    """``diff-folder IN -o FILE/x`` was a NotADirectoryError traceback."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "r.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    (tmp_path / "in" / "d.txt").write_text(
        "---\nsymbol: A/C.1/80/L.99\nkind: draft\n---\n\nThe General Assembly,\n\n"
        "1. Decides to remain seized of the matter.\n",
        encoding="utf-8",
    )
    run = run_cli(["diff-folder", "in", "-o", "in/r.txt/x"], tmp_path, timeout=60)
    assert "Traceback" not in run.stderr, run.stderr
    assert run.errors() == ["error: in/r.txt/x: cannot make the folder (Not a directory)"]


@pytest.mark.parametrize("fmt", ["json", "xlsx"])
def test_output_through_a_link_keeps_the_link(tmp_path: Path, fmt: str) -> None:
    """``-o LINK`` replaced the link with a file (and left its target as it was); with
    ``-o /dev/stdout`` as root and standard output in a file, that link was /dev/stdout."""
    (tmp_path / "a.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    (tmp_path / f"real.{fmt}").write_text("old", encoding="utf-8")
    (tmp_path / f"link.{fmt}").symlink_to(f"real.{fmt}")
    args = ["diff", "a.txt", "a.txt", "-o", f"link.{fmt}"]
    run = run_cli(args, tmp_path, timeout=60)
    assert run.code == 0, run.stderr
    assert (tmp_path / f"link.{fmt}").is_symlink()
    assert (tmp_path / f"real.{fmt}").read_bytes() != b"old"


def test_output_through_a_link_to_standard_output(tmp_path: Path) -> None:
    """The pattern of ``-o /dev/stdout``, with a link of the test's own."""
    (tmp_path / "a.txt").write_text(GOOD_RESOLUTION, encoding="utf-8")
    (tmp_path / "out.json").symlink_to("/proc/self/fd/1")
    run = run_cli(["ingest", "a.txt", "-o", "out.json"], tmp_path, timeout=60)
    assert run.code == 0, run.stderr
    assert (tmp_path / "out.json").is_symlink()
    assert '"symbol":"A/RES/80/99"' in run.stdout


# ------------------------------------------------------------------ environment
def test_a_corpus_root_name_too_long_is_no_folder(tmp_path: Path) -> None:
    """A 100 KB $NORMTRACE_CORPUS_ROOT was an OSError traceback in every command."""
    long_name = "r/" * 50_000
    assert settings.corpus_root(long_name) in (None, settings.corpus_root())
    assert settings.votes_dir(long_name) in (None, settings.votes_dir())
    (tmp_path / "ar.txt").write_text(ARABIC, encoding="utf-8")
    run = run_cli(
        ["ingest", "ar.txt"], tmp_path, timeout=60, env={"NORMTRACE_CORPUS_ROOT": long_name}
    )
    assert run.code == 0, run.stderr[-300:]
