"""Open data, feeds and the calendar: the same rows as the pages, nothing outside the audience,
files that standard parsers read (csv, json, xml.etree, icalendar)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import icalendar
import pytest
import sitekit
from hostile import (
    AS_OF,
    CANARY_FUTURE,
    CANARY_PARTY,
    CANARY_REDACTED,
    CANARY_SPECIFIC,
    CANARY_UNIT,
    CURRENT_NOTICE_NAME,
    OLD_NOTICE_NAME,
    PARTY_PLAN_ID,
    REDACTED_ID,
)

from gongkai.site.calendar import CalendarWriter, fold
from gongkai.site.exports import REDACTED_KEEP, cell
from gongkai.site.plugin import check_portal
from gongkai.site.view import SiteView

D = dt.date
ATOM = "{http://www.w3.org/2005/Atom}"
BASE = "https://dangwu.example.gov.cn/portal/"
SITE = sitekit.REPO_SITE_EN.replace("language: en\n", "") + f'base_url: "{BASE}"\n'
HIDDEN = (CANARY_PARTY, CANARY_UNIT, CANARY_SPECIFIC, CANARY_REDACTED, CANARY_FUTURE)


# -- a portal whose listings span several pages (page_size 2) -------------------------------------
def contact(n: int, day: D, scope: str = "public", title: str | None = None) -> dict[str, object]:
    return {"kind": "contact", "title": title or f"结对共建活动第{n}次", "date": day,
            "published": day, "scope": scope, "activity_type": "volunteer"}


RESOLUTION = {"kind": "resolution", "title": "关于开展结对共建的决定", "date": D(2026, 1, 21),
              "published": D(2026, 1, 21), "scope": "public", "decided_by": "branch_committee",
              "progress": [{"date": D(2026, 2, 1), "note": "已启动"},
                           {"date": D(2099, 1, 1), "note": "FUTURE-PROGRESS"}],
              "outcome": {"date": D(2099, 1, 2), "status": "completed", "summary": "FUTURE-OUTCOME"}}


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sitekit.new_portal(tmp_path_factory.mktemp("paged") / "portal", SITE)
    mkdocs = root / "mkdocs.yml"
    mkdocs.write_text(mkdocs.read_text("utf-8").replace(
        "      audience: public\n", "      audience: public\n      page_size: 2\n"), "utf-8")
    for n in range(5):
        day = D(2026, 1, 1) + dt.timedelta(days=n)
        sitekit.add_record(root, "case-branch", f"{day.isoformat()}-activity-{n}", contact(n, day))
    for n, title in enumerate(("=HYPERLINK(\"http://x\")", "+1+1", "-2", "@SUM(A1)")):
        day = D(2025, 6, 1 + n)
        sitekit.add_record(root, "case-branch", f"{day.isoformat()}-formula-{n}",
                           contact(10 + n, day, title=title))
    sitekit.add_record(root, "case-branch", f"2026-02-01-{CANARY_PARTY}",
                       contact(99, D(2026, 2, 1), "party", f"党内 {CANARY_PARTY}"))
    site = root.parent / "site"
    done = sitekit.gongkai(root, "build", "--site-dir", str(site), "--as-of", AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


class Rows(HTMLParser):
    """The record links in the <tbody> rows of a listing page, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.in_body = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") or ""
        if tag == "tbody":
            self.in_body = True
        elif tag == "a" and self.in_body and "records/" in href:
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_body = False


def page_rows(site: Path, page: Path) -> list[str]:
    parser = Rows()
    parser.feed(page.read_text("utf-8"))
    ids = []
    for href in parser.links:
        target = (page.parent / unquote(urlsplit(href).path)).resolve().relative_to(site)
        ids.append(PurePosixPath(target.as_posix()).relative_to("records").as_posix())
    return ids


def listing_rows(site: Path) -> dict[str, list[str]]:
    """Every listing (axis/key) and the record ids its pages show, pages in order."""
    rows: dict[str, list[tuple[int, list[str]]]] = defaultdict(list)
    for axis in ("categories", "kinds", "years"):
        for page in (site / axis).rglob("index.html"):
            parts = page.relative_to(site / axis).parts[:-1]
            key, number = parts[0], int(parts[1]) if len(parts) > 1 else 1
            rows[f"{axis}/{key}"].append((number, page_rows(site, page)))
    return {k: [i for _, ids in sorted(v) for i in ids] for k, v in rows.items()}


def json_ids(path: Path) -> list[str]:
    doc = json.loads(path.read_text("utf-8"))
    assert doc["count"] == len(doc["records"])
    return [r["id"] for r in doc["records"]]


def csv_rows(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV without a BOM"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("which", ["paged", "public_site", "party_site"])
def test_every_listing_twin_has_exactly_the_rows_its_pages_show(which, request) -> None:
    built = request.getfixturevalue(which)
    site = built if isinstance(built, Path) else built.site
    listings = listing_rows(site)
    assert listings
    for listing, ids in listings.items():
        twin = site / "data" / listing
        assert json_ids(twin.with_suffix(".json")) == ids, listing
        assert [r["id"] for r in csv_rows(twin.with_suffix(".csv"))] == ids, listing
        first = site / listing / "index.html"
        text = first.read_text("utf-8")
        assert f'href="../../data/{listing}.json"' in text and f'href="../../data/{listing}.csv"' in text
        for page in (site / listing).glob("*/index.html"):  # later pages link the same twins
            assert f'href="../../../data/{listing}.json"' in page.read_text("utf-8")


def test_paginated_listing_has_one_twin(paged: Path) -> None:
    assert (paged / "categories/masses/2/index.html").is_file()
    assert not (paged / "data/categories/masses/2.json").exists()
    assert len(json_ids(paged / "data/categories/masses.json")) == 9


def test_org_and_kind_without_records_give_valid_empty_files(paged: Path) -> None:
    for base in ("data/orgs/case-committee", "data/kinds/petition", "data/kinds/resolution"):
        assert json_ids(paged / f"{base}.json") == []
        text = (paged / f"{base}.csv").read_bytes().decode("utf-8-sig")
        assert text.startswith("id,org,kind,") and text.count("\r\n") == 1
    org = (paged / "orgs/case-committee/index.html").read_text("utf-8")
    assert 'href="../../data/orgs/case-committee.json"' in org
    assert json_ids(paged / "data/orgs/case-branch.json") == json_ids(paged / "data/all.json")


def test_csv_cells_never_start_a_formula(paged: Path) -> None:
    titles = {r["title"] for r in csv_rows(paged / "data/all.csv")}
    assert {"'=HYPERLINK(\"http://x\")", "'+1+1", "'-2", "'@SUM(A1)"} <= titles
    assert json.loads((paged / "data/all.json").read_text("utf-8"))["records"][-1]["title"] \
        == "=HYPERLINK(\"http://x\")"  # JSON keeps the value as it is
    assert cell("a,b\"c") == "a,b\"c" and cell(-3) == "-3" and cell(None) == ""


def test_catalog_lists_every_file_with_its_rows(paged: Path) -> None:
    catalog = json.loads((paged / "data/index.json").read_text("utf-8"))
    listed = {f["path"]: f for f in catalog["files"]}
    on_disk = {p.relative_to(paged).as_posix() for p in (paged / "data").rglob("*")
               if p.is_file() and p.name != "index.json"}
    assert on_disk <= set(listed)
    assert {"feed.xml", "calendar.ics", "orgs/case-branch/feed.xml"} <= set(listed)
    for path, item in listed.items():
        assert item["title"]
        if path.endswith(".json"):
            assert item["rows"] == len(json_ids(paged / path)), path
        elif path.endswith(".csv"):
            assert item["rows"] == len(csv_rows(paged / path)), path


def test_records_carry_absolute_urls_with_base_url(paged: Path) -> None:
    record = json.loads((paged / "data/all.json").read_text("utf-8"))["records"][0]
    assert record["url"] == BASE + "records/case-branch/2026-01-05-activity-4/"


# -- nothing outside the audience --------------------------------------------------------------
def open_files(site: Path) -> list[Path]:
    return [*sorted((site / "data").rglob("*.*")), site / "feed.xml", site / "calendar.ics",
            *sorted((site / "orgs").rglob("feed.xml"))]


def test_no_hidden_record_in_any_export_of_the_public_build(public_site, paged: Path) -> None:
    for site, hidden in ((public_site.site, HIDDEN), (paged, (CANARY_PARTY,))):
        for path in open_files(site):
            data = path.read_bytes()
            assert not [c for c in hidden if c.encode() in data], path
            assert OLD_NOTICE_NAME.encode() not in data, path  # names past their window


def test_party_build_exports_party_records(party_site) -> None:
    assert PARTY_PLAN_ID in json_ids(party_site.site / "data/all.json")
    for path in open_files(party_site.site):
        data = path.read_bytes()
        assert not [c for c in HIDDEN if c != CANARY_PARTY and c.encode() in data], path


def test_each_kind_s_columns_carry_what_its_page_shows(tmp_path: Path) -> None:
    """A column is read as its schema file says (``meta: show``), not by its name: a contact's
    ``outcome`` is its text, a resolution's is the outcome known on the build day."""
    root = sitekit.new_portal(tmp_path / "portal", SITE)
    sitekit.add_record(root, "case-branch", "2026-01-20-with-outcome",
                       {**contact(50, D(2026, 1, 20)), "outcome": "共建社区图书角一个"})
    sitekit.add_record(root, "case-branch", "2026-01-21-resolution", RESOLUTION)
    paged = tmp_path / "site"
    done = sitekit.gongkai(root, "build", "--site-dir", str(paged), "--as-of", AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr
    doc = json.loads((paged / "data/all.json").read_text("utf-8"))
    by_id = {r["id"]: r for r in doc["records"]}
    assert by_id["case-branch/2026-01-20-with-outcome"]["outcome"] == "共建社区图书角一个"
    resolution = by_id["case-branch/2026-01-21-resolution"]
    assert resolution["progress"] == [{"date": "2026-02-01", "note": "已启动"}]
    assert resolution["outcome"] is None
    rows = {r["id"]: r for r in csv_rows(paged / "data/kinds/contact.csv")}
    assert rows["case-branch/2026-01-20-with-outcome"]["outcome"] == "共建社区图书角一个"


def test_references_to_hidden_records_are_null(public_site) -> None:
    doc = json.loads((public_site.site / "data/all.json").read_text("utf-8"))
    by_id = {r["id"]: r for r in doc["records"]}
    hostile = by_id["case-branch/2026-03-10-hostile"]
    assert hostile["meeting"] is None
    assert hostile["refs"] == [None, "case-branch/2026-04-02-members-meeting"]
    meeting = by_id["case-branch/2026-04-02-members-meeting"]
    assert meeting["decisions"] == [None, "case-branch/2026-03-10-hostile"]
    assert by_id["case-branch/2026-06-26-current-notice"]["subjects"] == [CURRENT_NOTICE_NAME]
    assert by_id["case-branch/2026-03-01-old-notice"]["subjects"] is None
    assert by_id["case-branch/2026-03-01-old-notice"]["subjects_count"] == 2


def test_redacted_record_keeps_only_id_title_dates_and_reason(public_site) -> None:
    doc = json.loads((public_site.site / "data/all.json").read_text("utf-8"))
    redacted = next(r for r in doc["records"] if r["id"] == REDACTED_ID)
    assert set(redacted) == set(REDACTED_KEEP)
    assert redacted["withdrawn_reason"] == "误发，予以撤回" and redacted["redacted"] is True


# -- Atom ---------------------------------------------------------------------------------------------
def entries(path: Path) -> list[ET.Element]:
    root = ET.parse(path).getroot()
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}id") is not None and root.find(f"{ATOM}updated") is not None
    return root.findall(f"{ATOM}entry")


def test_feed_is_newest_first_and_deterministic(public_site) -> None:
    items = entries(public_site.site / "feed.xml")
    published = [e.findtext(f"{ATOM}published") for e in items]
    assert published == sorted(published, reverse=True)
    assert len(items) == len(json_ids(public_site.site / "data/all.json")) == 7
    for entry in items:
        assert entry.findtext(f"{ATOM}updated") == entry.findtext(f"{ATOM}published")
        assert entry.findtext(f"{ATOM}id", "").startswith("tag:gongkai,")
        href = entry.find(f"{ATOM}link").get("href")
        assert (public_site.site / href / "index.html").is_file()  # relative without base_url
    titles = [e.findtext(f"{ATOM}title") for e in items]
    assert any("</script>" in (t or "") for t in titles)  # escaped on the way, text again


def test_org_feeds_and_absolute_links(paged: Path) -> None:
    items = entries(paged / "orgs/case-branch/feed.xml")
    assert len(items) == 9
    assert items[0].findtext(f"{ATOM}id") == BASE + "records/case-branch/2026-01-05-activity-4/"
    assert items[0].find(f"{ATOM}link").get("href").startswith(BASE)
    assert entries(paged / "orgs/case-committee/feed.xml") == []
    home = (paged / "index.html").read_text("utf-8")
    assert '<link rel="alternate" type="application/atom+xml" href="feed.xml">' in home


# -- iCalendar ---------------------------------------------------------------------------------------
def events(path: Path) -> list[icalendar.Event]:
    raw = path.read_bytes()
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(raw)
    return list(calendar.walk("VEVENT"))


def test_calendar_parses_with_all_day_windows(public_site) -> None:
    found = events(public_site.site / "calendar.ics")
    uids = [str(e["UID"]) for e in found]
    assert len(uids) == len(set(uids)) and all(u.endswith("@gongkai") for u in uids)
    by_summary = {str(e["SUMMARY"]): e for e in found}
    consultation = next(e for s, e in by_summary.items() if s.startswith("征求意见："))
    assert consultation.decoded("DTSTART") == D(2026, 6, 25)
    assert consultation.decoded("DTEND") == D(2026, 7, 6)  # exclusive end: the 5th included
    assert "{{ 7*7 }}" in str(consultation["SUMMARY"])  # long, folded and unfolded again
    notices = [e for s, e in by_summary.items() if s.startswith("公示：")]
    assert len(notices) == 2
    for event in found:
        assert event.decoded("DTSTAMP") == dt.datetime(2026, 6, 30, tzinfo=dt.timezone.utc)
    dues = [e for s, e in by_summary.items() if s.startswith("截止：")]
    assert dues and all(e.decoded("DTSTART") >= D(2026, 6, 30) for e in dues)


def test_calendar_never_names_a_hidden_record(hostile_portal: Path) -> None:
    result = check_portal(hostile_portal, D.fromisoformat(AS_OF))
    portal = result.loaded.portal
    rows = [{"org": "case-branch", "rule": "annual-work-plan", "period": PARTY_PLAN_ID,
             "status": "due-soon", "due": "2026-07-10", "record": PARTY_PLAN_ID},
            {"org": "case-branch", "rule": "annual-work-plan", "period": "2026",
             "status": "pending", "due": "2026-08-01", "record": PARTY_PLAN_ID},
            {"org": "case-branch", "rule": "annual-work-plan", "period": "2025",
             "status": "due-soon", "due": "2026-01-01", "record": None}]
    view = SiteView(portal, "public", D.fromisoformat(AS_OF), rows)
    urls = {f"records/{rid}.md": f"records/{rid}/" for rid in view.records}
    raw = CalendarWriter(view, urls, None).render().content
    assert CANARY_PARTY.encode() not in raw
    found = [e for e in events_from(raw) if str(e["SUMMARY"]).startswith("截止：")]
    assert len(found) == 2  # the third row's due date is in the past
    assert all("测试局第一党支部" in str(e["SUMMARY"]) for e in found)


def events_from(raw: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(raw).walk("VEVENT"))


@pytest.mark.parametrize("text", ["a" * 200, "党务公开" * 40, "x" + "公" * 30 + "ab" * 40])
def test_folding_keeps_whole_characters(text: str) -> None:
    folded = fold("SUMMARY:" + text).encode("utf-8")
    lines = folded.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"".join([lines[0], *(line[1:] for line in lines[1:])]).decode() == "SUMMARY:" + text
