"""Whether a paragraph is a mandate, read from its clause: it tasks a body.

A paragraph is a mandate when the Assembly, in the paragraph's own clause, gives a
body something to do or sets how it works (the labelling rule of models/COMPARE.md):

- a tasking verb with the body as its object: "Requests the Secretary-General to ...",
  "Invites the United Nations Institute for Disarmament Research to ...", "Calls upon
  the Panel to ...", also after "and" inside the paragraph ("..., and requests the
  Secretary-General to submit a report");
- a decision that sets a body up: "Decides to establish the Group ...", "Decides to
  convene ... an open-ended working group";
- a body as the subject of a modal: "Decides that the Ad Hoc Committee shall hold ...",
  "Underlines that the open-ended working group should take into account ...".

A paragraph that only names a body ("Supports the open-ended working group ... and
acknowledges its mandate") is not a mandate, nor a task given to States. The words
are data: ``data/mandate_cues.csv`` lists the bodies, the words that are never a
tasked body (States, the General Assembly), the tasking and deciding verbs, the verbs
of setting up and the modals.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from functools import cache, lru_cache
from importlib import resources

from pipeline.compare.classify import lead_verb
from pipeline.compare.normalise import strip_footnote_markers
from pipeline.document import Paragraph
from pipeline.lexicon import strip_numbering

_MAX_OBJECT = 400  # characters between a tasking verb and its "to"
_INTENSITY = re.compile(r"^(?:strongly|firmly|deeply|fully|warmly|resolutely)\s+")
_SECONDARY = re.compile(
    r",?\s+and\s+(?:also\s+|further\s+|specifically\s+)?"
    r"(?P<verb>requests|invites|encourages|calls upon|urges)\s+",
    re.IGNORECASE,
)


@cache
def cues() -> dict[str, tuple[str, ...]]:
    """The cue words of ``data/mandate_cues.csv``, by kind, longest first."""
    text = resources.files("pipeline.compare").joinpath("data", "mandate_cues.csv")
    found: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(text.read_text("utf-8").splitlines()):
        found[row["kind"]].append(row["cue"].strip().lower())
    return {kind: tuple(sorted(words, key=len, reverse=True)) for kind, words in found.items()}


@cache
def _pattern(kind: str) -> re.Pattern[str]:
    words = "|".join(re.escape(w).replace(r"\-", "[-\u2010\u2011 ]?") for w in cues()[kind])
    return re.compile(r"\b(?:" + words + r")\b", re.IGNORECASE)


@cache
def _head_pattern() -> re.Pattern[str]:
    """A body or a never-body word, whichever the phrase names first."""
    body, other = _pattern("body").pattern, _pattern("not_body").pattern
    return re.compile(f"(?P<other>{other})|(?P<body>{body})(?![’']s)", re.IGNORECASE)


def _names_body(phrase: str) -> str | None:
    """The body a noun phrase is about, as written, when its first cue is a body."""
    for match in _head_pattern().finditer(phrase):
        if match.group("other"):
            return None
        if match.group("body"):
            return match.group("body")
    return None


def _object_body(rest: str) -> str | None:
    """The body a tasking verb gives a task: the phrase up to " to " names it first."""
    match = re.search(r"\sto\s", rest[:_MAX_OBJECT])
    return _names_body(rest[: match.start()]) if match else None


def _sets_up(rest: str) -> bool:
    """ "Decides to establish/convene ...": the first infinitive is a verb of setting up."""
    clause = rest.split(";")[0]
    for match in re.finditer(r"\bto\s+(?:also\s+|further\s+)?(?P<verb>[a-z]+(?: up)?)", clause):
        before = clause[max(0, match.start() - 12) : match.start()].lower()
        if before.endswith(("view ", "regard ", "prejudice ")) or match["verb"].endswith("ing"):
            continue
        return match["verb"].lower() in cues()["set_up"]
    return False


def _modal_subject(text: str) -> str | None:
    """A body that is the subject of a modal in a that-clause ("that the Group shall")."""
    modal = _pattern("modal")
    for that in re.finditer(r"\bthat\b", text):
        clause = text[that.end() :].split(";")[0]
        found = modal.search(clause)
        if not found:
            continue
        subject = clause[: found.start()].split(",")[-1]
        if "that" in subject.split() or len(subject) > _MAX_OBJECT:
            continue
        body = _names_body(subject)
        if body:
            return body
    return None


@lru_cache(maxsize=4096)
def tasked_body(text: str) -> str | None:
    """The body an operative paragraph tasks or sets up, as written; None when none.

    Args:
        text: The paragraph's text, numbering allowed.

    Returns:
        The body's cue word as the text writes it ("Secretary-General", "working
        group"), or None when the paragraph is not a mandate.
    """
    text = re.sub(r"\s+", " ", strip_numbering(strip_footnote_markers(text))).strip(' "“')
    verb = lead_verb(text)
    if verb is not None:
        lemma = _INTENSITY.sub("", verb[0])
        rest = text[len(verb[2]) :]
        if lemma == "reiterate":
            request = re.match(r"\s*(?:its|the)\s+requests?\s+to\s+(?P<rest>.*)", rest)
            if request:
                body = _object_body(" " + request["rest"])
                if body:
                    return body
        elif lemma in cues()["task_verb"]:
            body = _object_body(rest)
            if body:
                return body
        if lemma in cues()["decide_verb"] and _sets_up(rest):
            return _names_body(rest.split(";")[0]) or "(a body set up)"
    for match in _SECONDARY.finditer(text):
        body = _object_body(text[match.end() - 1 :])
        if body:
            return body
    return _modal_subject(text)


def is_mandate(paragraph: Paragraph) -> bool:
    """Whether an operative paragraph tasks or sets up a body (see the module doc)."""
    if paragraph.kind not in ("operative", "subparagraph"):
        return False
    return tasked_body(paragraph.text) is not None
