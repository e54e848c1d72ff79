"""Where the built-in schemas, profiles and templates are: inside the installed package (hatch
``force-include`` in pyproject.toml), or in the checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def validators_dir() -> Path:
    """``gongkai/validators`` in a wheel (hatch force-include), ``validators/`` in a checkout."""
    for candidate in (_PACKAGE / "validators", _PACKAGE.parents[1] / "validators"):
        if (candidate / "schemas").is_dir():
            return candidate
    raise FileNotFoundError("gongkai is installed without its validators/ folder")


def schema_file(name: str) -> Path:
    return validators_dir() / "schemas" / f"{name}.yaml"


def builtin_profiles_dir() -> Path:
    return validators_dir() / "profiles"


@cache
def templates_dir() -> Path:
    """``gongkai/templates`` in a wheel, ``templates/`` in a checkout: what ``init`` writes."""
    for candidate in (_PACKAGE / "templates", _PACKAGE.parents[1] / "templates"):
        if (candidate / "portal").is_dir():
            return candidate
    raise FileNotFoundError("gongkai is installed without its templates/ folder")


def sample_part(rel: str) -> Path:
    """A part of the sample portal a new portal starts with (``docs``, ``macros/main.py``):
    ``gongkai/sample/<rel>`` in a wheel, the checkout's own file otherwise."""
    for candidate in (_PACKAGE / "sample" / rel, _PACKAGE.parents[1] / rel):
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"gongkai is installed without its sample {rel}")
