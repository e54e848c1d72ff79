"""The issue's "done when": three department portals built from different data, each as of its
own day, served on 127.0.0.1, plus a dead source and the faults, harvested by a working
committee's portal whose built site and ``departments.json`` show each department's exact
findings; a hostile catalog is only ever text (handbook: federation.md#committee-site)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sitekit
from searchkit import Index

from gongkai.site.plugin import check_portal
from harvest_kit import (
    Server,
    catalog_doc,
    harvest_site,
    huge,
    make_committee,
    refused_url,
    row,
    serve_bytes,
    serve_json,
    stall,
    status,
)

COMMITTEE_AS_OF = "2026-06-30"
DEPARTMENTS = {"finance": "2026-06-30", "tax": "2026-03-31", "audit": "2025-12-31"}
FAULTS = ("error500", "stall", "notjson", "future", "huge")
XSS = "<script>alert('x')</script>"
JINJA = "{{ 7*7 }}"


def meeting(day: dt.date) -> dict[str, object]:
    return {"kind": "meeting", "title": f"{day.year}年第一季度党员大会", "date": day,
            "published": day, "scope": "public", "meeting_type": "members_meeting",
            "attendance": {"expected": 10, "present": 9}, "topics": ["学习"]}


def department(root: Path, name: str, base: str, as_of: str, site: Path) -> Path:
    text = sitekit.REPO_SITE_EN.replace("language: en\n", "").replace(
        "测试局机关党务公开", f"{name}局机关党务公开") + f'base_url: "{base}"\n'
    sitekit.new_portal(root, text)
    if name == "finance":  # different data: finance held its first-quarter meeting
        sitekit.add_record(root, "case-branch", "2026-02-10-members-meeting",
                           meeting(dt.date(2026, 2, 10)))
    done = sitekit.gongkai(root, "build", "--site-dir", str(site), "--as-of", as_of)
    assert done.returncode == 0, done.stdout + done.stderr
    return site


def hostile(server: Server) -> dict[str, Any]:
    doc = catalog_doc("hostile", "javascript:alert(1)//",
                      [row("b1", "three-meetings", "overdue", "2026-03-31"),
                       row("b1", "term-expiry", "due-soon", "2026-09-30")],
                      records=[{"id": "hostile:b1/2026-01-01-x", "org": "b1", "kind": "plan",
                                "title": f"标题{XSS}{JINJA}", "date": "2026-01-01",
                                "published": "2026-01-01", "modified": "2026-01-01",
                                "url": "javascript:alert(2)"}],
                      name=f"恶意{XSS}{JINJA}")
    doc["organizations"][1]["name"] = f"支部{XSS}{JINJA}"
    doc["organizations"][1]["url"] = "JaVaScRiPt:alert(3)"
    doc["compliance"][0]["citation"] = f"(8){XSS}{JINJA}"
    return doc


@dataclass
class City:
    root: Path
    site: Path
    departments: dict[str, Path]  # id -> that department's portal root
    catalogs: dict[str, dict[str, Any]]


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Iterator[City]:
    tmp = tmp_path_factory.mktemp("city")
    server = Server()
    catalogs: dict[str, dict[str, Any]] = {}
    roots = {}
    for name, as_of in DEPARTMENTS.items():
        base = server.url(f"/{name}/")
        site = department(tmp / name, name, base, as_of, tmp / f"{name}-site")
        body = (site / "data/index.json").read_bytes()
        catalogs[name] = json.loads(body)
        server.routes[f"/{name}/data/index.json"] = serve_bytes(body)
        roots[name] = tmp / name
    for sid in FAULTS:
        catalogs[sid] = catalog_doc(sid, server.url(f"/{sid}/"),
                                    [row("b1", "three-meetings", "overdue", "2026-03-31")])
        server.routes[f"/{sid}/data/index.json"] = serve_json(catalogs[sid])
    server.routes["/hostile/data/index.json"] = serve_json(hostile(server))
    sources = [(n, f"{n}局", server.url(f"/{n}/data/index.json"))
               for n in (*DEPARTMENTS, *FAULTS, "hostile")]
    sources.append(("dead", "已停用局", refused_url()))
    root = make_committee(tmp / "committee", harvest_site(sources))
    sitekit.copy_site(root)
    args = ("harvest", "--timeout", "1.5", "--max-bytes", str(2 * 1024 * 1024))
    assert sitekit.gongkai(root, *args).returncode == 1  # the dead source
    server.routes["/error500/data/index.json"] = status(500)
    server.routes["/stall/data/index.json"] = stall(5)
    server.routes["/notjson/data/index.json"] = serve_bytes(b"<html>oops</html>")
    future = dict(catalogs["future"], catalog_version=2)
    server.routes["/future/data/index.json"] = serve_json(future)
    server.routes["/huge/data/index.json"] = huge(100 * 1024 * 1024, [])
    again = sitekit.gongkai(root, *args)
    assert again.returncode == 1, again.stdout + again.stderr
    site = tmp / "committee-site"
    done = sitekit.gongkai(root, "build", "--site-dir", str(site), "--as-of", COMMITTEE_AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr
    yield City(root, site, roots, catalogs)
    server.close()


def departments_json(city: City) -> dict[str, dict[str, Any]]:
    doc = json.loads((city.site / "data/departments.json").read_text("utf-8"))
    return {d["id"]: d for d in doc}


def test_each_department_shows_its_exact_findings_as_of_its_own_build(city: City) -> None:
    deps = departments_json(city)
    assert list(deps)[:3] == list(DEPARTMENTS)
    overdue_counts = set()
    for name, as_of in DEPARTMENTS.items():
        result = check_portal(city.departments[name], dt.date.fromisoformat(as_of), cache=False)
        expected = sorted((r["org"], r["rule"], r["status"], r["due"]) for r in result.status
                          if r["status"] in ("overdue", "late", "due-soon"))
        got = deps[name]
        assert got["status"] == "ok" and got["error"] is None
        assert sorted((f["org"], f["rule"], f["status"], f["due"])
                      for f in got["findings"]) == expected
        assert got["counts"]["overdue"] == sum(1 for e in expected if e[2] == "overdue")
        assert set(got) == {"id", "name", "status", "fetched", "error", "counts", "findings"}
        overdue_counts.add(got["counts"]["overdue"])
    assert len(overdue_counts) > 1  # different data, different as-of dates: different findings


def test_the_dead_source_failed_and_faults_are_stale_with_the_last_good_copy(city: City) -> None:
    deps = departments_json(city)
    assert (deps["dead"]["status"], deps["dead"]["error"]) == ("failed", "unreachable")
    assert deps["dead"]["findings"] == [] and deps["dead"]["fetched"] is None
    reasons = {sid: deps[sid]["error"] for sid in FAULTS}
    assert reasons == {"error500": "http-status", "stall": "timeout", "notjson": "not-json",
                       "future": "future-version", "huge": "too-large"}
    for sid in FAULTS:
        assert deps[sid]["status"] == "stale" and deps[sid]["fetched"]
        assert deps[sid]["findings"] == [{"org": "b1", "rule": "three-meetings",
                                          "status": "overdue", "due": "2026-03-31"}]


def page(city: City, path: str) -> str:
    return (city.site / path / "index.html").read_text("utf-8")


def test_departments_page_shows_freshness_reasons_and_counts(city: City) -> None:
    html = page(city, "departments")
    for reason in ("无法连接", "超时未响应", "服务器返回错误状态", "不是有效的 JSON",
                   "目录版本高于本程序支持的版本", "超过大小上限"):
        assert reason in html, reason
    assert "获取失败，暂无数据" in html and "未能更新，显示上次获取的数据" in html
    for name, as_of in DEPARTMENTS.items():  # each department's own as-of date
        assert re.search(f"{name}局</a></td><td>.*?</td><td>[^<]*</td><td>{as_of}</td>", html)
    assert 'href="http://127.0.0.1:' in html


def test_overdue_matrix_and_elections_pages(city: City) -> None:
    deps = departments_json(city)
    overdue = page(city, "city/overdue")
    total = sum(d["counts"]["overdue"] for d in deps.values())
    assert overdue.count('<tr><td><a href="../../departments/') == total
    matrix = page(city, "city/matrix")
    assert "gk-matrix" in matrix and "finance局" in matrix
    elections = page(city, "city/elections")
    assert "2026-09-30" in elections  # the hostile department's term ends in three months
    dashboard = page(city, "dashboard")
    assert 'href="../departments/"' in dashboard


def test_harvested_text_is_only_text(city: City) -> None:
    for path in sorted(city.site.rglob("*.html")):
        text = path.read_text("utf-8")
        assert "<script>alert" not in text, path
        assert "49" not in re.findall(r"标题(\S{0,4})", text), path
        for href in re.findall(r'href="([^"]*)"', text):
            assert not href.strip().lower().startswith("javascript"), (path, href)
    dept = page(city, "departments/hostile")
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in dept
    assert "{{ 7*7 }}" in dept  # shown as written, never evaluated


def test_department_pages_are_searchable_by_record_title(city: City) -> None:
    found = Index(city.site).find("2026年第一季度党员大会")
    assert any(url.startswith("departments/finance/") for url in found), found
