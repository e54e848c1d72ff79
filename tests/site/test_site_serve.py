"""``gongkai serve`` rebuilds only the pages whose content changed, and the folder it serves is
then the same, byte for byte, as a full build of the same data (site/incremental.py).

Real ``gongkai serve`` processes on 127.0.0.1: the folder mkdocs serves from is found in the
process's own temporary folder and read while the server runs."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sitekit

AS_OF = "2026-11-25"
REBUILT = re.compile(r"(\d+) / (\d+) 页已重新生成")
TITLE_FILE = "data/orgs/budget-branch/2026/2026-04-16-twinning.yaml"


class Serve:
    """A running ``gongkai serve``; ``wait_build()`` waits for the next build to finish."""

    def __init__(self, root: Path, tmp: Path, port: int, *options: str, **shell: str) -> None:
        """``options``: the command line's, default ``--as-of AS_OF``; ``shell``: variables the
        user's shell holds."""
        tmp.mkdir(parents=True)
        self.tmp = tmp
        self.lines: list[str] = []
        self.builds: list[tuple[int, int]] = []  # (pages rebuilt, pages) per build
        self.watching = False  # edits before the server watches would go unseen
        self.done = threading.Condition()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "--root", str(root), "serve",
             *(options or ("--as-of", AS_OF)), "--dev-addr", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8",
            env=sitekit.environment(TMPDIR=str(tmp), **shell))
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        pending: tuple[int, int] | None = None
        for line in self.proc.stderr:
            with self.done:
                self.lines.append(line)
                found = REBUILT.search(line)
                if found:
                    pending = (int(found.group(1)), int(found.group(2)))
                self.watching = self.watching or "Serving on http" in line
                if "Documentation built in" in line and pending is not None:
                    self.builds.append(pending)
                    pending = None
                self.done.notify_all()

    def wait_build(self, count: int, seconds: float = 120) -> tuple[int, int]:
        with self.done:
            if not self.done.wait_for(lambda: len(self.builds) >= count and self.watching,
                                      timeout=seconds):
                raise AssertionError("no build finished:\n" + "".join(self.lines[-40:]))
            return self.builds[count - 1]

    def served(self) -> dict[str, bytes]:
        folders = [p for p in self.tmp.iterdir() if p.name.startswith("mkdocs_")]
        assert len(folders) == 1, folders
        return {str(p.relative_to(folders[0])): p.read_bytes()
                for p in sorted(folders[0].rglob("*")) if p.is_file()}

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.reader.join(timeout=30)
        assert self.proc.stderr is not None
        self.proc.stderr.close()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    root.mkdir()
    shutil.copytree(sitekit.REPO / "data", root / "data")
    sitekit.copy_site(root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    time.sleep(0.3)  # one change at a time for the watcher


def differences(got: dict[str, bytes], want: dict[str, bytes]) -> list[str]:
    return sorted(k for k in got.keys() | want.keys() if got.get(k) != want.get(k))


def test_an_edit_rebuilds_only_the_pages_it_changes(sample: Path, tmp_path: Path) -> None:
    port = free_port()
    session = Serve(sample, tmp_path / "a", port)
    try:
        rebuilt, total = session.wait_build(1)
        assert rebuilt == total > 150  # the first build of a session builds everything
        record = sample / TITLE_FILE
        title = re.search(r"^title: (.+)$", record.read_text("utf-8"), re.M)
        assert title is not None
        edit(record, title.group(0), "title: 预览中修改的标题")
        rebuilt, total = session.wait_build(2)
        assert 1 < rebuilt < total / 5, (rebuilt, total)  # the record, its org, listings, home
        page = session.served()["records/budget-branch/2026-04-16-twinning/index.html"]
        assert "预览中修改的标题".encode() in page
        assert title.group(1).encode() not in page
        index = "".join(v.decode("utf-8") for k, v in session.served().items()
                        if k.startswith("search/d/"))  # the titles of the search results
        assert index.count("预览中修改的标题") >= 1 and title.group(1) not in index

        gone = sample / "data/orgs/tax-policy-branch/2026/2026-10-22-community-volunteer.yaml"
        assert gone.is_file()
        gone.unlink()
        rebuilt, total = session.wait_build(3)
        assert rebuilt < total / 5
        assert not any(k.startswith("records/tax-policy-branch/2026-10-22-community-volunteer/")
                       for k in session.served())
        incremental = session.served()
    finally:
        session.stop()
    fresh = Serve(sample, tmp_path / "b", port)  # same port: same URLs in the sitemap
    try:
        rebuilt, total = fresh.wait_build(1)
        assert rebuilt == total
        assert differences(incremental, fresh.served()) == []
    finally:
        fresh.stop()


def test_the_command_line_decides_what_serve_builds(sample: Path, tmp_path: Path) -> None:
    """``serve`` hands its options to the plugin as ``build`` does (site/config.py): an as-of day
    or audience left in the shell does not reach the site; without --as-of it is today's."""
    from gongkai.check.run import today_in

    before = today_in("Asia/Shanghai").isoformat()
    session = Serve(sample, tmp_path / "a", free_port(), "--audience", "party",
                    GONGKAI_AS_OF="2025-06-30", GONGKAI_AUDIENCE="public")
    try:
        session.wait_build(1)
        served = session.served()
    finally:
        session.stop()
    after = today_in("Asia/Shanghai").isoformat()
    home = served["index.html"].decode("utf-8")
    assert f"数据截至 {before}" in home or f"数据截至 {after}" in home
    assert served[".gongkai-audience"].decode().strip() == "party"


def test_a_site_wide_change_rebuilds_everything(sample: Path, tmp_path: Path) -> None:
    session = Serve(sample, tmp_path / "a", free_port())
    try:
        session.wait_build(1)
        site = sample / "data" / "site.yaml"
        name = re.search(r"^name: (.+)$", site.read_text("utf-8"), re.M)
        assert name is not None
        edit(site, name.group(0), "name: 改名后的机关党务公开")
        rebuilt, total = session.wait_build(2)
        assert rebuilt == total  # the site name is in every page's header
        assert "改名后的机关党务公开".encode() in session.served()["records/budget-branch/"
                                                         "2026-04-16-twinning/index.html"]
    finally:
        session.stop()


def test_a_failed_build_makes_the_next_one_full() -> None:
    """A build can fail after it chose its pages and wrote only some: the next is full (a
    session's first build, with no fingerprint, rebuilds everything: the tests above)."""
    from gongkai.site.plugin import GongkaiPlugin

    plugin = GongkaiPlugin()
    plugin.on_startup(command="serve", dirty=True)
    plugin.incremental.fingerprint = "as after a build"
    try:
        plugin.on_build_error(error=RuntimeError("a page failed"))
        assert plugin.incremental.fingerprint is None
    finally:
        plugin.on_startup(command="build", dirty=False)  # no session state left in this process
