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
from gongkai.wording import Text, join, text, words

URL = re.compile(r"https?://[^\s<>\"]+")
ROOT_TYPES = ("working_committee", "committee", "general_branch", "branch")
HANDLE = re.compile(r"[A-Za-z0-9@/_.-]{1,100}")

# option -> the default, or None when an answer is required; the question is ``init.<option>``
# in the wording catalogue (wording/<lang>/init.yaml)
QUESTIONS: dict[str, str | None] = {"name": None, "root_id": None, "root_name": None,
                                    "root_type": "committee", "department": "", "base_url": "",
                                    "ci": "github", "maintainer": ""}
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
    for key, default in QUESTIONS.items():
        value = values.get(key)
        if isinstance(value, list):
            value = " ".join(value)
        while value is None:
            if ask is None:
                if default is None:
                    raise PortalError("error.init-missing", option=key.replace("_", "-"),
                                      question=words(f"init.{key}"))
                value = default
                break
            value = _ask(ask, text(f"init.{key}", lang), default)
            problem = _problem(key, value)
            if problem:
                print(problem.message(lang))
                value = None
        got[key] = str(value).strip()
        problem = _problem(key, got[key])
        if problem:
            raise problem
    maintainers = got.pop("maintainer").split()
    return Answers(maintainers=maintainers, install_spec=values.get("install_spec") or "",
                   **got)


def _ask(ask: Callable[[str], str], question: str, default: str | None) -> str:
    shown = f" [{default}]" if default else ""
    try:
        answer = ask(f"{question}{shown}: ").strip()
    except EOFError as exc:
        raise PortalError("error.input-ended") from exc
    return answer or (default or "")


def _problem(key: str, value: str) -> PortalError | None:
    """Why an answer cannot be used, or None."""
    value = value.strip()
    if key in ("name", "root_name") and not 1 <= len(value) <= 100:
        return PortalError("init.bad-name", value=value)
    if key == "root_id" and not valid_org_id(value):
        return PortalError("init.bad-id", value=value)
    if key in CHOICES and value not in CHOICES[key]:
        choices = join([Text(choice, choice) for choice in CHOICES[key]], "list.choices")
        return PortalError("init.bad-choice", value=value, choices=choices)
    if key == "base_url" and value and not URL.fullmatch(value):
        return PortalError("init.bad-url", value=value)
    if key == "maintainer" and any(not HANDLE.fullmatch(h) for h in value.split()):
        return PortalError("init.bad-handle", value=value)
    return None


def done_message(target: Path, answers: Answers, count: int, lang: str) -> str:
    return text("init.done", lang, folder=target, count=count, org=answers.root_id)
