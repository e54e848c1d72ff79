"""The validated portal: organizations and records, indexed once, read by rules and the site.

Only files without errors enter the model; rendering and rules never re-validate.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from gongkai.load.loader import Loaded
from gongkai.model import asof
from gongkai.validate import kinds

SCOPES = ("public", "party", "unit", "specific")
AUDIENCE_SCOPES = {"public": ("public",), "party": ("public", "party")}


@dataclass(eq=False)
class Org:
    id: str
    file: str
    data: dict[str, Any]
    loaded: Loaded

    @property
    def name(self) -> str:
        return str(self.data["name"])

    @property
    def type(self) -> str:
        return str(self.data["type"])

    @property
    def parent(self) -> str | None:
        return self.data.get("parent")

    @property
    def has_committee(self) -> bool:
        return bool(self.data.get("has_committee", True))

    @property
    def established(self) -> dt.date | None:
        """:func:`gongkai.model.asof.established`."""
        return asof.established(self.data)

    @property
    def revoked(self) -> dt.date | None:
        """:func:`gongkai.model.asof.revoked` (whatever the day: see
        :func:`gongkai.model.asof.revoked_by`)."""
        return asof.revoked(self.data)

    def line(self, *path: Any) -> int:
        return self.loaded.where(tuple(path))[0]


@dataclass(eq=False)
class Record:
    id: str
    org: str
    stem: str
    file: str
    data: dict[str, Any]
    loaded: Loaded
    attachments: dict[str, str] = field(default_factory=dict)  # file name -> path

    @property
    def kind(self) -> str:
        return str(self.data["kind"])

    @property
    def title(self) -> str:
        return str(self.data["title"])

    @property
    def date(self) -> dt.date:
        return self.data["date"]  # type: ignore[no-any-return]

    @property
    def published(self) -> dt.date:
        return self.data["published"]  # type: ignore[no-any-return]

    @property
    def scope(self) -> str:
        return str(self.data["scope"])

    @property
    def category(self) -> str:
        return str(self.data["category"])

    @property
    def year(self) -> int:
        """:func:`gongkai.model.asof.record_year` of its ``date`` (rules use the date as of their day)."""
        return asof.record_year(self.data, self.date)

    def type_field(self) -> str | None:
        """The kind's own sub-type (plan_type, meeting_type, …), if it has one (its schema file's
        ``kind: subtype``, handbook: contributing.md#add-a-kind)."""
        key = kinds.subtype(self.kind)
        return str(self.data[key]) if key is not None and key in self.data else None

    def line(self, *path: Any) -> int:
        return self.loaded.where(tuple(path))[0]

    def visible_to(self, audience: str) -> bool:
        return self.scope in AUDIENCE_SCOPES[audience]


@dataclass(eq=False)
class Portal:
    root: Path
    site: dict[str, Any]
    site_file: str
    orgs: dict[str, Org]
    records: dict[str, Record]

    @cached_property
    def records_by_org(self) -> dict[str, list[Record]]:
        index: dict[str, list[Record]] = defaultdict(list)
        for record in sorted(self.records.values(), key=lambda r: (r.date, r.id)):
            index[record.org].append(record)
        return dict(index)

    @cached_property
    def children(self) -> dict[str, list[str]]:
        index: dict[str, list[str]] = defaultdict(list)
        for org in sorted(self.orgs.values(), key=lambda o: o.id):
            if org.parent:
                index[org.parent].append(org.id)
        return dict(index)

    def records_of(self, org: str, kind: str | None = None) -> list[Record]:
        records = self.records_by_org.get(org, [])
        return [r for r in records if kind is None or r.kind == kind]

    @property
    def language(self) -> str:
        return str(self.site.get("language", "zh"))

    @property
    def checks_from(self) -> dt.date | None:
        return self.site.get("checks_from")
