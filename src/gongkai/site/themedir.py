"""The theme overrides that ship with gongkai (``gongkai/site/theme/``): the escaped ``<title>``,
no web fonts, the site's stylesheet and feed link.

The plugin puts this folder in the theme's template path itself, so a portal's ``mkdocs.yml``
needs no ``custom_dir`` and a portal that never copied anything still escapes every title
(handbook/docs/site.md). A portal's own ``custom_dir`` keeps precedence over it.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

THEME_DIR = Path(__file__).resolve().parent / "theme"


def add_theme_dir(config: MkDocsConfig) -> None:
    """Insert THEME_DIR right after the portal's ``custom_dir`` (if any), before material's."""
    dirs: list[str] = config.theme.dirs
    ours = str(THEME_DIR)
    if ours in dirs:
        return
    custom = config.theme.custom_dir
    at = dirs.index(custom) + 1 if custom in dirs else 0
    dirs.insert(at, ours)
