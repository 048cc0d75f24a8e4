"""What a researcher types for a symbol resolves to one canonical symbol (issue 25)."""

from __future__ import annotations

import pytest

from pipeline.lexicon import symbol_from_text


@pytest.mark.parametrize(
    ("typed", "symbol"),
    [
        ("A/RES/73/27", "A/RES/73/27"),  # the symbol as printed
        ("a/res/73/27", "A/RES/73/27"),  # any case
        ("73/27", "A/RES/73/27"),  # the short form a resolution's text uses
        (" 75 / 240 ", "A/RES/75/240"),  # spaces around the slash
        ("A_RES_73_27.pdf", "A/RES/73/27"),  # a corpus file name
        ("resolutions/A_RES_73_27.txt", "A/RES/73/27"),  # with its folder
        ("A_RES_79_237-EN.pdf", "A/RES/79/237"),  # a language suffix
        ("A_C.1_80_L.20", "A/C.1/80/L.20"),  # a draft's file stem
        ("a/c.1/75/l.8/rev.1", "A/C.1/75/L.8/Rev.1"),  # revision parts in title case
        ("A_AC.292_2025_INF_5_Rev.1.pdf", "A/AC.292/2025/INF/5/Rev.1"),
        ("S_RES_2341_2017.pdf", "S/RES/2341 (2017)"),  # a Security Council year
        ("S/RES/2341 (2017)", "S/RES/2341 (2017)"),
    ],
)
def test_typed_forms_resolve_alike(typed: str, symbol: str) -> None:
    assert symbol_from_text(typed) == symbol


@pytest.mark.parametrize("typed", ["", "cyber", "two words", "USA_2018_09.txt", "1/2/3/4"])
def test_text_that_names_no_symbol(typed: str) -> None:
    assert symbol_from_text(typed) is None
