"""Which changes to a published record need a ``corrections`` entry (handbook:
data.md#changes).

Documents are compared as parsed and prepared (quoted dates read as dates, default categories
applied), so comments, quoting, key order and layout are never content. Lifecycle updates need no
correction: appending to ``progress``, ``rectification``, ``cases`` and ``corrections``; setting
``outcome``, ``filled``, ``informed``, ``postponement`` and ``withdrawn`` where they were not set;
changing a rectification item's or a case's status. A case's ``handled_on`` goes with its status,
and a petition's ``handled``/``pending`` counts move with its cases, so they are lifecycle too.
The envelope's ``lifecycle:`` and each kind's ``kind: lifecycle`` in their schema files say so
(:mod:`gongkai.validate.kinds`, handbook: contributing.md#add-a-kind).
"""

from __future__ import annotations

from typing import Any

from gongkai.core.findings import Path
from gongkai.validate import kinds

_MISSING = object()

def content_changes(old: dict[str, Any], new: dict[str, Any]) -> list[Path]:
    """The field paths where ``new`` changed ``old`` beyond its lifecycle, first difference each."""
    kind = old.get("kind") if old.get("kind") == new.get("kind") else None
    envelope = kinds.registry().envelope
    own = kinds.get(kind) if isinstance(kind, str) else None
    lifecycle = own.lifecycle if own is not None else kinds.Lifecycle()
    appended = {**envelope.appended, **lifecycle.appended}
    set_once = envelope.set_once | lifecycle.set_once
    free = lifecycle.free
    changed = []
    for key in [*new, *(k for k in old if k not in new)]:
        before, after = old.get(key, _MISSING), new.get(key, _MISSING)
        if key in free:
            continue
        if key in appended:
            where = _appended_difference(before, after, appended[key], (key,))
        elif key in set_once and before in (_MISSING, None):
            where = None
        else:
            where = first_difference(before, after, (key,))
        if where is not None:
            changed.append(where)
    return changed


def has_new_correction(old: dict[str, Any], new: dict[str, Any]) -> bool:
    before, after = _list(old.get("corrections")), _list(new.get("corrections"))
    return len(after) > len(before)


def first_difference(before: Any, after: Any, path: Path = ()) -> Path | None:
    """The path of the first difference, or None. ``1``, ``1.0`` and ``True`` differ."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*after, *(k for k in before if k not in after)]:
            where = first_difference(before.get(key, _MISSING), after.get(key, _MISSING),
                                     (*path, key))
            if where is not None:
                return where
        return None
    if isinstance(before, list) and isinstance(after, list):
        for index in range(max(len(before), len(after))):
            where = first_difference(before[index] if index < len(before) else _MISSING,
                                     after[index] if index < len(after) else _MISSING,
                                     (*path, index))
            if where is not None:
                return where
        return None
    if type(before) is not type(after) or before != after:
        return path
    return None


def _appended_difference(before: Any, after: Any, mutable: frozenset[str],
                         path: Path) -> Path | None:
    """Items may be added at the end; items already there may change only ``mutable`` keys."""
    if before in (_MISSING, None):
        return None
    if not isinstance(before, list) or not isinstance(after, list):
        return first_difference(before, after, path)
    if len(after) < len(before):
        return (*path, len(after))
    for index, item in enumerate(before):
        where = first_difference(_without(item, mutable), _without(after[index], mutable),
                                 (*path, index))
        if where is not None:
            return where
    return None


def _without(item: Any, keys: frozenset[str]) -> Any:
    return {k: v for k, v in item.items() if k not in keys} if isinstance(item, dict) else item


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
