"""The federation contract (handbook: federation.md#catalog): the version and JSON Schema of the
portal catalog ``data/index.json``, which the site writes (gongkai.site.portalcatalog) and
``gongkai harvest`` reads (gongkai.harvest.validate); its own module so that neither imports the
other for it (handbook: contributing.md#flow)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

CATALOG_VERSION = 1
SCHEMA_FILE = Path(__file__).resolve().parent / "portal-catalog.schema.json"


@cache
def catalog_schema() -> dict[str, Any]:
    """The JSON Schema of the catalog, shipped in the package (``gongkai schema`` exports it)."""
    doc: dict[str, Any] = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return doc
