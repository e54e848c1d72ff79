"""The organizations themselves: org-approval, discipline-body, party-staff-ratio."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from portal_builder import PortalBuilder, findings, line_of, statuses

from gongkai.core.findings import ERROR, WARNING

D = dt.date


@pytest.fixture
def portal(tmp_path: Path) -> PortalBuilder:
    return PortalBuilder(tmp_path)


def test_events_need_an_approval(portal: PortalBuilder) -> None:
    history = [
        {"date": D(2016, 4, 12), "event": "established"},                       # before checks_from
        {"date": D(2025, 5, 6), "event": "renamed", "from_name": "旧名",
         "approval": {"by": "工委", "date": D(2025, 5, 1)}},
        {"date": D(2025, 9, 1), "event": "renamed", "from_name": "旧名二"},      # after checks_from
    ]
    path = portal.org("c1", "committee", history=history)
    result = portal.check(D(2025, 10, 1))
    found = findings(result, "org-approval", "c1")
    assert [(f.severity, f.status, f.period, f.due) for f in found] == [
        (WARNING, "overdue", "established-2016-04-12", D(2016, 4, 12)),
        (ERROR, "overdue", "renamed-2025-09-01", D(2025, 9, 1)),
    ]
    text = path.read_text(encoding="utf-8").splitlines()
    assert text[found[1].line - 1].lstrip().startswith("- date: 2025-09-01")
    # the status list carries only the events that are not ok
    assert statuses(result, "org-approval", "c1") == {"established-2016-04-12": "overdue",
                                                      "renamed-2025-09-01": "overdue"}
    # an event after as-of is not checked yet
    assert [f.period for f in findings(portal.check(D(2025, 8, 31)), "org-approval", "c1")] == [
        "established-2016-04-12"]


def test_an_approval_dated_after_as_of_is_not_known_yet(portal: PortalBuilder) -> None:
    history = [{"date": D(2025, 5, 6), "event": "established",
                "approval": {"by": "工委", "date": D(2025, 6, 1)}}]
    portal.org("b1", "branch", history=history)
    assert len(findings(portal.check(D(2025, 5, 31)), "org-approval", "b1")) == 1
    assert findings(portal.check(D(2025, 6, 1)), "org-approval", "b1") == []


@pytest.mark.parametrize(("type_", "has_committee", "discipline", "warned"), [
    ("committee", True, {"kind": "commission"}, False),
    ("committee", True, {"kind": "member"}, True),
    ("general_branch", True, None, True),
    ("general_branch", True, {"kind": "member"}, False),
    ("branch", True, None, True),
    ("branch", False, None, False),   # a secretary-only branch needs none
])
def test_discipline_body(portal: PortalBuilder, type_: str, has_committee: bool,
                         discipline: dict[str, str] | None, warned: bool) -> None:
    path = portal.org("o1", type_, has_committee=has_committee, discipline=discipline)
    assert ("discipline" in path.read_text(encoding="utf-8")) == (discipline is not None)
    result = portal.check(D(2025, 6, 1))
    found = findings(result, "discipline-body", "o1")
    assert [(f.severity, f.status, f.period, f.due) for f in found] == (
        [(WARNING, "overdue", "now", None)] if warned else [])
    if found and discipline:
        assert found[0].line == line_of(path, "discipline")
    assert statuses(result, "discipline-body", "o1") == (
        {} if type_ == "branch" and not has_committee else
        {"now": "overdue" if warned else "ok"})


@pytest.mark.parametrize(("party_staff", "warned"), [(4, True), (5, False), (10, False),
                                                     (11, True)])
def test_party_staff_share_between_one_and_two_percent(portal: PortalBuilder, party_staff: int,
                                                        warned: bool) -> None:
    stats = [{"year": 2024, "members": 100, "staff": 500, "party_staff_full_time": 50},
             {"year": 2025, "members": 100, "staff": 500, "party_staff_full_time": party_staff}]
    path = portal.org("c1", "committee", stats=stats)
    result = portal.check(D(2025, 6, 1))
    found = findings(result, "party-staff-ratio", "c1")
    assert [(f.severity, f.period) for f in found] == ([(WARNING, "2025")] if warned else [])
    assert statuses(result, "party-staff-ratio", "c1") == {"2025": "overdue" if warned else "ok"}
    if found:
        lines = path.read_text(encoding="utf-8").splitlines()
        assert lines[found[0].line - 1].lstrip().startswith("- year: 2025")
        assert f"{party_staff * 100 / 500:.2f}%" in found[0].message("zh")


def test_party_staff_share_uses_the_latest_stats_up_to_as_of(portal: PortalBuilder) -> None:
    stats = [{"year": 2025, "members": 100, "staff": 500, "party_staff_full_time": 7},
             {"year": 2026, "members": 100, "staff": 500, "party_staff_full_time": 1},
             {"year": 2027, "members": 100}]
    portal.org("c1", "committee", stats=stats)
    assert statuses(portal.check(D(2025, 6, 1)), "party-staff-ratio", "c1") == {"2025": "ok"}
    assert statuses(portal.check(D(2027, 6, 1)), "party-staff-ratio", "c1") == {"2026": "overdue"}
