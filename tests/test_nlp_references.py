"""RES_REF resolved by the body that adopted the resolution or decision (issue 16).

Each case is a sentence from a corpus document (named with its paragraph), or a form
the issue names; the expected ``norm_id`` was decided by reading the sentence. The
held-out check at the end scores ``tests/data/references_gold.jsonl`` span by span: 12
documents of every body, split into dev and test by document before any rule was
changed (models/MODEL_CARD.md, "References to every UN body").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from span_scoring import gold_spans, read_jsonl, score_records

from pipeline.nlp.references import find_resolution_refs


def _refs(text: str) -> list[tuple[str, str | None]]:
    return [(text[m.start : m.end], m.norm_id) for m in find_resolution_refs(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # CASE 1, General Assembly named (A/RES/73/3, para 38)
        (
            "as defined in General Assembly resolution 70/175 of 17 December 2015;",
            [("70/175", "A/RES/70/175")],
        ),
        # a bare "resolution" in a General Assembly text is the Assembly's (A/RES/73/3,
        # footnote 6; A/C.1/80/L.62, preamble 1)
        ("See resolution 55/2.", [("55/2", "A/RES/55/2")]),
        (
            "in particular resolution 79/56 of 2 December 2024,",
            [("79/56", "A/RES/79/56")],
        ),
        # "Assembly" alone, after the Assembly is named, in a Human Rights Council text
        # (A/HRC/RES/59/25, preamble 13)
        (
            "Recalling General Assembly resolution 77/276 of 29 March 2023, in which the "
            "Assembly requested an advisory opinion, and Assembly resolution 76/300 of 28 July",
            [("77/276", "A/RES/77/276"), ("76/300", "A/RES/76/300")],
        ),
        # General Assembly decisions, "by the General Assembly in its decision" (A/RES/80/44,
        # preamble 8) and a footnote marker before "Assembly decision" (A/RES/80/66, pre 4)
        (
            "the establishment by the General Assembly in its decision 79/512 of 2 December 2024",
            [("79/512", "A/DEC/79/512")],
        ),
        (
            "Disarmament Commission”, 2 Assembly decision 52/492 of 8 September 1998",
            [("52/492", "A/DEC/52/492")],
        ),
        # special session and emergency special session resolutions (A/RES/80/66,
        # footnote 3, a non-breaking hyphen; Comoros 2018, paragraph 12)
        ("Resolution S\u201110/2.", [("S\u201110/2", "A/RES/S-10/2")]),
        (
            "the adoption, in December 2017, of resolution ES-10/19, on the status of Jerusalem",
            [("ES-10/19", "A/RES/ES-10/19")],
        ),
        # resolutions numbered before 1976 by session in Roman numerals (A/52/622, pre 4)
        (
            "Recalling its resolutions 1514 (XV) of 14 December 1960 and 1541 (XV) of 15 "
            "December 1960, and resolutions of the Special Committee",
            [("1514 (XV)", "A/RES/1514 (XV)"), ("1541 (XV)", "A/RES/1541 (XV)")],
        ),
        # Security Council, with its year, named or not (Egypt 2020, paragraph 11;
        # S/RES/2771, paragraph 19 (f))
        (
            "in accordance with UNSC resolution 2216 (2015), the Gulf Countries initiative",
            [("2216 (2015)", "S/RES/2216 (2015)")],
        ),
        (
            "requirements under resolutions 2250 (2015), 2419 (2018) and 2535 (2020);",
            [
                ("2250 (2015)", "S/RES/2250 (2015)"),
                ("2419 (2018)", "S/RES/2419 (2018)"),
                ("2535 (2020)", "S/RES/2535 (2020)"),
            ],
        ),
        # the Security Council named with no year (Monaco 2020, paragraph 22): S/RES/1325
        (
            "20 years since the adoption of Security Council resolution 1325 on “Women,",
            [("1325", "S/RES/1325")],
        ),
        # a General Assembly resolution cited in a Security Council text (S/RES/2776, pre 15)
        (
            "(United Nations General Assembly resolution 46/182), including humanity",
            [("46/182", "A/RES/46/182")],
        ),
        # Human Rights Council named (A/RES/73/3, para 2), or adopting it (Azerbaijan 2018,
        # paragraph 14: was A/RES/37/7)
        (
            "and Human Rights Council resolution 33/11 of 29 September 2016 on preventable",
            [("33/11", "A/HRC/RES/33/11")],
        ),
        (
            "Earlier this year, the Human Rights Council unanimously adopted resolution 37/7, on",
            [("37/7", "A/HRC/RES/37/7")],
        ),
        # "Council" alone with a session number is the Human Rights Council (A/RES/79/60,
        # preamble 19: was A/RES/57/26); the General Assembly named after it is its own
        (
            "Recalling the Human Rights Council resolution 51/35 of 7 October 2022 on technical "
            "assistance, the subsequent Council resolution 57/26 of 10 October 2024, and General "
            "Assembly resolution 78/142 of 19 December 2023,",
            [
                ("51/35", "A/HRC/RES/51/35"),
                ("57/26", "A/HRC/RES/57/26"),
                ("78/142", "A/RES/78/142"),
            ],
        ),
        # "Council" alone with a year number is the Economic and Social Council (A/RES/78/20,
        # paragraph 7); ECOSOC numbered in Roman numerals (Paris Call report, paragraph 40)
        ("Council resolution 1996/31 of 25 July 1996", [("1996/31", "E/RES/1996/31")]),
        ("“ECOSOC Resolution 1296 (XLIV)”", [("1296 (XLIV)", "E/RES/1296 (XLIV)")]),
        # "Council" alone with a Roman session is ECOSOC (a constructed case: ECOSOC
        # numbered so before 1978, the Security Council never); with a year in brackets
        # it is the Security Council (A/RES/80/11, footnote 1)
        ("the Council resolution 1296 (XLIV) of 1968", [("1296 (XLIV)", "E/RES/1296 (XLIV)")]),
        ("Council resolution 2282 (2016)", [("2282 (2016)", "S/RES/2282 (2016)")]),
        # the case: a commission's resolution, and a bare "resolution" after it in
        # the same sentence, are the commission's (a Third Committee text on cybercrime)
        (
            "Noting Commission on Crime Prevention and Criminal Justice resolution 22/8 of 26 "
            "April 2013 on promoting technical assistance and capacity-building to combat "
            "cybercrime, and resolution 26/4 of 26 May 2017, in which the Commission",
            [("22/8", "ccpcj:RES/22/8"), ("26/4", "ccpcj:RES/26/4")],
        ),
        # ... but "its resolution" after it is the text's own (the Assembly's)
        (
            "Noting Commission on Narcotic Drugs resolution 61/2, and recalling its resolution "
            "73/192",
            [("61/2", "cnd:RES/61/2"), ("73/192", "A/RES/73/192")],
        ),
        # and a new sentence or clause does not inherit the body
        (
            "the Commission on the Status of Women adopted resolution 56/3; resolution 70/1",
            [("56/3", "csw:RES/56/3"), ("70/1", "A/RES/70/1")],
        ),
        # the body named after the numbers, for the whole list (a form of unseen texts);
        # "of the Group of Governmental Experts" is not a body that adopts resolutions
        # (A/RES/80/43, preamble 4), and ECOSOC named after (A/79/PV.64, speech 10)
        (
            "Recalling resolutions 22/7 and 22/8 of the Commission on Crime Prevention and "
            "Criminal Justice,",
            [("22/7", "ccpcj:RES/22/7"), ("22/8", "ccpcj:RES/22/8")],
        ),
        (
            "the report, submitted pursuant to resolution 72/55, of the Group of Governmental",
            [("72/55", "A/RES/72/55")],
        ),
        (
            "resolution 1980/67 of the Economic and Social Council in order to",
            [("1980/67", "E/RES/1980/67")],
        ),
        (
            "resolution 37/7 of 22 March 2018 of the Human Rights Council, on",
            [("37/7", "A/HRC/RES/37/7")],
        ),
        # the former Commission on Human Rights numbered by year: not ECOSOC's
        (
            "Commission on Human Rights resolution 2005/69 of 20 April 2005",
            [("2005/69", "E/CN.4/RES/2005/69")],
        ),
        # a specialized agency's numbers (A/RES/73/3, para 2; A/RES/80/44, preamble 21)
        (
            "take note of World Health Assembly resolution 69.2 of 28 May 2016, entitled",
            [("69.2", "wha:RES/69.2")],
        ),
        (
            "Welcoming the revised International Telecommunication Union resolution 186 on",
            [("186", "itu:RES/186")],
        ),
        # Trusteeship Council resolutions (Marshall Islands 2018, paragraph 18)
        (
            "authorized by United Nations Trusteeship Council resolutions 1082 (XIV) and 1493 "
            "(XVII).",
            [
                ("1082 (XIV)", "trusteeship_council:RES/1082 (XIV)"),
                ("1493 (XVII)", "trusteeship_council:RES/1493 (XVII)"),
            ],
        ),
        # a treaty body's own numbering is not read (A/HRC/RES/59/25, footnote 1; A/C.1/80/
        # L.62, paragraph 13; A/RES/79/55, paragraph 7)
        ("See FCCC/CP/2015/10/Add.1, decision 1/CP.21, annex.", []),
        ("Executive Council decisions EC-M-33/DEC.1 and EC-94/DEC.2", []),
        ("as described in General Conference resolutions GC(68)/RES/8, on", []),
        # a bare number with no body is not sure enough ("resolution 181" of 1947)
        ("the partition plan of resolution 181 and", []),
    ],
)
def test_reference_is_resolved_by_its_body(text: str, expected: list[tuple[str, str]]) -> None:
    assert _refs(text) == expected


GOLD = read_jsonl("references_gold.jsonl")
# Span-level floors per split: the figures after the rules of issue 16 (dev 102/102;
# test 62 of 65, the 3 misses are an ingest split inside "853 (1993)"), rounded down to
# 0.05. Before the change: dev precision 0.990, recall 0.941; test 0.982 and 0.831.
FLOOR = {"dev": (1.00, 1.00), "test": (1.00, 0.95)}


def test_gold_file_is_well_formed(corpus: Path) -> None:
    from pipeline.ingest import load_document

    assert {r["split"] for r in GOLD} == {"dev", "test"}
    dev = {r["source"] for r in GOLD if r["split"] == "dev"}
    assert not dev & {r["source"] for r in GOLD if r["split"] == "test"}
    for record in GOLD:
        doc = load_document(corpus / record["source"])
        texts = {p.id: p.text for p in doc.paragraphs}
        texts |= {f"footnote_{f.marker}": f.text for f in doc.footnotes}
        for pid, start, end, printed, label, _norm in record["spans"]:
            assert label == "RES_REF"
            assert texts[pid][start:end] == printed, (record["source"], pid)
        assert len(gold_spans(record)) == len(record["spans"])  # no duplicates


@pytest.mark.parametrize("split", ["dev", "test"])
def test_reference_spans_held_out(split: str, corpus: Path, nlp: Any) -> None:
    records = [r for r in GOLD if r["split"] == split]
    score = score_records(records, corpus, nlp, ["RES_REF"])["RES_REF"]
    precision, recall = FLOOR[split]
    assert score.precision >= precision, score
    assert score.recall >= recall, score
