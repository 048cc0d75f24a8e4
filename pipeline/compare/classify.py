"""Flags that say why a change matters: modality, verb, negation, numbers, symbols, names.

``classify_change(old_text, new_text)`` returns the flags, in FLAGS order:

- ``modality``: the modal verbs (should, shall, must, may ...) differ.
- ``operative_verb``: the leading verb of the paragraph differs ("Welcomes" to
  "Takes note of"); ``weakened`` or ``strengthened`` tells which way its strength went.
- ``negation``: the negations (not, no, never, without ...) differ.
- ``number``: numbers, number words or dates differ.
- ``symbol``: document symbols or resolution references differ.
- ``entity``: a capitalised name (a state, a body, a group) was added or removed.

These are lexical heuristics with no gazetteer; the NLP stage finds entities properly.
Whether a change matters at all (substantive or editorial) is ``significance``'s call.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Collection, Iterable
from functools import lru_cache
from itertools import accumulate, pairwise

from pipeline.compare.normalise import strip_footnote_markers, tokenise, unify_hyphens
from pipeline.lexicon import MONTHS, ORDINAL_WORDS, SYMBOL_RE, load_verbs, strip_numbering

FLAGS = (
    "modality",
    "operative_verb",
    "weakened",
    "strengthened",
    "negation",
    "number",
    "symbol",
    "entity",
)

MODALS = frozenset(
    {"should", "shall", "must", "may", "might", "will", "would", "can", "could", "ought"}
)
# Verbs that restate what the Assembly said before ("Reaffirms", "Reiterates", "Recalls").
RESTATING = frozenset({"reaffirm", "reiterate", "recall"})
NEGATIONS = frozenset({"not", "no", "never", "nor", "neither", "none", "without", "cannot"})
# The lead verbs of UN resolutions as the diff reads them: the form in lower case ->
# (lemma, strength), from the one verb table of the lexicon.
_VERB_FORMS = {form.lower(): (verb.lemma, verb.strength) for form, verb in load_verbs().items()}
_VERB = re.compile(
    r"^(?:(?:also|further|furthermore|moreover|once again|again|hereby|further also)\s+)*"
    r"(?P<intensity>(?:strongly|firmly|deeply|fully|warmly|resolutely)\s+)?"
    r"(?P<verb>" + "|".join(sorted(map(re.escape, _VERB_FORMS), key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)

# "A/RES/73/27", "A/C.1/80/L.20", "A/AC.292/2025/INF/5/Rev.1", "S/RES/2341 (2017)".
_FULL_SYMBOL = SYMBOL_RE
# "resolution 73/27", "decisions 77/512 ... 78/541", "resolution 2341 (2017)".
_SC_REF = re.compile(r"\bresolutions? (\d{3,4}) \((\d{4})\)", re.IGNORECASE)
_GA_REF = re.compile(r"(?<![/\w])(\d{2})/(\d{1,3})(?![/\w])")
_REF_KIND = re.compile(r"\b(resolution|decision)s?\b", re.IGNORECASE)

# Cardinals and the lexicon's ordinals ("seventy-third" is read as two words, so the
# compounds never match); then words that count or repeat.
_NUMBER_WORDS = ORDINAL_WORDS | frozenset(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy
    eighty ninety hundred thousand million billion hundredth half twice biennial annual
    annually""".split()
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:st|nd|rd|th)?")

# Capitalised words, joined by short connectors, make a name ("Group of Governmental
# Experts", "Russian Federation"); these capitalised words are never names on their own.
_MONTH = r"(?:" + "|".join(MONTHS) + r")\b"
_CAP = r"(?!" + _MONTH + r")[A-Z][\w'’-]*"
_NAME = re.compile(r"\b" + _CAP + r"(?:\s+(?:(?:of|for|on|the|in|de|du|des)\s+)*" + _CAP + r")*")
_NOT_NAMES = frozenset(
    """The A An This That These Those It Its In On At Of For And Or But As By With To From
    Such Also Further Recalling Noting Welcoming Its Their Our We They He She All Any Each
    Both Some Other Annex Article Chapter Part Section Paragraph Resolution Decision""".split()
)
# Keys up to this long are looked for by their prefixes, longer ones in the joined text.
_SHORT_KEY = 64


def lead_verb(text: str) -> tuple[str, int, str] | None:
    """Return the leading verb of a paragraph: (lemma, strength, surface) or None.

    Args:
        text: Paragraph text ("2. Also requests the Secretary-General ...").

    Returns:
        The lemma ("request"), its strength (an intensifier such as "strongly"
        adds one) and the phrase as written, or None when the paragraph does not
        open with a known verb.
    """
    text = strip_numbering(strip_footnote_markers(text)).lstrip(' \t\n"“')
    match = _VERB.match(re.sub(r"\s+", " ", text))
    if not match:
        return None
    lemma, strength = _VERB_FORMS[match.group("verb").lower()]
    if match.group("intensity"):
        strength += 1
        lemma = match.group("intensity").strip().lower() + " " + lemma
    return lemma, strength, match.group(0)


def without_lead_verb(text: str) -> str:
    """Return a paragraph's text after its leading verb ("Taking note of the ..." -> "of the ...").

    Args:
        text: Paragraph text, numbering and footnote markers allowed.

    Returns:
        The rest of the text, whitespace collapsed; the text itself when it opens
        with no known verb.
    """
    verb = lead_verb(text)
    if verb is None:
        return text
    body = strip_numbering(strip_footnote_markers(text)).lstrip(' \t\n"“')
    return re.sub(r"\s+", " ", body)[len(verb[2]) :]


def verb_change(old_text: str, new_text: str) -> tuple[str, str, str | None] | None:
    """How the leading verb changed between two versions of a paragraph, if it did.

    Returns:
        (old verb as written, new verb as written, "weakened" | "strengthened" |
        "restates" | None),
        "(none)" standing for a missing verb; None when the verb is the same.
    """
    old_verb, new_verb = lead_verb(old_text), lead_verb(new_text)
    if (old_verb and old_verb[0]) == (new_verb and new_verb[0]):
        return None
    direction = None
    restating = [v is not None and v[0].split()[-1] in RESTATING for v in (old_verb, new_verb)]
    if any(restating) and not all(restating):
        # "Decides" -> "Reaffirms": the text restates what was decided, not a weakening
        # (and read backwards, not a strengthening).
        direction = "restates"
    elif old_verb and new_verb and old_verb[1] != new_verb[1]:
        direction = "weakened" if new_verb[1] < old_verb[1] else "strengthened"
    before = old_verb[2] if old_verb else "(none)"
    return before, new_verb[2] if new_verb else "(none)", direction


def symbols(text: str) -> set[str]:
    """Return the document symbols cited in a text, in canonical form.

    "resolution 73/27" becomes "A/RES/73/27", "decision 72/512" "A/DEC/72/512" and
    "Security Council resolution 2341 (2017)" "S/RES/2341 (2017)".
    """
    found = {m.group(0).rstrip(".") for m in _FULL_SYMBOL.finditer(text)}
    rest = _FULL_SYMBOL.sub(" ", text)
    found |= {f"S/RES/{m.group(1)} ({m.group(2)})" for m in _SC_REF.finditer(rest)}
    rest = _SC_REF.sub(" ", rest)
    for match in _GA_REF.finditer(rest):
        kinds = _REF_KIND.findall(rest[max(0, match.start() - 200) : match.start()])
        series = "DEC" if kinds and kinds[-1].lower() == "decision" else "RES"
        found.add(f"A/{series}/{match.group(1)}/{match.group(2)}")
    return found


def numbers(text: str) -> Counter[str]:
    """Return the numbers, number words and months in a text (not inside symbols)."""
    text = _FULL_SYMBOL.sub(" ", strip_numbering(strip_footnote_markers(text)))
    text = _GA_REF.sub(" ", _SC_REF.sub(" ", text))
    found: Counter[str] = Counter(m.group(0).replace(",", "") for m in _NUMBER.finditer(text))
    for word in re.findall(r"[A-Za-z]+", text):
        lower = word.lower()
        if lower in _NUMBER_WORDS or word in MONTHS:
            found[lower] += 1
    return found


def name_forms(text: str) -> dict[str, str]:
    """Capitalised names in a text (states, bodies, groups), canonical key -> as written.

    The key is the name's comparison tokens run together ("Secretary General" and
    "Secretary-General" are both "secretarygeneral"; "Group of Governmental Experts"
    and "GGE" are both "gge"), so that a name is known by its identity, not its spelling.
    A diff reads the names of each text up to four times: those of recent texts are kept.
    """
    return dict(_name_forms(text))


@lru_cache(maxsize=1024)
def _name_forms(text: str) -> tuple[tuple[str, str], ...]:
    text = unify_hyphens(strip_numbering(strip_footnote_markers(text)))
    verb = lead_verb(text)
    if verb:
        text = text.lstrip(' \t\n"“')[len(verb[2]) :]
    text = _FULL_SYMBOL.sub(" ", re.sub(r"\s+", " ", text))
    found: dict[str, str] = {}
    seen: set[str] = set()  # a name written again changes nothing (issue 27: 1 MB of names)
    for match in _NAME.finditer(text):
        words = match.group(0).split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        name = " ".join(words).strip(" ,'’-")
        # A lone capital is a letter ("resolution 43/78 H", "annex I"), not a name.
        if name not in seen and len(name) > 1 and name not in _NOT_NAMES and not name.isdigit():
            seen.add(name)
            key = "".join(tokenise(name))  # "GGE" = "Group of Governmental Experts"
            if key and not key.startswith("ict"):  # "ICTs": a concept, not a name
                found.setdefault(key, name)
    # "the Commission" after "the Disarmament Commission" is the same body, named short.
    short = _suffixes(found)
    return tuple((k, v) for k, v in found.items() if k not in short)


def _suffixes(keys: Collection[str]) -> set[str]:
    """The keys that end another key (issue 27: sorted once, not each against each).

    Read backwards, a key that ends others begins them: in sorted order the keys it
    begins come right after it, so the next one tells.
    """
    backwards = sorted(key[::-1] for key in keys)
    return {key[::-1] for key, following in pairwise(backwards) if following.startswith(key)}


def names(text: str) -> set[str]:
    """The canonical keys of the capitalised names in a text (see ``name_forms``)."""
    return set(name_forms(text))


def _occurs(key: str, tokens: list[str]) -> bool:
    """Whether consecutive ``tokens`` run together spell ``key`` (any case, any hyphens)."""
    return key in _occurring([key], tokens)


def _occurring(keys: Iterable[str], tokens: list[str]) -> set[str]:
    """The ``keys`` that consecutive ``tokens`` run together spell (see ``_occurs``).

    Issue 27: one pass over the tokens for all the keys, each start followed only while
    what it spells begins some key; a long key (rare) is looked for in the text run
    together, at token boundaries.
    """
    wanted = set(keys)
    short = {key for key in wanted if len(key) <= _SHORT_KEY}
    prefixes = {key[:n] for key in short for n in range(len(key) + 1)}
    found: set[str] = set()
    for i in range(len(tokens) if short else 0):
        spelled, j = tokens[i], i + 1
        while spelled in prefixes:
            if spelled in short:
                found.add(spelled)
            if j == len(tokens):
                break
            spelled, j = spelled + tokens[j], j + 1
    long = wanted - short
    if long:
        text = "".join(tokens)
        bounds = {0, *accumulate(len(token) for token in tokens)}
        found |= {key for key in long if key and _spelled_at_bounds(key, text, bounds)}
    return found


def _spelled_at_bounds(key: str, text: str, bounds: set[int]) -> bool:
    at = text.find(key)
    while at >= 0:
        if at in bounds and at + len(key) in bounds:
            return True
        at = text.find(key, at + 1)
    return False


def entity_change(old_text: str, new_text: str) -> tuple[list[str], list[str]]:
    """The names that left and came, as each text writes them; empty when the same set.

    A name counts as new only when the other text does not hold it in any case or
    spelling ("open-ended working group" -> "Open-ended Working Group" is no change),
    and not when it is a short form of a name there or the other way round ("the Ad
    Hoc Committee" against "the Ad Hoc Committee to Elaborate ...").
    """
    before, after = name_forms(old_text), name_forms(new_text)
    old_tokens, new_tokens = tokenise(old_text), tokenise(new_text)
    in_new = _occurring((k for k in before if k not in after), new_tokens)
    in_old = _occurring((k for k in after if k not in before), old_tokens)
    gone = [k for k in before if k not in after and k not in in_new]
    came = [k for k in after if k not in before and k not in in_old]

    # A short form of a name of the other text, or its long form: the same body, by its
    # key ("treaty" in "armstradetreaty") or as written ("Group" in "Group of ... Experts").
    gone_kept = _unrelated(gone, before, after)
    came_kept = _unrelated(came, after, before)
    return [before[k] for k in gone_kept], [after[k] for k in came_kept]


def _plain(name: str) -> str:
    return re.sub(r"\W", "", name.casefold())


def _unrelated(keys: list[str], mine: dict[str, str], theirs: dict[str, str]) -> list[str]:
    """The ``keys`` of ``mine`` that no name of ``theirs`` holds or is held by, by key
    or as written, either as is or in plain letters (any case, no punctuation)."""
    if not theirs or not keys:
        return list(keys)
    their_keys, their_names = list(theirs), list(theirs.values())
    related = [False] * len(keys)
    for own, other in (
        (keys, their_keys),
        ([_plain(k) for k in keys], [_plain(o) for o in their_keys]),
        ([mine[k] for k in keys], their_names),
        ([_plain(mine[k]) for k in keys], [_plain(o) for o in their_names]),
    ):
        for n, hit in enumerate(_held_or_holding(own, other)):
            related[n] = related[n] or hit
    return [k for k, hit in zip(keys, related, strict=True) if not hit]


def _held_or_holding(own: list[str], other: list[str]) -> list[bool]:
    """For each of ``own``, whether it is inside one of ``other`` or one of ``other``
    inside it (issue 27: a search in each list joined, not each string against each)."""
    theirs = "\x00".join(other)  # no name holds a NUL: none matches across two
    hits = [text in theirs for text in own]
    joined = "\x00".join(own)
    starts = [0, *accumulate(len(text) + 1 for text in own)]
    for text in set(other):
        at = joined.find(text)
        while at >= 0:
            n = bisect_right(starts, at) - 1
            hits[n] = True
            at = joined.find(text, starts[n + 1])
    return hits


def word_counts(text: str, vocabulary: frozenset[str]) -> Counter[str]:
    """Count the words of ``vocabulary`` (MODALS, NEGATIONS) in a text; the month May is
    not the modal "may"."""
    words = re.findall(r"[a-z']+", text.lower())
    count = Counter(w for w in words if w in vocabulary)
    if "may" in vocabulary:  # the month is not the modal
        count["may"] -= len(re.findall(r"\bMay\b(?=\s+\d)|(?<=\d )May\b", text))
    return +count


@lru_cache(maxsize=4096)
def classify_change(old_text: str, new_text: str) -> tuple[str, ...]:
    """Say why a change between two versions of a paragraph matters.

    Args:
        old_text: The earlier text ("" for an added paragraph).
        new_text: The later text ("" for a deleted paragraph).

    Returns:
        Flags in FLAGS order; empty when the two normalise to the same text.
    """
    if old_text == new_text or tokenise(old_text) == tokenise(new_text):
        return ()
    flags: set[str] = set()
    if word_counts(old_text, MODALS) != word_counts(new_text, MODALS):
        flags.add("modality")
    if verb := verb_change(old_text, new_text):
        flags.add("operative_verb")
        if verb[2] in ("weakened", "strengthened"):
            flags.add(verb[2])
    if word_counts(old_text, NEGATIONS) != word_counts(new_text, NEGATIONS):
        flags.add("negation")
    if numbers(old_text) != numbers(new_text):
        flags.add("number")
    if symbols(old_text) != symbols(new_text):
        flags.add("symbol")
    if any(entity_change(old_text, new_text)):
        flags.add("entity")
    return tuple(f for f in FLAGS if f in flags)


def mirror_flags(flags: tuple[str, ...]) -> tuple[str, ...]:
    """Return the flags of the same change read backwards (weakened <-> strengthened)."""
    swap = {
        "weakened": "strengthened",
        "strengthened": "weakened",
        "preamble_to_operative": "operative_to_preamble",
        "operative_to_preamble": "preamble_to_operative",
        "expanded": "condensed",
        "condensed": "expanded",
    }
    return tuple(swap.get(f, f) for f in flags)
