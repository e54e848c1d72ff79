"""Hostile input, round two (issue 12), at build time: far-future dates, litter of killed builds,
output folders that cannot be written. See handbook/docs/security.md, "Hostile input"."""

from __future__ import annotations

from pathlib import Path

import sitekit

import portal_kit
from portal_kit import record_path, write
from test_hostile import FAR_NOTICE, FAR_RESOLUTION, FAR_WINDOW

AS_OF = "2026-06-30"


def far_future_site(root: Path) -> Path:
    sitekit.new_portal(root, portal_kit.SITE + 'base_url: "https://dangwu.example.gov.cn/"\n')
    write(record_path(root, "2025-04-09-long-trial"), FAR_RESOLUTION)
    write(record_path(root, "9999-12-31-notice"), FAR_NOTICE)
    write(record_path(root, "2025-06-03-notice"), FAR_WINDOW)
    return root


def test_far_future_dates_build_and_reach_the_calendar(tmp_path: Path) -> None:
    root = far_future_site(tmp_path / "portal")
    site = tmp_path / "site"
    done = sitekit.gongkai(root, "build", "--audience", "party", "--site-dir", str(site),
                           "--as-of", AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    ics = (site / "calendar.ics").read_bytes().decode("utf-8")
    # a consultation open until the calendar's last day ends there (DTEND is exclusive)
    assert "DTSTART;VALUE=DATE:20250320\r\nDTEND;VALUE=DATE:99991231\r\n" in ics
    # a one-day notice on the last day has no DTEND at all (RFC 5545: one day)
    assert "DTSTART;VALUE=DATE:99991231\r\nSUMMARY:" in ics
    assert "long-trial" in (site / "feed.xml").read_text(encoding="utf-8")


def test_builds_remove_what_killed_builds_left(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    root = sitekit.new_portal(tmp_path / "portal")
    site = tmp_path / "out" / "site"
    # a build killed once its temporary folder exists (here, while mkdocs runs)
    proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "--root", str(root), "build",
                             "--site-dir", str(site), "--as-of", AS_OF], cwd=root,
                            env=sitekit.environment(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while not list(site.parent.glob("site.building-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    leftovers = list(site.parent.glob("site.building-*"))
    assert leftovers, "the killed build left its folder"
    (site.parent / "site.building-old-version").mkdir()  # a folder of an older gongkai
    done = sitekit.gongkai(root, "build", "--site-dir", str(site), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_site_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    root = sitekit.new_portal(tmp_path / "portal")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for lang, start in (("zh", "gongkai: 无法写入网站目录"), ("en", "gongkai: the site folder")):
        done = sitekit.gongkai(root, "build", "--site-dir", str(blocker / "site"), "--as-of",
                               AS_OF, "--lang", lang)
        assert done.returncode == 2 and done.stdout == ""
        assert done.stderr.startswith(start) and done.stderr.count("\n") == 1, done.stderr


def test_serve_on_a_busy_port_is_one_line(tmp_path: Path) -> None:
    import socket

    root = sitekit.new_portal(tmp_path / "portal")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        for lang, start in (("zh", "gongkai: 无法在 127.0.0.1:"), ("en", "gongkai: cannot serve")):
            done = sitekit.gongkai(root, "serve", "--dev-addr", f"127.0.0.1:{port}",
                                   "--as-of", AS_OF, "--lang", lang)
            assert done.returncode == 2, done.stderr
            last = done.stderr.splitlines()[-1]
            assert last.startswith(start) and "Traceback" not in done.stderr, done.stderr
