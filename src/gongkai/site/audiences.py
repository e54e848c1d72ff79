"""The two audiences never collide (handbook/docs/site.md, "两个受众 Two audiences").

- Each audience has its own default folder: ``site/`` (public) and ``site-party/`` (party).
- A build writes its audience into the folder (``MARKER``) and ``gongkai build`` refuses to
  replace a folder built for the other audience unless ``--force``: one missing flag must not put
  party records where the public site is published from.
- Every absolute URL of a party build (canonical links, sitemap, feeds, calendar, open data)
  uses site.yaml ``party_base_url``; without it they are relative, never the public host.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

AUDIENCES = ("public", "party")
DEFAULT_DIRS = {"public": "site", "party": "site-party"}
MARKER = ".gongkai-audience"


def default_site_dir(root: Path, audience: str) -> Path:
    return root / DEFAULT_DIRS[audience]


def base_url(site: dict[str, Any], audience: str) -> str | None:
    """The URL every absolute link of this audience's site starts with, or None."""
    value = site.get("party_base_url" if audience == "party" else "base_url")
    return str(value).rstrip("/") + "/" if value else None


def write_marker(site_dir: Path, audience: str) -> None:
    (site_dir / MARKER).write_text(audience + "\n", encoding="utf-8")


def built_for(site_dir: Path) -> str | None:
    """The audience a built site folder was made for: its marker, else (a site built before
    markers existed) what its open-data catalog says; None when it cannot tell."""
    marker = site_dir / MARKER
    value: str | None
    try:
        value = marker.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeError):
        value = _from_catalog(site_dir)
    return value if value in AUDIENCES else None


def _from_catalog(site_dir: Path) -> str | None:
    import json

    try:
        doc = json.loads((site_dir / "data" / "index.json").read_text(encoding="utf-8"))
    except (OSError, UnicodeError, ValueError):
        return None
    value = doc.get("audience") if isinstance(doc, dict) else None
    return value if isinstance(value, str) else None
