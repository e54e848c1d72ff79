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

from gongkai.catalog import register
from gongkai.rules.periods import Period, add_duration, due_date
from gongkai.rules.profile import Param, RuleConfig, RuleNeeds
from gongkai.rules.view import (
    LATE,
    OVERDUE,
    Check,
    OrgView,
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

Applies = Callable[[OrgView], bool]
# what is missing from a record (zh, en) and the field to point at, or None when complete
Incomplete = Callable[[RecordView, RuleConfig], "tuple[str, str, tuple[Any, ...]] | None"]

MEETINGS = {
    "members_meeting": ("支部党员大会", "general membership meeting"),
    "committee_meeting": ("支部委员会会议", "branch committee meeting"),
    "group_meeting": ("党小组会", "party small-group meeting"),
    "party_class": ("党课", "party class"),
    "organizational_life": ("组织生活会", "organizational life meeting"),
    "democratic_life": ("民主生活会", "democratic life meeting"),
    "cadres_meeting": ("党员干部大会", "cadres meeting"),
    "congress": ("党员代表大会", "congress"),
    "theme_day": ("主题党日", "theme party day"),
}
EVERY = {"year": ("每年", "every year"), "half": ("每半年", "every half-year"),
         "quarter": ("每季度", "every quarter"), "month": ("每月", "every month")}


def every_org(org: OrgView) -> bool:
    return True


def committees(org: OrgView) -> bool:
    return org.type == "committee"


def committees_and_general_branches(org: OrgView) -> bool:
    return org.type in ("committee", "general_branch")


def branches_and_general_branches(org: OrgView) -> bool:
    return org.type in ("branch", "general_branch")


def branches(org: OrgView) -> bool:
    return org.type == "branch"


def working_committees(org: OrgView) -> bool:
    return org.type == "working_committee"


# -- the shared obligation ---------------------------------------------------------------------


def obligation(view: PortalView, cfg: RuleConfig, org: OrgView, period: Period, due: dt.date,
               records: list[RecordView], incomplete: Incomplete | None = None,
               used: tuple[Param, ...] = (), extra: tuple[tuple[str, str], ...] = ()) -> Check:
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
        what_zh, what_en, path = incomplete(bad, cfg) or ("", "", ())
        return Check(cfg.id, org.id, period.id, status, due, cite,
                     params=base + issue_incomplete(status, what_zh, what_en),
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


def annual(spec: Annual) -> Callable[[PortalView, RuleConfig], Iterator[Check]]:
    def rule(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
        due_param = cfg.param("due")
        extra = tuple((name, f"{cfg.value(name):g}") for name in spec.values
                      if isinstance(cfg.value(name), int | float))
        for org in view.orgs:
            if not spec.applies(org):
                continue
            for period in view.periods(org, "year"):
                due = due_date(due_param.value, period)
                if not org.open_on(due):
                    continue
                records = view.for_year(org.id, spec.kind, spec.type, period.year)
                check = obligation(view, cfg, org, period, due, records, spec.incomplete,
                                   (due_param,), extra)
                yield check
                if spec.rule == "democratic-life" and check.record is not None:
                    yield informed(view, cfg, org, period, check.record, records)

    rule.__name__ = spec.rule.replace("-", "_")
    return rule


def _missing(record: RecordView, *names: str) -> list[str]:
    return [name for name in names if record.get(name) in (None, [], "")]


def budget_incomplete(record: RecordView, cfg: RuleConfig) -> tuple[str, str, tuple[Any, ...]] | None:
    missing = _missing(record, "approval", "budget")
    if not missing:
        return None
    names = "、".join(missing)
    return f"缺少 {names}", f"{', '.join(missing)} missing", (missing[0],)


def training_incomplete(record: RecordView,
                        cfg: RuleConfig) -> tuple[str, str, tuple[Any, ...]] | None:
    for group, key, zh in (("members", "members_hours", "党员"), ("leaders", "leaders_hours", "班子成员")):
        counts = record.get(group)
        if not isinstance(counts, dict):
            return f"缺少 {group}", f"{group} missing", (group,)
        hours, least = counts.get("required_hours"), cfg.value(key)
        if isinstance(hours, int | float) and hours < least:
            return (f"{group}.required_hours 为 {hours:g}，{zh}学时要求应不少于 {least:g}",
                    f"{group}.required_hours is {hours:g}, the requirement is at least {least:g}",
                    (group, "required_hours"))
        met, total = counts.get("met_requirement"), counts.get("total")
        if met != total:
            return (f"{zh}{total} 人中只有 {met} 人达到学时要求",
                    f"only {met} of {total} {group} met the requirement",
                    (group, "met_requirement"))
    return None


def appraisal_incomplete(record: RecordView,
                         cfg: RuleConfig) -> tuple[str, str, tuple[Any, ...]] | None:
    results = record.get("results")
    unqualified = results.get("unqualified") if isinstance(results, dict) else None
    if isinstance(unqualified, int) and unqualified > 0 and not record.get("handling"):
        return (f"有 {unqualified} 名不合格党员，缺少处置情况 handling",
                f"{unqualified} unqualified member(s) but no handling", ("results", "unqualified"))
    return None


def democratic_life_incomplete(record: RecordView,
                               cfg: RuleConfig) -> tuple[str, str, tuple[Any, ...]] | None:
    missing = _missing(record, "opinions_collected", "rectification")
    if not missing:
        return None
    return f"缺少 {'、'.join(missing)}", f"{', '.join(missing)} missing", (missing[0],)


def informed(view: PortalView, cfg: RuleConfig, org: OrgView, period: Period, record_id: str,
             records: list[RecordView]) -> Check:
    """Members and the masses are told within the profile's limit after the meeting (20)."""
    meeting = next(r for r in records if r.id == record_id)
    within = cfg.param("informed_within")
    due = add_duration(meeting.date, within.value)
    told = view.known(meeting.get("informed"))
    status = view.status(cfg, told, due)
    if told is not None:
        issue = (("issue", f"于 {told.isoformat()} 向党员群众通报（informed），超过期限"),
                 ("issue_en", f"informed members and the masses on {told.isoformat()}, late"))
    elif status == OVERDUE:
        issue = (("issue", "会后尚未向党员群众通报（informed），已逾期"),
                 ("issue_en", "has not informed members and the masses (informed) and is overdue"))
    else:
        issue = (("issue", "会后尚未向党员群众通报（informed），即将到期"),
                 ("issue_en", "has not informed members and the masses (informed) yet"))
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


# -- meetings each quarter or month, contact each half-year ---------------------------------------


def three_meetings(view: PortalView, cfg: RuleConfig) -> Iterator[Check]:
    """(8): members meetings, committee meetings, party classes … as often as the profile says."""
    due_param, meetings = cfg.param("due"), cfg.param("meetings")
    for org in view.orgs:
        if not branches(org):
            continue
        for need in meetings.value:
            if need.get("needs_committee") and not org.has_committee:
                continue
            meeting_type, every = need["meeting_type"], need["every"]
            zh, en = MEETINGS[meeting_type]
            extra = (("meeting", zh), ("meeting_en", en), ("meeting_type", meeting_type),
                     ("every", EVERY[every][0]), ("every_en", EVERY[every][1]))
            for period in view.periods(org, every):
                due = due_date(due_param.value, period)
                if org.open_on(due):
                    records = view.between(org.id, "meeting", meeting_type, period.start,
                                           period.end)
                    yield obligation(view, cfg, org, period, due, records, None,
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
                                 (("every", EVERY[every.value][0]),
                                  ("every_en", EVERY[every.value][1])))


RULES: dict[str, RuleSpec] = {
    spec.rule: RuleSpec(annual(spec), RuleNeeds(("due", *spec.values))) for spec in ANNUAL
}
RULES["three-meetings"] = RuleSpec(three_meetings, RuleNeeds(("due", "meetings")))
RULES["contact-regular"] = RuleSpec(contact_regular, RuleNeeds(("due", "every")))


# -- messages ------------------------------------------------------------------------------------

_TAIL_ZH = "{issue}，截止 {due}。依据：{citation}"
_TAIL_EN = "{issue_en}; due {due}. Basis: {citation_en}"
# rule: (what, in Chinese; the record to add; what, in English; the record to add)
_ANNUAL_WORDS = {
    "activity-budget": ("党组织活动计划和经费预算",
                        "plan，plan_type: activity_budget，须有 approval 和 budget",
                        "activity plan and budget", "plan, plan_type: activity_budget, with approval "
                        "and budget"),
    "annual-work-plan": ("工作计划", "plan，plan_type: annual_work",
                         "annual work plan", "plan, plan_type: annual_work"),
    "training-plan": ("党员教育培训计划", "plan，plan_type: training",
                      "training plan", "plan, plan_type: training"),
    "training-hours": ("党员教育培训情况", "training，党员不少于 {members_hours} 学时、班子成员不少于 "
                       "{leaders_hours} 学时且人人达标",
                       "training record", "training: members at least {members_hours} hours, "
                       "leaders {leaders_hours}, everyone meeting it"),
    "organizational-life": ("组织生活会", "meeting，meeting_type: organizational_life",
                            "organizational life meeting", "meeting, meeting_type: organizational_life"),
    "democratic-life": ("民主生活会", "meeting，meeting_type: democratic_life，须有 opinions_collected、"
                        "rectification，会后通报 informed",
                        "democratic life meeting", "meeting, meeting_type: democratic_life, with "
                        "opinions_collected, rectification, informed"),
    "member-appraisal": ("民主评议党员结果", "appraisal，appraisal_type: member_democratic",
                         "democratic appraisal of members", "appraisal, appraisal_type: "
                         "member_democratic"),
    "congress-report": ("向党员大会（代表大会）的工作报告", "report，report_type: congress_work_report",
                        "work report to the congress", "report, report_type: congress_work_report"),
    "dual-org-life": ("党员领导干部双重组织生活情况", "report，report_type: dual_org_life",
                      "report on leading cadres' dual organizational life",
                      "report, report_type: dual_org_life"),
    "cadres-meeting": ("党员干部大会", "meeting，meeting_type: cadres_meeting",
                       "cadres meeting", "meeting, meeting_type: cadres_meeting"),
    "ideological-analysis": ("思想政治状况分析报告", "report，report_type: ideological_analysis",
                             "ideological analysis", "report, report_type: ideological_analysis"),
    "election-report": ("所属基层党组织换届选举情况报告", "report，report_type: election_annual_report",
                        "report on the general elections of its organizations",
                        "report, report_type: election_annual_report"),
    "party-building-report": ("党建工作情况书面报告", "report，report_type: party_building_report",
                              "written report on party building",
                              "report, report_type: party_building_report"),
}
for _rule, (_zh, _add_zh, _en, _add_en) in _ANNUAL_WORDS.items():
    register(f"rule/{_rule}", f"{{label}}{_zh}（{_add_zh}，year: {{period}}）" + _TAIL_ZH,
             f"the {_en} for {{label_en}} ({_add_en}, year: {{period}}) " + _TAIL_EN)
register("rule/three-meetings",
         "{label}{meeting}（meeting，meeting_type: {meeting_type}，{every}至少一次）" + _TAIL_ZH,
         "the {meeting_en} of {label_en} (meeting, meeting_type: {meeting_type}, at least once "
         "{every_en}) " + _TAIL_EN)
register("rule/contact-regular",
         "{label}联系服务群众活动（contact，{every}至少一次）" + _TAIL_ZH,
         "contact with the masses in {label_en} (contact, at least once {every_en}) " + _TAIL_EN)
