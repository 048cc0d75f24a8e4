"""Say whether a change matters: ``substantive`` or ``editorial``, with a short reason.

A change is editorial only when every word inserted or deleted is a function word,
punctuation, numbering, an abbreviation against its long form (all of which the
diff's normalisation already sets aside), or a recurring session or date bump
("seventy-ninth session" becoming "eightieth session"). Anything else is substantive,
and always so a changed operative verb, modality, negation, reference or name, and an
added or deleted clause. The labelled changes this is measured on are described in
models/COMPARE.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from pipeline.compare.classify import (
    MODALS,
    NEGATIONS,
    lead_verb,
    names,
    symbols,
    verb_change,
)
from pipeline.compare.normalise import ABBREVIATIONS, FUNCTION_WORDS, tokenise
from pipeline.lexicon import MONTHS, ORDINAL_WORDS

Significance = Literal["substantive", "editorial"]

_MONTHS = frozenset(m.lower() for m in MONTHS)
_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")
_SHOWN = 14  # words of a clause quoted in a reason


_REFERENCE = re.compile(r"\d+/\d+")
# Words that come and go with a reference in a routine chain ("its resolutions 77/37 ...").
_CHAIN_WORDS = frozenset({"resolution", "resolutions", "decision", "decisions"})
_ANAPHORS = frozenset({"such", "these", "those"})
# The last word of each long form: "such technologies" refers back to "ICTs".
_HEADS = {abbr: forms[0].split()[-1] for abbr, forms in ABBREVIATIONS.items()}


def _is_bump_word(token: str) -> bool:
    """A session ordinal, a day or year, a month, a GA symbol or the word "resolution"."""
    return (
        token in ORDINAL_WORDS
        or token in _MONTHS
        or token in _CHAIN_WORDS
        or bool(_NUMBER.fullmatch(token) or _REFERENCE.fullmatch(token))
    )


def _stem(word: str) -> str:
    """A crude stem, enough to see that "enhance" and "enhancing" are one word."""
    for suffix in ("ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _quote(tokens: list[str]) -> str:
    shown = " ".join(tokens[:_SHOWN])
    return f"“{shown}{' …' if len(tokens) > _SHOWN else ''}”"


@dataclass(frozen=True, slots=True)
class _Edit:
    """One place where the token lists differ, with the token before it on each side."""

    old: list[str]
    new: list[str]
    old_before: str
    old_after: str

    def excused(self) -> str | None:
        """Why this edit changes no meaning, or None when it may."""
        old, new = _content(self.old), _content(self.new)
        if not old and not new:
            return "function words"
        # "information and communications technologies (ICTs)": the abbreviation repeats.
        if not new and len(old) == 1 and old[0] in _HEADS:
            if old[0] in (self.old_before, self.old_after):
                return "abbreviation"
        # "the use of ICTs" -> "the use of such technologies".
        if len(old) == 1 and old[0] in _HEADS and len(self.new) == 2:
            if self.new[0] in _ANAPHORS and self.new[1] == _HEADS[old[0]]:
                return "abbreviation"
        if len(new) == 1 and new[0] in _HEADS and len(self.old) == 2:
            if self.old[0] in _ANAPHORS and self.old[1] == _HEADS[new[0]]:
                return "abbreviation"
        if sorted(map(_stem, old)) == sorted(map(_stem, new)):
            return "word form"
        return None


def _edits(old: list[str], new: list[str]) -> list[_Edit]:
    """The places where ``old`` and ``new`` differ."""
    edits = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            before = old[i1 - 1] if i1 else ""
            after = old[i2] if i2 < len(old) else ""
            edits.append(_Edit(old[i1:i2], new[j1:j2], before, after))
    return edits


def _verb_reason(old_text: str, new_text: str) -> str | None:
    change = verb_change(old_text, new_text)
    if change is None:
        return None
    before, after, direction = change
    return f"operative verb: {before} → {after}" + (f" ({direction})" if direction else "")


def _words(text: str, vocabulary: frozenset[str]) -> list[str]:
    # Unlike classify.word_counts, the month May counts here as the modal (see the note
    # on issue 11): the labelled figures were measured so.
    return [w for w in re.findall(r"[a-z']+", text.lower()) if w in vocabulary]


def _word_reason(
    label: str, old_text: str, new_text: str, vocabulary: frozenset[str]
) -> str | None:
    before, after = _words(old_text, vocabulary), _words(new_text, vocabulary)
    if sorted(before) == sorted(after):
        return None
    gone = [w for w in before if w not in after]
    came = [w for w in after if w not in before]
    return f"{label}: {' '.join(gone) or '—'} → {' '.join(came) or '—'}"


def _content(tokens: list[str]) -> list[str]:
    return [t for t in tokens if t not in FUNCTION_WORDS]


def _session(symbol: str) -> int:
    numbers = re.findall(r"\d+", symbol)
    return int(numbers[0]) if numbers else 0


def _reference_reason(old_text: str, new_text: str) -> str | None:
    """Why the references changed, or None when they did not or only moved on a year.

    A reference added, or the paragraph's only references replaced by later ones
    ("in particular its resolution 78/59" becoming "... 79/68"), is the recurring bump
    of an annual text; a reference dropped from a list is news.
    """
    before, after = symbols(old_text), symbols(new_text)
    gone, came = before - after, after - before
    if not gone and not came:
        return None
    if not gone:
        return None
    if gone == before and came and min(map(_session, came)) > max(map(_session, gone)):
        return None
    return "reference: " + _changed(before, after)


def _name_reason(old_text: str, new_text: str) -> tuple[str | None, set[str]]:
    """Why the names changed (None when one is a short form of the other), and the
    words of the longer forms, which may then come and go."""
    before, after = names(old_text), names(new_text)
    gone, came = before - after, after - before
    spare: set[str] = set()
    for name in gone | came:
        others = came if name in gone else gone
        match = [o for o in others if f" {o} " in f" {name} " or f" {name} " in f" {o} "]
        if not match:
            return "name: " + _changed(before, after), set()
        spare.update(max([name, *match], key=len).split())
    return None, spare


def assess_change(kind: str, old_text: str, new_text: str) -> tuple[Significance, str] | None:
    """Say whether one change matters, and why.

    Args:
        kind: The change's kind (``unchanged`` ... ``deleted``).
        old_text: The earlier text ("" for an added paragraph).
        new_text: The later text ("" for a deleted paragraph).

    Returns:
        ("substantive" | "editorial", reason), or None for an unchanged paragraph.
    """
    if kind == "unchanged":
        return None
    old, new = tokenise(old_text), tokenise(new_text)
    # CASE 1: a whole paragraph came or went.
    if not old or not new:
        return _whole(old_text, new_text, _content(old or new), added=bool(new))
    # CASE 2: nothing but numbering, punctuation, case, quotes or abbreviations changed.
    if old == new:
        return "editorial", "numbering, punctuation or abbreviation only"
    # CASE 3: what always matters, in order of weight.
    for reason in (
        _verb_reason(old_text, new_text),
        _word_reason("modality", old_text, new_text, MODALS),
        _word_reason("negation", old_text, new_text, NEGATIONS),
        _reference_reason(old_text, new_text),
    ):
        if reason:
            return "substantive", reason
    name_reason, spare = _name_reason(old_text, new_text)
    if name_reason:
        return "substantive", name_reason
    # CASE 4: words of content deleted or inserted, unless each edit is excused.
    edits = _edits(old, new)
    why: set[str] = set()
    for edit in edits:
        excuse = edit.excused()
        changed = _content(edit.old) + _content(edit.new)
        if excuse is None and changed and all(_is_bump_word(t) for t in changed):
            excuse = "session or date bump"
        if excuse is None and changed and all(t in spare for t in changed):
            excuse = "short form of a name"
        if excuse is None:
            return "substantive", _edit_reason(edit)
        why.add(excuse)
    # CASE 5: every edit is editorial.
    return "editorial", ", ".join(sorted(why)) + " only"


def _edit_reason(edit: _Edit) -> str:
    gone, came = _content(edit.old), _content(edit.new)
    if gone and not came:
        return f"words deleted: {_quote(edit.old)}"
    if came and not gone:
        return f"words added: {_quote(edit.new)}"
    return f"wording: {_quote(edit.old)} → {_quote(edit.new)}"


def _whole(
    old_text: str, new_text: str, content: list[str], *, added: bool
) -> tuple[Significance, str]:
    """A paragraph added or deleted: substantive unless it holds nothing, or (added)
    only recalls resolutions ("Recalling its resolution 79/239 of 24 December 2024,")."""
    if not content:
        return "editorial", "no words of content"
    verb = lead_verb(new_text if added else old_text)
    if added and verb and verb[0] == "recall" and all(_is_bump_word(t) for t in content[1:]):
        return "editorial", "recalls the latest resolution of a series"
    return "substantive", f"paragraph {'added' if added else 'deleted'}: {_quote(content)}"


def _changed(before: set[str], after: set[str]) -> str:
    gone = ", ".join(sorted(before - after)) or "—"
    came = ", ".join(sorted(after - before)) or "—"
    return f"{gone} → {came}"
