"""The typed document model that flows through every stage of normtrace.

Every type is a frozen dataclass; a stage takes a value and returns a new one
(``dataclasses.replace``). ``to_dict`` and ``from_dict`` give a JSON-ready form
that round-trips exactly: ``Document.from_dict(doc.to_dict()) == doc``.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal, TypeVar, get_args

if TYPE_CHECKING:
    import pandas as pd

ParagraphKind = Literal[
    "preamble", "operative", "subparagraph", "annex", "heading", "speech", "other"
]
ChangeKind = Literal["unchanged", "modified", "moved", "split", "merged", "added", "deleted"]
# The kinds of change, in the order every summary and report lists them.
CHANGE_KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)
# What a document is: the kinds ingest infers and ``load_document(kind=...)`` accepts.
DOC_KINDS = ("resolution", "draft", "record", "statement", "speech", "report", "other")

T = TypeVar("T")


class _Serialisable:
    """Mixin: ``to_dict`` / ``from_dict`` for frozen dataclasses of plain values."""

    def to_dict(self) -> dict[str, Any]:
        return {name: _dump(getattr(self, name)) for name in _fields(type(self)).written}

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        hints = typing.get_type_hints(cls)
        kwargs = {
            f.name: _load(hints[f.name], data[f.name])
            for f in dataclasses.fields(cls)  # type: ignore[arg-type]
            if f.name in data
        }
        return cls(**kwargs)

    def __reduce__(self) -> tuple[type[Any], tuple[Any, ...]]:
        """Pickled as the class called with its fields in order.

        A budgeted command reads each file in a child process, which sends the Document
        back pickled; a slotted dataclass's own state asks ``dataclasses.fields`` at
        every object, each way (50,000 paragraphs: 0.23 -> 0.17 s to pickle, 0.24 ->
        0.16 s to unpickle; the resolutions: 0.07 -> 0.04 and 0.12 -> 0.05 s).
        """
        cls = type(self)
        return cls, tuple([getattr(self, name) for name in _fields(cls).all])


class _Names(typing.NamedTuple):
    all: tuple[str, ...]
    written: tuple[str, ...]  # by ``to_dict``


# Each class's field names, asked once a class: ``dataclasses.fields`` at every object
# cost more than the rest of ``to_dict`` on the 50,000 changes of a diff (issue 27).
_FIELD_NAMES: dict[type, _Names] = {}


def _fields(cls: type) -> _Names:
    names = _FIELD_NAMES.get(cls)
    if names is None:
        fields = dataclasses.fields(cls)
        written = tuple(f.name for f in fields if f.metadata.get("serialise", True))
        names = _FIELD_NAMES[cls] = _Names(tuple(f.name for f in fields), written)
    return names


# Values written as they are; checked by exact type first, the commonest case.
_PLAIN = frozenset({str, int, float, bool, type(None)})


def json_fields(value: object) -> dict[str, Any]:
    """``json.dumps``'s ``default``: a document type as the fields ``to_dict`` writes.

    The values are left as they are: json writes a tuple as ``to_dict``'s list and calls
    this again for a document type inside, so the text is ``to_dict``'s without a copy
    of every change made first (50,000 changes: 0.6 -> 0.35 s to dict and dump, issue 27).

    Raises:
        TypeError: ``value`` is no document type (as json.dumps raises for any other).
    """
    if not isinstance(value, _Serialisable):
        raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")
    return {name: getattr(value, name) for name in _fields(type(value)).written}


def _dump(value: Any) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, _Serialisable):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_dump(v) for v in value]
    return value


def _load(hint: Any, value: Any) -> Any:
    """Rebuild ``value`` as the annotated type ``hint`` (dataclasses, tuples, optionals)."""
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _load(inner[0], value) if len(inner) == 1 else value
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_load(args[0], v) for v in value)
        return tuple(_load(a, v) for a, v in zip(args, value, strict=True))
    if isinstance(hint, type) and issubclass(hint, _Serialisable):
        return hint.from_dict(value)
    return value


@dataclass(frozen=True, slots=True)
class Paragraph(_Serialisable):
    """One unit of a document's body, traceable to its place in the source.

    ``id`` follows AKN4UN (``preamble_3``, ``para_5``, ``para_1__point_a``).
    ``start`` and ``end`` are character offsets into ``Document.source_text``.
    ``footnotes`` lists the markers of footnotes cited in the paragraph.
    """

    id: str
    kind: ParagraphKind
    number: str | None
    text: str
    page: int
    index: int = 0
    start: int = 0
    end: int = 0
    parent: str | None = None
    footnotes: tuple[str, ...] = ()
    speaker: str | None = None
    affiliation: str | None = None
    # The source's own id when it has one (AKN4UN ``eId``: "container_3", "para_24").
    eid: str | None = None


@dataclass(frozen=True, slots=True)
class Footnote(_Serialisable):
    """A footnote kept out of the body text and linked to where it is cited."""

    marker: str
    text: str
    page: int
    paragraph_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RecordedVote(_Serialisable):
    """A vote announced in a verbatim record ("... was adopted by 92 votes to 50").

    ``subject`` is what was voted on ("draft resolution A/79/L.64"), ``outcome``
    what it became ("resolution 79/283"); the three lists hold the names printed
    under "In favour:", "Against:" and "Abstaining:" when the vote was recorded.
    """

    paragraph_id: str
    yes: int
    no: int
    abstain: int
    text: str
    subject: str | None = None
    outcome: str | None = None
    in_favour: tuple[str, ...] = ()
    against: tuple[str, ...] = ()
    abstaining: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Entity(_Serialisable):
    """A named thing found in a paragraph, with its canonical id in ``norm_id``."""

    text: str
    label: str
    start: int
    end: int
    paragraph_id: str
    norm_id: str | None = None
    # ISO date the entity carries: a DATE's own, or a RES_REF's "36/103 of 9 December 1981".
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Topic(_Serialisable):
    name: str
    score: float


@dataclass(frozen=True, slots=True)
class Clause(_Serialisable):
    """The operative verb of a paragraph, its strength, modality and topics."""

    paragraph_id: str
    verb: str | None
    strength: int | None
    modality: str | None
    topics: tuple[Topic, ...] = ()


@dataclass(frozen=True, slots=True)
class Document(_Serialisable):
    """A UN document: metadata, body paragraphs and footnotes, plus NLP results."""

    symbol: str | None
    title: str | None
    doc_type: str
    paragraphs: tuple[Paragraph, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    date: str | None = None
    adoption_date: str | None = None
    session: int | None = None
    agenda_items: tuple[str, ...] = ()
    sponsors: tuple[str, ...] = ()
    # Sponsors who joined after the draft was issued, as the UN's markup lists them apart.
    additional_sponsors: tuple[str, ...] = ()
    committee_report: str | None = None
    meeting: str | None = None
    language: str = "en"
    source: str | None = None
    sha256: str | None = None
    pages: int = 0
    recorded_votes: tuple[RecordedVote, ...] = ()
    # How the document was adopted, as its markup says ("adoptedRecordedVote",
    # "adoptedWithoutVote"); None when the source does not say.
    vote_outcome: str | None = None
    entities: tuple[Entity, ...] = ()
    clauses: tuple[Clause, ...] = ()
    # The cleaned-up text that paragraph offsets point into; kept out of JSON.
    source_text: str = field(default="", repr=False, compare=False, metadata={"serialise": False})

    def paragraph(self, paragraph_id: str) -> Paragraph:
        """Return the paragraph with this id (KeyError if there is none)."""
        for para in self.paragraphs:
            if para.id == paragraph_id:
                return para
        raise KeyError(paragraph_id)

    def to_frame(self) -> pd.DataFrame:
        """One row per paragraph: id, citation (OP3, PP11), kind, number, page and text."""
        import pandas as pd

        rows = [(p.id, cite(p.id), p.kind, p.number, p.page, p.text) for p in self.paragraphs]
        return pd.DataFrame(rows, columns=["id", "cite", "kind", "number", "page", "text"])


@dataclass(frozen=True, slots=True)
class DocRef(_Serialisable):
    symbol: str | None
    title: str | None


_CITE_PREFIXES = {"preamble": "PP", "para": "OP", "other": "¶"}


def cite(paragraph_id: str) -> str:
    """Return the citation a researcher writes for a paragraph id.

    "preamble_3" is "PP3", "para_5" "OP5", "para_1__point_a" "OP1(a)",
    "para_1__subpara_10" "OP1.10"; "other_7", the seventh unnumbered paragraph of a
    text without a resolution's parts (the Paris Call, a report), "¶7"; an id of
    another shape is cited as it is.
    """
    head, *rest = paragraph_id.split("__")
    kind, _, number = head.partition("_")
    prefix = _CITE_PREFIXES.get(kind)
    if prefix is None or not number:
        return paragraph_id
    cited = prefix + number
    for part in rest:
        level, _, value = part.partition("_")
        if level == "point":
            cited += f"({value})"
        elif level == "subpara":
            cited += f".{value}"
        else:
            return paragraph_id
    return cited


@dataclass(frozen=True, slots=True)
class Change(_Serialisable):
    """One aligned (or unaligned) group of paragraphs between two documents."""

    kind: ChangeKind
    old_ids: tuple[str, ...]
    new_ids: tuple[str, ...]
    old_text: str
    new_text: str
    tokens: tuple[tuple[str, str], ...] = ()
    flags: tuple[str, ...] = ()
    similarity: float = 0.0
    significance: str = ""
    reason: str = ""
    old_cite: str = ""
    new_cite: str = ""
    old_page: int | None = None
    new_page: int | None = None


@dataclass(frozen=True, slots=True)
class Overlap(_Serialisable):
    """A passage an old paragraph shares with a new one (not necessarily aligned).

    ``text`` is the passage as the old paragraph writes it, ``new_text`` as the new one
    does; the offsets point into each paragraph's text; ``words`` counts the content
    words in common; ``boilerplate`` marks a passage that is only a title, an agenda
    item or a formula; ``repeats`` counts the paragraph pairs it stands for when
    identical paragraphs repeat.
    """

    old_id: str
    new_id: str
    text: str
    words: int
    new_text: str = ""
    old_cite: str = ""
    new_cite: str = ""
    old_start: int = 0
    old_end: int = 0
    new_start: int = 0
    new_end: int = 0
    # Issue 24: a title, agenda item or formula only (hidden by default in HTML and
    # Markdown), and how many (old, new) paragraph pairs of repeated identical texts
    # this one passage stands for.
    boilerplate: bool = False
    repeats: int = 1


@dataclass(frozen=True, slots=True)
class DiffReport(_Serialisable):
    """A comparison of two documents: the changes, their summary, the shared passages."""

    old: DocRef
    new: DocRef
    summary: dict[str, Any]
    changes: tuple[Change, ...] = ()
    overlaps: tuple[Overlap, ...] = ()

    def change_rows(self) -> list[dict[str, Any]]:
        """The change table (``diff --format csv``): one flat row per change.

        Each row is keyed by ``CHANGE_COLUMNS``: the pair (old -> new symbol), ids joined
        by " + ", citations, pages, kind, flags, significance, reason, similarity and
        both texts with their whitespace collapsed.
        """
        old = self.old.symbol or self.old.title or "old"
        new = self.new.symbol or self.new.title or "new"
        return [
            {
                "pair": f"{old} → {new}",
                "old_id": " + ".join(change.old_ids),
                "new_id": " + ".join(change.new_ids),
                "old_cite": change.old_cite,
                "new_cite": change.new_cite,
                "old_page": change.old_page,
                "new_page": change.new_page,
                "kind": change.kind,
                "flags": " ".join(change.flags),
                "significance": change.significance,
                "reason": change.reason,
                "similarity": change.similarity,
                "old_text": " ".join(change.old_text.split()),
                "new_text": " ".join(change.new_text.split()),
            }
            for change in self.changes
        ]

    def to_frame(self) -> pd.DataFrame:
        """The change table as a DataFrame (columns ``CHANGE_COLUMNS``)."""
        import pandas as pd

        return pd.DataFrame(self.change_rows(), columns=list(CHANGE_COLUMNS))


# The columns of ``DiffReport.change_rows``, in table order.
CHANGE_COLUMNS = (
    "pair", "old_id", "new_id", "old_cite", "new_cite", "old_page", "new_page", "kind",
    "flags", "significance", "reason", "similarity", "old_text", "new_text",
)  # fmt: skip
