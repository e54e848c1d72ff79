"""The committee's harvested data: ``harvest/`` at the portal's root, beside ``data/`` (so it is
never taken for a record) (handbook: federation.md#harvest).

- ``harvest/<id>.json``: the last good copy of a source's catalog, exactly as received;
- ``harvest/state.json``: per source its name, catalog URL, ``status`` (``ok`` fresh from this
  run, ``stale`` this run failed and the last good copy stays, ``failed`` no good copy at all),
  ``fetched`` (when the copy was last confirmed), ``checked`` (the last attempt), ``etag``,
  ``last_modified``, ``error`` and ``detail``.

Files are replaced atomically (written beside, then renamed): a run that stops half-way leaves
the previous copies whole.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

FOLDER = "harvest"
STATE = "state.json"


def folder(root: Path) -> Path:
    return root / FOLDER


def copy_path(root: Path, source_id: str) -> Path:
    return folder(root) / f"{source_id}.json"


def read_state(root: Path) -> dict[str, dict[str, Any]]:
    """The state of every source ever harvested; an unreadable file is an empty state."""
    try:
        doc = json.loads((folder(root) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    sources = doc.get("sources") if isinstance(doc, dict) else None
    return {str(k): v for k, v in sources.items() if isinstance(v, dict)} \
        if isinstance(sources, dict) else {}


def write_state(root: Path, state: dict[str, dict[str, Any]]) -> None:
    text = json.dumps({"sources": dict(sorted(state.items()))}, ensure_ascii=False, indent=1,
                      sort_keys=True) + "\n"
    _replace(folder(root) / STATE, text.encode("utf-8"))


def read_copy(root: Path, source_id: str) -> dict[str, Any] | None:
    try:
        doc = json.loads(copy_path(root, source_id).read_bytes())
    except (OSError, ValueError):
        return None
    return doc if isinstance(doc, dict) else None


def write_copy(root: Path, source_id: str, body: bytes) -> None:
    _replace(copy_path(root, source_id), body)


def _replace(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)
