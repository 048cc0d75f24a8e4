"""Compare two documents: paragraph alignment, word-level redlines, change flags.

Example::

    report = compare(old_document, new_document)
    report.summary["modified"], report.changes[0].kind
"""

from pipeline.compare.align import (
    Alignment,
    AlignOptions,
    align_paragraphs,
    ratio_matrix,
    tfidf_matrix,
)
from pipeline.compare.classify import classify_change
from pipeline.compare.diff import compare, compare_chain, summarise
from pipeline.compare.normalise import normalise, token_jaccard, token_ratio, tokenise
from pipeline.compare.pairs import chains, match_predecessors, match_versions
from pipeline.compare.redline import difflib_matcher, indel_matcher, redline

__all__ = [
    "AlignOptions",
    "Alignment",
    "align_paragraphs",
    "chains",
    "classify_change",
    "compare",
    "compare_chain",
    "difflib_matcher",
    "indel_matcher",
    "match_predecessors",
    "match_versions",
    "normalise",
    "ratio_matrix",
    "redline",
    "summarise",
    "tfidf_matrix",
    "token_jaccard",
    "token_ratio",
    "tokenise",
]
