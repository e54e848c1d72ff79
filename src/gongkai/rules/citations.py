"""Citations in words and values in words (handbook/docs/rules.md, "规则与依据").

:func:`citation` is the rule's article, then each value that decided a finding and is not the
article's: its own article, or, for a value no article states, a portal convention (v2: marked
and footnoted once per report, :mod:`gongkai.core.conventions`; v1: its source on every row).
"""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.core.conventions import MARK
from gongkai.rules.profile import Param, RuleConfig
from gongkai.wording import LANGS, Text, has, text
from gongkai.wording import words as _words


def describe(param: Param, lang: str) -> str:
    """A value in words, e.g. ``期限（30 天）`` / ``the time limit (30 days)``."""
    label = text(f"param.{param.name}", lang) if has(f"param.{param.name}") else param.name
    value = param.value
    words = ""
    if isinstance(value, dict) and set(value) <= {"days", "months"} and value:
        words = duration(value).in_(lang)
    elif param.name == "due":
        words = due_words(str(value), lang)
    elif param.name == "every":
        words = text(f"frequency.{value}", lang) if has(f"frequency.{value}") else str(value)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        words = f"{value:g}"
    return text("param.described", lang, label=label, value=words) if words else label


def duration(value: Mapping[str, int]) -> Text:
    """``{days: 30}`` -> ``30 天`` / ``30 days``."""
    unit, n = next(iter(sorted(value.items())))
    return _words(f"duration.{unit}", n=n)


def due_words(spec: str, lang: str) -> str:
    if spec == "end":
        return text("due.end", lang)
    if spec.startswith("next-year-"):
        return text("due.next-year", lang, day=spec.removeprefix("next-year-"))
    return text("due.year", lang, day=spec)


def citation(cfg: RuleConfig, *used: Param, footnoted: bool = False) -> tuple[str, str]:
    """The rule's article, then each value that decided the finding and is not the article's.
    ``footnoted`` (v2 profiles): a portal convention is marked, and explained once per report."""
    zh, en = (cfg.cite.text(lang) + "".join(_cited(cfg, param, lang, footnoted) for param in used)
              for lang in LANGS)
    return zh, en


def _cited(cfg: RuleConfig, param: Param, lang: str, footnoted: bool) -> str:
    what = describe(param, lang)
    if param.cite.default and footnoted:
        return text("cite.convention", lang, what=what, mark=MARK)
    if param.cite.default:
        source = param.cite.source_en or param.cite.source if lang == "en" else param.cite.source
        return text("cite.default", lang, what=what, source=source)
    if param.cite.text("zh") != cfg.cite.text("zh"):
        return text("cite.value", lang, what=what, article=param.cite.text(lang))
    return ""
