"""The layout's and header's shortcuts give what their patterns alone gave.

parse_layout, the header and the body parser try a pattern only where a str test says it
can match, search from where its match can start, or take a number off a paragraph with
the group that matched it. Each test builds texts rich in what the shortcuts look at and
checks them against the pattern read plainly, as the code read it before.
"""

from __future__ import annotations

import random
import re
import time

import pytest

from pipeline.ingest import header
from pipeline.ingest.blocks import Block
from pipeline.ingest.lines import Line
from pipeline.ingest.structure import parse_body
from pipeline.lexicon import ORDINALS

# Pieces of masthead text: the words the shortcuts look for, their near misses, letters that
# match others under re.IGNORECASE ("ſ", "ı", "İ", "K"), colons, digits and whitespace.
HEADER_PIECES = [
    "session",
    "SESSION",
    "ſession",
    "sesſıon",
    "İ",
    "K",
    " special ",
    "Eightieth",
    "Seventy-eighth",
    "intersession",
    "-",
    "a-b",
    ":",
    "Distr.",
    "Distr.: General",
    "3",
    "13 October 2025",
    "Agenda item",
    "Agenda items 5",
    " 95 (a)",
    ", 7 and 9",
    "Resolution",
    "Decision",
    " adopted by the ",
    "Adopted by the ",
    "dopted by the ",
    "General Assembly",
    " on ",
    "5 December 2018",
    " at its ",
    "45th",
    " plenary meeting",
    "[on the report of the ",
    "First Committee",
    " (A/78/404, para. 14)]",
    "Resolution adopted by the General Assembly on 5 December 2018",
    "adopted by the Security Council at its 45th plenary meeting, on 5 December 2018",
    " ",
    "\t",
    "\n",
    "  ",
    "x",
]


def _texts(pieces: list[str], seed: int, count: int, longest: int = 12) -> list[str]:
    rng = random.Random(seed)
    return [
        "".join(rng.choice(pieces) for _ in range(rng.randint(0, longest))) for _ in range(count)
    ]


def reference_header(text: str) -> dict[str, object]:
    """What parse_header read from the session to the committee, each pattern searched whole."""
    meta: dict[str, object] = {}
    if m := re.search(r"Distr\.:\s*(\w+)", text):
        meta["distribution"] = m.group(1)
        meta["date"] = header.iso_date(text[m.end() : m.end() + 60])
    if "date" not in meta or meta["date"] is None:
        meta["date"] = header.iso_date(text)
    if m := header._SESSION.search(text):
        number = ORDINALS.get(m.group(1).lower())
        if number:
            meta["session"] = number
    if m := header._AGENDA.search(text):
        meta["agenda_items"] = header._agenda_items(m.group(1))
    if m := header._ADOPTED.search(text):
        meta["adopted_by"] = (m.group(1) or m.group(3)).strip()
        meta["adoption_date"] = header.iso_date(m.group(2) or m.group(4))
    if m := header._REPORT.search(text):
        meta["committee"] = m.group(1).strip()
        meta["committee_report"] = m.group(2).strip()
    return meta


def test_header_fields_are_those_the_patterns_find_searched_whole() -> None:
    found = set()
    for text in _texts(HEADER_PIECES, seed=41, count=20_000):
        meta = header.parse_header([text])
        meta.pop("symbol", None)
        assert meta == reference_header(text.strip()), repr(text)
        found.update(meta)
    # The texts reach every field, so no comparison above was of two empty results.
    assert {"session", "agenda_items", "adopted_by", "committee", "distribution"} <= found


def reference_find_symbol(lines: list[str]) -> str | None:
    """find_symbol without its test for a "/" in the line."""
    for line in lines[:12]:
        compact = re.sub(r"\s*/\s*", "/", line.strip())
        if len(compact) > 80:
            continue
        for found in header.SYMBOL_RE.finditer(compact):
            at_edge = found.start() == 0 or found.end() == len(compact)
            if at_edge or compact.startswith("United Nations"):
                return found.group(0)
        if m := re.search(r"(?:^|\s)(/(?:RES|C\.\d|[A-Z0-9.]+)/[\w./\-]+)$", line.strip()):
            return "A" + m.group(1)
    return None


def test_a_symbol_is_found_as_without_the_slash_test() -> None:
    pieces = ["A", "/", " / ", "RES", "C.1", "78", "L.5", "United Nations ", " ", "x", "Rev.1"]
    hits = 0
    for text in _texts(pieces, seed=42, count=20_000, longest=8):
        lines = [text, text[::-1], "A"]
        symbol = header.find_symbol(lines)
        assert symbol == reference_find_symbol(lines), repr(text)
        hits += symbol is not None
    assert hits > 300


SPONSOR_PIECES = [
    "Albania",
    "Bosnia and Herzegovina",
    "Trinidad and Tobago",
    "Netherlands (Kingdom of the)",
    "(",
    ")",
    ",",
    ", ",
    " and ",
    "and",
    "*",
    " ",
    "  ",
    "\t",
    "\n",
    "\x00",
    "draft",
]


def test_sponsors_split_where_the_look_ahead_pattern_splits() -> None:
    # The rule of _split_outside_parentheses, as its docstring states it.
    rule = re.compile(r",\s*(?![^()]*\))| and (?![^()]*\))")
    for text in _texts(SPONSOR_PIECES, seed=43, count=30_000):
        assert header._split_outside_parentheses(text) == rule.split(text), repr(text)


def reference_sponsors(block: str) -> list[str] | None:
    """parse_sponsors with every pattern applied and every name put back in every part."""
    m = header._SPONSORS.match(block.strip())
    if not m:
        return None
    names = re.sub(r"\s+", " ", m.group(1)).strip().rstrip("*")
    for i, name in enumerate(header.AND_NAMES):
        names = names.replace(name, f"\x00{i}\x00")
    rule = re.compile(r",\s*(?![^()]*\))| and (?![^()]*\))")
    restored = []
    for part in rule.split(names):
        for i, name in enumerate(header.AND_NAMES):
            part = part.replace(f"\x00{i}\x00", name)
        if name := part.replace("*", "").strip():
            restored.append(name)
    return restored


def test_sponsors_and_titles_are_read_as_their_patterns_read_them() -> None:
    ends = [": draft resolution", ":* revised draft decision", " draft resolution", ": draft", ""]
    rng = random.Random(44)
    lists = 0
    for text in _texts(SPONSOR_PIECES, seed=45, count=20_000):
        block = text + rng.choice(ends)
        sponsors = header.parse_sponsors(block)
        assert sponsors == reference_sponsors(block), repr(block)
        lists += sponsors is not None
        for titled in (block, f"7{block}", f"79/243. {block}", f"Resolution 2768 (2025){block}"):
            assert header.split_title(titled) == reference_split_title(titled), repr(titled)
    assert lists > 3000


def reference_split_title(block: str) -> tuple[str | None, str]:
    m = re.match(r"^(\d{1,3}/\d{1,4})\.\s+(.+)$", block.strip(), re.DOTALL)
    if m:
        return m.group(1), re.sub(r"\s+", " ", m.group(2)).strip()
    if m := re.match(r"^Resolution (\d{1,5}) \((\d{4})\)$", block.strip()):
        return m.group(1), block.strip()
    return None, re.sub(r"\s+", " ", block).strip()


# How the body parser once took the number off a numbered paragraph.
NUMBER_PREFIX = re.compile(r"^(?:\d{1,3}(?:\.\d{1,2})?\.?|\([a-z]{1,4}\))\s+")


def test_a_numbered_paragraph_loses_what_the_number_pattern_took_off() -> None:
    numbers = ["1.", "12.", "123.", "1234.", "1.1", "1.10", "1.10.", "2.345", "(a)", "(iv)"]
    numbers += ["(abcde)", "(A)", "5", "1.a", "a."]
    rest = ["", " ", "  ", "\t", "\u00a0", "x", "3", "1.", "(b)", "Requests", " words."]
    rng = random.Random(46)
    numbered = 0
    for _ in range(3000):
        texts = [rng.choice(numbers) + "".join(rng.choices(rest, k=3)) for _ in range(6)]
        texts = [text for text in texts if text.strip()]
        blocks = [Block([Line(text, 1, offset=10 * i)]) for i, text in enumerate(texts)]
        paragraphs, _ = parse_body(blocks)
        assert len(paragraphs) == len(blocks)
        for para, block in zip(paragraphs, blocks, strict=True):
            text = block.text()
            if para.number is not None:
                numbered += 1
                assert para.text == NUMBER_PREFIX.sub("", text, count=1), repr(text)
            else:
                assert para.text == text, repr(text)
    assert numbered > 2000


def test_the_agenda_items_of_a_line_are_those_its_header_reading_gives() -> None:
    found = 0
    for text in _texts(HEADER_PIECES, seed=47, count=20_000):
        items = header.agenda_items(text)
        assert items == header.parse_header([text]).get("agenda_items", []), repr(text)
        m = header._AGENDA.search(text.strip())
        assert items == (header._agenda_items(m.group(1)) if m else []), repr(text)
        found += bool(items)
    assert found > 1000


def test_a_vote_is_announced_where_the_vote_pattern_matches() -> None:
    from pipeline.ingest.record import _ADOPTED, _vote

    pieces = ["Draft resolution A/79/L.5", ", as amended,", " was adopted ", " was rejected "]
    pieces += [
        "by ",
        "by a recorded vote of ",
        "92",
        " votes",
        " to ",
        "50",
        ", with 3 abstentions",
    ]
    pieces += [" (resolution 79/283)", "was adopted by ", " ", "\n", "x", "."]
    pieces += [" was adopted by 92 votes to 50", "was rejected by a recorded vote of 12 to 3"]
    pieces += ["was adopted by a recorded vote of 7 to 1"]
    votes = 0
    for text in _texts(pieces, seed=48, count=30_000):
        vote = _vote("speech_1", text, {})
        m = _ADOPTED.search(text)
        assert (vote is None) == (m is None), repr(text)
        if vote is not None and m is not None:
            votes += 1
            assert (vote.text, vote.yes, vote.no) == (
                m.group(0).strip(),
                int(m["yes"]),
                int(m["no"]),
            )
    assert votes > 1000


def test_footnote_candidates_are_those_of_every_pattern_tried_everywhere() -> None:
    from pipeline.ingest.footnotes import _CANDIDATES, _candidates

    patterns = [pattern for _, group in _CANDIDATES for pattern in group]
    pieces = ["2013", "1999", "2", "12", "7", " ", "  ", "\t", "\n", "second", "Group", "(ICTs)"]
    pieces += ["\u201d", "\u2019", '"', ")", ",", ".", ";", ":", "the", "a", "77/37", "Z", "١"]
    pieces += ["; 3 the", ", 1 a", "2015 3 and", "first 1  and"]
    found = 0
    for text in _texts(pieces, seed=49, count=30_000):
        everywhere = sorted(
            {(m.start(1), m.end(1), m.group(1)) for p in patterns for m in p.finditer(text)}
        )
        assert _candidates(text) == everywhere, repr(text)
        found += bool(everywhere)
    assert found > 4000


def test_a_pdf_with_few_characters_a_page_is_told_as_counted_whole() -> None:
    from pipeline.document import Document, Paragraph
    from pipeline.ingest.damage import MIN_CHARS_PER_PAGE, damage

    rng = random.Random(50)
    # Letters, now and then a U+FFFD: about one text in four has too many.
    letters = "ab\u2019" * 40 + "\ufffd"
    verdicts = set()
    for _ in range(3000):
        pages = rng.randint(1, 3)
        spaces = rng.random()  # from almost no spaces to almost only spaces
        size = rng.randint(0, 4 * MIN_CHARS_PER_PAGE * pages)
        text = "".join(" " if rng.random() < spaces else rng.choice(letters) for _ in range(size))
        para = Paragraph(id="p", kind="other", number=None, text=text or "a", page=1)
        doc = Document(symbol=None, title=None, doc_type="other", paragraphs=(para,), pages=pages)
        compact = "".join(para.text.split())
        bad = compact.count("\ufffd")
        if bad > 0.02 * len(compact):
            expected = f"garbled text: {bad:,} of {len(compact):,} characters are unreadable"
        elif len(compact) < MIN_CHARS_PER_PAGE * pages:
            unit = f"{pages} page" + ("" if pages == 1 else "s")
            expected = f"almost no text: {len(compact)} characters on {unit} (damaged file?)"
        else:
            expected = None
        assert damage(doc, pdf=True) == expected, (pages, para.text)
        assert damage(doc) == (expected if expected and "garbled" in expected else None)
        verdicts.add(expected.split(":")[0] if expected else None)
    assert verdicts == {"garbled text", "almost no text", None}


def _split_seconds(text: str) -> float:
    start = time.process_time()
    header._split_outside_parentheses(text)
    return time.process_time() - start


@pytest.mark.parametrize("unit", ["(x)", "Iran (Islamic Republic of), ", "A, B (c, d) and "])
def test_a_sponsor_list_splits_in_time_linear_in_its_length(unit: str) -> None:
    # Ten times the list: linear is about 10x; a part built by adding piece after piece to
    # it (one part of 40,000 parentheses) was quadratic. 25x leaves room for a busy machine.
    small, large = unit * 4_000 + ", A", unit * 40_000 + ", A"
    best_small = best_large = float("inf")
    for _ in range(2):
        best_small = min(best_small, _split_seconds(small))
        best_large = min(best_large, _split_seconds(large))
    assert best_large < 25 * best_small, (unit, best_small, best_large)


def test_a_meeting_line_is_what_the_meeting_pattern_matches() -> None:
    from pipeline.ingest.structure import MEETING, is_meeting

    pieces = ["45th", "62nd", "1st", "First", "Twenty-first", " ", "  ", "\t", "plenary "]
    pieces += ["(resumed) ", "meeting", "MEETING", "Meeting", "meetıng", "PLENARY ", "Plenary"]
    pieces += ["x", "p", "m", "(", "K", "İ", "-", "5 December 2018", "."]
    pieces += ["45th plenary meeting", "First (resumed) meeting", "2nd (resumed) plenary meeting"]
    meetings = 0
    for text in _texts(pieces, seed=51, count=30_000, longest=6):
        assert is_meeting(text) == (MEETING.match(text) is not None), repr(text)
        meetings += is_meeting(text)
    assert meetings > 1000
