"""The cue data of the language comparison, read once per language.

The cue data live in ``pipeline/compare/data/``: ``months.csv`` (language, month,
name), ``numbers.csv`` (language, word, value, kind: unit, mult, or suffix for a
noun ending that says the number, such as the Arabic dual), ``numbering.csv`` (language, the
letters of sub-items in order) and ``modality_<language>.csv`` (cue, role, class: role
``verb`` for the opening verb of an operative paragraph, ``modal`` for shall/should/may
in the text, ``leader`` for an adverb that may stand before the opening verb, ``prefix``
for a clitic written onto it, ``none`` for a word that holds a cue without being one).
Also ``formulas.csv`` (language, the enacting formula: "The General Assembly," is no
paragraph), ``names.csv`` (language or *, names that hold a number that is no count, such as
COVID-19) and ``concepts.csv`` (concept, language, pattern: the UN terms a translation
keeps, used to pair paragraphs).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")


@dataclass(frozen=True, slots=True)
class Cues:
    """One language's cue data, compiled."""

    language: str
    month_pattern: re.Pattern[str] | None
    months: dict[str, int]
    number_words: dict[str, tuple[int, bool]]
    number_suffixes: dict[str, int]
    number_stems: tuple[tuple[str, int], ...]
    letters: tuple[str, ...]
    verbs: dict[str, str]
    modals: dict[str, str]
    leaders: tuple[str, ...]
    prefixes: tuple[str, ...]
    modal_pattern: re.Pattern[str] | None
    names: re.Pattern[str] | None
    concepts: tuple[tuple[str, re.Pattern[str]], ...]


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("pipeline.compare").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def formulas() -> frozenset[str]:
    """The enacting formulas of every language ("The General Assembly", "大会"), case-folded."""
    return frozenset(row["formula"].casefold() for row in _read_csv("formulas.csv"))


@cache
def load_cues(language: str) -> Cues:
    """Return the compiled cue data of one language (empty cues for an unknown one).

    Args:
        language: A two-letter code ("fr").

    Returns:
        The language's month names, number words, sub-item letters and modality cues.
    """
    months = {
        r["name"]: int(r["month"]) for r in _read_csv("months.csv") if r["language"] == language
    }
    numerals = [r for r in _read_csv("numbers.csv") if r["language"] == language]
    words = {
        r["word"]: (int(r["value"]), r["kind"] == "mult")
        for r in numerals
        if r["kind"] in ("unit", "mult")
    }
    # Russian ordinals are declined ("двадцать пятую", "семьдесят девятой"): their stems.
    stems = {r["word"].lstrip("*"): int(r["value"]) for r in numerals if r["kind"] == "stem"}
    # Arabic writes "two" by the dual ending of the noun ("اجتماعين", two meetings).
    suffixes = {r["word"].lstrip("*"): int(r["value"]) for r in numerals if r["kind"] == "suffix"}
    fixed = [r["name"] for r in _read_csv("names.csv") if r["language"] in (language, "*")]
    letters = tuple(r["letters"] for r in _read_csv("numbering.csv") if r["language"] == language)
    rows: list[dict[str, str]] = []
    if resources.files("pipeline.compare").joinpath("data", f"modality_{language}.csv").is_file():
        rows = _read_csv(f"modality_{language}.csv")
    by_role: dict[str, dict[str, str]] = {}
    for row in rows:
        by_role.setdefault(row["role"], {})[row["cue"]] = row["class"]
    modals = {**by_role.get("modal", {}), **by_role.get("none", {})}
    month_pattern = None
    if months:
        names = _alternation(list(months))
        month_pattern = re.compile(
            rf"(?:(?P<day>\d{{1,2}})(?:er|º|°|st|nd|rd|th)?\s+(?:de\s+)?)?"
            rf"(?P<month>{names})(?:\s*/\s*|\s+)?(?P<also>{names})?(?:\s+de|\s*,)?\s+"
            rf"(?P<year>\d{{4}})"
            rf"|(?P<day2>\d{{1,2}})(?:er|º|°)?\s+(?:de\s+)?(?P<month2>{names})"
            rf"(?:\s*/\s*(?P<also2>{names}))?(?!\w)",
            0 if language == "en" else re.IGNORECASE,
        )
    modal_pattern = None
    if modals:
        prefix = (
            f"(?:{_alternation(list(by_role.get('prefix', {})))})?" if "prefix" in by_role else ""
        )
        if language == "zh":  # no spaces between words: the longest cue wins
            modal_pattern = re.compile(f"(?:{_alternation(list(modals))})")
        else:
            modal_pattern = re.compile(
                rf"(?<!\w){prefix}(?:{_alternation(list(modals))})(?!\w)", re.IGNORECASE
            )
    return Cues(
        language=language,
        month_pattern=month_pattern,
        months={k.casefold(): v for k, v in months.items()},
        number_words={k.casefold(): v for k, v in words.items()},
        number_suffixes=suffixes,
        number_stems=tuple(sorted(stems.items(), key=lambda kv: -len(kv[0]))),
        letters=letters,
        verbs=by_role.get("verb", {}),
        modals={k.casefold(): v for k, v in modals.items()},
        leaders=tuple(sorted(by_role.get("leader", {}), key=len, reverse=True)),
        prefixes=tuple(by_role.get("prefix", {})),
        modal_pattern=modal_pattern,
        names=re.compile(_alternation(fixed), re.IGNORECASE) if fixed else None,
        concepts=_concepts(language),
    )


def _concepts(language: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The UN terms a translation keeps (concepts.csv), one pattern per concept."""
    found: dict[str, list[str]] = {}
    for row in _read_csv("concepts.csv"):
        if row["language"] == language:
            found.setdefault(row["concept"], []).append(row["pattern"])
    # Chinese has no spaces and Arabic writes clitics onto the word: no start boundary.
    start = "" if language in ("zh", "ar") else r"(?<!\w)"
    end = "" if language in ("zh", "ar") else r"(?!\w)"
    return tuple(
        (concept, re.compile(f"{start}(?:{'|'.join(patterns)}){end}", re.IGNORECASE))
        for concept, patterns in sorted(found.items())
    )
