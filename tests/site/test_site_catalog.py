"""The portal catalog ``data/index.json`` (handbook: federation.md#catalog): valid against the
shipped schema, global ids, absolute URLs, compliance rows, only the build's audience, the same
bytes for the same as-of date; Atom ids and calendar UIDs unique across portals."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import sitekit
from hostile import AS_OF, CANARY_FUTURE, CANARY_PARTY, CANARY_REDACTED, CANARY_SPECIFIC, CANARY_UNIT

from conftest import Built
from gongkai.core.federation import catalog_schema
from gongkai.site.calendar import CalendarWriter
from gongkai.site.feeds import FeedWriter
from gongkai.site.plugin import check_portal
from gongkai.site.portalcatalog import portal_id
from gongkai.site.view import SiteView

BASE = "https://dangwu.example.gov.cn/czj/"
SITE = sitekit.REPO_SITE_EN.replace("language: en\n", "") + f'base_url: "{BASE}"\n'
HIDDEN = (CANARY_PARTY, CANARY_UNIT, CANARY_SPECIFIC, CANARY_REDACTED, CANARY_FUTURE)


def late_meeting() -> dict[str, object]:
    return {"kind": "meeting", "title": "第一季度党员大会", "date": dt.date(2026, 1, 10),
            "published": dt.date(2026, 4, 20), "scope": "public",
            "meeting_type": "members_meeting", "attendance": {"expected": 10, "present": 9},
            "topics": ["学习"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = sitekit.new_portal(tmp_path_factory.mktemp("catalog") / "portal", SITE)
    sitekit.add_record(root, "case-branch", "2026-01-10-members-meeting", late_meeting())
    site = root.parent / "site"
    done = sitekit.gongkai(root, "build", "--site-dir", str(site), "--as-of", AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def catalog(site: Path) -> dict[str, object]:
    doc: dict[str, object] = json.loads((site / "data/index.json").read_text("utf-8"))
    return doc


def test_catalog_is_valid_and_names_the_portal(built: Path) -> None:
    doc = catalog(built)
    jsonschema.validate(doc, catalog_schema())
    assert doc["catalog_version"] == 1
    portal = doc["portal"]
    assert isinstance(portal, dict)
    assert portal["id"] == "dangwu.example.gov.cn/czj"  # the base URL's host and path
    assert portal["base_url"] == BASE and portal["audience"] == "public"
    assert portal["as_of"] == AS_OF and portal["built"] == f"{AS_OF}T00:00:00Z"
    assert portal["generator"].startswith("gongkai ")
    orgs = {o["id"]: o for o in doc["organizations"]}  # type: ignore[attr-defined]
    assert orgs["case-branch"]["url"] == BASE + "orgs/case-branch/"
    assert orgs["case-branch"]["parent"] == "case-committee"


def test_records_have_global_ids_absolute_urls_and_modified(built: Path) -> None:
    [record] = catalog(built)["records"]  # type: ignore[misc]
    assert record["id"] == "dangwu.example.gov.cn/czj:case-branch/2026-01-10-members-meeting"
    assert record["url"] == BASE + "records/case-branch/2026-01-10-members-meeting/"
    assert (record["kind"], record["type"]) == ("meeting", "members_meeting")
    assert record["modified"] == "2026-04-20"


def test_compliance_rows_carry_status_due_and_citation(built: Path) -> None:
    rows = catalog(built)["compliance"]
    late = [r for r in rows if r["status"] == "late"]  # type: ignore[index, union-attr]
    assert late and all(r["due"] and r["citation"] for r in late)  # type: ignore[index]
    assert {r["record"] for r in late} == {  # type: ignore[index]
        "dangwu.example.gov.cn/czj:case-branch/2026-01-10-members-meeting"}


def test_the_same_as_of_gives_the_same_catalog(built: Path, tmp_path: Path) -> None:
    root = built.parent / "portal"
    again = tmp_path / "site"
    done = sitekit.gongkai(root, "build", "--site-dir", str(again), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert (again / "data/index.json").read_bytes() == (built / "data/index.json").read_bytes()


# -- only the build's audience ------------------------------------------------------------------
def test_public_catalog_names_no_record_outside_the_audience(public_site: Built) -> None:
    text = (public_site.site / "data/index.json").read_text("utf-8")
    for canary in HIDDEN:
        assert canary not in text
    jsonschema.validate(json.loads(text), catalog_schema())


def test_party_catalog_adds_party_records(party_site: Built) -> None:
    text = (party_site.site / "data/index.json").read_text("utf-8")
    assert CANARY_PARTY in text  # the positive control of the test above
    for canary in (CANARY_UNIT, CANARY_SPECIFIC, CANARY_REDACTED, CANARY_FUTURE):
        assert canary not in text


# -- ids unique across portals ------------------------------------------------------------------
def _view(root: Path) -> SiteView:
    result = check_portal(root, dt.date.fromisoformat(AS_OF), cache=False)
    return SiteView(result.loaded.portal, "public", result.as_of, result.status)


def test_site_yaml_id_wins_and_ids_differ_between_portals(tmp_path: Path) -> None:
    views = []
    for name in ("a", "b"):
        root = sitekit.new_portal(tmp_path / name, sitekit.REPO_SITE_EN + f"id: dept-{name}\n")
        notice = {"kind": "notice", "title": "拟发展对象公示", "date": dt.date(2026, 6, 20),
                  "published": dt.date(2026, 6, 20), "scope": "public",
                  "notice_type": "development_target", "from": dt.date(2026, 6, 20),
                  "to": dt.date(2026, 6, 27), "subjects": ["张三"]}
        sitekit.add_record(root, "case-branch", "2026-06-20-notice", notice)
        views.append(_view(root))
    assert [portal_id(v.portal.site) for v in views] == ["dept-a", "dept-b"]
    urls = {"records/case-branch/2026-06-20-notice.md": "records/case-branch/2026-06-20-notice/"}
    uids = [{e["uid"] for e in CalendarWriter(v, urls, None).events()} for v in views]
    assert uids[0] and not uids[0] & uids[1]
    record = views[0].records["case-branch/2026-06-20-notice"]
    assert FeedWriter(views[0], urls, None).entry_id(record) == (
        "tag:gongkai,2026-06-20:dept-a:case-branch/2026-06-20-notice")
