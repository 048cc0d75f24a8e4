"""``extract`` of long documents (issue 27): the collector paused, short forms of the few
bodies that have one, the same entities as before.

A document's Docs, spans and entities hold no reference cycle, so the cyclic collector,
which walked them again and again as they were made (a sixth of ``extract``), is
paused while a document is read; what the pipeline makes is freed by its references.
The short forms of a body named earlier ("the Ad Hoc Committee") were looked for with
every key named before (each symbol and date of the document), for each paragraph:
now with the bodies that have a short form only, which must give the same entities as
the former search (kept below as the reference) on generated and real documents.
"""

from __future__ import annotations

import gc
import random
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pytest

from pipeline.document import Document, Entity, Paragraph
from pipeline.nlp.extract import extract_document, extract_texts
from pipeline.nlp.gazetteer import (
    short_form_bodies,
    short_form_matches,
    short_forms,
    with_short_forms,
)
from pipeline.nlp.taken import Taken

AHC = (
    "Ad Hoc Committee to Elaborate a Comprehensive International Convention on Countering "
    "the Use of Information and Communications Technologies for Criminal Purposes"
)
SENTENCES = [
    f"Welcomes the work of the {AHC}.",
    "Requests the Ad Hoc Committee to report on resolution A/RES/74/247 of 27 December 2019.",
    "Notes the report of the Office of the United Nations High Commissioner for Human Rights.",
    "Invites the High Commissioner and the United Nations Institute for Disarmament Research.",
    "Recalls the advisory board and the Advisory Board on Disarmament Matters.",
    "Decides to remain seized of the matter, France and Germany abstaining.",
    "Takes note of the United Nations Conference on Trade and Development and of UNCTAD.",
]


def _document(paragraphs: Sequence[str]) -> Document:
    return Document(
        symbol="A/RES/80/99",
        title="Long",
        doc_type="resolution",
        paragraphs=tuple(
            Paragraph(id=f"para_{i}", kind="operative", number=str(i), text=text, page=1)
            for i, text in enumerate(paragraphs, start=1)
        ),
    )


def _generated(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [
        " ".join(rng.choice(SENTENCES) for _ in range(rng.randint(1, 3)))
        + f" See A/{rng.randint(50, 80)}/{i} of {rng.randint(1, 28)} May {rng.randint(1990, 2025)}."
        for i in range(n)
    ]


def _reference_matches(
    text: str, named: Iterable[tuple[int, int, str]], known: Iterable[str] = ()
) -> list[tuple[int, int, str]]:
    """``short_form_matches`` as it was before issue 27 (every key named, every form)."""
    named = sorted(named)
    taken = Taken([(s, e) for s, e, _ in named])
    by_key: dict[str, int] = dict.fromkeys(known, 0)
    for _, end, key in named:
        by_key.setdefault(key, end)
    wanted = [
        (short, key, by_key[key])
        for items in short_forms().values()
        for short, key in items
        if key in by_key
    ]
    extra: list[tuple[int, int, str]] = []
    for short, key, after in wanted:
        pattern = re.compile(r"\b" + re.escape(short) + r"\b", re.IGNORECASE)
        for match in pattern.finditer(text, after):
            s, e = match.span()
            if not taken.overlaps(s, e):
                extra.append((s, e, key))
                taken.add(s, e)
    return sorted(extra)


def _reference_with_short_forms(
    units: Sequence[tuple[str, str]], entities: Sequence[Entity]
) -> list[Entity]:
    """``with_short_forms`` as it was before issue 27 (``known``: every key named)."""
    by_unit: dict[str, list[Entity]] = {}
    for entity in entities:
        by_unit.setdefault(entity.paragraph_id, []).append(entity)
    known: list[str] = []
    result: list[Entity] = []
    for unit_id, text in units:
        found = by_unit.get(unit_id, [])
        named = [(e.start, e.end, f"{e.label}|{e.norm_id}") for e in found if e.norm_id]
        extra = [
            Entity(text[s:e], key.split("|", 1)[0], s, e, unit_id, key.split("|", 1)[1])
            for s, e, key in _reference_matches(text, named, known)
            if not any(f.start < e and s < f.end for f in found)
        ]
        result += sorted([*found, *extra], key=lambda x: (x.start, x.end))
        known += [key for _, _, key in named if key not in known]
    listed = {e.paragraph_id for e in result}
    result += [e for e in entities if e.paragraph_id not in listed]
    return result


def _short_forms_of(doc: Document, nlp: Any) -> tuple[list[Entity], list[Entity]]:
    """The entities of ``doc`` with short forms, as now and as the reference found them."""
    units = [(p.id, p.text) for p in doc.paragraphs]
    readings = extract_texts([text for _, text in units], nlp)
    entities = [
        Entity(e.text, e.label, e.start, e.end, unit_id, e.norm_id, e.date)
        for (unit_id, _), (found, _) in zip(units, readings, strict=True)
        for e in found
    ]
    return with_short_forms(units, entities), _reference_with_short_forms(units, entities)


def test_short_forms_as_the_reference_on_generated_documents(nlp: Any) -> None:
    for seed in range(3):
        now, before = _short_forms_of(_document(_generated(300, seed)), nlp)
        assert now == before
        assert sum(e.text == "Ad Hoc Committee" for e in now) > 20  # short forms were found
        assert len({e.norm_id for e in now}) > 300  # with hundreds of other keys named


def test_short_forms_as_the_reference_on_the_corpus(nlp: Any, corpus: Path) -> None:
    from pipeline.ingest import load_document

    files = sorted((corpus / "resolutions").glob("*.txt")) + sorted(
        (corpus / "drafts").glob("*.txt")
    )
    assert files
    for path in files:
        now, before = _short_forms_of(load_document(path), nlp)
        assert now == before, path


def test_short_form_matches_as_the_reference_on_generated_texts() -> None:
    rng = random.Random(27)
    keys = sorted(short_form_bodies()) + ["DOC_SYMBOL|A/74/247", "MEMBER_STATE|FRA"]
    for _ in range(500):
        text = " ".join(rng.choice(SENTENCES) for _ in range(3))
        named = [
            (start, start + rng.randint(1, 40), rng.choice(keys))
            for start in sorted(rng.sample(range(len(text)), rng.randint(0, 4)))
        ]
        known = rng.sample(keys, rng.randint(0, len(keys)))
        assert short_form_matches(text, named, known) == _reference_matches(text, named, known)


def test_a_documents_docs_hold_no_cycle(nlp: Any) -> None:
    # The premise of pausing the collector: nothing extraction makes needs it to be freed.
    doc = _document(_generated(400, 1))
    gc.collect()
    gc.disable()
    try:
        extract_document(doc, nlp)
        found = gc.collect()
    finally:
        gc.enable()
    assert found == 0


def test_the_collector_is_paused_while_a_document_is_read(nlp: Any) -> None:
    doc = _document(_generated(2_000, 2))
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    extract_document(_document(_generated(5, 3)), nlp)  # imports and caches first
    gc.callbacks.append(count)
    try:
        extract_document(doc, nlp)
    finally:
        gc.callbacks.remove(count)
    # At most the collection that catches up once the pause ends (without it: dozens).
    assert len(collections) <= 1, collections
    assert gc.isenabled()


def test_the_collector_is_enabled_again_after_a_failure(nlp: Any) -> None:
    with pytest.raises(TypeError):
        extract_document(_document([None]), nlp)  # type: ignore[list-item]
    assert gc.isenabled()
