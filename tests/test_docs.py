"""Documentation coverage: every finding code and every kind is documented in the README."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import gongkai
from gongkai.catalog import CATALOG
from gongkai.schemas import KINDS

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
FINDINGS_PAGE = (Path(__file__).parents[1] / "handbook" / "docs" / "findings.md").read_text(
    encoding="utf-8")


def _import_everything() -> None:
    """Rule families and other modules register their codes when imported."""
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if ".site" not in module.name:
            importlib.import_module(module.name)


def test_every_finding_code_is_documented() -> None:
    _import_everything()
    documented = set(re.findall(r"`((?:yaml|layout|schema|rule|change)/[a-z0-9-]+)`",
                                README + FINDINGS_PAGE))
    missing = sorted(set(CATALOG) - documented)
    assert missing == [], f"document these codes in README.md or handbook/docs/findings.md: {missing}"
    unknown = sorted(documented - set(CATALOG))
    assert unknown == [], f"README.md documents codes that do not exist: {unknown}"


def test_every_kind_is_documented() -> None:
    for kind in KINDS:
        assert f"`{kind}`" in README, kind


def test_readme_gives_the_two_setup_commands() -> None:
    assert "make site" in README and "make test" in README


def test_ci_runs_the_readme_test_command() -> None:
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
