"""Profiles v2: regulations in force by date (handbook/docs/rules.md, "规则与依据").

Every change date of the built-in layers is tested the day before, on and after it; the
election rules, whose period starts on the election's day, are tested end to end at each date.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from portal_builder import PortalBuilder, findings, statuses

from gongkai.core.findings import ERROR, WARNING
from gongkai.rules import RULES
from gongkai.rules.layers import articles_in_words, chinese_number
from gongkai.rules.profile import load_profile

D = dt.date
DAY = dt.timedelta(days=1)
NEEDS = {rule_id: spec.needs for rule_id, spec in RULES.items()}
TERMS = D(2018, 7, 12)  # 《关于党的基层组织任期的意见》
BRANCH_RULES = D(2018, 10, 28)  # 《中国共产党支部工作条例（试行）》
EDUCATION = D(2019, 5, 6)  # 《中国共产党党员教育管理工作条例》
ELECTIONS = D(2020, 7, 13)  # 《中国共产党基层组织选举工作条例》


def profile(name: str = "shanghai-organs") -> Any:
    loaded, problems = load_profile(Path("/nonexistent"), name, NEEDS)
    assert problems == []
    return loaded


def test_chinese_numbers_and_articles_in_words() -> None:
    assert [chinese_number(n) for n in (1, 10, 15, 20, 37, 100, 105, 118)] == [
        "一", "十", "十五", "二十", "三十七", "一百", "一百零五", "一百一十八"]
    assert articles_in_words("(3) (37)", "《实施办法》", "the Shanghai measures") == (
        "《实施办法》第三条、第三十七条", "the Shanghai measures, articles 3, 37")


@pytest.mark.parametrize("name", ["shanghai-organs", "national"])
def test_v2_profiles_load_and_cite_in_words(name: str) -> None:
    loaded = profile(name)
    assert (loaded.duties, loaded.training) == ("by_role", "shortfall_warning")
    assert [layer.in_force for layer in loaded.layers] == [TERMS, BRANCH_RULES, EDUCATION,
                                                            ELECTIONS]
    for rule in loaded.rules.values():
        for config in (rule, *(later for _, later in rule.timeline)):
            text = config.cite.text("zh")
            assert "(" not in text, (rule.id, text)  # never a bare "(8)"
    assert "secretary-review" not in loaded.rules and "dues-disclosure" not in loaded.rules


@pytest.mark.parametrize(("rule", "key", "day", "before", "after"), [
    ("term-length", "terms", TERMS, [4], [5]),
    ("three-meetings", "meetings", BRANCH_RULES, "quarter", "month"),
    ("training-hours", "members_hours", EDUCATION, 24, 32),
    ("training-hours", "leaders_hours", EDUCATION, 40, 56),
])
def test_each_change_date_day_before_on_and_after(rule: str, key: str, day: dt.date,
                                                   before: Any, after: Any) -> None:
    config = profile().rules[rule]

    def value(on: dt.date) -> Any:
        got = config.at(on).value(key)
        if key == "terms":
            return got["committee"]
        if key == "meetings":
            return next(m["every"] for m in got if m["meeting_type"] == "committee_meeting")
        return got

    assert (value(day - DAY), value(day), value(day + DAY)) == (before, after, after)


def test_postponement_limit_and_new_duties_from_their_dates() -> None:
    rules = profile().rules
    expiry = rules["term-expiry"]
    assert "postpone_max" not in expiry.at(TERMS - DAY).params
    assert expiry.at(TERMS).value("postpone_max") == {"months": 12}
    assert expiry.at(ELECTIONS).param("postpone_max").cite.text("zh") == \
        "《基层组织选举工作条例》第三条"
    for rule in ("party-class", "heart-talk", "org-setup"):
        enabled = [rules[rule].at(d).enabled for d in (BRANCH_RULES - DAY, BRANCH_RULES,
                                                        BRANCH_RULES + DAY)]
        assert enabled == [False, True, True], rule


def test_frozen_profiles_have_no_layers_and_keep_v1_settings() -> None:
    for name in ("shanghai-organs-2010", "national-2018"):
        loaded = profile(name)
        assert (loaded.duties, loaded.training, loaded.layers) == ("by_type", "all_or_nothing", ())
        assert all(rule.timeline == () for rule in loaded.rules.values())


# -- elections at the change dates, end to end -------------------------------------------------


def election(portal: PortalBuilder, org: str, date: dt.date, body: str, years: int,
             slug: str = "election", **fields: Any) -> None:
    portal.record(org, "election", date, slug, election_type="general", elected_body=body,
                  term_years=years,
                  candidates_approval={"by": "上级党组织", "date": date - dt.timedelta(days=10)},
                  **fields)


@pytest.mark.parametrize(("day", "years", "ok"), [
    (TERMS - DAY, 4, True), (TERMS - DAY, 5, False),
    (TERMS, 4, False), (TERMS, 5, True), (TERMS + DAY, 4, False), (TERMS + DAY, 5, True),
])
def test_term_length_by_the_term_in_force_on_the_election_day(tmp_path: Path, day: dt.date,
                                                              years: int, ok: bool) -> None:
    portal = PortalBuilder(tmp_path, checks_from=D(2018, 1, 1), profile="shanghai-organs")
    portal.org("c1", "committee")
    election(portal, "c1", day, "committee", years)
    found = findings(portal.check(D(2018, 12, 1)), "term-length", "c1")
    assert (found == []) == ok
    if found:
        assert "《任期意见》第一项" in found[0].citation or "《实施办法》第三条" in found[0].citation


def test_a_term_elected_before_the_change_keeps_its_term(tmp_path: Path) -> None:
    """Elected in 2017 for 2 years under the measures: still right when checked today."""
    portal = PortalBuilder(tmp_path, checks_from=D(2017, 1, 1), profile="shanghai-organs")
    portal.org("b1", "branch")
    election(portal, "b1", D(2017, 6, 1), "branch_committee", 2)
    assert findings(portal.check(D(2019, 3, 1)), "term-length", "b1") == []


@pytest.mark.parametrize(("until", "expected"), [
    (D(2027, 3, 27), []),  # exactly 1 year after the term ended
    (D(2027, 3, 28), [(WARNING, "postponement")]),
])
def test_postponement_longer_than_a_year_asks_for_justification(
        tmp_path: Path, until: dt.date, expected: list[tuple[str, str]]) -> None:
    portal = PortalBuilder(tmp_path, profile="shanghai-organs")
    portal.org("b1", "branch")
    election(portal, "b1", D(2023, 3, 28), "branch_committee", 3, postponement={
        "approval": {"by": "上级党组织", "date": D(2026, 2, 1)}, "until": until})
    found = findings(portal.check(D(2026, 6, 1)), "term-expiry", "b1")
    assert [(f.severity, f.period) for f in found] == expected
    if found:
        assert "说明理由" in found[0].message("zh")


def test_the_frozen_profile_accepts_any_postponement(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path)
    portal.org("b1", "branch")
    election(portal, "b1", D(2023, 3, 28), "branch_committee", 3, postponement={
        "approval": {"by": "上级党组织", "date": D(2026, 2, 1)}, "until": D(2028, 1, 1)})
    assert findings(portal.check(D(2026, 6, 1)), "term-expiry", "b1") == []


@pytest.mark.parametrize(("approved", "profile_name", "expected"), [
    (False, "shanghai-organs", [ERROR]), (True, "shanghai-organs", []),
    (False, "shanghai-organs-2010", []),
])
def test_an_early_general_election_needs_approval(tmp_path: Path, approved: bool,
                                                  profile_name: str,
                                                  expected: list[str]) -> None:
    portal = PortalBuilder(tmp_path, profile=profile_name)
    portal.org("b1", "branch")
    election(portal, "b1", D(2023, 3, 28), "branch_committee", 3, slug="first")
    extra = {"advance_approval": {"by": "上级党组织", "date": D(2025, 2, 1)}} if approved else {}
    election(portal, "b1", D(2025, 3, 1), "branch_committee", 3, **extra)
    found = findings(portal.check(D(2025, 4, 1)), "election-approval", "b1")
    assert [f.severity for f in found] == expected
    if found:
        assert "advance_approval" in found[0].message("zh")


# -- meetings: quarterly before the branch regulations, monthly after ---------------------------


def test_committee_meetings_switch_from_quarterly_to_monthly(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, checks_from=D(2018, 7, 1), profile="shanghai-organs")
    portal.org("b1", "branch")
    periods = statuses(portal.check(D(2019, 1, 15)), "three-meetings", "b1")
    committee = sorted(p for p in periods if p.startswith("2018") and "Q" not in p)
    assert "2018-Q3" in periods and "2018-Q4" in periods  # quarters that began before 10-28
    assert committee == ["2018-11", "2018-12"]  # months that began on or after it


def test_group_meetings_only_where_the_branch_has_party_groups(tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, profile="shanghai-organs")
    portal.org("b1", "branch", party_groups=2)
    portal.org("b2", "branch")
    result = portal.check(D(2025, 3, 15))
    kinds = {dict(f.params)["meeting_type"] for f in findings(result, "three-meetings", "b1")}
    assert "group_meeting" in kinds and "theme_day" in kinds
    kinds = {dict(f.params)["meeting_type"] for f in findings(result, "three-meetings", "b2")}
    assert "group_meeting" not in kinds and "theme_day" in kinds


# -- citations in words, a convention footnoted once ---------------------------------------------


def test_findings_cite_in_words_and_footnote_conventions_once(tmp_path: Path) -> None:
    from gongkai.core.conventions import MARK, footnote
    from gongkai.report.formats import as_json, github_step_summary, junit, text
    portal = PortalBuilder(tmp_path, profile="shanghai-organs")
    portal.org("b1", "branch")
    portal.org("b2", "branch")
    result = portal.check(D(2026, 6, 1))
    found = findings(result, "annual-work-plan")
    assert len(found) >= 2
    for finding in found:
        assert finding.citation.startswith("《实施办法》第十四条") and MARK in finding.citation
        assert "本门户约定：" not in finding.citation  # the wording is in the footnote
    rendered = text(result.report.sorted(), "zh")
    assert rendered.count(footnote("zh")) == 1
    assert json.loads(as_json(result.report.sorted(), "en"))["footnotes"] == [footnote("en")]
    assert github_step_summary(result.report.sorted(), "zh").count(footnote("zh")) == 1
    assert junit(result.report.sorted(), "zh").count(footnote("zh")) == 1


def test_the_frozen_profile_keeps_its_v1_citations(tmp_path: Path) -> None:
    from gongkai.core.conventions import MARK
    from gongkai.report.formats import text
    portal = PortalBuilder(tmp_path)
    portal.org("b1", "branch")
    result = portal.check(D(2026, 6, 1))
    [finding, *_] = findings(result, "annual-work-plan", "b1")
    assert finding.citation.startswith("(14)；") and MARK not in finding.citation
    assert MARK not in text(result.report.sorted(), "zh")


@pytest.mark.parametrize(("year", "hours", "ok"), [
    (2019, 24, True),  # the 2019 period began before 2019-05-06: the measures' 24 hours
    (2020, 24, False), (2020, 32, True),
])
def test_training_hours_by_the_regulation_in_force_on_the_years_first_day(
        tmp_path: Path, year: int, hours: float, ok: bool) -> None:
    portal = PortalBuilder(tmp_path, checks_from=D(2019, 1, 1), profile="shanghai-organs")
    portal.org("b1", "branch")
    portal.record("b1", "training", D(year + 1, 1, 10), "training", year=year,
                  members={"total": 20, "met_requirement": 20, "required_hours": hours},
                  leaders={"total": 5, "met_requirement": 5, "required_hours": hours + 24})
    found = [f for f in findings(portal.check(D(year + 1, 2, 1)), "training-hours", "b1")
             if f.period == str(year)]
    assert (found == []) == ok


def test_theme_days_from_the_first_month_that_begins_under_the_branch_regulations(
        tmp_path: Path) -> None:
    portal = PortalBuilder(tmp_path, checks_from=D(2018, 9, 1), profile="shanghai-organs")
    portal.org("b1", "branch")
    periods = {f.period for f in findings(portal.check(D(2019, 1, 15)), "three-meetings", "b1")
               if dict(f.params)["meeting_type"] == "theme_day"}
    assert periods == {"2018-11", "2018-12", "2019-01"}  # 2019-01 is due soon


@pytest.mark.parametrize(("end", "limited"), [
    (TERMS - DAY * 2, False), (TERMS, True), (TERMS + DAY, True),
])
def test_the_postponement_limit_applies_to_terms_ending_from_the_opinions(
        tmp_path: Path, end: dt.date, limited: bool) -> None:
    portal = PortalBuilder(tmp_path, checks_from=D(2015, 1, 1), profile="shanghai-organs")
    portal.org("b1", "branch")
    start = end.replace(year=end.year - 3) + DAY
    election(portal, "b1", start, "branch_committee", 3, postponement={
        "approval": {"by": "上级党组织", "date": end}, "until": end.replace(year=end.year + 2)})
    found = [f for f in findings(portal.check(end + DAY), "term-expiry", "b1")
             if f.period == "postponement"]
    assert bool(found) == limited
