"""Tampered copies of real language versions, and the recall of ``compare_languages`` on them.

Each tampering changes one version of one resolution in one way: a paragraph removed,
a year, a symbol, the opening operative verb or a modal verb, or the day of a date
changed. The changes are written here from the texts' own conventions (the verbs and
month names below are this file's, not the cue data under test). A tampering is found
when the report names the tampered language with an expected kind on the tampered
paragraph's row.

Run ``python tests/languages_tamper.py dev`` (or ``test``) for the table of the README.
"""

from __future__ import annotations

import csv
import dataclasses
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

from pipeline.compare.languages import LanguageReport, compare_languages
from pipeline.document import Document, Paragraph

LANGS = ("ar", "en", "es", "fr", "ru", "zh")
SPLIT_FILE = Path(__file__).parent / "data" / "languages_split.csv"

# An operative verb and one of another force, as each language writes them.
VERB_SWAPS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("Decides", "Invites"), ("Requests", "Welcomes"), ("Welcomes", "Decides"),
           ("Calls upon", "Notes"), ("Encourages", "Decides"), ("Invites", "Decides")),
    "fr": (("Décide", "Invite"), ("Prie", "Se félicite"), ("Se félicite", "Décide"),
           ("Demande", "Note"), ("Encourage", "Décide"), ("Invite", "Décide")),
    "es": (("Decide", "Invita"), ("Solicita", "Acoge con beneplácito"),
           ("Acoge con beneplácito", "Decide"), ("Exhorta", "Observa"), ("Alienta", "Decide"),
           ("Invita", "Decide")),
    "ru": (("постановляет", "предлагает"), ("просит", "приветствует"),
           ("приветствует", "постановляет"), ("призывает", "отмечает"),
           ("рекомендует", "постановляет")),
    "zh": (("决定", "邀请"), ("请", "欢迎"), ("欢迎", "决定"), ("促请", "注意到"),
           ("鼓励", "决定")),
    "ar": (("تقرر", "تدعو"), ("تطلب", "ترحب"), ("ترحب", "تقرر"), ("تهيب", "تلاحظ"),
           ("تشجع", "تقرر")),
}  # fmt: skip
# A modal of obligation or recommendation and one of permission.
MODAL_SWAPS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("should", "may"), ("shall", "may")),
    "fr": (("devraient", "peuvent"), ("devrait", "peut"), ("doivent", "peuvent")),
    "es": (("deberían", "podrán"), ("debería", "podrá"), ("deben", "pueden")),
    "ru": (("следует", "можно"), ("должны", "могут"), ("должна", "может")),
    "zh": (("应当", "可以"), ("应", "可")),
    "ar": (("ينبغي", "يجوز"), ("يجب", "يجوز")),
}
_MONTHS = {
    "en": "January|February|March|April|May|June|July|August|September|October|November|December",
    "fr": "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre",
    "es": "de (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre"
    "|diciembre)",
    "ru": "января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря",
    "ar": r"[^\d\s/]+(?: [^\d\s/]+)?/[^\d\s]+",
}
_DAY = {lang: re.compile(rf"(?<!\d)(\d{{1,2}})(?:er)? (?={m})") for lang, m in _MONTHS.items()}
_DAY["zh"] = re.compile(r"(?<=月)(\d{1,2})(?=日)")
_YEAR = re.compile(r"(?<![\d/])((?:19|20)\d\d)(?![\d/])")
_SYMBOL = re.compile(r"(?<![\d/])(\d{1,3}/)(\d{1,4})(?![\d/])|(A/[A-Z0-9./]*?)(\d+)(?![\d/])")

Tamper = Callable[[Paragraph, str, random.Random], str | None]
KINDS: dict[str, frozenset[str]] = {
    "removed": frozenset({"missing"}),
    "year": frozenset({"number", "date"}),
    "symbol": frozenset({"symbol"}),
    "verb": frozenset({"modality"}),
    "modal": frozenset({"modality"}),
    "date": frozenset({"date"}),
}


def split_symbols(split: str) -> list[str]:
    """The resolutions of one split (dev or test) of tests/data/languages_split.csv."""
    with SPLIT_FILE.open(encoding="utf-8") as fp:
        return [row["symbol"] for row in csv.DictReader(fp) if row["split"] == split]


def load_versions(symbol: str, root: Path) -> list[Document]:
    """The six versions of a resolution from the corpus's akn/cyber folder."""
    from pipeline.ingest import load_document

    stem = symbol.replace("/", "_")
    return [load_document(root / "akn" / "cyber" / f"{stem}.{lang}.xml") for lang in LANGS]


def _replace_one(
    text: str, pattern: re.Pattern[str], rng: random.Random, new: Callable[[re.Match[str]], str]
) -> str | None:
    found = list(pattern.finditer(text))
    if not found:
        return None
    match = rng.choice(found)
    return text[: match.start()] + new(match) + text[match.end() :]


def _year(para: Paragraph, lang: str, rng: random.Random) -> str | None:
    return _replace_one(para.text, _YEAR, rng, lambda m: str(int(m[1]) + 1))


def _symbol(para: Paragraph, lang: str, rng: random.Random) -> str | None:
    def bump(m: re.Match[str]) -> str:
        if m[1]:
            return m[1] + str(int(m[2]) + 1)
        return m[3] + str(int(m[4]) + 1)

    return _replace_one(para.text, _SYMBOL, rng, bump)


def _date(para: Paragraph, lang: str, rng: random.Random) -> str | None:
    return _replace_one(
        para.text, _DAY[lang], rng, lambda m: str(int(m[1]) % 27 + 1) + m[0][len(m[1]) :]
    )


def _swap(swaps: tuple[tuple[str, str], ...], *, opening: bool) -> Tamper:
    def tamper(para: Paragraph, lang: str, rng: random.Random) -> str | None:
        for old, new in swaps:
            after = "" if lang == "zh" else r"(?!\w)"
            if (
                opening
                and para.kind == "operative"
                and re.match(rf"(?:\w+ )?{re.escape(old)}{after}", para.text)
            ):
                return para.text.replace(old, new, 1)
            # Chinese 应 is also part of words that are no modal (应用 use, 应对 respond)
            bound = r"(?<![相供适响反对])" if lang == "zh" else r"(?<!\w)"
            end = r"(?![用对急邀])" if lang == "zh" else r"(?!\w)"
            if not opening and re.search(rf"{bound}{re.escape(old)}{end}", para.text):
                return re.sub(rf"{bound}{re.escape(old)}{end}", new, para.text, count=1)
        return None

    return tamper


def tamperings(lang: str) -> dict[str, Tamper]:
    """The text tamperings of one language, by name."""
    return {
        "year": _year,
        "symbol": _symbol,
        "verb": _swap(VERB_SWAPS[lang], opening=True),
        "modal": _swap(MODAL_SWAPS[lang], opening=False),
        "date": _date,
    }


def tamper(doc: Document, how: str, rng: random.Random) -> tuple[Document, str] | None:
    """One tampered copy of a version: the document and the tampered paragraph's id.

    Args:
        doc: A genuine version.
        how: One of ``KINDS``.
        rng: Picks the paragraph and the place in it.

    Returns:
        (tampered document, paragraph id), or None when no paragraph lends itself.
    """
    paragraphs = list(doc.paragraphs)
    order = list(range(len(paragraphs)))
    rng.shuffle(order)
    if how == "removed":
        parents = {p.parent for p in paragraphs}
        for k in order:
            if paragraphs[k].id not in parents:
                gone = paragraphs.pop(k)
                return dataclasses.replace(doc, paragraphs=tuple(paragraphs)), gone.id
        return None
    change = tamperings(doc.language)[how]
    for k in order:
        text = change(paragraphs[k], doc.language, rng)
        if text is not None and text != paragraphs[k].text:
            paragraphs[k] = dataclasses.replace(paragraphs[k], text=text)
            return dataclasses.replace(doc, paragraphs=tuple(paragraphs)), paragraphs[k].id
    return None


def found(report: LanguageReport, lang: str, pid: str, how: str, pivot_ids: set[str]) -> bool:
    """Whether the report names the tampering: its language and kind on its row."""
    for para in report.paragraphs:
        own = para.to_dict()["ids"].get(lang)
        if own == pid or (how == "removed" and own is None and para.id == pid):
            if any(i.language == lang and i.kind in KINDS[how] for i in para.issues):
                return True
    return False


def evaluate(
    split: str, root: Path, *, trials: int = 3
) -> Iterator[tuple[str, str, str, bool, int]]:
    """Tamper every version of every resolution of a split; yield each outcome.

    Yields:
        (symbol, language, tampering, found, issues the tampering added elsewhere).
    """
    for symbol in split_symbols(split):
        genuine = load_versions(symbol, root)
        base = compare_languages(genuine)
        base_issues = Counter((i.language, i.kind) for i in base.all_issues)
        for k, doc in enumerate(genuine):
            for how in KINDS:
                for trial in range(trials):
                    rng = random.Random(f"{symbol}/{doc.language}/{how}/{trial}")
                    made = tamper(doc, how, rng)
                    if made is None:
                        continue
                    versions = [*genuine[:k], made[0], *genuine[k + 1 :]]
                    report = compare_languages(versions)
                    hit = found(report, doc.language, made[1], how, set())
                    now = Counter((i.language, i.kind) for i in report.all_issues)
                    extra = sum((now - base_issues).values()) - (1 if hit else 0)
                    yield symbol, doc.language, how, hit, max(extra, 0)


def table(split: str, root: Path) -> str:
    """Recall by tampering and language as a Markdown table (found/made)."""
    cells: dict[tuple[str, str], list[int]] = {}
    extra = 0
    for _, lang, how, hit, more in evaluate(split, root):
        cell = cells.setdefault((how, lang), [0, 0])
        cell[0] += hit
        cell[1] += 1
        extra += more
    lines = ["| tampering | " + " | ".join(LANGS) + " | all |", "|---" * (len(LANGS) + 2) + "|"]
    for how in KINDS:
        row = [cells.get((how, lang), [0, 0]) for lang in LANGS]
        hits, made = sum(c[0] for c in row), sum(c[1] for c in row)
        lines.append(f"| {how} | " + " | ".join(f"{h}/{m}" for h, m in row) + f" | {hits}/{made} |")
    lines.append(f"\nissues added elsewhere by the tamperings: {extra}")
    return "\n".join(lines)


if __name__ == "__main__":
    from pipeline.settings import corpus_root

    corpus = corpus_root()
    if corpus is None:
        raise SystemExit("no corpus root")
    print(table(sys.argv[1] if len(sys.argv) > 1 else "dev", corpus))
