"""Small real portals with the repository's site (mkdocs.yml, docs/, macros/), built
with the real ``mkdocs build --strict`` or ``gongkai build`` in a subprocess."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

from portal_kit import make_portal, write

REPO = Path(__file__).resolve().parents[2]
SITE_PARTS = ("mkdocs.yml", "docs", "macros/main.py")  # the theme comes with the plugin


def copy_site(root: Path) -> None:
    for part in SITE_PARTS:
        src, dst = REPO / part, root / part
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)


def new_portal(root: Path, site: str | None = None) -> Path:
    """The two-organization portal of tests/portal_kit.py plus the repository's site."""
    if site is None:
        make_portal(root)
    else:
        make_portal(root, site)
    copy_site(root)
    return root


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def add_record(root: Path, org: str, stem: str, doc: dict[str, Any],
               attachments: dict[str, bytes] | None = None) -> str:
    folder = root / "data" / "orgs" / org / stem[:4]
    write(folder / f"{stem}.yaml", yaml.dump(doc, Dumper=_NoAliases, allow_unicode=True,
                                                   sort_keys=False))
    for name, data in (attachments or {}).items():
        write(folder / stem / name, data)
    return f"{org}/{stem}"


def environment(**extra: str) -> dict[str, str]:
    """The test's environment without gongkai's settings, except where the cache goes (a
    temporary folder: tests/conftest.py)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("GONGKAI_") or k == "GONGKAI_CACHE_DIR"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env.update(extra)
    return env


def mkdocs_build(root: Path, site_dir: Path, audience: str = "public",
                 as_of: str = "2026-06-30") -> subprocess.CompletedProcess[str]:
    """``mkdocs build --strict`` exactly as a user would run it."""
    epoch = int(dt.datetime.fromisoformat(as_of).replace(tzinfo=dt.timezone.utc).timestamp())
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         "-d", str(site_dir)], capture_output=True, text=True, cwd=root, timeout=600,
        env=environment(GONGKAI_AUDIENCE=audience, GONGKAI_AS_OF=as_of,
                        SOURCE_DATE_EPOCH=str(epoch)))


def gongkai(root: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gongkai.cli", "--root", str(root), *args],
                          capture_output=True, text=True, cwd=root, timeout=600,
                          env=environment(**env))


def site_files(site_dir: Path) -> Iterator[tuple[Path, bytes]]:
    """Every file of a built site, decompressed where gzipped."""
    for path in sorted(site_dir.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            yield path, gzip.decompress(data) if path.suffix == ".gz" else data


def hashes(site_dir: Path) -> dict[str, str]:
    return {p.relative_to(site_dir).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site_dir.rglob("*")) if p.is_file()}


def median_page_size(site_dir: Path) -> float:
    return statistics.median(p.stat().st_size for p in site_dir.rglob("index.html"))


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of <title> and <script>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.title = ""
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag in ("title", "script"):
            self._in = tag
            if tag == "script":
                self.scripts.append((dict(attrs), ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(path: Path) -> Elements:
    parser = Elements()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return parser


REPO_SITE_EN = """\
schema_version: 2
name: 测试局机关党务公开
name_en: Test Bureau Party Affairs Disclosure
root: case-committee
profile: shanghai-organs-2010
language: en
checks_from: 2024-01-01
office_email_domains: [example.gov.cn]
"""
