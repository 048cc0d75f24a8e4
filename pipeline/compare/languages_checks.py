"""The checks of one aligned paragraph across its versions, and of the documents as wholes.

Each check reads what the versions hold (``languages_cues.Features``) and reports the
versions that differ from the majority; on a tie the pivot's side is taken as right.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import Any

from pipeline.compare.languages_align import Cell, Row
from pipeline.compare.languages_model import LanguageIssue
from pipeline.document import Document

# Translations render "should" as an obligation as often as a recommendation (Russian
# "должна", Spanish "deben"), so the two are one class; "may" is the other.
_MODAL_GROUPS = {
    "obligation": "shall/should",
    "recommendation": "shall/should",
    "permission": "may",
}


def majority(values: Mapping[str, Hashable], pivot: str) -> Hashable:
    """The value most versions share; on a tie, the pivot's (else the earliest's).

    Args:
        values: One value per language.
        pivot: The pivot language.

    Returns:
        The winning value.
    """
    counts = Counter(values.values())
    top = max(counts.values())
    tied = [v for v, c in counts.items() if c == top]
    if len(tied) == 1:
        return tied[0]
    if pivot in values and values[pivot] in tied:
        return values[pivot]
    return next(v for v in values.values() if v in tied)


def _presence(
    row: Row,
    pivot: str,
    kind: str,
    read: Callable[[Cell], Counter[Any]],
    excuse: Callable[[Cell, Any], bool],
) -> dict[str, tuple[list[Any], list[Any]]]:
    """For each version, the values it lacks that most hold and holds that most lack.

    Args:
        row: The aligned cells.
        pivot: The pivot language.
        kind: number, symbol or date.
        read: The values a cell holds (numbers, symbols or dates).
        excuse: Whether a cell that lacks a value still says it another way.

    Returns:
        language -> (values missing, values extra), only for versions with either.
    """
    held = {lang: read(cell) for lang, cell in row.items()}
    result: dict[str, tuple[list[Any], list[Any]]] = {}
    for value in sorted(set().union(*held.values()), key=str):
        if kind == "number" and any(value in c.features.number_words for c in row.values()):
            # Written as a word in some version: which of the others write it, in which
            # inflection, cannot be told with confidence, so the value is not compared.
            continue
        has = {lang: value in held[lang] or excuse(row[lang], value) for lang in row}
        right = majority(has, pivot)
        for lang, there in has.items():
            if there != right:
                missing, extra = result.setdefault(lang, ([], []))
                (extra if there else missing).append(value)
    return result


def _reference_excuse(cell: Cell, value: Any) -> bool:
    """A number that is a part of a reference the cell holds ("24/7" and "7天24小时")."""
    return any(str(value) in ref.split("/") for ref in cell.features.symbols if "/" in ref)


def _numbers_excuse(cell: Cell, value: Any) -> bool:
    """A short reference whose two numbers the cell holds as numbers ("24/7", "7天24小时")."""
    parts = str(value).split("/")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return False
    held = set(cell.features.numbers) | cell.features.number_words
    return all(int(p) in held for p in parts)


def _no_excuse(cell: Cell, value: Any) -> bool:
    return False


def _show_date(value: tuple[int, int, int]) -> str:
    year, month, day = value
    return (
        "-".join(f"{n:02d}" if n else "?" for n in (year, month, day))
        if year
        else (f"--{month:02d}-{day:02d}")
    )


def _describe(missing: list[Any], extra: list[Any], show: Callable[[Any], str]) -> str:
    parts = []
    if extra:
        parts.append(", ".join(show(v) for v in extra) + " where the others have none")
    if missing:
        parts.append("lacks " + ", ".join(show(v) for v in missing))
    if missing and extra:
        return f"{', '.join(show(v) for v in extra)} where the others have " + ", ".join(
            show(v) for v in missing
        )
    return "; ".join(parts)


def _facts(row: Row, pivot: str) -> list[LanguageIssue]:
    found: list[LanguageIssue] = []
    checks: tuple[
        tuple[str, Callable[[Cell], Counter[Any]], Callable[..., bool], Callable[[Any], str]], ...
    ] = (
        ("number", lambda c: c.features.numbers, _reference_excuse, str),
        ("symbol", lambda c: c.features.symbols, _numbers_excuse, str),
        ("date", lambda c: c.features.dates, _no_excuse, _show_date),
    )
    for kind, read, excuse, show in checks:
        for lang, (missing, extra) in _presence(row, pivot, kind, read, excuse).items():
            marks = tuple(str(v) for v in extra) if kind != "date" else ()
            found.append(LanguageIssue(lang, kind, _describe(missing, extra, show), marks))
    return found


def _numbering(row: Row, pivot: str) -> list[LanguageIssue]:
    votes: Counter[int] = Counter()
    for cell in row.values():
        votes.update(cell.numbering)
    if not votes:
        return []
    best = max(votes.values())
    tops = [v for v, c in votes.items() if c == best]
    value = next((v for v in tops if v in row.get(pivot, row[next(iter(row))]).numbering), tops[0])
    right = {lang: value in cell.numbering for lang, cell in row.items()}
    if majority(right, pivot) is not True:
        return []
    shown = next(c.paragraph.number for c in row.values() if value in c.numbering)
    return [
        LanguageIssue(
            lang,
            "numbering",
            f"numbered {cell.paragraph.number or 'not at all'!s} where the others have {shown}",
        )
        for lang, cell in row.items()
        if value not in cell.numbering
    ]


def _modality(row: Row, pivot: str) -> list[LanguageIssue]:
    found: list[LanguageIssue] = []
    verbs = {lang: c.features.verb for lang, c in row.items() if c.features.verb is not None}
    if len(verbs) >= 2:
        right = majority(verbs, pivot)
        example = next(row[lang].features.verb_text for lang, v in verbs.items() if v == right)
        found += [
            LanguageIssue(
                lang,
                "modality",
                f"opens with '{row[lang].features.verb_text}' ({verb}) where the others have "
                f"{right} ('{example}')",
                (row[lang].features.verb_text or "",),
            )
            for lang, verb in verbs.items()
            if verb != right
        ]
    held = {
        lang: frozenset(_MODAL_GROUPS.get(c, c) for c in cell.features.modals)
        for lang, cell in row.items()
    }
    counts = {lang: _group_counts(cell) for lang, cell in row.items()}
    for lang, own in held.items():
        others = [h for other, h in held.items() if other != lang]
        if len(others) < 2 and lang == pivot:
            continue
        # A swap, never a mere absence: translations drop and add modals freely, but a
        # version that says "may" where every other says "should" says something else.
        only = {g for g in own if not any(g in h for h in others)}
        lacking = {
            g
            for g in _MODAL_GROUPS.values()
            if g not in own and sum(g in h for h in others) >= max(1, len(others) - 1)
        }
        # Or one "should" of several made "may": fewer than most others have.
        should = _MODAL_GROUPS["recommendation"]
        if should not in only and counts[lang][should] < statistics.median_low(
            counts[o][should] for o in row if o != lang
        ):
            lacking.add(should)
        if only and lacking:
            found.append(
                LanguageIssue(
                    lang,
                    "modality",
                    f"a modal of {' and '.join(sorted(only))} where the others have "
                    f"{' and '.join(sorted(lacking))}",
                )
            )
    return found


def _group_counts(cell: Cell) -> Counter[str]:
    """How many modals of each group (shall/should, may) a paragraph has."""
    counts: Counter[str] = Counter()
    for cls, n in cell.features.modal_counts.items():
        counts[_MODAL_GROUPS.get(cls, cls)] += n
    return counts


def _footnotes(row: Row, pivot: str) -> list[LanguageIssue]:
    counts = {lang: len(cell.paragraph.footnotes) for lang, cell in row.items()}
    right = majority(counts, pivot)
    return [
        LanguageIssue(lang, "footnote", f"cites {n} footnote(s) where the others cite {right}")
        for lang, n in counts.items()
        if n != right
    ]


def _presence_issues(row: Row, order: Sequence[str], pivot: str) -> list[LanguageIssue]:
    has = {lang: lang in row for lang in order}
    right = majority(has, pivot)
    if right:
        return [
            LanguageIssue(lang, "missing", "no such paragraph") for lang in order if lang not in row
        ]
    return [
        LanguageIssue(lang, "extra", "a paragraph the others do not have")
        for lang in order
        if lang in row
    ]


def check_row(row: Row, order: Sequence[str], pivot: str) -> list[LanguageIssue]:
    """Every issue of one aligned paragraph: presence, then numbering, facts, modality, notes.

    Args:
        row: The versions' cells of the paragraph (absent versions are not in it).
        order: Every language compared, in report order.
        pivot: The pivot language.

    Returns:
        The issues, in no particular order.
    """
    issues = _presence_issues(row, order, pivot)
    if len(row) >= 2:
        issues += _numbering(row, pivot) + _facts(row, pivot)
        issues += _modality(row, pivot) + _footnotes(row, pivot)
    return issues


def document_issues(versions: Mapping[str, Document], pivot: str) -> list[LanguageIssue]:
    """What a version says differently of the document as a whole.

    Args:
        versions: The documents by language.
        pivot: The pivot language.

    Returns:
        A ``symbol`` issue for a version whose document symbol differs from most, a
        ``footnote`` issue for one with another number of footnotes.
    """
    found = []
    symbols = {lang: (doc.symbol or "").replace(" ", "") for lang, doc in versions.items()}
    right = majority(symbols, pivot)
    found += [
        LanguageIssue(
            lang, "symbol", f"document symbol {s or 'none'} where the others have {right}"
        )
        for lang, s in symbols.items()
        if s != right
    ]
    notes = {lang: len(doc.footnotes) for lang, doc in versions.items()}
    most = majority(notes, pivot)
    found += [
        LanguageIssue(
            lang, "footnote", f"{n} footnote(s) in the document where the others have {most}"
        )
        for lang, n in notes.items()
        if n != most
    ]
    return found
