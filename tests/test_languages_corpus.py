"""``languages`` on the UN's own six versions of the cyber resolutions (corpus akn/cyber).

False alarms: every issue found on the genuine versions must be a labelled finding
(tests/data/languages_findings.csv, each checked by reading the versions) or one of the
explained false alarms (tests/data/languages_false_alarms.csv); a new one fails. Recall: tampered
copies (tests/languages_tamper.py) of the dev resolutions, one per kind and language,
must be found; the whole table (three of each, dev and test) is behind the slow marker.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from languages_tamper import KINDS, LANGS, found, load_versions, split_symbols, tamper

from pipeline.cli import cli
from pipeline.compare.languages import compare_languages

DATA = Path(__file__).parent / "data"
# Differences between the genuine versions, each confirmed by reading them.
FINDINGS = DATA / "languages_findings.csv"
# Issues raised on genuine versions that are no problem of the text, each explained.
FALSE_ALARMS = DATA / "languages_false_alarms.csv"


def _labelled(path: Path, symbol: str) -> set[tuple[str, str, str]]:
    with path.open(encoding="utf-8") as fp:
        return {
            (row["cite"], row["language"], row["kind"])
            for row in csv.DictReader(fp)
            if row["symbol"] == symbol
        }


@pytest.mark.parametrize(
    "symbol", split_symbols("dev") + split_symbols("test"), ids=lambda s: s.replace("/", "_")
)
def test_genuine_versions_raise_only_the_labelled_findings(symbol: str, corpus: Path) -> None:
    report = compare_languages(load_versions(symbol, corpus))
    assert report.symbol == symbol
    assert set(report.languages) == set(LANGS)
    got = {(p.cite, i.language, i.kind) for p in report.paragraphs for i in p.issues}
    got |= {("document", i.language, i.kind) for i in report.issues}
    assert got == _labelled(FINDINGS, symbol) | _labelled(FALSE_ALARMS, symbol)


@pytest.mark.parametrize("how", list(KINDS))
def test_a_tampering_of_each_kind_is_found_in_each_language(how: str, corpus: Path) -> None:
    symbol = split_symbols("dev")[1]  # A/RES/76/19: dates, symbols, modals, footnotes
    genuine = load_versions(symbol, corpus)
    missed = []
    for k, doc in enumerate(genuine):
        made = tamper(doc, how, random.Random(f"{symbol}/{doc.language}/{how}/0"))
        if made is None:
            continue
        report = compare_languages([*genuine[:k], made[0], *genuine[k + 1 :]])
        if not found(report, doc.language, made[1], how, set()):
            missed.append(doc.language)
    # A modal changed where the paragraph keeps another of the same force ("should ...,
    # and should ...") leaves the versions agreeing on what the paragraph allows: at most
    # two such misses; every other kind is found in every language.
    assert len(missed) <= (2 if how == "modal" else 0), missed


@pytest.mark.slow
@pytest.mark.parametrize("split", ["dev", "test"])
def test_recall_on_tampered_copies(split: str, corpus: Path) -> None:
    from languages_tamper import evaluate

    outcomes = list(evaluate(split, corpus))
    recall = sum(hit for *_, hit, _ in outcomes) / len(outcomes)
    assert recall >= 0.85


def _xml(corpus: Path, symbol: str) -> list[str]:
    stem = symbol.replace("/", "_")
    return [str(corpus / "akn" / "cyber" / f"{stem}.{lang}.xml") for lang in LANGS]


def test_cli_json_one_object_per_document(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.json"
    files = _xml(corpus, "A/RES/80/16") + _xml(corpus, "A/RES/79/237")
    result = CliRunner().invoke(cli, ["languages", *files, "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["symbol"] for line in lines] == ["A/RES/80/16", "A/RES/79/237"]
    first = json.loads(lines[0])
    assert first["paragraphs"][0]["id"] == "preamble_1"
    assert first["summary"]["issues"] == 0


def test_cli_bad_inputs_are_one_line_each_and_the_rest_goes_on(
    corpus: Path, tmp_path: Path
) -> None:
    files = _xml(corpus, "A/RES/80/16")
    missing = tmp_path / "nope.xml"
    lone = _xml(corpus, "A/RES/79/237")[0]
    result = CliRunner().invoke(
        cli, ["languages", str(missing), *files, files[1], lone, "--format", "md"]
    )
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    assert errors[0].startswith(f"error: {missing}: ")
    assert errors[1].startswith(f"error: {files[1]}: a second version in language")
    assert errors[2].startswith(f"error: {lone}: the only version of A/RES/79/237")
    assert len(errors) == 3 and "Traceback" not in result.output
    assert "# Language versions of A/RES/80/16" in result.stdout


def test_cli_html_side_by_side(corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "v.html"
    result = CliRunner().invoke(cli, ["languages", *_xml(corpus, "A/RES/76/19"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<tr id=") == 22  # every aligned paragraph, once
    assert '<td lang="ru" dir="ltr" class="flag" data-kinds="date symbol">' in page
