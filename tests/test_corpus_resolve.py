"""One symbol resolver over a store (issue 25): any spelling finds the document, an
unknown one names the nearest held, and a search for a resolution finds its citations."""

from __future__ import annotations

import dataclasses

import pytest
from factories import make_doc

from pipeline.corpus.resolve import UnknownSymbolError, find_document, resolve_symbol
from pipeline.corpus.search import search_hits
from pipeline.corpus.store import Store
from pipeline.document import Entity


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    db = tmp_path_factory.mktemp("resolve") / "c.db"
    with Store(db) as writing:
        first = make_doc(["Noting the report,"], ["Decides to convene a working group;"],
                         symbol="A/RES/73/27")  # fmt: skip
        writing.write_document(
            "resolutions/A_RES_73_27.txt", dataclasses.replace(first, sha256="1")
        )
        # Cites 73/27 only as "that resolution": the entity says which.
        later = make_doc(["Recalling that resolution on the working group,"], symbol="A/RES/75/240")
        cited = Entity("that resolution", "RES_REF", 10, 25, "preamble_1", norm_id="A/RES/73/27")
        later = dataclasses.replace(later, entities=(cited,), sha256="2")
        writing.write_document("resolutions/A_RES_75_240.pdf", later)
        draft = make_doc(["Noting the report,"], symbol="A/C.1/80/L.20")
        writing.write_document("drafts/A_C.1_80_L.20.pdf", dataclasses.replace(draft, sha256="3"))
    return Store(db, readonly=True)


@pytest.mark.parametrize(
    ("typed", "path"),
    [
        ("A/RES/73/27", "resolutions/A_RES_73_27.txt"),  # as printed
        ("73/27", "resolutions/A_RES_73_27.txt"),  # the short form
        ("a/res/73/27", "resolutions/A_RES_73_27.txt"),  # any case
        ("A_RES_73_27.txt", "resolutions/A_RES_73_27.txt"),  # the file name
        ("A_RES_73_27.pdf", "resolutions/A_RES_73_27.txt"),  # another file of the symbol
        ("resolutions/A_RES_75_240.pdf", "resolutions/A_RES_75_240.pdf"),  # the stored path
        ("a/c.1/80/l.20", "drafts/A_C.1_80_L.20.pdf"),  # a draft, any case
    ],
)
def test_any_spelling_finds_the_document(store: Store, typed: str, path: str) -> None:
    assert find_document(store, typed).path == path


def test_an_unknown_symbol_names_the_nearest_held(store: Store) -> None:
    with pytest.raises(UnknownSymbolError) as caught:
        resolve_symbol(store, "73/72")
    assert caught.value.nearest[0] == "A/RES/73/27"
    assert "nearest held: A/RES/73/27" in str(caught.value)
    with pytest.raises(UnknownSymbolError) as caught:
        resolve_symbol(store, "zeppelin")
    assert caught.value.nearest == []


def test_a_resolution_search_finds_its_res_ref_citations(store: Store) -> None:
    by_words = {(h.symbol, h.paragraph_id) for h in search_hits(store, "working group")}
    assert ("A/RES/75/240", "preamble_1") in by_words
    for typed in ("A/RES/73/27", "73/27"):
        hits = search_hits(store, typed)
        # the text never writes "73/27"; its RES_REF entity does
        assert [(h.symbol, h.cite) for h in hits] == [("A/RES/75/240", "PP1")]
        assert hits[0].score == 0.0  # after any ranked hit
    assert search_hits(store, "A/RES/73/27 working") == []  # several words: words only
