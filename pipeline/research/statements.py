"""Split documents that hold several speakers into per-state statements.

Three layouts are recognised (``split_statements`` dispatches on them):

- CASE 1, a compendium (A/AC.292/2025/INF/5): a table of contents ("Argentina . . . 3")
  names the statements in order; each statement starts at a paragraph that repeats its
  entry. Headings such as "Tunisia (on behalf of the Arab Group)" give a speaker and a
  group. Without a table of contents, headings that name a state are used instead.
- CASE 2, a verbatim record (A/79/PV.64): one statement per speaker turn
  (``speech_3`` and its ``speech_3__para_k``), presiding officers and the Secretariat left
  out.
- CASE 3, a General Debate speech (``ISO3_session_year.txt``): the whole file.
- CASE 4, a single speaker's paper (Israel's 2020 speech on international law, a plain
  text statement): a statement (or untyped) document with neither contents nor State
  headings is one statement; its speaker comes from an ISO3 prefix of the file name, the
  title, or the first State named in its opening, else the title or file name.

Every paragraph gets a language (``detect_language``): the compendium mixes English
with Spanish, French, Russian and Arabic. A statement is read in English when it has
English paragraphs (an original, or a translation printed beside the original), else in
French or Spanish with the cue files of that language; any other language is listed with
the reason it is not analysed (``Statement.reason``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from pipeline.document import Document, Paragraph
from pipeline.nlp.gazetteer import lookup_state

__all__ = [
    "Statement",
    "detect_language",
    "split_statements",
    "ANALYSED_LANGUAGES",
    "LANGUAGE_NAMES",
]

ANALYSED_LANGUAGES = ("en", "fr", "es")
LANGUAGE_NAMES = {
    "en": "English",
    "fr": "French",
    "es": "Spanish",
    "ar": "Arabic",
    "ru": "Russian",
    "zh": "Chinese",
    "und": "undetermined",
}
# The most frequent short words of each Latin-script language of the UN; words shared by
# two of them ("la", "de", "en") still count, the totals decide.
_STOPWORDS = {
    "en": frozenset(
        "the and of to in that is we for with on this our are be as by it have has which "
        "its not will would from an at all was were their these also been".split()
    ),
    "es": frozenset(
        "el la los las de que y en del por con una para se su es al lo como nuestro nuestra "
        "sobre este esta sus más también ha han".split()
    ),
    "fr": frozenset(
        "le la les de des du et en que qui dans pour une un est sur au aux nous ce cette par "
        "avec pas notre nos été sont".split()
    ),
}
_SCRIPTS = (("CYRILLIC", "ru"), ("ARABIC", "ar"), ("CJK", "zh"))
_WORD = re.compile(r"[^\W\d_]+")
_LEADER = re.compile(r"^(?P<entry>.*?)\s*(?:\.\s*){3,}\s*(?P<page>\d+)\s*$")
_ROMAN = re.compile(r"^[IVX]+\.\s+")
_BEHALF = re.compile(
    r"^(?P<actor>.+?)\s*\((?:joint statement of|on behalf of)\s+(?:the\s+)?(?P<group>[^:()]+?)"
    r"(?::\s*(?P<members>.+))?\)\s*$",
    re.I | re.S,
)
_TEXT_BEHALF = re.compile(
    r"\bon behalf of (?:the )?"
    r"(?P<group>(?:[A-Z][\w-]*|of|and|the)(?:\s+(?:[A-Z][\w-]*|of|and|the))*)"
)
_PRESIDING = re.compile(r"^(?:The )?(?:Acting )?(?:President|Chair|Co-Chair)", re.I)
_GROUPS = ("European Union", "Arab Group", "African Group", "Group of Like-Minded States")


@dataclass(frozen=True, slots=True)
class Statement:
    """One state's (or group's) statement inside a document.

    Attributes:
        id: ``stmt_1``, ``stmt_2`` ... in document order.
        actor: The speaker as printed: a state, or a group ("European Union").
        iso3: ISO alpha-3 of the state that speaks, or None (a group, an unknown name).
        group: The group spoken for ("Arab Group"), or None for a national statement.
        members: ISO alpha-3 of the group's members, where the heading lists them.
        paragraphs: The statement's paragraphs, heading excluded.
        languages: The language of each paragraph (``und`` when too short to tell).
        source: The document's symbol (or file name).
    """

    id: str
    actor: str
    iso3: str | None
    group: str | None
    members: tuple[str, ...]
    paragraphs: tuple[Paragraph, ...]
    languages: tuple[str, ...]
    source: str

    @property
    def label(self) -> str:
        """Row label for tables: "Arab Group (Tunisia)" or the actor."""
        if self.group and self.group != self.actor:
            return f"{self.group} ({self.actor})"
        return self.actor

    @property
    def language(self) -> str:
        """The main language: the one with most characters (``und`` if none is known)."""
        sizes: Counter[str] = Counter()
        for para, lang in zip(self.paragraphs, self.languages, strict=True):
            if lang != "und":
                sizes[lang] += len(para.text)
        return sizes.most_common(1)[0][0] if sizes else "und"

    @property
    def reading_language(self) -> str | None:
        """The language the statement is read in: English if it has any, else its main
        language when there is a cue file for it, else None."""
        if "en" in self.languages:
            return "en"
        return self.language if self.language in ANALYSED_LANGUAGES else None

    @property
    def analysed(self) -> tuple[Paragraph, ...]:
        """The paragraphs read: those in ``reading_language`` (none if there is none)."""
        lang = self.reading_language
        return tuple(
            p for p, code in zip(self.paragraphs, self.languages, strict=True) if code == lang
        )

    @property
    def reason(self) -> str:
        """Why the statement is not analysed ("" when it is)."""
        if self.analysed:
            return ""
        if not self.paragraphs:
            return "no text under the heading"
        name = LANGUAGE_NAMES.get(self.language, self.language)
        readable = ", ".join(LANGUAGE_NAMES[code] for code in ANALYSED_LANGUAGES)
        if self.language == "und":
            return "language could not be determined (too little text)"
        return f"written in {name}: there are stance cues only for {readable}"


def detect_language(text: str) -> str:
    """Guess the language of a paragraph from its script and its stopwords.

    Non-Latin scripts decide at once (Cyrillic ru, Arabic ar, CJK zh); Latin text goes to
    the language (en, es, fr) whose stopwords are most frequent. No model is loaded.

    Args:
        text: A paragraph.

    Returns:
        An ISO 639-1 code, or ``und`` when the text has too few stopwords to tell
        ("Mr. Chair,", "Thank you.") and no telling script.
    """
    scripts: Counter[str] = Counter()
    for ch in text:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            scripts[next((code for key, code in _SCRIPTS if key in name), "latin")] += 1
    if not scripts:
        return "und"
    script, count = scripts.most_common(1)[0]
    if script != "latin" and count >= 3:
        return script
    words = [w.casefold() for w in _WORD.findall(text)]
    hits = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    ranked = sorted(hits.values(), reverse=True)
    best = max(hits, key=lambda lang: hits[lang])
    # Three stopwords, or two that no other language shares as often.
    return best if hits[best] >= 3 or (hits[best] == 2 and ranked[1] < 2) else "und"


def split_statements(doc: Document) -> list[Statement]:
    """Split a document into per-state statements.

    Args:
        doc: A compendium of statements, a verbatim record or a single speech.

    Returns:
        The statements in document order (empty when the document has no speakers).
    """
    source = doc.symbol or PurePath(doc.source or "document").stem
    if doc.doc_type == "record" or any(p.speaker for p in doc.paragraphs):
        return _record_turns(doc, source)  # CASE 2
    if doc.doc_type == "speech" or all(p.kind == "speech" for p in doc.paragraphs):
        return _whole_speech(doc, source)  # CASE 3
    return _compendium(doc, source)  # CASE 1


def _make(
    number: int, heading: str, paragraphs: list[Paragraph], source: str, iso3: str | None = None
) -> Statement:
    actor, group, members = _parse_heading(heading)
    return Statement(
        id=f"stmt_{number}",
        actor=actor,
        iso3=iso3 or lookup_state(actor),
        group=group,
        members=members,
        paragraphs=tuple(paragraphs),
        languages=tuple(detect_language(p.text) for p in paragraphs),
        source=source,
    )


def _parse_heading(heading: str) -> tuple[str, str | None, tuple[str, ...]]:
    """Split "Nicaragua (joint statement of the Group ...: Belarus, China, ...)"."""
    heading = " ".join(_ROMAN.sub("", heading).split())
    match = _BEHALF.match(heading)
    if match is None:
        group = heading if heading in _GROUPS else None
        return heading, group, ()
    members: list[str] = []
    for name in re.split(r",\s*(?:and\s+)?|\s+and\s+", match["members"] or ""):
        iso3 = lookup_state(name.strip())
        if iso3:
            members.append(iso3)
    return match["actor"], match["group"].strip(), tuple(members)


# Ingestion drops dot leaders, so a contents entry reads "Argentina 3".
_TOC_LINE = re.compile(r"^.{2,200}\s\d{1,3}$")


def _key(text: str) -> str:
    return " ".join(_ROMAN.sub("", text).casefold().split())


def _toc_entries(doc: Document) -> list[str]:
    """Read the table of contents from the source text (the parsed paragraphs lose lines).

    Entries that wrap over several lines are joined; a section title ("I. Member
    States") directly followed by an entry for the same page is dropped, while one that
    is itself a statement ("II. European Union", the last) is kept.
    """
    lines = doc.source_text.splitlines()
    entries: list[tuple[str, str]] = []
    pending: list[str] = []
    for line in lines:
        text = line.strip()
        match = _LEADER.match(text)
        if match is None:
            # Lines of a wrapped entry come just before its dotted line.
            pending = pending + [text] if entries and text and len(pending) < 4 else []
            if text.casefold() in ("contents", "page"):
                pending = []
            continue
        entries.append((" ".join([*pending, match["entry"]]).strip(), match["page"]))
        pending = []
    kept = []
    for i, (entry, page) in enumerate(entries):
        nxt = entries[i + 1] if i + 1 < len(entries) else None
        if _ROMAN.match(entry) and nxt is not None and nxt[1] == page:
            continue
        kept.append(entry)
    return kept


def _compendium(doc: Document, source: str) -> list[Statement]:
    paragraphs = list(doc.paragraphs)
    body_start = next(
        (i + 1 for i in range(len(paragraphs) - 1, -1, -1) if _LEADER.match(paragraphs[i].text)),
        0,
    )
    entries = _toc_entries(doc)
    starts: list[tuple[int, str]] = []
    cursor = body_start
    for entry in entries:
        want = _key(entry)[:30]
        for i in range(cursor, len(paragraphs)):
            if _TOC_LINE.match(paragraphs[i].text):
                continue  # the contents entry itself ("Argentina 3"), not the statement
            have = _key(paragraphs[i].text)
            if have.startswith(want) or (len(have) > 3 and want.startswith(have)):
                starts.append((i, entry))
                cursor = i + 1
                break
    if not starts:  # no contents: headings that name a state or a group
        for i, para in enumerate(paragraphs[body_start:], start=body_start):
            name = _parse_heading(para.text)[0]
            if para.kind == "heading" and (lookup_state(name) or para.text in _GROUPS):
                starts.append((i, para.text))
    if not starts and doc.doc_type in ("statement", "other"):
        # a single speaker's paper, or a plain text statement the ingest cannot type
        return _single_paper(doc, source, paragraphs[body_start:])  # CASE 4
    statements = []
    for n, (i, entry) in enumerate(starts, start=1):
        end = starts[n][0] if n < len(starts) else len(paragraphs)
        heading = entry if len(entry) >= len(paragraphs[i].text) else paragraphs[i].text
        statements.append(_make(n, heading, paragraphs[i + 1 : end], source))
    return statements


def _record_turns(doc: Document, source: str) -> list[Statement]:
    turns: dict[str, list[Paragraph]] = {}
    for para in doc.paragraphs:
        if para.speaker:
            turns.setdefault(para.id.split("__")[0], []).append(para)
    statements: list[Statement] = []
    for paras in turns.values():
        first = paras[0]
        affiliation = first.affiliation or ""
        iso3 = lookup_state(affiliation)
        if _PRESIDING.match(first.speaker or "") or iso3 is None:
            continue  # presiding officers, the Secretariat, observers without a state code
        heading = affiliation
        behalf = _TEXT_BEHALF.search(first.text)
        if behalf:
            group = re.sub(r"(?:\s+(?:and|of|the))+$", "", behalf["group"].strip())
            heading = f"{affiliation} (on behalf of the {group})"
        statements.append(_make(len(statements) + 1, heading, paras, source, iso3))
    return statements


def _whole_speech(doc: Document, source: str) -> list[Statement]:
    if not doc.paragraphs:
        return []
    affiliation = doc.paragraphs[0].affiliation or ""
    iso3 = affiliation if re.fullmatch(r"[A-Z]{3}", affiliation) else lookup_state(affiliation)
    actor = _un_name(iso3) if iso3 else (affiliation or source)
    return [_make(1, actor, list(doc.paragraphs), source, iso3)]


def _single_paper(doc: Document, source: str, paragraphs: list[Paragraph]) -> list[Statement]:
    """The whole document as one statement (CASE 4).

    The speaker is, in order: an ISO3 prefix of the file name (``ISR_2020_...``), the
    first State the title names, the first State named in the first two paragraphs
    ("Statement by the delegation of Ghana"), else the title or file name with no code.
    """
    if not paragraphs:
        return []
    prefix = re.match(r"([A-Z]{3})_", PurePath(doc.source or "").name)
    iso3 = _un_iso3(prefix[1]) if prefix else None
    if iso3 is None:
        iso3 = _first_state(doc.title or "")
    if iso3 is None:
        iso3 = _first_state(" ".join(p.text for p in paragraphs[:2]))
    if iso3 is None:
        return [_make(1, doc.title or source, paragraphs, source)]
    return [_make(1, _un_name(iso3), paragraphs, source, iso3)]


def _first_state(text: str) -> str | None:
    """The first State named in a text (longest name first at each word)."""
    words = re.findall(r"[^\W\d_][\w'’.-]*", text)[:80]
    for i in range(len(words)):
        for n in (4, 3, 2, 1):
            if i + n <= len(words) and words[i][0].isupper():
                name = " ".join(words[i : i + n]).rstrip(".,")
                # the gazetteer spells names in English: "Sénégal" is looked up as "Senegal"
                plain = "".join(
                    c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
                )
                code = lookup_state(name) or lookup_state(plain)
                if code:
                    return code
    return None


def _un_iso3(code: str) -> str | None:
    from pipeline.nlp.gazetteer import un_names

    return code if code in un_names() else None


def _un_name(iso3: str) -> str:
    from pipeline.nlp.gazetteer import un_names

    return un_names().get(iso3, iso3)
