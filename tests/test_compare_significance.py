"""Significance of a change: substantive or editorial, with its reason.

The table's cases are written for the rule (each names the part of the definition it
tests); the figures on hand-labelled changes (models/COMPARE.md) are checked at the end
against floors: the measured figures rounded down to 0.05.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.compare.significance import assess_change

LABELS = Path(__file__).resolve().parent.parent / "models" / "data" / "change_labels.jsonl"


@pytest.mark.parametrize(
    ("kind", "old", "new", "significance", "reason"),
    [
        # Unchanged paragraphs have no significance.
        ("unchanged", "Decides to act;", "Decides to act;", None, None),
        # Numbering, quotes, punctuation, case: editorial.
        ("modified", "1. Decides “to act”;", "3. Decides to act,", "editorial", "numbering"),
        # A function word added: editorial.
        (
            "modified",
            "Decides to convene a group;",
            "Also decides to convene the group;",
            "editorial",
            "function words only",
        ),
        # The recurring session bump of the agenda paragraph: editorial.
        (
            "modified",
            "Decides to include in the provisional agenda of its seventy-ninth session the item;",
            "Decides to include in the provisional agenda of its eightieth session the item;",
            "editorial",
            "session or date bump",
        ),
        # An abbreviation given after its long form, then dropped: editorial.
        (
            "modified",
            "the use of information and communications technologies (ICTs) for peace,",
            "the use of information and communications technologies for peace,",
            "editorial",
            "abbreviation",
        ),
        # "such technologies" standing for "ICTs": editorial.
        (
            "modified",
            "to prevent conflict arising from the use of ICTs,",
            "to prevent conflict arising from the use of such technologies,",
            "editorial",
            "abbreviation",
        ),
        # A reference added to the chain is news (issue 24), quoted as written.
        (
            "modified",
            "Recalling its resolutions 77/37 of 7 December 2022,",
            "Recalling its resolutions 77/37 of 7 December 2022 and 78/16 of 4 December 2023,",
            "substantive",
            "reference added: 78/16 of 4 December 2023",
        ),
        # Last year's only resolution replaced by this year's: the yearly bump, editorial.
        (
            "modified",
            "Recalling its resolution 78/54 of 4 December 2023,",
            "Recalling its resolution 79/31 of 2 December 2024,",
            "editorial",
            "session or date bump",
        ),
        # A resolution dropped from the chain: substantive.
        (
            "modified",
            "Recalling its resolutions 36/103 of 9 December 1981 and 77/37 of 7 December 2022,",
            "Recalling its resolutions 77/37 of 7 December 2022 and 78/16 of 4 December 2023,",
            "substantive",
            "reference",
        ),
        # Welcomes -> Takes note of: the verb, weakened.
        (
            "modified",
            "Welcomes the report of the Group;",
            "Takes note of the report of the Group;",
            "substantive",
            "operative verb: Welcomes → Takes note (weakened)",
        ),
        # should -> shall.
        (
            "modified",
            "States should refrain from such acts;",
            "States shall refrain from such acts;",
            "substantive",
            "modality: should → shall",
        ),
        # A negation added.
        (
            "modified",
            "the group shall act by consensus;",
            "the group shall not act by consensus;",
            "substantive",
            "negation",
        ),
        # A clause deleted: the "community of shared future" case of 73/27 -> 73/266.
        (
            "modified",
            "to promote the use of ICTs for peaceful purposes, with the objective of shaping a "
            "community of shared future for humankind in cyberspace, and to prevent conflict,",
            "to promote the use of ICTs for peaceful purposes and to prevent conflict,",
            "substantive",
            "words deleted",
        ),
        # A State named: substantive.
        (
            "modified",
            "Welcomes the offer to host the meeting;",
            "Welcomes the offer of Kenya to host the meeting;",
            "substantive",
            "name",
        ),
        # A short form of the same body's name: editorial.
        (
            "modified",
            "Welcomes the work of the United Nations Standing Advisory Committee on Security "
            "Questions in Central Africa;",
            "Welcomes the work of the Standing Advisory Committee;",
            "editorial",
            "short form of a name",
        ),
        # Whole paragraphs.
        (
            "added",
            "",
            "Requests the Secretary-General to report;",
            "substantive",
            "paragraph added",
        ),
        ("deleted", "Notes the report;", "", "substantive", "paragraph deleted"),
        # A paragraph added only to recall a resolution still adds a reference (issue 24).
        (
            "added",
            "",
            "Recalling its resolution 79/239 of 24 December 2024,",
            "substantive",
            "paragraph added: “Recalling its resolution 79/239 of 24 December 2024”",
        ),
    ],
)
def test_assess_change(
    kind: str, old: str, new: str, significance: str | None, reason: str | None
) -> None:
    verdict = assess_change(kind, old, new)
    if significance is None:
        assert verdict is None
        return
    assert verdict is not None
    assert verdict[0] == significance
    assert reason is not None and reason in verdict[1]


def test_significance_is_the_same_read_backwards_for_symmetric_edits() -> None:
    a, b = "States should act;", "States shall act;"
    assert assess_change("modified", a, b) == ("substantive", "modality: should → shall")
    assert assess_change("modified", b, a) == ("substantive", "modality: shall → should")


def _figures(split: str) -> tuple[float, float]:
    rows = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    rows = [r for r in rows if r["split"] == split]
    tp = fp = fn = 0
    for row in rows:
        verdict = assess_change(row["kind"], row["old_text"], row["new_text"])
        said = verdict is not None and verdict[0] == "substantive"
        gold = row["label"] == "substantive"
        tp += said and gold
        fp += said and not gold
        fn += gold and not said
    return tp / (tp + fp), tp / (tp + fn)


@pytest.mark.parametrize(
    ("split", "precision_floor", "recall_floor"),
    [
        # Issue 24 (527 changes): dev measured 0.988 / 1.000 (318 changes, 24 pairs; the
        # rules were written on these), test 0.971 / 0.994 (209 changes, 13 pairs).
        ("dev", 0.95, 0.95),
        ("test", 0.95, 0.95),
    ],
)
def test_substantive_precision_and_recall(
    split: str, precision_floor: float, recall_floor: float
) -> None:
    precision, recall = _figures(split)
    assert precision >= precision_floor
    assert recall >= recall_floor
