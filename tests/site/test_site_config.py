"""mkdocs.yml validates and keeps the settings handbook: security.md requires."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sitekit
from mkdocs.config import load_config

from gongkai.site.pages import PageSpec, macro_call, stub


@pytest.fixture(scope="module")
def config() -> Any:
    return load_config(str(sitekit.REPO / "mkdocs.yml"), strict=True)


def test_macros_fail_loudly_and_render_only_opted_in_pages(config: Any) -> None:
    macros = config.plugins["macros"].config
    assert macros["on_error_fail"] is True  # else an error publishes a traceback, exit 0
    assert macros["on_undefined"] == "strict"
    assert macros["render_by_default"] is False
    assert macros["module_name"] == "macros/main"


def test_plugin_order(config: Any) -> None:
    names = list(config.plugins)
    assert names.index("macros") < names.index("gongkai")
    assert "material/search" not in names  # gongkai brings its own (handbook/docs/search.md)


def test_theme_is_local_and_chinese(config: Any) -> None:
    theme = config.theme
    assert theme.name == "material" and theme["language"] == "zh"
    assert theme["font"] is False
    assert "navigation.prune" in theme["features"]
    assert theme.custom_dir is None  # the plugin supplies its theme folder (test_site_theme.py)


def test_a_portal_still_listing_material_search_gets_gongkais_only(tmp_path: Path) -> None:
    """An older mkdocs.yml lists ``search``: its index would be fetched on every page load."""
    portal = sitekit.new_portal(tmp_path / "portal")
    config_file = portal / "mkdocs.yml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("plugins:", "plugins:\n  - search", 1), encoding="utf-8")
    done = sitekit.mkdocs_build(portal, tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    assert not (tmp_path / "site" / "search" / "search_index.json").exists()
    assert (tmp_path / "site" / "search" / "index.json").is_file()
    assert 'role="search"' in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_nav_lists_hand_written_pages_only(config: Any) -> None:
    assert [str(item) for item in config.nav] == ["index.md", "orgs.md", "browse.md",
                                                   "dashboard.md", "about.md"]


def test_stubs_carry_no_record_text() -> None:
    spec = PageSpec("records/a-org/2025-01-01-x.md", "record_page", ("a-org/2025-01-01-x",),
                    "{{ 7*7 }} <script>", True)
    text = stub(spec)
    assert "{{ 7*7 }}" not in text and "<script>" not in text
    assert text.endswith('{{ record_page("a-org/2025-01-01-x") }}\n')
    assert "render_macros: false" in text  # the plugin calls the macro: Jinja never sees it
    with pytest.raises(ValueError):
        macro_call("record_page", 'x") }}{{ 7*7')


def test_search_box_speaks_the_site_language(tmp_path: Path) -> None:
    portal = sitekit.new_portal(tmp_path / "portal", sitekit.REPO_SITE_EN)
    done = sitekit.mkdocs_build(portal, tmp_path / "site")
    assert done.returncode == 0, done.stdout + done.stderr
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    form = page[page.index('<form class="gk-search"'):page.index("</form>")]
    assert 'placeholder="Search titles, text, organizations, names"' in form
    assert ">Search this site</label>" in form
    assert not re.search("[\u4e00-\u9fff]", form), form
