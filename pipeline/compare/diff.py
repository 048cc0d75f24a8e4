"""``compare(old, new)``: align two documents, redline and flag each change, summarise.

The summary (``DiffReport.summary``) holds everything a report writer shows:

- ``unchanged`` ... ``deleted``: how many changes of each kind;
- ``similarity``: the share of words the two documents have in common,
  2 * common / (old words + new words);
- ``overlap``: ``old_in_new`` and ``new_in_old``, the share of each document's
  words found in the other;
- ``paragraphs`` and ``words``: the size of each document;
- ``flags``: how many changes carry each flag;
- ``shared_passages``: the longest word runs the two share (``shared_passage_count``
  says how many there are in all).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import pairwise
from typing import Any

from pipeline.compare.align import DEFAULT_ALIGN, Alignment, AlignOptions, align_paragraphs
from pipeline.compare.classify import classify_change
from pipeline.compare.normalise import common_words, strip_footnote_markers, tokenise
from pipeline.compare.redline import Matcher, Run, difflib_matcher, redline
from pipeline.compare.shared import find_overlaps
from pipeline.compare.significance import assess_tokens
from pipeline.document import (
    CHANGE_KINDS,
    Change,
    DiffReport,
    DocRef,
    Document,
    Overlap,
    Paragraph,
    cite,
)
from pipeline.lexicon import strip_numbering

_REDLINED = frozenset({"modified", "moved", "split", "merged"})


def _order(alignments: list[Alignment]) -> list[Alignment]:
    """Order changes as the new document reads, each deletion after its old neighbour."""
    new_pos_of_old: dict[int, int] = {}
    for a in alignments:
        for i in a.old:
            if a.new:
                new_pos_of_old[i] = min(a.new)
    kept = sorted(new_pos_of_old)

    def key(a: Alignment) -> tuple[int, int, int]:
        if a.new:
            return (min(a.new), 0, min(a.old, default=-1))
        # Issue 27: the nearest kept old paragraph before the deleted one, by bisection
        # (a list of all earlier ones per deletion was quadratic in deletions).
        at = bisect_left(kept, a.old[0])
        anchor = new_pos_of_old[kept[at - 1]] if at else -1
        return (anchor, 1, a.old[0])

    return sorted(alignments, key=key)


def renumbered(old: Paragraph, new: Paragraph) -> bool:
    """Say whether a paragraph's own number changed between two versions.

    A subparagraph is judged by its own level only: "1.1" becoming "2.1" follows its
    parent's renumbering (flagged on the parent), while "(b)" becoming "(a)" is its own.

    Args:
        old: The paragraph in the earlier document.
        new: The corresponding paragraph in the later document.

    Returns:
        True when the (own-level) numbers differ.
    """
    if old.kind == new.kind == "subparagraph" and old.number and new.number:
        return old.number.rsplit(".", 1)[-1] != new.number.rsplit(".", 1)[-1]
    return old.number != new.number


# The helpers below run once or twice a change (50,000 on the largest inputs of issue
# 27): lists, not generators, which cost twice as much on one or two paragraphs, and
# one paragraph (nearly every change) read as it is.
def _join(paragraphs: Sequence[Paragraph], indices: tuple[int, ...]) -> str:
    if len(indices) == 1:
        return paragraphs[indices[0]].text
    return "\n\n".join([paragraphs[i].text for i in indices])


def _written(text: str) -> list[str]:
    """The words as written, numbering, footnote markers, case and layout aside."""
    return re.findall(r"[^\W_]+", strip_numbering(strip_footnote_markers(text)).casefold())


def _cites(paragraphs: Sequence[Paragraph], indices: tuple[int, ...]) -> str:
    if len(indices) == 1:
        return cite(paragraphs[indices[0]].id)
    return " + ".join([cite(paragraphs[i].id) for i in indices])


def _ids(paragraphs: Sequence[Paragraph], indices: tuple[int, ...]) -> tuple[str, ...]:
    if len(indices) == 1:
        return (paragraphs[indices[0]].id,)
    return tuple([paragraphs[i].id for i in indices])


# A change's significance and reason from its kind and texts (``compare``'s ``assess``).
_Assess = Callable[[str, str, str], tuple[str, str] | None]


def _change(
    a: Alignment,
    old: Sequence[Paragraph],
    new: Sequence[Paragraph],
    redline_of: Callable[[str, str], tuple[Run, ...]],
    assess: _Assess,
    tokens_of: Callable[[str], list[str]],
) -> Change:
    """One alignment as a change; ``tokens_of`` gives ``tokenise``'s tokens of a text."""
    old_text, new_text = _join(old, a.old), _join(new, a.new)
    # Issue 24: the same tokens written with other words ("ICTs" for "information and
    # communications technologies") is an editorial change, shown, not "unchanged".
    if a.kind == "unchanged" and old_text != new_text and _written(old_text) != _written(new_text):
        a = replace(a, kind="modified")
    tokens: tuple[Run, ...] = ()
    flags: list[str] = []
    if a.kind in _REDLINED:
        tokens = redline_of(old_text, new_text)
        # No flag when the tokens are the same (``classify_change``'s own first test):
        # asked here from the comparison's tokens, not tokenised again (issue 27: 19,000
        # moved paragraphs that differ only in their numbering).
        if tokens_of(old_text) != tokens_of(new_text):
            flags += classify_change(old_text, new_text)
    if a.crossed:
        flags.append(a.crossed)
    if a.contained:
        flags.append(a.contained)
    if len(a.old) == len(a.new) == 1 and a.kind in ("unchanged", "modified"):
        if renumbered(old[a.old[0]], new[a.new[0]]):
            flags.append("renumbered")
    similarity = 1.0 if a.kind == "unchanged" else round(a.similarity, 4)
    significance, reason = assess(a.kind, old_text, new_text) or ("", "")
    return Change(
        kind=a.kind,
        old_ids=_ids(old, a.old),
        new_ids=_ids(new, a.new),
        old_text=old_text,
        new_text=new_text,
        tokens=tokens,
        flags=tuple(flags),
        similarity=similarity,
        significance=significance,
        reason=reason,
        old_cite=_cites(old, a.old),
        new_cite=_cites(new, a.new),
        old_page=old[a.old[0]].page if a.old else None,
        new_page=new[a.new[0]].page if a.new else None,
    )


def _passages(
    changes: Sequence[Change], min_words: int, tokeniser: Callable[[str], list[str]]
) -> list[dict[str, Any]]:
    """Word runs of at least ``min_words`` words found in both documents, longest first."""
    found = []
    for change in changes:
        if change.kind == "unchanged":
            runs: Sequence[tuple[str, str]] = [("equal", change.new_text)]
        else:
            runs = change.tokens
        for op, text in runs:
            words = len(tokeniser(text)) if op == "equal" else 0
            if words >= min_words:
                found.append(
                    {
                        "old_ids": list(change.old_ids),
                        "new_ids": list(change.new_ids),
                        "words": words,
                        "text": " ".join(text.split()),
                    }
                )
    return sorted(found, key=lambda p: -p["words"])


def summarise(
    changes: Sequence[Change],
    old: Document,
    new: Document,
    *,
    min_passage_words: int = 12,
    max_passages: int = 20,
    tokeniser: Callable[[str], list[str]] = tokenise,
) -> dict[str, Any]:
    """Count the changes and measure how much of each document is in the other.

    Args:
        changes: The changes of one comparison.
        old: The earlier document.
        new: The later document.
        min_passage_words: Shortest word run reported as a shared passage.
        max_passages: How many shared passages to keep (the longest).
        tokeniser: Turns text into comparison tokens.

    Returns:
        The summary dictionary described in the module docstring (JSON-ready).
    """
    counts: Counter[str] = Counter(c.kind for c in changes)
    old_words = sum(len(tokeniser(p.text)) for p in old.paragraphs)
    new_words = sum(len(tokeniser(p.text)) for p in new.paragraphs)
    common = 0
    for change in changes:
        if change.kind == "unchanged":
            common += len(tokeniser(change.old_text))
        elif change.old_ids and change.new_ids:
            common += common_words(tokeniser(change.old_text), tokeniser(change.new_text))
    total = old_words + new_words
    passages = _passages(changes, min_passage_words, tokeniser)
    flag_counts = Counter(f for c in changes for f in c.flags)
    significance = Counter(c.significance for c in changes if c.significance)
    return {
        **{kind: counts.get(kind, 0) for kind in CHANGE_KINDS},
        "similarity": round(2 * common / total, 4) if total else 1.0,
        "overlap": {
            "old_in_new": round(common / old_words, 4) if old_words else 1.0,
            "new_in_old": round(common / new_words, 4) if new_words else 1.0,
        },
        "paragraphs": {"old": len(old.paragraphs), "new": len(new.paragraphs)},
        "words": {"old": old_words, "new": new_words, "common": common},
        "flags": dict(sorted(flag_counts.items())),
        "significance": {
            level: significance.get(level, 0) for level in ("substantive", "editorial")
        },
        "shared_passages": passages[:max_passages],
        "shared_passage_count": len(passages),
    }


def compare(
    old: Document,
    new: Document,
    *,
    align: AlignOptions = DEFAULT_ALIGN,
    matcher: Matcher = difflib_matcher,
    min_equal: int = 3,
    min_passage_words: int = 12,
    max_passages: int = 20,
    tokeniser: Callable[[str], list[str]] = tokenise,
    overlap_words: int | None = 5,
) -> DiffReport:
    """Compare two documents paragraph by paragraph.

    Args:
        old: The earlier document (a draft, last year's resolution ...).
        new: The later document.
        align: How paragraphs are aligned (``AlignOptions``: scorer, thresholds, splits,
            moves, containment), passed down whole to ``align_paragraphs``.
        matcher: Word alignment strategy of the redline (see ``redline``).
        min_equal: Equal runs shorter than this between two edits are folded in.
        min_passage_words: Shortest run of words reported as a shared passage.
        max_passages: How many shared passages the summary keeps.
        tokeniser: Turns paragraph text into comparison tokens.
        overlap_words: Fewest content words of a passage shared by two paragraphs that
            are not aligned (``DiffReport.overlaps``); None skips the search.

    Returns:
        A DiffReport whose changes follow the new document's order.
    """
    cache: dict[str, list[str]] = {}

    def cached(text: str) -> list[str]:
        """The tokeniser, run once per distinct text of this comparison."""
        found = cache.get(text)
        if found is None:
            found = cache[text] = tokeniser(text)
        return found

    # Significance and the flags are judged on ``tokenise``'s tokens, whatever tokeniser aligns.
    significance_tokens = cached if tokeniser is tokenise else tokenise
    verdicts: dict[tuple[str, str, str], tuple[str, str] | None] = {}

    def assess(kind: str, old_text: str, new_text: str) -> tuple[str, str] | None:
        """Significance from this comparison's tokens, once per distinct change (a text
        repeated 2,200 times a side gives as many changes of the same two texts)."""
        key = (kind, old_text, new_text)
        if key not in verdicts:
            verdicts[key] = assess_tokens(kind, old_text, new_text, significance_tokens)
        return verdicts[key]

    redlines: dict[tuple[str, str], tuple[Run, ...]] = {}

    def redline_of(old_text: str, new_text: str) -> tuple[Run, ...]:
        """The redline, once per distinct pair of texts (30,000 tiny paragraphs of ten
        texts a side: 19,950 redlines of 100 pairs)."""
        found = redlines.get((old_text, new_text))
        if found is None:
            found = redline(old_text, new_text, matcher=matcher, min_equal=min_equal)
            redlines[old_text, new_text] = found
        return found

    alignments = align_paragraphs(old.paragraphs, new.paragraphs, align, tokeniser=cached)
    changes = tuple(
        _change(a, old.paragraphs, new.paragraphs, redline_of, assess, significance_tokens)
        for a in _order(alignments)
    )
    summary = summarise(
        changes,
        old,
        new,
        min_passage_words=min_passage_words,
        max_passages=max_passages,
        tokeniser=cached,
    )
    overlaps: tuple[Overlap, ...] = ()
    if overlap_words is not None:
        aligned = [(i, j) for a in alignments for i in a.old for j in a.new]
        # Unchanged paragraphs, and moved ones whose words did not change (issue 27: a
        # shuffled copy was searched whole): what two of them share is no news.
        same = [
            (a.old[0], a.new[0])
            for a in alignments
            if a.kind == "unchanged"
            or (
                a.kind == "moved"
                and len(a.old) == len(a.new) == 1
                and cached(old.paragraphs[a.old[0]].text) == cached(new.paragraphs[a.new[0]].text)
            )
        ]
        search = find_overlaps(
            old.paragraphs,
            new.paragraphs,
            min_words=overlap_words,
            exclude=aligned,
            same=same,
            titles=(old.title, new.title),
        )
        overlaps = tuple(search.overlaps)
        summary["overlap_count"] = len(overlaps)
        summary["overlap_boilerplate"] = sum(o.boilerplate for o in overlaps)
        # Issue 27: at most ``cap`` passages a paragraph; say how many were left out, and
        # how many word pairs were too common to start a passage (a repetitive text).
        summary["overlap_cap"] = {
            "per_paragraph": search.cap,
            "left_out": search.dropped,
            "common_bigrams": search.common_bigrams,
            "partners_cut": search.partners_cut,
        }
    return DiffReport(
        old=DocRef(symbol=old.symbol, title=old.title),
        new=DocRef(symbol=new.symbol, title=new.title),
        summary=summary,
        changes=changes,
        overlaps=overlaps,
    )


def compare_chain(documents: Sequence[Document], **strategies: Any) -> tuple[DiffReport, ...]:
    """Compare each document of a chain (draft, revision, resolution) with the next.

    Args:
        documents: Two or more documents, oldest first.
        **strategies: Passed on to ``compare``.

    Returns:
        One DiffReport per step: (documents[0], documents[1]), (documents[1], ...).
    """
    if len(documents) < 2:
        raise ValueError("a comparison needs at least two documents")
    return tuple(compare(a, b, **strategies) for a, b in pairwise(documents))


def select_changes(
    report: DiffReport, *, significance: str | None = None, kinds: Sequence[str] = ()
) -> DiffReport:
    """Keep only the changes of one significance and of the given kinds.

    The summary still describes the whole comparison; ``summary["selected"]`` says
    what was kept.

    Args:
        report: A comparison.
        significance: "substantive" or "editorial"; None keeps both (and unchanged).
        kinds: Change kinds to keep; empty keeps every kind.

    Returns:
        A new report with the selected changes.
    """
    changes = tuple(
        c
        for c in report.changes
        if (significance is None or c.significance == significance)
        and (not kinds or c.kind in kinds)
    )
    selected = {"significance": significance, "kinds": list(kinds), "changes": len(changes)}
    return replace(report, changes=changes, summary={**report.summary, "selected": selected})
