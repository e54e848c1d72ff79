"""Shared parts of the page-layout browser tests: the sample portal built for one audience and
served on 127.0.0.1, Debian's Chromium, and one page of each type."""

from __future__ import annotations

import contextlib
import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF = "2026-11-25"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 390, "height": 844}

# one page of every type: (audience, path). Petitions, training and vacancies are party-only
# in the sample.
PAGES: dict[str, tuple[str, str]] = {
    "home": ("public", "/"),
    "orgs": ("public", "/orgs/"),
    "org": ("public", "/orgs/treasury-general/"),
    "browse": ("public", "/browse/"),
    "listing": ("public", "/kinds/meeting/"),
    "dashboard": ("public", "/dashboard/"),
    "about": ("public", "/about/"),
    "not-found": ("public", "/404.html"),
    "appraisal": ("public", "/records/finance-committee/2026-02-25-organization-assessment/"),
    "contact": ("public", "/records/treasury-general/2026-04-23-service-units/"),
    "election": ("public", "/records/treasury-general/2025-06-19-election/"),
    "meeting": ("public", "/records/office-branch/2024-06-18-party-class/"),
    "notice": ("public", "/records/finance-committee/2026-06-16-commendation-notice/"),
    "plan": ("public", "/records/treasury-general/2026-02-26-annual-work-plan/"),
    "report": ("public", "/records/finance-committee/2024-12-24-party-building-report/"),
    "resolution": ("public", "/records/tax-policy-branch/2024-05-07-tax-lecture-brand/"),
    "petition": ("party", "/records/finance-committee/2026-01-07-petitions-h2/"),
    "training": ("party", "/records/treasury-general/2026-01-14-training/"),
    "vacancy": ("party", "/records/office-branch/2026-09-10-vacancy/"),
    "org-party": ("party", "/orgs/finance-committee/"),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


def build(site: Path, audience: str, root: Path = ROOT) -> Path:
    subprocess.run([sys.executable, "-m", "gongkai.cli", "--root", str(root), "build",
                    "--site-dir", str(site), "--as-of", AS_OF, "--audience", audience],
                   check=True, capture_output=True)
    return site


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """The built site over http on 127.0.0.1; yields its base URL."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield instance
        finally:
            instance.close()
