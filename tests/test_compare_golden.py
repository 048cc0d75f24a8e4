"""Golden diffs: real pairs whose every change was checked by reading both documents.

Regenerate with ``make golden`` (tests/make_golden_diffs.py) and review the git diff.
What the reading found, pair by pair:

- 73/27 vs 73/266: the thirteen norms (1.1 to 1.13), the OEWG (para 5, 6) and the
  capacity-building preamble are gone; 73/266 adds the new GGE (para 3 to 5); "Calls
  upon Member States" (para 2) becomes item (b) of para 1; 4 (b) is 2 (a) unchanged.
- 73/27 vs 75/240: "Welcoming the effective work of the Group of Governmental Experts"
  and "Noting the truly democratic ... nature of the discussion within the Open-ended
  Working Group" are two different paragraphs (a deletion and an addition), not one
  reworded; the OEWG paragraph (5 -> 1) is rewritten for 2021-2025.
- 75/240 vs 76/19: "Noting the ... discussion within the OEWG" is not 76/19's
  "Recognizes the adoption of the consensus final report of the OEWG"; both only
  name the same group.
- L.20 vs 80/16, L.1 vs 80/17, L.33 vs 80/60, L.52 vs 80/52: adopted without change
  ("Non- Proliferation" broken at a line end, "States parties" set as "States
  Parties" are typesetting).
- L.41 vs 80/57: preamble 2 drops "international criminal law"; preamble 4 reads
  "international peace and security" for "global security and regional and
  international stability" and drops "existing".
- L.48 vs 80/66: para 9 adds "in informal plenary mode" and "possible", and "during
  the eighty-first session" becomes "in the Commission as early as possible".
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from factories import make_doc
from make_golden_diffs import GOLDEN, GOLDEN_DIFFS, dumps, golden_diff, golden_form

from pipeline.compare import compare


@pytest.mark.parametrize("name", sorted(GOLDEN_DIFFS))
def test_golden_diff(corpus: Path, name: str) -> None:
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    assert golden_diff(corpus, name) == expected


@pytest.mark.parametrize("name", sorted(GOLDEN_DIFFS))
def test_golden_file_is_as_the_script_writes_it(name: str) -> None:
    # A hand edit (or a stale file) shows up here even without the corpus.
    text = (GOLDEN / f"{name}.json").read_text(encoding="utf-8")
    assert dumps(json.loads(text)) == text


def test_golden_form_keeps_kinds_ids_and_flags() -> None:
    old = make_doc(["Recalling its resolution 73/27,"], ["Welcomes the report;"])
    new = make_doc(["Recalling its resolution 75/240,"], ["Takes note of the report;"])
    form = golden_form(compare(old, new))
    assert form["summary"]["modified"] == 2
    assert form["changes"] == [
        {
            "kind": "modified",
            "old_ids": ["preamble_1"],
            "new_ids": ["preamble_1"],
            "flags": ["symbol"],
        },
        {
            "kind": "modified",
            "old_ids": ["para_1"],
            "new_ids": ["para_1"],
            "flags": ["operative_verb", "weakened"],
        },
    ]
