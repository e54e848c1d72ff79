"""The pages a build generates, as stubs that name one macro call.

A stub never holds record text: mkdocs-macros renders page sources with a non-sandboxed Jinja,
so a record title written into a page would run as a template
(handbook: security.md#template-injection). A stub is
front matter with fixed keys, ``render_macros: false`` among them, plus the one macro call that
makes the page, whose arguments are ASCII ids checked here. Jinja never sees a stub: the plugin
calls that macro itself (``site.macros.render``, the function mkdocs-macros would call; a Jinja
compile per page was a tenth of the build) and sets the title, both outside any template.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass

from gongkai.site import board, labels
from gongkai.site.i18n import t
from gongkai.site.view import SiteView, listing_src, org_src, record_src

SAFE_ARG = re.compile(r"[a-z0-9][a-z0-9_/-]{0,200}\Z")

# hand-written pages in docs/ whose titles the plugin sets, in the site language
DOC_TITLES = {"index.md": "page.home", "orgs.md": "page.orgs", "browse.md": "page.browse",
              "dashboard.md": "page.dashboard", "about.md": "page.about"}


@dataclass(frozen=True)
class PageSpec:
    src_uri: str
    macro: str  # e.g. record_page
    args: tuple[str | int, ...]  # e.g. ("budget-branch/2025-04-09-hardship-aid",)
    title: str  # plain text, never passed through Jinja
    search: bool = False  # index the page (its searchable parts) for search

    @property
    def call(self) -> str:
        """The macro call the stub holds, e.g. record_page("budget-branch/2025-04-09-x")."""
        return macro_call(self.macro, *self.args)


def macro_call(name: str, *args: str | int) -> str:
    parts = []
    for arg in args:
        if isinstance(arg, int):
            parts.append(str(int(arg)))
        elif SAFE_ARG.fullmatch(arg):
            parts.append(json.dumps(arg))
        else:
            raise ValueError(f"unsafe macro argument {arg!r}")
    return f"{name}({', '.join(parts)})"


def stub(spec: PageSpec) -> str:
    lines = ["---", "render_macros: false", "hide:", "  - navigation", "  - toc"]
    if not spec.search:
        lines += ["search:", "  exclude: true"]
    lines += ["---", "", "{{ " + spec.call + " }}", ""]
    return "\n".join(lines)


def generated(view: SiteView, page_size: int) -> list[PageSpec]:
    specs = [PageSpec(record_src(r.id), "record_page", (r.id,), view.title(r), True)
             for r in view.records.values()]
    specs += [PageSpec(org_src(o), "org_page", (o,), view.org_name(o), True)
              for o in view.orgs]
    lang = view.lang
    for axis, index in (("category", view.by_category), ("kind", view.by_kind),
                        ("year", view.by_year)):
        for key, records in index.items():
            title = listing_title(axis, key, lang)
            pages = max(1, math.ceil(len(records) / page_size))
            for n in range(1, pages + 1):
                shown = title if n == 1 else t("page.numbered", lang, title=title, n=n)
                specs.append(PageSpec(listing_src(axis, key, n), "listing", (axis, key, n),
                                      shown))
    specs += [PageSpec(src, "board_page", args, title) for src, args, title in board.pages(view)]
    if view.city is not None:
        from gongkai.site.citypages import specs as city_specs

        specs += [PageSpec(*spec) for spec in city_specs(view.city, lang)]
    return specs


def listing_title(axis: str, key: str, lang: str) -> str:
    if axis == "category":
        return labels.category(key, lang)
    if axis == "kind":
        return labels.kind(key, lang)
    return t("page.year", lang, year=key)
