"""``gongkai build``: validates first, swaps the site in whole, same bytes for the same input, pages
that stay small as records grow; and the sample portal builds with ``mkdocs build --strict``."""

from __future__ import annotations

import datetime as dt
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import sitekit

import portal_kit

AS_OF = "2026-06-30"
D = dt.date


def public_record(n: int, day: D, words: int = 3) -> dict[str, object]:
    text = "，".join(["组织党员深入社区开展志愿服务", "听取群众意见建议并逐项落实"] * words)
    return {"kind": "contact", "title": f"结对共建活动第{n}次", "date": day, "published": day,
            "scope": "public", "summary": text, "body": f"## 活动情况\n\n{text}。",
            "activity_type": "volunteer", "participants": 10 + n % 7}


SITE = portal_kit.SITE + 'base_url: "https://dangwu.example.gov.cn/portal/"\n'


def small_portal(root: Path, records: int = 3) -> Path:
    sitekit.new_portal(root, SITE)
    for n in range(records):
        day = D(2026, 1, 1) + dt.timedelta(days=n)
        sitekit.add_record(root, "case-branch", f"{day.isoformat()}-activity-{n}",
                           public_record(n, day))
    return root


def build(root: Path, site: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return sitekit.gongkai(root, "build", "--site-dir", str(site), "--as-of", AS_OF, *extra)


def leftovers(site: Path) -> list[Path]:
    return [p for p in site.parent.iterdir() if p.name.startswith(f"{site.name}.")]


def broken_links(site: Path) -> list[str]:
    """Every relative href/src of every page points at a file of the site."""
    bad = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":
            continue  # served from any folder, so mkdocs writes it with absolute URLs
        for tag, attrs in sitekit.parse(page).tags:
            for name in ("href", "src"):
                url = attrs.get(name)
                if not url or urlsplit(url).scheme or url.startswith(("#", "//", "mailto:")):
                    continue
                path = unquote(urlsplit(url).path)
                if not path:
                    continue
                target = (page.parent / path).resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file():
                    bad.append(f"{page.relative_to(site)}: <{tag} {name}={url}>")
    return bad


def test_sample_portal_builds_strict(tmp_path: Path) -> None:
    if not (sitekit.REPO / "data" / "site.yaml").is_file():
        pytest.skip("the sample portal is not there")
    site = tmp_path / "site"
    done = sitekit.mkdocs_build(sitekit.REPO, site, "public", "2026-11-25")
    assert done.returncode == 0, done.stdout + done.stderr
    for page in ("index.html", "orgs/index.html", "browse/index.html", "dashboard/index.html",
                 "about/index.html", "404.html", "sitemap.xml", "search/index.json"):
        assert (site / page).is_file(), page
    resolutions = [p for p in (site / "records").rglob("index.html")
                   if "决策过程" in p.read_text(encoding="utf-8")]
    assert resolutions, "no resolution page with its timeline"
    assert broken_links(site) == []


def test_links_resolve_in_both_audiences(public_site, party_site) -> None:
    assert broken_links(public_site.site) == []
    assert broken_links(party_site.site) == []


def test_refuses_bad_files_and_keeps_the_previous_site(tmp_path: Path) -> None:
    root, site = small_portal(tmp_path / "portal"), tmp_path / "out" / "site"
    assert sitekit.gongkai(root, "check", "--as-of", AS_OF).returncode == 1  # rule errors…
    first = build(root, site)
    assert first.returncode == 0, first.stdout + first.stderr  # …do not stop a build
    before = sitekit.hashes(site)
    sitekit.add_record(root, "case-branch", "2026-02-01-broken",
                       {"kind": "contact", "date": D(2026, 2, 1), "published": D(2026, 2, 1),
                        "scope": "public", "activity_type": "volunteer"})  # no title
    refused = build(root, site)
    assert refused.returncode == 1
    assert "schema/required" in refused.stdout and "2026-02-01-broken.yaml" in refused.stdout
    assert sitekit.hashes(site) == before and leftovers(site) == []


def test_failed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    root, site = small_portal(tmp_path / "portal"), tmp_path / "site"
    assert build(root, site).returncode == 0
    before = sitekit.hashes(site)
    (root / "docs" / "about.md").write_text("---\nrender_macros: true\n---\n\n{{ no_such() }}\n",
                                            encoding="utf-8")
    failed = build(root, site)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert sitekit.hashes(site) == before and leftovers(site) == []


def test_killed_build_keeps_the_previous_site(tmp_path: Path) -> None:
    root, site = small_portal(tmp_path / "portal", 30), tmp_path / "site"
    assert build(root, site).returncode == 0
    before = sitekit.hashes(site)
    sitekit.add_record(root, "case-branch", "2026-03-01-new", public_record(99, D(2026, 3, 1)))
    proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "--root", str(root), "build",
                             "--site-dir", str(site), "--as-of", AS_OF],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=sitekit.environment())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if any(any(p.rglob("*.html")) for p in leftovers(site)):
            break  # mkdocs is writing pages into the temporary folder
        time.sleep(0.02)
    assert proc.poll() is None, "the build ended before it could be killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert sitekit.hashes(site) == before


def test_same_input_gives_the_same_bytes(tmp_path: Path) -> None:
    root = small_portal(tmp_path / "portal", 5)
    one, two = tmp_path / "one", tmp_path / "two"
    assert build(root, one).returncode == 0 and build(root, two).returncode == 0
    assert sitekit.hashes(one) == sitekit.hashes(two)
    sitemap = (one / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://dangwu.example.gov.cn/portal/records/case-branch/" in sitemap
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {AS_OF}


def test_site_dir_never_replaces_the_repository(tmp_path: Path) -> None:
    root = small_portal(tmp_path / "portal")
    for target in (root, root / "data", tmp_path):
        done = build(root, target)
        assert done.returncode == 2, target
    assert (root / "data" / "site.yaml").is_file()


def test_page_size_stays_flat_as_records_double(tmp_path: Path) -> None:
    sizes = []
    for n in (60, 120):
        root = small_portal(tmp_path / f"portal-{n}", n)
        site = tmp_path / f"site-{n}"
        done = build(root, site)
        assert done.returncode == 0, done.stdout + done.stderr
        sizes.append(sitekit.median_page_size(site))
    assert sizes[1] <= sizes[0] * 1.10, sizes
    assert (site / "categories/masses/2/index.html").is_file()  # 120 rows: two listing pages
    assert not (site / "categories/masses/3/index.html").exists()


def test_english_site(tmp_path: Path) -> None:
    root = sitekit.new_portal(tmp_path / "portal", sitekit.REPO_SITE_EN)
    record = public_record(1, D(2026, 1, 5))
    record["title_en"] = "Twinning activity"
    sitekit.add_record(root, "case-branch", "2026-01-05-twinning", record)
    site = tmp_path / "site"
    assert build(root, site).returncode == 0
    page = (site / "records/case-branch/2026-01-05-twinning/index.html").read_text("utf-8")
    assert '<html lang="en"' in page and "<h1>Twinning activity</h1>" in page
    assert "测试局第一党支部" in page  # no name_en: the Chinese name
    assert "Contact with the masses" in page


def test_no_cache_builds_without_reading_or_writing_the_cache(tmp_path: Path) -> None:
    root = small_portal(tmp_path / "portal")
    cache = tmp_path / "cache"
    run = sitekit.gongkai(root, "build", "--no-cache", "--site-dir", str(tmp_path / "a"),
                          "--as-of", AS_OF, GONGKAI_CACHE_DIR=str(cache))
    assert run.returncode == 0, run.stderr
    assert not cache.exists() or not any(cache.iterdir())
    run = sitekit.gongkai(root, "build", "--site-dir", str(tmp_path / "b"), "--as-of", AS_OF,
                          GONGKAI_CACHE_DIR=str(cache))
    assert run.returncode == 0, run.stderr
    assert [p.suffix for p in cache.iterdir()] == [".json"]  # the cache is on by default
    assert sitekit.hashes(tmp_path / "a") == sitekit.hashes(tmp_path / "b")


def test_serve_rebuilds_when_a_record_changes(tmp_path: Path) -> None:
    root = small_portal(tmp_path / "portal", 2)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "--root", str(root), "serve",
                             "--as-of", AS_OF, "--dev-addr", f"127.0.0.1:{port}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=sitekit.environment())
    url = f"http://127.0.0.1:{port}/records/case-branch/2026-01-01-activity-0/"
    try:
        assert "结对共建活动第0次" in _poll(url, "结对共建活动第0次")
        record = root / "data/orgs/case-branch/2026/2026-01-01-activity-0.yaml"
        record.write_text(record.read_text("utf-8").replace("结对共建活动第0次", "已修改的标题"),
                          encoding="utf-8")
        assert "已修改的标题" in _poll(url, "已修改的标题")
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _poll(url: str, needle: str, seconds: float = 90) -> str:
    deadline, text = time.monotonic() + seconds, ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                text = response.read().decode("utf-8")
            if needle in text:
                return text
        except OSError:
            pass
        time.sleep(0.5)
    return text
