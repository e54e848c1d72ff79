"""What one build of the site may show: the validated model seen by one audience on one day.

Built once per build and read by every macro. A record is *visible* when its scope is in the
audience and it was published on or before the as-of date; nothing else ever reaches a page.
``unit`` and ``specific`` records are visible to no audience (handbook: site.md#audiences).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from typing import Any

from gongkai.core.findings import Finding
from gongkai.model import asof
from gongkai.model.portal import AUDIENCE_SCOPES, Org, Portal, Record
from gongkai.site.history import NO_HISTORY, GitHistory
from gongkai.wording import bilingual


def record_src(record_id: str) -> str:
    return f"records/{record_id}.md"


def org_src(org_id: str) -> str:
    return f"orgs/{org_id}.md"


AXES = {"category": "categories", "kind": "kinds", "year": "years"}


def listing_src(axis: str, key: str, page: int = 1) -> str:
    base = f"{AXES[axis]}/{key}"
    return f"{base}.md" if page == 1 else f"{base}/{page}.md"


class SiteView:
    def __init__(self, portal: Portal, audience: str, as_of: dt.date,
                 status: list[dict[str, Any]] | None = None,
                 findings: list[Finding] | None = None, rules_enabled: bool = False,
                 notice_names_days: int = asof.NOTICE_NAMES_DAYS,
                 longest_term: asof.LongestTerm | None = None) -> None:
        if audience not in AUDIENCE_SCOPES:
            raise ValueError(f"unknown audience {audience!r}")
        self.portal = portal
        self.audience = audience
        self.as_of = as_of
        self.lang = "en" if portal.language == "en" else "zh"
        self.status = sorted(status or [], key=_status_key)
        self._status_by_org: tuple[list[Any], dict[Any, list[dict[str, Any]]]] | None = None
        self.findings = list(findings or [])
        self.rules_enabled = rules_enabled
        self.notice_names_days = notice_names_days
        self.longest_term = longest_term  # the rules' (None without rules): terms without term_years
        self.history: GitHistory = NO_HISTORY  # set by the plugin when data/ is in git
        self.city: list[Any] | None = None  # a working committee's harvested departments
        self.orgs: dict[str, Org] = dict(sorted(portal.orgs.items()))
        self.records: dict[str, Record] = {
            rid: r for rid, r in sorted(portal.records.items()) if self._visible(r)}
        self.hidden_by_org = Counter(r.org for rid, r in portal.records.items()
                                     if rid not in self.records)
        self.by_org = self._index(lambda r: r.org)
        self.by_category = self._index(lambda r: r.category)
        self.by_kind = self._index(lambda r: r.kind)
        self.by_year = self._index(lambda r: str(r.year))
        self.referenced_by: dict[str, list[str]] = defaultdict(list)
        for record in self.records.values():
            if not self.redacted(record):
                for target in self.links_of(record):
                    if target in self.records:
                        self.referenced_by[target].append(record.id)

    # -- what may be shown ------------------------------------------------------------------
    def _visible(self, record: Record) -> bool:
        return record.visible_to(self.audience) and record.published <= self.as_of

    def visible(self, record_id: Any) -> Record | None:
        return self.records.get(record_id) if isinstance(record_id, str) else None

    def _index(self, key: Any) -> dict[str, list[Record]]:
        index: dict[str, list[Record]] = defaultdict(list)
        for record in self.newest_first(self.records.values()):
            index[str(key(record))].append(record)
        return dict(sorted(index.items()))

    @staticmethod
    def newest_first(records: Any) -> list[Record]:
        return sorted(records, key=lambda r: (r.date, r.published, r.id), reverse=True)

    def links_of(self, record: Record) -> list[str]:
        """Record ids a record points at: refs, a meeting's decisions, a resolution's meeting."""
        out = [x for x in record.data.get("refs") or [] if isinstance(x, str)]
        out += [x for x in record.data.get("decisions") or [] if isinstance(x, str)]
        if isinstance(record.data.get("meeting"), str):
            out.append(record.data["meeting"])
        return out

    # -- texts in the site language ----------------------------------------------------------
    def title(self, record: Record) -> str:
        if self.lang == "en" and record.data.get("title_en"):
            return str(record.data["title_en"])
        return record.title

    def org_name(self, org_id: str) -> str:
        org = self.orgs.get(org_id)
        if org is None:
            return org_id
        if self.lang == "en" and org.data.get("name_en"):
            return str(org.data["name_en"])
        return org.name

    @property
    def site_name(self) -> str:
        site = self.portal.site
        if self.lang == "en" and site.get("name_en"):
            return str(site["name_en"])
        return str(site.get("name") or bilingual("site.default-name"))

    # -- lifecycle as of the build date --------------------------------------------------------
    def withdrawn(self, record: Record) -> dict[str, Any] | None:
        """:func:`gongkai.model.asof.withdrawal` as of the build date."""
        return asof.withdrawal(record.data, self.as_of)

    def redacted(self, record: Record) -> bool:
        w = self.withdrawn(record)
        return bool(w and w.get("redact"))

    def corrections(self, record: Record) -> list[dict[str, Any]]:
        """:func:`gongkai.model.asof.corrections_by` the build date."""
        return asof.corrections_by(record.data, self.as_of)

    def dated(self, items: Any, key: str = "date") -> list[dict[str, Any]]:
        """Lifecycle entries (progress, outcome) that exist as of the build date
        (:func:`gongkai.model.asof.known`)."""
        return [i for i in items or [] if isinstance(i, dict)
                and asof.known(i.get(key), self.as_of) is not None]

    def names_shown(self, notice: Record) -> bool:
        """:func:`gongkai.model.asof.names_shown` on the build date, for the profile's days."""
        return asof.names_shown(notice.data, self.as_of, self.notice_names_days)

    def outcome(self, record: Record) -> dict[str, Any] | None:
        """:func:`gongkai.model.asof.outcome` as of the build date."""
        return asof.outcome(record.data, self.as_of)

    def date_on(self, record: Record) -> dt.date:
        """:func:`gongkai.model.asof.date_on` the build date."""
        return asof.date_on(record.data, record.stem, self.as_of)

    def term(self, election: Record) -> asof.Term | None:
        """:func:`gongkai.model.asof.term` of an election as of the build date, the rules' way."""
        return asof.term(election.data, self.date_on(election), self.as_of, self.longest_term)

    # -- the home page ------------------------------------------------------------------------
    def latest(self, n: int) -> list[Record]:
        ordered = sorted(self.records.values(), key=lambda r: (r.published, r.date, r.id),
                         reverse=True)
        return ordered[:n]

    def consultations(self) -> tuple[list[Record], list[Record]]:
        """(open now, most recent closed) resolutions by consultation window."""
        return self._windows(self.by_kind.get("resolution", []),
                             lambda r: r.data.get("consultation") or {})

    def notices(self) -> tuple[list[Record], list[Record]]:
        return self._windows(self.by_kind.get("notice", []), lambda r: r.data)

    def _windows(self, records: list[Record], window: Any) -> tuple[list[Record], list[Record]]:
        state = {r.id: asof.window_state(window(r), self.as_of) for r in records
                 if not self.withdrawn(r)}
        current = [r for r in records if state.get(r.id) == "open"]
        current.sort(key=lambda r: (window(r)["to"], r.id))
        closed = [r for r in records if state.get(r.id) == "closed"]
        closed.sort(key=lambda r: (window(r)["to"], r.id), reverse=True)
        return current, closed[:3]

    # -- organizations ------------------------------------------------------------------------
    def children(self, org_id: str) -> list[str]:
        kids = self.portal.children.get(org_id, [])
        return sorted((k for k in kids if k in self.orgs), key=lambda k: (self.org_name(k), k))

    def leadership(self, org_id: str) -> asof.Leadership[Record] | None:
        """:func:`gongkai.model.asof.leadership` on the build date, from the records this audience
        may see (a party-only election is not shown to the public)."""
        records = [r for r in self.by_org.get(org_id, []) if not self.withdrawn(r)]
        return asof.leadership(records, self.date_on, self.as_of, self.longest_term)

    def revoked(self, org_id: str) -> dt.date | None:
        """:func:`gongkai.model.asof.revoked_by` the build date: the revoked badge and status."""
        return asof.revoked_by(self.orgs[org_id].data, self.as_of)

    def members(self, org_id: str) -> tuple[int, int] | None:
        """:func:`gongkai.model.asof.members_on` the build date: (year, members)."""
        return asof.members_on(self.orgs[org_id].data, self.as_of)

    # -- compliance ---------------------------------------------------------------------------
    def status_of(self, org_id: str) -> list[dict[str, Any]]:
        # one pass over the rows per build, not one per organization (quadratic at 1,000)
        if self._status_by_org is None or self._status_by_org[0] is not self.status:
            index: dict[Any, list[dict[str, Any]]] = defaultdict(list)
            for row in self.status:
                index[row.get("org")].append(row)
            self._status_by_org = (self.status, dict(index))
        return list(self._status_by_org[1].get(org_id, ()))

    def warnings(self) -> list[Finding]:
        """Warnings about the data itself; rule findings are shown through their status rows.
        A record published after the as-of day is not a problem of the site as of that day (it
        is simply not shown yet): its warning is for ``check``, not for the dashboard."""
        return [f for f in self.findings
                if f.severity != "error" and not f.code.startswith("rule/")
                and f.code != "schema/future-published"]


def _status_key(row: dict[str, Any]) -> tuple[str, ...]:
    return tuple(str(row.get(k) or "") for k in ("org", "rule", "period", "due", "status"))
