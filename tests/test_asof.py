"""gongkai.model.asof: the facts rules and the site share, and proof that both sides read them alike.

The last tests check the sample portal (data/), at several days: for every organization and
record, what the site shows (:mod:`gongkai.site.view`) equals what the rules judge
(:mod:`gongkai.rules.view`, their status rows) on the same day. test_asof_boundaries.py checks
each fact on the days around its boundary.
"""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from gongkai.check.run import Options, run_check
from gongkai.load.loader import Loaded
from gongkai.model import asof
from gongkai.model.portal import Org, Record
from gongkai.rules import load_rule_profile, periods
from gongkai.rules.elections import longest_term
from gongkai.rules.view import OrgView, PortalView, RecordView
from gongkai.site.plugin import check_portal
from gongkai.site.view import SiteView
from portal_kit import SITE, make_portal, write

REPO = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 12, 1)
D = dt.date.fromisoformat


def record(data: dict[str, Any]) -> Record:
    full = {"kind": "meeting", "title": "t", "date": D("2026-01-10"),
            "published": D("2026-01-12"), "scope": "public", **data}
    return Record("o/2026-01-10-t", "o", "2026-01-10-t", "f.yaml", full, Loaded(full))


def org(data: dict[str, Any]) -> Org:
    full = {"id": "o", "name": "n", "type": "branch", **data}
    return Org("o", "org.yaml", full, Loaded(full))


def test_asof_imports_only_the_calendar_arithmetic() -> None:
    """The model builds on asof: it may read neither rules nor site (nor the model)."""
    for module, allowed in (("model/asof", {"gongkai.core.dates"}), ("core/dates", set())):
        tree = ast.parse((REPO / "src" / "gongkai" / f"{module}.py").read_text(encoding="utf-8"))
        # ``from gongkai.core import dates`` names gongkai.core.dates; ``from x import name``
        # names x.name, which is x or a name of it
        imported = {f"{node.module}.{a.name}" for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module for a in node.names}
        imported |= {a.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                     for a in node.names}
        assert {m for m in imported if m.startswith("gongkai.")
                and not any(m == a or m.startswith(f"{a}.") for a in allowed)} == set()


# -- the shared functions ------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (3, 3), (0, 0), (True, None), (False, None), ("3", None), (3.0, None), (None, None)])
def test_a_whole_number_is_an_int_and_not_a_bool(value: Any, expected: int | None) -> None:
    assert asof.whole_number(value) == expected


@pytest.mark.parametrize(("data", "year"), [
    ({"year": 2025}, 2025), ({}, 2026), ({"year": None}, 2026),
    ({"year": True}, 2026), ({"year": False}, 2026), ({"year": "2025"}, 2026)])
def test_the_year_of_a_record(data: dict[str, Any], year: int) -> None:
    assert asof.record_year(data, D("2026-01-10")) == year


def test_a_boolean_year_is_no_year_for_model_and_rules_alike() -> None:
    """``year: true`` (YAML 1.1 ``yes``) was year 1 for the site and the date's year for rules."""
    odd = record({"year": True})
    assert odd.year == RecordView(odd, odd.date).year == 2026
    plain = record({"year": 2025})
    assert plain.year == RecordView(plain, plain.date).year == 2025


def test_term_years_refuses_booleans() -> None:
    assert asof.term_years({"term_years": 5}) == 5
    assert asof.term_years({"term_years": True}) is None
    assert asof.term_years({}) is None
    day = D("2026-06-01")
    assert asof.term({"term_years": True}, D("2026-01-10"), day) is None
    assert asof.term({"term_years": 5}, D("2026-01-10"), day).end == D("2031-01-09")


HISTORY = [{"date": D("2016-05-10"), "event": "established"},
           {"date": D("2018-01-01"), "event": "renamed"},
           {"date": D("2024-03-01"), "event": "revoked"}]


def test_an_organization_s_lifecycle() -> None:
    revoked = {"status": "revoked", "history": HISTORY}
    assert asof.established(revoked) == D("2016-05-10")
    assert asof.revoked(revoked) == D("2024-03-01")
    assert asof.revoked_by(revoked, D("2024-02-29")) is None
    assert asof.revoked_by(revoked, D("2024-03-01")) == D("2024-03-01")
    assert not asof.exists_on(revoked, D("2016-05-09"))
    assert asof.exists_on(revoked, D("2016-05-10"))
    assert [asof.active_on(revoked, D(day)) for day in
            ("2016-05-09", "2016-05-10", "2024-02-29", "2024-03-01")] == [False, True, True, False]


def test_an_active_organization_is_never_revoked_and_without_history_always_existed() -> None:
    assert asof.revoked({"history": HISTORY}) is None  # status active (the default)
    assert asof.established({}) is None
    assert asof.active_on({}, dt.date.min)


def test_model_and_rules_read_the_lifecycle_alike() -> None:
    model = org({"status": "revoked", "history": HISTORY})
    for day in (D("2016-05-09"), D("2020-01-01"), D("2024-03-01")):
        view = OrgView(model, day, None)
        assert view.established == model.established == D("2016-05-10")
        assert view.revoked == asof.revoked_by(model.data, day)
        assert view.active == asof.active_on(model.data, day)
    assert OrgView(model, D("2025-01-01"), None).revoked == model.revoked


def test_known_lifecycle_dates() -> None:
    day = D("2026-06-01")
    assert asof.known(day, day) == day
    assert asof.known(D("2026-06-02"), day) is None
    assert asof.known(dt.datetime(2026, 5, 1, 9, 30), day) is None
    assert asof.known("2026-05-01", day) is None


def test_a_withdrawal_and_corrections_count_from_their_day() -> None:
    data = {"withdrawn": {"date": D("2026-06-01"), "reason": "r"},
            "corrections": [{"date": D("2026-07-01"), "note": "b"},
                            {"date": D("2026-05-01"), "note": "a"}]}
    assert asof.withdrawal(data, D("2026-05-31")) is None
    assert asof.withdrawal(data, D("2026-06-01")) == data["withdrawn"]
    assert asof.corrections_by(data, D("2026-04-30")) == []
    assert [c["note"] for c in asof.corrections_by(data, D("2026-12-31"))] == ["a", "b"]
    assert asof.withdrawal({"withdrawn": "yes"}, D("2026-12-31")) is None


# -- the notice-names window comes from the profile the rules loaded -----------------------------


def test_the_site_shows_names_for_the_profile_s_days(tmp_path: Path) -> None:
    root = make_portal(tmp_path, SITE.replace("profile: shanghai-organs-2010", "profile: local"))
    write(root / "validators" / "profiles" / "local.yaml", """\
        name: local
        extends: shanghai-organs-2010
        notice_names_days: {value: 5, profile_default: true, source: 本地约定, source_en: ours}
        """)
    result = check_portal(root, D("2026-06-01"), cache=False)
    assert result.notice_names_days == 5 == load_rule_profile(result.loaded.portal)[0] \
        .notice_names_days
    view = SiteView(result.loaded.portal, "public", result.as_of,
                    notice_names_days=result.notice_names_days)
    notice = record({"kind": "notice", "to": D("2026-05-27")})
    assert view.names_shown(notice)
    assert not view.names_shown(record({"kind": "notice", "to": D("2026-05-26")}))


def test_without_rules_the_contract_s_default() -> None:
    assert run_check(Options(root=REPO, as_of=AS_OF, rules=False)).notice_names_days == \
        asof.NOTICE_NAMES_DAYS == 30


# -- the sample portal: the site and the rules agree ---------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[SiteView, PortalView]:
    result = run_check(Options(root=REPO, as_of=AS_OF))
    portal = result.loaded.portal
    profile, _ = load_rule_profile(portal)
    site = SiteView(portal, "party", result.as_of, notice_names_days=result.notice_names_days)
    assert result.notice_names_days == profile.notice_names_days
    return site, PortalView(portal, AS_OF, profile)


def test_sample_organizations_agree(sample: tuple[SiteView, PortalView]) -> None:
    site, rules = sample
    assert sorted(site.orgs) == sorted(rules.org_by_id)
    for org_id, model in site.orgs.items():
        view = rules.org_by_id[org_id]
        assert view.established == model.established
        assert view.revoked == asof.revoked_by(model.data, AS_OF)
        assert view.active == asof.active_on(model.data, AS_OF)
        assert view.revoked == site.revoked(org_id)  # the site's badge is the rules' revocation
    assert any(o.established for o in site.orgs.values())


def test_sample_records_agree_on_their_year(sample: tuple[SiteView, PortalView]) -> None:
    site, rules = sample
    seen = 0
    for view in rules.records:
        model = view.record
        if view.date == model.date:  # a date corrected after as-of is the stem's for rules
            assert view.year == model.year == asof.record_year(model.data, model.date)
            seen += 1
    assert seen > 100
    assert any(r.year != r.date.year for r in site.records.values())  # a `year` field counts


def test_sample_withdrawals_and_corrections_agree(sample: tuple[SiteView, PortalView]) -> None:
    site, rules = sample
    in_rules = {view.id for view in rules.records}
    published = [r for r in site.portal.records.values() if r.published <= AS_OF]
    assert any(site.withdrawn(r) for r in published)  # the sample withdraws a record
    for model in published:
        assert (site.withdrawn(model) is None) == (model.id in in_rules)
        assert site.corrections(model) == asof.corrections_by(model.data, AS_OF)


def test_sample_terms_agree(sample: tuple[SiteView, PortalView]) -> None:
    site, rules = sample
    longest = longest_term(rules.profile)
    ends = 0
    for view in rules.records:
        if view.kind != "election" or asof.term_years(view.data) is None:
            continue
        rules_end = periods.term_end(view.date, asof.term(view.data, view.date, AS_OF,
                                                          longest).years)
        assert site.term(view.record).end == rules_end
        ends += 1
    assert ends
    for org_id in site.orgs:
        lead = site.leadership(org_id)
        general = rules.of(org_id, "election", "general")
        if lead is not None and general and lead.sources[0] is general[-1].record:
            assert lead.term == site.term(general[-1].record)


# -- each fact, site and rules on the sample portal at several days --------------------------------

DAYS = (D("2024-06-30"), D("2025-06-30"), D("2026-03-31"), D("2026-12-03"))


@pytest.fixture(scope="module", params=DAYS, ids=str)
def on_day(request: pytest.FixtureRequest) -> tuple[SiteView, PortalView, list[dict[str, Any]]]:
    day = request.param
    result = run_check(Options(root=REPO, as_of=day))
    profile, _ = load_rule_profile(result.loaded.portal)
    site = SiteView(result.loaded.portal, "party", day, result.status,
                    notice_names_days=result.notice_names_days,
                    longest_term=result.longest_term)
    return site, PortalView(result.loaded.portal, day, profile), result.status


def _rows(status: list[dict[str, Any]], rule: str) -> dict[tuple[str, str], dict[str, Any]]:
    return {(str(r["org"]), str(r["period"])): r for r in status if r["rule"] == rule}


def test_each_day_leadership_starts_from_the_rules_latest_general_election(on_day: Any) -> None:
    site, rules, _ = on_day
    compared = 0
    for org_id in site.orgs:
        general = [g for g in rules.of(org_id, "election", "general") if site.visible(g.id)]
        lead = site.leadership(org_id)
        assert (lead is None) == (not general)
        if general:
            assert lead is not None and lead.sources[0] is general[-1].record
            compared += 1
    assert compared


def test_each_day_the_term_end_shown_is_the_one_the_rules_judge(on_day: Any) -> None:
    site, rules, status = on_day
    rows = _rows(status, "term-expiry")
    compared = 0
    for org_id in site.orgs:
        lead = site.leadership(org_id)
        row = rows.get((org_id, "term"))
        if lead is None or row is None or lead.term is None:
            continue
        assert row["due"] == lead.term.due.isoformat(), org_id
        compared += 1
    assert compared or site.as_of < D("2025-01-01")


def test_each_day_revocation_and_members_agree(on_day: Any) -> None:
    site, rules, _ = on_day
    for org_id in site.orgs:
        view = rules.org_by_id[org_id]
        assert view.revoked == site.revoked(org_id)
        assert view.members == (None if site.members(org_id) is None else site.members(org_id)[1])


def test_each_day_vacancies_and_outcomes_agree(on_day: Any) -> None:
    site, rules, status = on_day
    vacancies, outcomes = _rows(status, "vacancy-filled"), _rows(status, "resolution-outcome")
    seen = 0
    for view in rules.records:
        model = site.visible(view.id)
        if model is None:
            continue
        row = vacancies.get((view.org, view.id))
        if row is not None:
            lead = site.leadership(view.org)
            still_open = any(p == view.type for p, _ in lead.vacancies) if lead else False
            assert (row["status"] in ("ok", "late")) == (asof.filled_on(model.data, site.as_of)
                                                         is not None)
            assert still_open == (row["status"] not in ("ok", "late")), view.id
            seen += 1
        row = outcomes.get((view.org, view.id))
        if row is not None:
            assert (row["status"] in ("ok", "late")) == (site.outcome(model) is not None)
            seen += 1
    assert seen or site.as_of < D("2025-01-01")
