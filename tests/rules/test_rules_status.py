"""How every obligation is evaluated (handbook: rules.md#evaluation), shown on the annual
work plan of one branch: due 2025-03-31, reminder window 30 days."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from portal_builder import (
    PortalBuilder,
    findings,
    org_file,
    record_file,
    status_entry,
    statuses,
    summary,
)

from gongkai.core.findings import ERROR, WARNING
from gongkai.load.loader import Loaded
from gongkai.rules import evaluate

D = dt.date
DUE = D(2025, 3, 31)


@pytest.fixture
def portal(tmp_path: Path) -> PortalBuilder:
    builder = PortalBuilder(tmp_path)
    builder.org("b1", "branch")
    return builder


def plan(portal: PortalBuilder, published: dt.date, **fields: object) -> Path:
    return portal.record("b1", "plan", D(2025, 2, 10), "work-plan", published=published,
                         plan_type="annual_work", year=2025, **fields)


@pytest.mark.parametrize(("as_of", "status"), [
    (D(2025, 2, 28), "pending"),     # 31 days before: outside the reminder window
    (D(2025, 3, 1), "due-soon"),     # 30 days before
    (D(2025, 3, 31), "due-soon"),    # the due day itself is still on time
    (D(2025, 4, 1), "overdue"),
])
def test_a_missing_record_by_as_of(portal: PortalBuilder, as_of: dt.date, status: str) -> None:
    result = portal.check(as_of)
    assert statuses(result, "annual-work-plan", "b1") == {"2025": status}
    expected = {"pending": [], "due-soon": [(WARNING, "due-soon", "2025", DUE, org_file("b1"), 1)],
                "overdue": [(ERROR, "overdue", "2025", DUE, org_file("b1"), 1)]}[status]
    assert summary(result, "annual-work-plan", "b1") == expected


@pytest.mark.parametrize(("published", "status"), [
    (D(2025, 3, 30), "ok"), (D(2025, 3, 31), "ok"), (D(2025, 4, 1), "late"),
])
def test_met_on_or_before_the_due_date_is_ok_and_after_it_late(
        portal: PortalBuilder, published: dt.date, status: str) -> None:
    path = plan(portal, published)
    result = portal.check(D(2025, 6, 1))
    entry = status_entry(result, "annual-work-plan", "b1", "2025")
    assert entry["status"] == status
    assert entry["record"] == "b1/2025-02-10-work-plan"
    if status == "late":
        [finding] = findings(result, "annual-work-plan", "b1")
        assert (finding.severity, finding.file) == (WARNING, record_file("b1", D(2025, 2, 10),
                                                                        "work-plan"))
        assert finding.line == path.read_text(encoding="utf-8").splitlines().index(
            "published: 2025-04-01") + 1
        assert "2025-04-01" in finding.message("zh")
    else:
        assert findings(result, "annual-work-plan", "b1") == []


def test_as_of_ignores_records_published_after_it(portal: PortalBuilder) -> None:
    plan(portal, D(2025, 3, 20))
    assert statuses(portal.check(D(2025, 3, 19)), "annual-work-plan", "b1") == {"2025": "due-soon"}
    assert statuses(portal.check(D(2025, 3, 20)), "annual-work-plan", "b1") == {"2025": "ok"}


def test_a_withdrawn_record_does_not_meet_an_obligation(portal: PortalBuilder) -> None:
    plan(portal, D(2025, 3, 1), withdrawn={"date": D(2025, 5, 1), "reason": "发布有误"})
    # the withdrawal is dated after the earlier as-of day, so it is ignored there
    assert statuses(portal.check(D(2025, 4, 30)), "annual-work-plan", "b1") == {"2025": "ok"}
    result = portal.check(D(2025, 5, 1))
    assert statuses(result, "annual-work-plan", "b1") == {"2025": "overdue"}
    assert summary(result, "annual-work-plan", "b1")[0][:2] == (ERROR, "overdue")


def test_any_scope_meets_an_obligation(portal: PortalBuilder) -> None:
    plan(portal, D(2025, 3, 1), scope="unit")
    assert statuses(portal.check(D(2025, 6, 1)), "annual-work-plan", "b1") == {"2025": "ok"}


def test_another_type_or_year_does_not_meet_it(portal: PortalBuilder) -> None:
    portal.record("b1", "plan", D(2025, 2, 10), "training", plan_type="training", year=2025)
    portal.record("b1", "plan", D(2025, 2, 11), "old-plan", plan_type="annual_work", year=2024)
    assert statuses(portal.check(D(2025, 6, 1)), "annual-work-plan", "b1") == {"2025": "overdue"}


def test_periods_before_checks_from_are_not_checked(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, checks_from=D(2025, 1, 2))
    portal.org("b1", "branch")
    result = portal.check(D(2026, 4, 1))
    assert statuses(result, "annual-work-plan", "b1") == {"2026": "overdue"}  # not 2025
    assert "2025-Q1" not in statuses(result, "three-meetings", "b1")
    assert "2025-Q2" in statuses(result, "three-meetings", "b1")


def test_an_organization_is_checked_from_its_establishment(portal: PortalBuilder) -> None:
    portal.org("b2", "branch", established=D(2025, 5, 10))
    result = portal.check(D(2026, 4, 1))
    assert statuses(result, "annual-work-plan", "b2") == {"2026": "overdue"}
    assert sorted(statuses(result, "contact-regular", "b2")) == ["2025-H2", "2026-H1"]
    assert sorted(statuses(result, "three-meetings", "b2"))[0] == "2025-Q3"
    # before its establishment an organization is not checked at all
    assert statuses(portal.check(D(2025, 5, 9)), "annual-work-plan", "b2") == {}


def test_obligations_due_after_a_revocation_are_not_checked(portal: PortalBuilder) -> None:
    approval = {"by": "上级党组织", "date": D(2025, 6, 1)}
    portal.org("b3", "branch", status="revoked",
               history=[{"date": D(2025, 7, 15), "event": "revoked", "approval": approval}])
    result = portal.check(D(2026, 6, 1))
    assert statuses(result, "annual-work-plan", "b3") == {"2025": "overdue"}  # due 03-31
    assert statuses(result, "training-hours", "b3") == {}                     # due 2026-01-31
    assert sorted(statuses(result, "contact-regular", "b3")) == ["2025-H1"]
    assert statuses(result, "discipline-body", "b3") == {}
    # checked as of a day before the revocation, the organization is still active
    assert statuses(portal.check(D(2025, 7, 14)), "discipline-body", "b3") == {"now": "ok"}


def test_status_entries_are_json_ready_and_sorted(portal: PortalBuilder) -> None:
    plan(portal, D(2025, 3, 1))
    result = portal.check(D(2025, 6, 1))
    keys = [(s["org"], s["rule"], s["period"]) for s in result.status]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    entry = status_entry(result, "annual-work-plan", "b1", "2025")
    assert entry == {"org": "b1", "rule": "annual-work-plan", "period": "2025", "status": "ok",
                     "due": "2025-03-31", "record": "b1/2025-02-10-work-plan",
                     "citation": entry["citation"]}
    assert entry["citation"].startswith("(14)") and "规则配置默认值" in entry["citation"]


def test_a_finding_says_what_to_add_by_when_and_why(portal: PortalBuilder) -> None:
    [finding] = findings(portal.check(D(2025, 4, 1)), "annual-work-plan", "b1")
    zh, en = finding.message("zh"), finding.message("en")
    assert "plan_type: annual_work" in zh and "2025-03-31" in zh and "(14)" in zh
    assert "year: 2025" in en and "due 2025-03-31" in en and "profile default" in en
    assert finding.citation.startswith("(14)")
    assert finding.to_dict("en")["due"] == "2025-03-31"


def test_the_org_filter_keeps_only_that_organization(portal: PortalBuilder) -> None:
    portal.org("b2", "branch")
    result = portal.check(D(2025, 4, 1), orgs=("b2",))
    assert {f.org for f in result.report.findings} == {"b2"}
    assert {s["org"] for s in result.status} == {"b2"}


def test_lines_are_looked_up_only_for_the_checks_that_become_findings(
        portal: PortalBuilder, monkeypatch: pytest.MonkeyPatch) -> None:
    # b1's plan is on time (ok, no finding); b2's is late: only its file's lines are read
    plan(portal, D(2025, 2, 10))
    portal.org("b2", "branch")
    late = portal.record("b2", "plan", D(2025, 2, 10), "work-plan", published=D(2025, 4, 1),
                         plan_type="annual_work", year=2025)
    result = portal.check(D(2025, 6, 1))
    assert status_entry(result, "annual-work-plan", "b1", "2025")["status"] == "ok"
    assert status_entry(result, "annual-work-plan", "b2", "2025")["status"] == "late"
    model = result.loaded.portal
    files = {id(item.loaded): item.file for item in [*model.records.values(), *model.orgs.values()]}
    consulted: set[str] = set()
    real_where = Loaded.where

    def where(self: Loaded, path: tuple[object, ...]) -> tuple[int, int]:
        consulted.add(files.get(id(self), "(not a portal file)"))
        return real_where(self, path)

    monkeypatch.setattr(Loaded, "where", where)
    outcome = evaluate(model, D(2025, 6, 1))
    pointing = {f.file for f in outcome.findings if f.field}
    assert consulted == pointing
    assert record_file("b2", D(2025, 2, 10), "work-plan") in consulted
    assert record_file("b1", D(2025, 2, 10), "work-plan") not in consulted
    [finding] = [f for f in outcome.findings if f.code == "rule/annual-work-plan" and f.org == "b2"]
    assert finding.line == late.read_text(encoding="utf-8").splitlines().index(
        "published: 2025-04-01") + 1
