"""Two audiences never collide (issue 14, item 4): their own default folders, a marker read back
from the folder, ``--force``, and ``party_base_url`` for every absolute URL of a party build."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sitekit

from gongkai.site.audiences import MARKER
from portal_kit import SITE

PUBLIC_HOST = "https://public.example.gov.cn/"
PARTY_HOST = "https://party.intranet.example/dw/"
RECORD = {"kind": "contact", "title": "与社区党委结对共建", "date": "2025-10-17",
          "published": "2025-10-20", "activity_type": "twinning"}


def _portal(tmp_path: Path, party_url: bool = True) -> Path:
    site = SITE + f"base_url: {PUBLIC_HOST}\n" + (f"party_base_url: {PARTY_HOST}\n" if party_url else "")
    root = sitekit.new_portal(tmp_path / "portal", site)
    sitekit.add_record(root, "case-branch", "2025-10-17-public", {**RECORD, "scope": "public"})
    sitekit.add_record(root, "case-branch", "2025-10-17-party",
                       {**RECORD, "title": "党内通报", "scope": "party"})
    return root


def build(root: Path, *args: str):
    return sitekit.gongkai(root, "build", "--as-of", "2026-06-30", *args)


def test_each_audience_has_its_own_default_folder(tmp_path: Path) -> None:
    root = _portal(tmp_path)
    assert build(root).returncode == 0
    public = sitekit.hashes(root / "site")
    done = build(root, "--audience", "party")
    assert done.returncode == 0, done.stderr
    assert (root / "site-party" / MARKER).read_text("utf-8") == "party\n"
    assert (root / "site" / MARKER).read_text("utf-8") == "public\n"
    assert sitekit.hashes(root / "site") == public  # the public site was not touched
    assert "党内通报" not in "".join(p.read_text("utf-8") for p in (root / "site").rglob("*.html"))
    assert any("党内通报" in p.read_text("utf-8") for p in (root / "site-party").rglob("*.html"))


@pytest.mark.parametrize("without_marker", [False, True])
def test_a_folder_built_for_the_other_audience_is_not_replaced(tmp_path: Path,
                                                               without_marker: bool) -> None:
    root = _portal(tmp_path)
    assert build(root).returncode == 0
    if without_marker:  # built before markers: the open-data catalog says which audience
        (root / "site" / MARKER).unlink()
    before = sitekit.hashes(root / "site")
    done = build(root, "--audience", "party", "--site-dir", "site")
    assert done.returncode == 2
    assert "是对外（public）网站，不会用党内（party）网站替换它" in done.stderr
    assert "Traceback" not in done.stderr
    assert sitekit.hashes(root / "site") == before
    done = build(root, "--audience", "party", "--site-dir", "site", "--force")
    assert done.returncode == 0, done.stderr
    assert (root / "site" / MARKER).read_text("utf-8") == "party\n"


def _absolute_urls(site: Path) -> set[str]:
    found: set[str] = set()
    for path, data in sitekit.site_files(site):
        if path.suffix in (".html", ".xml", ".ics", ".json", ".csv", ".atom"):
            text = data.decode("utf-8").replace("\r\n ", "")  # unfold iCalendar lines
            found |= set(re.findall(r"https?://[^\s\"'<>\\]+", text))
    return found


def test_party_build_uses_party_base_url_for_every_absolute_url(tmp_path: Path) -> None:
    root = _portal(tmp_path)
    assert build(root, "--audience", "party").returncode == 0
    urls = {u for u in _absolute_urls(root / "site-party") if "example" in u}
    ours = {u for u in urls if u.startswith(PARTY_HOST)}
    assert not urls - ours, sorted(urls - ours)[:5]
    for path in ("sitemap.xml", "feed.xml"):
        assert PARTY_HOST in (root / "site-party" / path).read_text("utf-8"), path
    assert any(PARTY_HOST in p.read_text("utf-8") for p in (root / "site-party/data").rglob("*.json"))
    canonical = (root / "site-party/orgs/index.html").read_text("utf-8")
    assert f'<link rel="canonical" href="{PARTY_HOST}orgs/">' in canonical
    assert build(root).returncode == 0  # the public site keeps base_url
    assert '<link rel="canonical" href="https://public.example.gov.cn/orgs/">' in (
        root / "site/orgs/index.html").read_text("utf-8")


def test_party_build_without_party_base_url_never_names_the_public_host(tmp_path: Path) -> None:
    root = _portal(tmp_path, party_url=False)
    assert build(root, "--audience", "party").returncode == 0
    assert not {u for u in _absolute_urls(root / "site-party") if PUBLIC_HOST in u}
