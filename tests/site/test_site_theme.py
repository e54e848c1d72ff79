"""The plugin supplies its own theme overrides (issue 14, item 3): a portal that copied no
``overrides/`` and has no ``custom_dir`` still escapes every ``<title>`` and gets the site CSS."""

from __future__ import annotations

import re
from pathlib import Path

import sitekit
import yaml
from mkdocs.config import load_config

from gongkai.site.themedir import THEME_DIR, add_theme_dir

HOSTILE = "<script>alert(1)</script>"
SITE = f"""\
schema_version: 2
name: "{HOSTILE}门户"
root: case-committee
profile: shanghai-organs-2010
checks_from: 2024-01-01
office_email_domains: [example.gov.cn]
"""
RECORD = {"kind": "contact", "title": HOSTILE, "date": "2025-10-17",
          "published": "2025-10-20", "scope": "public", "activity_type": "twinning"}


def _titles(site: Path) -> dict[str, str]:
    out = {}
    for page in site.rglob("*.html"):
        found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
        if found:
            out[page.relative_to(site).as_posix()] = found.group(1)
    return out


def test_a_portal_without_overrides_escapes_every_title(tmp_path: Path) -> None:
    root = sitekit.new_portal(tmp_path / "portal", SITE)
    assert not (root / "overrides").exists()
    assert "custom_dir" not in (root / "mkdocs.yml").read_text(encoding="utf-8")
    stem = sitekit.add_record(root, "case-branch", "2025-10-17-x", RECORD)
    done = sitekit.mkdocs_build(root, tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    titles = _titles(tmp_path / "site")
    assert titles["records/" + stem + "/index.html"] == (
        "&lt;script&gt;alert(1)&lt;/script&gt; - &lt;script&gt;alert(1)&lt;/script&gt;门户")
    assert all("<" not in title for title in titles.values()), titles
    css = tmp_path / "site" / "assets" / "stylesheets" / "gongkai.css"
    assert css.read_bytes() == (THEME_DIR / "assets" / "stylesheets" / "gongkai.css").read_bytes()
    assert 'href="assets/stylesheets/gongkai.css"' in (tmp_path / "site" / "index.html").read_text(
        encoding="utf-8")


def test_a_portal_custom_dir_keeps_precedence(tmp_path: Path) -> None:
    sitekit.copy_site(tmp_path)
    cfg = yaml.safe_load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"))
    cfg["theme"]["custom_dir"] = "mine"
    (tmp_path / "mine").mkdir()
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"))
    add_theme_dir(config)
    add_theme_dir(config)  # once only, however often the config is seen
    dirs = config.theme.dirs
    assert dirs[:2] == [str(tmp_path / "mine"), str(THEME_DIR)]
    assert dirs.count(str(THEME_DIR)) == 1
