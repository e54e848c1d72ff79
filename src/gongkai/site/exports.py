"""Open data: the JSON and CSV twins of every listing, per kind and per organization, of all
records, and a catalog ``data/index.json``.

Every row comes from the audience's :class:`~gongkai.site.view.SiteView`, in the order its
listings use, so a twin holds exactly the rows its page shows. A value goes out only in the form
the record page shows it: a reference to a record outside the audience becomes ``null``, notice
names only while the page shows them, lifecycle entries only once they exist as of the build
date; a redacted withdrawal keeps only its id, title, dates and reason.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from gongkai.model.portal import Record
from gongkai.site import labels
from gongkai.site.i18n import t
from gongkai.site.pages import listing_title
from gongkai.site.portalcatalog import PortalCatalog
from gongkai.site.view import AXES, SiteView, record_src
from gongkai.validate import kinds

COMMON = ("id", "org", "kind", "type", "title", "title_en", "date", "published", "scope",
          "category", "year", "summary", "url", "withdrawn_date", "withdrawn_reason", "redacted")
REDACTED_KEEP = ("id", "org", "kind", "category", "title", "title_en", "date", "published",
                 "year", "url", "withdrawn_date", "withdrawn_reason", "redacted")
RECORD_ID_FIELDS = ("refs",)  # and every field shown as ``records`` (its schema's ``meta: show``)
COMPUTED = ("subjects_count",)  # export columns no schema field holds: made here
ALWAYS = ("refs", "tags", "attachments", "corrections")
# what makes a spreadsheet read a cell as a formula or a command (OWASP "CSV injection"):
# = + - @ tab CR at the start, also after white space or a line break, their full-width forms,
# and | and ; (DDE, separators); such a cell gets a leading quote
FORMULA_START = re.compile(r"[\s\u3000]*[=+\-@＝＋－＠|;]|[\t\r\n]")


@dataclass(frozen=True)
class OutFile:
    """A generated non-page file of the site and what the catalog says about it."""

    src_uri: str
    content: bytes
    title: str
    format: str
    rows: int


def twin_src(axis: str, key: str, ext: str) -> str:
    """Where the twin of the listing ``axis``/``key`` lives (one per listing, not per page)."""
    return f"data/{AXES[axis]}/{key}.{ext}"


def org_twin_src(org_id: str, ext: str) -> str:
    return f"data/orgs/{org_id}.{ext}"


def _stem(src_uri: str) -> str:
    return src_uri.rsplit(".", 1)[0]


def kind_fields(kind: str) -> tuple[str, ...]:
    """The kind's ``export`` columns (handbook: contributing.md#add-a-kind), then ``ALWAYS``."""
    found = kinds.get(kind)
    return _columns(found.export if found is not None else ())


@cache
def _columns(export: tuple[str, ...]) -> tuple[str, ...]:
    return (*export, *(f for f in ALWAYS if f not in export))


class Exporter:
    def __init__(self, view: SiteView, urls: dict[str, str], base_url: str | None) -> None:
        self.view = view
        self.urls = urls
        self.base = base_url.rstrip("/") + "/" if base_url else ""
        # a record is a row of five files (all, category, kind, year, organization): its row,
        # JSON text and CSV cells are made once
        self._rows: dict[str, dict[str, Any]] = {}
        self._json: dict[str, str] = {}
        self._cells: dict[tuple[str, str | None], list[str]] = {}

    def url(self, src_uri: str) -> str:
        """Absolute with site.yaml ``base_url``, else relative to the site's root."""
        return self.base + self.urls[src_uri]

    # -- one record ----------------------------------------------------------------------------
    def row(self, record: Record) -> dict[str, Any]:
        row = self._rows.get(record.id)
        if row is None:
            row = self._rows[record.id] = self._row(record)
        return row

    def _row(self, record: Record) -> dict[str, Any]:
        view = self.view
        withdrawn = view.withdrawn(record) or {}
        full: dict[str, Any] = {
            "id": record.id, "org": record.org, "kind": record.kind, "type": record.type_field(),
            "title": record.title, "title_en": record.data.get("title_en"),
            "date": record.date.isoformat(), "published": record.published.isoformat(),
            "scope": record.scope, "category": record.category, "year": record.year,
            "summary": record.data.get("summary"), "url": self.url(record_src(record.id)),
            "withdrawn_date": _day(withdrawn.get("date")),
            "withdrawn_reason": withdrawn.get("reason"), "redacted": view.redacted(record)}
        if view.redacted(record):
            return {k: full[k] for k in REDACTED_KEEP}
        for name in kind_fields(record.kind):
            full[name] = self.value(record, name)
        return full

    def value(self, record: Record, name: str) -> Any:
        """A column's value in the form the record page shows it: a field's ``meta: show`` in its
        schema file says which (handbook: contributing.md#add-a-kind)."""
        view, data = self.view, record.data
        kind = kinds.get(record.kind)
        shown = kind.shows.get(name) if kind is not None else None
        if name in RECORD_ID_FIELDS or shown == "records":
            value = data.get(name)
            if isinstance(value, list):
                return [x if view.visible(x) else None for x in value]
            return value if view.visible(value) else None
        if shown == "subjects":
            subjects = data.get(name) or []
            return list(map(str, subjects)) if view.names_shown(record) else None
        if name == "subjects_count":
            return len(data.get("subjects") or [])
        if shown == "progress":
            return _plain(view.dated(data.get(name)))
        if shown == "outcome":
            outcome = view.outcome(record)
            return _plain(outcome) if outcome else None
        if name == "corrections":
            return _plain(view.corrections(record))
        if name == "attachments":
            out = []
            for item in data.get("attachments") or []:
                src = f"records/{record.id}/{item.get('file')}"
                if src in self.urls:
                    out.append({"title": item.get("title"), "file": item.get("file"),
                                "url": self.url(src)})
            return out
        return _plain(data.get(name))

    # -- files -------------------------------------------------------------------------------
    def pair(self, base: str, title: str, records: list[Record], kind: str | None = None,
             ) -> list[OutFile]:
        columns = COMMON + (kind_fields(kind) if kind else ())
        return [OutFile(f"{base}.json", self.json_records(title, records), title, "json",
                        len(records)),
                OutFile(f"{base}.csv", self.csv_records(columns, records, kind), title, "csv",
                        len(records))]

    def json_doc(self, title: str, rows: list[dict[str, Any]]) -> bytes:
        doc = {"title": title, "site": self.view.site_name, "audience": self.view.audience,
               "as_of": self.view.as_of.isoformat(), "count": len(rows), "records": rows}
        return dumps(doc)

    def json_records(self, title: str, records: list[Record]) -> bytes:
        """``json_doc(title, rows)``, byte for byte, with each row's JSON text made once."""
        doc = {"title": title, "site": self.view.site_name, "audience": self.view.audience,
               "as_of": self.view.as_of.isoformat(), "count": len(records), "records": []}
        head, end = dumps(doc), b"[]\n}\n"  # "records" is the last key
        if not records or not head.endswith(end):
            return self.json_doc(title, [self.row(r) for r in records])
        texts = []
        for record in records:
            text = self._json.get(record.id)
            if text is None:
                text = self._json[record.id] = _indented(self.row(record), 2)
            texts.append(text)
        body = "[\n  " + ",\n  ".join(texts) + "\n ]\n}\n"
        return head[:-len(end)] + body.encode("utf-8")

    def csv_records(self, columns: tuple[str, ...], records: list[Record],
                    kind: str | None) -> bytes:
        """``csv_bytes(columns, rows)``, byte for byte, with each row's cells made once (per
        set of columns: the common ones, or those of a kind's files)."""
        lines = []
        for record in records:
            key = (record.id, kind)
            cells = self._cells.get(key)
            if cells is None:
                row = self.row(record)
                cells = self._cells[key] = [cell(row.get(name)) for name in columns]
            lines.append(cells)
        return _csv(columns, lines)

    def files(self) -> list[OutFile]:
        view, lang = self.view, self.view.lang
        out = self.pair("data/all", t("data.all", lang), list(view.newest_first(
            view.records.values())))
        axes: tuple[tuple[str, dict[str, list[Record]], Iterable[str]], ...] = (
            ("category", view.by_category, labels.categories()),
            ("kind", view.by_kind, kinds.names()), ("year", view.by_year, ()))
        for axis, index, known in axes:
            # every known category and kind gets its files, empty when the audience has none
            for key in sorted(set(index) | set(known)):
                out += self.pair(_stem(twin_src(axis, key, "json")), listing_title(axis, key, lang),
                                 index.get(key, []), key if axis == "kind" else None)
        for org_id in view.orgs:
            out += self.pair(_stem(org_twin_src(org_id, "json")), view.org_name(org_id),
                             view.by_org.get(org_id, []))
        return out


def catalog(exporter: Exporter, files: Iterable[OutFile]) -> OutFile:
    """The portal catalog (site/portalcatalog.py) with the list of the open-data files."""
    view = exporter.view
    items = [{"path": f.src_uri, "title": f.title, "format": f.format, "rows": f.rows}
             for f in sorted(files, key=lambda f: f.src_uri)]
    title = t("data.catalog", view.lang)
    doc = PortalCatalog(view, exporter.url, exporter.base).document(title, items)
    return OutFile("data/index.json", dumps(doc), title, "json", len(items))


def dumps(doc: Any) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _indented(value: Any, level: int) -> str:
    """``value`` as :func:`dumps` writes it at nesting ``level`` of a document (JSON strings
    never hold a raw newline, so every newline in the text starts an indented line)."""
    text = json.dumps(value, ensure_ascii=False, indent=1)
    return text.replace("\n", "\n" + " " * level)


def csv_bytes(columns: Iterable[str], rows: list[dict[str, Any]]) -> bytes:
    """UTF-8 with a BOM (spreadsheets then read Chinese right), CRLF, RFC 4180 quoting."""
    names = list(columns)
    return _csv(names, [[cell(row.get(name)) for name in names] for row in rows])


def _csv(names: Iterable[str], lines: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(list(names))
    writer.writerows(lines)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def cell(value: Any) -> str:
    """One CSV cell. Text that a spreadsheet would run as a formula gets a leading quote."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    return "'" + text if FORMULA_START.match(text) else text


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _day(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None
