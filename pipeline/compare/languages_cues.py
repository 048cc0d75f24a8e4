"""What a paragraph says that must be the same in every language version.

The facts a translation keeps whatever its words: the numbers written in digits (and
the numbers written as words, which excuse a digit missing elsewhere), document
symbols and resolution references, dates (day, month, year, month names per language
as data), the class of the operative verb and of the modal verbs (cue lists per
language as data), and the numbering of the paragraph. ``features(text, language)``
reads them; the comparison is in ``languages.py``.
The cue data are read by ``languages_data.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from pipeline.compare.languages_data import LANGUAGES, Cues, load_cues
from pipeline.lexicon import SYMBOL_RE, normalise_symbol

__all__ = [
    "LANGUAGES",
    "Cues",
    "Features",
    "features",
    "load_cues",
    "numbering_values",
    "opening_verb",
]

# Digits of other scripts as ASCII: Arabic-Indic, Extended Arabic-Indic (Persian, Urdu),
# and the Arabic decimal and thousands separators. NFKC already folds full-width digits.
_DIGITS = str.maketrans(
    {
        **{chr(0x0660 + i): str(i) for i in range(10)},
        **{chr(0x06F0 + i): str(i) for i in range(10)},
        "\u066b": ".",
        "\u066c": ",",
    }
)
# Format characters: soft hyphen, Arabic letter mark, zero-width and bidirectional marks.
_FORMAT = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
# Cyrillic capitals that look like Latin ones, as a Russian text may type a symbol.
_LOOKALIKES = str.maketrans("АВСЕНКМОРТХасеорх", "ABCEHKMOPTXaceopx")
# Slash-joined tokens: every symbol candidate ("A/RES/73/27", "73/27", "A/C.1/75/L.8").
_ALNUM = "A-Za-z0-9АВСЕНКМОРТХ"
_PART = rf"[{_ALNUM}](?:[{_ALNUM}.\-]*[{_ALNUM}])?"
_SLASHED = re.compile(
    rf"(?<![{_ALNUM}/.\-]){_PART}(?:/{_PART})+(?:\s\((?:19|20)\d\d\))?(?![{_ALNUM}/])"
)
# A resolution reference, perhaps with its part letter ("43/78 H", "43/78H").
_SHORT_REF = re.compile(r"(\d{1,3}/\d{1,4})[A-Z]?")
_RES_REF = re.compile(r"A/RES/(\d{1,3}/\d{1,4})")
# A number in digits, thousands grouped by a comma, a point or a (narrow) space.
_NUMBER = re.compile(
    r"(?<![A-Za-z0-9])(?<![^\W\d_]-)(?:\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+|\d+)(?![\d])"
)
# A number in digits with an ordinal ending ("1er", "2e", "11o", "3rd", "5-й") is an
# ordinal, which the other versions write as a word: it is read as a number word.
_ORDINAL = re.compile(
    r"(?<![A-Za-z0-9])(\d{1,3})(?:er|re|e|ème|eme|o|a|º|ª|°|st|nd|rd|th|-?й|-?го|-?я|-?е|-?м)(?!\w)"
)
# Labels of items inside a paragraph, which one version writes "(ii)", another "’2‘" (Arabic)
# or "(二)" (Chinese, NFKC of ㈡), another "第2目": read as number words, never as counts.
_INLINE_LABEL = re.compile(r"[’‘'«]\s*(\d{1,2})\s*[’‘'»]|\(([ivx]{1,5})\)|(?<![\w(])([ivx]{1,5})\)")
# Leading numbering: "1.", "1 -", "(a)", "a)", "(أ)", "(i)", "1.1", possibly two levels.
_LEADING_NUMBER = re.compile(
    r"^\s*(?:\d+(?:\.\d+)+\.?|\d+\s*[.\-–)]|\(\s*\w{1,4}\s*\)|\w{1,4}\))\s+"
)
# Chinese dates: 2018年12月5日, with days added by 至/和/、 (2022年7月25日至29日).
_CJK_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?|(?<![\d年])()(\d{1,2})\s*月\s*(\d{1,2})\s*日"
)
_CJK_MORE_DAYS = re.compile(r"\s*[至到和、及与\-–—]\s*(\d{1,2})\s*日")
# A day or range of days written before a date ("25 to 29 July", "du 4 au 8 mars"),
# looked for in the last ``_RANGE_WINDOW`` characters before it.
_DAYS_BEFORE = re.compile(r"(\d{1,2})(?:er)?\s*(?:[-–—]|\s\w{1,3}\s)\s*$")
_RANGE_WINDOW = 64
_CJK_NUMERALS = re.compile(r"[〇零一二两三四五六七八九十百千万亿]+")
_WORD = re.compile(r"\w+(?:-\w+)*")


@dataclass(frozen=True, slots=True)
class Features:
    """What one version of a paragraph says that every version must say alike."""

    numbers: Counter[int]
    number_words: frozenset[int]
    symbols: Counter[str]
    dates: Counter[tuple[int, int, int]]
    verb: str | None
    verb_text: str | None
    modals: frozenset[str]
    concepts: frozenset[str] = frozenset()
    modal_counts: Counter[str] = field(default_factory=Counter)


def clean(text: str) -> str:
    """Fold a text for reading facts: NFKC, digits as ASCII, no format characters.

    Args:
        text: Paragraph text in any language.

    Returns:
        The text with full-width forms folded, Arabic-Indic digits as ASCII, and
        format characters (bidirectional marks, soft hyphens, zero-width joiners)
        removed.
    """
    return _FORMAT.sub("", unicodedata.normalize("NFKC", text).translate(_DIGITS))


def strip_leading_number(text: str) -> str:
    """Remove up to two levels of leading numbering ("1.", "1 -", "(a)", "а)", "(أ)")."""
    for _ in range(2):
        stripped = _LEADING_NUMBER.sub("", text, count=1)
        if stripped == text:
            break
        text = stripped
    return text


def _symbols(text: str) -> tuple[Counter[str], str]:
    """Symbols and resolution references, and the text with them blanked out."""
    found: Counter[str] = Counter()

    def take(match: re.Match[str]) -> str:
        raw = match[0].translate(_LOOKALIKES)
        if SYMBOL_RE.fullmatch(raw):
            symbol = normalise_symbol(raw)
            short = _RES_REF.fullmatch(symbol)
            found[short[1] if short else symbol] += 1
        elif short_ref := _SHORT_REF.fullmatch(raw):
            found[short_ref[1]] += 1
        else:
            return match[0]  # "2021/22", "and/or": not a symbol
        return " " * len(match[0])

    return found, _SLASHED.sub(take, text)


def _dates(text: str, cues: Cues) -> tuple[Counter[tuple[int, int, int]], str]:
    """Dates as (year, month, day) (0 where not written), and the text without them."""
    dated: list[tuple[int, int, tuple[int, int, int]]] = []  # start, end, (y, m, d)
    for match in _CJK_DATE.finditer(text):
        year = int(match[1] or 0)
        month, day = int(match[2] or match[5]), int(match[3] or match[6] or 0)
        dated.append((match.start(), match.end(), (year, month, day)))
        end = match.end()
        while day and (more := _CJK_MORE_DAYS.match(text, end)):
            dated.append((end, more.end(), (year, month, int(more[1]))))
            end = more.end()
    if cues.month_pattern is not None:
        for match in cues.month_pattern.finditer(text):
            name = (match["month"] or match["month2"]).casefold()
            month = cues.months.get(name, 0)
            day = int(match["day"] or match["day2"] or 0)
            year = int(match["year"] or 0)
            start = match.start()
            # A range or pair of days before the date: "25 to 29 July", "du 4 au 8 mars".
            # Searched in the few characters before the date, not in all the text before
            # it: a 90 KB paragraph of 2,000 dates took 10 s.
            window = max(0, start - _RANGE_WINDOW)
            before = _DAYS_BEFORE.search(text, window, start)
            if before and day:
                dated.append((before.start(), start, (year, month, int(before[1]))))
                start = before.start()
            dated.append((start, match.end(), (year, month, day)))
            # Arabic names a month twice ("كانون الأول/ديسمبر"): two names that disagree
            # are two dates, so the version differs from the others either way.
            second = cues.months.get((match["also"] or match["also2"] or "").casefold(), month)
            if second != month:
                dated.append((start, match.end(), (year, second, day)))
    dated.sort()
    found: Counter[tuple[int, int, int]] = Counter()
    blanked, at = [], 0  # the text with every date blanked, built once (was a copy a date)
    for k, (start, end, (year, month, day)) in enumerate(dated):
        if not year:  # "29 July to 9 August 2024", "2024年7月29日至8月9日": the range's year
            near = [d for d in dated[max(k - 1, 0) : k + 2] if d[2][0] and _close(d, (start, end))]
            year = near[0][2][0] if near else 0
        found[(year, month, day)] += 1
        if end > at:
            start = max(start, at)
            blanked += [text[at:start], " " * (end - start)]
            at = end
    blanked.append(text[at:])
    return found, "".join(blanked)


def _close(a: tuple[int, int, object], b: tuple[int, int]) -> bool:
    """Whether two dates are written a few characters apart (a range, a pair)."""
    return -12 <= b[0] - a[1] <= 12 or -12 <= a[0] - b[1] <= 12


def _label_value(match: re.Match[str]) -> int:
    """The position an inline item label stands for: ’2‘ and (ii) are both 2."""
    if match[1]:
        return int(match[1])
    return _roman(match[2] or match[3]) or 0


def _number_value(token: str) -> int:
    return int(re.sub(r"\D", "", token))


def _word_numbers(text: str, cues: Cues) -> frozenset[int]:
    """Values of the numbers written as words ("two", "deux", "двух", "七十七")."""
    if not cues.number_words and not cues.number_suffixes:
        return frozenset()
    runs: list[list[tuple[str, int, bool]]] = []
    if cues.language == "zh":
        for found in _CJK_NUMERALS.findall(text):
            runs.append([(ch, *cues.number_words[ch]) for ch in found if ch in cues.number_words])
    else:
        run: list[tuple[str, int, bool]] = []
        for word in _WORD.findall(text.casefold()):
            parts = [_number_word(p, cues) for p in word.split("-")]
            if all(parts):
                run.extend(p for p in parts if p)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
    values: set[int] = set()
    if cues.number_suffixes:
        for word in _WORD.findall(text):
            values.update(
                v
                for end, v in cues.number_suffixes.items()
                if len(word) > len(end) + 2 and word.endswith(end)
            )
    for run in runs:
        total = current = 0
        for _, value, mult in run:
            values.add(value)
            if mult:
                current = max(current, 1) * value
                if value >= 1000:
                    total, current = total + current, 0
            else:
                current += value
        values.add(total + current)
    return frozenset(values)


def _number_word(word: str, cues: Cues) -> tuple[str, int, bool] | None:
    """A word's value as a number word: exact, after a clitic ("والعشرين"), or by its stem."""
    for prefix in ("", *cues.prefixes):
        if word.startswith(prefix) and word[len(prefix) :] in cues.number_words:
            return (word, *cues.number_words[word[len(prefix) :]])
    for stem, value in cues.number_stems:
        if word.startswith(stem):
            return word, value, False
    return None


def opening_verb(text: str, cues: Cues) -> tuple[str | None, str | None]:
    """The class of the verb that opens an operative paragraph, and the verb as written.

    Args:
        text: The paragraph text (numbering is skipped).
        cues: The language's cues.

    Returns:
        (class, cue) such as ("decide", "Décide"), or (None, None) when no cue opens it.
    """
    if not cues.verbs:
        return None, None
    head = strip_leading_number(text).lstrip(" \t\"“«'")
    folded = head.casefold()
    for _ in range(3):
        for cue in sorted(cues.verbs, key=len, reverse=True):
            for prefix in ("", *cues.prefixes):
                word = (prefix + cue).casefold()
                if folded.startswith(word) and not _continues(folded, len(word), cues):
                    return cues.verbs[cue], head[: len(word)]
        for leader in cues.leaders:
            low = leader.casefold()
            if folded.startswith(low) and not _continues(folded, len(low), cues):
                folded, head = folded[len(low) :].lstrip(" ,"), head[len(low) :].lstrip(" ,")
                break
        else:
            return None, None
    return None, None


def _continues(text: str, end: int, cues: Cues) -> bool:
    """Whether a cue matched at the start runs on into a longer word."""
    if cues.language == "zh" or end >= len(text):
        return False
    return text[end].isalnum()


def _modal_classes(text: str, cues: Cues) -> Counter[str]:
    """How many modals of each class (obligation, recommendation, permission) the text has."""
    classes: Counter[str] = Counter()
    if cues.modal_pattern is None:
        return classes
    for match in cues.modal_pattern.finditer(text):
        word = match[0].casefold()
        for prefix in cues.prefixes:
            if word not in cues.modals and word.startswith(prefix):
                word = word[len(prefix) :]
        cls = cues.modals.get(word, "-")
        if cls != "-":
            classes[cls] += 1
    return classes


def features(text: str, language: str, *, operative: bool = True) -> Features:
    """Read what must agree across versions from one paragraph's text.

    Args:
        text: The paragraph text, with or without its numbering.
        language: Its language ("ar", "en", "es", "fr", "ru", "zh").
        operative: Whether to read an opening operative verb.

    Returns:
        Numbers in digits (outside symbols and dates), number words, symbols (A/RES/x/y
        as its short form x/y), dates, the opening verb's class and the modal classes.
    """
    cues = load_cues(language)
    body = strip_leading_number(clean(text))
    symbols, rest = _symbols(body)
    dates, rest = _dates(rest, cues)
    rest = cues.names.sub(" ", rest) if cues.names else rest
    labels = {_label_value(m) for m in _INLINE_LABEL.finditer(rest)}
    rest = _INLINE_LABEL.sub(" ", rest)
    ordinals = frozenset(int(m[1]) for m in _ORDINAL.finditer(rest)) | labels
    rest = _ORDINAL.sub(" ", rest)
    numbers = Counter(_number_value(m[0]) for m in _NUMBER.finditer(rest))
    verb, verb_text = opening_verb(body, cues) if operative else (None, None)
    modal_counts = _modal_classes(body, cues)
    return Features(
        numbers=numbers,
        number_words=_word_numbers(rest, cues) | ordinals,
        symbols=symbols,
        dates=dates,
        verb=verb,
        verb_text=verb_text,
        modals=frozenset(modal_counts),
        modal_counts=modal_counts,
        concepts=frozenset(name for name, pattern in cues.concepts if pattern.search(body)),
    )


_ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def _roman(label: str) -> int | None:
    if not label or any(ch not in _ROMAN for ch in label):
        return None
    total = 0
    for ch, nxt in zip(label, label[1:] + " ", strict=True):
        value = _ROMAN[ch]
        total += -value if nxt in _ROMAN and _ROMAN[nxt] > value else value
    return total


def numbering_values(label: str | None, language: str) -> frozenset[int]:
    """The positions a paragraph's number may stand for ("(b)" is 2, "(ii)" 2, "(ب)" 2).

    A label can be read more than one way ("(i)" is the ninth letter or the roman
    one), so every reading is returned; two versions agree when their sets meet.

    Args:
        label: The number as written ("1.", "1 -", "(a)", "а)", "(أ)", "(iv)"), or None.
        language: The version's language, for its sub-item letters.

    Returns:
        The candidate positions; empty when there is no number.
    """
    if not label:
        return frozenset()
    core = re.sub(r"[\s().\-–)\u0640]+", "", clean(label)).casefold()
    if not core:
        return frozenset()
    if core.isdigit():
        return frozenset({int(core)})
    values: set[int] = set()
    if (roman := _roman(core)) is not None:
        values.add(roman)
    cues = load_cues(language)
    if _CJK_NUMERALS.fullmatch(core):
        values |= {max(_word_numbers(core, load_cues("zh")), default=0)}
    latin = core.translate(_LOOKALIKES)
    for letters in cues.letters or ("abcdefghijklmnopqrstuvwxyz",):
        for form in (core, latin):
            if len(form) == 1 and form in letters:
                values.add(letters.index(form) + 1)
            elif len(form) == 2 and form[0] == form[1] and form[0] in letters:
                values.add(len(letters) + letters.index(form[0]) + 1)  # "(aa)"
    return frozenset(values)
