"""handbook/docs/rules.md lists every rule with its documents and dates in force, generated from
the built-in profiles (gongkai.rules.reference)."""

from __future__ import annotations

from pathlib import Path

from gongkai.rules import RULES
from gongkai.rules.reference import BEGIN, END, block, rewrite

PAGE = Path(__file__).resolve().parents[2] / "handbook" / "docs" / "rules.md"


def test_the_handbook_tables_are_up_to_date() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert BEGIN in text and END in text and "## 规则与依据 Rules and their sources" in text
    assert rewrite(text) == text, ("handbook/docs/rules.md is out of date: run "
                                   "python -m gongkai.rules.reference handbook/docs/rules.md")


def test_every_rule_and_regulation_is_listed() -> None:
    generated = block()
    for rule_id in RULES:
        assert f"| `{rule_id}` " in generated, rule_id
    for date, short in (("2018-07-12", "《任期意见》"), ("2018-10-28", "《支部工作条例》"),
                        ("2019-05-06", "《党员教育管理工作条例》"),
                        ("2020-07-13", "《基层组织选举工作条例》")):
        assert f"| {date} |" in generated and short in generated
