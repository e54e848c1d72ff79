"""A clerk's usual YAML slips are named at their own line, in the site language, with the fix
(issue 14, item 7). The data-driven cases are in tests/cases/yaml/invalid/; these add the
messages, the last-line variants and what must not be taken for a slip."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.cli import main
from gongkai.load.loader import load_yaml
from portal_kit import make_portal, record_path, write

HEAD = "kind: contact\ntitle: 结对共建\ndate: 2025-10-17\npublished: 2025-10-20\n"


@pytest.mark.parametrize("text,code,line,column", [
    (HEAD + "scope：public\n", "yaml/fullwidth-colon", 5, 6),           # on the last line
    (HEAD + "scope:public\n", "yaml/no-space-after-colon", 5, 7),
    (HEAD + "scope: public\nactivity_type:\ttwinning\n", None, 0, 0),   # a tab after ': ' is fine
    (HEAD + "scope: public\n\u3000activity_type: twinning\n", "yaml/fullwidth-space", 6, 1),
    (HEAD + "scope: 'public\nactivity_type: twinning\n", "yaml/unclosed-quote", 5, 8),
    ("kind: contact\ntitle: \"结对\"共建\"\n", None, 0, 0),  # PyYAML's own error, not a slip
])
def test_slip_lines(text: str, code: str | None, line: int, column: int) -> None:
    found = [(f.code, f.line, f.column) for f in load_yaml(text.encode(), "x.yaml").findings]
    if code is None:
        assert not any(c.startswith("yaml/") and c != "yaml/syntax" for c, _, _ in found), found
    else:
        assert found == [(code, line, column)]


def test_chinese_paragraphs_indented_with_fullwidth_spaces_are_not_slips() -> None:
    text = HEAD + "scope: public\nbody: |\n  \u3000\u3000第一段。\n  \u3000\u3000第二段：时间、地点。\n"
    loaded = load_yaml(text.encode(), "x.yaml")
    assert loaded.findings == [] and "\u3000\u3000第一段。" in loaded.data["body"]


@pytest.mark.parametrize("lang,words", [
    ("zh", "冒号后缺少空格（如 scope:party），整行被当成了一个值：在冒号后加一个空格（scope: party）"),
    ("en", "no space after the colon (as in scope:party)"),
])
def test_check_names_the_slip_in_the_site_language(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   lang: str, words: str) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-x"), HEAD + "scope:party\nactivity_type: twinning\n")
    assert main(["--root", str(root), "check", "--lang", lang]) == 1
    out = capsys.readouterr().out
    assert (f"data/orgs/case-branch/2025/2025-10-17-x.yaml:5:7: error yaml/no-space-after-colon "
            f"{words}") in out
    assert "could not find" not in out
