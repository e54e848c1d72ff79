"""``gongkai init DIR``: write a complete new portal that checks clean and builds both audiences.

What it writes (handbook/docs/setup.md, "从零开始 From nothing"): ``data/site.yaml`` and the root
organization's ``org.yaml``, a minimal ``mkdocs.yml``, the hand-written ``docs/`` pages and the
``macros/`` module (the sample's own, shipped in the wheel), the editors' JSON Schemas and
settings, CI for GitHub or GitLab, CODEOWNERS, a pre-commit configuration, ``.gitignore``,
``deploy/`` and a short README for the portal's staff. Every answer is validated before anything
is written; a folder that holds anything is refused unless ``--force``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import string
import sys
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import yaml

from gongkai.core.commandline import command
from gongkai.core.errors import PortalError
from gongkai.core.resources import sample_part, schema_file, templates_dir
from gongkai.rules.profile import DEFAULT_PROFILE
from gongkai.tools import initask
from gongkai.tools.initask import Answers
from gongkai.wording import bilingual

TIMEZONE = "Asia/Shanghai"
CI_FILES = {"github": {"github/main.yml": ".github/workflows/gongkai-main.yml",
                       "github/pull-request.yml": ".github/workflows/gongkai-pull-request.yml"},
            "gitlab": {"gitlab-ci.yml": ".gitlab-ci.yml"},
            "none": {}}
CODEOWNERS_AT = {"github": ".github/CODEOWNERS", "gitlab": ".gitlab/CODEOWNERS",
                 "none": "CODEOWNERS"}
# templates/portal/<name> -> where it goes in the portal (dot files are stored without the dot)
PORTAL_FILES = {"mkdocs.yml": "mkdocs.yml", "README.md": "README.md", "gitignore": ".gitignore",
                "editorconfig": ".editorconfig",
                "pre-commit-config.yaml": ".pre-commit-config.yaml",
                "vscode/settings.json": ".vscode/settings.json",
                "vscode/extensions.json": ".vscode/extensions.json"}
DISCIPLINE = {"working_committee": "commission", "committee": "commission",
              "general_branch": "member", "branch": "member"}


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(sub, "init")
    p.add_argument("dir", type=Path, metavar="DIR")
    p.add_argument("--name")
    p.add_argument("--root-id", metavar="ID")
    p.add_argument("--root-name", metavar="NAME")
    p.add_argument("--root-type", choices=list(DISCIPLINE))
    p.add_argument("--department")
    p.add_argument("--base-url", metavar="URL")
    p.add_argument("--ci", choices=list(CI_FILES))
    p.add_argument("--maintainer", action="append", default=None, metavar="HANDLE")
    p.add_argument("--install-spec", metavar="SPEC")
    p.add_argument("--lang", choices=["zh", "en"])
    p.add_argument("--force", action="store_true")


def cmd_init(args: argparse.Namespace) -> int:
    lang = args.lang or "zh"
    target = args.dir.resolve()
    _refuse_non_empty(target, args.force)
    ask: Callable[[str], str] | None = input if sys.stdin.isatty() else None
    answers = initask.gather(vars(args), lang, ask)
    written = write_portal(target, answers, _today())
    print(initask.done_message(target, answers, len(written), lang))
    return 0


def _refuse_non_empty(target: Path, force: bool) -> None:
    if target.exists() and not target.is_dir():
        raise PortalError("error.not-a-folder", folder=target)
    if target.is_dir() and any(target.iterdir()) and not force:
        raise PortalError("error.init-not-empty", folder=target)


def _today() -> dt.date:
    from gongkai.check.run import today_in

    return today_in(TIMEZONE)


def gongkai_version() -> str:
    try:
        return version("gongkai")
    except PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "0.1.0"


def write_portal(target: Path, answers: Answers, today: dt.date) -> list[str]:
    """Write the portal; returns the paths written, relative to ``target``."""
    from gongkai.tools import codeowners, jsonschema_export

    out: dict[str, str | Path] = {}
    out["data/site.yaml"] = site_yaml(answers, today)
    out[f"data/orgs/{answers.root_id}/org.yaml"] = org_yaml(answers)
    templates = templates_dir()
    names = {"name": answers.name, "root_id": answers.root_id}
    for src, dst in PORTAL_FILES.items():
        out[dst] = string.Template((templates / "portal" / src).read_text("utf-8")) \
            .safe_substitute(names)
    pinned = f"gongkai=={gongkai_version()}"
    for src, dst in CI_FILES[answers.ci].items():
        text = (templates / src).read_text("utf-8")
        out[dst] = text.replace(pinned, answers.install_spec) if answers.install_spec else text
    for base, rel in _tree(sample_part("docs"), "docs") + _tree(templates / "deploy", "deploy"):
        out[rel] = base
    out["macros/main.py"] = sample_part("macros/main.py")
    for rel, content in out.items():
        _write(target / rel, content)
    written = list(out)
    written += [p.relative_to(target).as_posix()
                for p in jsonschema_export.write_all(target / "schema")]
    owners_at = CODEOWNERS_AT[answers.ci]
    text, _ = codeowners.generate(target, owners_at)
    _write(target / owners_at, text)
    return [*written, owners_at]


def _tree(folder: Path, prefix: str) -> list[tuple[Path, str]]:
    if not folder.is_dir():
        return []  # deploy/ templates may not exist in this version
    return [(p, f"{prefix}/{p.relative_to(folder).as_posix()}")
            for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts]


def _write(path: Path, content: str | Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, Path):
        shutil.copyfile(content, path)
    else:
        path.write_text(content, encoding="utf-8", newline="\n")


def schema_version() -> int:
    """The data contract version this gongkai writes: the newest ``site.yaml`` allows."""
    doc = yaml.safe_load(schema_file("site").read_text("utf-8"))
    return max(int(v) for v in doc["fields"]["schema_version"]["allowed"])


def site_yaml(a: Answers, today: dt.date) -> str:
    lines = ["# yaml-language-server: $schema=../schema/site.json",
             bilingual("init.site-head"),
             _pair("schema_version", schema_version()), _pair("name", a.name),
             _pair("root", a.root_id), _pair("profile", DEFAULT_PROFILE), _pair("timezone", TIMEZONE),
             _pair("language", "zh")]
    lines.append(_pair("base_url", a.base_url) if a.base_url else bilingual("init.site-base-url"))
    lines.append(bilingual("init.site-party-url"))
    lines += [_pair("checks_from", today), _pair("office_email_domains", [])]
    return "\n".join(lines) + "\n"


def org_yaml(a: Answers) -> str:
    lines = ["# yaml-language-server: $schema=../../../schema/org.json",
             _pair("id", a.root_id), _pair("name", a.root_name), _pair("type", a.root_type)]
    if a.department:
        lines.append(_pair("department", a.department))
    lines.append(_pair("discipline", {"kind": DISCIPLINE[a.root_type]}))
    lines.append(_pair("maintainers", a.maintainers))
    return "\n".join(lines) + "\n"


def _pair(key: str, value: Any) -> str:
    """One ``key: value`` line, the value quoted by YAML's own rules where it needs it."""
    return yaml.safe_dump({key: value}, allow_unicode=True, default_flow_style=True,
                          sort_keys=False, width=1 << 16).strip()[1:-1].strip()
