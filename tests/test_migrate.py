"""Data contract versions: a version-1 portal loads with one warning and its election ``body``
read as ``elected_body``; ``gongkai migrate`` rewrites it as version 2, line by line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gongkai.check.run import Options, run_check
from gongkai.tools.migrate import migrate
from portal_kit import SITE, make_portal, record_path, write

V1_SITE = SITE.replace("schema_version: 2", "schema_version: 1  # 数据格式版本")

ELECTION_V1 = """\
# 支部换届选举（注释保留）
kind: election
title: 第一党支部换届选举
date: 2025-03-28
published: 2025-03-30
scope: public
election_type: general
body: branch_committee   # 选举产生的机构
term_years: 3
candidates_approval: {by: 测试局机关党委, ref: 测〔2025〕2号, date: 2025-03-10}
elected:
  secretary: 张三
"""
STEM = "2025-03-28-election"


def v1_portal(root: Path) -> Path:
    make_portal(root, V1_SITE)
    write(record_path(root, STEM), ELECTION_V1)
    return root


def shape_findings(root: Path) -> list[tuple[str, str, str, int]]:
    result = run_check(Options(root=root, rules=False, cache=False))
    return [(f.code, f.severity, f.file, f.line) for f in result.report.sorted()]


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gongkai.cli", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120)


def test_a_version_1_portal_loads_with_one_warning(tmp_path: Path) -> None:
    root = v1_portal(tmp_path)
    assert shape_findings(root) == [("schema/old-version", "warning", "data/site.yaml", 1)]
    result = run_check(Options(root=root, rules=False, cache=False))
    assert result.report.ok  # a warning does not change the exit status
    record = result.loaded.portal.records[f"case-branch/{STEM}"]
    assert record.data["elected_body"] == "branch_committee"
    assert "body" not in record.data  # never shown as 正文


def test_the_warning_does_not_change_the_exit_status(tmp_path: Path) -> None:
    done = run(v1_portal(tmp_path), "check", "--as-of", "2025-06-30", "--lang", "en")
    assert "schema/old-version" in done.stdout and "gongkai migrate" in done.stdout
    assert done.stdout.count("schema/old-version") == 1
    assert "Traceback" not in done.stderr


def test_a_version_1_finding_points_at_the_line_of_body(tmp_path: Path) -> None:
    root = v1_portal(tmp_path)
    write(record_path(root, STEM), ELECTION_V1.replace("body: branch_committee", "body: branch"))
    found = [f for f in shape_findings(root) if f[0] == "schema/allowed"]
    assert found == [("schema/allowed", "error", f"data/orgs/case-branch/2025/{STEM}.yaml", 8)]


def test_a_version_2_portal_refuses_the_old_name(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, STEM), ELECTION_V1)
    result = run_check(Options(root=root, rules=False, cache=False))
    found = [(f.code, f.field) for f in result.report.sorted()]
    assert found == [("schema/required", "elected_body")]  # body is only ever Markdown


def test_migrate_rewrites_only_the_keys(tmp_path: Path) -> None:
    root = v1_portal(tmp_path)
    record = record_path(root, STEM)
    done = run(root, "migrate")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        f"已改写 data/orgs/case-branch/2025/{STEM}.yaml", "已改写 data/site.yaml",
        "已迁移到第 2 版：1 个选举记录的 body 改为 elected_body"]
    assert record.read_text("utf-8") == ELECTION_V1.replace(
        "body: branch_committee   #", "elected_body: branch_committee   #")
    assert (root / "data/site.yaml").read_text("utf-8") == V1_SITE.replace(
        "schema_version: 1  #", "schema_version: 2  #")
    assert shape_findings(root) == []


def test_migrate_is_idempotent(tmp_path: Path) -> None:
    root = v1_portal(tmp_path)
    migrate(root)
    before = {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")}
    done = run(root, "migrate", "--lang", "en")
    assert done.stdout == "already at contract version 2: nothing to migrate\n"
    assert {p: p.read_bytes() for p in (root / "data").rglob("*.yaml")} == before


def test_migrate_keeps_crlf_and_quoted_keys(tmp_path: Path) -> None:
    root = v1_portal(tmp_path)
    text = ELECTION_V1.replace("body: branch_committee", '"body": branch_committee')
    record_path(root, STEM).write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    result = migrate(root)
    assert result.skipped == []
    assert record_path(root, STEM).read_bytes() == text.replace(
        '"body"', '"elected_body"').replace("\n", "\r\n").encode("utf-8")


def test_migrate_finishes_an_interrupted_run(tmp_path: Path) -> None:
    root = v1_portal(tmp_path)
    other = record_path(root, "2025-09-26-by-election")
    write(other, ELECTION_V1.replace("elected_body", "body").replace("general", "by_election"))
    record_path(root, STEM).write_text(
        ELECTION_V1.replace("body: branch", "elected_body: branch"), "utf-8")  # done before
    assert len(migrate(root).changed) == 2  # the other election and site.yaml


def test_migrate_without_a_portal_or_with_an_unknown_version(tmp_path: Path) -> None:
    done = run(tmp_path, "migrate")
    assert done.returncode == 2 and "找不到数据目录" in done.stderr
    assert "Traceback" not in done.stderr
    make_portal(tmp_path, SITE.replace("schema_version: 2", "schema_version: 7"))
    done = run(tmp_path, "migrate", "--lang", "en")
    assert done.returncode == 2 and "must be 1 or 2" in done.stderr
    assert "Traceback" not in done.stderr



def test_a_migration_pull_request_needs_no_correction(tmp_path: Path) -> None:
    """The rename changes no published content: pull-request mode accepts it as it is."""
    root = v1_portal(tmp_path)

    def git(*args: str) -> None:
        subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@example.gov.cn",
                        *args], cwd=root, check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "version 1")
    migrate(root)
    git("commit", "-q", "-am", "gongkai migrate")
    done = run(root, "check", "--as-of", "2025-06-30", "--changed-since", "HEAD~1",
               "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "change/" not in done.stdout and "schema/old-version" not in done.stdout
