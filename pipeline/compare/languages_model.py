"""What the language comparison returns: issues, aligned paragraphs, the report."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pipeline.document import Paragraph
from pipeline.errors import NormtraceError

ISSUE_KINDS = ("missing", "extra", "numbering", "number", "symbol", "date", "modality", "footnote")


class LanguageVersionsError(NormtraceError):
    """The documents given cannot be compared as language versions of one text."""


@dataclass(frozen=True, slots=True)
class LanguageIssue:
    """One thing a version says differently from the others."""

    language: str
    kind: str
    detail: str
    # What of it is written in this version's text ("2026", "73/28", "Invite"), for a
    # reader to mark; not part of the JSON.
    marks: tuple[str, ...] = ()

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
