"""Handbook: security.md#yaml, data.md#personal-data and data.md#layout: hostile and malformed files become findings
with file and line, never a crash, and no file is modified."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from gongkai.check.run import Options, run_check
from gongkai.load.loader import MAX_BYTES, load_yaml
from portal_kit import GOOD_RECORD as GOOD
from portal_kit import make_portal, record_path, write


def codes(root: Path) -> list[tuple[str, str, int]]:
    result = run_check(Options(root=root, rules=False))
    return [(f.code, f.file, f.line) for f in result.report.sorted()]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 10):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    bomb = ("\n".join(lines) + "\n").encode()
    assert len(bomb) < 1000
    start = time.perf_counter()
    loaded = load_yaml(bomb, "bomb.yaml")
    assert time.perf_counter() - start < 1.0  # a walk of the expanded tree would take minutes
    assert [(f.code, f.line) for f in loaded.findings] == [("yaml/alias", 1)]
    assert loaded.data is None


def test_anchor_without_alias_is_refused_too() -> None:
    loaded = load_yaml(b"kind: plan\ntitle: &t x\n", "f.yaml")
    assert [(f.code, f.line, f.column) for f in loaded.findings] == [("yaml/alias", 2, 8)]


def test_ampersand_in_text_is_fine() -> None:
    loaded = load_yaml("title: 研究&部署 R&D\n".encode(), "f.yaml")
    assert loaded.findings == [] and loaded.data == {"title": "研究&部署 R&D"}


def test_duplicate_key_names_both_lines() -> None:
    loaded = load_yaml(b"title: a\nscope: public\ntitle: b\n", "f.yaml")
    [finding] = loaded.findings
    assert (finding.code, finding.line, finding.field) == ("yaml/duplicate-key", 3, "title")
    assert "第 1 行" in finding.message("zh")


@pytest.mark.parametrize("payload", [
    b"title: !!python/object/apply:os.system ['touch /tmp/gongkai-pwned']\n",
    b"title: !!python/name:os.system\n",
    b"title: !custom x\n",
    b"title: !!binary aGVsbG8=\n",
    b"tags: !!set {a, b}\n",
])
def test_foreign_tags_are_findings_and_run_nothing(payload: bytes) -> None:
    loaded = load_yaml(payload, "f.yaml")
    assert [f.code for f in loaded.findings] == ["yaml/tag"]
    assert not Path("/tmp/gongkai-pwned").exists()


def test_huge_file_is_refused_before_parsing() -> None:
    loaded = load_yaml(b"title: " + b"x" * MAX_BYTES + b"\n", "f.yaml")
    assert [f.code for f in loaded.findings] == ["yaml/too-large"]


def test_deep_nesting_is_refused() -> None:
    loaded = load_yaml(b"a: " + b"[" * 40 + b"]" * 40 + b"\n", "f.yaml")
    assert [f.code for f in loaded.findings] == ["yaml/too-deep"]
    loaded = load_yaml(b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", "f.yaml")
    assert [f.code for f in loaded.findings] == ["yaml/too-deep"]


def test_non_utf8_names_the_line() -> None:
    loaded = load_yaml("title: 好\nsummary: x\n".encode() + "党务\n".encode("gbk"), "f.yaml")
    assert [(f.code, f.line) for f in loaded.findings] == [("yaml/encoding", 3)]


def test_yaml_11_traps_are_type_errors(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-twinning"),
          GOOD + "participants: no\nlocation: 12:30\n")
    found = codes(root)
    assert ("schema/type", "data/orgs/case-branch/2025/2025-10-17-twinning.yaml", 7) in found
    # YAML 1.1 base 60 (12:30 = 750) loads as the text it looks like: right for a text field,
    # a type error for a number (tests/test_hostile.py)
    assert ("schema/type", "data/orgs/case-branch/2025/2025-10-17-twinning.yaml", 8) not in found


@pytest.mark.parametrize(("text", "what"), [
    ("联系人手机 13812345678", "手机号码"),
    ("身份证 11010519491231002X", "身份证号码"),
    ("请发邮件至 someone@qq.com", "个人电子邮箱"),
])
def test_personal_data_is_found_and_never_echoed(tmp_path: Path, text: str, what: str) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-twinning"), GOOD + f"outcome: {text}\n")
    result = run_check(Options(root=root, rules=False))
    [finding] = [f for f in result.report.sorted() if f.code == "schema/personal-data"]
    assert (finding.line, finding.field) == (7, "outcome")
    assert what in finding.message("zh")
    secret = text.split()[-1]
    for lang in ("zh", "en"):
        assert secret not in finding.message(lang)


def test_checksum_decides_what_is_an_id_number(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-twinning"), GOOD + "outcome: 编号 110105194912310021\n")
    assert codes(root) == []


def test_office_email_is_allowed(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-twinning"), GOOD + "outcome: 联系 office@dw.example.gov.cn\n")
    assert codes(root) == []


def test_banned_marking(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-twinning"), GOOD + "summary: 机密★ 本文件\n")
    assert [c[0] for c in codes(root)] == ["schema/banned-marking"]


def test_files_outside_the_layout(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(root / "data" / "notes.txt", "x")
    write(root / "data" / "orgs" / "case-branch" / "2025" / "draft.yaml", GOOD)
    write(root / "data" / "orgs" / "case-branch" / "misc" / "a.yaml", GOOD)
    write(root / "data" / "orgs" / "Bad_Org" / "org.yaml", "id: x\n")
    write(root / "data" / "orgs" / "case-branch" / "2025" / "2025-01-01-x" / "a.pdf", b"%PDF")
    (root / "data" / "orgs" / "case-branch" / "link.yaml").symlink_to("/etc/passwd")
    assert sorted(c[:2] for c in codes(root)) == [
        ("layout/bad-org-id", "data/orgs/Bad_Org"),
        ("layout/bad-stem", "data/orgs/case-branch/2025/draft.yaml"),
        ("layout/bad-year", "data/orgs/case-branch/misc"),
        ("layout/orphan-attachments", "data/orgs/case-branch/2025/2025-01-01-x"),
        ("layout/symlink", "data/orgs/case-branch/link.yaml"),
        ("layout/unexpected-file", "data/notes.txt"),
    ]


def test_stem_and_year_must_match_date_unless_corrected(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-18-twinning"), GOOD)
    assert codes(root) == [("schema/stem-date", "data/orgs/case-branch/2025/2025-10-18-twinning.yaml", 3)]
    write(record_path(root, "2025-10-18-twinning"),
          GOOD + "corrections:\n  - {date: 2025-10-25, note: 活动日期更正为10月17日}\n")
    assert codes(root) == []


def test_attachments(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    stem = "2025-10-17-twinning"
    write(record_path(root, stem), GOOD + "attachments:\n  - {title: 照片, file: photo.png}\n"
          "  - {title: 缺失, file: missing.pdf}\n  - {title: 脚本, file: run.sh}\n")
    folder = record_path(root, stem).with_suffix("")
    write(folder / "photo.png", b"\x89PNG\r\n\x1a\n")
    write(folder / "run.sh", b"echo")
    write(folder / "extra.pdf", b"%PDF")
    found = [(c, line) for c, _, line in codes(root)]
    assert found == [("schema/attachment", 7), ("schema/attachment", 9), ("schema/attachment", 10)]


def test_references_and_tree(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(root / "data" / "orgs" / "loop-a" / "org.yaml", "id: loop-a\nname: 甲\ntype: branch\nparent: loop-b\n")
    write(root / "data" / "orgs" / "loop-b" / "org.yaml", "id: loop-b\nname: 乙\ntype: branch\nparent: loop-a\n")
    write(root / "data" / "orgs" / "lost" / "org.yaml", "id: lost\nname: 丙\ntype: branch\nparent: nowhere\n")
    write(root / "data" / "orgs" / "wrong-id" / "org.yaml", "id: other\nname: 丁\ntype: branch\nparent: case-committee\n")
    write(record_path(root, "2025-10-17-twinning"), GOOD + "refs: [case-branch/2020-01-01-none]\n")
    assert sorted((c, f) for c, f, _ in codes(root)) == [
        ("schema/id-mismatch", "data/orgs/wrong-id/org.yaml"),
        ("schema/org-tree", "data/orgs/loop-a/org.yaml"),
        ("schema/org-tree", "data/orgs/loop-b/org.yaml"),
        ("schema/unknown-ref", "data/orgs/case-branch/2025/2025-10-17-twinning.yaml"),
        ("schema/unknown-ref", "data/orgs/lost/org.yaml"),
    ]


def test_a_run_modifies_no_file(tmp_path: Path) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-twinning"), GOOD + "participants: -1\nfoo: bar\n")
    write(record_path(root, "2025-10-18-bad"), b"\xff\xfe: [")

    def digest() -> dict[str, str]:
        return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}

    before = digest()
    assert codes(root)
    assert digest() == before
