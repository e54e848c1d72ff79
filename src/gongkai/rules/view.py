"""What rules see and what they yield.

:class:`PortalView` is the portal as of one day, indexed once per evaluation: records published
after that day are absent, withdrawals dated after it are undone, and a ``date`` corrected after
it is the original one (the stem's date). Rules ask it for records by (organization, kind, type)
and by year or date range; they never scan every record per organization and period.

A rule yields :class:`Check` items: one per organization, rule and period (or record), each with
a status (handbook: rules.md#evaluation: ok, pending, due-soon, overdue, late). The engine
turns the ones that are not ``ok``/``pending`` into findings. A check keeps the field it would
point at and looks up its line only when asked: most checks are ok, and a cached file's line map
is decoded on first use.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from operator import attrgetter
from typing import Any

from gongkai.core.findings import field_path
from gongkai.load.loader import Loaded
from gongkai.model import asof
from gongkai.model.portal import Org, Portal, Record
from gongkai.rules.citations import citation
from gongkai.rules.periods import Period, minus_duration, periods
from gongkai.rules.profile import Param, Profile, RuleConfig, RuleNeeds
from gongkai.wording import Text, words

OK, PENDING, DUE_SOON, OVERDUE, LATE = "ok", "pending", "due-soon", "overdue", "late"
SEVERITY_ORDER = {OK: 0, PENDING: 1, LATE: 2, DUE_SOON: 3, OVERDUE: 4}

Params = tuple[tuple[str, str | Text], ...]


@dataclass(frozen=True)
class Check:
    """One evaluated obligation: its status, and where a finding about it would point.

    ``path`` is the field a finding points at (:func:`at_record`, :func:`at_org`); its line and
    column are looked up in ``loaded`` when asked, the nearest parent's when the field is absent,
    and are 1, 1 without ``loaded`` (an organization's file as a whole).
    """

    rule: str
    org: str
    period: str
    status: str
    due: dt.date | None
    citation: tuple[str, str]  # zh, en
    file: str
    path: tuple[Any, ...] = ()
    record: str | None = None
    params: Params = ()
    warning_only: bool = False
    loaded: Loaded | None = dataclass_field(default=None, compare=False, repr=False)

    def where(self) -> tuple[int, int]:
        """Line and column of ``path`` in the file."""
        return (1, 1) if self.loaded is None else self.loaded.where(self.path)

    @property
    def line(self) -> int:
        return self.where()[0]

    @property
    def column(self) -> int:
        return self.where()[1]

    @property
    def field(self) -> str:
        return field_path(self.path)


RuleFn = Callable[["PortalView", RuleConfig], Iterable[Check]]


@dataclass(frozen=True)
class RuleSpec:
    """A rule: its function, the profile values it reads, and whether ``ok`` items are listed
    in the status list (record rules list only the records that are not ok)."""

    fn: RuleFn
    needs: RuleNeeds
    list_ok: bool = True


def status_of(met_on: dt.date | None, due: dt.date, as_of: dt.date,
              reminder: Mapping[str, int]) -> str:
    """The statuses of handbook: rules.md#evaluation; the due day itself is still on time."""
    if met_on is not None:
        return OK if met_on <= due else LATE
    if as_of > due:
        return OVERDUE
    return DUE_SOON if as_of >= minus_duration(due, reminder) else PENDING


# -- records and organizations as of a day -------------------------------------------------------


class RecordView:
    """A record as of the evaluation day."""

    __slots__ = ("record", "id", "org", "kind", "type", "file", "data", "date", "published",
                 "year")

    def __init__(self, record: Record, date: dt.date) -> None:
        self.record = record
        self.id, self.org, self.kind, self.file = record.id, record.org, record.kind, record.file
        self.type = record.type_field()
        self.data: dict[str, Any] = record.data
        self.date = date
        self.published: dt.date = record.published
        self.year = asof.record_year(record.data, date)

    def get(self, key: str) -> Any:
        return self.data.get(key)

    def where(self, *path: Any) -> tuple[int, int]:
        return self.record.loaded.where(tuple(path))


class OrgView:
    """An organization as of the evaluation day."""

    def __init__(self, org: Org, as_of: dt.date, checks_from: dt.date | None) -> None:
        self.org = org
        self.id, self.type, self.file = org.id, org.type, org.file
        self.has_committee = org.has_committee
        self.established: dt.date | None = asof.established(org.data)
        self.revoked: dt.date | None = asof.revoked_by(org.data, as_of)
        self.exists = asof.exists_on(org.data, as_of)
        self.active = asof.active_on(org.data, as_of)
        start = checks_from
        if start is not None and self.established is not None and self.established > start:
            start = self.established
        self.periodic_from = start
        groups = org.data.get("party_groups")
        members = asof.members_on(org.data, as_of)
        self.members = None if members is None else members[1]
        self.party_groups = groups if isinstance(groups, int) else 0
        # roles in the tree, set by PortalView (handbook: rules.md: duties follow roles)
        self.is_root = False  # the organ's top organization, whatever its type
        self.has_branches = False  # active organizations under it, where its members belong

    def open_on(self, due: dt.date) -> bool:
        """Whether the organization still existed on ``due`` (not revoked by then)."""
        return self.revoked is None or due < self.revoked


# -- the indexed portal -------------------------------------------------------------------------


class PortalView:
    def __init__(self, portal: Portal, as_of: dt.date, profile: Profile) -> None:
        self.portal, self.as_of, self.profile = portal, as_of, profile
        checks_from = portal.checks_from
        self.checks_from = checks_from if isinstance(checks_from, dt.date) else None
        self.lang = portal.language
        self.orgs = [OrgView(org, as_of, self.checks_from)
                     for _, org in sorted(portal.orgs.items())]
        self.org_by_id = {o.id: o for o in self.orgs}
        _set_roles(self.orgs, self.org_by_id)
        self.records = sorted((v for r in portal.records.values()
                               if (v := _as_of(r, as_of)) is not None),
                              key=attrgetter("date", "id"))
        by_type: dict[tuple[str, str, str | None], list[RecordView]] = defaultdict(list)
        for view in self.records:
            org, kind, type_ = view.org, view.kind, view.type
            by_type[(org, kind, None)].append(view)
            if type_ is not None:
                by_type[(org, kind, type_)].append(view)
        # filled in order of publication, so every list is in that order without a sort of its own
        by_year: dict[tuple[str, str, str | None, int], list[RecordView]] = defaultdict(list)
        for view in sorted(self.records, key=attrgetter("published", "id")):
            org, kind, type_, year = view.org, view.kind, view.type, view.year
            by_year[(org, kind, None, year)].append(view)
            if type_ is not None:
                by_year[(org, kind, type_, year)].append(view)
        self._by_type = dict(by_type)
        self._dates = {key: [v.date for v in views] for key, views in self._by_type.items()}
        self._by_year = dict(by_year)
        self._citations: dict[tuple[str, ...], tuple[str, str]] = {}

    def of(self, org: str, kind: str, type_: str | None = None) -> list[RecordView]:
        """Records of an organization, kind and optional type, by date."""
        return self._by_type.get((org, kind, type_), [])

    def for_year(self, org: str, kind: str, type_: str | None, year: int) -> list[RecordView]:
        """Records about ``year`` (their ``year`` field, else their date's), by publication."""
        return self._by_year.get((org, kind, type_, year), [])

    def between(self, org: str, kind: str, type_: str | None, start: dt.date,
                end: dt.date) -> list[RecordView]:
        """Records dated from ``start`` to ``end`` inclusive, by date."""
        key = (org, kind, type_)
        dates = self._dates.get(key)
        if not dates:
            return []
        return self._by_type[key][bisect.bisect_left(dates, start):bisect.bisect_right(dates, end)]

    def known(self, value: Any) -> dt.date | None:
        """A lifecycle date (``filled.date``, ``outcome.date`` …) if it is on or before as-of."""
        return asof.known(value, self.as_of)

    def periods(self, org: OrgView, unit: str) -> list[Period]:
        """Periods of ``unit`` to check for ``org``: from checks_from and its establishment."""
        if org.periodic_from is None or not org.exists:
            return []
        return list(periods(unit, org.periodic_from, self.as_of))

    def before_checks_from(self, day: dt.date) -> bool:
        return self.checks_from is not None and day < self.checks_from

    def reminder(self, cfg: RuleConfig) -> Mapping[str, int]:
        param = cfg.params.get("reminder") or self.profile.reminder
        return param.value  # type: ignore[no-any-return]

    def status(self, cfg: RuleConfig, met_on: dt.date | None, due: dt.date) -> str:
        return status_of(met_on, due, self.as_of, self.reminder(cfg))

    def citation(self, cfg: RuleConfig, *used: Param) -> tuple[str, str]:
        """:func:`citation`, computed once per rule and set of values."""
        key = (cfg.id, str(id(cfg)), *(param.name for param in used))  # a layer's own words
        cached = self._citations.get(key)
        if cached is None:
            cached = self._citations[key] = citation(cfg, *used,
                                                     footnoted=bool(self.profile.layers))
        return cached


def _set_roles(orgs: list[OrgView], by_id: Mapping[str, OrgView]) -> None:
    """The organ's top organization: one whose parent is absent or a working committee (the
    working committee leads several organs); an organization has branches when an active one
    names it as parent."""
    for org in orgs:
        parent = by_id.get(org.org.parent or "")
        org.is_root = org.type != "working_committee" and (
            parent is None or parent.type == "working_committee")
        if parent is not None and org.active:
            parent.has_branches = True


def _as_of(record: Record, as_of: dt.date) -> RecordView | None:
    if record.published > as_of:
        return None
    if asof.withdrawal(record.data, as_of) is not None:
        return None
    return RecordView(record, asof.date_on(record.data, record.stem, as_of))


def at_record(record: RecordView, *path: Any) -> dict[str, Any]:
    """Where a finding about ``record`` points: its file, and the line of ``path`` (looked up
    only if the check becomes a finding)."""
    return {"file": record.file, "path": path, "record": record.id, "loaded": record.record.loaded}


def at_org(org: OrgView, *path: Any) -> dict[str, Any]:
    """Where a finding about ``org`` points: its org.yaml (line 1 unless ``path`` is given)."""
    return {"file": org.file, "path": path, "loaded": org.org.loaded if path else None}


# -- issue phrases shared by the rule families ---------------------------------------------------


def _when(status: str) -> str:
    return "overdue" if status == OVERDUE else "due-soon"


def issue_missing(status: str) -> Params:
    return (("issue", words(f"issue.missing.{_when(status)}")),)


def issue_late(published: dt.date) -> Params:
    return (("issue", words("issue.late", published=published.isoformat())),)


def issue_incomplete(status: str, what: Text) -> Params:
    return (("issue", words(f"issue.incomplete.{_when(status)}", what=what)),)


def issue_late_or_open(met: dt.date | None, status: str, late: str, still_open: str) -> Params:
    """A deadline met late (``late``: a catalogue key, with ``{day}``), or not met yet and
    overdue or due soon (``still_open``: a catalogue key, e.g. "尚未补齐" / "is not filled")."""
    if met is not None:
        return (("issue", words(late, day=met.isoformat())),)
    return (("issue", words(f"issue.open.{_when(status)}", open=words(still_open))),)


@cache
def period_params(period: Period) -> Params:
    return (("label", period.words()),)
