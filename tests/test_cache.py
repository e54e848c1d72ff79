"""The validation cache (gongkai.validate.cache): never stale, never trusted beyond its shape, never code.

Every test points ``GONGKAI_CACHE_DIR`` at its own folder. "Re-checked" is counted by wrapping
the per-file check functions that ``gongkai.validate.tuning`` calls.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import gongkai.validate.tuning
from gongkai.check.run import Options, run_check
from gongkai.cli import main
from gongkai.core import resources
from gongkai.load.loader import InvalidDate, Loaded, load_yaml
from gongkai.validate import cache, schemas
from gongkai.validate.cache import decode_entry, encode_entry
from gongkai.validate.filecheck import Checked
from portal_kit import GOOD_RECORD as GOOD
from portal_kit import make_portal, record_path, write

REPO = Path(__file__).resolve().parents[1]
AS_OF = dt.date(2026, 11, 25)

PROFILE = """\
name: shanghai-organs-2010
extends: shanghai-organs-2010
rules:
  training-hours:
    members_hours: {value: 28, profile_default: true, source: 本局规定}
"""


@pytest.fixture(autouse=True)
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(folder))
    return folder


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files checked for real (not served from the cache), in order; no process pool."""
    monkeypatch.setattr(gongkai.validate.tuning, "PARALLEL_FROM", 10 ** 9)
    seen: list[str] = []
    record, org = gongkai.validate.tuning.check_record_file, gongkai.validate.tuning.check_org_file

    def count_record(raw: bytes, rf: Any, settings: Any) -> Checked:
        seen.append(rf.path)
        return record(raw, rf, settings)

    def count_org(raw: bytes, file: str, folder: str, settings: Any) -> Checked:
        seen.append(file)
        return org(raw, file, folder, settings)

    monkeypatch.setattr(gongkai.validate.tuning, "check_record_file", count_record)
    monkeypatch.setattr(gongkai.validate.tuning, "check_org_file", count_org)
    return seen


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A copy of the sample portal (its records are valid; rules find what they find)."""
    root = tmp_path / "portal"
    shutil.copytree(REPO / "data", root / "data")
    return root


def result(root: Path, cache_on: bool = True, rules: bool = False) -> Any:
    return run_check(Options(root=root, as_of=AS_OF, rules=rules, cache=cache_on))


def everything(root: Path, cache_on: bool = True, rules: bool = True) -> tuple[Any, ...]:
    """Findings, rule status and the model, compared in full (line maps included)."""
    r = result(root, cache_on, rules)
    records = {rid: (rec.file, rec.data, rec.loaded.lines, rec.loaded.findings, rec.loaded.reported)
               for rid, rec in r.loaded.portal.records.items()}
    orgs = {oid: (o.data, o.loaded.lines) for oid, o in r.loaded.portal.orgs.items()}
    checked = {f: (c.doc, c.findings, c.loaded.data, c.loaded.findings)
               for f, c in r.loaded.checked.items()}
    return r.report.sorted(), r.status, records, orgs, checked


def the_cache_file(root: Path) -> Path:
    path = cache.cache_file(root)
    assert path is not None
    return path


# -- results with and without the cache ------------------------------------------------------


def test_sample_portal_same_results_with_and_without_cache(sample: Path, calls: list[str]) -> None:
    cold = everything(sample, cache_on=False)
    files = len(calls)
    assert not the_cache_file(sample).exists()  # --no-cache writes nothing
    assert everything(sample) == cold  # fills the cache
    assert the_cache_file(sample).exists()
    calls.clear()
    assert everything(sample) == cold  # served from it
    assert calls == [] and files == len(list((sample / "data").rglob("*.yaml"))) - 1  # site.yaml


def test_cli_json_output_is_the_same_with_and_without_cache(
        sample: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outputs = []
    for flags in (["--no-cache"], [], [], ["--no-cache"]):
        code = main(["--root", str(sample), "check", "--format", "json", "--as-of", "2026-11-25",
                     *flags])
        outputs.append((code, capsys.readouterr().out))
    assert len(set(outputs)) == 1
    assert json.loads(outputs[0][1])["findings"] is not None


def test_no_cache_flag_neither_reads_nor_writes(sample: Path, cache_dir: Path) -> None:
    assert main(["--root", str(sample), "check", "--no-cache", "--as-of", "2026-11-25"]) in (0, 1)
    assert not cache_dir.exists()


def test_invalid_files_are_cached_exactly(tmp_path: Path, calls: list[str]) -> None:
    """Loader findings, an impossible date (InvalidDate), an unknown kind, bad bytes, PII."""
    root = make_portal(tmp_path / "p")
    write(record_path(root, "2025-10-17-dup"), GOOD + "title: 再来一次\n")
    write(record_path(root, "2025-02-28-bad-date"),
          GOOD.replace("date: 2025-10-17", "date: 2025-02-30").replace("2025-10-20", "2025-03-02"))
    write(record_path(root, "2025-10-17-quoted-bad"), GOOD.replace("2025-10-17", '"2025-13-01"'))
    write(record_path(root, "2025-10-17-kind"), GOOD.replace("kind: contact", "kind: poem"))
    write(record_path(root, "2025-10-17-bytes"), b"kind: contact\ntitle: \xff\xfe\n")
    write(record_path(root, "2025-10-17-alias"), "kind: &k contact\ntitle: *k\n")
    write(record_path(root, "2025-10-17-phone"), GOOD + "summary: 联系电话 13912345678\n")
    write(record_path(root, "2025-10-17-html"), GOOD + "body: <script>x</script>\n")
    write(record_path(root, "2025-10-17-at"), GOOD + "partner: {'$date': 2025-01-01, $x: [1, 2.5]}\n")
    cold = everything(root, cache_on=False, rules=False)
    codes = {f.code for f in cold[0]}
    assert {"yaml/duplicate-key", "schema/invalid-date", "schema/allowed", "yaml/encoding",
            "yaml/alias", "schema/personal-data", "schema/raw-html"} <= codes
    assert everything(root, rules=False) == cold
    calls.clear()
    assert everything(root, rules=False) == cold
    assert calls == []


# -- never stale -----------------------------------------------------------------------------


def test_file_content_change_is_rechecked(sample: Path, calls: list[str]) -> None:
    result(sample)
    files = len(calls)
    calls.clear()
    path = next((sample / "data" / "orgs").rglob("20*-*.yaml"))
    rel = path.relative_to(sample).as_posix()
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^title: .*$", "title: ''\nx: 1", text, count=1), encoding="utf-8")
    found = {(f.code, f.file) for f in result(sample).report.findings}
    assert ("schema/unknown-field", rel) in found and ("schema/length", rel) in found
    assert calls == [rel]
    assert len(cache.read_entries(the_cache_file(sample))) == files  # the others are kept
    path.write_text(text, encoding="utf-8")
    assert not [f for f in result(sample).report.findings if f.file == rel]


def test_settings_change_is_rechecked(tmp_path: Path, calls: list[str]) -> None:
    root = make_portal(tmp_path / "p")
    write(record_path(root, "2025-10-17-mail"), GOOD + "summary: 请发送至 office@example.gov.cn\n")
    assert not result(root).report.findings
    site = root / "data" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8").replace("[example.gov.cn]", "[example.org]"),
                    encoding="utf-8")
    calls.clear()
    assert [f.code for f in result(root).report.findings] == ["schema/personal-data"]
    assert len(calls) == 3  # both org files and the record: every key holds the settings


def test_file_removal_prunes_its_entry(sample: Path) -> None:
    result(sample)
    path = next((sample / "data" / "orgs").rglob("20*-*.yaml"))
    rel = path.relative_to(sample).as_posix()
    assert rel in cache.read_entries(the_cache_file(sample))
    path.unlink()
    after = result(sample)
    assert rel not in after.loaded.checked
    assert rel not in cache.read_entries(the_cache_file(sample))
    assert everything(sample) == everything(sample, cache_on=False)


def test_rename_with_same_bytes_is_rechecked(tmp_path: Path, calls: list[str]) -> None:
    """The path is part of the key: stem and year checks depend on it."""
    root = make_portal(tmp_path / "p")
    old = write(record_path(root, "2025-10-17-visit"), GOOD)
    assert not result(root).report.findings
    old.rename(old.with_name("2025-10-18-visit.yaml"))
    calls.clear()
    found = [(f.code, f.file) for f in result(root).report.findings]
    assert found == [("schema/stem-date", "data/orgs/case-branch/2025/2025-10-18-visit.yaml")]
    assert calls == ["data/orgs/case-branch/2025/2025-10-18-visit.yaml"]


def test_code_or_schema_fingerprint_change_rechecks_everything(
        sample: Path, calls: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    result(sample)
    files = len(calls)
    calls.clear()
    result(sample)
    assert calls == []
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "another version of gongkai")
    result(sample)
    assert len(calls) == files


@pytest.fixture
def own_validators(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of validators/ that gongkai reads instead of its own, to edit a schema."""
    folder = tmp_path / "validators"
    shutil.copytree(resources.validators_dir(), folder)
    monkeypatch.setattr(resources, "validators_dir", lambda: folder)
    _forget_schemas()
    yield folder
    _forget_schemas()


def _forget_schemas() -> None:
    for loaded in (schemas._load_schema, schemas._load_envelope, schemas._load_definitions):
        loaded.cache_clear()


def test_schema_change_is_never_served_stale(tmp_path: Path, own_validators: Path) -> None:
    root = make_portal(tmp_path / "p")
    write(record_path(root, "2025-10-17-visit"), GOOD)
    assert not result(root).report.findings
    envelope = own_validators / "schemas" / "envelope.yaml"
    text = envelope.read_text(encoding="utf-8")
    assert "    maxlength: 200\n" in text
    envelope.write_text(text.replace("    maxlength: 200\n", "    maxlength: 5\n", 1), encoding="utf-8")
    _forget_schemas()
    found = [(f.code, f.field) for f in result(root).report.findings]
    assert found == [("schema/length", "title")]


def test_profile_change_rechecks_everything(tmp_path: Path, calls: list[str]) -> None:
    root = make_portal(tmp_path / "p")
    write(record_path(root, "2025-10-17-visit"), GOOD)
    result(root, rules=True)
    calls.clear()
    result(root, rules=True)
    assert calls == []
    profile = write(root / "validators" / "profiles" / "shanghai-organs-2010.yaml", PROFILE)
    result(root, rules=True)
    assert len(calls) == 3
    calls.clear()
    profile.write_text(PROFILE.replace("28", "30"), encoding="utf-8")
    result(root, rules=True)
    assert len(calls) == 3


# -- a cache file is data, checked on read ----------------------------------------------------


def poisoned_portal(tmp_path: Path) -> tuple[Path, str, Path]:
    """A portal with one bad record whose cache entry is then rewritten by the test."""
    root = make_portal(tmp_path / "p")
    rel = record_path(root, "2025-10-17-visit").relative_to(root).as_posix()
    write(root / rel, GOOD + "summary: 联系电话 13912345678\n")
    result(root)
    return root, rel, the_cache_file(root)


def rewrite_entry(path: Path, rel: str, change: Any) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    for i, line in enumerate(lines[1:], 1):
        if line.startswith('{"file":' + json.dumps(rel, ensure_ascii=False) + ","):
            entry = json.loads(line)
            lines[i] = change(entry) if callable(change) else change
            if isinstance(lines[i], dict):
                lines[i] = json.dumps(lines[i], ensure_ascii=False, separators=(",", ":"))
    path.write_text("\n".join(lines), encoding="utf-8")


def _set(**values: Any) -> Any:
    def change(entry: dict[str, Any]) -> dict[str, Any]:
        entry.update(values)
        return entry
    return change


@pytest.mark.parametrize("content", [
    b"", b"\xff\xfe garbage", b"[]", b'{"format": "gongkai-cache", "version": 999}\n',
    b'{"format": "gongkai-cache"}', b"[" * 100000, b'{"format": "gongkai-cache", "version": 1}\n[1, 2]',
    b'{"format": "gongkai-cache", "version": 1}\n{"file": 1, "key": 2}\n' + b"{" * 50000,
])
def test_corrupt_or_foreign_cache_file_is_empty(tmp_path: Path, content: bytes,
                                                 calls: list[str]) -> None:
    root, rel, path = poisoned_portal(tmp_path)
    path.write_bytes(content)
    calls.clear()
    assert [f.code for f in result(root).report.findings] == ["schema/personal-data"]
    assert rel in calls
    assert rel in cache.read_entries(path)  # rewritten whole


@pytest.mark.parametrize("change", [
    "[1, 2, 3]",
    _set(data=["not", "a", "mapping"]),
    _set(findings="none"),
    _set(findings=[["schema/x", "fatal", "F", 1, 1, "", {"$tuple": []}, "", "", "", None, ""]]),
    _set(findings=[["schema/x", "error", "another/file.yaml", 1, 1, "", {"$tuple": []}, "", "", "", None, ""]]),
    _set(findings=[["schema/x", "error", "F", -1, 1, "", {"$tuple": []}, "", "", "", None, ""]]),
    _set(findings=[["schema/x", "error", "F", True, 1, "", {"$tuple": []}, "", "", "", None, ""]]),
    _set(findings=[["schema/x", "error", "F", 1, 1, "", {"$tuple": [5]}, "", "", "", None, ""]]),
    _set(findings=[["schema/x", "error", "F", 1, 1, "", [], "", "", "", None, ""]]),
    _set(findings=[["schema/x", "error", "F", 1, 1, "", {"$tuple": []}, "", "", "", "2025", ""]]),
    _set(lines=[1, 2]),
    _set(reported="all"),
    _set(doc="something"),
    _set(data=None, doc="data"),
    _set(data={"kind": {"$date": 5}}),
    _set(data={"kind": {"$python/object": "os.system"}}),
    _set(data={"kind": {"$map": [["a"]]}}),
    _set(file="data/orgs/case-branch/2025/another.yaml"),
    _set(extra=True),
    lambda entry: {k: v for k, v in entry.items() if k != "lines"},
])
def test_entry_of_a_hostile_shape_is_ignored(tmp_path: Path, change: Any, calls: list[str]) -> None:
    root, rel, path = poisoned_portal(tmp_path)

    def fix(entry: dict[str, Any]) -> Any:
        out = change(entry) if callable(change) else change
        if isinstance(out, dict) and out.get("findings") and isinstance(out["findings"], list):
            for finding in out["findings"]:
                if finding[2] == "F":
                    finding[2] = rel
        return out

    rewrite_entry(path, rel, fix)
    calls.clear()
    assert [f.code for f in result(root).report.findings] == ["schema/personal-data"]
    assert calls == [rel]


def test_a_well_formed_entry_is_trusted_only_with_the_cache_on(tmp_path: Path) -> None:
    """The cache's trust is its folder's (outside the repository); --no-cache ignores it."""
    root, rel, path = poisoned_portal(tmp_path)
    rewrite_entry(path, rel, _set(findings=[]))
    assert result(root).report.findings == []
    assert [f.code for f in result(root, cache_on=False).report.findings] == ["schema/personal-data"]


def test_a_cache_folder_inside_the_portal_is_refused(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_portal(tmp_path / "p")
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(root / ".gongkai-cache"))
    assert cache.cache_file(root) is None
    write(record_path(root, "2025-10-17-visit"), GOOD)
    result(root)
    assert not (root / ".gongkai-cache").exists()


def test_default_location_is_xdg_cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GONGKAI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    root = make_portal(tmp_path / "p")
    result(root)
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest() + ".json"
    assert (tmp_path / "xdg" / "gongkai" / name).is_file()
    assert [p.name for p in (tmp_path / "xdg" / "gongkai").iterdir()] == [name]  # no temp files


def test_unchanged_run_does_not_rewrite(sample: Path) -> None:
    result(sample)
    path = the_cache_file(sample)
    before = path.stat().st_ino, path.read_bytes()
    os.utime(path, (1, 1))
    result(sample)
    assert (path.stat().st_ino, path.read_bytes()) == before  # not rewritten,
    assert path.stat().st_mtime > 1  # but marked as used


def test_cache_files_unused_for_a_month_are_forgotten(tmp_path: Path, cache_dir: Path) -> None:
    cache_dir.mkdir()
    month_ago = time.time() - cache.UNUSED_FOR - 60
    names = {"a" * 64 + ".json": month_ago, ".tmp-x1.json": month_ago, "b" * 64 + ".json": time.time(),
             "notes.txt": month_ago, "c.json": month_ago}
    for name, when in names.items():
        write(cache_dir / name, "{}")
        os.utime(cache_dir / name, (when, when))
    root = make_portal(tmp_path / "p")
    result(root)
    left = {p.name for p in cache_dir.iterdir()}
    assert left == {"b" * 64 + ".json", "notes.txt", "c.json", the_cache_file(root).name}


def test_an_unwritable_cache_folder_is_not_an_error(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = write(tmp_path / "not-a-folder", "x")
    monkeypatch.setenv("GONGKAI_CACHE_DIR", str(blocker / "cache"))
    root = make_portal(tmp_path / "p")
    write(record_path(root, "2025-10-17-visit"), GOOD)
    assert result(root).report.findings == []


# -- the codec ------------------------------------------------------------------------------


def roundtrip(data: Any) -> Any:
    loaded = Loaded(data, {(): (1, 1), ("a",): (2, 3), ("b", 0, "c"): (4, 5)}, [], {("b", 0)})
    checked = Checked("data/x.yaml", data, loaded, [])
    line = encode_entry(checked, "k" * 64)
    assert line is not None and "\n" not in line
    back = decode_entry(line, "data/x.yaml", "k" * 64, ".")
    assert back is not None and back.doc is back.loaded.data
    assert back.loaded.lines == loaded.lines and back.loaded.reported == {("b", 0)}
    return back.doc


@pytest.mark.parametrize("value", [
    dt.date(2025, 2, 28), dt.datetime(2026, 1, 26, 9, 30),
    dt.datetime(2026, 1, 26, 9, 30, 5, 123, tzinfo=dt.timezone(dt.timedelta(hours=8))),
    InvalidDate("2025-02-30"), "2025-02-28", {"$date": "2025-01-01"}, {"$x": 1, "y": {"$map": []}},
    float("inf"), -0.0, 2 ** 80, True, None, "行\u2028分隔\n换行\t", [[], {}, ""],
])
def test_values_roundtrip_with_their_types(value: Any) -> None:
    back = roundtrip({"v": value, "w": [value]})
    assert back == {"v": value, "w": [value]}
    assert type(back["v"]) is type(value) and type(back["w"][0]) is type(value)
    assert repr(back) == repr({"v": value, "w": [value]})


def test_a_value_json_cannot_carry_is_not_cached() -> None:
    loaded = Loaded({"v": {1, 2}}, {}, [], set())
    assert encode_entry(Checked("x", loaded.data, loaded, []), "k") is None


def test_yaml_values_of_every_type_roundtrip() -> None:
    raw = (b"a: 2025-02-30\nb: 2026-01-26 09:30:00+08:00\nc: .inf\nd: ~\ne: [1, '2', 3.5, no]\n"
           b"'$date': x\nf: {'$map': [1]}\n")
    loaded = load_yaml(raw, "x.yaml")
    checked = Checked("x.yaml", loaded.data, loaded, list(loaded.findings))
    line = encode_entry(checked, "k")
    back = decode_entry(line or "", "x.yaml", "k", ".")
    assert back is not None
    assert repr(back.doc) == repr(loaded.data) and back.findings == checked.findings
    assert back.loaded.lines == loaded.lines and back.loaded.reported == loaded.reported


def test_a_damaged_line_map_is_read_again_from_the_file(tmp_path: Path) -> None:
    root, rel, path = poisoned_portal(tmp_path)
    rewrite_entry(path, rel, _set(lines="[[[\"kind\"]],[1]]"))
    [finding] = result(root).report.findings
    assert (finding.code, finding.line) == ("schema/personal-data", 7)


# -- the process pool -----------------------------------------------------------------------


def test_pool_results_equal_serial_results(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = everything(sample, cache_on=False)
    monkeypatch.setattr(gongkai.validate.tuning, "PARALLEL_FROM", 1)
    assert everything(sample, cache_on=False) == serial
    assert everything(sample) == serial  # the pool's entries fill the cache
    monkeypatch.setattr(gongkai.validate.tuning, "PARALLEL_FROM", 10 ** 9)
    assert everything(sample) == serial


@pytest.mark.parametrize("name", ["data/a.yaml", 'data/引号"a.yaml', "data/back\\slash.yaml",
                                  'data/x","key":"y.yaml', "data/\u2028.yaml"])
def test_entry_lines_are_found_by_file_and_key(tmp_path: Path, name: str) -> None:
    loaded = Loaded({"a": 1}, {(): (1, 1)}, [], set())
    line = encode_entry(Checked(name, loaded.data, loaded, []), "f" * 64)
    assert line is not None
    path = tmp_path / "c.json"
    path.write_bytes(b'{"format": "gongkai-cache", "version": 1}\n' + line.encode() + b"\n")
    assert cache.read_entries(path) == {name: ("f" * 64, line.encode())}
