"""Print for the notice board (handbook/docs/site.md, 手机、无障碍与打印), printed to PDF by
Debian's Chromium and read back with pypdf: a record on one A4 page with its masthead, 落款 and
address; the quarter's board sheet; the dashboard in landscape with no column cut off."""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from browser_kit import PAGES, build, chromium, served

pytestmark = pytest.mark.browser
A4 = (595, 842)  # points, portrait
SITE = "市财政局机关党务公开"
PLAN = "/records/treasury-general/2026-02-26-annual-work-plan/"
RECORDS = ["appraisal", "contact", "election", "meeting", "notice", "plan", "report", "resolution"]


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build(tmp_path_factory.mktemp("print") / "site", "public")
    with served(site) as url:
        yield url


@pytest.fixture(scope="module")
def page(base_url: str) -> Iterator[Any]:
    with chromium() as browser:
        context = browser.new_context(locale="zh-CN")
        yield context.new_page()
        context.close()


def printed(page: Any, url: str) -> Any:
    from pypdf import PdfReader

    page.goto(url)
    page.wait_for_load_state("networkidle")
    return PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True, print_background=True)))


def size(pdf: Any) -> tuple[int, int]:
    box = pdf.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


def text(pdf: Any) -> str:
    """The PDF's text, NFKC-folded (fonts map some characters to Kangxi radicals: ⼼ for 心)."""
    words = "".join(p.extract_text() for p in pdf.pages)
    return unicodedata.normalize("NFKC", words).replace(" ", "").replace("\n", "")


@pytest.mark.parametrize("kind", RECORDS)
def test_a_record_prints_on_one_a4_page(page: Any, base_url: str, kind: str) -> None:
    pdf = printed(page, base_url + PAGES[kind][1])
    assert size(pdf) == A4 and len(pdf.pages) == 1, (kind, len(pdf.pages))


def test_a_printed_record_has_masthead_sign_off_and_address(page: Any, base_url: str) -> None:
    words = text(printed(page, base_url + PLAN))
    assert words.startswith(SITE), words[:40]  # the masthead, nothing of the site's chrome
    assert "市财政局国库收付中心党总支2026年2月28日" in words  # 落款: organization and date
    assert "https://dangwu.example.gov.cn/records/treasury-general/2026-02-26-annual-work-plan/" \
        in words
    page.emulate_media(media="print")
    try:
        qr = page.locator(".gk-print-foot .gk-qr svg")
        assert qr.count() == 1 and qr.bounding_box()["width"] > 60  # type: ignore[index]
    finally:
        page.emulate_media(media="no-override")


def test_masthead_and_foot_are_not_on_screen(page: Any, base_url: str) -> None:
    page.goto(base_url + PLAN)
    assert not page.locator(".gk-masthead").is_visible()
    assert not page.locator(".gk-print-foot").is_visible()


def test_board_sheet_gathers_the_quarter(page: Any, base_url: str) -> None:
    page.goto(base_url + "/orgs/treasury-general/")
    page.locator("a", has_text="2026年第一季度").first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/boards/treasury-general/2026-q1/")
    pdf = printed(page, page.url)
    words = text(pdf)
    assert size(pdf) == A4
    assert words.startswith(SITE + "党务公开栏"), words[:40]
    assert "国库收付中心党总支2026年度工作计划" in words
    assert "2026-02-26-annual-work-plan/" in words


def test_dashboard_prints_landscape_without_cutting_columns(page: Any, base_url: str) -> None:
    pdf = printed(page, base_url + "/dashboard/")
    assert size(pdf) == A4[::-1]
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 1047, "height": 740})  # A4 landscape less 10 mm margins
    try:
        cut = page.evaluate("""() => [...document.querySelectorAll('table')]
            .filter(t => t.getBoundingClientRect().right > document.documentElement.clientWidth + 1
                || t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
            .map(t => t.querySelector('th').innerText)""")
        assert cut == []
        assert "及时公开" in text(pdf)  # the matrix's last column
    finally:
        page.emulate_media(media="no-override")
        page.set_viewport_size({"width": 1280, "height": 720})
