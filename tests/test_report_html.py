"""HTML diff reports: structure, escaping, and what a reader sees in headless Chromium."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import run_chromium
from factories import make_doc

from pipeline.compare import compare, compare_chain
from pipeline.document import DiffReport
from pipeline.report.html import format_html

HOSTILE = 'Invites States <script>alert("x")</script><img src=x onerror="alert(1)"> & "others";'
OLD = make_doc(
    [
        "Recalling its resolution 73/27 of 5 December 2018,",
        "Welcoming the work of the Group of Governmental Experts on the subject,",
    ],
    [
        "Welcomes the report of the Group of Governmental Experts on the subject;",
        "Decides to remain seized of the matter;",
        "Requests the Secretary-General to report at its seventy-fourth session;",
    ],
    symbol="A/RES/73/27",
)
NEW = make_doc(
    ["Recalling its resolution 73/27 of 5 December 2018,"],
    [
        "Welcomes the work of the Group of Governmental Experts on the subject;",
        "Takes note of the report of the Group of Governmental Experts on the subject;",
        "Decides to remain seized of the matter;",
        HOSTILE,
    ],
    symbol="A/RES/75/240",
)


@pytest.fixture(scope="module")
def report() -> DiffReport:
    return compare(OLD, NEW)


@pytest.fixture(scope="module")
def page(report: DiffReport) -> str:
    return format_html(report)


def test_page_is_self_contained(page: str) -> None:
    # nothing fetched: no scripts, no external styles, images or links to other hosts
    assert not re.search(r"<(script|link|img|iframe)\b", page)
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "Content-Security-Policy" in page


def test_document_text_is_escaped(page: str) -> None:
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    assert "&amp; &#34;others&#34;" in page


def test_summary_comes_first_and_ids_are_anchors(page: str, report: DiffReport) -> None:
    assert page.index('class="summary"') < page.index('class="diff"')
    for change in report.changes:
        for pid in change.old_ids:
            assert f'id="old-{pid}"' in page
        for pid in change.new_ids:
            assert f'id="new-{pid}"' in page
    # the moved paragraph is listed in the summary and linked to its row
    assert '<p id="moves">' in page
    assert 'href="#new-para_1"' in page


def test_chain_prefixes_anchors_per_step() -> None:
    page = format_html(compare_chain([OLD, NEW, OLD]))
    assert 'id="s1-old-para_1"' in page and 'id="s2-old-para_1"' in page
    assert page.count('<section class="step"') == 2


# ---- in a browser ------------------------------------------------------------------


@pytest.fixture(scope="module")
def html_file(page: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("html") / "diff.html"
    path.write_text(page, encoding="utf-8")
    return path


@pytest.mark.browser
def test_browser_dom_shows_redline_and_inert_text(html_file: Path, tmp_path: Path) -> None:
    dom = run_chromium(["--dump-dom", html_file.as_uri()], tmp_path / "profile").stdout
    # the redline reached the reader: struck and inserted words in their cells
    assert re.search(r'<td class="old">.*?<del>Welcomes </del>.*?</td>', dom, re.S)
    assert re.search(r'<td class="new">.*?<ins>Takes note of </ins>.*?</td>', dom, re.S)
    # the hostile paragraph stayed text: no script or image element was created
    assert "<script" not in dom and "<img" not in dom
    assert "&lt;script&gt;" in dom
    # the summary counts are on the page
    assert re.search(r'<td class="count-moved">1</td>', dom)


def _colour_share(png: Path, rgb: tuple[int, int, int]) -> float:
    from PIL import Image

    with Image.open(png) as image:
        data = image.convert("RGB").tobytes()
    pixels = [data[k : k + 3] for k in range(0, len(data), 3)]
    near = sum(1 for p in pixels if all(abs(a - b) <= 6 for a, b in zip(p, rgb, strict=True)))
    return near / len(pixels)


@pytest.mark.browser
def test_browser_screenshot_shows_colours(html_file: Path, tmp_path: Path) -> None:
    shot = tmp_path / "diff.png"
    run_chromium(
        [
            "--window-size=1280,1000",
            "--hide-scrollbars",
            f"--screenshot={shot}",
            html_file.as_uri(),
        ],
        tmp_path / "profile",
    )
    assert shot.stat().st_size > 10_000
    # inserted (green), deleted (red) and moved (blue) backgrounds are all visible
    assert _colour_share(shot, (0xB9, 0xF0, 0xB9)) > 0.0005
    assert _colour_share(shot, (0xFF, 0xC8, 0xC8)) > 0.0005
    assert _colour_share(shot, (0xE4, 0xE9, 0xFF)) > 0.002
