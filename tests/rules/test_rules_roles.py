"""Profiles v2: duties by role, organization set-up, training shortfalls and the national duties
(handbook/docs/rules.md, "规则与依据")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from portal_builder import PortalBuilder, findings, statuses

from gongkai.core.findings import ERROR, WARNING

D = dt.date
ORGAN_DUTIES = ("activity-budget", "democratic-life", "dual-org-life", "cadres-meeting",
                "ideological-analysis", "party-building-report")


def tree(tmp_path: Path, profile: str, root_type: str = "general_branch") -> PortalBuilder:
    portal = PortalBuilder(tmp_path, profile=profile)
    portal.org("g1", root_type)
    portal.org("b1", "branch", parent="g1")
    return portal


@pytest.mark.parametrize("root_type", ["general_branch", "branch"])
def test_a_root_of_any_type_carries_the_organ_duties(tmp_path: Path, root_type: str) -> None:
    portal = tree(tmp_path, "shanghai-organs", root_type)
    result = portal.check(D(2026, 6, 1))
    for rule in ORGAN_DUTIES:
        assert findings(result, rule, "g1"), rule
        assert findings(result, rule, "b1") == [], rule


def test_the_frozen_profile_keeps_duties_by_type(tmp_path: Path) -> None:
    result = tree(tmp_path, "shanghai-organs-2010").check(D(2026, 6, 1))
    for rule in ORGAN_DUTIES:
        assert findings(result, rule, "g1") == [], rule
    assert findings(result, "member-appraisal", "g1")  # v1: appraised twice


def test_a_general_branch_with_branches_does_not_appraise_their_members(tmp_path: Path) -> None:
    result = tree(tmp_path, "shanghai-organs").check(D(2026, 6, 1))
    for rule in ("member-appraisal", "organizational-life"):
        assert findings(result, rule, "g1") == [], rule
        assert findings(result, rule, "b1"), rule


def test_a_general_branch_without_branches_still_does(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, profile="shanghai-organs")
    portal.org("c1", "committee")
    portal.org("g1", "general_branch", parent="c1")
    result = portal.check(D(2026, 6, 1))
    assert findings(result, "member-appraisal", "g1")


# -- organization set-up -----------------------------------------------------------------------


@pytest.mark.parametrize(("type_", "members", "has_committee", "warned"), [
    ("branch", 6, False, False), ("branch", 7, False, True), ("branch", 8, True, False),
    ("branch", 50, True, False), ("branch", 51, True, True),
    ("general_branch", 100, True, False), ("general_branch", 101, True, True),
])
def test_org_setup_from_member_counts(tmp_path: Path, type_: str, members: int,
                                      has_committee: bool, warned: bool) -> None:
    portal = PortalBuilder(tmp_path, profile="shanghai-organs")
    portal.org("c1", "committee")
    portal.org("o1", type_, parent="c1", has_committee=has_committee,
               stats=[{"year": 2025, "members": 3}, {"year": 2026, "members": members}])
    found = findings(portal.check(D(2026, 6, 1)), "org-setup", "o1")
    assert [f.severity for f in found] == ([WARNING] if warned else [])
    if found:
        assert str(members) in found[0].message("zh")


def test_org_setup_is_not_checked_by_the_frozen_profile(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path)
    portal.org("b1", "branch", has_committee=False, stats=[{"year": 2026, "members": 9}])
    assert findings(portal.check(D(2026, 6, 1)), "org-setup") == []


# -- training: "一般不少于" -----------------------------------------------------------------------


def training(portal: PortalBuilder, members_hours: float = 32, met: int = 20) -> None:
    portal.record("b1", "training", D(2026, 1, 10), "training", year=2025,
                  members={"total": 20, "met_requirement": met, "required_hours": members_hours},
                  leaders={"total": 5, "met_requirement": 5, "required_hours": 56})


@pytest.mark.parametrize(("hours", "met", "expected"), [
    (32, 20, []), (32, 18, [WARNING]), (31, 20, [ERROR]),
])
def test_training_shortfall_is_a_warning_with_counts(tmp_path: Path, hours: float, met: int,
                                                     expected: list[str]) -> None:
    portal = PortalBuilder(tmp_path, profile="shanghai-organs")
    portal.org("b1", "branch")
    training(portal, hours, met)
    found = findings(portal.check(D(2026, 2, 1)), "training-hours", "b1")
    assert [f.severity for f in found] == expected
    if expected == [WARNING]:
        assert "20 人中 18 人" in found[0].message("zh")
    if found:
        assert "《党员教育管理工作条例》" in found[0].citation


def test_training_shortfall_is_an_error_under_the_frozen_profile(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path)
    portal.org("b1", "branch")
    training(portal, 32, 18)
    assert [f.severity for f in findings(portal.check(D(2026, 2, 1)), "training-hours", "b1")] \
        == [ERROR]


def test_no_training_record_is_an_error(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, profile="shanghai-organs")
    portal.org("b1", "branch")
    found = findings(portal.check(D(2026, 2, 2)), "training-hours", "b1")
    assert [(f.severity, f.period) for f in found] == [(ERROR, "2025")]


# -- the national duties ------------------------------------------------------------------------


def test_the_secretary_gives_a_party_class_every_year(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, profile="shanghai-organs")
    portal.org("c1", "committee")
    portal.record("c1", "meeting", D(2025, 6, 1), "class", meeting_type="party_class")
    result = portal.check(D(2026, 1, 2))
    [finding] = findings(result, "party-class", "c1")
    assert finding.severity == ERROR and "《支部工作条例》第十六条" in finding.citation
    portal.record("c1", "meeting", D(2025, 7, 1), "secretary-class", meeting_type="party_class",
                  by_secretary=True)
    assert findings(portal.check(D(2026, 1, 2)), "party-class", "c1") == []


def test_heart_to_heart_talks_where_members_belong(tmp_path: Path) -> None:
    portal = tree(tmp_path, "shanghai-organs")
    result = portal.check(D(2026, 1, 2))
    assert findings(result, "heart-talk", "b1") and findings(result, "heart-talk", "g1") == []
    assert statuses(result, "heart-talk", "b1")["2025"] == "overdue"


def test_v2_training_messages_do_not_ask_for_everyone(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, profile="shanghai-organs")
    portal.org("b1", "branch")
    training(portal, 32, 18)
    [finding] = findings(portal.check(D(2026, 2, 1)), "training-hours", "b1")
    for lang in ("zh", "en"):
        text = finding.message(lang)
        assert "{" not in text and "人人达标" not in text and "everyone meeting" not in text
