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
from gongkai.load.loader import FORBIDDEN_CHARS, load_yaml
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
    from gongkai.core.errors import PortalError
    from gongkai.model.load import _read_site

    with pytest.raises(PortalError) as caught:
        _read_site(make_portal(tmp_path), "data/gone.yaml")
    assert caught.value.message("zh").startswith("无法读取 data/gone.yaml")
    assert "\n" not in caught.value.message("en")


def test_a_record_that_cannot_be_read_is_a_finding(tmp_path: Path) -> None:
    """A record discovered, then unreadable (removed, permissions, I/O): a finding at the file."""
    from gongkai.load.layout import RecordFile
    from gongkai.validate.filecheck import Settings
    from gongkai.validate.tuning import Job, check_one

    root = make_portal(tmp_path)
    rel = "data/orgs/case-branch/2025/2025-10-17-gone.yaml"
    job = Job("record", rel, record=RecordFile("case-branch", "2025", "2025-10-17-gone", rel))
    [finding] = check_one(root, job, None, Settings()).findings
    assert (finding.code, finding.file) == ("yaml/unreadable", rel)
    assert finding.message("en").startswith("the file cannot be read (No such file")


# -- far-future dates: 9999-12-31 is a common "no end date" ----------------------------------

FAR_RESOLUTION = """\
kind: resolution
title: 关于长期试行积分管理的决定
date: 2025-04-09
published: 2025-04-11
scope: party
summary: 长期试行。
major: true
decided_by: 支部委员会
consultation: {from: 2025-03-20, to: 9999-12-31, channel: 书面征求意见}
due: 9999-12-31
"""
FAR_NOTICE = """\
kind: notice
title: 关于发展对象的公示
date: 9999-12-31
published: 9999-12-31
scope: public
notice_type: development_target
from: 9999-12-31
to: 9999-12-31
"""
FAR_WINDOW = FAR_NOTICE.replace("date: 9999-12-31\npublished: 9999-12-31",
                                "date: 2025-06-03\npublished: 2025-06-03")


def far_future_portal(root: Path) -> Path:
    make_portal(root)
    write(record_path(root, "2025-04-09-long-trial"), FAR_RESOLUTION)
    write(record_path(root, "9999-12-31-notice"), FAR_NOTICE)
    write(record_path(root, "2025-06-03-notice"), FAR_WINDOW)
    return root


@pytest.mark.parametrize("fmt", FORMATS)
def test_far_future_dates_check_without_a_crash(fmt: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = far_future_portal(tmp_path)
    code, out, err = run(root, capsys, "--format", fmt)
    assert code == 1 and err == "" and "rule/consultation-before-decision" in out


def test_far_future_consultation_is_a_finding_at_its_line(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    root = far_future_portal(tmp_path)
    _, out, _ = run(root, capsys)
    assert ("data/orgs/case-branch/2025/2025-04-09-long-trial.yaml:9:34: error "
            "rule/consultation-before-decision") in out


@pytest.mark.parametrize("as_of", ["2199-12-31", "2025-11-01"])
def test_far_future_dates_at_the_as_of_limit(as_of: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = far_future_portal(tmp_path)
    code = main(["--root", str(root), "check", "--as-of", as_of, "--no-cache", "--org",
                 "case-branch"])
    out, err = capsys.readouterr()
    assert code == 1 and err == "" and "Traceback" not in out


def test_as_of_past_the_limit_is_refused_in_one_line(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path)
    mkdocs_yml = str(Path(__file__).parents[1] / "mkdocs.yml")
    for argv in (["check"], ["build", "--config-file", mkdocs_yml]):
        code = main(["--root", str(root), *argv, "--as-of", "9999-12-31", "--no-cache"])
        out, err = capsys.readouterr()
        assert code == 2 and out == ""
        assert err == "gongkai: 核查日期 9999-12-31 晚于上限 2199-12-31\n"


def test_calendar_arithmetic_stops_at_the_last_day() -> None:
    import datetime as dt

    from gongkai.rules import periods

    last = dt.date(9999, 12, 31)
    assert periods.add_duration(last, {"days": 30}) == last
    assert periods.add_duration(last, {"months": 3}) == last
    assert periods.minus_duration(dt.date(1, 1, 1), {"days": 1}) == dt.date(1, 1, 1)
    assert periods.term_end(dt.date(9998, 1, 1), 5) == last
    assert periods.term_end(dt.date(9998, 1, 1), 1) == dt.date(9998, 12, 31)
    assert periods.due_date("next-year-03-31", periods.period_of("year", last)) == last
    months = list(periods.periods("month", dt.date(9999, 11, 1), last))
    assert [m.end for m in months] == [dt.date(9999, 11, 30), last]
    assert [y.end for y in periods.periods("year", dt.date(9998, 1, 1), last)] == [
        dt.date(9998, 12, 31), last]


# -- types the data contract promises: attachments by content, base 60, time zones, symlinks --

def _zip(entries: dict[str, str]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _types(main_part: str) -> str:
    return ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            f'content-types"><Override PartName="/x.xml" ContentType="application/vnd.'
            f'openxmlformats-officedocument.{main_part}.main+xml"/></Types>')


DOCX, XLSX = _zip({"[Content_Types].xml": _types("wordprocessingml.document")}), \
    _zip({"[Content_Types].xml": _types("spreadsheetml.sheet")})
GOOD_FILES = {"a.pdf": b"%PDF-1.7\n", "b.png": b"\x89PNG\r\n\x1a\n\0\0", "c.jpg": b"\xff\xd8\xff\xe0",
              "d.jpeg": b"\xff\xd8\xff\xdb", "e.docx": DOCX, "f.xlsx": XLSX}
BAD_FILES = {"g.pdf": b"<html><script>alert(1)</script>", "h.png": b"<svg onload=alert(1)>",
             "i.jpg": b"GIF89a", "j.docx": XLSX, "k.xlsx": b"PK\x03\x04not a zip",
             "l.docx": _zip({"word/document.xml": "<w/>"})}


def test_attachments_are_checked_by_content(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path)
    files = {**GOOD_FILES, **BAD_FILES}
    listing = "".join(f"  - {{title: 附件, file: {name}}}\n" for name in files)
    path = record_path(root, "2025-10-17-files")
    write(path, GOOD_RECORD + "attachments:\n" + listing)
    for name, data in files.items():
        write(path.with_suffix("") / name, data)
    code, out, _ = run(root, capsys, "--format", "json", "--org", "case-branch", "--lang", "en")
    found = [(f["line"], f["message"]) for f in json.loads(out)["findings"]
             if f["code"] == "schema/attachment"]
    names = list(files)
    assert [line for line, _ in found] == [8 + names.index(n) for n in BAD_FILES]
    assert all("not of the type its extension names" in m for _, m in found)
    assert code == 1


@pytest.mark.parametrize("value", ["12:30", "1:30:00", "1:30.5"])
def test_base_60_numbers_are_a_type_finding(value: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-a"), GOOD_RECORD + f"participants: {value}\n")
    _, out, _ = run(root, capsys, "--org", "case-branch")
    assert "2025-10-17-a.yaml:7:1: error schema/type" in out


def test_base_60_text_stays_text() -> None:
    assert load_yaml(b"a: 12:30\nb: 1_000\nc: 0x1f\n", "x.yaml").data == {
        "a": "12:30", "b": 1000, "c": 31}


@pytest.mark.parametrize(("zone", "ok"), [("Asia/Shanghai", True), ("UTC", True),
                                          ("Mars/Olympus", False), ("../../etc/passwd", False),
                                          ("Asia/Shanghai\u3000", False)])
def test_timezone_must_be_an_iana_zone(zone: str, ok: bool, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    from portal_kit import SITE

    root = make_portal(tmp_path, SITE + f'timezone: "{zone}"\n')
    _, out, _ = run(root, capsys, "--lang", "en")
    assert ("data/site.yaml:7:1: error schema/timezone" in out) != ok


def test_a_symlinked_site_yaml_is_refused_as_a_symlink(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path / "p")
    real = tmp_path / "elsewhere.yaml"
    (root / "data" / "site.yaml").rename(real)
    (root / "data" / "site.yaml").symlink_to(real)
    code, out, err = run(root, capsys, "--lang", "en")
    assert code == 2 and out == ""
    assert err == "gongkai: data/site.yaml is a symbolic link: refused (no links under data/)\n"


@pytest.mark.parametrize("where", ["org.yaml", "2025/2025-10-17-a.yaml", "2025/2025-10-17-a/x.pdf",
                                   "2025", "notes"])
def test_every_symlink_under_data_is_refused(where: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path / "p")
    write(record_path(root, "2025-10-17-a"), GOOD_RECORD)
    target = tmp_path / "target"
    target.mkdir()
    link = root / "data" / "orgs" / "case-branch" / where
    if link.exists():
        link.rename(tmp_path / "moved")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(target)
    _, out, _ = run(root, capsys, "--lang", "en")
    assert f"data/orgs/case-branch/{where}:0:0: error layout/symlink" in out
