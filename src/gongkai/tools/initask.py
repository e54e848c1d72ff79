"""The questions of ``gongkai init``: asked in a terminal for what the command line left out
(Chinese, English with ``--lang en``), refused in plain words when an answer cannot be used."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.core.errors import PortalError
from gongkai.load.layout import ORG_ID

URL = re.compile(r"https?://[^\s<>\"]+")
ROOT_TYPES = ("working_committee", "committee", "general_branch", "branch")
HANDLE = re.compile(r"[A-Za-z0-9@/_.-]{1,100}")

# option -> (zh question, en question, default or None when an answer is required)
QUESTIONS: dict[str, tuple[str, str, str | None]] = {
    "name": ("门户名称（如：市财政局机关党务公开）", "Portal title (e.g. 市财政局机关党务公开)", None),
    "root_id": ("顶端组织 id（小写字母、数字和连字符，如 finance-committee）",
                "Top organization id (lower-case letters, digits, hyphens, e.g. finance-committee)",
                None),
    "root_name": ("顶端组织名称（如：市财政局机关党委）",
                  "Top organization name (e.g. 市财政局机关党委)", None),
    "root_type": ("顶端组织类型 working_committee 工委 / committee 机关党委 / general_branch "
                  "党总支 / branch 党支部", "Top organization type (working_committee, committee, "
                  "general_branch, branch)", "committee"),
    "department": ("所在部门（可留空）", "Department it serves (may be empty)", ""),
    "base_url": ("对外网站地址（如 https://dangwu.example.gov.cn/，可留空）",
                 "Public site URL (e.g. https://dangwu.example.gov.cn/, may be empty)", ""),
    "ci": ("持续集成 github / gitlab / none", "CI: github, gitlab or none", "github"),
    "maintainer": ("顶端组织维护人的代码库账号（多个用空格分隔，可留空）",
                   "Repository handles maintaining the top organization (space-separated, "
                   "may be empty)", ""),
}
CHOICES = {"root_type": ROOT_TYPES, "ci": ("github", "gitlab", "none")}


@dataclass
class Answers:
    name: str
    root_id: str
    root_name: str
    root_type: str = "committee"
    department: str = ""
    base_url: str = ""
    ci: str = "github"
    maintainers: list[str] = field(default_factory=list)
    install_spec: str = ""


def valid_org_id(value: str) -> bool:
    return ORG_ID.fullmatch(value) is not None


def gather(values: dict[str, Any], lang: str, ask: Callable[[str], str] | None) -> Answers:
    """The answers from the command line, asking (``ask``) for each one left out; without a
    terminal (``ask`` None) the defaults are used and a missing required answer is refused."""
    got: dict[str, Any] = {}
    for key, (zh, en, default) in QUESTIONS.items():
        value = values.get(key)
        if isinstance(value, list):
            value = " ".join(value)
        while value is None:
            if ask is None:
                if default is None:
                    raise PortalError(f"缺少 --{key.replace('_', '-')}（{zh}）",
                                      f"--{key.replace('_', '-')} is missing ({en})")
                value = default
                break
            value = _ask(ask, zh if lang != "en" else en, default)
            problem = _problem(key, value)
            if problem:
                print(problem[0] if lang != "en" else problem[1])
                value = None
        got[key] = str(value).strip()
        problem = _problem(key, got[key])
        if problem:
            raise PortalError(*problem)
    maintainers = got.pop("maintainer").split()
    return Answers(maintainers=maintainers, install_spec=values.get("install_spec") or "",
                   **got)


def _ask(ask: Callable[[str], str], question: str, default: str | None) -> str:
    shown = f" [{default}]" if default else ""
    try:
        answer = ask(f"{question}{shown}: ").strip()
    except EOFError as exc:
        raise PortalError("输入已结束，未创建门户", "input ended: no portal was written") from exc
    return answer or (default or "")


def _problem(key: str, value: str) -> tuple[str, str] | None:
    """(zh, en) saying why an answer cannot be used, or None."""
    value = value.strip()
    if key in ("name", "root_name") and not 1 <= len(value) <= 100:
        return (f"名称须为 1 至 100 个字：{value!r}", f"a name must be 1 to 100 characters: {value!r}")
    if key == "root_id" and not valid_org_id(value):
        return (f"组织 id 只能用小写字母、数字和连字符（2 至 63 个字符）：{value!r}",
                f"an organization id is 2-63 lower-case letters, digits and hyphens: {value!r}")
    if key in CHOICES and value not in CHOICES[key]:
        return (f"应为 {' / '.join(CHOICES[key])} 之一：{value!r}",
                f"must be one of {', '.join(CHOICES[key])}: {value!r}")
    if key == "base_url" and value and not URL.fullmatch(value):
        return (f"网址应以 http:// 或 https:// 开头：{value!r}",
                f"a URL starts with http:// or https://: {value!r}")
    if key == "maintainer" and any(not HANDLE.fullmatch(h) for h in value.split()):
        return (f"账号只能用字母、数字和 @/_.-：{value!r}",
                f"a handle is letters, digits and @/_.-: {value!r}")
    return None


def done_message(target: Path, answers: Answers, count: int, lang: str) -> str:
    if lang == "en":
        return (f"gongkai: wrote a new portal in {target} ({count} files). Next:\n"
                f"  cd {target}\n  gongkai check\n  gongkai build\n"
                "  gongkai build --audience party\n"
                f"  gongkai new meeting --org {answers.root_id}")
    return (f"gongkai：已在 {target} 创建新门户（{count} 个文件）。接下来：\n"
            f"  cd {target}\n  gongkai check\n  gongkai build\n"
            "  gongkai build --audience party\n"
            f"  gongkai new meeting --org {answers.root_id}")
