"""The language versions of one document against each other: cues, alignment, checks, output.

Versions are built here from short texts written in each language the way the UN
writes them (the cue data under test are never used to write an expected value).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence

import pytest

from pipeline.compare.languages import (
    LanguageReport,
    LanguageVersionsError,
    compare_languages,
    version_language,
)
from pipeline.compare.languages_cues import features, load_cues, numbering_values, opening_verb
from pipeline.document import Document, Footnote, Paragraph
from pipeline.report.languages import (
    format_languages_html,
    write_languages_json,
    write_languages_markdown,
)


def version(
    language: str,
    preamble: Sequence[str],
    operative: Sequence[str],
    *,
    numbers: Sequence[str] | None = None,
    symbol: str = "A/RES/99/1",
    footnotes: dict[int, str] | None = None,
) -> Document:
    """A resolution in one language: preambular paragraphs, then numbered operative ones."""
    paras = [
        Paragraph(id=f"preamble_{n}", kind="preamble", number=None, text=t, page=1, index=n - 1)
        for n, t in enumerate(preamble, 1)
    ]
    labels = list(numbers) if numbers else [str(n) for n in range(1, len(operative) + 1)]
    for n, (label, text) in enumerate(zip(labels, operative, strict=True), 1):
        paras.append(
            Paragraph(
                id=f"para_{n}", kind="operative", number=label, text=text, page=1,
                index=len(preamble) + n - 1,
            )
        )  # fmt: skip
    notes: list[Footnote] = []
    for k, (index, text) in enumerate(sorted((footnotes or {}).items()), 1):
        paras[index] = dataclasses.replace(paras[index], footnotes=(str(k),))
        notes.append(Footnote(marker=str(k), text=text, page=1, paragraph_ids=(paras[index].id,)))
    return Document(
        symbol=symbol, title=None, doc_type="resolution", paragraphs=tuple(paras),
        footnotes=tuple(notes), language=language, source=f"{language}.xml",
    )  # fmt: skip


# One short resolution in six languages, written after A/RES/78/16's style.
TEXTS: dict[str, tuple[list[str], list[str]]] = {
    "en": (
        ["Recalling its resolution 73/27 of 5 December 2018,",
         "Noting that States should cooperate in two areas,",
         "Welcoming the report of the Secretary-General (A/78/76),"],
        ["Decides to convene two intersessional meetings in 2024 and 2025;",
         "Requests the Secretary-General to submit a report to it at its seventy-ninth session;",
         "Also decides to include in the provisional agenda of its seventy-ninth session "
         "the item."],
    ),
    "fr": (
        ["Rappelant sa résolution 73/27 du 5 décembre 2018,",
         "Notant que les États devraient coopérer dans deux domaines,",
         "Se félicitant du rapport du Secrétaire général (A/78/76),"],
        ["Décide de convoquer deux réunions intersessions en 2024 et 2025 ;",
         "Prie le Secrétaire général de lui présenter un rapport à sa soixante-dix-neuvième "
         "session ;",
         "Décide également d’inscrire à l’ordre du jour provisoire de sa soixante-dix-neuvième "
         "session la question."],
    ),
    "es": (
        ["Recordando su resolución 73/27, de 5 de diciembre de 2018,",
         "Observando que los Estados deberían cooperar en dos esferas,",
         "Acogiendo con beneplácito el informe del Secretario General (A/78/76),"],
        ["Decide convocar dos reuniones entre períodos de sesiones en 2024 y 2025;",
         "Solicita al Secretario General que le presente un informe en su septuagésimo noveno "
         "período de sesiones;",
         "Decide también incluir en el programa provisional de su septuagésimo noveno período de "
         "sesiones el tema."],
    ),
    "ru": (
        ["ссылаясь на свою резолюцию 73/27 от 5 декабря 2018 года,",
         "отмечая, что государствам следует сотрудничать в двух областях,",
         "приветствуя доклад Генерального секретаря (A/78/76),"],
        ["постановляет созвать два межсессионных совещания в 2024 и 2025 годах;",
         "просит Генерального секретаря представить ей доклад на ее семьдесят девятой сессии;",
         "постановляет также включить в предварительную повестку дня ее семьдесят девятой "
         "сессии пункт."],
    ),
    "zh": (
        ["回顾其2018年12月5日第73/27号决议，",
         "注意到各国应在两个领域开展合作，",
         "欢迎秘书长的报告(A/78/76)，"],
        ["决定在2024年和2025年召开两次闭会期间会议；",
         "请秘书长向大会第七十九届会议提交报告；",
         "又决定将该项目列入大会第七十九届会议临时议程。"],
    ),
    "ar": (
        ["إذ تشير إلى قرارها 73/27 المؤرخ 5 كانون الأول/ديسمبر 2018،",
         "وإذ تلاحظ أنه ينبغي للدول أن تتعاون في مجالين،",
         "وإذ ترحب بتقرير الأمين العام (A/78/76)،"],
        ["تقرر أن تعقد اجتماعين بين الدورات في عامي 2024 و 2025؛",
         "تطلب إلى الأمين العام أن يقدم إليها تقريرا في دورتها التاسعة والسبعين؛",
         "تقرر أيضا أن تدرج في جدول الأعمال المؤقت لدورتها التاسعة والسبعين البند."],
    ),
}  # fmt: skip
ARABIC_NUMBERS = ["1 -", "2 -", "3 -"]


def six(**changes: tuple[list[str], list[str]]) -> list[Document]:
    """The six versions, with some languages' texts replaced."""
    docs = []
    for lang, (pre, ops) in TEXTS.items():
        pre, ops = changes.get(lang, (pre, ops))
        docs.append(version(lang, pre, ops, numbers=ARABIC_NUMBERS if lang == "ar" else None))
    return docs


def issues(report: LanguageReport) -> set[tuple[str, str, str]]:
    """(citation, language, kind) of every paragraph issue."""
    return {(p.cite, i.language, i.kind) for p in report.paragraphs for i in p.issues}


def test_six_faithful_versions_agree() -> None:
    report = compare_languages(six())
    assert issues(report) == set()
    assert report.languages == ("en", "ar", "es", "fr", "ru", "zh")
    assert [p.cite for p in report.paragraphs] == ["PP1", "PP2", "PP3", "OP1", "OP2", "OP3"]


@pytest.mark.parametrize(
    ("lang", "old", "new", "kind", "cite"),
    [
        # a year changed: a number in digits
        ("fr", "en 2024 et 2025", "en 2024 et 2026", "number", "OP1"),
        ("zh", "在2024年和2025年", "在2024年和2023年", "number", "OP1"),
        # the symbol of a cited resolution
        ("ru", "резолюцию 73/27", "резолюцию 73/28", "symbol", "PP1"),
        ("ar", "(A/78/76)", "(A/78/67)", "symbol", "PP3"),
        # the day or the month of a date
        ("es", "de 5 de diciembre", "de 6 de diciembre", "date", "PP1"),
        ("ar", "5 كانون الأول/ديسمبر", "5 تشرين الثاني/نوفمبر", "date", "PP1"),
        ("zh", "2018年12月5日", "2018年11月5日", "date", "PP1"),
        ("ar", "الأول/ديسمبر", "الأول/نوفمبر", "date", "PP1"),  # one of the two names
        # the operative verb of another force
        ("fr", "Décide de convoquer", "Invite à convoquer", "modality", "OP1"),
        ("zh", "请秘书长", "欢迎秘书长", "modality", "OP2"),
        ("ar", "تقرر أن تعقد", "تشجع على أن تعقد", "modality", "OP1"),
        ("ru", "просит Генерального", "постановляет Генерального", "modality", "OP2"),
        # should made may
        ("es", "deberían cooperar", "podrán cooperar", "modality", "PP2"),
        ("en", "States should cooperate", "States may cooperate", "modality", "PP2"),
        # a count written as a word in one version and changed in digits in another
        ("en", "convene two", "convene 3", "number", "OP1"),
    ],
)
def test_one_change_in_one_version_is_found_there(
    lang: str, old: str, new: str, kind: str, cite: str
) -> None:
    pre, ops = TEXTS[lang]
    changed = ([t.replace(old, new) for t in pre], [t.replace(old, new) for t in ops])
    assert changed != (pre, ops), "the change must apply"
    report = compare_languages(six(**{lang: changed}))
    assert (cite, lang, kind) in issues(report)
    # nothing is said of the versions left alone
    assert {i[1] for i in issues(report)} == {lang}


def test_a_count_in_digits_matches_a_count_in_words() -> None:
    # "2" in one version, "deux"/"two"/"два"/"两"/"اثنين" in the others: the same number
    pre, ops = TEXTS["fr"]
    report = compare_languages(six(fr=(pre, [ops[0].replace("deux", "2"), *ops[1:]])))
    assert issues(report) == set()


def test_a_paragraph_removed_is_missing_on_its_row() -> None:
    pre, ops = TEXTS["ru"]
    report = compare_languages(six(ru=(pre[:1] + pre[2:], ops)))
    assert issues(report) == {("PP2", "ru", "missing")}


def test_a_paragraph_added_is_extra() -> None:
    pre, ops = TEXTS["es"]
    added = "Tomando nota del informe A/78/999 de 1 de enero de 2023,"
    report = compare_languages(six(es=([*pre, added], ops)))
    found = issues(report)
    assert {i for i in found if i[2] == "extra"} == {("PP4", "es", "extra")}
    assert {i[1] for i in found} == {"es"}


def test_numbering_changed() -> None:
    docs = six()
    docs[1] = version("fr", *TEXTS["fr"], numbers=["1", "2", "4"])
    assert issues(compare_languages(docs)) == {("OP3", "fr", "numbering")}


def test_footnote_moved() -> None:
    docs = six()
    notes = {0: "A/73/505."}
    docs = [version(d.language, *TEXTS[d.language], footnotes=notes) for d in docs]
    docs[1] = version("fr", *TEXTS["fr"], footnotes={1: "A/73/505."})
    found = issues(compare_languages(docs))
    assert ("PP1", "fr", "footnote") in found and ("PP2", "fr", "footnote") in found


def test_two_versions_the_pivot_wins_a_tie() -> None:
    en = version("en", *TEXTS["en"])
    pre, ops = TEXTS["fr"]
    fr = version("fr", [pre[0].replace("2018", "2017"), *pre[1:]], ops)
    report = compare_languages([fr, en])
    assert report.pivot == "en"
    assert {(i[1], i[2]) for i in issues(report)} == {("fr", "date")}


def test_a_different_document_symbol_is_a_document_issue() -> None:
    docs = six()
    docs[3] = dataclasses.replace(docs[3], symbol="A/RES/99/2")
    report = compare_languages(docs)
    assert [(i.language, i.kind) for i in report.issues] == [("ru", "symbol")]
    assert report.symbol == "A/RES/99/1"


@pytest.mark.parametrize(
    "docs",
    [
        [version("en", *TEXTS["en"])],  # one version
        [version("en", *TEXTS["en"]), version("en", *TEXTS["en"])],  # two in one language
    ],
)
def test_versions_that_cannot_be_compared(docs: list[Document]) -> None:
    with pytest.raises(LanguageVersionsError):
        compare_languages(docs)


@pytest.mark.parametrize(
    ("text", "lang", "numbers", "symbols", "dates"),
    [
        # Arabic-Indic digits are digits
        ("في عام ٢٠٢٤ و ٣ دول", "ar", {2024: 1, 3: 1}, {}, {}),
        # A/RES/73/27 and 73/27 name the same resolution; Cyrillic capitals in a symbol
        ("резолюции А/RES/73/27 и 74/28", "ru", {}, {"73/27": 1, "74/28": 1}, {}),
        ("documento A/C.1/75/L.8/Rev.1.", "es", {}, {"A/C.1/75/L.8/Rev.1": 1}, {}),
        # French "1er", Spanish "de ... de", Russian genitive, Chinese 年月日, a range of days
        ("du 1er décembre 1999", "fr", {}, {}, {(1999, 12, 1): 1}),
        ("de 31 de diciembre de 2020", "es", {}, {}, {(2020, 12, 31): 1}),
        ("от 22 декабря 2018 года", "ru", {}, {}, {(2018, 12, 22): 1}),
        ("2022年7月25日至29日", "zh", {}, {}, {(2022, 7, 25): 1, (2022, 7, 29): 1}),
        ("from 25 to 29 July 2022", "en", {}, {}, {(2022, 7, 25): 1, (2022, 7, 29): 1}),
        # the two Arabic month names, with or without the slash
        ("29 تشرين الثاني نوفمبر 2001", "ar", {}, {}, {(2001, 11, 29): 1}),
        # a year range with a hyphen, COVID-19, an ordinal and an inline item label
        ("2021-2025 (COVID-19)", "en", {2021: 1, 2025: 1}, {}, {}),
        ("su 11o período; i) algo", "es", {}, {}, {}),
        ("’1‘ طرائق", "ar", {}, {}, {}),
    ],
)
def test_facts_read_from_text(
    text: str, lang: str, numbers: dict[int, int], symbols: dict[str, int],
    dates: dict[tuple[int, int, int], int],
) -> None:  # fmt: skip
    read = features(text, lang)
    assert dict(read.numbers) == numbers
    assert dict(read.symbols) == symbols
    assert dict(read.dates) == dates


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("deux réunions", "fr", 2),
        ("двух совещаний", "ru", 2),
        ("第七十九届会议", "zh", 79),
        ("seventy-nine", "en", 79),
        ("اجتماعين ثلاثة", "ar", 3),
    ],
)
def test_number_words(text: str, lang: str, value: int) -> None:
    assert value in features(text, lang).number_words


@pytest.mark.parametrize(
    ("label", "lang", "value"),
    [
        ("1.", "en", 1),
        ("3 -", "ar", 3),
        ("(b)", "en", 2),
        ("b)", "fr", 2),
        ("а)", "ru", 1),  # a Cyrillic а, as the Russian versions type it
        ("(ب)", "ar", 2),
        ("(هـ)", "ar", 5),
        ("(ii)", "en", 2),
        ("(二)", "zh", 2),
    ],
)
def test_numbering_values(label: str, lang: str, value: int) -> None:
    assert value in numbering_values(label, lang)


@pytest.mark.parametrize(
    ("text", "lang", "kind"),
    [
        ("1. Also decides to include", "en", "decide"),
        ("Décide également d’inscrire", "fr", "decide"),
        ("Acoge con beneplácito el informe", "es", "acknowledge"),
        ("настоятельно призывает государства", "ru", "direct"),
        ("又决定", "zh", "decide"),
        ("وتقرر أيضا", "ar", "decide"),
        ("تقر بأهمية", "ar", "acknowledge"),  # تقر is not تقرر
        ("Decidedly not a verb", "en", None),
    ],
)
def test_opening_verb_class(text: str, lang: str, kind: str | None) -> None:
    assert opening_verb(text, load_cues(lang))[0] == kind


def test_json_contract_and_summary() -> None:
    pre, ops = TEXTS["fr"]
    report = compare_languages(six(fr=(pre, [ops[0].replace("2025", "2026"), *ops[1:]])))
    import io

    out = io.StringIO()
    write_languages_json([report], out)
    data = json.loads(out.getvalue())
    assert {"symbol", "languages", "paragraphs", "summary"} <= set(data)
    assert data["symbol"] == "A/RES/99/1"
    assert set(data["languages"]) == set(TEXTS)
    op1 = next(p for p in data["paragraphs"] if p["id"] == "para_1")
    assert op1["cite"] == "OP1"
    assert op1["issues"] == [
        {"language": "fr", "kind": "number", "detail": "2026 where the others have 2025"}
    ]
    assert data["summary"]["by_kind"] == {"number": 1}
    assert data["summary"]["by_language"]["fr"] == {"number": 1}
    assert data["summary"]["by_language"]["en"] == {}


def test_markdown_lists_each_problem() -> None:
    import io

    pre, ops = TEXTS["ru"]
    report = compare_languages(six(ru=(pre[:1] + pre[2:], ops)))
    out = io.StringIO()
    write_languages_markdown([report], out)
    assert "| PP2 | ru | missing |" in out.getvalue()


def test_html_side_by_side_escapes_the_text() -> None:
    pre, ops = TEXTS["fr"]
    hostile = [f"{pre[0]} <script>alert(1)</script>", *pre[1:]]
    report = compare_languages(six(fr=(hostile, [ops[0].replace("2025", "2026"), *ops[1:]])))
    page = format_languages_html([report])
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert page.count('<td lang="ar" dir="rtl"') == len(report.paragraphs)
    assert 'class="flag" data-kinds="number"' in page


@pytest.mark.parametrize("lang", list(TEXTS))
def test_a_version_read_as_english_by_default_takes_its_own_language(lang: str) -> None:
    # A PDF reader that cannot tell the language says "en": the text says otherwise.
    doc = dataclasses.replace(version(lang, *TEXTS[lang]), language="en")
    assert version_language(doc) == lang
    assert version_language(dataclasses.replace(doc, language="fr")) == "fr"  # as said


def test_html_marks_the_value_at_fault_and_escapes_around_it() -> None:
    pre, ops = TEXTS["fr"]
    changed = [f"<b>{ops[0].replace('2025', '2026')}</b>", *ops[1:]]
    page = format_languages_html([compare_languages(six(fr=(pre, changed)))])
    assert "<mark>2026</mark>" in page
    assert "&lt;b&gt;Décide" in page and "<b>" not in page
    assert page.count("<mark>") == 1  # nothing marked in the faithful versions


def test_the_enacting_formula_is_no_paragraph_in_any_language() -> None:
    # A reader that keeps "L’Assemblée générale," as a paragraph in one version only
    docs = six()
    fr = docs[1]
    formula = Paragraph(
        id="preamble_0", kind="preamble", number=None, text="L’Assemblée générale,", page=1
    )
    docs[1] = dataclasses.replace(fr, paragraphs=(formula, *fr.paragraphs))
    zh = docs[4]
    formula_zh = Paragraph(id="preamble_0", kind="preamble", number=None, text="大会，", page=1)
    docs[4] = dataclasses.replace(zh, paragraphs=(formula_zh, *zh.paragraphs))
    assert issues(compare_languages(docs)) == set()
