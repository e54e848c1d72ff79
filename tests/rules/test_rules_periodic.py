"""Yearly, quarterly, monthly and half-yearly obligations, each at its boundaries."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from portal_builder import PortalBuilder, findings, line_of, statuses, summary

from gongkai.core.findings import ERROR, WARNING

D = dt.date


@pytest.fixture
def portal(tmp_path: Path) -> PortalBuilder:
    builder = PortalBuilder(tmp_path)
    builder.org("c1", "committee")
    builder.org("g1", "general_branch", parent="c1")
    builder.org("b1", "branch", parent="g1")
    builder.org("b0", "branch", parent="g1", has_committee=False)
    return builder


# -- who each rule applies to --------------------------------------------------------------------

APPLIES = {
    "activity-budget": {"c1"},
    "annual-work-plan": {"wc", "c1", "g1", "b1", "b0"},
    "training-plan": {"c1", "g1"},
    "training-hours": {"wc", "c1", "g1", "b1", "b0"},
    "organizational-life": {"g1", "b1", "b0"},
    "democratic-life": {"c1"},
    "member-appraisal": {"g1", "b1", "b0"},
    "congress-report": {"c1", "g1"},
    "dual-org-life": {"c1"},
    "cadres-meeting": {"c1"},
    "ideological-analysis": {"c1"},
    "election-report": {"wc"},
    "party-building-report": {"c1"},
    "three-meetings": {"b1", "b0"},
    "contact-regular": {"wc", "c1", "g1", "b1", "b0"},
}


def test_each_periodic_rule_applies_to_the_organizations_of_its_table_row(
        portal: PortalBuilder) -> None:
    result = portal.check(D(2026, 6, 1))
    for rule, orgs in APPLIES.items():
        assert {s["org"] for s in result.status if s["rule"] == rule} == orgs, rule


# -- yearly: due in the year (03-31 or 12-31) or the next year (01-31 or 03-31) -----------------

YEARLY = [  # rule, org, kind, fields, due of 2025
    ("activity-budget", "c1", "plan", {"plan_type": "activity_budget", "year": 2025,
                                       "approval": {"by": "局党组", "date": D(2025, 1, 20)},
                                       "budget": {"amount": 1000, "currency": "CNY"}},
     D(2025, 3, 31)),
    ("training-plan", "g1", "plan", {"plan_type": "training", "year": 2025}, D(2025, 3, 31)),
    ("organizational-life", "b1", "meeting", {"meeting_type": "organizational_life", "year": 2025},
     D(2026, 3, 31)),
    ("member-appraisal", "g1", "appraisal", {"appraisal_type": "member_democratic", "year": 2025,
                                             "participants": 3, "results": {
                                                 "excellent": 1, "qualified": 2,
                                                 "basically_qualified": 0, "unqualified": 0}},
     D(2026, 3, 31)),
    ("congress-report", "g1", "report", {"report_type": "congress_work_report", "year": 2025},
     D(2025, 12, 31)),
    ("dual-org-life", "c1", "report", {"report_type": "dual_org_life", "year": 2025},
     D(2026, 3, 31)),
    ("cadres-meeting", "c1", "meeting", {"meeting_type": "cadres_meeting"}, D(2025, 12, 31)),
    ("ideological-analysis", "c1", "report", {"report_type": "ideological_analysis", "year": 2025},
     D(2025, 12, 31)),
    ("election-report", "wc", "report", {"report_type": "election_annual_report", "year": 2025},
     D(2025, 12, 31)),
    ("party-building-report", "c1", "report", {"report_type": "party_building_report",
                                               "year": 2025}, D(2025, 12, 31)),
]


@pytest.mark.parametrize(("rule", "org", "kind", "fields", "due"), YEARLY,
                         ids=[row[0] for row in YEARLY])
@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_yearly_obligation_around_its_due_date(portal: PortalBuilder, rule: str, org: str,
                                               kind: str, fields: dict[str, object],
                                               due: dt.date, offset: int) -> None:
    as_of = due + dt.timedelta(days=offset)
    missing = portal.check(as_of)
    expected = "overdue" if offset > 0 else "due-soon"
    assert statuses(missing, rule, org)["2025"] == expected
    assert summary(missing, rule, org)[0][:4] == (
        ERROR if offset > 0 else WARNING, expected, "2025", due)
    # a record dated in the year, published on the day before, on or after the due date
    day = D(2025, 6, 1) if due.year == 2025 and due.month == 12 else D(2025, 3, 1)
    portal.record(org, kind, day, rule, published=as_of, **fields)
    met = portal.check(as_of + dt.timedelta(days=5))
    assert statuses(met, rule, org)["2025"] == ("late" if offset > 0 else "ok")


def test_a_reported_year_is_the_records_year_not_its_date(portal: PortalBuilder) -> None:
    portal.record("b1", "meeting", D(2026, 1, 10), "org-life", published=D(2026, 1, 12),
                  meeting_type="organizational_life", year=2025)
    result = portal.check(D(2026, 4, 1))
    assert statuses(result, "organizational-life", "b1") == {"2025": "ok", "2026": "pending"}
    portal.record("c1", "report", D(2026, 3, 25), "dual", report_type="dual_org_life", year=2025)
    assert statuses(portal.check(D(2026, 4, 1)), "dual-org-life", "c1")["2025"] == "ok"


def test_a_reported_year_before_checks_from_is_not_checked(portal: PortalBuilder) -> None:
    # the 2024 dual organizational life report is due 2025-03-31, after checks_from, but it
    # reports on 2024, a period that started before checks_from
    assert "2024" not in statuses(portal.check(D(2025, 4, 1)), "dual-org-life", "c1")


def test_activity_budget_needs_approval_and_budget(portal: PortalBuilder) -> None:
    path = portal.record("c1", "plan", D(2025, 3, 1), "budget", plan_type="activity_budget",
                         year=2025, budget={"amount": 1000, "currency": "CNY"})
    result = portal.check(D(2025, 4, 1))
    [finding] = findings(result, "activity-budget", "c1")
    assert (finding.severity, finding.status, finding.file) == (
        ERROR, "overdue", "data/orgs/c1/2025/2025-03-01-budget.yaml")
    assert finding.line == 1 and "approval" in finding.message("zh")
    assert path.exists()


@pytest.mark.parametrize(("members", "leaders", "problem"), [
    (23.5, 40, "members.required_hours"),
    (24, 39, "leaders.required_hours"),
    (24, 40, None),
])
def test_training_hours_thresholds(portal: PortalBuilder, members: float, leaders: float,
                                   problem: str | None) -> None:
    path = portal.record("b1", "training", D(2026, 1, 10), "training", year=2025,
                         members={"total": 20, "met_requirement": 20, "required_hours": members},
                         leaders={"total": 5, "met_requirement": 5, "required_hours": leaders})
    result = portal.check(D(2026, 2, 1))
    if problem is None:
        assert findings(result, "training-hours", "b1") == []
        assert statuses(result, "training-hours", "b1")["2025"] == "ok"
        return
    [finding] = findings(result, "training-hours", "b1")
    assert (finding.severity, finding.status, finding.field) == (ERROR, "overdue", problem)
    group = problem.split(".")[0]
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[finding.line - 1].strip().startswith("required_hours")
    assert finding.line > line_of(path, group)


def test_training_hours_everyone_meets_the_requirement(portal: PortalBuilder) -> None:
    portal.record("b1", "training", D(2026, 1, 10), "training", year=2025,
                  members={"total": 20, "met_requirement": 19, "required_hours": 24},
                  leaders={"total": 5, "met_requirement": 5, "required_hours": 40})
    [finding] = findings(portal.check(D(2026, 2, 1)), "training-hours", "b1")
    assert finding.field == "members.met_requirement" and "19" in finding.message("zh")
    # before the due date an incomplete record is a reminder, not yet an error
    [soon] = findings(portal.check(D(2026, 1, 31)), "training-hours", "b1")
    assert (soon.severity, soon.status) == (WARNING, "due-soon")


def test_member_appraisal_with_unqualified_members_needs_handling(portal: PortalBuilder) -> None:
    results = {"excellent": 1, "qualified": 1, "basically_qualified": 0, "unqualified": 1}
    portal.record("b1", "appraisal", D(2026, 1, 15), "appraisal",
                  appraisal_type="member_democratic", year=2025, participants=3, results=results)
    [finding] = findings(portal.check(D(2026, 4, 1)), "member-appraisal", "b1")
    assert finding.field == "results.unqualified" and finding.severity == ERROR
    portal.record("b1", "appraisal", D(2026, 1, 15), "appraisal",
                  appraisal_type="member_democratic", year=2025, participants=3, results=results,
                  handling="限期改正")
    assert findings(portal.check(D(2026, 4, 1)), "member-appraisal", "b1") == []


# -- democratic life: the meeting and informing members within 30 days -----------------------


def democratic_life(portal: PortalBuilder, informed: dt.date | None = None,
                    **fields: object) -> Path:
    doc: dict[str, object] = {"meeting_type": "democratic_life", "year": 2025,
                              "opinions_collected": 12,
                              "rectification": [{"item": "精简会议", "status": "open"}]}
    doc.update(fields)
    if informed is not None:
        doc["informed"] = informed
    return portal.record("c1", "meeting", D(2026, 1, 22), "democratic-life",
                         published=D(2026, 1, 26), **doc)


@pytest.mark.parametrize(("informed", "status"), [
    (D(2026, 2, 21), "ok"),      # 30 days after the meeting
    (D(2026, 2, 22), "late"),
    (None, "overdue"),
])
def test_democratic_life_informed_within_30_days(portal: PortalBuilder,
                                                 informed: dt.date | None, status: str) -> None:
    path = democratic_life(portal, informed)
    result = portal.check(D(2026, 3, 1))
    assert statuses(result, "democratic-life", "c1")["2025"] == status
    if status == "ok":
        assert findings(result, "democratic-life", "c1") == []
        return
    [finding] = findings(result, "democratic-life", "c1")
    assert finding.due == D(2026, 2, 21) and finding.file.endswith("democratic-life.yaml")
    if informed is not None:
        assert finding.line == line_of(path, "informed")
    assert "informed" in finding.message("en") and "profile default" in finding.message("en")


def test_democratic_life_informed_after_as_of_is_not_yet_known(portal: PortalBuilder) -> None:
    democratic_life(portal, D(2026, 2, 10))
    assert statuses(portal.check(D(2026, 2, 9)), "democratic-life", "c1")["2025"] == "due-soon"
    assert statuses(portal.check(D(2026, 2, 10)), "democratic-life", "c1")["2025"] == "ok"


def test_democratic_life_needs_opinions_and_rectification(portal: PortalBuilder) -> None:
    path = democratic_life(portal, D(2026, 2, 1), rectification=[])
    [finding] = findings(portal.check(D(2026, 4, 1)), "democratic-life", "c1")
    assert (finding.status, finding.field) == ("overdue", "rectification")
    assert finding.line == line_of(path, "rectification")


# -- three meetings and one lesson ----------------------------------------------------------------


@pytest.mark.parametrize(("published", "status"), [
    (D(2025, 3, 31), "ok"), (D(2025, 4, 1), "late"),
])
def test_quarterly_meetings_are_due_at_the_end_of_the_quarter(
        portal: PortalBuilder, published: dt.date, status: str) -> None:
    for meeting_type in ("members_meeting", "committee_meeting", "party_class"):
        portal.record("b1", "meeting", D(2025, 3, 31), meeting_type.replace("_", "-"),
                      published=published, meeting_type=meeting_type)
    result = portal.check(D(2025, 4, 2))
    assert statuses(result, "three-meetings", "b1")["2025-Q1"] == status
    assert len(findings(result, "three-meetings", "b1")) == (3 if status == "late" else 0)


def test_three_meetings_missing_and_branch_without_committee(portal: PortalBuilder) -> None:
    portal.record("b1", "meeting", D(2025, 2, 1), "members", meeting_type="members_meeting")
    result = portal.check(D(2025, 4, 1))
    types = sorted(dict(f.params)["meeting_type"] for f in findings(result, "three-meetings", "b1"))
    assert types == ["committee_meeting", "party_class"]
    types = sorted(dict(f.params)["meeting_type"] for f in findings(result, "three-meetings", "b0"))
    assert types == ["members_meeting", "party_class"]  # no committee, no committee meeting
    assert statuses(portal.check(D(2025, 3, 1)), "three-meetings", "b1")["2025-Q1"] == "due-soon"
    assert statuses(portal.check(D(2025, 2, 28)), "three-meetings", "b1")["2025-Q1"] == "pending"


def test_national_profile_asks_for_monthly_meetings(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, profile="national-2018")
    portal.org("b1", "branch")
    portal.org("b0", "branch", has_committee=False)
    result = portal.check(D(2025, 2, 1))
    types = sorted(dict(f.params)["meeting_type"] for f in findings(result, "three-meetings", "b1")
                   if f.period == "2025-01")
    assert types == ["committee_meeting", "group_meeting", "theme_day"]
    assert [f.period for f in findings(result, "three-meetings", "b0")] == ["2025-01"]
    [finding] = [f for f in findings(result, "three-meetings", "b1")
                 if dict(f.params)["meeting_type"] == "theme_day"]
    assert "中国共产党支部工作条例" in finding.citation and "(8)" not in finding.citation
    # reminder window of the national profile: 10 days
    assert statuses(portal.check(D(2025, 1, 21)), "three-meetings", "b1")["2025-01"] == "due-soon"
    assert statuses(portal.check(D(2025, 1, 20)), "three-meetings", "b1")["2025-01"] == "pending"


# -- contact with the masses each half-year -------------------------------------------------------


def test_contact_each_half_year(portal: PortalBuilder) -> None:
    portal.record("b1", "contact", D(2025, 6, 30), "twinning", activity_type="twinning")
    assert statuses(portal.check(D(2025, 6, 30)), "contact-regular", "b1") == {"2025-H1": "ok"}
    result = portal.check(D(2025, 7, 1))
    assert statuses(result, "contact-regular", "b1") == {"2025-H1": "ok", "2025-H2": "pending"}
    assert summary(portal.check(D(2026, 1, 1)), "contact-regular", "b0")[:1] == [
        (ERROR, "overdue", "2025-H1", D(2025, 6, 30), "data/orgs/b0/org.yaml", 1)]
