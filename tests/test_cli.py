"""The ``gongkai check`` command line: formats, languages, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gongkai.cli import main
from portal_kit import make_portal, record_path, write

BAD = """\
kind: contact
title: 结对共建
date: 2025-10-17
published: 2025-10-20
scope: public
activity_type: twining
participants: -3
"""
BAD_FILE = "data/orgs/case-branch/2025/2025-10-17-twinning.yaml"


@pytest.fixture
def portal(tmp_path: Path) -> Path:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-twinning"), BAD)
    return root


def run(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["--root", str(root), "check", "--as-of", "2025-11-01", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_format_names_file_line_column(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(portal, capsys=capsys)
    assert code == 1
    assert f"{BAD_FILE}:6:1: error schema/allowed 字段“activity_type”的值不在允许范围内" in out
    assert f"{BAD_FILE}:7:1: error schema/range 字段“participants”的值超出范围（>= 0）" in out
    assert "个错误" in out and "case-branch:" in out


def test_english_messages(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(portal, "--lang", "en", capsys=capsys)
    assert f"{BAD_FILE}:7:1: error schema/range field 'participants' is out of range (>= 0)" in out


def test_json_shape(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(portal, "--format", "json", capsys=capsys)
    doc = json.loads(out)
    assert doc["version"] == 1 and doc["as_of"] == "2025-11-01"
    schema = [f for f in doc["findings"] if f["file"] == BAD_FILE]
    assert [(f["code"], f["line"], f["column"], f["field"]) for f in schema] == [
        ("schema/allowed", 6, 1, "activity_type"), ("schema/range", 7, 1, "participants")]
    assert doc["summary"]["errors"] == sum(f["severity"] == "error" for f in doc["findings"])
    assert doc["summary"]["by_org"]["case-branch"]["errors"] >= 2
    assert code == (1 if doc["summary"]["errors"] else 0)
    assert isinstance(doc["status"], list)


def test_github_annotations_and_summary(portal: Path, capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    _, out, _ = run(portal, "--format", "github", capsys=capsys)
    assert (f"::error file={BAD_FILE},line=7,col=1,title=schema/range::"
            "字段“participants”的值超出范围（>= 0）") in out
    assert "个错误" in out.splitlines()[-1] or "个错误" in out
    text = summary.read_text(encoding="utf-8")
    assert "| `data/orgs/case-branch/2025/2025-10-17-twinning.yaml` | 7 | error | `schema/range` |" in text


def test_github_escapes_properties() -> None:
    from gongkai.core.findings import Finding
    from gongkai.report.formats import github

    line = github([Finding("yaml/syntax", "error", "data/a,b:c.yaml", 1, 1,
                           params=(("problem", "50%\nnext"),))], "en").splitlines()[0]
    assert line == "::error file=data/a%2Cb%3Ac.yaml,line=1,col=1,title=yaml/syntax::YAML syntax error: 50%25\\x0anext"
    # a message is one line: a newline quoted from the data is shown as \x0a (escaping.py)


def test_junit(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(portal, "--format", "junit", capsys=capsys)
    root = ET.fromstring(out.split("\n", 1)[1])
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    case = next(c for c in suites["case-branch"].iter("testcase") if c.get("name") == BAD_FILE)
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "schema/allowed"
    assert "schema/range" in (failure.text or "")
    org_case = next(c for c in suites["case-committee"].iter("testcase")
                    if c.get("name") == "data/orgs/case-committee/org.yaml")
    assert org_case.find("failure") is None


def test_org_filter(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(portal, "--org", "case-committee", "--format", "json", capsys=capsys)
    assert all(f["file"] != BAD_FILE for f in json.loads(out)["findings"])
    code, _, err = run(portal, "--org", "nope", capsys=capsys)
    assert code == 2 and "nope" in err


def test_exit_2_for_a_portal_that_cannot_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(tmp_path), "check"]) == 2
    assert "data/" in capsys.readouterr().err
    (tmp_path / "data").mkdir()
    assert main(["--root", str(tmp_path), "check", "--lang", "en"]) == 2
    assert "site.yaml is missing" in capsys.readouterr().err


def test_exit_2_for_a_wrong_command_line(portal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(portal), "check", "--as-of", "2025-02-30"])
    assert exc.value.code == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["check", "--format", "xml"])
    assert exc.value.code == 2


def test_hostile_portal_no_traceback(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-01-01-a"), b"\xff\xfe\x00garbage")
    write(record_path(root, "2025-01-02-b"), "kind: [plan]\ntitle: {a: 1}\ndate: 2025-02-30\n")
    write(record_path(root, "2025-01-03-c"), "- just\n- a list\n")
    write(record_path(root, "2025-01-04-d"), "kind: plan\nyear: '2025'\nitems: {a: 1}\nbudget: 3\n")
    write(root / "data" / "orgs" / "case-branch" / "org.yaml", "id: 7\ntype: {x: 1}\nhistory: 3\nstats: [1, {year: x}]\n")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.run([sys.executable, "-m", "gongkai.cli", "--root", str(root), "check"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    for stem in ("2025-01-01-a", "2025-01-02-b", "2025-01-03-c", "2025-01-04-d"):
        assert f"data/orgs/case-branch/2025/{stem}.yaml:" in proc.stdout
    assert "data/orgs/case-branch/org.yaml:" in proc.stdout


def test_check_imports_only_what_it_uses(portal: Path) -> None:
    """The site build (mkdocs, and build's own ctypes and logging), JUnit's XML, git for
    pull-request mode: not imported by a plain check."""
    code = ("import contextlib, io, sys\n"
            "from gongkai.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    code = main(sys.argv[1:])\n"
            "print(code, *sorted(m for m in ('gongkai.git.gitrev', 'gongkai.site',\n"
            "    'gongkai.report.codequality', 'mkdocs', 'subprocess', 'xml.etree.ElementTree', 'ctypes',\n"
            "    'logging', 'zoneinfo') if m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code, "--root", str(portal), "check",
                           "--as-of", "2025-11-01"], capture_output=True, text=True, timeout=120)
    assert proc.stdout.split() == ["1"], proc.stdout + proc.stderr
