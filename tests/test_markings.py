"""Classification markings are markings, not words (handbook: data.md, personal data and markings;
handbook/docs/rules.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.validate.filecheck import DEFAULT_MARKINGS, DEFAULT_PHRASES
from gongkai.validate.textscan import is_marked
from test_loading import GOOD, codes, make_portal, record_path, write

WORDS = ["内部审计", "内部控制", "党内", "党内监督", "党内部监督", "保守党的秘密",
         "入党誓词：保守党的秘密，对党忠诚", "机密文件管理培训", "（内部审计）", "内部审计：年度计划"]
MARKINGS = ["秘密★1年", "机密★", "绝密☆", "秘密 ★ 10年", "【内部】", "（内部资料）", "[涉密]",
            "内部", "第一行\n内部\n第三行", "内部资料", "本件为内部文件，请勿外传", "注意保存",
            "机密：关于年度考核", "秘密 年度计划", "【机密★】会议纪要"]


@pytest.mark.parametrize("text", WORDS)
def test_ordinary_words_are_not_markings(text: str) -> None:
    assert not is_marked(text, DEFAULT_MARKINGS, DEFAULT_PHRASES)


@pytest.mark.parametrize("text", MARKINGS)
def test_markings_are_refused(text: str) -> None:
    assert is_marked(text, DEFAULT_MARKINGS, DEFAULT_PHRASES)


def test_a_site_chooses_its_phrases(tmp_path: Path) -> None:
    assert not is_marked("请妥善保管", DEFAULT_MARKINGS, DEFAULT_PHRASES)
    assert is_marked("请妥善保管", DEFAULT_MARKINGS, ["妥善保管"])


@pytest.mark.parametrize(("summary", "refused"), [
    ("内部审计发现的问题已整改", False), ("机密★ 关于年度考核", True), ("（内部资料）会议情况", True),
])
def test_records_are_checked_for_markings(tmp_path: Path, summary: str, refused: bool) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-twinning"), GOOD + f"summary: {summary}\n")
    assert [c[0] for c in codes(root)] == (["schema/banned-marking"] if refused else [])


def test_every_new_type_and_field_has_its_label() -> None:
    """The kinds and fields the v2 rules added are labelled where kinds are labelled today."""
    from gongkai.rules.names import rule_ids
    from gongkai.validate import kinds
    from gongkai.validate.schemas import load_schema
    registry = kinds.registry()
    for kind, field in (("meeting", "meeting_type"), ("report", "report_type")):
        for value in load_schema(kind).fields[field]["allowed"]:
            assert value in registry.values[field], (field, value)
    assert {"advance_approval", "by_secretary"} <= set(registry.fields)
    from gongkai.rules import RULES as RULE_SPECS
    assert sorted(rule_ids()) == sorted(RULE_SPECS)
