"""Imports point one way (handbook: contributing.md#flow): base (core, wording) -> git -> load ->
validate -> model -> rules -> report -> check -> harvest -> site -> tools -> the entry points (cli,
build), each stage a subpackage of its own.

Every ``gongkai`` import counts, at the top of a module, inside a function or under
TYPE_CHECKING: an import kept out of sight is still a dependency."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import gongkai

SRC = Path(gongkai.__file__).resolve().parent
ORDER = ("base", "git", "load", "validate", "model", "rules", "report", "check", "harvest",
         "site", "tools", "entry")
# every subpackage of gongkai is one stage; the package root holds only the entry points
STAGE = {
    "__init__": "base", "core": "base", "wording": "base",
    "git": "git", "load": "load", "validate": "validate", "model": "model", "rules": "rules",
    "report": "report", "check": "check", "harvest": "harvest", "site": "site", "tools": "tools",
    "cli": "entry", "build": "entry",
}
KNOWN: set[tuple[str, str]] = set()  # imports against the direction, allowed for now: none


def module_name(path: Path) -> str:
    return ".".join(("gongkai", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(
        ".__init__")


def stage(module: str) -> str:
    parts = module.split(".")
    return STAGE[parts[1] if len(parts) > 1 else "__init__"]


def gongkai_imports(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "gongkai":
                yield from (f"gongkai.{alias.name}" for alias in node.names)
            elif node.module.startswith("gongkai."):
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names if a.name.startswith("gongkai."))


def graph() -> dict[str, set[str]]:
    return {module_name(path): set(gongkai_imports(path)) for path in sorted(SRC.rglob("*.py"))}


def test_every_module_has_a_stage() -> None:
    assert [m for m in graph() if m.split(".")[1:2] and m.split(".")[1] not in STAGE] == []


def test_the_root_holds_only_the_entry_points() -> None:
    """Everything else lives in the subpackage of its stage (handbook: contributing.md#flow)."""
    root = sorted(p.stem for p in SRC.glob("*.py"))
    assert root == sorted(k for k, v in STAGE.items() if v == "entry" or k == "__init__")


def test_imports_point_one_way() -> None:
    against = sorted((importer, imported) for importer, targets in graph().items()
                     for imported in targets
                     if ORDER.index(stage(imported)) > ORDER.index(stage(importer)))
    assert [pair for pair in against if pair not in KNOWN] == []


def test_no_two_modules_import_each_other() -> None:
    """check/changes, init/initask, loader/yamlslips and site.pages/site.citypages did."""
    imports = graph()
    mutual = sorted((a, b) for a, targets in imports.items() for b in targets
                    if a < b and a in imports.get(b, set()))
    assert mutual == []
