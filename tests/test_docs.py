"""Documentation coverage: the handbook builds strict, documents every finding code with its
wording and every kind with its fields, and every handbook page the code cites exists; the
README stays a short front door."""

from __future__ import annotations

import html
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from gongkai import wording
from gongkai.core import catalog
from gongkai.validate.schemas import KINDS

ROOT = Path(__file__).parents[1]
HANDBOOK = ROOT / "handbook"
README = (ROOT / "README.md").read_text(encoding="utf-8")
CODE = re.compile(r"`((?:yaml|layout|schema|rule|change)/[a-z0-9-]+)`")
# a citation of a handbook page in code, comments and schemas: "handbook: data.md#layout"
CITATION = re.compile(r"\b([a-z]+)\.md#([a-z0-9-]+)")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The handbook, built as ``make docs`` builds it: strict, broken links and anchors fail."""
    site = tmp_path_factory.mktemp("handbook")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                           "-f", str(HANDBOOK / "mkdocs.yml"), "-d", str(site)],
                          capture_output=True, text=True,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


def _gen() -> Any:
    """handbook/gen.py, the hook that generates the handbook's tables."""
    spec = importlib.util.spec_from_file_location("handbook_gen", HANDBOOK / "gen.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _page(site: Path, name: str) -> str:
    return (site / name / "index.html").read_text(encoding="utf-8")


def _text(fragment: str) -> str:
    """What a reader sees of an HTML fragment: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def test_every_finding_code_is_in_the_handbook_with_its_wording(built: Path) -> None:
    page = _page(built, "findings")
    rows = {_text(row) for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)}
    zh, en = (wording.area("findings", lang) for lang in wording.LANGS)
    missing = [code for code in catalog.codes()
               if not any(code in row and zh[code] in row and en[code] in row for row in rows)]
    assert missing == [], f"findings.md lacks these codes or their wording: {missing}"


def test_the_handbook_names_no_code_that_does_not_exist() -> None:
    named = {code for page in (HANDBOOK / "docs").glob("*.md")
             for code in CODE.findall(page.read_text(encoding="utf-8"))}
    assert sorted(named - set(catalog.codes())) == []


def test_every_kind_is_documented_with_its_fields(built: Path) -> None:
    own_fields = _gen().own_fields
    page = _page(built, "data")
    for kind in KINDS:
        assert f'id="{kind}"' in page, kind
        section = _text(page.split(f'id="{kind}"', 1)[1].split("<h3", 1)[0])
        for field in own_fields(kind):
            assert field in section, (kind, field)


def test_the_contract_files_have_their_field_tables(built: Path) -> None:
    own_fields = _gen().own_fields
    page = _text(_page(built, "data"))
    for name in ("site", "org", "envelope"):
        for field in own_fields(name):
            assert field in page, (name, field)


def _cited() -> set[tuple[str, str]]:
    found = set()
    for folder in ("src", "tests", "macros", "validators", "templates"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".yaml", ".yml", ".html") and path.is_file():
                found |= set(CITATION.findall(path.read_text(encoding="utf-8")))
    return found


def test_every_cited_handbook_section_exists(built: Path) -> None:
    pages = {p.stem for p in (HANDBOOK / "docs").glob("*.md")}
    cited = {(page, anchor) for page, anchor in _cited() if page in pages}
    assert len(cited) > 10  # the citations are found at all
    broken = sorted((page, anchor) for page, anchor in cited
                    if f'id="{anchor}"' not in _page(built, "" if page == "index" else page))
    assert broken == [], f"citations of handbook sections that do not exist: {broken}"


def test_nothing_cites_the_specification_files() -> None:
    spec = re.compile(r"\b(?:DATA|RULES|PRODUCT|SECURITY)\.md\b")
    for folder in ("src", "tests", "macros", "validators", "templates", "handbook"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".py", ".yaml", ".yml", ".md") and path.is_file():
                text = path.read_text(encoding="utf-8")
                if path.name != "test_docs.py":
                    assert not spec.search(text), path


def test_readme_is_a_short_front_door() -> None:
    assert len(README.encode("utf-8")) < 12_000
    assert "make site" in README and "make test" in README
    for page in re.findall(r"\(handbook/docs/([a-z]+\.md)(?:#[a-z0-9-]+)?\)", README):
        assert (HANDBOOK / "docs" / page).is_file(), page


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
