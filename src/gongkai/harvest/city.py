"""What a working committee's site shows of its departments: the stored catalogs and their
harvest state read once per build (handbook: federation.md#committee-site).

Harvested text is untrusted input: the stored copy is checked against the catalog schema again
(a hand-edited or damaged copy counts as missing), values are only ever carried as text, and a
URL becomes a link only when it is http(s) (:func:`link_url`). Compliance is each department's
own, as of its own build's as-of date: nothing is recomputed here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from gongkai.harvest import store
from gongkai.harvest.validate import check_catalog
from gongkai.model.portal import AUDIENCE_SCOPES

FINDING_STATUSES = ("overdue", "late", "due-soon")
TERM_RULE = "term-expiry"
ELECTION_WINDOW_DAYS = 183  # "general elections due in the next 6 months"


@dataclass
class Department:
    id: str
    name: str
    catalog: str
    status: str  # ok | stale | failed
    fetched: str | None = None
    error: str | None = None
    detail: str = ""
    portal: dict[str, Any] = field(default_factory=dict)
    orgs: dict[str, dict[str, Any]] = field(default_factory=dict)
    compliance: list[dict[str, Any]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)

    @property
    def findings(self) -> list[dict[str, Any]]:
        rows = [r for r in self.compliance if r.get("status") in FINDING_STATUSES]
        return sorted(rows, key=lambda r: (str(r.get("org")), str(r.get("rule")),
                                           str(r.get("due") or ""), str(r.get("period") or "")))

    def count(self, status: str) -> int:
        return sum(1 for r in self.compliance if r.get("status") == status)

    @property
    def as_of(self) -> str | None:
        value = self.portal.get("as_of")
        return str(value) if value else None

    def org_name(self, org_id: Any) -> str:
        org = self.orgs.get(str(org_id))
        return str(org.get("name")) if org else str(org_id)


def link_url(url: Any) -> str | None:
    """An absolute http(s) URL from a catalog, or None: nothing else becomes a link."""
    if not isinstance(url, str) or any(c in url for c in "\x00\t\n\r <>\"'`\\"):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def load_city(root: Path, site: dict[str, Any], audience: str = "public",
              ) -> list[Department] | None:
    """The departments of ``harvest:`` in order; None when the portal harvests nothing or has
    never harvested (then the build is an ordinary portal's). A catalog made for a wider
    audience than the build's (a party catalog in a public build) is left out whole."""
    sources = [s for s in site.get("harvest") or [] if isinstance(s, dict)]
    if not sources or not store.folder(root).is_dir():
        return None
    state = store.read_state(root)
    return [_department(root, s, state.get(str(s.get("id")), {}), audience) for s in sources]


def _department(root: Path, source: dict[str, Any], state: dict[str, Any],
                audience: str) -> Department:
    sid = str(source.get("id"))
    dep = Department(sid, str(source.get("name")), str(source.get("catalog")),
                     status=str(state.get("status") or "failed"),
                     fetched=state.get("fetched"), error=state.get("error"),
                     detail=str(state.get("detail") or ""))
    if not state:
        dep.error = "not-harvested"
    doc = _stored(root, sid)
    if doc is not None and doc["portal"]["audience"] not in AUDIENCE_SCOPES.get(audience, ()):
        dep.status, dep.error = "failed", "audience"
        return dep
    if doc is None:
        if dep.status != "failed":
            dep.status, dep.error = "failed", dep.error or "invalid"
        return dep
    dep.portal = doc["portal"]
    dep.orgs = {str(o["id"]): o for o in doc["organizations"]}
    dep.compliance = list(doc["compliance"])
    dep.records = list(doc["records"])
    return dep


def _stored(root: Path, sid: str) -> dict[str, Any] | None:
    try:
        body = store.copy_path(root, sid).read_bytes()
    except OSError:
        return None
    return check_catalog(body).doc


def elections(departments: list[Department], as_of: dt.date) -> list[tuple[Department, dict[str, Any]]]:
    """Term-expiry rows due within six months of ``as_of`` or already past, not yet done."""
    horizon = (as_of + dt.timedelta(days=ELECTION_WINDOW_DAYS)).isoformat()
    out = []
    for dep in departments:
        for row in dep.compliance:
            due = row.get("due")
            if row.get("rule") == TERM_RULE and row.get("status") != "ok" and due and due <= horizon:
                out.append((dep, row))
    return sorted(out, key=lambda p: (str(p[1]["due"]), p[0].id, str(p[1].get("org"))))


def departments_json(departments: list[Department]) -> list[dict[str, Any]]:
    """``data/departments.json``: one entry per source (handbook: federation.md#departments-json)."""
    return [{"id": d.id, "name": d.name, "status": d.status, "fetched": d.fetched,
             "error": d.error,
             "counts": {"overdue": d.count("overdue"), "due_soon": d.count("due-soon"),
                        "late": d.count("late")},
             "findings": [{"org": r.get("org"), "rule": r.get("rule"), "status": r.get("status"),
                           "due": r.get("due")} for r in d.findings]}
            for d in departments]
