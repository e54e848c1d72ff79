"""The wording catalogue (handbook: contributing.md#add-a-wording): one file set per language,
the same keys and placeholders in each, read from data, nothing registered at import time."""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

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


def test_a_text_parameter_survives_the_cache() -> None:
    from gongkai.validate import cache

    value = (("reason", wording.Text("只用于民主生活会", "for democratic life meetings only")),)
    encoded = cache._ENCODER.encode(cache._enc(value))
    assert cache._TAGGED.decode(encoded) == value
