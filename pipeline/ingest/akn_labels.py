"""Numbers, item letters and headings as the six official languages print them.

The UN's markup often leaves the number or item letter in the text ("1 - تقرر",
"(أ) أن", "а) руководствоваться", "㈠ 促进"), and the annex of a convention prints its
chapter and article headings as plain paragraphs in some versions. This module reads
them into the Latin labels our ids use: "1", "1.10", "a", "ii".

Conventions, as the documents show them: Arabic items follow the abjad order ((أ),
(ب), (ج) ...) and roman items are ’1‘, ’2‘; Russian items are Latin letters, sometimes
typed with a Cyrillic "а"; Chinese numbers the paragraphs of a convention "一、", its
items ㈠ ... ㈩, (十一) and its roman items "1.", while resolutions use "1." and "(a)".
"""

from __future__ import annotations

import re

_CYRILLIC = str.maketrans("асеорхуі", "aceopxyi")
_ARABIC = "أ ب ج د هـ و ز ح ط ي ك ل م ن س ع ف ص ق ر ش ت ث خ ذ ض ظ غ".split()
_ARABIC_LETTERS = {letter: chr(ord("a") + i) for i, letter in enumerate(_ARABIC)}
_ARABIC_LETTERS["ه"] = "e"
CIRCLED = "㈠㈡㈢㈣㈤㈥㈦㈧㈨㈩"
_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_ROMAN_VALUES = ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))

_LEAD_NESTED = re.compile(r"^(\d{1,3})\.(\d{1,2})\.?\s+")
_LEAD_NUMBER = re.compile(r"^(\d{1,3})(?:\.|\s*[-–—])\s*")
_LEAD_CHINESE_NUMBER = re.compile(r"^([一二三四五六七八九十百]{1,4})、\s*")
_LEAD_ITEM = re.compile(
    r"^[(（]?([a-z]{1,4}|[асеорхуі]|[\u0621-\u064a]{1,2}ـ?)[)）]\s*"
    r"|^([㈠-㈩])\s*|^[(（]([十一二三四五六七八九]{1,3})[)）]\s*"
)
_LEAD_ARABIC_ROMAN = re.compile(r"^[’‘']\s*(\d{1,2})\s*[’‘']\s*")
_NUM = re.compile(r"^(\d{1,3})(?:\.(\d{1,2}))?\s*[.\-–—]?$")
ROMAN = re.compile(r"^(?=[ivxl]+$)(?:x{0,3})(?:ix|iv|v?i{0,3})$")

_ANNEX = re.compile(r"^(?:Annex|Annexe|Anexo|Приложение|المرفق|附件)$")
_PREAMBLE = re.compile(r"^(?:Preamble|Préambule|Preámbulo|Преамбула|الديباجة|序言)$")
_CHAPTER = re.compile(
    r"^(?:Chapter|Chapitre|Capítulo|Глава)\s+\S+|^الفصل\s+\S+|^第[一二三四五六七八九十]+章"
)
_ARTICLE = re.compile(
    r"^(?:Article|Artículo|Статья)\s+(\d+|premier)\b|^المادة\s+(\d+)\b"
    r"|^第([一二三四五六七八九十百零〇]+)条$"
)
# A text that ends like a sentence or a clause is no heading.
_SENTENCE_END = (".", ",", ";", ":", "!", "?", "。", "，", "；", "：", "،", "؛")
_CLAUSE_END = (",", ":", "，", "：", "،")


def chinese_number(text: str) -> int | None:
    """A Chinese numeral up to 999 ("二十三" -> 23, "十一" -> 11), None if it is not one."""
    total, current = 0, 0
    for char in text:
        if char in _CHINESE_DIGITS:
            current = _CHINESE_DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current or None


def to_roman(number: int) -> str:
    """A small number as a lower-case roman numeral (4 -> "iv")."""
    out = ""
    for value, letters in _ROMAN_VALUES:
        while number >= value:
            out, number = out + letters, number - value
    return out


def item_label(raw: str) -> str:
    """An item letter in Latin ("(أ)" -> "a", "а)" -> "a", "㈡" -> "b", "(b)" -> "b")."""
    label = raw.strip().strip("()（）").strip()
    if len(label) == 1 and label in CIRCLED:
        return chr(ord("a") + CIRCLED.index(label))
    if (number := chinese_number(label)) is not None:
        return chr(ord("a") + number - 1) if number <= 26 else label
    if label.rstrip("ـ") in _ARABIC_LETTERS:
        return _ARABIC_LETTERS[label.rstrip("ـ")]
    return label.translate(_CYRILLIC)


def lead_label(text: str) -> tuple[str, str | None, str]:
    """The numbering a text starts with: (kind, label, the text after it).

    kind is "number" ("1.", "1 -", "一、"), "nested" ("1.10"), "item" ("(a)", "a)",
    "㈠"), "roman" (the Arabic ’1‘) or "" (none).
    """
    if m := _LEAD_NESTED.match(text):
        return "nested", f"{m.group(1)}.{m.group(2)}", text[m.end() :]
    if m := _LEAD_NUMBER.match(text):
        return "number", m.group(1), text[m.end() :]
    if (m := _LEAD_CHINESE_NUMBER.match(text)) and (n := chinese_number(m.group(1))):
        return "number", str(n), text[m.end() :]
    if m := _LEAD_ITEM.match(text):
        raw = next(group for group in m.groups() if group)
        return "item", item_label(raw), text[m.end() :]
    if m := _LEAD_ARABIC_ROMAN.match(text):
        return "roman", to_roman(int(m.group(1))), text[m.end() :]
    return "", None, text


def num_label(raw: str) -> tuple[str, str | None]:
    """The text of a ``num`` element as (kind, label); ("", None) for an empty one."""
    raw = raw.strip()
    if not raw:
        return "", None
    if m := _NUM.match(raw):
        return ("nested", f"{m.group(1)}.{m.group(2)}") if m.group(2) else ("number", m.group(1))
    kind, label, _ = lead_label(raw + " ")
    if kind in ("item", "roman"):
        return kind, label
    return "item", item_label(raw.rstrip("."))


def heading_marker(text: str) -> tuple[str, str | None] | None:
    """A heading that opens a part of an annex: (kind, number).

    kind is "annex" (an annex of the annex), "preamble", "chapter" or "article".
    """
    if len(text) > 150:
        return None
    if _ANNEX.match(text):
        return "annex", None
    if _PREAMBLE.match(text):
        return "preamble", None
    if _CHAPTER.match(text):
        return "chapter", None
    if m := _ARTICLE.match(text):
        raw = next(group for group in m.groups() if group)
        if raw == "premier":
            return "article", "1"
        if raw.isdigit():
            return "article", raw
        number = chinese_number(raw)
        return "article", str(number) if number else None
    return None


def looks_like_heading(text: str, longest: int = 150) -> bool:
    """A short line that does not end like a sentence, and carries no number or letter."""
    short = 0 < len(text) <= longest
    return short and not text.endswith(_SENTENCE_END) and not lead_label(text)[0]


def ends_clause(text: str) -> bool:
    """Whether a text ends as body text before what follows (",", ":")."""
    return text.endswith(_CLAUSE_END)
