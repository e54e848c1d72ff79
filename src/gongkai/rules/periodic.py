"""Periodic obligations: yearly plans, reports, meetings and appraisals (the year is a record's
``year`` where it has one), the quarterly or monthly "three meetings and one lesson", and
half-yearly contact with the masses.

Each is checked per organization for every period that starts on or after ``checks_from`` and
the organization's establishment, up to as-of, and whose due date falls before a revocation.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from gongkai.rules.periods import Period, add_duration, due_date
from gongkai.rules.profile import BY_ROLE, BY_TYPE, SHORTFALL_WARNING, Param, RuleConfig, RuleNeeds
from gongkai.rules.training import (
    training_incomplete,
    training_required_incomplete,
    training_shortfall,
)
from gongkai.rules.view import (
    LATE,
    OVERDUE,
    Check,
    OrgView,
    Params,
    PortalView,
    RecordView,
    RuleSpec,
    at_org,
    at_record,
    issue_incomplete,
    issue_late,
    issue_missing,
    period_params,
)
from gongkai.wording import Text, join, words

Applies = Callable[[OrgView, str], bool]  # an organization and the profile's ``duties``
# what is missing from a record (zh, en) and the field to point at, or None when complete
Incomplete = Callable[[RecordView, RuleConfig], "tuple[Text, tuple[Any, ...]] | None"]



def every_org(org: OrgView, duties: str) -> bool:
    return True


def committees(org: OrgView, duties: str) -> bool:
    """The organ committee's duties: by type (v1), or the organ's top organization (v2)."""
    return org.is_root if duties == BY_ROLE else org.type == "committee"


def committees_and_general_branches(org: OrgView, duties: str) -> bool:
    return org.type in ("committee", "general_branch") or (duties == BY_ROLE and org.is_root)


def branches_and_general_branches(org: OrgView, duties: str) -> bool:
    """Where members belong (v2): a general branch with branches under it does not appraise or
    hold organizational life for its branches' members again."""
    if org.type not in ("branch", "general_branch"):
        return False
    return duties != BY_ROLE or org.type == "branch" or not org.has_branches


def branches(org: OrgView, duties: str = BY_TYPE) -> bool:
    return org.type == "branch"


def working_committees(org: OrgView, duties: str) -> bool:
    return org.type == "working_committee"


# -- the shared obligation ---------------------------------------------------------------------


def obligation(view: PortalView, cfg: RuleConfig, org: OrgView, period: Period, due: dt.date,
               records: list[RecordView], incomplete: Incomplete | None = None,
               used: tuple[Param, ...] = (), extra: Params = ()) -> Check:
    """Met by the earliest-published complete record; else missing or incomplete."""
    cite = view.citation(cfg, *used)
    base = period_params(period) + extra
    complete = [r for r in records if incomplete is None or incomplete(r, cfg) is None]
    if complete:
        first = min(complete, key=lambda r: (r.published, r.id))
        status = view.status(cfg, first.published, due)
        issue = issue_late(first.published) if status == LATE else ()
        return Check(cfg.id, org.id, period.id, status, due, cite, params=base + issue,
                     **at_record(first, "published"))
    status = view.status(cfg, None, due)
    if records and incomplete is not None:
        bad = min(records, key=lambda r: (r.published, r.id))
        what, path = incomplete(bad, cfg) or (Text("", ""), ())
        return Check(cfg.id, org.id, period.id, status, due, cite,
                     params=base + issue_incomplete(status, what),
                     **at_record(bad, *path))
    return Check(cfg.id, org.id, period.id, status, due, cite, params=base + issue_missing(status),
                 **at_org(org))


# -- yearly obligations ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Annual:
    rule: str
    applies: Applies
    kind: str
    type: str | None
    incomplete: Incomplete | None = None
    values: tuple[str, ...] = ()  # further profile values the rule reads
    select: Callable[[RecordView], bool] | None = None  # which records of the type count


def annual(spec: Annual) -> Callable[[PortalView, RuleConfig], Iterator[Check]]:
    def rule(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
        duties, shortfall = view.profile.duties, view.profile.training == SHORTFALL_WARNING
        incomplete = spec.incomplete
        if spec.rule == "training-hours" and shortfall:
            incomplete = training_required_incomplete
        for org in view.orgs:
            if not spec.applies(org, duties):
                continue
            for period in view.periods(org, "year"):
                current = cfg.at(period.start)  # the regulation in force on the period's first day
                due_param = current.param("due")
                due = due_date(due_param.value, period)
                if not current.enabled or not org.open_on(due):
                    continue
                extra: Params = tuple((name, f"{current.value(name):g}") for name in spec.values
                              if isinstance(current.value(name), int | float))
                if spec.rule == "training-hours":
                    extra += _everyone(shortfall)
                records = view.for_year(org.id, spec.kind, spec.type, period.year)
                if spec.select is not None:
                    records = [r for r in records if spec.select(r)]
                # v2 cites the regulation of each number too (v1 cited the due date only)
                used = (due_param, *(current.param(name) for name in spec.values
                                     if view.profile.layers))
                check = obligation(view, current, org, period, due, records, incomplete,
                                   used, extra)
                yield check
                if spec.rule == "democratic-life" and check.record is not None:
                    yield informed(view, current, org, period, check.record, records)
                if spec.rule == "training-hours" and shortfall and check.record is not None:
                    yield from training_shortfall(view, current, org, period, check, records)

    rule.__name__ = spec.rule.replace("-", "_")
    return rule


def _everyone(shortfall: bool) -> Params:
    """v1 asks that everyone meet the hours; v2 that the requirement is the regulation's."""
    return (("everyone", words("everyone.shortfall" if shortfall else "everyone.meets")),)


def _missing(record: RecordView, *names: str) -> list[str]:
    return [name for name in names if record.get(name) in (None, [], "")]


def budget_incomplete(record: RecordView, cfg: RuleConfig) -> tuple[Text, tuple[Any, ...]] | None:
    missing = _missing(record, "approval", "budget")
    return (missing_words(missing), (missing[0],)) if missing else None


def missing_words(names: list[str]) -> Text:
    """``缺少 approval、budget`` / ``approval, budget missing``."""
    return words("incomplete.missing", names=join([Text(n, n) for n in names], "list.and"))


def appraisal_incomplete(record: RecordView,
                         cfg: RuleConfig) -> tuple[Text, tuple[Any, ...]] | None:
    results = record.get("results")
    unqualified = results.get("unqualified") if isinstance(results, dict) else None
    if isinstance(unqualified, int) and unqualified > 0 and not record.get("handling"):
        return words("incomplete.unqualified", n=unqualified), ("results", "unqualified")
    return None


def democratic_life_incomplete(record: RecordView,
                               cfg: RuleConfig) -> tuple[Text, tuple[Any, ...]] | None:
    missing = _missing(record, "opinions_collected", "rectification")
    return (missing_words(missing), (missing[0],)) if missing else None


def informed(view: PortalView, cfg: RuleConfig, org: OrgView, period: Period, record_id: str,
             records: list[RecordView]) -> Check:
    """Members and the masses are told within the profile's limit after the meeting (20)."""
    meeting = next(r for r in records if r.id == record_id)
    within = cfg.param("informed_within")
    due = add_duration(meeting.date, within.value)
    told = view.known(meeting.get("informed"))
    status = view.status(cfg, told, due)
    if told is not None:
        issue = (("issue", words("issue.democratic-life.informed-late", told=told.isoformat())),)
    elif status == OVERDUE:
        issue = (("issue", words("issue.democratic-life.not-informed-overdue")),)
    else:
        issue = (("issue", words("issue.democratic-life.not-informed-due-soon")),)
    return Check(cfg.id, org.id, period.id, status, due, view.citation(cfg, within),
                 params=period_params(period) + issue, **at_record(meeting, "informed"))


ANNUAL = (
    Annual("activity-budget", committees, "plan", "activity_budget", budget_incomplete),
    Annual("annual-work-plan", every_org, "plan", "annual_work"),
    Annual("training-plan", committees_and_general_branches, "plan", "training"),
    Annual("training-hours", every_org, "training", None, training_incomplete,
           ("members_hours", "leaders_hours")),
    Annual("organizational-life", branches_and_general_branches, "meeting", "organizational_life"),
    Annual("democratic-life", committees, "meeting", "democratic_life",
           democratic_life_incomplete, ("informed_within",)),
    Annual("member-appraisal", branches_and_general_branches, "appraisal", "member_democratic",
           appraisal_incomplete),
    Annual("congress-report", committees_and_general_branches, "report", "congress_work_report"),
    Annual("dual-org-life", committees, "report", "dual_org_life"),
    Annual("cadres-meeting", committees, "meeting", "cadres_meeting"),
    Annual("ideological-analysis", committees, "report", "ideological_analysis"),
    Annual("election-report", working_committees, "report", "election_annual_report"),
    Annual("party-building-report", committees, "report", "party_building_report"),
)
# v2 duties (handbook/docs/rules.md): run only where a profile names them and a regulation in
# force enables them
ANNUAL_V2 = (
    Annual("party-class", committees, "meeting", "party_class",
           select=lambda record: record.get("by_secretary") is True),
    Annual("heart-talk", branches_and_general_branches, "report", "heart_talk"),
    Annual("secretary-review", committees, "report", "secretary_review"),
    Annual("dues-disclosure", committees, "report", "party_dues"),
)


# -- meetings each quarter or month, contact each half-year ---------------------------------------


def _meeting_units(cfg: RuleConfig) -> list[tuple[str, str]]:
    """Every (meeting type, frequency) any regulation of the timeline asks for, in order."""
    units: list[tuple[str, str]] = []
    for config in (cfg, *(later for _, later in cfg.timeline)):
        for need in config.value("meetings"):
            unit = (need["meeting_type"], need["every"])
            if unit not in units:
                units.append(unit)
    return units


def three_meetings(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(8): members meetings, committee meetings, party classes … as often as the regulation in
    force on each period's first day says (a branch with party groups: group meetings too)."""
    for org in view.orgs:
        if not branches(org):
            continue
        for meeting_type, every in _meeting_units(cfg):
            extra = (("meeting", words(f"meeting.{meeting_type}")), ("meeting_type", meeting_type),
                     ("every", words(f"every.{every}")))
            for period in view.periods(org, every):
                current = cfg.at(period.start)
                need = next((n for n in current.value("meetings")
                             if (n["meeting_type"], n["every"]) == (meeting_type, every)), None)
                if need is None or (need.get("needs_committee") and not org.has_committee) \
                        or (need.get("needs_groups") and org.party_groups <= 0):
                    continue
                due_param, meetings = current.param("due"), current.param("meetings")
                due = due_date(due_param.value, period)
                if org.open_on(due):
                    records = view.between(org.id, "meeting", meeting_type, period.start,
                                           period.end)
                    yield obligation(view, current, org, period, due, records, None,
                                     (meetings, due_param), extra)


def contact_regular(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(10): at least one contact-the-masses activity every period (a half-year by default)."""
    due_param, every = cfg.param("due"), cfg.param("every")
    for org in view.orgs:
        for period in view.periods(org, every.value):
            due = due_date(due_param.value, period)
            if org.open_on(due):
                records = view.between(org.id, "contact", None, period.start, period.end)
                yield obligation(view, cfg, org, period, due, records, None, (every, due_param),
                                 (("every", words(f"every.{every.value}")),))


RULES: dict[str, RuleSpec] = {
    spec.rule: RuleSpec(annual(spec), RuleNeeds(("due", *spec.values))) for spec in ANNUAL
}
RULES.update({spec.rule: RuleSpec(annual(spec), RuleNeeds(("due",), new_in_v2=True))
              for spec in ANNUAL_V2})
RULES["three-meetings"] = RuleSpec(three_meetings, RuleNeeds(("due", "meetings")))
RULES["contact-regular"] = RuleSpec(contact_regular, RuleNeeds(("due", "every")))
