"""Versions of the data contract (handbook/docs/data.md, "从第 1 版迁移 Migrating from version 1").

Version 2 renamed an election's ``body`` (the body elected, an enum) to ``elected_body``, so that
``body`` is always the envelope's Markdown text. A version-1 portal still loads: one warning on
site.yaml, and each election's ``body`` is read as ``elected_body`` before the schema sees it.
"""

from __future__ import annotations

from typing import Any

from gongkai.core.findings import WARNING, Finding
from gongkai.load.loader import Loaded

CURRENT = 2
OLD_BODY, NEW_BODY = "body", "elected_body"


def version_of(site: dict[str, Any]) -> int:
    """The portal's contract version; anything unreadable counts as current (the schema of
    site.yaml reports it)."""
    value = site.get("schema_version")
    return 1 if value == 1 and not isinstance(value, bool) else CURRENT


def old_version(site: dict[str, Any], loaded: Loaded, file: str) -> list[Finding]:
    """The one warning a version-1 portal gets; it blocks nothing."""
    if version_of(site) == CURRENT:
        return []
    return [loaded.finding("schema/old-version", file, ("schema_version",), severity=WARNING,
                           version=1, current=CURRENT)]


def needs_rename(doc: Any) -> bool:
    """A version-1 election: ``body`` holds the body elected and ``elected_body`` is absent."""
    return (isinstance(doc, dict) and doc.get("kind") == "election" and OLD_BODY in doc
            and NEW_BODY not in doc)


def read_v1_election(doc: dict[str, Any], loaded: Loaded) -> None:
    """Read a version-1 election as version 2, in place: its ``body`` becomes ``elected_body``
    and keeps its line, so a finding about it points at the line the clerk wrote."""
    if not needs_rename(doc):
        return
    renamed = {(NEW_BODY if k == OLD_BODY else k): v for k, v in doc.items()}
    doc.clear()
    doc.update(renamed)
    for path in [p for p in loaded.lines if p[:1] == (OLD_BODY,)]:
        loaded.lines[(NEW_BODY, *path[1:])] = loaded.lines.pop(path)
