"""The language versions of one document checked against each other.

``compare_languages(documents)`` aligns the versions (``languages_align``) and, for each
aligned paragraph, reports what one version says differently from the others: a
paragraph ``missing`` or ``extra``, its ``numbering``, a ``number`` (years and counts;
a number written as a word in one version and in digits in another is the same),
a ``symbol`` (document symbols and resolution references), a ``date``, the
``modality`` (the class of the operative verb, and of shall/should/may), a
``footnote`` (how many the paragraph cites).

Which version is wrong is decided by the majority of the versions that hold the
paragraph; when they split evenly, the pivot's side (English if present) is taken as
right, so with two versions every difference is reported on the other one.
Pure: takes Documents, returns a ``LanguageReport``; no file is read but the cue data.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pipeline.compare.languages_align import Cell, Row, align_versions, make_cell, pick_pivot
from pipeline.compare.languages_cues import LANGUAGES, features
from pipeline.document import Document, Paragraph, cite
from pipeline.errors import NormtraceError

ISSUE_KINDS = ("missing", "extra", "numbering", "number", "symbol", "date", "modality", "footnote")
# Paragraph kinds whose opening verb is operative.
_OPERATIVE = frozenset({"operative"})
# Translations render "should" as an obligation as often as a recommendation (Russian
# "должна", Spanish "deben"), so the two are one class; "may" is the other.
_MODAL_GROUPS = {
    "obligation": "shall/should",
    "recommendation": "shall/should",
    "permission": "may",
}


class LanguageVersionsError(NormtraceError):
    """The documents given cannot be compared as language versions of one text."""


@dataclass(frozen=True, slots=True)
class LanguageIssue:
    """One thing a version says differently from the others."""

    language: str
    kind: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"language": self.language, "kind": self.kind, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class LanguageParagraph:
    """One aligned paragraph: its id and citation, each version's paragraph, the issues."""

    id: str
    cite: str
    paragraphs: Mapping[str, Paragraph | None]
    issues: tuple[LanguageIssue, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "cite": self.cite,
            "ids": {lang: (p.id if p else None) for lang, p in self.paragraphs.items()},
            "issues": [issue.to_dict() for issue in self.issues],
        }


@dataclass(frozen=True, slots=True)
class LanguageReport:
    """The versions of one document aligned, with the problems found in each."""

    symbol: str | None
    languages: tuple[str, ...]
    pivot: str
    paragraphs: tuple[LanguageParagraph, ...]
    issues: tuple[LanguageIssue, ...] = ()
    sources: Mapping[str, str | None] = field(default_factory=dict)

    @property
    def all_issues(self) -> list[LanguageIssue]:
        """The document-level issues, then every paragraph's."""
        return [*self.issues, *(i for p in self.paragraphs for i in p.issues)]

    @property
    def summary(self) -> dict[str, Any]:
        """Counts of issues: in all, by kind, and by language and kind."""
        found = self.all_issues
        by_language = {
            lang: {k: n for k in ISSUE_KINDS if (n := _count(found, lang, k))}
            for lang in self.languages
        }
        return {
            "issues": len(found),
            "by_kind": {k: n for k in ISSUE_KINDS if (n := _count(found, None, k))},
            "by_language": by_language,
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "languages": list(self.languages),
            "pivot": self.pivot,
            "issues": [issue.to_dict() for issue in self.issues],
            "paragraphs": [p.to_dict() for p in self.paragraphs],
            "summary": self.summary,
        }


def _count(found: Iterable[LanguageIssue], language: str | None, kind: str) -> int:
    return sum(1 for i in found if i.kind == kind and language in (None, i.language))


def version_language(doc: Document) -> str:
    """A version's language as a two-letter code ("fr" for "fr", "fra" or "fr-CA").

    A document that says English (the default of readers that cannot tell) but is
    written in another script or with another language's words takes that language.
    """
    said = (doc.language or "").strip().lower()[:2]
    if said in ("", "en"):
        return guess_language(" ".join(p.text for p in doc.paragraphs[:40])) or said
    return said


# The commonest short words of the Latin-script official languages.
_FUNCTION_WORDS = {
    "en": frozenset("the of and to in that its on for with".split()),
    "fr": frozenset("le la les des et du de à que une dans sur".split()),
    "es": frozenset("el la los las del y de en que una por con".split()),
}


def guess_language(text: str) -> str | None:
    """The official language a text is written in, from its script and commonest words.

    Args:
        text: Some paragraphs of the text.

    Returns:
        "ar", "zh", "ru", "en", "fr" or "es"; None when there is too little text.
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 40:
        return None
    scripts = Counter(
        "ar" if "\u0600" <= ch <= "\u06ff" else
        "zh" if "\u4e00" <= ch <= "\u9fff" else
        "ru" if "\u0400" <= ch <= "\u04ff" else "latin"
        for ch in letters
    )  # fmt: skip
    script, count = scripts.most_common(1)[0]
    if script != "latin" and count > len(letters) / 3:
        return script
    words = Counter(w for w in text.casefold().split())
    scores = {lang: sum(words[w] for w in common) for lang, common in _FUNCTION_WORDS.items()}
    return max(scores, key=lambda lang: scores[lang])


def _languages(documents: Sequence[Document]) -> list[str]:
    """Each document's language, checked: each once."""
    seen: dict[str, Document] = {}
    for doc in documents:
        lang = version_language(doc)
        if lang in seen:
            raise LanguageVersionsError(
                f"two versions in the same language '{lang}': {seen[lang].source or '?'} "
                f"and {doc.source or '?'}"
            )
        seen[lang] = doc
    if len(seen) < 2:
        raise LanguageVersionsError("need at least two language versions of the document")
    return list(seen)


def _order(languages: Sequence[str]) -> list[str]:
    """English first, then the UN's order of the official languages, then the rest."""
    rank: dict[str, int] = {}
    for lang in ("en", *LANGUAGES):
        rank.setdefault(lang, len(rank))
    return sorted(languages, key=lambda lang: (rank.get(lang, len(rank)), lang))


def _cells(doc: Document, language: str) -> list[Cell]:
    notes = {note.marker: note.text for note in doc.footnotes}
    total = sum(len(p.text) for p in doc.paragraphs) or 1
    cells = []
    for para in doc.paragraphs:
        # A footnote's symbols, numbers and dates belong to the paragraph that cites it.
        cited = " ".join(notes.get(marker, "") for marker in para.footnotes)
        read = features(f"{para.text} {cited}", language, operative=para.kind in _OPERATIVE)
        cells.append(make_cell(para, read, len(para.text) / total, language))
    return cells


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
            found.append(LanguageIssue(lang, kind, _describe(missing, extra, show)))
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
            )
            for lang, verb in verbs.items()
            if verb != right
        ]
    held = {
        lang: frozenset(_MODAL_GROUPS.get(c, c) for c in cell.features.modals)
        for lang, cell in row.items()
    }
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


def _row_id(row: Row, pivot: str) -> str:
    if pivot in row:
        return row[pivot].paragraph.id
    ids = Counter(cell.paragraph.id for cell in row.values())
    return ids.most_common(1)[0][0]


def _document_issues(versions: Mapping[str, Document], pivot: str) -> list[LanguageIssue]:
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


def compare_languages(documents: Sequence[Document]) -> LanguageReport:
    """Align the language versions of one document and report where they disagree.

    Args:
        documents: Two or more versions of one document, each with its ``language``.

    Returns:
        The aligned paragraphs with each version's issues, and document-level issues
        (the symbol, the number of footnotes).

    Raises:
        LanguageVersionsError: Fewer than two versions, or two in one language.
    """
    order = _order(_languages(documents))
    versions = {version_language(doc): doc for doc in documents}
    pivot = pick_pivot(versions, order)
    cells = {lang: _cells(versions[lang], lang) for lang in order}
    rows = align_versions(cells, pivot)
    paragraphs = []
    for row in rows:
        issues = _presence_issues(row, order, pivot)
        if len(row) >= 2:
            issues += _numbering(row, pivot) + _facts(row, pivot)
            issues += _modality(row, pivot) + _footnotes(row, pivot)
        row_id = _row_id(row, pivot)
        paragraphs.append(
            LanguageParagraph(
                id=row_id,
                cite=cite(row_id),
                paragraphs={lang: (row[lang].paragraph if lang in row else None) for lang in order},
                issues=tuple(sorted(issues, key=lambda i: (order.index(i.language), i.kind))),
            )
        )
    symbol = majority({lang: versions[lang].symbol for lang in order}, pivot)
    return LanguageReport(
        symbol=symbol if isinstance(symbol, str) else None,
        languages=tuple(order),
        pivot=pivot,
        paragraphs=tuple(paragraphs),
        issues=tuple(_document_issues(versions, pivot)),
        sources={lang: versions[lang].source for lang in order},
    )
