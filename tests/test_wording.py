"""The wording catalogue (handbook: contributing.md#add-a-wording): one file set per language,
the same keys and placeholders in each, read from data, nothing registered at import time."""

from __future__ import annotations

import ast
import io
import re
import string
import tokenize
from pathlib import Path
from typing import Any

import pytest
import yaml

from gongkai import wording
from gongkai.core import catalog
from gongkai.core.findings import Finding

SRC = Path(wording.__file__).parents[1]


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_language_has_the_same_files_keys_and_placeholders() -> None:
    files = {lang: sorted(p.name for p in (wording.HOME / lang).glob("*.yaml"))
             for lang in wording.LANGS}
    assert files["zh"] == files["en"] and "findings.yaml" in files["zh"]
    zh, en = (wording.catalogue(lang) for lang in wording.LANGS)
    assert sorted(zh) == sorted(en)
    differ = [key for key in zh if _placeholders(zh[key]) != _placeholders(en[key])]
    assert differ == []


def test_no_parameter_has_a_language_twin() -> None:
    """One name per parameter: no ``{x_zh}`` or ``{x_en}`` in any template."""
    twins = [key for lang in wording.LANGS for key, text in wording.catalogue(lang).items()
             if any(name.endswith(("_zh", "_en")) for name in _placeholders(text))]
    assert twins == []


def test_nothing_registers_wording_at_import_time() -> None:
    calls = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            func = node.func if isinstance(node, ast.Call) else None
            if (isinstance(func, ast.Name) and func.id == "register") or (
                    isinstance(func, ast.Attribute) and func.attr == "register"
                    and isinstance(func.value, ast.Name) and func.value.id == "catalog"):
                calls.append(str(path.relative_to(SRC)))
    assert calls == []
    assert not hasattr(catalog, "register") and not hasattr(catalog, "CATALOG")


def test_every_rule_and_only_they_have_a_rule_code() -> None:
    from gongkai.rules import RULES

    assert sorted(f"rule/{r}" for r in RULES) == [c for c in sorted(catalog.codes())
                                                 if c.startswith("rule/")]


def test_a_text_parameter_reads_in_the_language_of_the_message() -> None:
    finding = Finding("schema/type", "error", "data/x.yaml", field="title",
                      params=(("expected", wording.Text("文字", "text")),))
    assert finding.message("zh") == "字段“title”应为文字"
    assert finding.message("en") == "field 'title' must be text"
    assert wording.words("status.overdue") == wording.Text("逾期", "Overdue")


def test_a_key_in_two_files_of_a_language_is_refused(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "zh").mkdir()
    (tmp_path / "zh" / "a.yaml").write_text("k: 一\n", encoding="utf-8")
    (tmp_path / "zh" / "b.yaml").write_text("k: 二\n", encoding="utf-8")
    monkeypatch.setattr(wording, "HOME", tmp_path)
    wording.catalogue.cache_clear()
    try:
        with pytest.raises(wording.WordingError, match="k"):
            wording.catalogue("zh")
    finally:
        monkeypatch.undo()
        wording.catalogue.cache_clear()


def test_the_cache_fingerprint_covers_the_catalogue(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Cached findings carry their wording parameters: a changed catalogue is a cold cache."""
    from gongkai.validate import cache

    package = tmp_path / "gongkai"
    (package / "wording" / "zh").mkdir(parents=True)
    (package / "module.py").write_text("x = 1\n", encoding="utf-8")
    phrases = package / "wording" / "zh" / "words.yaml"
    phrases.write_text("k: 一\n", encoding="utf-8")
    monkeypatch.setattr(cache, "_PACKAGE", package)
    before = cache.code_fingerprint()
    phrases.write_text("k: 二\n", encoding="utf-8")
    assert cache.code_fingerprint() != before
    both_languages = package / "wording" / "bilingual.yaml"  # beside the language folders
    both_languages.write_text("k: 一 / one\n", encoding="utf-8")
    before = cache.code_fingerprint()
    both_languages.write_text("k: 二 / two\n", encoding="utf-8")
    assert cache.code_fingerprint() != before


def test_a_text_parameter_survives_the_cache() -> None:
    from gongkai.validate import cache

    value = (("reason", wording.Text("只用于民主生活会", "for democratic life meetings only")),)
    encoded = cache._ENCODER.encode(cache._enc(value))
    assert cache._TAGGED.decode(encoded) == value


# -- no wording left in the code -----------------------------------------------------------------

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_STRINGS = {tokenize.STRING} | ({tokenize.FSTRING_MIDDLE} if hasattr(tokenize, "FSTRING_MIDDLE")
                                 else set())

# Chinese that stays in the code, and why: none of it is a sentence a reader is shown.
ALLOWED_CHINESE = {
    "rules/layers.py": (11, "Chinese numerals and the 第N条 form of an article, as the documents "
                            "write them: a number formatter and the parser of a profile's articles"),
    "validate/filecheck.py": (2, "the default secrecy markings, matched against the records"),
    "validate/textscan.py": (2, "what may follow a marking word in brackets, matched against "
                                "the records"),
    "site/recordpage.py": (1, "元, a currency as a record may write it (matched, not shown)"),
}


def _docstring_lines(tree: ast.Module) -> set[int]:
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) \
                and node.body and isinstance(node.body[0], ast.Expr) \
                and isinstance(node.body[0].value, ast.Constant) \
                and isinstance(node.body[0].value.value, str):
            lines.add(node.body[0].lineno)
    return lines


def chinese_in_strings(source: str) -> set[int]:
    """The lines of ``source`` where a string literal (not a docstring) holds Chinese; comments
    and docstrings are not wording."""
    docstrings = _docstring_lines(ast.parse(source))
    lines = set()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in _STRINGS and token.start[0] not in docstrings:
            lines |= {token.start[0] + n for n, part in enumerate(token.string.split("\n"))
                      if CJK.search(part)}
    return lines


def test_the_code_holds_no_chinese_wording() -> None:
    """Every sentence is in the catalogue (wording/<lang>/*.yaml, wording/bilingual.yaml): a
    Chinese string literal in src/gongkai is refused unless listed above with its reason."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        lines = chinese_in_strings(path.read_text(encoding="utf-8"))
        if lines:
            found[path.relative_to(SRC).as_posix()] = len(lines)
    over = {name: count for name, count in found.items()
            if count > ALLOWED_CHINESE.get(name, (0, ""))[0]}
    assert over == {}, "move these strings to the wording catalogue (contributing.md#add-a-wording)"
    assert sorted(found) == sorted(ALLOWED_CHINESE), "an allowance no longer needed: remove it"


def test_the_literal_finder_sees_strings_not_comments_or_docstrings() -> None:
    source = ('"""模块说明。"""\n'
              "def f() -> str:\n"
              '    """函数说明。"""\n'
              "    # 注释\n"
              '    return f"共 {1} 个" + """\n'
              '多行"""\n')
    assert chinese_in_strings(source) == {5, 6}


def test_no_catalogue_file_defines_a_key_twice() -> None:
    """YAML keeps the last of two equal keys silently; a catalogue file must not have any."""

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
        keys = [loader.construct_object(key) for key, _ in node.value]
        assert len(keys) == len(set(keys)), sorted(k for k in keys if keys.count(k) > 1)
        return loader.construct_mapping(node)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    for path in sorted(wording.HOME.rglob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)  # noqa: S506 (a safe loader)


def test_bilingual_lines_are_one_template_each() -> None:
    from gongkai.wording import bilingual

    assert bilingual("cli.description") == "党务公开门户 / party-affairs disclosure portal"
    assert wording.both("profile.key-missing", key="due") == "缺少 due / due is missing"


_KEYED = {"PortalError", "FileExists", "text", "words", "both", "t"}


def _keys_in_code() -> tuple[set[str], set[str]]:
    """The literal catalogue keys the code names: (language catalogue, bilingual.yaml)."""
    keyed, bilingual = set(), set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args \
                    or not isinstance(node.args[0], ast.Constant) \
                    or not isinstance(node.args[0].value, str):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else (
                func.attr if isinstance(func, ast.Attribute) else "")
            if name == "bilingual":
                bilingual.add(node.args[0].value)
            elif name in _KEYED and "." in node.args[0].value:
                keyed.add(node.args[0].value)
    return keyed, bilingual


def test_every_key_the_code_names_is_in_the_catalogue() -> None:
    keyed, bilingual = _keys_in_code()
    assert {"error.no-data-dir", "report.summary", "init.done"} <= keyed
    assert sorted(key for key in keyed if not wording.has(key)) == []
    assert sorted(bilingual - set(wording._bilingual())) == []


def test_a_portal_error_is_a_key_rendered_in_the_language_asked() -> None:
    from gongkai.core.errors import PortalError

    error = PortalError("error.unknown-rev", rev="nope")
    assert error.message("zh").startswith("找不到修订 'nope'（分支、标签或提交）")
    assert error.message("en").startswith("unknown revision 'nope' (a branch, tag or commit)")
    assert str(error) == error.message("en")
    assert PortalError("error.init-missing", option="name",
                       question=wording.words("init.name")).message("en") == \
        "--name is missing (Portal title (e.g. 市财政局机关党务公开))"
