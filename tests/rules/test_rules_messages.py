"""Every rule has a finding code with a Chinese and an English message, and every finding it
gives fills its message: a portal where every rule fails once."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from portal_builder import PortalBuilder

from gongkai.rules import RULES, V1_RULES
from gongkai.validate.schemas import load_schema
from gongkai.wording import Text, template

D = dt.date


def failing_everywhere(root: Path) -> PortalBuilder:
    portal = PortalBuilder(root)
    portal.org("c1", "committee", discipline={"kind": "member"},
               stats=[{"year": 2025, "members": 300, "staff": 500, "party_staff_full_time": 1}],
               history=[{"date": D(2025, 2, 1), "event": "renamed", "from_name": "旧名"}])
    portal.org("b1", "branch", parent="c1")
    for year in (2017, 2021, 2025):
        portal.record("c1", "election", D(year, 3, 28), "election", election_type="general",
                      elected_body="committee", term_years=3, elected={"secretary": "周明"},
                      full_time_secretary=True)
    portal.record("b1", "vacancy", D(2025, 1, 10), "vacancy", position="secretary",
                  since=D(2025, 1, 10))
    portal.record("c1", "appraisal", D(2025, 3, 1), "assessment",
                  appraisal_type="organization_assessment", year=2024, rating="好")
    portal.record("c1", "resolution", D(2025, 4, 9), "decision", decided_by="机关党委",
                  major=True, due=D(2025, 6, 30))
    portal.record("c1", "petition", D(2025, 7, 5), "petitions", published=D(2025, 8, 20),
                  period={"from": D(2025, 1, 1), "to": D(2025, 6, 30)}, received=1, handled=0,
                  pending=1, cases=[{"received_on": D(2025, 6, 12), "status": "open"}])
    portal.record("c1", "meeting", D(2026, 1, 20), "democratic-life", year=2025,
                  meeting_type="democratic_life")
    return portal


def test_every_rule_has_its_code_schema_entry_and_profile_entry() -> None:
    schema_ids = load_schema("profile").fields["rules"]["keysrules"]["allowed"]
    assert sorted(schema_ids) == sorted(RULES)
    assert len(V1_RULES) == 28 and len(RULES) == 33
    for rule in RULES:
        for lang in ("zh", "en"):
            assert "{citation}" in template(f"rule/{rule}", lang), (rule, lang)


def test_every_rule_fails_once_with_a_filled_message(tmp_path: Path) -> None:
    result = failing_everywhere(tmp_path).check(D(2026, 6, 1))
    found = {f.code.removeprefix("rule/") for f in result.report.findings}
    assert sorted(set(V1_RULES) - found) == []
    for finding in result.report.findings:
        for lang in ("zh", "en"):
            text = finding.message(lang)
            assert "{" not in text and "}" not in text, (finding.code, text)
        assert finding.citation and finding.citation in finding.message("zh")
        assert finding.status in ("due-soon", "overdue", "late") and finding.org
        assert finding.file.startswith("data/orgs/") and finding.line >= 1


def test_english_sites_cite_in_english(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, language="en")
    portal.org("b1", "branch")
    result = portal.check(D(2025, 4, 1))
    [finding] = [f for f in result.report.findings
                 if f.code == "rule/annual-work-plan" and f.org == "b1"]
    assert "profile default" in finding.citation
    assert finding.citation in finding.message("en")
    entry = [s for s in result.status if s["rule"] == "annual-work-plan" and s["org"] == "b1"]
    assert "profile default" in str(entry[0]["citation"])


def test_a_deadline_met_late_or_still_open_reads_as_before() -> None:
    """The wording shared by vacancy filling (3) and resolution outcomes (14)."""
    from gongkai.rules.view import DUE_SOON, LATE, OVERDUE, issue_late_or_open

    late, still_open = "issue.vacancy-filled.late", "issue.vacancy-filled.open"
    assert issue_late_or_open(D(2025, 5, 1), LATE, late, still_open) == (
        ("issue", Text("已于 2025-05-01 补齐，超过期限", "was filled on 2025-05-01, after the limit")),)
    assert issue_late_or_open(None, OVERDUE, late, still_open) == (
        ("issue", Text("尚未补齐，已逾期", "is not filled and is overdue")),)
    assert issue_late_or_open(None, DUE_SOON, late, still_open) == (
        ("issue", Text("尚未补齐，即将到期", "is not filled yet")),)
