"""Positions table: aggregation, writers (CSV, JSON, HTML), the CLI, and the gold scores."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from pipeline.document import Document, Paragraph
from pipeline.report.positions import write_positions_csv, write_positions_json
from pipeline.research.positions import (
    CSV_COLUMNS,
    Evidence,
    _aggregate,
    extract_positions,
)

GOLD = Path(__file__).parent / "data" / "positions_gold.csv"


def _ev(stance: str, confidence: float = 0.8) -> Evidence:
    return Evidence("p_1", 0, 5, "text.", stance, "", "pro", confidence)


@pytest.mark.parametrize(
    ("stances", "label", "confidence"),
    [
        # only mentions
        (["mentions", "mentions"], "mentions", 0.5),
        # one side: best confidence plus 0.05 per further sentence
        (["supports", "supports", "mentions"], "supports", 0.85),
        # one side, capped at 0.95
        (["opposes"] * 6, "opposes", 0.95),
        # both sides, two to one: the majority at low confidence
        (["supports", "supports", "opposes"], "supports", 0.45),
        # both sides, close: unclear
        (["supports", "opposes"], "unclear", 0.3),
    ],
)
def test_aggregate(stances: list[str], label: str, confidence: float) -> None:
    position = _aggregate("stmt_1", "ihl", [_ev(s) for s in stances])
    assert (position.label, position.confidence) == (label, confidence)
    assert position.evidence[0].stance != "mentions" or label == "mentions"


def _compendium() -> Document:
    def para(n: int, text: str, kind: str = "other") -> Paragraph:
        return Paragraph(id=f"p_{n}", kind=kind, number=None, text=text, page=1, index=n)

    return Document(
        symbol="X/INF/1",
        title=None,
        doc_type="statement",
        paragraphs=(
            para(1, "Israel", "heading"),
            para(2, "There is currently no need for any new legally binding instruments."),
            para(3, "Cuba", "heading"),
            para(4, "We hope for progress on legally binding obligations <script>x</script>."),
            para(5, "Argentina", "heading"),
            para(
                6, "Rechazamos la aplicación del derecho internacional humanitario al ciberespacio."
            ),
            para(7, "Tunisia", "heading"),
            para(8, "ترحب المجموعة العربية بالتقرير النهائي للفريق العامل"),
            para(9, "Chile", "heading"),
            para(10, "We thank the Chair for the report and its annexes."),
        ),
    )


def test_csv_is_long_and_pandas_ready() -> None:
    import pandas as pd

    fp = io.StringIO()
    write_positions_csv(extract_positions([_compendium()]), fp)
    frame = pd.read_csv(io.StringIO(fp.getvalue()), keep_default_na=False)
    assert tuple(frame.columns) == CSV_COLUMNS
    cells = frame[frame["question"] != ""]
    wide = cells.pivot(index="actor", columns="question", values="label")
    assert wide.loc["Israel", "new_lbi"] == "opposes"
    assert wide.loc["Cuba", "new_lbi"] == "supports"
    # Spanish is read with its own cues
    assert wide.loc["Argentina", "ihl"] == "opposes"
    # every non-empty cell has evidence with paragraph offsets
    assert all(cells["evidence_refs"].str.match(r"p_\d+:\d+-\d+"))
    # every statement is in the CSV: one not analysed (with the reason), one with no position
    rest = frame[frame["question"] == ""].set_index("actor")
    assert rest.loc["Tunisia", "label"] == "not_analysed"
    assert "Arabic" in rest.loc["Tunisia", "reason"]
    assert rest.loc["Chile", "label"] == "none"
    assert set(frame["actor"]) == {"Israel", "Cuba", "Argentina", "Tunisia", "Chile"}


def test_json_lists_what_was_not_analysed() -> None:
    fp = io.StringIO()
    write_positions_json(extract_positions([_compendium()]), fp)
    payload = json.loads(fp.getvalue())
    arabic = [s for s in payload["statements"] if s["actor"] == "Tunisia"]
    assert [s["id"] for s in payload["not_analysed"]] == [arabic[0]["id"]]
    assert arabic[0]["languages"] == ["ar"] and not arabic[0]["analysed"]
    assert "Arabic" in arabic[0]["reason"]
    spanish = [s for s in payload["statements"] if s["actor"] == "Argentina"]
    assert spanish[0]["analysed"] and spanish[0]["reading_language"] == "es"
    assert {p["question"] for p in payload["positions"]} == {"new_lbi", "ihl", "ict_security"}
    # the codebook travels with the data
    by_id = {q["id"]: q for q in payload["questions"]}
    assert set(payload["question_ids"]) <= set(by_id)
    assert all(q["definition"] and q["supports"] and q["opposes"] for q in by_id.values())


def test_html_escapes_and_links_evidence() -> None:
    from pipeline.report.positions import format_positions_html

    page = format_positions_html(extract_positions([_compendium()]))
    assert "<script>x</script>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert 'href="#ev-stmt_1-new_lbi"' in page and 'id="ev-stmt_1-new_lbi"' in page
    assert "not analysed" in page
    assert "Codebook" in page and "only a principle, not a stand-alone rule" in page
    assert "written in Arabic" in page


def test_cli_positions_help_and_bad_input(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    runner = CliRunner()
    assert "supports|opposes|mentions|unclear" in runner.invoke(cli, ["positions", "-h"]).output
    result = runner.invoke(cli, ["positions", str(tmp_path / "missing.pdf")])
    assert result.exit_code == 1
    assert "no such file" in result.output
    assert "Traceback" not in result.output


def test_cli_positions_compendium(corpus: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    out = tmp_path / "pos.csv"
    pdf = corpus / "statements/A_AC.292_2025_INF_5_Rev.1.pdf"
    result = CliRunner().invoke(cli, ["positions", str(pdf), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    cells = {(r["actor"], r["question"]): r["label"] for r in rows}
    assert cells[("Israel", "new_lbi")] == "opposes"
    assert cells[("Cuba", "ihl")] == "opposes"
    assert cells[("European Union", "future_mechanism")] == "supports"
    assert all(r["evidence"] and r["evidence_refs"] for r in rows if r["question"])
    # Nicaragua and Niger are read in the original (issue 15)
    assert cells[("Nicaragua", "ihl")] == "opposes"
    assert cells[("Nicaragua", "new_lbi")] == "supports"
    assert cells[("Niger", "ihl")] == "supports"
    assert cells[("Arab Group (Tunisia)", "")] == "not_analysed"
    # the codebook travels beside the CSV
    book = list(csv.DictReader((tmp_path / "pos.codebook.csv").open(encoding="utf-8")))
    assert {r["id"] for r in book} >= {"ihl", "new_lbi", "stakeholders"}
    assert all(r["definition"] and r["supports"] and r["opposes"] for r in book)


# Floors under the measured scores on the hand-labelled sets (models/QUESTIONS.md):
# (set, question, stance precision, stance recall) over the statements the program reads.
# Rounded down to 0.05 from the figures measured after the clause reading was written.
FLOORS = [
    ("dev", "ihl", 0.95, 0.95),
    ("dev", "new_lbi", 0.8, 0.7),
    ("dev", "future_mechanism", 0.85, 0.95),
    ("dev", "stakeholders", 0.95, 0.6),
    ("test", "self_defence", 1.0, 1.0),
]
SPLIT = Path(__file__).parent.parent / "models" / "data" / "positions_split.csv"


def _gold_documents(corpus: Path, sources: set[str]) -> list[Document]:
    from pipeline.ingest import load_document

    docs = [load_document(corpus / "statements/A_AC.292_2025_INF_5_Rev.1.pdf")]
    for stem in sorted(s for s in sources if not s.startswith("A/")):
        (path,) = [
            *(corpus / "batch/ungdc_general_debate").glob(f"*/{stem}.txt"),
            *(corpus / "statements").glob(f"{stem}.txt"),
        ]
        docs.append(load_document(path))
    return docs


@pytest.fixture(scope="module")
def gold_scores(corpus: Path) -> dict[str, dict[str, object]]:
    from pipeline.research.positions_eval import load_gold, load_split, score_positions

    gold = load_gold(GOLD)
    split = load_split(SPLIT)
    table = extract_positions(_gold_documents(corpus, {g.source for g in gold}))
    scores: dict[str, dict[str, object]] = {}
    for name in ("dev", "test"):
        keep = {k for k, v in split.items() if v == name}
        found, missing = score_positions(table, gold, keep=keep)
        assert missing == []  # every labelled statement was found by the splitter
        scores[name] = dict(found)
    return scores


@pytest.mark.parametrize(("part", "question", "precision", "recall"), FLOORS)
def test_scores_against_hand_labels(
    gold_scores: dict[str, dict[str, object]],
    part: str,
    question: str,
    precision: float,
    recall: float,
) -> None:
    score = gold_scores[part][question]
    assert score.stance_precision >= precision  # type: ignore[attr-defined]
    assert score.stance_recall >= recall  # type: ignore[attr-defined]


def test_test_set_has_no_false_detection(gold_scores: dict[str, dict[str, object]]) -> None:
    # 23 General Debate speeches of the test set raise ICT security (or IHL outside
    # cyberspace) without touching a question: no cell may be filled for them.
    for score in gold_scores["test"].values():
        assert score.detect_pred == score.detect_tp  # type: ignore[attr-defined]


def test_gold_set_size() -> None:
    from pipeline.research.positions_eval import load_gold, load_split

    gold = load_gold(GOLD)
    statements = {(g.source, g.actor) for g in gold}
    assert len(statements) >= 30
    # at least 150 labelled (statement, question) cells, each statement in the split
    assert len(statements) * 7 >= 150
    split = load_split(SPLIT)
    assert statements == set(split)
    assert {"dev", "test"} == set(split.values())
    assert all(g.sentence for g in gold if g.label != "none")


def test_csv_cells_that_look_like_formulas_stay_text() -> None:
    # Document text is data: an evidence sentence starting with "=" must not become a
    # spreadsheet formula (safe_cell).
    doc = Document(
        symbol="X/INF/2",
        title=None,
        doc_type="statement",
        paragraphs=(
            Paragraph(id="p_1", kind="heading", number=None, text="Israel", page=1, index=1),
            Paragraph(
                id="p_2",
                kind="other",
                number=None,
                text="=1+1 There is no need for a new legally binding instrument.",
                page=1,
                index=2,
            ),
        ),
    )
    fp = io.StringIO()
    write_positions_csv(extract_positions([doc]), fp)
    rows = list(csv.DictReader(io.StringIO(fp.getvalue())))
    (cell,) = [r for r in rows if r["question"] == "new_lbi"]
    assert cell["evidence"].startswith("'=1+1")


def test_cli_reads_an_unseen_plain_text_statement(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from pipeline.cli import cli

    path = tmp_path / "statement.txt"
    path.write_text(
        "Statement by the delegation of Ghana\n\nMr. Chair,\n\n"
        "Ghana cannot accept that international humanitarian law applies to cyberspace.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = CliRunner().invoke(cli, ["positions", str(path), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["actor"], r["question"], r["label"]) for r in rows] == [("Ghana", "ihl", "opposes")]


def test_a_resolution_is_no_statement(tmp_path: Path) -> None:
    # Issue 12: a resolution gave a CSV header and exit 0, as if no State had spoken.
    from click.testing import CliRunner

    from pipeline.cli import cli

    resolution = Path(__file__).parent / "data" / "excerpt_78_16.txt"
    result = CliRunner().invoke(cli, ["positions", str(resolution), "--format", "csv"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {resolution}: no statement found (a resolution)")
    assert result.stdout == ""
