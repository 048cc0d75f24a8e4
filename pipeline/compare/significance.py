"""Say whether a change matters: ``substantive`` or ``editorial``, with a short reason.

A change is editorial only when every word inserted or deleted is a function word,
punctuation, numbering, an abbreviation against its long form (all of which the
diff's normalisation already sets aside), or a recurring session or date bump
("seventy-ninth session" becoming "eightieth session"). Anything else is substantive,
and always so a changed operative verb, modality, negation, a reference added or
removed anywhere, a changed meeting date or meeting, a name that came or went (by
identity, not spelling), and an added or deleted clause. Reasons quote the document's
own words ("added: 73/266 of 22 December 2018"), never a comparison token or a stem.
The labelled changes this is measured on are described in models/COMPARE.md.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Literal

from pipeline.compare.classify import (
    MODALS,
    NEGATIONS,
    entity_change,
    name_forms,
    symbols,
    verb_change,
)
from pipeline.compare.longdiff import difflib_opcodes
from pipeline.compare.normalise import ABBREVIATIONS, FUNCTION_WORDS, tokenise
from pipeline.compare.wording import meeting_reason, quote_edit, quote_words, reference_reason
from pipeline.lexicon import MONTHS, ORDINAL_WORDS

Significance = Literal["substantive", "editorial"]

_MONTHS = frozenset(m.lower() for m in MONTHS)
_NUMBER = re.compile(r"\d+(?:st|nd|rd|th)?")


_REFERENCE = re.compile(r"\d+/\d+")
_COUNTED = frozenset({"year", "years", "session", "sessions", "anniversary"})
# Words that come and go with a reference in a routine chain ("its resolutions 77/37 ...").
_CHAIN_WORDS = frozenset({"resolution", "resolutions", "decision", "decisions"})
_ANAPHORS = frozenset({"such", "these", "those"})
# The last word of each long form: "such technologies" refers back to "ICTs".
_HEADS = {abbr: forms[0].split()[-1] for abbr, forms in ABBREVIATIONS.items()}


def _is_bump_word(token: str, after: str = "") -> bool:
    """A session ordinal, a year, a month, a GA symbol, the word "resolution", or a
    number that counts days or years ("4 December", "27 years"); not any other number
    ("306 certified facilities" -> "307" is news)."""
    if token in ORDINAL_WORDS or token in _MONTHS or token in _CHAIN_WORDS:
        return True
    if _REFERENCE.fullmatch(token) or re.fullmatch(r"(?:19|20)\d\d", token):
        return True
    return bool(_NUMBER.fullmatch(token)) and (after in _MONTHS or after in _COUNTED)


@cache
def _stemmer() -> Any:
    """Snowball's English stemmer, made when an edit is first excused: its package
    imports the stemmers of 30 languages (16 ms of every diff's start-up, issue 27)."""
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def _stem(word: str) -> str:
    """The Snowball stem, to see that "enhance" and "enhancing" are one word (never shown)."""
    return str(_stemmer().stemWord(word))


@dataclass(frozen=True, slots=True)
class _Edit:
    """One place where the token lists differ, with the token before it on each side."""

    old: list[str]
    new: list[str]
    old_before: str
    old_after: str
    new_after: str = ""

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
        # "Secretary General" -> "Secretary-General": the same letters, hyphenated.
        if "".join(self.old) == "".join(self.new):
            return "hyphenation"
        return None


def _bump(edit: _Edit) -> bool:
    """Whether every content word of an edit is a session, date or year bump."""
    sides = ((edit.old, edit.old_after), (edit.new, edit.new_after))
    for tokens, following in sides:
        for n, token in enumerate(tokens):
            after = tokens[n + 1] if n + 1 < len(tokens) else following
            if token not in FUNCTION_WORDS and not _is_bump_word(token, after):
                return False
    return True


def _edits(old: list[str], new: list[str]) -> list[_Edit]:
    """The places where ``old`` and ``new`` differ."""
    edits = []
    for op, i1, i2, j1, j2 in difflib_opcodes(old, new):
        if op != "equal":
            before = old[i1 - 1] if i1 else ""
            after = old[i2] if i2 < len(old) else ""
            new_after = new[j2] if j2 < len(new) else ""
            edits.append(_Edit(old[i1:i2], new[j1:j2], before, after, new_after))
    return edits


def _verb_reason(old_text: str, new_text: str) -> str | None:
    change = verb_change(old_text, new_text)
    if change is None:
        return None
    before, after, direction = change
    if direction == "restates":
        return f"restates: {before} → {after}"
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


def _name_reason(old_text: str, new_text: str) -> tuple[str | None, set[str]]:
    """Why the names changed, as the texts write them (None when the same bodies and
    States are named, whatever the spelling), and the words of names that came or went
    as short or long forms of each other, which may then come and go."""
    gone, came = entity_change(old_text, new_text)
    if gone or came:
        parts = [f"name added: {', '.join(came)}"] if came else []
        parts += [f"name removed: {', '.join(gone)}"] if gone else []
        return "; ".join(parts), set()
    spare = {t for name in _renamed(old_text, new_text) for t in tokenise(name)}
    return None, spare


def _renamed(old_text: str, new_text: str) -> list[str]:
    """The written names that differ between the texts (short against long forms)."""
    before, after = name_forms(old_text), name_forms(new_text)
    return [before[k] for k in before.keys() - after.keys()] + [
        after[k] for k in after.keys() - before.keys()
    ]


@lru_cache(maxsize=4096)
def assess_change(kind: str, old_text: str, new_text: str) -> tuple[Significance, str] | None:
    """Say whether one change matters, and why.

    Args:
        kind: The change's kind (``unchanged`` ... ``deleted``).
        old_text: The earlier text ("" for an added paragraph).
        new_text: The later text ("" for a deleted paragraph).

    Returns:
        ("substantive" | "editorial", reason), or None for an unchanged paragraph.
    """
    return assess_tokens(kind, old_text, new_text, tokenise)


def assess_tokens(
    kind: str, old_text: str, new_text: str, tokeniser: Callable[[str], list[str]]
) -> tuple[Significance, str] | None:
    """``assess_change`` with the texts' tokens from ``tokeniser``.

    A diff has tokenised every paragraph already: it passes its own tokens, which
    ``tokenise``'s cache of recent texts no longer held on a long document (50,000
    tiny paragraphs each tokenised twice, issue 27). ``tokeniser`` must give what
    ``tokenise`` gives.
    """
    if kind == "unchanged":
        return None
    old, new = tokeniser(old_text), tokeniser(new_text)
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
        reference_reason(old_text, new_text, symbols(old_text), symbols(new_text)),
        meeting_reason(old_text, new_text),
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
        # A bump replaces one session, day or year by another; one only added or
        # removed ("2022 and 2023" -> "2022, 2023 and 2024") is news.
        replaced = _content(edit.old) and _content(edit.new)
        if excuse is None and replaced and _bump(edit):
            excuse = "session or date bump"
        if excuse is None and changed and all(t in spare for t in changed):
            excuse = "short form of a name"
        if excuse is None:
            return "substantive", quote_edit(old_text, new_text, _content(edit.old + edit.new))
        why.add(excuse)
    # CASE 5: every edit is editorial.
    return "editorial", ", ".join(sorted(why)) + " only"


def _whole(
    old_text: str, new_text: str, content: list[str], *, added: bool
) -> tuple[Significance, str]:
    """A paragraph added or deleted: substantive unless it holds nothing, or (added)
    only recalls resolutions ("Recalling its resolution 79/239 of 24 December 2024,")."""
    if not content:
        return "editorial", "no words of content"
    written = quote_words(new_text if added else old_text)
    return "substantive", f"paragraph {'added' if added else 'deleted'}: {written}"
