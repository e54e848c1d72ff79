"""Everything that leaves the program is escaped for where it goes (issue 12): GitHub workflow
commands in every printed line, the job summary's Markdown, JUnit XML, the terminal, CSV cells,
iCalendar. See handbook/docs/security.md, "Hostile input"."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.core.escaping import markdown_text, visible, workflow_inert
from portal_kit import GOOD_RECORD, make_portal, record_path, write

# keys written with YAML escapes: any character reaches a finding's message this way
HOSTILE_KEYS = [
    "a\\n::error file=x::INJECTED",
    "b\\n  ::stop-commands::tok",
    "c\\u2028::warning::sep",
    "d ##[add-mask]secret",
    "e\\e[31mred\\e[0m",
    "f\\x85::notice::nel",
    "g | h\\n| table | <img src=x>",
    "i\\x00\\x7f\\ufffe",
    "j\\t::group::tab",
    "k\\u202eevil",
]


def hostile_portal(root: Path) -> Path:
    make_portal(root)
    keys = "".join(f'"{key}": 1\n' for key in HOSTILE_KEYS)
    write(record_path(root, "2025-10-17-keys"), GOOD_RECORD + keys)
    for name in ("x\n::error::file-name", "::warning::x ##[error]y"):
        write(root / "data" / "orgs" / "case-branch" / name, "a: 1\n")
    (root / "data" / "orgs" / "::error::org\n::notice::n").mkdir(parents=True)
    return root


def runner_reads_as_command(line: str) -> bool:
    """The GitHub runner's two parsers (actions/runner ActionCommand.TryParseV2, TryParse)."""
    stripped = line.lstrip()
    v2 = stripped.startswith("::") and stripped.find("::", 2) >= 0
    return v2 or "##[" in line


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["--root", str(root), "check", "--as-of", "2025-11-01", "--no-cache",
                 "--org", "case-branch", *args])
    return code, capsys.readouterr().out


def test_github_format_prints_no_command_but_its_annotations(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = hostile_portal(tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    code, out = run(root, capsys, "--format", "github")
    assert code == 1
    lines = out.replace("\r", "\n").split("\n")  # the runner splits at CR too
    commands = [line for line in lines if runner_reads_as_command(line)]
    findings = [line for line in lines if line.startswith(("::error file=", "::warning file="))]
    assert commands == findings and len(findings) >= len(HOSTILE_KEYS) + 3
    assert all("INJECTED" not in c.split("::", 2)[1] for c in commands)  # no forged properties
    assert "\x1b" not in out and "\u2028" not in out and "\x85" not in out
    table = summary.read_text(encoding="utf-8").splitlines()
    rows = [row for row in table if row.startswith("| ")]
    assert all(len(re.findall(r"(?<!\\)\|", row)) == 6 for row in rows), rows  # 5 cells
    assert "<img" not in "".join(table) and "\x1b" not in "".join(table)


def test_terminal_sees_no_control_sequence(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = hostile_portal(tmp_path)
    _, out = run(root, capsys)
    assert visible(out.replace("\n", "")) == out.replace("\n", "")
    assert "e\\x1b[31mred" in out
    assert all(line.startswith(("data/", "共 ", "  ")) for line in out.splitlines())


def test_junit_is_valid_xml_with_file_and_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    root = hostile_portal(tmp_path)
    _, out = run(root, capsys, "--format", "junit")
    cases = list(ET.fromstring(out).iter("testcase"))  # raises on invalid XML
    keys = next(c for c in cases if c.get("name", "").endswith("2025-10-17-keys.yaml"))
    assert keys.get("file") == "data/orgs/case-branch/2025/2025-10-17-keys.yaml"
    assert keys.get("line") == "7"
    assert all(c.get("file") for c in cases)


@pytest.mark.parametrize(("line", "expected"), [
    ("::error::x", "\\::error::x"),
    ("  \u3000::warning::x", "  \u3000\\::warning::x"),
    ("ok ##[error]x", "ok ##\\[error]x"),
    ("data/a.yaml:1:1: fine", "data/a.yaml:1:1: fine"),
])
def test_workflow_inert(line: str, expected: str) -> None:
    assert workflow_inert(line) == expected
    assert not runner_reads_as_command(workflow_inert(line))


def test_markdown_cell_is_one_inert_line() -> None:
    cell = markdown_text("a | b\n[x](javascript:alert(1)) <img src=x> `c` *d*")
    assert "\n" not in cell and "<img" not in cell and " | " not in cell.replace("\\|", "")
    assert "\\[x\\](javascript:alert(1))" in cell and "\\`c\\`" in cell


@pytest.mark.parametrize("text", [
    "=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1", "\n=1", "\u3000=1", "＝1+1",
    "＋1", "－1", "＠SUM(A1)", "|calc", ";calc", " \n@x",
])
def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote(text: str) -> None:
    from gongkai.site.exports import cell

    assert cell(text) == "'" + text


@pytest.mark.parametrize("text", ["普通文字", "a=b", "2025-10-17", "中-文", ""])
def test_csv_cells_of_plain_text_stay_as_they_are(text: str) -> None:
    from gongkai.site.exports import cell

    assert cell(text) == text


def test_icalendar_text_has_no_control_character() -> None:
    from gongkai.site.calendar import escape_text

    assert escape_text("a\x1b[31m\x7f\x9bb;c\nd") == "a[31mb\\;c\\nd"


def test_feed_text_has_no_control_character() -> None:
    from gongkai.site.feeds import _text

    root = ET.Element("feed")
    _text(root, "title", "a\x1b\x00b")
    ET.fromstring(ET.tostring(root))
    assert root[0].text == "ab"


def test_every_new_output_line_is_identical_for_plain_data() -> None:
    assert visible("data/orgs/a/2025/2025-01-01-x.yaml 字段“title”") == (
        "data/orgs/a/2025/2025-01-01-x.yaml 字段“title”")
