"""The macros that hand-written pages and generated stubs call.

``macros/main.py`` only calls :func:`register`. Each macro returns one complete HTML block
(see :func:`gongkai.site.html.block`); values are escaped where the fragment is built, and
mkdocs-macros does not render a macro's return value again. :func:`render` is the same call
without mkdocs-macros: ``gongkai serve`` uses it to see which pages changed (site/incremental.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mkdocs.exceptions import PluginError

from gongkai.site import about, board, citypages, dashboard, lists, orgpage
from gongkai.site.ctx import Ctx
from gongkai.site.html import block

# name -> (context, the gongkai plugin's config, macro arguments) -> the page's HTML fragment
RENDERERS: dict[str, Callable[..., Any]] = {
    "record_page": lambda c, cfg, record_id: board.record_page(c, record_id),
    "board_page": lambda c, cfg, org_id, quarter: board.render(c, org_id, quarter),
    "org_page": lambda c, cfg, org_id: orgpage.render(c, org_id),
    "listing": lambda c, cfg, axis, key, page=1: lists.listing(c, axis, key, page,
                                                               cfg.page_size),
    "home": lambda c, cfg: lists.home(c, cfg.latest),
    "org_tree": lambda c, cfg: orgpage.tree(c),
    "browse": lambda c, cfg: lists.browse(c),
    "compliance_dashboard": lambda c, cfg: dashboard.render(c),
    "about": lambda c, cfg: about.render(c),
    "city_departments": lambda c, cfg: citypages.departments(c),
    "city_department": lambda c, cfg, dep_id: citypages.department(c, dep_id),
    "city_matrix": lambda c, cfg: citypages.matrix(c),
    "city_overdue": lambda c, cfg: citypages.overdue(c),
    "city_elections": lambda c, cfg: citypages.elections_page(c),
}


def render(plugin: Any, page_url: str, name: str, *args: Any) -> str:
    """What the macro ``name(*args)`` gives on the page at ``page_url``."""
    ctx = Ctx(plugin._view(), plugin.urls, page_url)
    return block(RENDERERS[name](ctx, plugin.config, *args))


def register(env: Any) -> None:
    def plugin() -> Any:
        found = env.conf.plugins.get("gongkai")
        if found is None:
            raise PluginError("mkdocs.yml must list the gongkai plugin after macros")
        return found

    def call(name: str, *args: Any) -> str:
        return render(plugin(), env.page.url, name, *args)

    @env.macro
    def record_page(record_id: str) -> str:
        return call("record_page", record_id)

    @env.macro
    def org_page(org_id: str) -> str:
        return call("org_page", org_id)

    @env.macro
    def listing(axis: str, key: str, page: int = 1) -> str:
        return call("listing", axis, key, page)

    @env.macro
    def home() -> str:
        return call("home")

    @env.macro
    def org_tree() -> str:
        return call("org_tree")

    @env.macro
    def browse() -> str:
        return call("browse")

    @env.macro
    def compliance_dashboard() -> str:
        return call("compliance_dashboard")

    @env.macro
    def about() -> str:
        return call("about")
