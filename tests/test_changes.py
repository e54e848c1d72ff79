"""Pull-request mode: ``gongkai check --changed-since REV`` on real git repositories.

Most tests drive a small stand-in rule engine (two rules shaped like the real ones), so that what
is being tested is the comparison with REV, not the rules; the tests at the end run the real rule
engine on the same scenarios.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

import pytest

from gongkai.cli import main
from gongkai.core.findings import ERROR, Finding
from gongkai.model import asof
from gongkai.model.portal import Portal
from portal_kit import write

AS_OF = "2025-06-01"

SITE = """\
schema_version: 2
name: 测试局机关党务公开
root: bureau
profile: shanghai-organs-2010
checks_from: 2024-01-01
"""
BUREAU = """\
id: bureau
name: 测试局机关党委
type: committee
history:
  - {date: 2016-04-12, event: established, approval: {by: 市级机关工作党委, ref: 测〔2016〕1号, date: 2016-04-01}}
discipline: {kind: commission, name: 测试局机关纪委}
maintainers: [admin]
"""
BRANCH = """\
id: {id}
name: 测试局{name}
type: branch
parent: bureau
history:
  - {{date: 2016-05-10, event: established, approval: {{by: 测试局机关党委, ref: 测〔2016〕3号, date: 2016-05-06}}}}
discipline: {{kind: member}}
maintainers: [{maintainer}]
"""
PLAN = """\
kind: plan
title: 第一党支部2025年工作计划
date: 2025-02-20
published: 2025-02-25
scope: party
plan_type: annual_work
year: 2025
"""
RESOLUTION = """\
kind: resolution
title: 关于改进职工食堂管理的决定
date: 2025-01-10
published: 2025-01-15
scope: unit
decided_by: 支部委员会
due: 2025-03-31
progress:
  - {date: 2025-02-10, note: 已完成意见征集}
"""
CONTACT = """\
kind: contact
title: 走访慰问困难党员
date: 2025-05-10
published: 2025-05-12
scope: public
activity_type: condolence
participants: 6
"""
MEETING = """\
kind: meeting
title: 第一党支部党员大会
date: 2025-02-14
published: 2025-02-17
scope: party
meeting_type: members_meeting
"""
A = "data/orgs/branch-a"
PLAN_FILE = f"{A}/2025/2025-02-20-annual-plan.yaml"
RESOLUTION_FILE = f"{A}/2025/2025-01-10-canteen.yaml"
CONTACT_FILE = f"{A}/2025/2025-05-10-condolence.yaml"


# -- a stand-in rule engine --------------------------------------------------------------------------

def fake_evaluate(portal: Portal, as_of: dt.date) -> types.SimpleNamespace:
    """annual-work-plan (error at org.yaml after 03-31) and resolution-outcome (error at the
    record 30 days after ``due``), shaped as the real rules' findings are."""
    findings = []
    due = dt.date(as_of.year, 3, 31)
    for org in portal.orgs.values():
        plans = [r for r in portal.records_of(org.id, "plan")
                 if r.data.get("plan_type") == "annual_work" and r.year == as_of.year
                 and asof.withdrawal(r.data, as_of) is None and r.published <= as_of]
        if as_of > due and not plans:
            findings.append(Finding("rule/annual-work-plan", ERROR, org.file, org.line("id"), 1,
                                    params=(("year", as_of.year),), status="overdue",
                                    org=org.id, period=str(as_of.year), due=due))
        for record in portal.records_of(org.id, "resolution"):
            limit = record.data["due"] + dt.timedelta(days=30)
            if not record.data.get("outcome") and as_of > limit:
                findings.append(Finding("rule/resolution-outcome", ERROR, record.file,
                                        record.line("due"), 1, "outcome",
                                        params=(("title", record.title),), status="overdue",
                                        org=org.id, period=str(limit.year), due=limit))
    return types.SimpleNamespace(findings=findings, status=[],
                                 notice_names_days=asof.NOTICE_NAMES_DAYS, longest_term=None)


@pytest.fixture
def fake_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    module = types.ModuleType("gongkai.rules")
    module.evaluate = fake_evaluate  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gongkai.rules", module)


# -- a portal in a git repository ------------------------------------------------------------------

def git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.gov.cn",
                           "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
                          cwd=root, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(root: Path, message: str = "change") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "--allow-empty", "-m", message)
    return git(root, "rev-parse", "HEAD")


def put(root: Path, rel: str, text: str) -> None:
    write(root / rel, text)


def make_repo(root: Path, *, plan: bool = True, init: bool = True) -> str:
    """A committee and two branches: branch-a (alice) with records, branch-b (bob) with none, so
    branch-b has an old overdue annual work plan. Returns the commit."""
    if init:
        git(root, "init", "-q", "-b", "main")
    put(root, "data/site.yaml", SITE)
    put(root, "data/orgs/bureau/org.yaml", BUREAU)
    put(root, f"{A}/org.yaml", BRANCH.format(id="branch-a", name="第一党支部", maintainer="alice"))
    put(root, "data/orgs/branch-b/org.yaml",
        BRANCH.format(id="branch-b", name="第二党支部", maintainer="bob"))
    put(root, "data/orgs/bureau/2025/2025-02-18-annual-plan.yaml", PLAN.replace("第一党支部", "机关党委"))
    if plan:
        put(root, PLAN_FILE, PLAN)
    put(root, RESOLUTION_FILE, RESOLUTION)
    return commit(root, "portal")


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, str]:
    root = tmp_path / "portal"
    root.mkdir()
    return root, make_repo(root)


def check(root: Path, rev: str, *args: str, capsys: pytest.CaptureFixture[str],
          as_of: str = AS_OF) -> tuple[int, dict[str, Any]]:
    code = main(["--root", str(root), "check", "--as-of", as_of, "--changed-since", rev,
                 "--format", "json", *args])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out)


def blocking(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return sorted((f["code"], f["file"]) for f in doc["findings"] if f["severity"] == "error")


def codes(doc: dict[str, Any], org: str | None = None) -> set[str]:
    return {f["code"] for f in doc["findings"]
            if org is None or f["file"].startswith(f"data/orgs/{org}/")}


# -- scope and what blocks -------------------------------------------------------------------------

@pytest.mark.usefixtures("fake_rules")
def test_other_orgs_old_error_does_not_block(repo: tuple[Path, str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, CONTACT_FILE, CONTACT)
    commit(root)
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])
    assert doc["changed_since"]["orgs"] == ["branch-a"]
    assert doc["changed_since"]["files"] == [CONTACT_FILE]
    assert not codes(doc, "branch-b")  # out of scope: not even shown
    # a full check still sees branch-b's overdue plan
    assert main(["--root", str(root), "check", "--as-of", AS_OF]) == 1
    assert "data/orgs/branch-b/org.yaml" in capsys.readouterr().out


@pytest.mark.usefixtures("fake_rules")
def test_new_schema_error_in_changed_org_blocks(repo: tuple[Path, str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, CONTACT_FILE, CONTACT.replace("condolence", "twining"))
    code, doc = check(root, rev, capsys=capsys)  # uncommitted and untracked: still a change
    assert (code, blocking(doc)) == (1, [("schema/allowed", CONTACT_FILE)])


@pytest.mark.usefixtures("fake_rules")
def test_new_rule_error_in_changed_org_blocks(repo: tuple[Path, str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, PLAN_FILE, PLAN + "withdrawn: {date: 2025-05-20, reason: 计划已调整，另行发布}\n")
    commit(root)
    code, doc = check(root, rev, capsys=capsys)
    # withdrawing needs no correction, but it leaves 2025 without a plan: a new rule error
    assert (code, blocking(doc)) == (1, [("rule/annual-work-plan", f"{A}/org.yaml")])
    [new] = [f for f in doc["findings"] if f["severity"] == "error"]
    assert (new["org"], new["period"], new["due"]) == ("branch-a", "2025", "2025-03-31")


@pytest.mark.usefixtures("fake_rules")
def test_old_error_in_own_org_does_not_block_a_new_record(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rev = make_repo(tmp_path, plan=False)
    put(tmp_path, CONTACT_FILE, CONTACT)
    commit(tmp_path)
    code, doc = check(tmp_path, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])
    old = {(f["code"], f["file"]): f for f in doc["findings"]}
    plan = old[("rule/annual-work-plan", f"{A}/org.yaml")]
    assert plan["severity"] == "warning" and plan["existing"] is True
    assert plan["message"].endswith(f"（{rev} 时已存在，不阻止合并）")
    assert old[("rule/resolution-outcome", RESOLUTION_FILE)]["existing"] is True


@pytest.mark.usefixtures("fake_rules")
def test_an_old_rule_error_stays_old_when_its_line_moves(repo: tuple[Path, str],
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    shifted = ("# yaml-language-server: $schema=../../../../validators/resolution.json\n\n"
               + RESOLUTION + "  - {date: 2025-05-15, note: 已完成招标}\n")
    put(root, RESOLUTION_FILE, shifted)
    commit(root)
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])
    [old] = [f for f in doc["findings"] if f["code"] == "rule/resolution-outcome"]
    assert old["existing"] is True and old["line"] == 9  # was line 7 at REV


@pytest.mark.usefixtures("fake_rules")
def test_site_change_puts_every_org_in_scope(repo: tuple[Path, str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, "data/site.yaml", SITE.replace("测试局机关党务公开", "测试局党务公开"))
    commit(root)
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])  # nothing new: old errors are shown, not blocking
    assert doc["changed_since"]["orgs"] == "*"
    assert "rule/annual-work-plan" in codes(doc, "branch-b")
    main(["--root", str(root), "check", "--as-of", AS_OF, "--changed-since", rev])
    assert "检查范围：全部组织" in capsys.readouterr().out


@pytest.mark.usefixtures("fake_rules")
def test_a_corrected_edit_that_breaks_a_rule_blocks(
        repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    # a correction allows the edit; the plan now counts as published after the as-of date
    put(root, PLAN_FILE, PLAN.replace("published: 2025-02-25", "published: 2025-07-01")
        + "corrections:\n  - {date: 2025-07-01, note: 更正公开日期}\n")
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (1, [("rule/annual-work-plan", f"{A}/org.yaml")])


# -- refused changes -------------------------------------------------------------------------------

@pytest.mark.usefixtures("fake_rules")
def test_deleting_a_record_is_refused_unless_allowed(repo: tuple[Path, str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, CONTACT_FILE, CONTACT)
    rev = commit(root)
    git(root, "rm", "-q", CONTACT_FILE)
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (1, [("change/deleted", CONTACT_FILE)])
    [refused] = [f for f in doc["findings"] if f["code"] == "change/deleted"]
    assert "withdrawn" in refused["message"] and "--allow-delete" in refused["message"]
    code, doc = check(root, rev, "--allow-delete", capsys=capsys)
    assert (code, blocking(doc)) == (0, [])


@pytest.mark.usefixtures("fake_rules")
def test_deleting_an_organization_file_is_refused(repo: tuple[Path, str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    (root / "data/orgs/branch-b/org.yaml").unlink()
    code, doc = check(root, rev, capsys=capsys)
    assert code == 1
    assert ("change/deleted", "data/orgs/branch-b/org.yaml") in blocking(doc)
    [refused] = [f for f in doc["findings"] if f["code"] == "change/deleted"]
    assert "revoked" in refused["message"]


@pytest.mark.usefixtures("fake_rules")
def test_an_allowed_deletion_still_blocks_on_the_references_it_breaks(
        repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, CONTACT_FILE, CONTACT + "refs: [branch-a/2025-01-10-canteen]\n")
    rev = commit(root)
    (root / RESOLUTION_FILE).unlink()
    code, doc = check(root, rev, "--allow-delete", capsys=capsys)
    # the referring record did not change, but the error is new and this change made it
    assert (code, blocking(doc)) == (1, [("schema/unknown-ref", CONTACT_FILE)])


@pytest.mark.usefixtures("fake_rules")
@pytest.mark.parametrize("how", ["git mv, committed", "mv, not committed"])
def test_renaming_a_record_is_refused(repo: tuple[Path, str], how: str,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    new = f"{A}/2025/2025-02-20-work-plan.yaml"
    if how.startswith("git"):
        git(root, "mv", PLAN_FILE, new)
        commit(root)
    else:
        (root / PLAN_FILE).rename(root / new)
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (1, [("change/renamed", new)])
    [refused] = [f for f in doc["findings"] if f["code"] == "change/renamed"]
    assert PLAN_FILE in refused["message"]
    code, doc = check(root, rev, "--allow-delete", capsys=capsys)
    assert (code, blocking(doc)) == (0, [])


@pytest.mark.usefixtures("fake_rules")
def test_a_content_edit_needs_a_correction(repo: tuple[Path, str],
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    edited = RESOLUTION.replace("关于改进职工食堂管理的决定", "关于改进食堂管理的决定")
    put(root, RESOLUTION_FILE, edited)
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (1, [("change/needs-correction", RESOLUTION_FILE)])
    [refused] = [f for f in doc["findings"] if f["code"] == "change/needs-correction"]
    assert (refused["line"], refused["field"]) == (2, "title")
    assert "corrections" in refused["message"]
    # the resolution-outcome error changed its title parameter: still the same, old problem
    assert [f["existing"] for f in doc["findings"] if f["code"].startswith("rule/")] == [True]
    put(root, RESOLUTION_FILE, edited + "corrections:\n  - {date: 2025-05-30, note: 标题有误，已更正}\n")
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])


@pytest.mark.usefixtures("fake_rules")
def test_a_correction_names_the_first_change_and_counts_the_others(
        repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, RESOLUTION_FILE, RESOLUTION.replace("关于改进职工食堂管理的决定", "关于改进食堂管理的决定")
        .replace("已完成意见征集", "已完成意见征集和汇总"))
    for lang, words in (("zh", "（“title”等 2 处）"), ("en", "and 1 more")):
        code, doc = check(root, rev, "--lang", lang, capsys=capsys)
        [refused] = [f for f in doc["findings"] if f["code"] == "change/needs-correction"]
        assert (code, refused["field"]) == (1, "title") and words in refused["message"], lang
    put(root, RESOLUTION_FILE, RESOLUTION.replace("已完成意见征集", "已完成意见征集和汇总"))
    code, doc = check(root, rev, capsys=capsys)
    [refused] = [f for f in doc["findings"] if f["code"] == "change/needs-correction"]
    assert "（“progress[0].note”）" in refused["message"]


@pytest.mark.usefixtures("fake_rules")
def test_editing_an_existing_progress_entry_needs_a_correction(
        repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, RESOLUTION_FILE, RESOLUTION.replace("已完成意见征集", "已完成意见征集和汇总"))
    code, doc = check(root, rev, capsys=capsys)
    [refused] = [f for f in doc["findings"] if f["code"] == "change/needs-correction"]
    assert (code, refused["field"], refused["line"]) == (1, "progress[0].note", 9)


@pytest.mark.usefixtures("fake_rules")
def test_lifecycle_updates_need_no_correction(repo: tuple[Path, str],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, RESOLUTION_FILE, RESOLUTION + "  - {date: 2025-04-20, note: 新供应商已进场, percent: 80}\n"
        "outcome: {date: 2025-05-20, status: completed, summary: 食堂管理办法已施行}\n")
    commit(root)
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])
    assert "rule/resolution-outcome" not in codes(doc)  # and the old problem is solved


@pytest.mark.usefixtures("fake_rules")
def test_formatting_is_not_content(repo: tuple[Path, str],
                                   capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, PLAN_FILE, "# yaml-language-server: $schema=../../../../validators/plan.json\n"
        "kind: 'plan'\ntitle: \"第一党支部2025年工作计划\"\nplan_type: annual_work\nyear: 2025\n"
        "date: '2025-02-20'\npublished: 2025-02-25\nscope: party\ncategory: own_decisions\n")
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])


# -- who may change what ---------------------------------------------------------------------------

@pytest.mark.usefixtures("fake_rules")
def test_author_must_maintain_the_folder(repo: tuple[Path, str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, CONTACT_FILE, CONTACT)
    code, doc = check(root, rev, "--author", "alice", capsys=capsys)
    assert (code, blocking(doc)) == (0, [])
    code, doc = check(root, rev, "--author", "@Alice", capsys=capsys)  # handles ignore case
    assert code == 0
    code, doc = check(root, rev, "--author", "bob", capsys=capsys)
    assert (code, blocking(doc)) == (1, [("change/not-maintainer", CONTACT_FILE)])
    [refused] = [f for f in doc["findings"] if f["code"] == "change/not-maintainer"]
    assert refused["message"].startswith("@bob 不能修改此文件") and "branch-a" in refused["message"]


@pytest.mark.usefixtures("fake_rules")
def test_an_author_cannot_add_themselves_in_the_same_change(
        repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, "data/orgs/branch-b/org.yaml",
        BRANCH.format(id="branch-b", name="第二党支部", maintainer="bob, alice"))
    put(root, "data/orgs/branch-b/2025/2025-05-10-condolence.yaml", CONTACT)
    code, doc = check(root, rev, "--author", "alice", capsys=capsys)
    assert (code, blocking(doc)) == (1, [
        ("change/not-maintainer", "data/orgs/branch-b/2025/2025-05-10-condolence.yaml"),
        ("change/not-maintainer", "data/orgs/branch-b/org.yaml")])


@pytest.mark.usefixtures("fake_rules")
def test_a_new_org_belongs_to_its_parents_maintainers(repo: tuple[Path, str],
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, "data/orgs/branch-c/org.yaml",
        BRANCH.format(id="branch-c", name="第三党支部", maintainer="carol"))
    code, doc = check(root, rev, "--author", "carol", capsys=capsys)
    refused = [f for f in doc["findings"] if f["code"].startswith("change/")]
    assert code == 1
    assert [(f["code"], f["file"]) for f in refused] == [
        ("change/not-maintainer", "data/orgs/branch-c/org.yaml")]
    assert "“bureau”" in refused[0]["message"]
    code, doc = check(root, rev, "--author", "admin", capsys=capsys)
    assert not codes(doc) & {"change/not-maintainer"}


@pytest.mark.usefixtures("fake_rules")
def test_files_outside_org_folders_belong_to_the_root_maintainers(
        repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, "data/site.yaml", SITE.replace("测试局机关党务公开", "测试局党务公开"))
    code, doc = check(root, rev, "--author", "alice", capsys=capsys)
    assert (code, blocking(doc)) == (1, [("change/not-maintainer", "data/site.yaml")])
    code, doc = check(root, rev, "--author", "admin", capsys=capsys)
    assert (code, blocking(doc)) == (0, [])


# -- the command line and the repository ---------------------------------------------------------

@pytest.mark.usefixtures("fake_rules")
@pytest.mark.parametrize("rev", ["no-such-branch", "--output=/tmp/x", "", "HEAD~5"])
def test_unknown_revision_is_exit_2(repo: tuple[Path, str], rev: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = repo
    code = main(["--root", str(root), "check", f"--changed-since={rev}"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "找不到修订" in err and "Traceback" not in err


@pytest.mark.usefixtures("fake_rules")
def test_not_a_git_repository_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "plain"
    put(root, "data/site.yaml", SITE)
    code = main(["--root", str(root), "check", "--changed-since", "main",
                 "--lang", "en"])
    _, err = capsys.readouterr()
    assert code == 2 and "is not a git repository" in err


def test_author_without_changed_since_is_exit_2(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(tmp_path), "check", "--author", "alice"]) == 2
    assert "--changed-since" in capsys.readouterr().err


@pytest.mark.usefixtures("fake_rules")
def test_the_repository_is_left_as_it_was(repo: tuple[Path, str], tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    put(root, CONTACT_FILE, CONTACT)  # untracked
    put(root, RESOLUTION_FILE, RESOLUTION.replace("支部委员会", "支委会"))  # modified
    (root / PLAN_FILE).rename(root / f"{A}/2025/2025-02-20-plan.yaml")  # renamed, untracked
    git(root, "add", RESOLUTION_FILE)  # staged

    def state() -> tuple[Any, ...]:
        return (git(root, "status", "--porcelain", "-uall"), git(root, "ls-files", "--stage"),
                git(root, "worktree", "list"), git(root, "stash", "list"),
                git(root, "count-objects", "-v"), sorted(p.name for p in (root / ".git").iterdir()))

    before = state()
    code, _ = check(root, rev, capsys=capsys)
    after = state()
    assert code == 1 and before == after
    assert list(scratch.iterdir()) == []  # temporary folders removed


@pytest.mark.usefixtures("fake_rules")
def test_a_portal_in_a_subfolder_of_the_repository(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    put(tmp_path, "README.md", "outside the portal\n")
    root = tmp_path / "portal"
    root.mkdir()
    rev = make_repo(root, init=False)
    put(tmp_path, "README.md", "changed, outside the portal\n")
    put(root, CONTACT_FILE, CONTACT)
    (root / PLAN_FILE).unlink()
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (1, [("change/deleted", PLAN_FILE),
                                         ("rule/annual-work-plan", f"{A}/org.yaml")])
    assert doc["changed_since"]["files"] == sorted([CONTACT_FILE, PLAN_FILE])


@pytest.mark.usefixtures("fake_rules")
def test_branch_behind_its_base_is_compared_from_where_it_left(
        repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = repo
    git(root, "checkout", "-q", "-b", "feature")
    put(root, CONTACT_FILE, CONTACT)
    commit(root)
    git(root, "checkout", "-q", "main")
    put(root, "data/orgs/branch-b/2025/2025-05-10-condolence.yaml", CONTACT)
    commit(root, "main moves on")
    git(root, "checkout", "-q", "feature")
    code, doc = check(root, "main", capsys=capsys)
    # branch-b's new record on main is not "deleted" by the feature branch
    assert (code, blocking(doc)) == (0, [])
    assert doc["changed_since"]["files"] == [CONTACT_FILE]


# -- the real rule engine ------------------------------------------------------------------------

def _have_rules() -> bool:
    try:
        from gongkai.rules import evaluate  # noqa: F401
    except ImportError:
        return False
    return True


real_rules = pytest.mark.skipif(not _have_rules(),
                                reason="the rule engine (gongkai.rules) is not there yet")


def _rule_errors(doc: dict[str, Any], org: str) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if f["severity"] == "error" and f["code"].startswith("rule/")
            and f.get("org", "") == org]


@real_rules
def test_real_rules_other_orgs_overdue_items_do_not_block(
        repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    assert main(["--root", str(root), "check", "--as-of", AS_OF, "--org", "branch-b"]) == 1
    assert "rule/annual-work-plan" in capsys.readouterr().out  # branch-b is overdue
    put(root, CONTACT_FILE, CONTACT)
    commit(root)
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])
    assert not codes(doc, "branch-b")


@real_rules
def test_real_rules_own_new_errors_block(repo: tuple[Path, str],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, CONTACT_FILE, CONTACT.replace("condolence", "twining"))
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (1, [("schema/allowed", CONTACT_FILE)])
    (root / CONTACT_FILE).unlink()
    put(root, PLAN_FILE, PLAN + "withdrawn: {date: 2025-05-20, reason: 计划已调整，另行发布}\n")
    code, doc = check(root, rev, capsys=capsys)
    assert code == 1
    assert [(f["code"], f["period"]) for f in _rule_errors(doc, "branch-a")] == [
        ("rule/annual-work-plan", "2025")]
    assert not [c for c in blocking(doc) if c[0].startswith("change/")]


@real_rules
def test_real_rules_own_old_overdue_item_does_not_block_a_new_record(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rev = make_repo(tmp_path, plan=False)
    put(tmp_path, CONTACT_FILE, CONTACT)
    commit(tmp_path)
    code, doc = check(tmp_path, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])
    old = [f for f in doc["findings"] if f["code"] == "rule/annual-work-plan"
           and f["org"] == "branch-a" and f["period"] == "2025"]
    assert old and all(f["existing"] and f["severity"] == "warning" for f in old)


@real_rules
def test_real_rules_site_change_puts_every_org_in_scope(
        repo: tuple[Path, str], capsys: pytest.CaptureFixture[str]) -> None:
    root, rev = repo
    put(root, "data/site.yaml", SITE.replace("测试局机关党务公开", "测试局党务公开"))
    code, doc = check(root, rev, capsys=capsys)
    assert (code, blocking(doc)) == (0, [])
    assert doc["changed_since"]["orgs"] == "*" and codes(doc, "branch-b")


@real_rules
def test_real_rules_a_new_problem_next_to_old_ones_of_the_same_rule_and_period(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_repo(tmp_path)
    meeting = f"{A}/2025/2025-02-14-members-meeting.yaml"
    put(tmp_path, meeting, MEETING)
    rev = commit(tmp_path)
    put(tmp_path, meeting, MEETING + "withdrawn: {date: 2025-05-20, reason: 误报，会议未召开}\n")
    code, doc = check(tmp_path, rev, capsys=capsys)
    # 2025-Q1 already missed its party class and committee meeting: those stay old; the
    # general membership meeting is missing now too, and that is new
    assert code == 1
    new = _rule_errors(doc, "branch-a")
    assert [(f["code"], f["period"]) for f in new] == [("rule/three-meetings", "2025-Q1")]
    assert "支部党员大会" in new[0]["message"]
    old = [f for f in doc["findings"] if f["code"] == "rule/three-meetings"
           and f["period"] == "2025-Q1" and f.get("existing")]
    assert len(old) == 2
