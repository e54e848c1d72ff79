"""``gongkai new``: a skeleton in the right place that ``check`` accepts once filled in."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from gongkai.check.run import Options, run_check, today_in
from gongkai.cli import main
from gongkai.load.layout import STEM
from gongkai.tools.skeleton import slug
from gongkai.validate.schemas import KINDS, load_schema
from portal_kit import SITE, make_portal

DATE = "2026-03-15"
KEY_LINE = re.compile(r"^(?P<indent> *)(?P<key>[A-Za-z_]+):(?P<rest>.*)$")
# The first allowed value, except where it would make another field required (kindchecks.py):
# a democratic appraisal of members needs its results.
CHOICE = {"appraisal_type": "cadre_evaluation"}


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    return make_portal(tmp_path)


def new(root: Path, *args: str) -> int:
    return main(["--root", str(root), "new", *args])


def written(root: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = capsys.readouterr().out.strip()
    assert out.startswith("data/orgs/"), out
    return root / out


# -- slugs ----------------------------------------------------------------------------------------


def test_ascii_title_gives_words() -> None:
    assert slug("Annual Work Plan 2026!", "plan") == "annual-work-plan-2026"
    assert slug("  Lei Feng   day ", "contact") == "lei-feng-day"


def test_chinese_title_gives_kind_and_a_stable_hash() -> None:
    title = "关于调整党费收缴标准的决议"
    expected = "resolution-" + hashlib.sha1(title.encode("utf-8")).hexdigest()[:6]
    assert slug(title, "resolution") == expected == "resolution-1d059a"
    assert slug("2026年度 Annual 计划", "plan").startswith("plan-")  # mixed: not half a title
    assert slug("关于调整党费收缴标准的决议。", "resolution") != expected


def test_no_title_or_no_words_gives_the_kind() -> None:
    assert slug(None, "meeting") == "meeting"
    assert slug("   ", "meeting") == "meeting"
    assert re.fullmatch(r"notice-[0-9a-f]{6}", slug("!!!", "notice"))


@pytest.mark.parametrize("title", ["a" * 61, "word " * 40, "x", "Ünïcode title", "第一党支部"])
def test_slugs_fit_the_file_name_contract(title: str) -> None:
    assert re.fullmatch(r"[a-z0-9-]{1,60}", slug(title, "resolution"))
    assert STEM.fullmatch(f"{DATE}-{slug(title, 'resolution')}")


# -- the file ---------------------------------------------------------------------------------------


def test_writes_at_the_right_path_with_the_schema_line(portal: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    assert new(portal, "resolution", "--org", "case-branch", "--date", DATE,
               "--title", "关于调整党费收缴标准的决议") == 0
    path = written(portal, capsys)
    assert path == portal / "data/orgs/case-branch/2026/2026-03-15-resolution-1d059a.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../../schema/resolution.json"
    assert (path.parent / first.split("=", 1)[1]).resolve() == (portal / "schema/resolution.json").resolve()
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["title"] == "关于调整党费收缴标准的决议"
    assert doc["kind"] == "resolution" and doc["scope"] is None
    assert str(doc["date"]) == DATE
    assert doc["published"] == today_in("Asia/Shanghai")  # the day it is written, not the event's


def test_an_organization_with_no_records_gets_its_year_folder(portal: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert not (portal / "data/orgs/case-committee/2026").exists()
    assert new(portal, "plan", "--org", "case-committee", "--date", DATE) == 0
    assert written(portal, capsys) == portal / "data/orgs/case-committee/2026/2026-03-15-plan.yaml"


def test_default_date_is_today_in_the_site_timezone(portal: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    before = today_in("Asia/Shanghai")
    assert new(portal, "meeting", "--org", "case-branch") == 0
    name = written(portal, capsys).name
    assert name[:10] in {before.isoformat(), today_in("Asia/Shanghai").isoformat()}


@pytest.mark.parametrize("title", ["标题: 含冒号", "# 不是注释", "- 列表？", "'引号' 和 \"双引号\"",
                                   "yes", "2026-03-15", "  空格  ", "A: b # c"])
def test_titles_round_trip(portal: Path, title: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(portal, "notice", "--org", "case-branch", "--date", DATE, "--title", title) == 0
    doc = yaml.safe_load(written(portal, capsys).read_text(encoding="utf-8"))
    assert doc["title"] == title


def test_optional_fields_are_commented_with_hints_in_the_site_language(
        portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(portal, "resolution", "--org", "case-branch", "--date", DATE) == 0
    text = written(portal, capsys).read_text(encoding="utf-8")
    fields = load_schema("resolution").fields
    for key, rules in fields.items():
        if not rules.get("required"):
            assert re.search(rf"^# {key}:.*  # ", text, re.M), key
    assert "# consultation:  # 事前公开：征求意见" in text
    assert "# category: own_decisions  # 公开内容类别" in text
    assert "可选值：completed / partial / cancelled" in text
    scope_comment = text.splitlines()[text.splitlines().index("scope:") - 1]
    assert all(word in scope_comment for word in ("public", "party", "unit", "specific", "向社会公开"))


def test_english_site_gets_english_hints(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path, SITE + "language: en\n")
    assert new(root, "petition", "--org", "case-branch", "--date", DATE) == 0
    text = written(root, capsys).read_text(encoding="utf-8")
    assert "  from:  # period starts; date YYYY-MM-DD" in text
    assert "allowed: open / handled" in text
    assert not re.search(r"[\u4e00-\u9fff]", text)


# -- refusals -------------------------------------------------------------------------------------


def test_refuses_to_overwrite(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(portal, "meeting", "--org", "case-branch", "--date", DATE) == 0
    path = written(portal, capsys)
    path.write_text("kind: meeting\n", encoding="utf-8")
    assert new(portal, "meeting", "--org", "case-branch", "--date", DATE) == 1
    err = capsys.readouterr().err
    assert "已经存在，不会覆盖" in err and "2026-03-15-meeting.yaml" in err
    assert path.read_text(encoding="utf-8") == "kind: meeting\n"


def test_refuses_unknown_kind_and_organization(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(portal, "resolutions", "--org", "case-branch") == 2
    err = capsys.readouterr().err
    assert "没有这种记录类型" in err and "是不是 resolution" in err and "notice（公示）" in err
    assert new(portal, "meeting", "--org", "case-brnach") == 2
    err = capsys.readouterr().err
    assert "没有这个组织" in err and "是不是 case-branch" in err
    assert new(portal, "meeting", "--org", "../../etc") == 2
    assert sorted(p.name for p in (portal / "data/orgs").iterdir()) == ["case-branch", "case-committee"]
    assert not list((portal / "data").rglob("*-meeting.yaml"))


def test_refusals_speak_the_site_language(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path, SITE + "language: en\n")
    assert new(root, "meting", "--org", "case-branch") == 2
    assert "no such kind of record: 'meting'. Did you mean meeting?" in capsys.readouterr().err
    assert new(root, "meeting", "--org", "nope") == 2
    assert "no such organization: 'nope'" in capsys.readouterr().err


def test_no_portal_is_a_wrong_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(tmp_path, "meeting", "--org", "case-branch") == 2
    assert "data/" in capsys.readouterr().err


# -- check accepts the filled skeleton and points at each placeholder of the unfilled one ----------


def placeholders(text: str) -> list[tuple[int, tuple[str, ...]]]:
    """(line, field path) of every blank value that is not a mapping's head."""
    lines = text.splitlines()
    out = []
    stack: list[tuple[int, str]] = []
    for number, line in enumerate(lines, 1):
        match = KEY_LINE.match(line)
        if not match:
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["key"]))
        value = match["rest"].split("  #", 1)[0].strip()
        following = next((n for n in lines[number:] if n.strip() and not n.lstrip().startswith("#")), "")
        deeper = len(following) - len(following.lstrip()) > indent
        if not value and not deeper:
            out.append((number, tuple(key for _, key in stack)))
    return out


def sample(rules: dict[str, Any], key: str) -> str:
    if "allowed" in rules:
        return CHOICE.get(key, str(rules["allowed"][0]))
    kind = rules.get("type")
    if kind == "day":
        return DATE
    if kind == "integer":
        return "2026" if key == "year" else str(rules.get("min", 0))
    if kind == "number":
        return "0"
    if kind == "boolean":
        return "false"
    assert kind == "string", (key, rules)
    return "示例文字"


def rules_at(kind: str, path: tuple[str, ...]) -> dict[str, Any]:
    rules: dict[str, Any] = {"schema": load_schema(kind).fields}
    for key in path:
        rules = rules["schema"][key]
    return rules


def fill(text: str, kind: str) -> str:
    lines = text.splitlines()
    for number, path in placeholders(text):
        line = lines[number - 1]
        head, _, comment = line.partition("  #")
        lines[number - 1] = f"{head} {sample(rules_at(kind, path), path[-1])}  #{comment}"
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", KINDS)
def test_unfilled_fails_at_each_placeholder_and_filled_passes(
        tmp_path: Path, kind: str, lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path)
    assert new(root, kind, "--org", "case-branch", "--date", DATE, "--lang", lang) == 0
    path = written(root, capsys)
    text = path.read_text(encoding="utf-8")
    blanks = placeholders(text)
    assert ("title",) in [p for _, p in blanks] and ("scope",) in [p for _, p in blanks]

    findings = run_check(Options(root, rules=False)).report.sorted()
    assert {(f.code, f.line, f.field) for f in findings} == {
        ("schema/required", line, ".".join(p)) for line, p in blanks}

    path.write_text(fill(text, kind), encoding="utf-8")
    findings = run_check(Options(root, rules=False)).report.sorted()
    assert findings == [], [f"{f.code}@{f.line} {f.message('en')}" for f in findings]


def test_a_filled_skeleton_with_a_title_passes(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert new(portal, "meeting", "--org", "case-branch", "--date", DATE,
               "--title", "2026年3月支部党员大会") == 0
    path = written(portal, capsys)
    path.write_text(fill(path.read_text(encoding="utf-8"), "meeting"), encoding="utf-8")
    assert run_check(Options(portal, rules=False)).report.sorted() == []
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc["meeting_type"] == "members_meeting" and doc["title"] == "2026年3月支部党员大会"


# -- issue 14: published is the day the record is written; a future one is a warning ------------


def test_published_is_today_even_for_an_old_event(portal: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    today = today_in("Asia/Shanghai")
    assert new(portal, "contact", "--org", "case-branch", "--date", "2025-03-01") == 0
    doc = yaml.safe_load(written(portal, capsys).read_text(encoding="utf-8"))
    assert doc["date"] == dt.date(2025, 3, 1) and doc["published"] == today


def test_published_is_never_before_a_future_date(portal: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    later = today_in("Asia/Shanghai") + dt.timedelta(days=30)
    assert new(portal, "contact", "--org", "case-branch", "--date", later.isoformat()) == 0
    doc = yaml.safe_load(written(portal, capsys).read_text(encoding="utf-8"))
    assert doc["published"] == later


def test_a_future_published_is_a_warning_that_says_when(portal: Path) -> None:
    record = portal / "data/orgs/case-branch/2026/2026-03-15-contact.yaml"
    record.parent.mkdir(parents=True)
    record.write_text("kind: contact\ntitle: 结对共建\ndate: 2026-03-15\npublished: 2027-03-15\n"
                      "scope: public\nactivity_type: twinning\n", encoding="utf-8")
    result = run_check(Options(root=portal, as_of=dt.date(2026, 3, 20), rules=False))
    found = [(f.code, f.severity, f.file, f.line, f.field) for f in result.report.findings]
    assert found == [("schema/future-published", "warning",
                      "data/orgs/case-branch/2026/2026-03-15-contact.yaml", 4, "published")]
    [finding] = result.report.findings
    assert finding.message("zh").startswith("公开日期 published（2027-03-15）晚于今天（2026-03-20）："
                                            "这条记录要到 2027-03-15 才会出现在网站上")
    assert "will appear on the site only on 2027-03-15" in finding.message("en")
    later = run_check(Options(root=portal, as_of=dt.date(2027, 3, 15), rules=False))
    assert not [f for f in later.report.findings if f.code == "schema/future-published"]


def test_the_dashboard_does_not_list_a_record_scheduled_for_later(portal: Path) -> None:
    from gongkai.site.view import SiteView

    record = portal / "data/orgs/case-branch/2026/2026-03-15-contact.yaml"
    record.parent.mkdir(parents=True)
    record.write_text("kind: contact\ntitle: 结对共建\ndate: 2026-03-15\npublished: 2027-03-15\n"
                      "scope: public\nactivity_type: twinning\n", encoding="utf-8")
    result = run_check(Options(root=portal, as_of=dt.date(2026, 3, 20), rules=False))
    assert [f.code for f in result.report.findings] == ["schema/future-published"]
    view = SiteView(result.loaded.portal, "public", result.as_of, [], result.report.sorted())
    assert view.warnings() == []
