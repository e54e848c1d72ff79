"""Rule profiles: the built-in ones, a deployment's own, extends and overrides, and problems."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from portal_builder import PortalBuilder, findings, statuses

from gongkai.check.run import Options, run_check
from gongkai.cli import main
from gongkai.core.errors import PortalError
from gongkai.core.findings import ERROR
from gongkai.rules import RULES, V1_RULES
from gongkai.rules.profile import load_profile

D = dt.date
AS_OF = D(2026, 2, 1)
NEEDS = {rule_id: spec.needs for rule_id, spec in RULES.items()}


def training(portal: PortalBuilder, members: float, leaders: float = 60) -> None:
    portal.record("b1", "training", D(2026, 1, 10), "training", year=2025,
                  members={"total": 20, "met_requirement": 20, "required_hours": members},
                  leaders={"total": 5, "met_requirement": 5, "required_hours": leaders})


@pytest.fixture
def portal(tmp_path: Path) -> PortalBuilder:
    builder = PortalBuilder(tmp_path)
    builder.org("b1", "branch")
    return builder


@pytest.mark.parametrize("name", ["shanghai-organs-2010", "national-2018"])
def test_builtin_profiles_are_valid_and_complete(tmp_path: Path, name: str) -> None:
    profile, problems = load_profile(tmp_path, name, NEEDS)
    assert problems == []
    assert sorted(profile.rules) == sorted(V1_RULES)
    assert profile.reminder.value == {"days": 30}
    for rule in profile.rules.values():
        assert rule.cite.article or rule.cite.source, rule.id
        for param in rule.params.values():
            assert param.cite.article or param.cite.source, (rule.id, param.name)


def test_national_extends_shanghai_and_overrides_numbers(tmp_path: Path) -> None:
    national, _ = load_profile(tmp_path, "national-2018", NEEDS)
    shanghai, _ = load_profile(tmp_path, "shanghai-organs-2010", NEEDS)
    assert national.chain == ("national-2018", "shanghai-organs-2010")
    assert (national.rules["training-hours"].value("members_hours"),
            national.rules["training-hours"].value("leaders_hours")) == (32, 56)
    assert (shanghai.rules["training-hours"].value("members_hours"),
            shanghai.rules["training-hours"].value("leaders_hours")) == (24, 40)
    assert national.rules["term-length"].value("terms")["committee"] == [5]
    assert national.rules["term-expiry"].value("reminder") == {"months": 6}
    assert national.rules["training-hours"].cite.article == ""  # cites the national plan
    assert national.rules["annual-work-plan"] == shanghai.rules["annual-work-plan"]


@pytest.mark.parametrize(("profile", "members", "ok"), [
    ("shanghai-organs-2010", 24, True), ("national-2018", 24, False),
    ("national-2018", 31.5, False), ("national-2018", 32, True),
])
def test_training_hours_under_both_profiles(tmp_path: Path, profile: str, members: float,
                                            ok: bool) -> None:
    portal = PortalBuilder(tmp_path, profile=profile)
    portal.org("b1", "branch")
    training(portal, members)
    found = findings(portal.check(D(2026, 2, 1)), "training-hours", "b1")
    assert (found == []) == ok
    if found:
        assert "全国党员教育培训工作规划" in found[0].citation
        assert "32" in found[0].message("zh")


def test_a_deployment_profile_extends_a_builtin_one(portal: PortalBuilder) -> None:
    portal.profile("our-office", {
        "name": "our-office", "extends": "shanghai-organs-2010",
        "rules": {"training-hours": {"members_hours": {"value": 30, "article": "(6)"}},
                  "timely-disclosure": {"enabled": False}}})
    portal.site["profile"] = "our-office"
    portal.write_site()
    training(portal, 24)
    portal.record("b1", "contact", D(2025, 3, 1), "visit", activity_type="volunteer",
                  published=D(2025, 6, 1))
    result = portal.check(D(2026, 2, 1))
    [finding] = findings(result, "training-hours", "b1")
    assert "30" in finding.message("zh") and finding.citation.startswith("(6)")
    assert statuses(result, "timely-disclosure") == {}


def test_a_deployment_profile_of_a_builtin_name_extends_the_builtin(portal: PortalBuilder) -> None:
    portal.profile("shanghai-organs-2010", {
        "name": "shanghai-organs-2010", "extends": "shanghai-organs-2010",
        "rules": {"training-hours": {"members_hours": {
            "value": 28, "profile_default": True, "source": "本局规定"}}}})
    training(portal, 24)
    [finding] = findings(portal.check(D(2026, 2, 1)), "training-hours", "b1")
    assert "28" in finding.message("zh")


def problems_of(portal: PortalBuilder, doc: dict[str, Any],
                as_of: dt.date = AS_OF) -> tuple[list[Any], Any]:
    portal.profile("ours", {"name": "ours", "extends": "shanghai-organs-2010", **doc})
    portal.site["profile"] = "ours"
    portal.write_site()
    result = run_check(Options(root=portal.root, as_of=as_of))
    return [f for f in result.report.findings if f.code == "schema/profile"], result


@pytest.mark.parametrize(("entry", "field"), [
    ({"members_hours": {"value": 30}}, "rules.training-hours.members_hours"),
    ({"members_hours": {"value": 30, "article": "(6)", "source": "x"}},
     "rules.training-hours.members_hours"),
    ({"members_hours": {"value": 30, "profile_default": True, "article": "(6)"}},
     "rules.training-hours.members_hours"),
    ({"members_hours": {"value": "thirty", "article": "(6)"}},
     "rules.training-hours.members_hours.value"),
    ({"meetings": {"value": [{"meeting_type": "party_class", "every": "quarter"}],
                   "article": "(8)"}}, "rules.training-hours.meetings"),
    ({"due": {"value": "02-30", "article": "(6)"}}, "rules.training-hours.due.value"),
])
def test_a_broken_rule_entry_is_a_finding_and_disables_the_rule(
        portal: PortalBuilder, entry: dict[str, Any], field: str) -> None:
    training(portal, 20)
    problems, result = problems_of(portal, {"rules": {"training-hours": entry}})
    assert [(f.severity, f.file, f.field) for f in problems][:1] == [
        (ERROR, "validators/profiles/ours.yaml", field)]
    assert problems[0].line > 1 and not result.report.ok
    assert "ours" in problems[0].message("en")
    assert statuses(result, "training-hours") == {}   # disabled, not run with a broken value
    assert statuses(result, "annual-work-plan")        # the other rules still run


def test_an_unknown_rule_id_is_a_finding(portal: PortalBuilder) -> None:
    problems, _ = problems_of(portal, {"rules": {"training-hour": {"article": "(6)"}}})
    assert [f.field for f in problems] == ["rules.training-hour"]


def test_a_standalone_profile_must_name_every_rule(portal: PortalBuilder) -> None:
    portal.profile("bare", {"name": "bare", "reminder": {"value": {"days": 30},
                                                         "profile_default": True, "source": "x"},
                            "rules": {"discipline-body": {"article": "(2)"}}})
    portal.site["profile"] = "bare"
    portal.write_site()
    result = run_check(Options(root=portal.root, as_of=D(2025, 6, 1)))
    problems = [f for f in result.report.findings if f.code == "schema/profile"]
    assert len(problems) == len(V1_RULES) - 1
    assert {s["rule"] for s in result.status} == {"discipline-body"}


@pytest.mark.parametrize("doc", [
    {"reminder": {"value": {"weeks": 2}, "profile_default": True, "source": "x"}},
    {"reminder": {"value": {"days": 2}}},
    {"name": "other"},
    {"rules": ["not", "a", "mapping"]},
])
def test_a_broken_top_level_value_makes_the_profile_unusable(portal: PortalBuilder,
                                                            doc: dict[str, Any]) -> None:
    with pytest.raises(PortalError) as raised:
        problems_of(portal, doc)
    assert "ours" in raised.value.message("en")


def test_unknown_profiles_and_loops_cannot_be_loaded(portal: PortalBuilder) -> None:
    for name in ("no-such-profile", "../../etc/passwd"):
        portal.site["profile"] = name
        portal.write_site()
        with pytest.raises(PortalError):
            run_check(Options(root=portal.root, as_of=D(2025, 6, 1)))
    portal.profile("a", {"name": "a", "extends": "b"})
    portal.profile("b", {"name": "b", "extends": "a"})
    portal.site["profile"] = "a"
    portal.write_site()
    with pytest.raises(PortalError) as raised:
        run_check(Options(root=portal.root, as_of=D(2025, 6, 1)))
    assert "loop" in raised.value.message("en")
    (portal.root / "validators" / "profiles" / "a.yaml").write_text("name: [a\n", encoding="utf-8")
    with pytest.raises(PortalError):
        run_check(Options(root=portal.root, as_of=D(2025, 6, 1)))


def test_cli_exit_codes(portal: PortalBuilder, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(portal.root)
    assert main(["--root", root, "check", "--as-of", "2024-12-31"]) == 0   # nothing due yet
    assert main(["--root", root, "check", "--as-of", "2025-03-01"]) == 0   # only reminders
    assert "rule/annual-work-plan" in capsys.readouterr().out
    assert main(["--root", root, "check", "--as-of", "2025-04-01"]) == 1   # overdue
    portal.site["profile"] = "no-such-profile"
    portal.write_site()
    assert main(["--root", root, "check", "--as-of", "2025-04-01"]) == 2
    assert "no-such-profile" in capsys.readouterr().err
