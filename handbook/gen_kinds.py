"""The handbook's table of kinds, filled in at build time from the kind registry (a MkDocs hook,
see mkdocs.yml): the marker line ``<!-- gen:kinds -->`` becomes one row per kind, in the
registry's order, with its name, the articles it serves, a link to its section and its default
category (:mod:`gongkai.validate.kinds`, handbook: contributing.md#add-a-kind).
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.validate import kinds
from gongkai.validate.schemas import load_schema

MARKER = re.compile(r"^<!-- gen:kinds -->$", re.MULTILINE)


def kinds_table() -> str:
    rows = ["| kind | 类型 | articles | fields | default category |", "|---|---|---|---|---|"]
    for kind in kinds.registry().kinds.values():
        category = load_schema(kind.name).default_category
        rows.append(f"| `{kind.name}` | {kind.noun[0]} | {kind.articles} | "
                    f"[{kind.name}](#{kind.name}) | {f'`{category}`' if category else ''} |")
    return "\n".join(rows)


def on_page_markdown(markdown: str, **_: Any) -> str:
    """MkDocs hook: fill in the marker of the page."""
    return MARKER.sub(lambda _: kinds_table(), markdown)
