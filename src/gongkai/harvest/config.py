"""The sources of a working committee's portal: ``harvest:`` in data/site.yaml, checked against
the site schema (handbook: federation.md#setup). A wrong configuration is a
:class:`~gongkai.core.errors.PortalError` (exit 2 on the command line), never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gongkai.core.errors import PortalError
from gongkai.report import formats
from gongkai.validate.filecheck import check_site_file
from gongkai.wording import Text

SITE_FILE = "data/site.yaml"


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    catalog: str


@dataclass(frozen=True)
class HarvestConfig:
    sources: tuple[Source, ...]
    language: str


def read_config(root: Path) -> HarvestConfig:
    path = root / SITE_FILE
    if not path.is_file():
        raise PortalError("error.no-site", data_dir="data")
    checked = check_site_file(path.read_bytes(), SITE_FILE)
    doc = checked.doc if isinstance(checked.doc, dict) else {}
    lang = "en" if doc.get("language") == "en" else "zh"
    errors = [f for f in checked.findings if f.severity == "error"]
    if errors:
        text = formats.text(errors, "zh").splitlines()[0]
        en = formats.text(errors, "en").splitlines()[0]
        raise PortalError("error.site-file", problem=Text(text, en))
    sources = tuple(Source(str(s["id"]), str(s["name"]), str(s["catalog"]))
                    for s in doc.get("harvest") or [])
    if not sources:
        raise PortalError("error.no-harvest")
    seen: set[str] = set()
    for source in sources:
        if source.id in seen:
            raise PortalError("error.harvest-twice", source=source.id)
        seen.add(source.id)
    return HarvestConfig(sources, lang)
