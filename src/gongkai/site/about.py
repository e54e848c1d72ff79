"""The About page, written for readers (handbook/docs/site.md, "读者看到什么 What readers see"):
what is disclosed here, who may see what, the categories, the kinds of record, how to give an
opinion, how corrections and withdrawals are shown. No field names, code values or commands:
those belong to the handbook for the offices that publish.
"""

from __future__ import annotations

from gongkai.site import labels
from gongkai.site.ctx import Ctx, section, ul
from gongkai.site.feedback import contact_for, contact_line
from gongkai.site.html import Markup, h, join
from gongkai.site.view import listing_src
from gongkai.validate import kinds


def render(ctx: Ctx) -> Markup:
    """The page's words are ``about.*`` in the catalogue's ``site.yaml``."""

    def title(key: str) -> str:
        return ctx.t(f"about.title.{key}")

    return h('<div class="gk-about">{}{}{}{}{}{}{}</div>',
             section(title("what"), h("<p>{}</p>", ctx.t("about.intro"))),
             section(title("edition"), h("<p>{}</p>", ctx.t(f"about.edition.{ctx.view.audience}"))),
             section(title("scopes"), ul(ctx.t(f"about.scope.{s}") for s in labels.scopes())),
             section(title("categories"), _categories(ctx)),
             h("<section data-search-exclude>{}</section>", section(title("kinds"), _kinds(ctx))),
             section(title("opinion"), _opinion(ctx)),
             section(title("changes"), h("<p>{}</p>", ctx.t("about.changes"))))


def _categories(ctx: Ctx) -> Markup:
    """Each category in words, linked to its listing where something is disclosed in it."""
    items = []
    for key in labels.categories():
        name = ctx.category(key)
        shown = ctx.link(listing_src("category", key), name) if key in ctx.view.by_category \
            else h("{}", name)
        items.append(h("<strong>{}</strong>{}{}", shown, ctx.t("about.sep"),
                       ctx.t(f"about.category.{key}")))
    return ul(items)


def _kinds(ctx: Ctx) -> Markup:
    """Each kind of the registry, linked to its listing with its count where this edition
    shows records of it, so a kind added to the registry is named here too. Left out of the
    search index, as the browse page is: it is a way to the listings, not content."""
    items = []
    for key in kinds.names():
        records = ctx.view.by_kind.get(key, [])
        if records:
            items.append(h("{}{}{}", ctx.link(listing_src("kind", key), ctx.kind(key)),
                           ctx.t("about.sep"), ctx.t("about.kind.count", n=len(records))))
        else:
            items.append(h("{}{}{}", ctx.kind(key), ctx.t("about.sep"),
                           ctx.t("about.kind.none")))
    return join([h("<p>{}</p>", ctx.t("about.kinds")), ul(items)])


def _opinion(ctx: Ctx) -> Markup:
    paragraphs = [h("<p>{}</p>", ctx.t(f"about.opinion.{n}")) for n in (1, 2)]
    contact = contact_for(ctx.view, str(ctx.view.portal.site.get("root", "")))
    if contact is not None:
        paragraphs.append(h("<p>{}{}</p>", ctx.t("feedback.other"), contact_line(ctx, contact)))
    return join(paragraphs)
