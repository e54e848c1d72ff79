"""Handbook: security.md#template-injection, #markup-injection and #audiences, on a real build of a hostile portal (tests/site/hostile.py)."""

from __future__ import annotations

import glob
import html
import re
from pathlib import Path

import sitekit
from hostile import (
    CANARY_FUTURE,
    CANARY_PARTY,
    CANARY_REDACTED,
    CANARY_SPECIFIC,
    CANARY_UNIT,
    CURRENT_NOTICE_NAME,
    HOSTILE_TITLE,
    OLD_NOTICE_NAME,
    PWNED,
)

HOSTILE_PAGE = "records/case-branch/2026-03-10-hostile/index.html"
REDACTED_PAGE = "records/case-branch/2026-01-15-redacted/index.html"
HIDDEN_IN_BOTH = (CANARY_UNIT, CANARY_SPECIFIC, CANARY_REDACTED, CANARY_FUTURE, "branch-office",
                  "committee-office", OLD_NOTICE_NAME)


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def leaks(site: Path, needles: tuple[str, ...]) -> list[str]:
    found = []
    for path, data in sitekit.site_files(site):
        for needle in needles:
            if needle.encode() in data or needle.encode("unicode_escape") in data:
                found.append(f"{path.relative_to(site)}: {needle}")
    return found


# -- item 1: no record text is ever rendered as a template ------------------------------------
def test_template_payloads_run_nothing(public_site, party_site) -> None:
    assert glob.glob(PWNED + "*") == []


def test_template_payloads_come_out_literally(public_site) -> None:
    page = (public_site.site / HOSTILE_PAGE).read_text(encoding="utf-8")
    assert "关于{{ 7*7 }}的决定" in page
    assert "摘要{{ 7*7 }}" in page
    assert "正文{{ 6+6 }}，{% raw %}{{ 8+8 }}{% endraw %}" in page  # body is Markdown
    assert "关于49的决定" not in page and "摘要49" not in page and "正文12" not in page


# -- item 2: no markup from records; <title> escaped after striptags ---------------------------
def test_no_executable_markup_anywhere(public_site, party_site) -> None:
    for site in (public_site.site, party_site.site):
        for path in html_pages(site):
            parsed = sitekit.parse(path)
            where = path.relative_to(site)
            for tag, attrs in parsed.tags:
                handlers = [a for a in attrs if a.lower().startswith("on")]
                assert not handlers, f"{where}: <{tag}> has {handlers}"
                for name in ("href", "src", "action", "formaction"):
                    value = re.sub(r"[\x00-\x20]", "", attrs.get(name) or "").lower()
                    assert not value.startswith(("javascript:", "data:", "vbscript:")), \
                        f"{where}: <{tag} {name}={value}>"
                assert not (tag == "img" and attrs.get("src") == "x"), f"{where}: injected <img>"
            for attrs, text in parsed.scripts:
                if attrs.get("src"):
                    assert "assets/javascripts/" in str(attrs["src"]), f"{where}: {attrs}"
                else:  # material's own inline scripts (palette, configuration)
                    assert "alert(" not in text, f"{where}: injected script {text[:80]}"


def test_title_is_escaped_after_striptags(public_site) -> None:
    page = public_site.site / HOSTILE_PAGE
    parsed = sitekit.parse(page)
    assert parsed.title.startswith(HOSTILE_TITLE + " - ")
    raw = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    assert raw is not None and "<" not in raw.group(1)
    assert sum(1 for tag, _ in parsed.tags if tag == "title") == 1


def test_site_name_is_escaped(public_site) -> None:
    page = (public_site.site / "index.html").read_text(encoding="utf-8")
    assert "测试&lt;script&gt;alert(&#39;site&#39;)&lt;/script&gt;门户" in page
    assert "<script>alert('site')" not in page


def test_pipe_in_a_table_cell_stays_in_its_cell(public_site) -> None:
    page = (public_site.site / HOSTILE_PAGE).read_text(encoding="utf-8")
    assert "<td>甲 | 乙</td>" in page
    assert html.escape("| 甲 | 乙", quote=False) in page  # in the summary: text, not a table


def test_code_in_body_is_text(public_site) -> None:
    page = (public_site.site / HOSTILE_PAGE).read_text(encoding="utf-8")
    assert "<code>&lt;script&gt;alert(&#39;b&#39;)&lt;/script&gt;</code>" in page \
        or "<code>&lt;script&gt;alert('b')&lt;/script&gt;</code>" in page
    assert "onclick=" not in re.sub(r"&quot;|&#34;", '"', "".join(
        f"{a}" for _, a in sitekit.parse(public_site.site / HOSTILE_PAGE).tags))


def test_no_external_requests(public_site) -> None:
    for path in html_pages(public_site.site):
        for tag, attrs in sitekit.parse(path).tags:
            if tag == "a" or (tag == "link" and attrs.get("rel") == "canonical"):
                continue  # a link is not a request
            for name in ("src", "href", "srcset", "data"):
                value = (attrs.get(name) or "").strip().lower()
                assert not value.startswith(("http:", "https:", "//")), \
                    f"{path.relative_to(public_site.site)}: <{tag} {name}={value}>"
    # material's bundle names unpkg.com only as fallbacks that never run here: a ResizeObserver
    # polyfill for browsers without one and mermaid for `.mermaid` blocks, which no page has
    for path, data in sitekit.site_files(public_site.site):
        if path.suffix in (".html", ".css", ".json", ".xml"):
            assert b"fonts.googleapis.com" not in data and b"unpkg.com" not in data, path
        if path.suffix == ".html":
            assert b'class="mermaid"' not in data, path


# -- item 4: nothing leaves its audience --------------------------------------------------------
def test_public_build_has_no_byte_of_other_scopes(public_site) -> None:
    assert leaks(public_site.site, (CANARY_PARTY, *HIDDEN_IN_BOTH)) == []


def test_party_build_adds_party_records_only(party_site) -> None:
    assert leaks(party_site.site, HIDDEN_IN_BOTH) == []
    assert leaks(party_site.site, (CANARY_PARTY,)), "the party build lacks its party records"
    assert (party_site.site / f"records/case-branch/2026-02-01-{CANARY_PARTY}/p.png").is_file()


def test_hidden_records_are_named_only_as_not_disclosed(public_site) -> None:
    hostile_page = (public_site.site / HOSTILE_PAGE).read_text(encoding="utf-8")
    assert hostile_page.count("未公开记录") >= 2  # its party ref and its unit meeting
    meeting = (public_site.site / "records/case-branch/2026-04-02-members-meeting/index.html")
    text = meeting.read_text(encoding="utf-8")
    assert "未公开记录" in text and "2026-03-10-hostile/" in text


def test_dashboard_rows_name_hidden_records_as_not_disclosed(public_site, party_site) -> None:
    public = (public_site.site / "dashboard/index.html").read_text(encoding="utf-8")
    assert "未公开记录" in public  # the party annual plan meets annual-work-plan
    party = (party_site.site / "dashboard/index.html").read_text(encoding="utf-8")
    assert f"2026-02-01-{CANARY_PARTY}/" in party


def test_redacted_record_keeps_title_dates_and_reason(public_site, party_site) -> None:
    for site in (public_site.site, party_site.site):
        page = (site / REDACTED_PAGE).read_text(encoding="utf-8")
        assert "已撤回的结对活动" in page and "误发，予以撤回" in page
        assert "2026-01-15" in page and "2026-01-20" in page
        assert not (site / "records/case-branch/2026-01-15-redacted/r.pdf").exists()


def test_withdrawn_record_shows_why(public_site) -> None:
    page = (public_site.site / "records/case-branch/2026-02-10-withdrawn/index.html")
    text = page.read_text(encoding="utf-8")
    assert "与另一条记录重复" in text and "保留的摘要" in text


def test_notice_names_only_within_their_window(public_site) -> None:
    old = (public_site.site / "records/case-branch/2026-03-01-old-notice/index.html")
    assert "共 2 人" in old.read_text(encoding="utf-8")
    current = (public_site.site / "records/case-branch/2026-06-26-current-notice/index.html")
    assert CURRENT_NOTICE_NAME in current.read_text(encoding="utf-8")
    assert CURRENT_NOTICE_NAME in (public_site.site / "index.html").read_text(encoding="utf-8")


def test_public_attachments_are_copied(public_site) -> None:
    assert (public_site.site / "records/case-branch/2026-03-10-hostile/scan.pdf").is_file()
    page = (public_site.site / HOSTILE_PAGE).read_text(encoding="utf-8")
    assert 'href="scan.pdf"' in page


def test_no_data_files_in_the_site(public_site) -> None:
    assert not [p for p in public_site.site.rglob("*") if p.suffix in (".yaml", ".yml", ".md")]


# the search index: tests/site/test_site_search.py
