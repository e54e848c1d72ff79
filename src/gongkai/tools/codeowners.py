"""``codeowners``: a CODEOWNERS file from each organization's ``maintainers`` (handbook: setup.md#codeowners).

One line per organization folder, owned by its maintainers; an organization without maintainers
falls back to the maintainers of the root organization (``site.yaml`` ``root``), who also own
``data/site.yaml``, ``validators/``, any folder under ``data/`` not listed yet (a new
organization) and the generated file itself (whoever can edit CODEOWNERS can change every
owner). GitHub and GitLab read the same syntax. Handles are written as both expect them:
``name`` -> ``@name``, a team ``org/team`` -> ``@org/team``; a handle that carries an ``@``
already (``@name``, an e-mail address) is kept as it is. The output depends only on the org.yaml
and site.yaml files, so running the command twice gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from gongkai.core.errors import PortalError
from gongkai.load.layout import ORG_ID
from gongkai.load.loader import load_yaml
from gongkai.wording import bilingual

DEFAULT_OUT = ".github/CODEOWNERS"
_HANDLE = re.compile(r"[A-Za-z0-9@/_.-]{1,100}")  # as org.yaml's schema allows: no spaces, no #


def owner(handle: str) -> str:
    return handle if "@" in handle else "@" + handle


def owners(value: Any) -> list[str]:
    """The CODEOWNERS owners of a ``maintainers`` value, in order, without repeats or junk."""
    if not isinstance(value, list):
        return []
    out: list[str] = []
    for item in value:
        if isinstance(item, str) and _HANDLE.fullmatch(item.strip()):
            name = owner(item.strip())
            if name not in out:
                out.append(name)
    return out


def generate(root: Path, own_path: str | None = DEFAULT_OUT) -> tuple[str, list[str]]:
    """The CODEOWNERS text for the portal at ``root``, and the organizations left without owners.

    ``own_path`` is where the file goes, relative to ``root`` (None: outside the repository).
    """
    data = root / "data"
    site_file = data / "site.yaml"
    if not site_file.is_file():
        raise PortalError("error.no-site", data_dir="data")
    site = _read(site_file)
    root_org = str(site["root"]) if isinstance(site.get("root"), str) else ""
    maintainers = {org: owners(_read(path).get("maintainers")) for org, path in _org_files(data)}
    fallback = maintainers.get(root_org, [])
    head = [*bilingual("codeowners.head").split("\n"), ""]
    lines, orphans = [], []
    # /data/ first: a new organization's folder needs the root's review until it is listed;
    # CODEOWNERS lets the last matching line win, so the folders below override it.
    portal_paths = ["/data/", "/data/site.yaml", "/validators/"]
    if own_path:
        portal_paths.append("/" + PurePosixPath(own_path).as_posix())
    for path in portal_paths:
        lines.append(_entry(path, fallback))
    for org in sorted(maintainers):
        names = maintainers[org] or fallback
        if not names:
            orphans.append(org)
        lines.append(_entry(f"/data/orgs/{org}/", names))
    return "\n".join(head + lines) + "\n", orphans


def _entry(path: str, names: Iterable[str]) -> str:
    names = list(names)
    if not names:  # a pattern without owners would remove owners: say so instead
        return bilingual("codeowners.no-maintainers", path=path)
    return f"{path} {' '.join(names)}"


def _org_files(data: Path) -> list[tuple[str, Path]]:
    orgs = data / "orgs"
    if not orgs.is_dir():
        return []
    return sorted((p.parent.name, p) for p in orgs.glob("*/org.yaml")
                  if ORG_ID.fullmatch(p.parent.name) and not p.parent.is_symlink())


def _read(path: Path) -> dict[str, Any]:
    """A YAML mapping, or {} when the file cannot be read (``check`` reports that)."""
    try:
        doc = load_yaml(path.read_bytes(), path.name).data
    except OSError:
        return {}
    return doc if isinstance(doc, dict) else {}
