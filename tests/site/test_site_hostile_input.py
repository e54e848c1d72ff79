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
