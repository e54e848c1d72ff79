"""Where the built-in schemas and profiles are: inside the installed package, or in the checkout."""

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
