"""Rules about one record: assessment-public, consultation-before-decision, resolution-outcome,
petition-handled, timely-disclosure; and how as-of sees a corrected date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from portal_builder import PortalBuilder, findings, line_of, status_entry, statuses

from gongkai.core.findings import ERROR, WARNING

D = dt.date
DECIDED, REPORTED = D(2025, 4, 9), D(2025, 7, 5)


@pytest.fixture
def portal(tmp_path: Path) -> PortalBuilder:
    builder = PortalBuilder(tmp_path)
    builder.org("b1", "branch")
    return builder


# -- assessment-public ----------------------------------------------------------------------------


@pytest.mark.parametrize(("scope", "date", "severity"), [
    ("public", D(2025, 3, 1), None), ("party", D(2025, 3, 1), ERROR),
    ("party", D(2024, 12, 31), WARNING),   # dated before checks_from: a warning
])
def test_assessment_is_public(portal: PortalBuilder, scope: str, date: dt.date,
                              severity: str | None) -> None:
    path = portal.record("b1", "appraisal", date, "assessment", scope=scope,
                         appraisal_type="organization_assessment", year=date.year, rating="好")
    found = findings(portal.check(D(2025, 6, 1)), "assessment-public")
    assert [f.severity for f in found] == ([severity] if severity else [])
    if found:
        assert found[0].line == line_of(path, "scope") and found[0].due == date


# -- consultation-before-decision -----------------------------------------------------------------


def resolution(portal: PortalBuilder, date: dt.date = DECIDED, **fields: Any) -> Path:
    doc: dict[str, Any] = {"decided_by": "支部委员会", "major": True}
    doc.update(fields)
    return portal.record("b1", "resolution", date, "decision", **doc)


@pytest.mark.parametrize(("closes", "ok"), [
    (D(2025, 4, 8), True), (D(2025, 4, 9), True), (D(2025, 4, 10), False), (None, False),
])
def test_consultation_closes_by_the_decision(portal: PortalBuilder, closes: dt.date | None,
                                             ok: bool) -> None:
    consultation = {"from": D(2025, 3, 20), "to": closes, "channel": "书面征求意见"} \
        if closes else None
    resolution(portal, published=D(2025, 4, 12), consultation=consultation)
    result = portal.check(D(2025, 5, 1))
    found = findings(result, "consultation-before-decision")
    assert [(f.severity, f.status) for f in found] == ([] if ok else [(ERROR, "overdue")])
    assert statuses(result, "consultation-before-decision") == (
        {} if ok else {"b1/2025-04-09-decision": "overdue"})


def test_a_decision_that_is_not_major_needs_no_consultation(portal: PortalBuilder) -> None:
    resolution(portal, major=False)
    assert findings(portal.check(D(2025, 5, 1)), "consultation-before-decision") == []


def test_before_checks_from_a_record_rule_only_warns(portal: PortalBuilder) -> None:
    resolution(portal, D(2024, 11, 5), published=D(2024, 11, 6))
    [finding] = findings(portal.check(D(2025, 5, 1)), "consultation-before-decision")
    assert (finding.severity, finding.status) == (WARNING, "overdue")


# -- resolution-outcome: due + 30 days (profile default) ------------------------------------------

FINISH, DEADLINE = D(2025, 6, 30), D(2025, 7, 30)


@pytest.mark.parametrize(("outcome", "as_of", "status"), [
    (None, D(2025, 6, 29), "pending"),
    (None, D(2025, 6, 30), "due-soon"),
    (None, DEADLINE, "due-soon"),
    (None, DEADLINE + dt.timedelta(days=1), "overdue"),
    (DEADLINE, D(2025, 8, 5), "ok"),
    (DEADLINE + dt.timedelta(days=1), D(2025, 8, 5), "late"),
    (D(2025, 8, 10), D(2025, 8, 5), "overdue"),   # an outcome dated after as-of is not known
])
def test_resolution_outcome(portal: PortalBuilder, outcome: dt.date | None, as_of: dt.date,
                            status: str) -> None:
    path = resolution(portal, major=False, due=FINISH, outcome={
        "date": outcome, "status": "completed", "summary": "已完成"} if outcome else None)
    result = portal.check(as_of)
    entry = status_entry(result, "resolution-outcome", "b1", "b1/2025-04-09-decision")
    assert (entry["status"], entry["due"]) == (status, DEADLINE.isoformat())
    found = findings(result, "resolution-outcome")
    assert [f.severity for f in found] == {
        "pending": [], "ok": [], "due-soon": [WARNING], "late": [WARNING],
        "overdue": [ERROR]}[status]
    if found:
        assert found[0].line == line_of(path, "outcome" if status == "late" else "due")
        assert "profile default" in found[0].message("en")


# -- petition-handled: 60 days (profile default) --------------------------------------------------

RECEIVED, LIMIT = D(2025, 6, 12), D(2025, 8, 11)


def petition(portal: PortalBuilder, case: dict[str, Any], date: dt.date = REPORTED) -> Path:
    pending = 1 if case["status"] == "open" else 0
    return portal.record("b1", "petition", date, "petitions",
                         period={"from": D(2025, 1, 1), "to": D(2025, 6, 30)}, received=2,
                         handled=2 - pending, pending=pending,
                         cases=[{"received_on": D(2025, 3, 1), "status": "handled",
                                 "handled_on": D(2025, 3, 20)}, case])


@pytest.mark.parametrize(("case", "as_of", "status"), [
    ({"status": "open"}, D(2025, 7, 11), "pending"),
    ({"status": "open"}, D(2025, 7, 12), "due-soon"),
    ({"status": "open"}, LIMIT, "due-soon"),
    ({"status": "open"}, LIMIT + dt.timedelta(days=1), "overdue"),
    ({"status": "handled", "handled_on": LIMIT}, D(2025, 9, 1), "ok"),
    ({"status": "handled", "handled_on": LIMIT + dt.timedelta(days=1)}, D(2025, 9, 1), "late"),
    ({"status": "handled", "handled_on": D(2025, 9, 2)}, D(2025, 9, 1), "overdue"),
])
def test_petition_cases_handled_within_60_days(portal: PortalBuilder, case: dict[str, Any],
                                               as_of: dt.date, status: str) -> None:
    path = petition(portal, {"received_on": RECEIVED, **case})
    result = portal.check(as_of)
    assert statuses(result, "petition-handled") == {"b1/2025-07-05-petitions": status}
    found = findings(result, "petition-handled")
    if status not in ("ok", "pending"):
        [finding] = found
        assert (finding.due, finding.field) == (LIMIT, "cases[1]")
        lines = path.read_text(encoding="utf-8").splitlines()
        assert "received_on: 2025-06-12" in lines[finding.line - 1]
        assert "60 天" in finding.message("zh")
    else:
        assert found == []


# -- timely-disclosure: 30 days (profile default, warning) ----------------------------------------


@pytest.mark.parametrize(("days", "late"), [(30, False), (31, True)])
def test_timely_disclosure(portal: PortalBuilder, days: int, late: bool) -> None:
    date = D(2025, 3, 1)
    path = portal.record("b1", "contact", date, "visit", activity_type="leader_visit",
                         published=date + dt.timedelta(days=days))
    result = portal.check(D(2025, 6, 1))
    found = findings(result, "timely-disclosure")
    assert [(f.severity, f.status, f.due) for f in found] == (
        [(WARNING, "late", D(2025, 3, 31))] if late else [])
    if found:
        assert found[0].line == line_of(path, "published")
    # only late records are listed in the status list
    assert statuses(result, "timely-disclosure") == (
        {"b1/2025-03-01-visit": "late"} if late else {})


# -- a date corrected after as-of --------------------------------------------------------------


def test_a_date_corrected_after_as_of_counts_as_the_original_date(portal: PortalBuilder) -> None:
    # written on 2026-01-05 (the file's name), corrected on 2026-01-20: it was held on 2025-12-29
    portal.record("b1", "contact", D(2025, 12, 29), "visit", published=D(2026, 1, 6),
                  stem_date=D(2026, 1, 5), activity_type="leader_visit",
                  corrections=[{"date": D(2026, 1, 20), "note": "更正活动日期"}])
    before = portal.check(D(2026, 1, 19))
    assert statuses(before, "contact-regular", "b1") == {"2025-H1": "overdue",
                                                         "2025-H2": "overdue",
                                                         "2026-H1": "ok"}
    after = portal.check(D(2026, 1, 20))
    assert statuses(after, "contact-regular", "b1") == {"2025-H1": "overdue", "2025-H2": "late",
                                                        "2026-H1": "pending"}
