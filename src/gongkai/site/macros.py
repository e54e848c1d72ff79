"""The macros that hand-written pages and generated stubs call.

``macros/main.py`` only calls :func:`register`. Each macro returns one complete HTML block
(see :func:`gongkai.site.html.block`); values are escaped where the fragment is built, and
mkdocs-macros does not render a macro's return value again."""

from __future__ import annotations

from typing import Any

from mkdocs.exceptions import PluginError

from gongkai.site import dashboard, lists, orgpage, recordpage
from gongkai.site.ctx import Ctx
from gongkai.site.html import block


def register(env: Any) -> None:
    def plugin() -> Any:
        found = env.conf.plugins.get("gongkai")
        if found is None:
            raise PluginError("mkdocs.yml must list the gongkai plugin after macros")
        return found

    def ctx() -> Ctx:
        p = plugin()
        return Ctx(p._view(), p.urls, env.page.url)

    @env.macro
    def record_page(record_id: str) -> str:
        return block(recordpage.render(ctx(), record_id))

    @env.macro
    def org_page(org_id: str) -> str:
        return block(orgpage.render(ctx(), org_id))

    @env.macro
    def listing(axis: str, key: str, page: int = 1) -> str:
        return block(lists.listing(ctx(), axis, key, page, plugin().config.page_size))

    @env.macro
    def home() -> str:
        return block(lists.home(ctx(), plugin().config.latest))

    @env.macro
    def org_tree() -> str:
        return block(orgpage.tree(ctx()))

    @env.macro
    def browse() -> str:
        return block(lists.browse(ctx()))

    @env.macro
    def compliance_dashboard() -> str:
        return block(dashboard.render(ctx()))

    @env.macro
    def about() -> str:
        return block(lists.about(ctx()))
