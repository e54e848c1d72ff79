"""The notice-board sheets (公开栏) and the print-only parts of record pages, on real builds of
the hostile portal (hostile.py): a sheet holds only its audience's records, never a withdrawn
one, escapes everything, and is linked from its organization's page."""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile import CANARY_PARTY, CANARY_REDACTED, CANARY_UNIT, HOSTILE_TITLE
from searchkit import Index

from gongkai.site import board

Q1 = "boards/case-branch/2026-q1/index.html"


def read(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def test_public_sheet_holds_no_party_record(public_site) -> None:
    sheet = read(public_site.site, Q1)
    assert "党务公开栏" in sheet
    for canary in (CANARY_PARTY, CANARY_UNIT, CANARY_REDACTED):
        assert canary not in sheet
    # no sheet anywhere names the party plan (published in 2026 Q1)
    for path in (public_site.site / "boards").rglob("*.html"):
        assert CANARY_PARTY not in path.read_text(encoding="utf-8"), path


def test_party_sheet_adds_the_party_plan(party_site) -> None:
    sheet = read(party_site.site, Q1)
    assert f"党内计划 {CANARY_PARTY}" in sheet
    assert CANARY_UNIT not in sheet and CANARY_REDACTED not in sheet


def test_withdrawn_records_are_not_posted(public_site) -> None:
    assert "撤回但保留内容的活动" not in read(public_site.site, Q1)


def test_sheet_escapes_record_text(public_site) -> None:
    sheets = [p.read_text(encoding="utf-8") for p in (public_site.site / "boards").rglob("*.html")]
    hostile = [s for s in sheets if "7*7" in s]
    assert hostile, "the hostile record is on no sheet"
    for sheet in hostile:
        assert "<script>alert('t')</script>" not in sheet
        assert "&lt;script&gt;alert(" in sheet
    assert HOSTILE_TITLE not in "".join(sheets)


def test_org_page_links_its_sheets(public_site) -> None:
    page = read(public_site.site, "orgs/case-branch/index.html")
    assert "公开栏（打印）" in page
    assert 'href="../../boards/case-branch/2026-q1/"' in page


def test_sheets_are_not_in_the_search_index(public_site) -> None:
    index = Index(public_site.site)
    assert index.docs and not [doc for doc in index.docs if "boards/" in doc[0]]


@pytest.mark.parametrize(("day", "quarter"), [((2026, 1, 1), (2026, 1)), ((2026, 3, 31), (2026, 1)),
                                              ((2026, 4, 1), (2026, 2)), ((2026, 12, 31), (2026, 4))])
def test_quarter_of(day: tuple[int, int, int], quarter: tuple[int, int]) -> None:
    import datetime as dt

    assert board.quarter_of(dt.date(*day)) == quarter


def test_qr_code_is_svg_of_the_address() -> None:
    svg = str(board.qr_svg("https://example.gov.cn/records/a/b/"))
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "example.gov.cn" not in svg  # only the drawing, no text of ours
