"""The hostile portal of hostile.py, built once per audience for the whole session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
import sitekit
from hostile import AS_OF, build_hostile_portal


@dataclass
class Built:
    root: Path
    site: Path
    stdout: str
    stderr: str


@pytest.fixture(scope="session")
def hostile_portal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_hostile_portal(tmp_path_factory.mktemp("hostile"))


def _build(portal: Path, audience: str, tmp: Path) -> Built:
    site = tmp / f"site-{audience}"
    done = sitekit.mkdocs_build(portal, site, audience, AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr
    return Built(portal, site, done.stdout, done.stderr)


@pytest.fixture(scope="session")
def public_site(hostile_portal: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(hostile_portal, "public", tmp_path_factory.mktemp("public"))


@pytest.fixture(scope="session")
def party_site(hostile_portal: Path, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return _build(hostile_portal, "party", tmp_path_factory.mktemp("party"))
