"""Citations in words and values in words (handbook/docs/rules.md, "规则与依据").

:func:`citation` is the rule's article, then each value that decided a finding and is not the
article's: its own article, or, for a value no article states, a portal convention (v2: marked
and footnoted once per report, :mod:`gongkai.conventions`; v1: its source on every row).
"""

from __future__ import annotations

from collections.abc import Mapping

from gongkai.conventions import MARK
from gongkai.rules.profile import Param, RuleConfig

_LABELS = {
    "due": ("截止日期", "the due date"), "limit": ("期限", "the time limit"),
    "grace": ("期限", "the time limit"), "informed_within": ("通报期限", "the time to inform"),
    "every": ("频次", "the frequency"), "meetings": ("会议频次", "the meeting frequency"),
    "terms": ("任期", "the terms"), "positions": ("职务范围", "the posts"),
    "members_hours": ("党员学时", "members' hours"),
    "leaders_hours": ("班子成员学时", "leaders' hours"),
    "min_percent": ("比例下限", "the lowest share"), "max_percent": ("比例上限", "the highest share"),
    "max_terms": ("连任届数", "the consecutive terms"), "reminder": ("提醒期", "the reminder window"),
    "committee_from": ("设支委会人数", "members for a committee"),
    "branch_max": ("支部人数上限", "most members of a branch"),
    "general_branch_max": ("总支人数上限", "most members of a general branch"),
    "postpone_max": ("延期上限", "the longest postponement"),
    "advance_within": ("提前换届界限", "how early counts as early"),
}
_EVERY = {"year": ("每年", "yearly"), "half": ("每半年", "half-yearly"),
          "quarter": ("每季度", "quarterly"), "month": ("每月", "monthly")}


def describe(param: Param, lang: str) -> str:
    """A value in words, e.g. ``期限 30 天`` / ``the time limit of 30 days``."""
    zh_label, en_label = _LABELS.get(param.name, (param.name, param.name))
    value = param.value
    text = ""
    if isinstance(value, dict) and set(value) <= {"days", "months"} and value:
        text = duration_words(value, lang)
    elif param.name == "due":
        text = due_words(str(value), lang)
    elif param.name == "every":
        text = _EVERY.get(str(value), (str(value), str(value)))[0 if lang == "zh" else 1]
    elif isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{value:g}"
    if lang == "zh":
        return f"{zh_label}（{text}）" if text else zh_label
    return f"{en_label} ({text})" if text else en_label


def duration_words(duration: Mapping[str, int], lang: str) -> str:
    """``{days: 30}`` -> ``30 天`` / ``30 days``."""
    unit, n = next(iter(sorted(duration.items())))
    if lang == "zh":
        return f"{n} 天" if unit == "days" else f"{n} 个月"
    return f"{n} {unit}"


def due_words(spec: str, lang: str) -> str:
    if spec == "end":
        return "期末" if lang == "zh" else "end of the period"
    if spec.startswith("next-year-"):
        day = spec.removeprefix("next-year-")
        return f"次年 {day}" if lang == "zh" else f"{day} of the next year"
    return f"当年 {spec}" if lang == "zh" else f"{spec} of the year"


def citation(cfg: RuleConfig, *used: Param, footnoted: bool = False) -> tuple[str, str]:
    """The rule's article, then each value that decided the finding and is not the article's.
    ``footnoted`` (v2 profiles): a portal convention is marked, and explained once per report."""
    zh, en = cfg.cite.text("zh"), cfg.cite.text("en")
    for param in used:
        if param.cite.default and footnoted:
            zh += f"；{describe(param, 'zh')}为本门户约定{MARK}"
            en += f"; {describe(param, 'en')} is a portal convention{MARK}"
        elif param.cite.default:
            source_en = param.cite.source_en or param.cite.source
            zh += f"；{describe(param, 'zh')}为规则配置默认值（{param.cite.source}）"
            en += f"; {describe(param, 'en')} is a profile default ({source_en})"
        elif param.cite.text("zh") != cfg.cite.text("zh"):
            zh += f"；{describe(param, 'zh')}：{param.cite.text('zh')}"
            en += f"; {describe(param, 'en')}: {param.cite.text('en')}"
    return zh, en
