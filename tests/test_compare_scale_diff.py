"""Issue 27: ``normtrace diff`` of 50,000 tiny shuffled paragraphs, the steps after alignment.

Each shortcut must answer as the code it replaced, which is kept here: the whitespace
collapse of an identical redline, the significance read from the comparison's own
tokens, ``to_dict`` asking a class's fields once, the C1 escape skipping ASCII text, the
JSON writer importing its format alone, and the command's collector settings (which
change when collections run, never the report).
"""

from __future__ import annotations

import dataclasses
import gc
import json
import random
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from factories import make_doc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_compare_diff import documents

from pipeline.cli import cli
from pipeline.commands import compare as command
from pipeline.compare import compare, diff
from pipeline.compare.normalise import (
    _FUSED_YEAR,
    _NO_SUPERSCRIPTS,
    _SPACED_YEAR_MARKER,
    _WORD_MARKER,
    strip_footnote_markers,
)
from pipeline.compare.redline import _LINE_END_HYPHEN, collapse, redline, split_words
from pipeline.compare.significance import assess_change
from pipeline.document import DiffReport, Document, Entity, _Serialisable
from pipeline.report.output import escape_c1
from pipeline.report.writers import write_diff_report

# Spaces as str.split and the pattern \s read them (tab, NEL, no-break, the line and
# paragraph separators, ideographic, the separators \x1c-\x1f), hyphens, words, marks.
_SPACES = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u2029\u3000"
_TEXT = st.text(alphabet=st.sampled_from([*_SPACES, "-", "\u2011", "a", "Z", "9", ",", "’"]))


def _collapse_as_it_was(text: str) -> str:
    text = _LINE_END_HYPHEN.sub("-", text)
    return re.sub(r"\s+", " ", text).strip()


def _identical_redline_as_it_was(text: str) -> tuple[tuple[str, str], ...]:
    same = "".join(split_words(text))
    return (("equal", same),) if same else ()


def _corpus_texts(corpus: Path) -> list[str]:
    from pipeline.ingest import load_document

    names = ["A_RES_73_27", "A_RES_79_243"]
    return [
        p.text
        for name in names
        for p in load_document(corpus / "resolutions" / f"{name}.txt").paragraphs
    ]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(text=_TEXT)
def test_collapse_is_the_pattern_it_replaced(text: str) -> None:
    assert collapse(text) == _collapse_as_it_was(text) == "".join(split_words(text))
    assert redline(text, text) == _identical_redline_as_it_was(text)


def test_collapse_of_real_paragraphs(corpus: Path) -> None:
    texts = _corpus_texts(corpus)
    for text in texts + [t.replace(" ", "-\n ") for t in texts]:
        assert collapse(text) == _collapse_as_it_was(text)
        assert redline(text, text) == _identical_redline_as_it_was(text)


def _footnote_markers_as_they_were(text: str) -> str:
    text = text.translate(_NO_SUPERSCRIPTS)
    if re.search(r"\d", text) is None:
        return text
    if "19" in text or "20" in text:
        text = _FUSED_YEAR.sub(r"\1", text)
        text = _SPACED_YEAR_MARKER.sub(r"\1\2", text)
    return _WORD_MARKER.sub("", text)


# Years, numbers, markers glued to words or after commas, a month after a number.
_MARKED = st.lists(
    st.sampled_from(
        ["19", "20", "2013", "1", "23", "5", "\u0663", "\u00b2", "a", "abc", "tion", "s",
         ",", ", ", " ", "\n", ")", ".", "-", "/", "*", " December", "Nations"]
    )
).map("".join)  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "technologies2 and",  # a marker glued to a word
        "the United Nations,3 which",  # after a word's comma
        "items (a),1 (b)",  # after a closing bracket's comma
        "in 20132 and",  # fused to a year
        "of 2010,1 2013 2",  # after a year, spaced
        "on 4 December 2018, 5 December",  # a date: not a marker
        "resolution 73/27 of 2018",  # no marker
        "item 140891 under review",  # digits, no marker
    ],
)
def test_footnote_markers_as_they_were_in_cases(text: str) -> None:
    assert strip_footnote_markers(text) == _footnote_markers_as_they_were(text)


@settings(max_examples=600, deadline=None, derandomize=True)
@given(text=_MARKED)
def test_footnote_markers_as_they_were(text: str) -> None:
    assert strip_footnote_markers(text) == _footnote_markers_as_they_were(text)


def test_footnote_markers_of_real_paragraphs(corpus: Path) -> None:
    texts = _corpus_texts(corpus)
    # Ingest strips the markers of these texts: glue some back, to words and to years.
    marked = [re.sub(r"(?<=[a-z]{3})(?=[,;])|(?<=\b(?:19|20)\d\d)(?=\D)", "3", t) for t in texts]
    assert sum(_footnote_markers_as_they_were(t) != t for t in marked) > 100
    for text in texts + marked:
        assert strip_footnote_markers(text) == _footnote_markers_as_they_were(text)


def _verdicts(report: DiffReport) -> list[tuple[str, str]]:
    return [(c.significance, c.reason) for c in report.changes]


def _assessed(report: DiffReport) -> list[tuple[str, str]]:
    """Each change judged by the public ``assess_change`` (its own ``tokenise``)."""
    return [assess_change(c.kind, c.old_text, c.new_text) or ("", "") for c in report.changes]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=documents(), b=documents(), cut=st.integers(0, 8))
def test_significance_from_the_comparisons_tokens(a: list[str], b: list[str], cut: int) -> None:
    old, new = make_doc(a[:cut], a[cut:]), make_doc(b[:cut], b[cut:])
    report = compare(old, new)
    assert _verdicts(report) == _assessed(report)
    # Another tokeniser aligns; significance still reads tokenise's tokens.
    other = compare(old, new, tokeniser=lambda text: text.lower().split())
    assert _verdicts(other) == _assessed(other)


def test_significance_of_real_pairs(corpus: Path) -> None:
    from pipeline.ingest import load_document

    names = ["A_RES_73_27", "A_RES_75_240", "A_RES_79_243"]
    docs = [load_document(corpus / "resolutions" / f"{name}.txt") for name in names]
    for old, new in [(docs[0], docs[1]), (docs[1], docs[2]), (docs[2], docs[0])]:
        report = compare(old, new)
        assert any(c.significance == "substantive" for c in report.changes)
        assert _verdicts(report) == _assessed(report)


def test_a_repeated_change_is_assessed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, str, str]] = []

    def counted(kind: str, old_text: str, new_text: str, tokeniser: Any) -> Any:
        calls.append((kind, old_text, new_text))
        return assess_tokens(kind, old_text, new_text, tokeniser)

    from pipeline.compare.significance import assess_tokens

    monkeypatch.setattr(diff, "assess_tokens", counted)
    old = make_doc(operative=["Decides to keep the item under review;"] * 40)
    new = make_doc(operative=["Decides to keep the item under close review;"] * 40)
    report = compare(old, new)
    assert [c.kind for c in report.changes] == ["modified"] * 40
    assert len(calls) == len(set(calls)) == 1


def _to_dict_as_it_was(value: Any) -> Any:
    if isinstance(value, _Serialisable):
        return {
            f.name: _to_dict_as_it_was(getattr(value, f.name))
            for f in dataclasses.fields(value)  # type: ignore[arg-type]
            if f.metadata.get("serialise", True)
        }
    if isinstance(value, (tuple, list)):
        return [_to_dict_as_it_was(v) for v in value]
    return value


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(a=documents(), b=documents(), cut=st.integers(0, 8))
def test_to_dict_as_it_was(a: list[str], b: list[str], cut: int) -> None:
    report = compare(make_doc(a[:cut], a[cut:]), make_doc(b[:cut], b[cut:]))
    assert report.to_dict() == _to_dict_as_it_was(report)
    assert json.dumps(report.to_dict()) == json.dumps(_to_dict_as_it_was(report))


def test_to_dict_of_nested_and_unwritten_fields() -> None:
    entity = Entity(text="ICTs", label="TECH", start=0, end=4, paragraph_id="para_1")
    doc = dataclasses.replace(
        make_doc(["Noting ICTs,"], ["Decides."]),
        entities=(entity,),
        agenda_items=("93",),
        source_text="Noting ICTs,\n\n1. Decides.",
    )
    assert "source_text" not in doc.to_dict()
    assert doc.to_dict() == _to_dict_as_it_was(doc)
    assert doc.to_dict()["entities"] == [_to_dict_as_it_was(entity)]
    assert Document.from_dict(doc.to_dict()) == doc


def test_to_dict_of_real_documents(corpus: Path) -> None:
    from pipeline.ingest import load_document

    for path in sorted((corpus / "resolutions").glob("*.txt"))[:6]:
        doc = load_document(path)
        assert doc.to_dict() == _to_dict_as_it_was(doc)


def test_a_document_read_within_a_budget_is_the_one_read_here(
    corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pipeline.ingest import load_document
    from pipeline.limits import DEFAULT_BUDGET, stop_reading, within

    paths = [corpus / "resolutions" / f"{name}.txt" for name in ("A_RES_73_27", "A_RES_79_243")]
    here = [load_document(path) for path in paths]
    asked: list[object] = []
    fields = dataclasses.fields
    monkeypatch.setattr(dataclasses, "fields", lambda cls: asked.append(cls) or fields(cls))
    try:
        sent = [within(DEFAULT_BUDGET, str(path), load_document, path) for path in paths]
    finally:
        stop_reading()
    assert sent == here
    assert [d.source_text for d in sent] == [d.source_text for d in here] != ["", ""]
    # Unpickled by calling each class: its fields are not asked again at every paragraph.
    assert len(asked) < 10


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    text=st.text(alphabet=st.sampled_from(["a", '"', "\\", "\x7f", "\x80", "\x9f", "é", "\u2028"]))
)
def test_escape_c1_as_it_was(text: str) -> None:
    as_it_was = re.sub("[\x80-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)
    assert escape_c1(text) == as_it_was


def test_an_unknown_format_fails_before_the_file_is_opened(tmp_path: Path) -> None:
    out = tmp_path / "diff.out"
    report = compare(make_doc(["A."]), make_doc(["B."]))
    with pytest.raises(ValueError, match="no diff writer"):
        write_diff_report(report, "yaml", out)
    assert list(tmp_path.iterdir()) == []


def test_a_json_diff_imports_neither_other_writers_nor_the_stemmer(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from pipeline.compare import compare\n"
        "from pipeline.document import Document, Paragraph\n"
        "from pipeline.report.writers import write_diff_report\n"
        "p = Paragraph(id='para_1', kind='operative', number='1', text='Decides.', page=1)\n"
        "d = Document(symbol='A', title='t', doc_type='resolution', paragraphs=(p,))\n"
        f"write_diff_report(compare(d, d), 'json', Path({str(tmp_path / 'x.json')!r}))\n"
        "print(sorted(m for m in ('jinja2', 'pipeline.report.html', 'pipeline.report.markdown',"
        " 'pipeline.report.tables', 'snowballstemmer') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
    assert json.loads((tmp_path / "x.json").read_text())["summary"]["unchanged"] == 1


def _shuffled_texts(tmp_path: Path, n: int) -> tuple[Path, Path]:
    """The issue's case, small: numbered tiny paragraphs, then shuffled and renumbered."""
    rng = random.Random(27)
    texts = [f"Decides to keep item {rng.randrange(10**6)} under review." for _ in range(n)]
    shuffled = rng.sample(texts, len(texts))
    paths = []
    for name, body in (("old.txt", texts), ("new.txt", shuffled)):
        lines = "\n\n".join(f"{i % 999 + 1}. {t}" for i, t in enumerate(body))
        (tmp_path / name).write_text(f"The General Assembly,\n\n{lines}\n", encoding="utf-8")
        paths.append(tmp_path / name)
    return paths[0], paths[1]


def _collections() -> int:
    return sum(generation["collections"] for generation in gc.get_stats())


def test_the_diff_command_collects_rarely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    old, new = _shuffled_texts(tmp_path, 3_000)
    threshold = gc.get_threshold()

    def run(out: Path) -> int:
        before = _collections()
        result = CliRunner().invoke(cli, ["diff", str(old), str(new), "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert gc.get_threshold() == threshold and gc.get_freeze_count() == 0
        return _collections() - before

    rarely = run(tmp_path / "rarely.json")

    @command.contextlib.contextmanager
    def as_it_was() -> Iterator[Callable[[], None]]:
        yield lambda: None

    monkeypatch.setattr(command, "collecting_rarely", as_it_was)
    default = run(tmp_path / "default.json")
    assert (tmp_path / "rarely.json").read_bytes() == (tmp_path / "default.json").read_bytes()
    report = json.loads((tmp_path / "rarely.json").read_text())
    assert report["summary"]["paragraphs"] == {"old": 3_000, "new": 3_000}
    assert report["summary"]["moved"] + report["summary"]["unchanged"] == 3_000
    # The comparison and the JSON made the collector run about 3,500 times at 50,000
    # paragraphs.
    assert rarely * 4 < default
