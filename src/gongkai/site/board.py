"""Printing for the notice board (公开栏): the print-only masthead and foot of a record page,
and one sheet per organization and quarter gathering the records published in it.

Only what the build's audience may see reaches a sheet: records come from ``SiteView.records``
(already the audience's), withdrawn ones are left off. A record's address is the audience's
base URL (``base_url``, ``party_base_url``) plus its page; without one there is no address and
no QR code. QR codes are SVG made at build time by segno, one per address, kept for the whole
process (a record's page and its sheet share it). See handbook/docs/site.md, 手机、无障碍与打印.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import segno

from gongkai.model.portal import Record
from gongkai.site import audiences, recordpage
from gongkai.site.ctx import Ctx, dl, section
from gongkai.site.html import Markup, h, join, render_body
from gongkai.site.i18n import t
from gongkai.site.recordpage import detail_pairs
from gongkai.site.view import SiteView, record_src
from gongkai.wording import words


def tr(ctx: Ctx, key: str, **params: object) -> str:
    """This module's wording: ``board.<key>`` in the catalogue's ``site.yaml``."""
    return t(f"board.{key}", ctx.lang, **params)


def board_src(org_id: str, year: int, quarter: int) -> str:
    return f"boards/{org_id}/{year}-q{quarter}.md"


def quarter_of(day: dt.date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def quarter_name(lang: str, year: int, quarter: int) -> str:
    return t("board.quarter", lang, year=year, n=words(f"board.q{quarter}"))


def posted(view: SiteView, org_id: str) -> dict[tuple[int, int], list[Record]]:
    """The organization's records that may go on its board, by quarter of publication (newest
    quarter first; in a quarter, in order of publication)."""
    out: dict[tuple[int, int], list[Record]] = {}
    for record in sorted(view.by_org.get(org_id, []), key=lambda r: (r.published, r.id)):
        if not view.withdrawn(record):
            out.setdefault(quarter_of(record.published), []).append(record)
    return dict(sorted(out.items(), reverse=True))


def pages(view: SiteView) -> list[tuple[str, tuple[str, str], str]]:
    """Every sheet: (src_uri, macro arguments, title)."""
    out = []
    for org_id in view.orgs:
        for year, quarter in posted(view, org_id):
            title = t("board.title", view.lang, org=view.org_name(org_id),
                      quarter=quarter_name(view.lang, year, quarter))
            out.append((board_src(org_id, year, quarter), (org_id, f"{year}-q{quarter}"), title))
    return out


# -- addresses and QR codes ---------------------------------------------------------------------
def address(ctx: Ctx, src_uri: str) -> str | None:
    base = audiences.base_url(ctx.view.portal.site, ctx.view.audience)
    if not base:
        return None
    return base + ctx.urls[src_uri].lstrip("/")


@lru_cache(maxsize=1 << 16)
def qr_svg(url: str) -> Markup:
    """The QR code of ``url`` as inline SVG. segno writes only numbers and fixed names into it
    (no text of ours); mask 0 saves three quarters of the time of choosing the best mask, and
    every mask is a valid code."""
    code = segno.make(url, error="m", micro=False, mask=0)
    return Markup(code.svg_inline(scale=2, border=2, omitsize=False))


def address_block(ctx: Ctx, src_uri: str) -> Markup:
    url = address(ctx, src_uri)
    if url is None:
        return Markup("")
    return h('<div class="gk-address"><span class="gk-qr" role="img" aria-label="{}">{}</span>'
             "<p>{}：<br>{}</p></div>", tr(ctx, "qr", url=url), qr_svg(url),
             tr(ctx, "address"), url)


def published_text(ctx: Ctx, day: dt.date) -> str:
    return tr(ctx, "published-on", year=day.year, month=day.month, day=day.day)


# -- the record page's print-only parts ----------------------------------------------------------
def masthead(ctx: Ctx) -> Markup:
    """The portal's name above a printed page (hidden on screen)."""
    return h('<section class="gk-print-only gk-masthead" data-search-exclude><p>{}</p></section>',
             ctx.view.site_name)


def record_foot(ctx: Ctx, record: Record) -> Markup:
    """落款: the issuing organization and the publication date, then the page's address and its
    QR code (print only)."""
    return h('<section class="gk-print-only gk-print-foot" data-search-exclude>'
             '<p class="gk-sign">{}<br>{}</p>{}</section>', ctx.view.org_name(record.org),
             published_text(ctx, record.published), address_block(ctx, record_src(record.id)))


def record_page(ctx: Ctx, record_id: str) -> Markup:
    """A record's page with its print-only masthead and foot around it."""
    page = recordpage.render(ctx, record_id)
    record = ctx.view.visible(record_id)
    if record is None or ctx.view.redacted(record):
        return page
    return h("{}{}{}", masthead(ctx), page, record_foot(ctx, record))


# -- the sheet and the organization page's links --------------------------------------------------
def render(ctx: Ctx, org_id: str, key: str) -> Markup:
    year, _, q = key.partition("-q")
    quarter = (int(year), int(q))
    records = posted(ctx.view, org_id).get(quarter, [])
    name = quarter_name(ctx.lang, *quarter)
    org = ctx.view.org_name(org_id)
    head = h('<p class="gk-masthead">{}</p><h1>{}<br><small>{} · {}</small></h1>'
             '<p class="gk-print-hide">{}</p>', ctx.view.site_name, tr(ctx, "board"), org, name,
             tr(ctx, "intro", org=org, quarter=name))
    items = join(_item(ctx, r) for r in records) if records else h("<p>{}</p>", tr(ctx, "empty"))
    last = max((r.published for r in records), default=ctx.view.as_of)
    foot = h('<p class="gk-sign">{}<br>{}</p>', org, published_text(ctx, last))
    return h('<article class="gk-board" data-search-exclude>{}{}{}</article>', head, items, foot)


def _item(ctx: Ctx, record: Record) -> Markup:
    parts = [h("<h2>{}</h2>", ctx.view.title(record)),
             h('<p class="gk-meta">{} · {}：{}</p>', ctx.kind(record.kind), tr(ctx, "published"),
               published_text(ctx, record.published))]
    if record.data.get("summary"):
        parts.append(h('<p class="gk-summary">{}</p>', record.data["summary"]))
    pairs = detail_pairs(ctx, record)
    if pairs:
        parts.append(dl(pairs))
    if record.data.get("body"):
        parts.append(h('<div class="gk-body">{}</div>', render_body(record.data["body"])))
    parts.append(address_block(ctx, record_src(record.id)))
    return h('<div class="gk-board__item">{}</div>', join(parts))


def links(ctx: Ctx, org_id: str) -> Markup:
    """The organization page's list of its sheets, newest quarter first."""
    sheets = list(posted(ctx.view, org_id))
    if not sheets:
        return Markup("")
    items = join(h("<li>{}</li>", ctx.link(board_src(org_id, y, q), quarter_name(ctx.lang, y, q)))
                 for y, q in sheets)
    return section(tr(ctx, "links"), h('<p>{}</p><ul class="gk-board-links">{}</ul>',
                                       tr(ctx, "links.intro"), items))

