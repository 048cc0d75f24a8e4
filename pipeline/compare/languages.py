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
from collections.abc import Sequence

from pipeline.compare.languages_align import (
    Cell,
    Row,
    align_versions,
    check_sizes,
    make_cell,
    pick_pivot,
)
from pipeline.compare.languages_checks import check_row, document_issues, majority
from pipeline.compare.languages_cues import LANGUAGES, features
from pipeline.compare.languages_data import formulas
from pipeline.compare.languages_model import (
    ISSUE_KINDS,
    LanguageIssue,
    LanguageParagraph,
    LanguageReport,
    LanguageVersionsError,
)
from pipeline.document import Document, cite

__all__ = [
    "ISSUE_KINDS",
    "LanguageIssue",
    "LanguageParagraph",
    "LanguageReport",
    "LanguageVersionsError",
    "compare_languages",
    "guess_language",
    "version_language",
]

# Paragraph kinds whose opening verb is operative.
_OPERATIVE = frozenset({"operative"})


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


def _is_formula(text: str) -> bool:
    return text.strip().rstrip(",،，:").strip().casefold() in formulas()


def _cells(doc: Document, language: str) -> list[Cell]:
    notes = {note.marker: note.text for note in doc.footnotes}
    total = sum(len(p.text) for p in doc.paragraphs) or 1
    cells = []
    for para in doc.paragraphs:
        if _is_formula(para.text):
            continue  # "The General Assembly," opens the text in every language; no paragraph
        # A footnote's symbols, numbers and dates belong to the paragraph that cites it.
        cited = " ".join(notes.get(marker, "") for marker in para.footnotes)
        read = features(f"{para.text} {cited}", language, operative=para.kind in _OPERATIVE)
        cells.append(make_cell(para, read, len(para.text) / total, language))
    return cells


def _row_id(row: Row, pivot: str) -> str:
    if pivot in row:
        return row[pivot].paragraph.id
    ids = Counter(cell.paragraph.id for cell in row.values())
    return ids.most_common(1)[0][0]


def compare_languages(documents: Sequence[Document]) -> LanguageReport:
    """Align the language versions of one document and report where they disagree.

    Args:
        documents: Two or more versions of one document, each with its ``language``.

    Returns:
        The aligned paragraphs with each version's issues, and document-level issues
        (the symbol, the number of footnotes).

    Raises:
        LanguageVersionsError: Fewer than two versions, two in one language, or versions
            too long to align.
    """
    order = _order(_languages(documents))
    versions = {version_language(doc): doc for doc in documents}
    pivot = pick_pivot(versions, order)
    # Too long to align is known from the counts, before reading every paragraph's facts
    # (features of 150,000 paragraphs: over 10 s).
    sizes = {
        lang: sum(not _is_formula(p.text) for p in versions[lang].paragraphs) for lang in order
    }
    check_sizes(sizes, pivot)
    cells = {lang: _cells(versions[lang], lang) for lang in order}
    rows = align_versions(cells, pivot)
    paragraphs = []
    for row in rows:
        issues = check_row(row, order, pivot)
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
        issues=tuple(document_issues(versions, pivot)),
        sources={lang: versions[lang].source for lang in order},
    )
