"""Metadata of an AKN4UN document: symbol, dates, session, agenda, sponsors and the vote.

The UN's markup says in ``meta`` and ``coverPage`` what the PDF prints in its header:
``FRBRWork``/``FRBRExpression`` dates (adoption, publication), ``FRBRlanguage``, the
``workflow`` steps (the draft and its main sponsors, the additional sponsors, the
committee report that recommended it, the adoption), and under ``analysis/parliamentary``
the ``voting`` outcome with one ``count`` per side listing the voters. Every language
version carries the same ``meta`` (the names of States in it are in English).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from xml.etree.ElementTree import Element

from pipeline.document import RecordedVote
from pipeline.ingest.header import AND_NAMES

# ISO 639-2 (as FRBRlanguage writes it) to the two letters the rest of normtrace uses.
LANGUAGES = {
    "ara": "ar",
    "chi": "zh",
    "zho": "zh",
    "eng": "en",
    "fra": "fr",
    "fre": "fr",
    "rus": "ru",
    "spa": "es",
}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_SIDES = {"inFavour": "yes", "against": "no", "abstaining": "abstain"}
_COUNT = re.compile(r"[0-9]{1,6}")


def q(name: str) -> str:
    """The tag of an AKN element as the parsed tree holds it (``akn.parse_akn`` drops
    namespaces, so a file in an older Akoma Ntoso namespace reads the same)."""
    return name


def local(tag: object) -> str:
    """An element's tag without its namespace ("" for comments and processing instructions)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# Invisible direction marks (the Arabic versions end clauses with U+200F): not text.
BIDI = dict.fromkeys([0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def flat(element: Element | None) -> str:
    """An element's text with its whitespace folded ("" for no element)."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).translate(BIDI).split())


@dataclass(frozen=True, slots=True)
class AknMeta:
    """What ``meta``, ``coverPage``, ``preface`` and ``conclusions`` say about a document."""

    symbol: str | None
    title: str | None
    date: str | None
    adoption_date: str | None
    session: int | None
    agenda_items: tuple[str, ...]
    committee_report: str | None
    meeting: str | None
    language: str
    sponsors: tuple[str, ...]
    additional_sponsors: tuple[str, ...]
    recorded_votes: tuple[RecordedVote, ...]
    vote_outcome: str | None
    draft: str | None


def read_meta(doc: Element) -> AknMeta:
    """Read the metadata of one AKN4UN document (the ``statement``/``doc`` element).

    Args:
        doc: The element under ``akomaNtoso`` that holds ``meta`` and the body.

    Returns:
        The metadata; a field the markup lacks is None or empty.
    """
    meta = doc.find(q("meta"))
    cover = doc.find(q("coverPage"))
    symbol = _symbol(doc)
    steps = {
        step.get("outcome", ""): step for step in (meta.iter(q("step")) if meta is not None else ())
    }
    draft_step = steps.get("draftResolution")
    added_step = steps.get("draftResolutionAdditionalSponsors")
    report_step = steps.get("recommendedForAdoption")
    votes, outcome = _votes(meta, symbol, draft_step)
    return AknMeta(
        symbol=symbol,
        title=_title(doc),
        date=_first_date(cover, "docDate") or _frbr_date(meta, "publication"),
        adoption_date=_frbr_date(meta, "adoption") or _conclusions_date(doc),
        session=_session(cover, symbol),
        agenda_items=_agenda(cover),
        committee_report=_committee_report(cover, report_step),
        meeting=_meeting(doc),
        language=_language(meta),
        sponsors=_names(draft_step),
        additional_sponsors=_names(added_step),
        recorded_votes=votes,
        vote_outcome=outcome,
        draft=(draft_step.get("as") or None) if draft_step is not None else None,
    )


def _symbol(doc: Element) -> str | None:
    for number in doc.iter(q("docNumber")):
        text = flat(number)
        if number.get("refersTo") == "#symbol" and "/" in text:
            return text
    # The work's URI: /akn/un/statement/deliberation/unga/2020-12-31/75-240/
    for this in doc.iter(q("FRBRuri")):
        m = re.search(r"/unga/[\d-]+/(\d+)-(\d+)/", this.get("value", ""))
        if m:
            return f"A/RES/{m.group(1)}/{m.group(2)}"
    return None


def _title(doc: Element) -> str | None:
    preface = doc.find(q("preface"))
    if preface is None:
        return None
    for title in preface.iter(q("docTitle")):
        # The Arabic preface prints "79/243 - Title": the dash stays in docTitle.
        text = flat(title).lstrip("-–—.: ")
        if text:
            return text
    return None


def _frbr_date(meta: Element | None, name: str) -> str | None:
    if meta is None:
        return None
    for date in meta.iter(q("FRBRdate")):
        if date.get("name") == name:
            return _date_free(date.get("date"))
    return None


def _first_date(parent: Element | None, tag: str) -> str | None:
    if parent is None:
        return None
    for date in parent.iter(q(tag)):
        if value := _date_free(date.get("date")):
            return value
    return None


def _conclusions_date(doc: Element) -> str | None:
    return _first_date(doc.find(q("conclusions")), "docDate")


def _date_free(value: str | None) -> str | None:
    """An ISO date, or None for a missing one or the markup's placeholder 0001-01-01."""
    if not value or not _ISO_DATE.match(value) or value.startswith("0001"):
        return None
    return value


def _session(cover: Element | None, symbol: str | None) -> int | None:
    """The session: a resolution's symbol says it (A/RES/78/237: 78), else the cover page.

    The symbol wins: the Arabic markup of A/RES/78/237 gives session 77 on its cover
    ("الدورة السابعة والسبعون") where the five other versions give 78.
    """
    if symbol and (m := re.match(r"^A/RES/(\d{1,3})/", symbol)):
        return int(m.group(1))
    for session in cover.iter(q("session")) if cover is not None else ():
        if (value := _count(session.get("value", ""))) is not None:
            return value
    return None


def _agenda(cover: Element | None) -> tuple[str, ...]:
    if cover is None:
        return ()
    for inline in cover.iter(q("inline")):
        if inline.get("name") == "agenda item":
            items = re.findall(r"\d+(?:\s*\([a-z]{1,3}\))?", flat(inline))
            return tuple(re.sub(r"\s+", " ", item) for item in items)
    return ()


def _committee_report(cover: Element | None, step: Element | None) -> str | None:
    if step is not None and (value := (step.get("as") or "").strip()):
        return value
    if cover is None:
        return None
    for inline in cover.iter(q("inline")):
        if inline.get("name") == "originating document":
            # "A/75/394, para. 17" (or "A/79/460، الفقرة 15"): the symbol is the first word.
            return re.split(r"[,،，\s]", flat(inline), maxsplit=1)[0] or None
    return None


def _meeting(doc: Element) -> str | None:
    conclusions = doc.find(q("conclusions"))
    if conclusions is None:
        return None
    parts: list[str] = []
    for element in conclusions.iter():
        if element.text:
            parts.append(element.text)
        if local(element.tag) == "eol":
            parts.append(" ")
        if element is not conclusions and element.tail:
            parts.append(element.tail)
    return " ".join("".join(parts).split()) or None


def _language(meta: Element | None) -> str:
    if meta is not None:
        for language in meta.iter(q("FRBRlanguage")):
            code = language.get("language", "").lower()
            return LANGUAGES.get(code, code[:2] or "en")
    return "en"


def _names(step: Element | None) -> tuple[str, ...]:
    """The States of a workflow step's ``by``, split as a sponsor line is."""
    if step is None:
        return ()
    listed = " ".join((step.get("by") or "").split())
    if not listed:
        return ()
    return tuple(split_names(listed))


def split_names(listed: str) -> list[str]:
    """Split "A, B, Bosnia and Herzegovina and C (on behalf of X, Y and Z)" into names.

    Commas and " and " inside brackets (nested too) and inside the names of States
    that hold " and " (``header.AND_NAMES``) do not split.
    """
    protected = listed
    for i, name in enumerate(AND_NAMES):
        protected = protected.replace(name, f"\x00{i}\x00")
    parts: list[str] = []
    depth, start, i = 0, 0, 0
    while i < len(protected):
        char = protected[i]
        depth += (char == "(") - (char == ")")
        cut = 2 if protected.startswith(", ", i) else 5 if protected.startswith(" and ", i) else 0
        if depth == 0 and cut:
            parts.append(protected[start:i])
            start = i = i + cut
            continue
        i += 1
    parts.append(protected[start:])
    names = []
    for part in parts:
        for j, name in enumerate(AND_NAMES):
            part = part.replace(f"\x00{j}\x00", name)
        part = part.strip(" ,*")
        if part.startswith("and "):
            part = part[4:]
        if part:
            names.append(part)
    return names


def _count(value: str) -> int | None:
    """A session or vote count as the markup writes it: up to six ASCII digits.

    ``str.isdigit`` let "²" and a 5,000-digit value through to ``int``, a ValueError
    outside the reader's errors.
    """
    value = value.strip()
    return int(value) if _COUNT.fullmatch(value) else None


def _votes(
    meta: Element | None, symbol: str | None, draft: Element | None
) -> tuple[tuple[RecordedVote, ...], str | None]:
    """The recorded vote (if any) and the voting outcome from ``analysis/parliamentary``."""
    if meta is None:
        return (), None
    voting = next(meta.iter(q("voting")), None)
    if voting is None:
        return (), None
    outcome = voting.get("outcome") or None
    counts: dict[str, int] = {}
    names: dict[str, tuple[str, ...]] = {}
    for count in voting.iter(q("count")):
        side = _SIDES.get(count.get("refersTo", "").lstrip("#"))
        if side is None:
            continue
        listed = tuple(flat(org) for org in count.iter(q("organization")) if flat(org))
        value = _count(count.get("value", ""))
        counts[side] = len(listed) if value is None else value
        names[side] = listed
    if not counts:
        return (), outcome
    yes, no, abstain = (counts.get(side, 0) for side in ("yes", "no", "abstain"))
    number = symbol.split("RES/", 1)[-1] if symbol and "RES/" in symbol else symbol
    vote = RecordedVote(
        paragraph_id="meta",
        yes=yes,
        no=no,
        abstain=abstain,
        text=f"{outcome or 'recorded vote'}: {yes} in favour, {no} against, {abstain} abstaining",
        subject=(draft.get("as") if draft is not None else None) or symbol,
        outcome=f"resolution {number}" if number else None,
        in_favour=names.get("yes", ()),
        against=names.get("no", ()),
        abstaining=names.get("abstain", ()),
    )
    return (vote,), outcome
