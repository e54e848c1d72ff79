"""The portal catalog ``data/index.json`` (handbook: federation.md#catalog): the portal's
identity, its organizations, its records, its compliance status, and the list of its open-data
files, for a working committee's ``gongkai harvest``.

Everything comes from the audience's :class:`~gongkai.site.view.SiteView`: a record outside the
audience is never named (a status row pointing at one says ``null``). The build time is the
as-of day at midnight UTC, the same instant as ``SOURCE_DATE_EPOCH``, so the same input and
as-of date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import metadata
from typing import Any
from urllib.parse import urlsplit

from gongkai.core.federation import CATALOG_VERSION
from gongkai.model.portal import Record
from gongkai.site.view import SiteView, org_src, record_src


def portal_id(site: dict[str, Any]) -> str:
    """site.yaml ``id``; else the base URL's host and path (``dangwu.example.gov.cn/czj``);
    else the root organization's id."""
    if site.get("id"):
        return str(site["id"])
    base = site.get("base_url")
    if base:
        parts = urlsplit(str(base))
        return (parts.netloc + parts.path).rstrip("/")
    return str(site.get("root") or "portal")


def global_id(pid: str, record_id: str) -> str:
    return f"{pid}:{record_id}"


@cache
def gongkai_version() -> str:
    try:
        return metadata.version("gongkai")
    except metadata.PackageNotFoundError:
        return "0"


def modified(view: SiteView, record: Record) -> dt.date:
    """The last day the record changed as of the build: published, corrected, withdrawn, or a
    progress or outcome entry added."""
    days = [record.published] + [c["date"] for c in view.corrections(record)]
    withdrawn = view.withdrawn(record)
    if withdrawn:
        days.append(withdrawn["date"])
    days += [i["date"] for i in view.dated(record.data.get("progress"))]
    outcome = record.data.get("outcome")
    days += [i["date"] for i in view.dated([outcome] if outcome else [])]
    return max(d for d in days if isinstance(d, dt.date))


class PortalCatalog:
    def __init__(self, view: SiteView, url: Any, base: str) -> None:
        self.view = view
        self.url = url  # src_uri -> URL, absolute with the base URL
        self.base = base
        self.pid = portal_id(view.portal.site)

    def identity(self) -> dict[str, Any]:
        view, site = self.view, self.view.portal.site
        root = view.portal.orgs.get(str(site.get("root")))
        built = dt.datetime(view.as_of.year, view.as_of.month, view.as_of.day,
                            tzinfo=dt.timezone.utc)
        return {"id": self.pid, "name": str(site.get("name") or ""),
                "name_en": site.get("name_en"),
                "department": (root.data.get("department") if root else None),
                "root": site.get("root"), "base_url": self.base or None,
                "audience": view.audience, "language": view.lang,
                "built": built.isoformat().replace("+00:00", "Z"),
                "as_of": view.as_of.isoformat(), "generator": f"gongkai {gongkai_version()}"}

    def organizations(self) -> list[dict[str, Any]]:
        out = []
        for org_id, org in self.view.orgs.items():
            out.append({"id": org_id, "name": org.name, "name_en": org.data.get("name_en"),
                        "type": org.type, "parent": org.parent,
                        "department": org.data.get("department"),
                        "status": "revoked" if self.view.revoked(org_id) else "active",
                        "url": self.url(org_src(org_id))})
        return out

    def records(self) -> list[dict[str, Any]]:
        view, out = self.view, []
        for record in view.records.values():
            withdrawn = view.withdrawn(record)
            out.append({"id": global_id(self.pid, record.id), "org": record.org,
                        "kind": record.kind, "type": record.type_field(),
                        "title": record.title, "title_en": record.data.get("title_en"),
                        "date": record.date.isoformat(),
                        "published": record.published.isoformat(),
                        "modified": modified(view, record).isoformat(),
                        "withdrawn": withdrawn["date"].isoformat() if withdrawn else None,
                        "url": self.url(record_src(record.id))})
        return out

    def compliance(self) -> list[dict[str, Any]]:
        view, out = self.view, []
        for row in view.status:
            period = row.get("period")
            if isinstance(period, str) and period in view.portal.records:
                # a record rule's period is the record's id: named only when visible
                period = self._record(period)
            out.append({"org": row.get("org"), "rule": row.get("rule"), "period": period,
                        "status": row.get("status"), "due": row.get("due"),
                        "citation": row.get("citation"),
                        "record": self._record(row.get("record"))})
        return out

    def _record(self, record_id: Any) -> str | None:
        record = self.view.visible(record_id)
        return global_id(self.pid, record.id) if record is not None else None

    def document(self, title: str, files: list[dict[str, Any]]) -> dict[str, Any]:
        """The whole catalog; ``title``, ``site``, ``audience``, ``as_of`` and ``files`` are
        the file list every portal published before version 1, kept as they were."""
        view = self.view
        return {"catalog_version": CATALOG_VERSION, "title": title, "site": view.site_name,
                "audience": view.audience, "as_of": view.as_of.isoformat(),
                "portal": self.identity(), "organizations": self.organizations(),
                "records": self.records(), "compliance": self.compliance(), "files": files}
