"""Elections and leadership: term-length, term-expiry, election-approval, vacancy-filled,
secretary-rotation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from portal_builder import PortalBuilder, findings, line_of, status_entry, statuses, summary

from gongkai.core.findings import ERROR, WARNING

D = dt.date


@pytest.fixture
def portal(tmp_path: Path) -> PortalBuilder:
    builder = PortalBuilder(tmp_path)
    builder.org("c1", "committee")
    builder.org("b1", "branch", parent="c1")
    return builder


def election(portal: PortalBuilder, org: str, date: dt.date, body: str = "branch_committee",
             term_years: int | None = 3, slug: str = "election", **fields: Any) -> Path:
    doc: dict[str, Any] = {"election_type": "general", "elected_body": body,
                           "candidates_approval": {"by": "上级党组织",
                                                   "date": date - dt.timedelta(days=10)}}
    if term_years is not None:
        doc["term_years"] = term_years
    doc.update(fields)
    return portal.record(org, "election", date, slug, **doc)


# -- term-length ------------------------------------------------------------------------------


@pytest.mark.parametrize(("org", "body", "years", "ok"), [
    ("c1", "committee", 4, True), ("c1", "committee", 3, False), ("c1", "committee", 5, False),
    ("b1", "branch_committee", 2, True), ("b1", "branch_committee", 3, True),
    ("b1", "branch_committee", 4, False), ("b1", "secretary", 1, False),
])
def test_term_length_shanghai(portal: PortalBuilder, org: str, body: str, years: int,
                              ok: bool) -> None:
    path = election(portal, org, D(2025, 3, 28), body, years)
    result = portal.check(D(2025, 4, 1))
    if ok:
        assert findings(result, "term-length") == []
        return
    [finding] = findings(result, "term-length")
    assert (finding.severity, finding.line, finding.due) == (ERROR, line_of(path, "term_years"),
                                                             D(2025, 3, 28))
    assert finding.period == f"{org}/2025-03-28-election" and "(3)" in finding.citation


@pytest.mark.parametrize(("body", "years", "ok"), [
    ("committee", 5, True), ("committee", 4, False), ("branch_committee", 3, True),
    ("branch_committee", 2, False),
])
def test_term_length_national(tmp_path: Path, body: str, years: int, ok: bool) -> None:
    portal = PortalBuilder(tmp_path, profile="national-2018")
    portal.org("c1", "committee")
    election(portal, "c1", D(2025, 3, 28), body, years)
    found = findings(portal.check(D(2025, 4, 1)), "term-length")
    assert (found == []) == ok
    if found:
        assert "关于党的基层组织任期的意见" in found[0].citation


def test_term_length_missing_and_before_checks_from(portal: PortalBuilder) -> None:
    election(portal, "b1", D(2024, 3, 28), term_years=None, slug="old")
    election(portal, "c1", D(2025, 3, 28), "committee", term_years=None)
    result = portal.check(D(2025, 4, 1))
    assert [(f.org, f.severity) for f in findings(result, "term-length")] == [
        ("b1", WARNING), ("c1", ERROR)]
    assert "未填写" in findings(result, "term-length")[1].message("zh")
    assert statuses(result, "term-length") == {"b1/2024-03-28-old": "overdue",
                                               "c1/2025-03-28-election": "overdue"}


# -- term-expiry ------------------------------------------------------------------------------

TERM_END = D(2026, 3, 27)  # a 3-year term from 2023-03-28


@pytest.mark.parametrize(("as_of", "status"), [
    (TERM_END - dt.timedelta(days=181), "pending"),
    (TERM_END - dt.timedelta(days=180), "due-soon"),
    (TERM_END, "due-soon"),
    (TERM_END + dt.timedelta(days=1), "overdue"),
])
def test_term_expiry(portal: PortalBuilder, as_of: dt.date, status: str) -> None:
    path = election(portal, "b1", D(2023, 3, 28))
    result = portal.check(as_of)
    entry = status_entry(result, "term-expiry", "b1", "term")
    assert (entry["status"], entry["due"], entry["record"]) == (
        status, "2026-03-27", "b1/2023-03-28-election")
    if status != "pending":
        [finding] = findings(result, "term-expiry", "b1")
        assert finding.line == line_of(path, "term_years")
        assert finding.severity == (ERROR if status == "overdue" else WARNING)


def test_term_expiry_uses_the_latest_general_election(portal: PortalBuilder) -> None:
    election(portal, "b1", D(2023, 3, 28))
    election(portal, "b1", D(2026, 3, 20), slug="re-election", published=D(2026, 3, 21))
    assert statuses(portal.check(D(2026, 3, 20)), "term-expiry", "b1") == {"term": "due-soon"}
    assert statuses(portal.check(D(2026, 4, 1)), "term-expiry", "b1") == {"term": "pending"}


def test_term_expiry_with_an_approved_postponement(portal: PortalBuilder) -> None:
    postponement = {"approval": {"by": "机关党委", "date": D(2026, 3, 1)}, "until": D(2026, 9, 30)}
    path = election(portal, "b1", D(2023, 3, 28), postponement=postponement)
    # before the approval's date the postponement is not known yet
    assert statuses(portal.check(D(2026, 2, 28)), "term-expiry", "b1") == {"term": "due-soon"}
    assert statuses(portal.check(D(2026, 4, 1)), "term-expiry", "b1") == {"term": "pending"}
    result = portal.check(D(2026, 10, 1))
    [finding] = findings(result, "term-expiry", "b1")
    assert (finding.status, finding.due, finding.line) == ("overdue", D(2026, 9, 30),
                                                           line_of(path, "postponement"))


def test_term_expiry_without_any_election_on_record(portal: PortalBuilder) -> None:
    # due three months (profile default) after checks_from or the establishment
    assert statuses(portal.check(D(2025, 4, 1)), "term-expiry", "b1") == {"term": "due-soon"}
    result = portal.check(D(2025, 4, 2))
    assert summary(result, "term-expiry", "b1") == [
        (ERROR, "overdue", "term", D(2025, 4, 1), "data/orgs/b1/org.yaml", 1)]
    assert "profile default" in findings(result, "term-expiry", "b1")[0].message("en")
    assert statuses(result, "term-expiry", "wc") == {}  # working committees are not checked


def test_term_expiry_national_reminder_is_six_months(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, profile="national-2018")
    portal.org("b1", "branch")
    election(portal, "b1", D(2023, 3, 28))
    assert statuses(portal.check(D(2025, 9, 27)), "term-expiry", "b1") == {"term": "due-soon"}
    assert statuses(portal.check(D(2025, 9, 26)), "term-expiry", "b1") == {"term": "pending"}


# -- election-approval ----------------------------------------------------------------------------


@pytest.mark.parametrize(("approved", "ok"), [
    (D(2025, 3, 27), True), (D(2025, 3, 28), False), (None, False),
])
def test_candidates_approved_before_the_election(portal: PortalBuilder, approved: dt.date | None,
                                                 ok: bool) -> None:
    approval = {"by": "机关党委", "date": approved} if approved else None
    path = election(portal, "b1", D(2025, 3, 28), candidates_approval=approval)
    found = findings(portal.check(D(2025, 4, 1)), "election-approval")
    assert (found == []) == ok
    if approved is None:
        assert (found[0].severity, found[0].line) == (ERROR, 1)
    elif not ok:
        assert (found[0].severity, found[0].field) == (ERROR, "candidates_approval.date")
        assert found[0].line == line_of(path, "candidates_approval") + 2


@pytest.mark.parametrize(("approved", "ok"), [
    (D(2025, 3, 27), False), (D(2025, 3, 28), True), (D(2025, 4, 2), True),
])
def test_direct_election_result_approved_on_or_after_it(portal: PortalBuilder,
                                                        approved: dt.date, ok: bool) -> None:
    election(portal, "b1", D(2025, 3, 28), candidates_approval=None, direct_without_candidates=True,
             result_approval={"by": "机关党委", "date": approved})
    found = findings(portal.check(D(2025, 4, 5)), "election-approval")
    assert (found == []) == ok


def test_result_approval_dated_after_as_of_is_not_known_yet(portal: PortalBuilder) -> None:
    election(portal, "b1", D(2025, 3, 28), candidates_approval=None, direct_without_candidates=True,
             result_approval={"by": "机关党委", "date": D(2025, 4, 10)})
    assert len(findings(portal.check(D(2025, 4, 9)), "election-approval")) == 1
    assert findings(portal.check(D(2025, 4, 10)), "election-approval") == []


# -- vacancy-filled -------------------------------------------------------------------------------


def vacancy(portal: PortalBuilder, position: str = "secretary",
            filled: dt.date | None = None) -> Path:
    fields: dict[str, Any] = {"position": position, "since": D(2025, 11, 30)}
    if filled is not None:
        fields["filled"] = {"date": filled, "name": "王静", "method": "election"}
    return portal.record("b1", "vacancy", D(2025, 11, 30), "vacancy", **fields)


@pytest.mark.parametrize(("filled", "as_of", "status"), [
    (None, D(2026, 1, 28), "pending"),
    (None, D(2026, 1, 29), "due-soon"),
    (None, D(2026, 2, 28), "due-soon"),   # 30 Nov + 3 months = 28 Feb, still on time
    (None, D(2026, 3, 1), "overdue"),
    (D(2026, 2, 28), D(2026, 3, 5), "ok"),
    (D(2026, 3, 1), D(2026, 3, 5), "late"),
    (D(2026, 3, 10), D(2026, 3, 5), "overdue"),  # filled after as-of: not yet filled then
])
def test_vacancy_filled_within_three_months(portal: PortalBuilder, filled: dt.date | None,
                                            as_of: dt.date, status: str) -> None:
    vacancy(portal, filled=filled)
    result = portal.check(as_of)
    entry = status_entry(result, "vacancy-filled", "b1", "b1/2025-11-30-vacancy")
    assert (entry["status"], entry["due"]) == (status, "2026-02-28")
    severities = [f.severity for f in findings(result, "vacancy-filled")]
    assert severities == {"pending": [], "ok": [], "due-soon": [WARNING], "late": [WARNING],
                          "overdue": [ERROR]}[status]


def test_member_vacancies_need_not_be_filled(portal: PortalBuilder) -> None:
    vacancy(portal, position="member")
    assert statuses(portal.check(D(2026, 6, 1)), "vacancy-filled") == {}


# -- secretary-rotation ---------------------------------------------------------------------------


def test_full_time_secretary_rotates_after_two_terms(portal: PortalBuilder) -> None:
    for year, name, full_time in ((2016, "周明", True), (2019, "周明", True), (2022, "周明", False),
                                  (2025, "周明", True)):
        election(portal, "c1", D(year, 3, 28), "committee", 4, slug=f"e{year}",
                 elected={"secretary": name}, full_time_secretary=full_time)
    result = portal.check(D(2025, 4, 1))
    [finding] = findings(result, "secretary-rotation")
    assert (finding.severity, finding.status, finding.period) == (
        WARNING, "overdue", "c1/2025-03-28-e2025")
    assert dict(finding.params)["terms"] == "4" and "周明" not in finding.message("zh")


def test_a_new_secretary_starts_a_new_run(portal: PortalBuilder) -> None:
    for year, name in ((2016, "周明"), (2019, "周明"), (2022, "吴芳"), (2025, "吴芳")):
        election(portal, "c1", D(year, 3, 28), "committee", 4, slug=f"e{year}",
                 elected={"secretary": name}, full_time_secretary=True)
    assert findings(portal.check(D(2025, 4, 1)), "secretary-rotation") == []
