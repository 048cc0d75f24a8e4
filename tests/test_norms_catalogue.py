"""Reading a catalogue of norms (issue 22): good ones, and one error line per bad one."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import NormtraceError
from pipeline.ingest.catalogue import CatalogueError, load_catalogue, parse_catalogue
from pipeline.settings import corpus_root

HEADER = "norm_id,letter,short_name,text,document,paragraph,year,sources\n"
SCO = (
    HEADER + 'sco:1,1,not use ICTs to interfere,"Not to use information and communications '
    'technologies to interfere in the internal affairs of other States.",A/69/723,,2015,\n'
    + 'sco:2,2,curb dissemination,"To cooperate in combating criminal and terrorist '
    'activities that use information and communications technologies.",A/69/723,,2015,\n'
)


def test_a_small_sco_like_catalogue_reads_in_file_order(tmp_path: Path) -> None:
    path = tmp_path / "sco_2015.csv"
    path.write_text(SCO, encoding="utf-8")
    catalogue = load_catalogue(path)
    assert catalogue.name == "sco_2015"
    assert [n.norm_id for n in catalogue.norms] == ["sco:1", "sco:2"]
    assert catalogue.norm("sco:2").short_name == "curb dissemination"
    assert catalogue.norm("sco:1").text.startswith("Not to use information")


def test_the_shared_gge_catalogue_has_its_eleven_norms() -> None:
    root = corpus_root()
    if root is None:
        pytest.skip("no corpus root")
    path = root.parent / "norms" / "gge_2015.csv"
    if not path.is_file():
        pytest.skip("no shared norms folder")
    catalogue = load_catalogue(path)
    assert [n.letter for n in catalogue.norms] == list("abcdefghijk")


def test_only_norm_id_and_text_are_required() -> None:
    catalogue = parse_catalogue('norm_id,text\nx:1,"States should, as appropriate, act."\n')
    assert catalogue.norms[0].label == "x:1"  # no short name: the id stands in


@pytest.mark.parametrize(
    ("text", "where"),
    [
        # no row at all
        ("", "empty catalogue"),
        # a header and no norm
        (HEADER, "empty catalogue"),
        # the text column is missing
        ("norm_id,letter\nx:1,a\n", "row 1: no 'text' column"),
        # an empty required cell names its row and column
        (HEADER + "x:1,a,s,,A/1,1,2015,\n", "row 2, column text: empty"),
        (HEADER + 'x:1,a,s,"T.",A/1,1,2015,\n,b,s,"U.",A/1,2,2015,\n', "row 3, column norm_id"),
        # a row with a field too many
        (HEADER + 'x:1,a,s,"T.",A/1,1,2015,,extra\n', "row 2: 9 fields"),
        # the same id twice
        (HEADER + 'x:1,a,s,"T.",A,1,2015,\nx:1,b,s,"U.",A,2,2015,\n', "already on row 2"),
    ],
)
def test_a_malformed_catalogue_is_one_error_naming_file_row_and_column(
    tmp_path: Path, text: str, where: str
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogueError) as err:
        load_catalogue(path)
    message = str(err.value)
    assert message.startswith(f"{path}: ")
    assert where in message
    assert "\n" not in message
    assert isinstance(err.value, NormtraceError)


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.mkdir(), "is a folder"),
        (lambda p: None, "no such file"),
        (lambda p: p.write_bytes(b"norm_id,text\nx,\xff\xfe\n"), "not UTF-8"),
        (lambda p: p.write_bytes(b"norm_id,text\x00\n"), "NUL"),
    ],
    ids=["folder", "missing", "latin-1", "binary"],
)
def test_a_file_that_is_no_catalogue_is_one_error(
    tmp_path: Path, make: object, reason: str
) -> None:
    path = tmp_path / "c.csv"
    make(path)  # type: ignore[operator]
    with pytest.raises(CatalogueError, match=reason):
        load_catalogue(path)


def test_a_byte_order_mark_and_blank_lines_are_read() -> None:
    catalogue = parse_catalogue('\ufeffnorm_id,text\n\nx:1,"A."\n\n')
    assert [n.norm_id for n in catalogue.norms] == ["x:1"]
