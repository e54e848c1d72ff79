"""``gongkai serve`` while the data is broken (site/preview.py): a real serve process on 127.0.0.1
answers every request at once with the findings (file:line, message, escaped), in Chinese or, with
``--lang en``, English; the page carries livereload's poller, which answers when the data is
fixed, and the site is then served again."""

from __future__ import annotations

import http.client
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
RECORD = "data/orgs/budget-branch/2026/2026-04-16-twinning.yaml"
PAGE = "/records/budget-branch/2026-04-16-twinning/"
BAD = '"<i>bad</i>": 1\n'


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    root.mkdir()
    shutil.copytree(sitekit.REPO / "data", root / "data")
    sitekit.copy_site(root)
    return root


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Serve:
    """A running ``gongkai serve``; its log lines are collected."""

    def __init__(self, root: Path, port: int, *extra: str) -> None:
        self.port = port
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "--root", str(root), "serve", "--as-of", AS_OF,
             "--dev-addr", f"127.0.0.1:{port}", *extra], stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True, encoding="utf-8", env=sitekit.environment())
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    def wait_for(self, text: str, count: int = 1, seconds: float = 400) -> None:
        deadline = time.monotonic() + seconds
        while sum(text in line for line in self.lines) < count:
            assert time.monotonic() < deadline and self.proc.poll() is None, "".join(self.lines[-30:])
            time.sleep(0.1)

    def get(self, path: str, timeout: float = 20) -> tuple[int, str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.headers["Content-Type"], response.read().decode()
        finally:
            conn.close()

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)
        self.reader.join(timeout=30)
        assert self.proc.stderr is not None
        self.proc.stderr.close()


def break_and_check(session: Serve, record: Path, heading: str) -> str:
    """Break the record; every URL answers at once with the findings page. Its epoch."""
    record.write_text(record.read_text("utf-8") + BAD, encoding="utf-8")
    session.wait_for("Reloading browsers")  # the failed build is over: browsers reload
    for path in ("/", PAGE, "/search/index.json", "/no-such-page/"):
        status, kind, body = session.get(path)
        assert (status, kind) == (503, "text/html; charset=utf-8"), path
        assert heading in body
        assert f"{RECORD}:13" in body
        assert "&lt;i&gt;bad&lt;/i&gt;" in body and "<i>bad</i>" not in body
    epoch = re.search(r"livereload\((\d+),", body) or re.search(r"/livereload/(\d+)", body)
    assert epoch, body[-600:]
    return epoch.group(1)


def test_broken_data_shows_the_findings_and_reloads_when_fixed(sample: Path) -> None:
    session = Serve(sample, free_port())
    try:
        session.wait_for("Serving on http")
        assert session.get(PAGE)[0] == 200
        record = sample / RECORD
        good = record.read_text("utf-8")
        epoch = break_and_check(session, record, "数据有错误，预览已暂停")
        reloaded: list[str] = []
        poll = threading.Thread(target=lambda: reloaded.append(
            session.get(f"/livereload/{epoch}/1", timeout=120)[2]))
        poll.start()
        time.sleep(1)
        assert reloaded == []  # the poller waits while the data is broken
        record.write_text(good, encoding="utf-8")
        poll.join(timeout=180)
        assert reloaded and int(reloaded[0]) > int(epoch)
        status, kind, body = session.get(PAGE)
        assert status == 200 and "与新华路街道社区党委开展结对共建回访" in body
    finally:
        session.stop()


def test_the_findings_page_in_english(sample: Path) -> None:
    session = Serve(sample, free_port(), "--lang", "en")
    try:
        session.wait_for("Serving on http")
        body = break_and_check(session, sample / RECORD, "The data has errors")
        assert body
        assert "unknown field" in session.get("/")[2].lower()
    finally:
        session.stop()


def test_started_on_broken_data_shows_the_findings_until_fixed(sample: Path) -> None:
    record = sample / RECORD
    good = record.read_text("utf-8")
    record.write_text(good + BAD, encoding="utf-8")
    session = Serve(sample, free_port())
    try:
        session.wait_for("改正并保存后开始预览")
        status, kind, body = session.get(PAGE, timeout=60)  # the server is up before that line
        assert (status, kind) == (503, "text/html; charset=utf-8"), "".join(session.lines[-30:])
        assert "数据有错误，预览已暂停" in body and f"{RECORD}:13" in body
        assert "&lt;i&gt;bad&lt;/i&gt;" in body and '<meta http-equiv="refresh" content="2">' in body
        record.write_text(good, encoding="utf-8")
        session.wait_for("Serving on http")  # the preview took over the same address
        status, _, body = session.get(PAGE, timeout=60)
        assert status == 200 and "与新华路街道社区党委开展结对共建回访" in body, "".join(session.lines[-30:])
    finally:
        session.stop()
