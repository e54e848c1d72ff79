"""Hostile input, round two (issue 12): control characters, unreadable files.

Every input of the issue is a case here with its finding code and line; see
handbook/docs/security.md, "Hostile input".
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.loader import FORBIDDEN_CHARS, load_yaml
from portal_kit import GOOD_RECORD, make_portal, record_path, write

# YAML's printable set (YAML 1.1 §5.1) forbids these 63 raw characters
CONTROL = ([chr(c) for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + ["\x7f"]
           + [chr(c) for c in range(0x80, 0xA0) if c != 0x85] + ["\ufffe", "\uffff"])
FORMATS = ("text", "json", "github", "junit", "codequality", "sarif")


def test_the_forbidden_set_is_63_characters() -> None:
    assert len(CONTROL) == 63
    every = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    assert [c for c in every if FORBIDDEN_CHARS.fullmatch(c)] == CONTROL


@pytest.mark.parametrize("char", CONTROL, ids=lambda c: f"U+{ord(c):04X}")
def test_each_control_character_is_a_finding_at_its_place(char: str) -> None:
    raw = f"kind: contact\ntitle: a{char}b\n".encode()
    loaded = load_yaml(raw, "x.yaml")
    assert loaded.data is None
    [finding] = loaded.findings
    assert (finding.code, finding.line, finding.column) == ("yaml/control-char", 2, 9)
    assert f"U+{ord(char):04X}" in finding.message("en")
    assert char not in finding.message("zh")


def run(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--root", str(root), "check", "--as-of", "2025-11-01", "--no-cache", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _hostile_file(root: Path, where: str) -> str:
    if where == "record":
        path = record_path(root, "2025-10-17-a")
        write(path, b"kind: contact\ntitle: a\x0cb\n")
    elif where == "org":
        path = root / "data" / "orgs" / "case-branch" / "org.yaml"
        path.write_bytes(path.read_bytes() + b"\x1b[31m: 1\n")
    else:
        path = root / "data" / "site.yaml"
        path.write_bytes(path.read_bytes().replace(b"name: ", b"name: \xc2\x9b"))
    return path.relative_to(root).as_posix()


def _locate(fmt: str, out: str, file: str) -> tuple[str, int]:
    """(code, line) of the first finding on ``file`` as the format prints it."""
    if fmt == "json":
        found = [f for f in json.loads(out)["findings"] if f["file"] == file]
        return found[0]["code"], found[0]["line"]
    if fmt == "codequality":
        found = [f for f in json.loads(out) if f["location"]["path"] == file]
        return found[0]["check_name"], found[0]["location"]["lines"]["begin"]
    if fmt == "sarif":
        results = json.loads(out)["runs"][0]["results"]
        for r in results:
            loc = r["locations"][0]["physicalLocation"]
            if loc["artifactLocation"]["uri"] == file:
                return r["ruleId"], loc["region"]["startLine"]
        raise AssertionError(out)
    if fmt == "junit":
        for case in ET.fromstring(out).iter("testcase"):
            failure = case.find("failure")
            if case.get("file") == file and failure is not None:
                return failure.get("type") or "", int(case.get("line") or 0)
        raise AssertionError(out)
    prefix = f"::error file={file},line=" if fmt == "github" else f"{file}:"
    line = next(x for x in out.splitlines() if x.startswith(prefix))
    if fmt == "github":
        return line.split("title=")[1].split("::")[0], int(line.split("line=")[1].split(",")[0])
    return line.split()[2], int(line.split(":")[1])


EXPECTED_LINE = {"record": 2, "org": 9, "site": 2}


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("where", ["record", "org", "site"])
def test_control_character_in_every_format(where: str, fmt: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path)
    file = _hostile_file(root, where)
    code, out, err = run(root, capsys, "--format", fmt)
    assert code == 1 and "Traceback" not in err
    assert _locate(fmt, out, file) == ("yaml/control-char", EXPECTED_LINE[where])


def test_control_character_in_english(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path)
    _hostile_file(root, "record")
    _, out, _ = run(root, capsys, "--lang", "en")
    assert "control character U+000C" in out
    _, out, _ = run(root, capsys)
    assert "控制字符 U+000C" in out


def test_control_character_stops_the_build_with_its_finding(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path)
    file = _hostile_file(root, "record")
    code = main(["--root", str(root), "build", "--as-of", "2025-11-01", "--no-cache",
                 "--config-file", str(Path(__file__).parents[1] / "mkdocs.yml")])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    assert f"{file}:2:9: error yaml/control-char" in out


def test_unreadable_site_yaml_is_one_line_exit_2(tmp_path: Path) -> None:
    """A site.yaml that vanished or cannot be read after discovery (tests run as root, so a
    mode of 000 would not stop them reading): one PortalError, which the CLI prints as one
    line and exit 2."""
    from gongkai.portal import PortalError, _read_site

    with pytest.raises(PortalError) as caught:
        _read_site(make_portal(tmp_path), "data/gone.yaml")
    assert caught.value.message("zh").startswith("无法读取 data/gone.yaml")
    assert "\n" not in caught.value.message("en")
