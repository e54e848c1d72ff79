"""gongkai.model.asof at the boundaries of each fact: a small portal, the sample's rule profile, and
both sides (the rules' functions and the site's view and pages) on the day before, on and after
the day a term ends, a postponement is approved, an organization is revoked, a vacancy is
filled, an outcome is known, a notice window closes, a stats year begins and a corrected date
takes effect (handbook: contributing.md#one-fact, site.md#as-of).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gongkai.check.run import Options, run_check
from gongkai.load.loader import Loaded
from gongkai.model import asof
from gongkai.model.portal import Org, Portal, Record
from gongkai.rules import elections, load_rule_profile, periods, records
from gongkai.rules.elections import longest_term
from gongkai.rules.profile import Profile
from gongkai.rules.view import Check, PortalView
from gongkai.site import orgpage, recordpage
from gongkai.site.ctx import Ctx
from gongkai.site.exports import Exporter
from gongkai.site.feedback import window_line
from gongkai.site.view import SiteView

REPO = Path(__file__).resolve().parents[1]
D = dt.date.fromisoformat
HISTORY = [{"date": D("2016-05-10"), "event": "established"},
           {"date": D("2024-03-01"), "event": "revoked"}]


def org(data: dict[str, Any]) -> Org:
    full = {"id": "o", "name": "n", "type": "branch", **data}
    return Org("o", "org.yaml", full, Loaded(full))


@pytest.fixture(scope="module")
def profile() -> Profile:
    result = run_check(Options(root=REPO, as_of=D("2026-12-01"), rules=False))
    return load_rule_profile(result.loaded.portal)[0]


def rec(stem: str, data: dict[str, Any]) -> Record:
    full = {"title": "t", "date": D(stem[:10]), "published": D(stem[:10]), "scope": "public",
            "category": "organization", **data}
    return Record(f"o/{stem}", "o", stem, f"data/orgs/o/{stem}.yaml", full, Loaded(full))


def both(profile: Profile, day: dt.date, *items: Record, org_data: dict[str, Any] | None = None,
         ) -> tuple[SiteView, PortalView]:
    portal = Portal(REPO, {"checks_from": D("2020-01-01")}, "data/site.yaml",
                    {"o": org(org_data or {})}, {r.id: r for r in items})
    site = SiteView(portal, "party", day, longest_term=longest_term(profile))
    return site, PortalView(portal, day, profile)


class Urls(dict[str, str]):
    """Every page this test's build would make: its source path is its address."""

    def __missing__(self, key: str) -> str:
        return key


def page(site: SiteView) -> Ctx:
    return Ctx(site, Urls(), "orgs/o/")


def run(rule: Any, rules: PortalView, rule_id: str) -> list[Check]:
    return list(rule(rules, rules.profile.rules[rule_id]))


GENERAL = {"kind": "election", "election_type": "general", "elected_body": "branch_committee",
           "elected": {"secretary": "甲", "members": ["乙", "丙"]}}


@pytest.mark.parametrize(("day", "status"), [
    ("2024-03-13", "due-soon"), ("2024-03-14", "due-soon"), ("2024-03-15", "overdue")])
def test_a_term_end_the_day_before_on_and_after(profile: Profile, day: str, status: str) -> None:
    election = rec("2021-03-15-general", {**GENERAL, "term_years": 3})
    site, rules = both(profile, D(day), election)
    [check] = run(elections.term_expiry, rules, "term-expiry")
    lead = site.leadership("o")
    assert lead is not None and lead.term is not None
    assert check.due == lead.term.end == site.term(election).end == D("2024-03-14")
    assert check.status == status


def test_a_term_without_term_years_is_the_longest_allowed_on_both_sides(profile: Profile) -> None:
    election = rec("2021-03-15-general", GENERAL)
    site, rules = both(profile, D("2022-01-01"), election)
    [check] = run(elections.term_expiry, rules, "term-expiry")
    term = site.term(election)
    longest = max(profile.rules["term-length"].at(election.date).param("terms")
                  .value["branch_committee"])
    assert term is not None and term.assumed and term.years == longest
    assert check.due == term.end == periods.term_end(election.date, longest)
    assert site.leadership("o").term == term  # type: ignore[union-attr]
    by_election = rec("2021-06-01-by", {**GENERAL, "election_type": "by_election"})
    assert site.term(by_election) is None  # a by-election's members serve the general's term


def test_the_pages_say_a_term_end_is_assumed(profile: Profile) -> None:
    election = rec("2021-03-15-general", GENERAL)
    for lang, note in (("zh", "按规定最长任期"), ("en", "the longest allowed")):
        site, _ = both(profile, D("2022-01-01"), election)
        site.lang = lang
        ctx = page(site)
        assert note in str(orgpage._leadership(ctx, "o"))
        assert note in str(recordpage._elected(ctx, election, election.data["elected"]))
        given = rec("2021-03-15-general", {**GENERAL, "term_years": 3})
        assert note not in str(recordpage._elected(ctx, given, given.data["elected"]))


@pytest.mark.parametrize(("day", "extended"), [("2024-02-29", False), ("2024-03-01", True)])
def test_a_postponement_counts_from_its_approval(profile: Profile, day: str,
                                                 extended: bool) -> None:
    election = rec("2021-03-15-general", {**GENERAL, "term_years": 3, "postponement": {
        "until": D("2024-09-14"), "approval": {"date": D("2024-03-01"), "by": "上级"}}})
    site, rules = both(profile, D(day), election)
    checks = run(elections.term_expiry, rules, "term-expiry")
    term = site.leadership("o").term  # type: ignore[union-attr]
    assert term is not None and checks[0].due == term.due
    assert term.due == (D("2024-09-14") if extended else D("2024-03-14"))
    assert ("经批准延期至 2024-09-14" in str(orgpage._leadership(page(site), "o"))) == extended


@pytest.mark.parametrize(("day", "revoked"), [
    ("2024-02-29", False), ("2024-03-01", True), ("2024-03-02", True)])
def test_a_revocation_the_day_before_on_and_after(profile: Profile, day: str,
                                                  revoked: bool) -> None:
    site, rules = both(profile, D(day), org_data={"status": "revoked", "history": HISTORY})
    assert (site.revoked("o") is not None) == revoked == (rules.org_by_id["o"].revoked is not None)
    ctx = page(site)
    assert ("已撤销" in str(orgpage.render(ctx, "o"))) == revoked
    assert ("已撤销" in str(orgpage.tree(ctx))) == revoked


@pytest.mark.parametrize(("day", "filled"), [
    ("2026-02-28", False), ("2026-03-01", True), ("2026-03-02", True)])
def test_a_vacancy_filled_the_day_before_on_and_after(profile: Profile, day: str,
                                                      filled: bool) -> None:
    general = rec("2025-01-10-general", {**GENERAL, "term_years": 3})
    vacancy = rec("2026-01-10-vacancy", {
        "kind": "vacancy", "position": "secretary", "since": D("2026-01-10"),
        "filled": {"date": D("2026-03-01"), "name": "丁", "method": "election"}})
    site, rules = both(profile, D(day), general, vacancy)
    [check] = run(elections.vacancy_filled, rules, "vacancy-filled")
    lead = site.leadership("o")
    assert lead is not None
    assert (check.status == "ok") == filled == (lead.secretary == "丁")
    assert (lead.vacancies == []) == filled


@pytest.mark.parametrize(("day", "known"), [
    ("2026-02-28", False), ("2026-03-01", True), ("2026-03-02", True)])
def test_a_resolution_outcome_the_day_before_on_and_after(profile: Profile, day: str,
                                                          known: bool) -> None:
    resolution = rec("2025-12-01-resolution", {
        "kind": "resolution", "due": D("2026-02-01"),
        "outcome": {"date": D("2026-03-01"), "status": "completed", "summary": "s"}})
    site, rules = both(profile, D(day), resolution)
    [check] = run(records.resolution_outcome, rules, "resolution-outcome")
    assert (check.status in ("ok", "late")) == known == (site.outcome(resolution) is not None)
    assert (Exporter(site, {}, None).value(resolution, "outcome") is not None) == known


@pytest.mark.parametrize(("day", "shown"), [
    ("2026-03-30", True), ("2026-03-31", True), ("2026-04-01", False)])
def test_a_notice_window_end_the_day_before_on_and_after(profile: Profile, day: str,
                                                         shown: bool) -> None:
    notice = rec("2026-02-20-notice", {"kind": "notice", "from": D("2026-02-20"),
                                       "to": D("2026-03-01"), "subjects": ["甲"]})
    site, _ = both(profile, D(day), notice)
    assert asof.names_shown_until(notice.data, 30) == D("2026-03-31")
    assert site.names_shown(notice) == shown
    assert (Exporter(site, {}, None).value(notice, "subjects") is not None) == shown


@pytest.mark.parametrize(("day", "shown"), [("2026-12-31", 2026), ("2027-01-01", 2027)])
def test_members_are_the_latest_stats_up_to_the_day(profile: Profile, day: str,
                                                    shown: int) -> None:
    stats = [{"year": 2027, "members": 9}, {"year": 2026, "members": 6}]
    site, rules = both(profile, D(day), org_data={"stats": stats})
    year, members = site.members("o")  # type: ignore[misc]
    assert year == shown and members == rules.org_by_id["o"].members
    ctx = page(site)
    assert f"（{shown}年）" in str(orgpage.render(ctx, "o"))


def test_leadership_and_rules_use_a_record_s_date_as_of_the_day(profile: Profile) -> None:
    """A general election whose date was corrected after the day was its stem's then."""
    moved = rec("2026-01-10-general", {**GENERAL, "term_years": 3, "date": D("2026-03-01"),
                                       "corrections": [{"date": D("2026-04-01"), "note": "n"}]})
    other = rec("2026-02-01-general", {**GENERAL, "term_years": 3})
    for day, latest in (("2026-03-31", other), ("2026-04-01", moved)):
        site, rules = both(profile, D(day), moved, other)
        assert rules.of("o", "election", "general")[-1].record is latest
        assert site.leadership("o").sources[0] is latest  # type: ignore[union-attr]
        assert site.date_on(moved) == (D("2026-01-10") if latest is other else D("2026-03-01"))


@pytest.mark.parametrize(("day", "state"), [
    ("2026-02-19", "upcoming"), ("2026-02-20", "open"), ("2026-03-01", "open"),
    ("2026-03-02", "closed")])
def test_a_window_open_and_closed_on_the_home_page_and_the_record_page(
        profile: Profile, day: str, state: str) -> None:
    notice = rec("2026-02-20-notice", {"kind": "notice", "from": D("2026-02-20"),
                                       "to": D("2026-03-01"), "subjects": ["甲"]})
    site, _ = both(profile, D(day), notice)
    assert asof.window_state(notice.data, site.as_of) == state
    current, closed = site.notices()
    assert (current == [notice], closed == [notice]) == (state == "open", state == "closed")
    assert (window_line(page(site), notice) is not None) == (state == "open")
    assert asof.window_state({"from": D("2026-02-20")}, site.as_of) is None
