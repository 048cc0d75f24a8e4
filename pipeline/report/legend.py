"""What each change kind, flag and significance means: the legend every report carries."""

from __future__ import annotations

from collections.abc import Mapping

KIND_MEANINGS: dict[str, str] = {
    "unchanged": "the paragraph reads the same (numbering, case and layout aside)",
    "modified": "the paragraph is kept with changed wording",
    "moved": "the paragraph is kept at another place (or in the other part of the text)",
    "split": "one old paragraph became several new ones",
    "merged": "several old paragraphs became one new one",
    "added": "a new paragraph with no counterpart in the old text",
    "deleted": "an old paragraph with no counterpart in the new text",
}

FLAG_MEANINGS: dict[str, str] = {
    "modality": "a modal verb changed (should, shall, must, may ...)",
    "operative_verb": "the leading verb changed (Welcomes → Takes note of)",
    "weakened": "the leading verb is weaker than before",
    "strengthened": "the leading verb is stronger than before",
    "negation": "a negation came or went (not, no, never, without ...)",
    "number": "a number, date or number word changed",
    "symbol": "a document symbol or resolution reference changed",
    "entity": "a name (State, body, group, process) came or went",
    "renumbered": "the paragraph's own number changed",
    "preamble_to_operative": "moved from the preamble into the operative part",
    "operative_to_preamble": "moved from the operative part into the preamble",
    "expanded": "paired because the old text survives inside the longer new one",
    "condensed": "paired because the new text survives inside the longer old one",
}

SIGNIFICANCE_MEANINGS: dict[str, str] = {
    "substantive": (
        "the change may alter meaning: a clause, verb, modality, negation, name or "
        "reference came, went or changed"
    ),
    "editorial": (
        "only punctuation, function words, numbering, an abbreviation against its long "
        "form, a word's form or a routine session, date or reference bump changed"
    ),
}

OVERLAP_MEANING = (
    "passages of at least five content words that two paragraphs share although the "
    "diff does not pair them; lists in another order count as the same"
)


def legend() -> dict[str, dict[str, str] | str]:
    """The legend as one JSON-ready mapping (kinds, flags, significance, overlaps)."""
    return {
        "kinds": KIND_MEANINGS,
        "flags": FLAG_MEANINGS,
        "significance": SIGNIFICANCE_MEANINGS,
        "overlaps": OVERLAP_MEANING,
    }


def overlap_cap_notes(cap: Mapping[str, int] | None) -> list[str]:
    """The sentences that say what bounded the search for shared passages, if anything.

    Args:
        cap: ``summary["overlap_cap"]`` of a diff: ``per_paragraph`` (passages kept a
            paragraph), ``left_out`` (passages over it), ``common_bigrams`` (word
            pairs too common to start a passage: a repetitive text) and ``partners_cut``
            (paragraphs searched against their first ``PARTNERS`` partners only).

    Returns:
        One sentence per cap that was reached (none on ordinary documents).
    """
    from pipeline.compare.overlap import FREQUENT_IN_PARAGRAPH, FREQUENT_PARAGRAPHS, PARTNERS

    cap = cap or {}
    notes = []
    if cap.get("left_out"):
        notes.append(
            f"At most {cap['per_paragraph']} passages a paragraph: {cap['left_out']:,} more "
            "left out."
        )
    if cap.get("common_bigrams"):
        notes.append(
            f"{cap['common_bigrams']:,} word pairs are too common to start a passage (in more "
            f"than {FREQUENT_PARAGRAPHS:,} paragraphs, or {FREQUENT_IN_PARAGRAPH} times in "
            "one): passages through them are found from rarer words only."
        )
    if cap.get("partners_cut"):
        notes.append(
            f"{cap['partners_cut']:,} paragraphs share passages with more than {PARTNERS} "
            f"others: each was searched against the first {PARTNERS} only."
        )
    return notes
