"""Where the built-in schemas, profiles and templates are: inside the installed package (hatch
``force-include`` in pyproject.toml), or in the checkout."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parents[1]


@cache
def validators_dir() -> Path:
    """``gongkai/validators`` in a wheel (hatch force-include), ``validators/`` in a checkout."""
    for candidate in (_PACKAGE / "validators", _PACKAGE.parents[1] / "validators"):
        if (candidate / "schemas").is_dir():
            return candidate
    raise FileNotFoundError("gongkai is installed without its validators/ folder")


_PORTAL: list[Path | None] = [None]  # the portal being worked on, if any (use_portal)


def use_portal(root: Path | None) -> None:
    """Let the portal's own ``validators/schemas/`` count, first, as its own profiles do
    (handbook: contributing.md#add-a-kind). ``check``, ``build``, ``new`` and ``schema`` call it."""
    _PORTAL[0] = root.resolve() if root is not None else None


def schema_dirs() -> tuple[Path, ...]:
    """The schema folders in use: the portal's own first (when it has one), then the built-in."""
    return _schema_dirs(validators_dir(), _PORTAL[0])


@cache
def _schema_dirs(builtin: Path, portal: Path | None) -> tuple[Path, ...]:
    own = portal / "validators" / "schemas" if portal is not None else None
    if own is not None and own.is_dir() and own.resolve() != (builtin / "schemas").resolve():
        return own, builtin / "schemas"
    return (builtin / "schemas",)


def schema_file(name: str) -> Path:
    """The portal's own ``<name>.yaml`` if it has one, else the built-in one."""
    dirs = schema_dirs()
    for folder in dirs[:-1]:
        if (folder / f"{name}.yaml").is_file():
            return folder / f"{name}.yaml"
    return dirs[-1] / f"{name}.yaml"


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
