"""ProperDocs (a maintained continuation of MkDocs 1.x, the ``properdocs`` extra) as a second
renderer: ``properdocs build --strict`` makes the same site as ``mkdocs build --strict`` except the
generator tag and the sitemap dates, and ``properdocs serve --dirty`` rebuilds after an edit and
shows broken data in the browser (site/incremental.py, site/preview.py).

Skipped only when the extra is missing and CI is unset; under CI=true it must be installed."""

from __future__ import annotations

import gzip
import http.client
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sitekit

AS_OF = "2026-11-25"
EPOCH = "1795564800"  # AS_OF at midnight UTC
RECORD = "data/orgs/budget-branch/2026/2026-04-16-twinning.yaml"
PAGE = "/records/budget-branch/2026-04-16-twinning/"
PROPERDOCS = shutil.which("properdocs", path=str(Path(sys.executable).parent)) or shutil.which(
    "properdocs")
GENERATOR = re.compile(rb'\s*<meta name="generator" content="[^"]*">')
LASTMOD = re.compile(rb"<lastmod>[^<]*</lastmod>")


@pytest.fixture(scope="module")
def properdocs() -> str:
    if PROPERDOCS:
        return PROPERDOCS
    message = "ProperDocs is not installed: pip install -e '.[properdocs]'"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def build(command: list[str], site: Path, audience: str) -> dict[str, bytes]:
    done = subprocess.run([*command, "build", "--strict", "-f", str(sitekit.REPO / "mkdocs.yml"),
                           "-d", str(site)], capture_output=True, text=True, cwd=sitekit.REPO,
                          timeout=600, env=sitekit.environment(
                              GONGKAI_AUDIENCE=audience, GONGKAI_AS_OF=AS_OF,
                              SOURCE_DATE_EPOCH=EPOCH))
    assert done.returncode == 0, done.stdout + done.stderr
    return {p.relative_to(site).as_posix(): normalized(p) for p in sorted(site.rglob("*"))
            if p.is_file()}


def normalized(path: Path) -> bytes:
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    if path.suffix == ".html":
        data = GENERATOR.sub(b"", data)
    if path.name.startswith("sitemap.xml"):
        data = LASTMOD.sub(b"", data)
    return data


@pytest.mark.parametrize("audience", ["public", "party"])
def test_properdocs_builds_the_same_site(properdocs: str, tmp_path: Path, audience: str) -> None:
    mkdocs = build([sys.executable, "-m", "mkdocs"], tmp_path / "mkdocs", audience)
    proper = build([properdocs], tmp_path / "properdocs", audience)
    assert len(mkdocs) > 150
    assert sorted(mkdocs) == sorted(proper)
    assert [name for name in mkdocs if mkdocs[name] != proper[name]] == []
    assert b"ProperDocs" in (tmp_path / "properdocs" / "index.html").read_bytes()


def test_properdocs_serve_rebuilds_and_shows_broken_data(properdocs: str, tmp_path: Path) -> None:
    root = tmp_path / "portal"
    root.mkdir()
    shutil.copytree(sitekit.REPO / "data", root / "data")
    sitekit.copy_site(root)
    from test_site_serve_broken import free_port

    port = free_port()
    lines: list[str] = []
    proc = subprocess.Popen(
        [properdocs, "serve", "--dirty", "-f", str(root / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8",
        env=sitekit.environment(GONGKAI_AS_OF=AS_OF))
    assert proc.stderr is not None
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr or []), daemon=True)
    reader.start()

    def wait_for(text: str, count: int = 1) -> None:
        deadline = time.monotonic() + 240
        while sum(text in line for line in lines) < count:
            assert time.monotonic() < deadline and proc.poll() is None, "".join(lines[-30:])
            time.sleep(0.1)

    def get(path: str) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read().decode()
        finally:
            conn.close()

    try:
        wait_for("Serving on http")
        record = root / RECORD
        good = record.read_text("utf-8")
        record.write_text(good.replace("title: 与新华路街道社区党委开展结对共建回访",
                                       "title: 预览中修改的标题"), encoding="utf-8")
        wait_for("Documentation built in", 2)
        assert not any("Aborted" in line for line in lines), "".join(lines[-30:])
        assert any("页已重新生成" in line for line in lines)
        status, body = get(PAGE)
        assert status == 200 and "预览中修改的标题" in body
        record.write_text(good + '"<i>bad</i>": 1\n', encoding="utf-8")
        wait_for("Reloading browsers", 2)
        status, body = get(PAGE)
        assert status == 503 and f"{RECORD}:13" in body and "&lt;i&gt;bad&lt;/i&gt;" in body
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        reader.join(timeout=30)
        proc.stderr.close()
