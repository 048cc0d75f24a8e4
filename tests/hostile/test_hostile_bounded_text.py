"""Issue 27: front matter and plain texts that end in one line or a Document, quickly.

Every case is generated here. The CLI cases run ``normtrace ingest FILE`` (no options)
in a child process whose time and peak memory the operating system measures; a good
file's run in the same test gives the start-up cost, so each case must end within
``SECONDS`` of it and under ``MEGABYTES``. The Hypothesis harness (fixed seed, bounded
count; a larger run behind the slow marker) reads generated texts and front matter in
process: each ends in a Document or an ``IngestError``, within a few seconds.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hostile_cases import GOOD_RESOLUTION, Run, assert_one_error, documents, run_cli
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import IngestError
from pipeline.ingest import load_document

SECONDS = 5.0  # beyond a good file's run: the bound
MEGABYTES = 500.0
BODY = "\n---\n\nThe General Assembly,\n\n1. Decides to remain seized of the matter.\n"

# Front matter that was a ValueError traceback (issue 27): (YAML line, what happens).
FRONT_MATTER = [
    ("number: !!int abc", None),  # an explicit tag: read as the text "abc", kept aside
    ("date: !!timestamp 2020-13-01", "front matter field 'date' is no calendar date"),
    ("issued: !!timestamp 2020-13-01", None),  # not a Document field: kept as text
    ("count: " + "9" * 5000, None),  # a 5,000-digit integer, never built
    ("symbol: " + "9" * 5000, "front matter field 'symbol' must be text, not a number"),
    ("symbol: !!python/object/apply:os.system [ls]", "front matter field 'symbol' must be"),
    ("title: !!binary aGVsbG8=", None),  # a tag is not resolved: the title is that text
    ("x: !!float 1e99999", None),
]


def _baseline(tmp_path: Path) -> Run:
    good = tmp_path / "baseline.txt"
    good.write_text(GOOD_RESOLUTION, encoding="utf-8")
    run = run_cli(["ingest", "baseline.txt"], tmp_path)
    assert run.code == 0, run.stderr
    return run


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _baseline(tmp_path_factory.mktemp("baseline"))


def _within(run: Run, baseline: Run) -> None:
    assert "Traceback" not in run.stderr, run.stderr
    assert run.seconds < baseline.seconds + SECONDS, (run.seconds, baseline.seconds)
    assert run.max_rss_mb < MEGABYTES, run.max_rss_mb


@pytest.mark.parametrize(("line", "reason"), FRONT_MATTER, ids=lambda v: str(v)[:24])
def test_front_matter_tags_are_text_or_one_line(
    tmp_path: Path, baseline: Run, line: str, reason: str | None
) -> None:
    (tmp_path / "case.txt").write_text(f"---\n{line}{BODY}", encoding="utf-8")
    run = run_cli(["ingest", "case.txt"], tmp_path)
    _within(run, baseline)
    if reason is None:
        assert run.code == 0, run.stderr
        (doc,) = documents(run.stdout)
        assert doc["paragraphs"][-1]["text"] == "Decides to remain seized of the matter."
    else:
        assert run.code == 1
        assert_one_error(run, "case.txt")
        assert run.errors()[0].startswith(f"error: case.txt: {reason}"), run.errors()


def test_an_explicit_tag_leaves_the_text_as_written(tmp_path: Path) -> None:
    path = tmp_path / "tagged.txt"
    path.write_text(f"---\nsymbol: !!int 12345\nlanguage: !!str fr{BODY}", encoding="utf-8")
    doc = load_document(path)
    assert (doc.symbol, doc.language) == ("12345", "fr")


def _hyphen_lines(n: int) -> str:
    return "-\n".join(["word"] * n)


# Texts of one repeated pattern (issue 27 found 13 s to over 30 s for each kind).
PATTERNS = {
    "adopted_lines": "adopted at its\n" * 20_000,  # 300 KB of short lines
    "dots_then_word": "word" + "." * 200_000 + "word",  # a dot leader that never ends
    "dots": "." * 200_000,
    "hyphenated_word": "-".join(["ab"] * 100_000),  # one 300,000-character word
    "hyphen_at_line_ends": _hyphen_lines(40_000),
    "spaces": "a" + " " * 200_000 + "b",
    "space_lines": (" " * 300 + "\n") * 600 + "x\n",
    "adopted_by_lines": "Adopted by the Assembly at its\n" * 5_000,
    "resolution_adopted": "Resolution adopted by the General Assembly\n" * 4_000,
    "sponsor_list": "Algeria, " * 30_000 + ": draft resolution\n\nThe General Assembly,\n",
    "sponsors_and": "A and " * 30_000 + ": draft resolution\n\nThe General Assembly,\n",
    "markdown_markers": "---\nsymbol: A/RES/1/1\n---\n" + "word[^1] " * 30_000,
    # Found by a random hunt over repeated pieces (each was over 8 s in process):
    "empty_lines_after_spaces": " \nEnglish\nword1\n  \n" + "\n" * 150_000,
    "repeated_points": "was adopted by 150 votes to 2\nPage 3\n" + "(a)\n\n" * 20_000,
    "word_after_a_line_break_hyphen": "consensus-\nDistr.: General\n" + "driven" * 25_000,
}


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_repeated_patterns_end_quickly(tmp_path: Path, baseline: Run, name: str) -> None:
    (tmp_path / f"{name}.txt").write_text(PATTERNS[name], encoding="utf-8")
    run = run_cli(["ingest", f"{name}.txt"], tmp_path)
    _within(run, baseline)
    if run.code == 0:
        assert len(documents(run.stdout)) == 1
    else:
        assert_one_error(run, f"{name}.txt")


def test_the_patterns_are_the_sizes_reported() -> None:
    # The inputs: 80-300 KB each, one pattern repeated.
    sizes = {name: len(text.encode()) for name, text in PATTERNS.items()}
    assert all(80_000 <= size <= 310_000 for size in sizes.values()), sizes


# --- Fuzz harness: generated texts and front matter each end in a Document or one line.

_PIECES = st.sampled_from(
    [
        "The General Assembly,", "Recalling its resolution 73/27 of 5 December 2018,",
        "1.", "2. Decides to", "(a)", "adopted at its", "Adopted by the ", "[on the report of the",
        "Distr.: General", "Agenda item 93", "A/RES/80/16", "Annex", "45th plenary meeting",
        ".....", "-", "consensus-", "driven", "[^1]", "[^2]:", "___", "*1821207*", ":",
        "draft resolution", "Algeria, ", " and ", "(", ")", "\t", "  ", "\u00ad", "\ufb01",
    ]
)  # fmt: skip
_LINES = st.lists(
    st.one_of(
        st.lists(_PIECES, max_size=8).map("".join),
        st.text(max_size=40),
        st.builds(lambda piece, n: piece * n, _PIECES, st.integers(1, 3000)),
    ),
    max_size=40,
)
_SCALARS = st.one_of(
    st.text(alphabet="0123456789-:.eE+_ TtrueFalsNn~", max_size=30),
    st.sampled_from(["!!int abc", "!!timestamp 2020-13-01", "!!float x", "[a, b]", "{a: 1}",
                     "&a x", "*a", "|\n  block", "'quoted'", '"dq\\x00"', "!!binary ?"]),
    st.text(max_size=20),
)  # fmt: skip
_FRONT = st.dictionaries(
    st.sampled_from(["symbol", "title", "date", "language", "other", "x"]), _SCALARS, max_size=5
).map(lambda fields: "".join(f"{key}: {value}\n" for key, value in fields.items()))


def _read(tmp_path: Path, text: str) -> None:
    path = tmp_path / "fuzz.txt"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    start = time.monotonic()
    try:
        doc = load_document(path)
    except IngestError as err:
        assert str(err).startswith(f"{path}: ") and err.reason, str(err)
    else:
        assert doc.paragraphs
    assert time.monotonic() - start < SECONDS


_FUZZ = settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@_FUZZ
@given(front=st.one_of(st.none(), _FRONT), lines=_LINES)
def test_fuzz_texts_end_in_a_document_or_one_line(
    tmp_path: Path, front: str | None, lines: list[str]
) -> None:
    head = f"---\n{front}---\n\n" if front is not None else ""
    _read(tmp_path, head + "\n".join(lines))


@pytest.mark.slow
@settings(_FUZZ, max_examples=1500)
@given(front=st.one_of(st.none(), _FRONT), lines=_LINES)
def test_fuzz_texts_larger_run(tmp_path: Path, front: str | None, lines: list[str]) -> None:
    head = f"---\n{front}---\n\n" if front is not None else ""
    _read(tmp_path, head + "\n".join(lines))
