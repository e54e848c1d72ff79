"""History on record pages: from the record, and from git when the portal is a checkout (one
``git log`` pass; dates only). A plain folder and a shallow clone still build and say less."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sitekit

from gongkai.site.history import FileDates, GitHistory, events, parse_log, read

D = dt.date
AS_OF = "2026-06-30"
STEM = "2026-01-05-twinning"
PAGE = f"records/case-branch/{STEM}/index.html"
AUTHOR = "Canary Author"
EMAIL = "canary.author@example.com"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(root: Path, *args: str, when: str = "2026-01-01T10:00:00+08:00") -> None:
    env = dict(os.environ, GIT_AUTHOR_NAME=AUTHOR, GIT_AUTHOR_EMAIL=EMAIL,
               GIT_COMMITTER_NAME=AUTHOR, GIT_COMMITTER_EMAIL=EMAIL, GIT_AUTHOR_DATE=when,
               GIT_COMMITTER_DATE=when, GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def portal(root: Path) -> Path:
    sitekit.new_portal(root)
    sitekit.add_record(root, "case-branch", STEM, {
        "kind": "contact", "title": "结对共建活动", "date": D(2026, 1, 5),
        "published": D(2026, 1, 6), "scope": "public", "activity_type": "volunteer",
        "corrections": [{"date": D(2026, 3, 2), "note": "更正参加人数"}]})
    return root


def committed(root: Path) -> Path:
    portal(root)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first", when="2026-01-06T09:00:00+08:00")
    record = root / "data/orgs/case-branch/2026" / f"{STEM}.yaml"
    record.write_text(record.read_text("utf-8") + "participants: 12\n", "utf-8")
    git(root, "commit", "-q", "-am", "correct", when="2026-03-02T16:00:00+08:00")
    record.write_text(record.read_text("utf-8") + "summary: 以后的修改\n", "utf-8")
    git(root, "commit", "-q", "-am", "after as-of", when="2026-08-01T09:00:00+08:00")
    return root


def history_rows(site: Path) -> str:
    page = (site / PAGE).read_text("utf-8")
    return page[page.index("公开记录</h2>"):]


def build(root: Path, site: Path) -> str:
    done = sitekit.gongkai(root, "build", "--site-dir", str(site), "--as-of", AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr
    return history_rows(site)


def test_parse_log_takes_first_and_last_dates() -> None:
    log = ("\x012026-08-01\n\nM\tdata/a.yaml\n\x012026-03-02\n\nM\tdata/a.yaml\nA\tdata/b.yaml\n"
           "\x012026-01-06\n\nA\tdata/a.yaml\nD\tdata/c.yaml\n")
    files = parse_log(log, D(2026, 6, 30))
    assert files["data/a.yaml"].first == D(2026, 1, 6)
    assert files["data/a.yaml"].last == D(2026, 3, 2)  # the August commit is after as-of
    assert files["data/b.yaml"].first == D(2026, 3, 2) and "data/c.yaml" not in files
    assert parse_log(log, D(2026, 6, 30), shallow=True)["data/a.yaml"].first is None


def test_git_checkout_gives_first_added_and_last_changed(tmp_path: Path) -> None:
    root = committed(tmp_path / "portal")
    history = read(root, D.fromisoformat(AS_OF))
    assert not history.shallow
    dates = history.of(f"data/orgs/case-branch/2026/{STEM}.yaml")
    assert dates is not None and (dates.first, dates.last) == (D(2026, 1, 6), D(2026, 3, 2))
    rows = build(root, tmp_path / "site")
    assert "公开日期" in rows and "2026-01-06" in rows
    assert "更正" in rows and "2026-03-02" in rows and "更正参加人数" in rows
    # git adds nothing here: added on the day it was published, last changed by the correction
    assert "收录入本网站" not in rows and "网站最近更新" not in rows and "版本记录" not in rows
    assert "2026-08-01" not in rows
    for path in (tmp_path / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert AUTHOR.encode() not in data and EMAIL.encode() not in data, path


def test_same_checkout_gives_the_same_bytes(tmp_path: Path) -> None:
    root = committed(tmp_path / "portal")
    build(root, tmp_path / "one")
    build(root, tmp_path / "two")
    assert sitekit.hashes(tmp_path / "one") == sitekit.hashes(tmp_path / "two")


def test_plain_folder_says_less(tmp_path: Path) -> None:
    root = portal(tmp_path / "portal")
    assert read(root, D.fromisoformat(AS_OF)) == GitHistory()
    rows = build(root, tmp_path / "site")
    assert "公开" in rows and "2026-01-06" in rows and "更正参加人数" in rows
    assert "收录入本网站" not in rows and "网站最近更新" not in rows


def test_shallow_clone_omits_first_added(tmp_path: Path) -> None:
    origin = committed(tmp_path / "origin")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    history = read(clone, D(2026, 12, 31))
    assert history.shallow
    dates = history.of(f"data/orgs/case-branch/2026/{STEM}.yaml")
    assert dates is not None and dates.first is None and dates.last == D(2026, 8, 1)
    rows = build(clone, tmp_path / "site")  # as of June: the only commit known is later
    assert "收录入本网站" not in rows and "2026-08-01" not in rows


def test_git_dates_appear_only_where_they_add_something() -> None:
    published, fixed = D(2025, 12, 1), [{"date": D(2026, 3, 2), "note": "更正参加人数"}]
    same = FileDates(D(2025, 12, 1), D(2026, 3, 2))
    assert [e.what for e in events(published, fixed, None, same)] == ["published", "corrected"]
    later = FileDates(D(2026, 1, 6), D(2026, 4, 10))
    found = events(published, fixed, None, later)
    assert [(e.date, e.what) for e in found] == [
        (D(2025, 12, 1), "published"), (D(2026, 1, 6), "added"), (D(2026, 3, 2), "corrected"),
        (D(2026, 4, 10), "changed")]
    withdrawn = {"date": D(2026, 4, 10), "reason": "误发"}
    assert [e.what for e in events(published, [], withdrawn, later)] == [
        "published", "added", "withdrawn"]  # the withdrawal explains the last change
    assert [e.what for e in events(published, [], None, None)] == ["published"]


def test_a_record_disclosed_before_the_site_says_when_it_was_added(tmp_path: Path) -> None:
    root = tmp_path / "portal"
    sitekit.new_portal(root)
    sitekit.add_record(root, "case-branch", "2025-11-20-twinning", {
        "kind": "contact", "title": "结对共建活动", "date": D(2025, 11, 20),
        "published": D(2025, 11, 21), "scope": "public", "activity_type": "volunteer"})
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "adopted", when="2026-01-06T09:00:00+08:00")
    record = root / "data/orgs/case-branch/2025/2025-11-20-twinning.yaml"
    record.write_text(record.read_text("utf-8") + "outcome: 完成\n", "utf-8")
    git(root, "commit", "-q", "-am", "outcome", when="2026-04-10T09:00:00+08:00")
    done = sitekit.gongkai(root, "build", "--site-dir", str(tmp_path / "site"), "--as-of", AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "site/records/case-branch/2025-11-20-twinning/index.html").read_text("utf-8")
    rows = page[page.index("公开记录</h2>"):]
    assert rows.index("2025-11-21") < rows.index("公开日期") < rows.index("2026-01-06") \
        < rows.index("收录入本网站") < rows.index("2026-04-10") < rows.index("网站最近更新")
    assert "取自本网站的版本记录" in rows  # said in words: not an unrecorded edit
