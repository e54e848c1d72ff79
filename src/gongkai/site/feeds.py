"""Atom feeds of new disclosures: ``feed.xml`` for the whole site and ``orgs/<org>/feed.xml`` per
organization, from the audience's view only.

Deterministic: entries are ordered by ``published`` then id, ``updated`` is the published date
(never the build time). Links are absolute with site.yaml ``base_url``, otherwise relative to the
feed file. The XML is built with :mod:`xml.etree`, which escapes every text and attribute.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from typing import Any

from gongkai.model.portal import Record
from gongkai.site.ctx import relative_url
from gongkai.site.exports import OutFile
from gongkai.site.i18n import t
from gongkai.site.portalcatalog import portal_id
from gongkai.site.view import SiteView, record_src

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
# characters XML 1.0 cannot carry at all (YAML's double-quoted "\x01" can produce them)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_src(org_id: str | None = None) -> str:
    return f"orgs/{org_id}/feed.xml" if org_id else "feed.xml"


def newest_published(records: Any, limit: int = LIMIT) -> list[Record]:
    return sorted(records, key=lambda r: (r.published, r.id), reverse=True)[:limit]


class FeedWriter:
    def __init__(self, view: SiteView, urls: dict[str, str], base_url: str | None) -> None:
        self.view = view
        self.urls = urls
        self.base = base_url.rstrip("/") + "/" if base_url else ""
        self.pid = portal_id(view.portal.site)

    def link(self, site_url: str, feed_path: str) -> str:
        if self.base:
            return self.base + site_url
        return relative_url(site_url or ".", feed_path)

    def entry_id(self, record: Record) -> str:
        if self.base:
            return self.base + self.urls[record_src(record.id)]
        # RFC 4151 tag URI: stable without a base URL (the record id never changes), unique
        # across a city's portals by the portal id (handbook: federation.md#catalog)
        return f"tag:gongkai,{record.published.isoformat()}:{self.pid}:{record.id}"

    def feed(self, org_id: str | None) -> OutFile:
        view, lang = self.view, self.view.lang
        src = feed_src(org_id)
        records = view.by_org.get(org_id, []) if org_id else list(view.records.values())
        entries = newest_published(records)
        title = view.site_name if org_id is None else f"{view.org_name(org_id)} - {view.site_name}"
        root = ET.Element("feed", {"xmlns": ATOM, "xml:lang": "en" if lang == "en" else "zh-CN"})
        _text(root, "title", title)
        _text(root, "subtitle", t("feed.subtitle", lang))
        home = self.urls.get(f"orgs/{org_id}.md", "") if org_id else ""
        ET.SubElement(root, "link", {"rel": "alternate", "type": "text/html",
                                     "href": self.link(home, src)})
        if self.base:
            ET.SubElement(root, "link", {"rel": "self", "type": "application/atom+xml",
                                         "href": self.base + src})
            _text(root, "id", self.base + src)
        else:
            _text(root, "id", f"tag:gongkai,{view.as_of.year}:{self.pid}:{src}")
        newest = entries[0].published if entries else view.as_of
        _text(root, "updated", _stamp(newest))
        author = ET.SubElement(root, "author")
        _text(author, "name", view.site_name)
        _text(root, "generator", "gongkai")
        for record in entries:
            self._entry(root, record, src)
        ET.indent(root)
        xml = ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
        return OutFile(src, xml, title, "atom", len(entries))

    def _entry(self, root: ET.Element, record: Record, src: str) -> None:
        view = self.view
        entry = ET.SubElement(root, "entry")
        title = view.title(record)
        withdrawn = view.withdrawn(record)
        if withdrawn:
            title = f"{title}（{t('withdrawn_tag', view.lang)}）"
        _text(entry, "title", title)
        ET.SubElement(entry, "link", {"rel": "alternate", "type": "text/html",
                                      "href": self.link(self.urls[record_src(record.id)], src)})
        _text(entry, "id", self.entry_id(record))
        _text(entry, "published", _stamp(record.published))
        _text(entry, "updated", _stamp(record.published))
        ET.SubElement(entry, "category", {"term": record.category})
        if withdrawn:
            reason = str(withdrawn.get("reason") or "")
            _text(entry, "summary", t("rec.withdrawn", view.lang,
                                      date=withdrawn["date"].isoformat()) + reason)
        elif record.data.get("summary"):
            _text(entry, "summary", str(record.data["summary"]))

    def files(self) -> list[OutFile]:
        return [self.feed(None)] + [self.feed(o) for o in self.view.orgs]


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("", text)
    return element


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"
