"""Word-level redlines that read like a lawyer's: whole words, few and long runs.

A redline is a tuple of ``(op, text)`` runs, op in equal | insert | delete. The
equal and delete runs joined give the old text; the equal and insert runs joined
give the new text (whitespace collapsed). Within one edit the deletion comes
before the insertion, and an equal run of a word or two caught between two edits
is folded into them, so "the" and "of" never stand alone between struck words.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from functools import lru_cache

from rapidfuzz.distance import Indel

from pipeline.compare.longdiff import DIFFLIB_CELLS, long_opcodes
from pipeline.compare.normalise import unify_hyphens

Run = tuple[str, str]
Matcher = Callable[[Sequence[str], Sequence[str]], list[tuple[str, int, int, int, int]]]

# A word (keeping inner hyphens, slashes, dots and apostrophes: "A/RES/73/27",
# "non-State", "States'"), or one punctuation mark, with the spaces after it.
_WORD = re.compile(r"(?:\w+(?:[-\u2010\u2011/.'’]\w+)*|[^\w\s])\s*")
# A hyphen, then spaces holding a line break, then a word. The spaces are taken whole
# (possessive), so a long run of them is read once, never backtracked over.
_LINE_END_HYPHEN = re.compile(r"(?<=\w)-(?=\s*\n)\s*+(?=\w)")
_STOPWORDS = frozenset(
    "a an and as at be by for from in into its of on or that the their this to with".split()
)
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "«": '"', "»": '"'})


def split_words(text: str) -> list[str]:
    """Split text into word and punctuation tokens, each with its trailing space.

    Line breaks and runs of spaces become one space; a hyphen at a line end keeps
    its word whole ("open-\\nended" becomes "open-ended").

    Args:
        text: Paragraph text.

    Returns:
        Tokens whose concatenation is the whitespace-collapsed text (``collapse``).
    """
    return _WORD.findall(collapse(text))


def collapse(text: str) -> str:
    """The text as ``split_words``'s tokens join: one space for each run of spaces and
    line breaks, none at the ends, a hyphen at a line end joined to the next word.

    ``str.split`` splits where the pattern ``\\s+`` matches (both read the same
    characters as spaces), ten times faster than ``re.sub`` on tiny paragraphs.
    """
    if "-" in text:
        text = _LINE_END_HYPHEN.sub("-", text)
    return " ".join(text.split())


@lru_cache(maxsize=65536)  # a long text repeats its words (issue 27)
def _key(token: str) -> str:
    return unify_hyphens(token.strip()).translate(_QUOTES)


def _is_junk(key: str) -> bool:
    return key.lower() in _STOPWORDS or not any(ch.isalnum() for ch in key)


def difflib_matcher(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes from difflib: longest blocks first, which keeps sentences together.

    Stop words and punctuation never anchor a match on their own (difflib's
    ``isjunk``), so "and" or "," is not matched across a rewritten phrase. Above
    ``DIFFLIB_CELLS`` (words of one side times words of the other; no real paragraph
    comes near) difflib runs only between anchors (``long_opcodes``): its longest-match
    search is quadratic, 41-51 s on two one-paragraph 1 MB texts (issue 27).
    """
    if a and list(a) == list(b):  # what difflib answers, without its search
        return [("equal", 0, len(a), 0, len(b))]
    if len(a) * len(b) > DIFFLIB_CELLS:  # one huge paragraph: anchored, near-linear
        return long_opcodes(a, b, _plain_difflib, _is_junk)
    return _plain_difflib(a, b)


def _plain_difflib(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    matcher = difflib.SequenceMatcher(_is_junk, a, b, autojunk=False)
    ops: list[tuple[str, int, int, int, int]] = [
        (tag, i1, i2, j1, j2) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    return ops


def indel_matcher(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    """Opcodes from rapidfuzz's Indel alignment (longest common subsequence; faster).

    Above ``DIFFLIB_CELLS``, only between anchors (``long_opcodes``), as difflib.
    """
    if len(a) * len(b) > DIFFLIB_CELLS:
        return long_opcodes(a, b, _plain_indel, _is_junk)
    return _plain_indel(a, b)


def _plain_indel(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    return [tuple(op) for op in Indel.opcodes(a, b)]  # type: ignore[misc]


@lru_cache(maxsize=65536)
def _is_word(token: str) -> bool:
    return any(ch.isalnum() for ch in token)


def _words(tokens: list[str]) -> int:
    return sum(_is_word(t) for t in tokens)


Region = tuple[str, list[str], list[str]]  # (equal | edit, old tokens, new tokens)


def _regions(a: list[str], b: list[str], matcher: Matcher, min_equal: int) -> list[Region]:
    """The matcher's regions of two token lists, short equal runs folded (``redline``)."""
    keys_a, keys_b = list(map(_key, a)), list(map(_key, b))
    if matcher is difflib_matcher or matcher is indel_matcher:
        one = _one_edit(a, b, keys_a, keys_b)
        if one is not None:
            return one
    return _matched_regions(a, b, keys_a, keys_b, matcher, min_equal)


def _one_edit(
    a: list[str], b: list[str], keys_a: list[str], keys_b: list[str]
) -> list[Region] | None:
    """The regions of two texts that differ in one run, found without a matcher; None
    for any other pair. 19,950 redlines of tiny paragraphs: 0.8 s, most of it difflib.

    The pair qualifies when the words of the run on each side are nowhere on the other
    side. Then only the shared head and tail can match, and the matchers match each of
    their words to its own copy, at the same place from the start (head) or the end
    (tail). A block placed elsewhere would need a copy of its words as long and found
    first (difflib) or as many matches (Indel), and the copy in the same place always
    comes first or matches more. This holds when the run is a replacement, its two
    sides keeping the head and tail apart; for an insertion or deletion the head and
    tail of one side touch ("y y y" for "y z y y": difflib matches "y y" across them),
    so there no word of them may be held twice. What a matcher leaves of the head or
    tail (difflib skips stop words at a block's end) ``_trim_edits`` moves back into the
    equal regions: what is left is the head, the one edit, the tail, with nothing to
    fold. Both matchers run plain at this size (``DIFFLIB_CELLS``); equal keys are one
    equal region for both.
    """
    size_a, size_b = len(keys_a), len(keys_b)
    if size_a * size_b > DIFFLIB_CELLS:
        return None
    if keys_a == keys_b:
        return [("equal", a, b)] if a else []
    shortest = min(size_a, size_b)
    head = 0
    while head < shortest and keys_a[head] == keys_b[head]:
        head += 1
    tail = 0
    while tail < shortest - head and keys_a[-1 - tail] == keys_b[-1 - tail]:
        tail += 1
    old_run, new_run = keys_a[head : size_a - tail], keys_b[head : size_b - tail]
    if not set(old_run).isdisjoint(keys_b) or not set(new_run).isdisjoint(keys_a):
        return None
    if not (old_run and new_run):  # an insertion or deletion: see the docstring
        shared = keys_a[:head] + keys_a[size_a - tail :]
        if len(set(shared)) < len(shared):
            return None
    regions: list[Region] = []
    if head:
        regions.append(("equal", a[:head], b[:head]))
    regions.append(("edit", a[head : size_a - tail], b[head : size_b - tail]))
    if tail:
        regions.append(("equal", a[size_a - tail :], b[size_b - tail :]))
    return regions


def _matched_regions(
    a: list[str],
    b: list[str],
    keys_a: list[str],
    keys_b: list[str],
    matcher: Matcher,
    min_equal: int,
) -> list[Region]:
    """The regions of any pair, from the matcher's opcodes (the reference of ``_one_edit``)."""
    regions: list[Region] = []
    for tag, i1, i2, j1, j2 in matcher(keys_a, keys_b):
        kind = "equal" if tag == "equal" else "edit"
        if regions and regions[-1][0] == kind:
            regions[-1][1].extend(a[i1:i2])
            regions[-1][2].extend(b[j1:j2])
        else:
            regions.append((kind, a[i1:i2], b[j1:j2]))
    return _fold_short_equals(_trim_edits(regions), min_equal)


def _trim_edits(
    regions: list[tuple[str, list[str], list[str]]],
) -> list[tuple[str, list[str], list[str]]]:
    """Move a common prefix or suffix of an edit's two sides out into equal regions."""
    out: list[tuple[str, list[str], list[str]]] = []

    def add(kind: str, old: list[str], new: list[str]) -> None:
        if not old and not new:
            return
        if out and out[-1][0] == kind:
            out[-1][1].extend(old)
            out[-1][2].extend(new)
        else:
            out.append((kind, list(old), list(new)))

    for kind, old, new in regions:
        if kind == "equal":
            add(kind, old, new)
            continue
        head = 0
        while head < min(len(old), len(new)) and _key(old[head]) == _key(new[head]):
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and _key(old[-1 - tail]) == _key(
            new[-1 - tail]
        ):
            tail += 1
        add("equal", old[:head], new[:head])
        add("edit", old[head : len(old) - tail], new[head : len(new) - tail])
        add("equal", old[len(old) - tail :], new[len(new) - tail :])
    return out


def _fold_short_equals(
    regions: list[tuple[str, list[str], list[str]]], min_equal: int
) -> list[tuple[str, list[str], list[str]]]:
    """Fold equal regions of fewer than ``min_equal`` words that sit between two edits.

    An equal region is folded only when it is shorter than the edits on both sides
    (as diff-match-patch's semantic cleanup does): "the" between two struck phrases,
    not a real passage. A fold only makes edits longer, so folding never stops another
    fold: one pass with a stack (each fold looks back at the equal region before it)
    folds the same regions as folding the first foldable one over and over, in linear
    time. Word counts are kept beside the regions, never counted again. The edit
    regions of ``regions`` are extended in place.
    """
    out: list[tuple[str, list[str], list[str]]] = []
    words: list[tuple[int, int]] = []  # (old words, new words) of each region in out
    for region in regions:
        out.append(region)
        words.append((_words(region[1]), _words(region[2])))
        while len(out) >= 3 and out[-2][0] == "equal" and out[-3][0] == out[-1][0] == "edit":
            middle = words[-2][1]
            if middle >= min_equal or middle >= max(words[-3]) or middle >= max(words[-1]):
                break
            (_, old_before, new_before), (_, old, new), (_, old_after, new_after) = out[-3:]
            old_before += old + old_after  # in place: a long run of folds stays linear
            new_before += new + new_after
            del out[-2:]
            counts = words[-3:]
            words[-3:] = [(sum(c[0] for c in counts), sum(c[1] for c in counts))]
    return out


def redline(
    old_text: str,
    new_text: str,
    *,
    matcher: Matcher = difflib_matcher,
    min_equal: int = 3,
) -> tuple[Run, ...]:
    """Compare two texts word by word.

    Args:
        old_text: The earlier text.
        new_text: The later text.
        matcher: Opcode strategy (``difflib_matcher`` or ``indel_matcher``).
        min_equal: Equal runs of fewer words than this between two edits are folded
            into the edits (0 keeps every run).

    Returns:
        Runs ``(op, text)`` with op in equal | insert | delete; adjacent runs of the
        same op are merged, and the equal runs carry the new text's spelling.
    """
    if old_text == new_text:  # what the steps below answer, without them
        same = collapse(old_text)
        return (("equal", same),) if same else ()
    a, b = split_words(old_text), split_words(new_text)
    regions = _regions(a, b, matcher, min_equal)
    ops: list[str] = []
    pieces: list[list[str]] = []  # each run's text in pieces, joined once at the end

    def emit(op: str, tokens: list[str]) -> None:
        text = "".join(tokens)
        if not text:
            return
        if ops and ops[-1] == op:
            pieces[-1].append(text)
        else:
            ops.append(op)
            pieces.append([text])

    for kind, old, new in regions:
        if kind == "equal" and _same_spaces(old, new):
            emit("equal", new)  # what the loop below gives, token by token
        elif kind == "equal":
            # Spell as the new text does; a space that only one side has is a tiny
            # deletion or insertion, so that each side rebuilds exactly.
            for o, n in zip(old, new, strict=True):
                emit("equal", [n.rstrip()])
                gap_old, gap_new = o[len(o.rstrip()) :], n[len(n.rstrip()) :]
                if gap_old and gap_new:
                    emit("equal", [gap_new])
                else:
                    emit("delete", [gap_old])
                    emit("insert", [gap_new])
        else:
            emit("delete", old)
            emit("insert", new)
    return _absorb_spaces([(op, "".join(p)) for op, p in zip(ops, pieces, strict=True)])


def _same_spaces(old: list[str], new: list[str]) -> bool:
    """Whether each token pair of an equal region has a space after it on both sides or
    on neither (its tokens are never empty)."""
    return old == new or all(
        o[-1].isspace() == n[-1].isspace() for o, n in zip(old, new, strict=True)
    )


def _absorb_spaces(runs: list[Run]) -> tuple[Run, ...]:
    """Fold a space that only one side has into a neighbouring edit of the same side.

    "purposes, with ... preventing" against "purposes and to prevent" would otherwise
    read as a lone inserted space before the deletion; the space joins the insertion.
    Each side still rebuilds exactly: a run only moves past runs of the other side.
    Each block of edits between two equal runs is done on its own (a space never
    moves out of its block), so a long redline costs its length, not its square.
    ``runs`` has no two neighbours of the same op.
    """
    if all(op == "equal" or text.strip() for op, text in runs):
        return tuple(runs)  # no space alone: nothing moves, nothing to merge
    out: list[Run] = []
    block: list[Run] = []
    for run in runs:
        if run[0] == "equal":
            out += _absorb_in_block(block)
            block = []
            out.append(run)
        else:
            block.append(run)
    out += _absorb_in_block(block)
    ops: list[str] = []
    pieces: list[list[str]] = []
    for op, text in out:
        if ops and ops[-1] == op:
            pieces[-1].append(text)
        else:
            ops.append(op)
            pieces.append([text])
    return tuple((op, "".join(p)) for op, p in zip(ops, pieces, strict=True))


def _absorb_in_block(runs: list[Run]) -> list[Run]:
    """``_absorb_spaces`` on one block of edit runs (no equal run among them)."""
    out = list(runs)
    k = 0
    while k < len(out):
        op, text = out[k]
        if op == "equal" or text.strip():
            k += 1
            continue
        # The block of edits around k, and the nearest edit of the same side in it.
        lo, hi = k, k
        while lo > 0 and out[lo - 1][0] != "equal":
            lo -= 1
        while hi + 1 < len(out) and out[hi + 1][0] != "equal":
            hi += 1
        after = next((m for m in range(k + 1, hi + 1) if out[m][0] == op), None)
        before = next((m for m in range(k - 1, lo - 1, -1) if out[m][0] == op), None)
        if after is not None:
            out[after] = (op, text + out[after][1])
        elif before is not None:
            out[before] = (op, out[before][1] + text)
        elif k + 1 <= hi and 0 < out[k + 1][1].find(text) < len(out[k + 1][1]) - len(text):
            # "2016[ ][, 73/266 ...]": the space is the one after the inserted comma, so
            # read it as "2016[,] [73/266 ...]" (a space kept, a comma inserted).
            other, edit = out[k + 1]
            cut = edit.find(text)
            out[k : k + 2] = [
                (other, edit[:cut]),
                ("equal", text),
                (other, edit[cut + len(text) :]),
            ]
            k += 3
            continue
        else:
            k += 1
            continue
        del out[k]
    return out


def side(runs: Sequence[Run], which: str) -> str:
    """Rebuild one side of a redline: ``which`` is "old" (equal + delete) or "new"."""
    keep = "delete" if which == "old" else "insert"
    return "".join(text for op, text in runs if op in ("equal", keep))
