"""The home page, the listings by category, kind and year, and the browse index."""

from __future__ import annotations

import math
from collections import Counter

from gongkai.model.portal import Record
from gongkai.site import labels
from gongkai.site.ctx import Ctx, section, table
from gongkai.site.exports import twin_src
from gongkai.site.feedback import contact_for, contact_line
from gongkai.site.html import Markup, h, join
from gongkai.site.view import listing_src
from gongkai.validate import kinds

LATEST = 15


def home(ctx: Ctx, latest_n: int = LATEST) -> Markup:
    view = ctx.view
    lead = h('<h1>{}</h1><p class="gk-lead">{} <span class="gk-muted">{}</span></p>', view.site_name,
             ctx.t("home.totals", records=len(view.records), orgs=len(view.orgs)),
             ctx.t("as_of", date=view.as_of.isoformat()))
    open_now, recent = view.consultations()
    consult = _windows(ctx, open_now, recent, "home.consultations.none",
                       lambda r: r.data.get("consultation") or {})
    open_notices, recent_notices = view.notices()
    notices = _windows(ctx, open_notices, recent_notices, "home.notices.none", lambda r: r.data)
    latest = table((ctx.t("date"), ctx.t("title"), ctx.t("org"), ctx.t("kind"),
                    ctx.t("category")), (ctx.listing_row_cells(r) for r in view.latest(latest_n)))
    return h('<section class="gk-home" data-search-exclude>{}<div class="gk-columns">'
             '<div>{}</div><div>{}</div></div>{}{}</section>', lead,
             section(ctx.t("home.consultations"), consult),
             section(ctx.t("home.notices"), notices),
             section(ctx.t("home.latest"), h("{}{}", latest, open_data(ctx))),
             section(ctx.t("home.compliance"), overview(ctx)))


def _windows(ctx: Ctx, current: list[Record], recent: list[Record], none_key: str,
             window: object) -> Markup:
    def item(record: Record, is_open: bool) -> Markup:
        w = window(record)  # type: ignore[operator]
        left = (w["to"] - ctx.view.as_of).days
        when = ctx.t("from_to", start=w["from"].isoformat(), end=w["to"].isoformat())
        extra: list[Markup] = []
        if is_open:
            extra.append(h('<strong class="gk-deadline">{}</strong>', ctx.t("today_last")
                           if left == 0 else ctx.t("days_left", n=left)))
        if w.get("channel"):
            extra.append(h("{}：{}", ctx.t("channel"), w["channel"]))
        elif is_open:  # no channel of its own: the organization's office
            contact = contact_for(ctx.view, record.org)
            if contact is not None:
                extra.append(contact_line(ctx, contact))
        if record.kind == "notice" and record.data.get("subjects"):
            subjects = record.data["subjects"]
            names = ctx.sep.join(map(str, subjects)) if ctx.view.names_shown(record) \
                else ctx.t("persons_count", n=len(subjects))
            extra.append(h("{}：{}", ctx.field("subjects"), names))
        return h('<li>{}<br><span class="gk-muted">{} · {}</span>{}</li>',
                 ctx.record_link(record.id), ctx.org_link(record.org), when,
                 join(h("<br>{}", e) for e in extra))

    parts = []
    if current:
        parts.append(h('<ul class="gk-windows">{}</ul>', join(item(r, True) for r in current)))
    else:
        parts.append(h('<p class="gk-muted">{}</p>', ctx.t(none_key)))
        if recent:
            parts.append(h('<p class="gk-muted">{}</p>', ctx.t("home.recent")))
            parts.append(h('<ul class="gk-windows gk-windows--closed">{}</ul>',
                           join(item(r, False) for r in recent)))
    return join(parts)


def overview(ctx: Ctx) -> Markup:
    view = ctx.view
    link = h('<p><a class="md-button" href="{}">{}</a></p>', ctx.href("dashboard.md"),
             ctx.t("home.compliance.link"))
    if not view.status:
        return h('<p class="gk-muted">{}</p>{}', ctx.t("dash.no_rules"), link)
    counts = Counter(str(s.get("status")) for s in view.status)
    tiles = join(h('<div class="gk-tile gk-status--{}"><span class="gk-tile__n">{}</span>'
                   '<span>{}</span></div>', s, counts[s], labels.status(s, ctx.lang))
                 for s in labels.STATUS_ORDER)
    return h('<div class="gk-tiles">{}</div>{}', tiles, link)


def listing(ctx: Ctx, axis: str, key: str, page: int, page_size: int) -> Markup:
    view = ctx.view
    records = {"category": view.by_category, "kind": view.by_kind,
               "year": view.by_year}[axis].get(key, [])
    pages = max(1, math.ceil(len(records) / page_size))
    chunk = records[(page - 1) * page_size: page * page_size]
    rows = table((ctx.t("date"), ctx.t("title"), ctx.t("org"), ctx.t("kind"),
                  ctx.t("category")), (ctx.listing_row_cells(r) for r in chunk))
    title = listing_title(ctx, axis, key)
    nav = Markup("")
    if pages > 1:
        links = join(h('<strong>{}</strong>', n) if n == page else
                     ctx.link(listing_src(axis, key, n), str(n)) for n in range(1, pages + 1))
        nav = h('<nav class="gk-pages" aria-label="{}">{}</nav>', ctx.t("pages"), links)
    return h('<div class="gk-listing"><h1>{}</h1><p class="gk-muted">{} {} · {}</p>{}{}{}{}'
             "</div>", title, ctx.t("count"), len(records),
             ctx.t("as_of", date=view.as_of.isoformat()), nav, rows, nav,
             twins(ctx, twin_src(axis, key, "json"), twin_src(axis, key, "csv")))


def twins(ctx: Ctx, json_src: str, csv_src: str) -> Markup:
    """The listing's machine-readable twins: the same rows as JSON and CSV."""
    return h('<p class="gk-twins gk-muted">{} <a href="{}" type="application/json">JSON</a>'
             ' · <a href="{}" type="text/csv">CSV</a></p>', ctx.t("data.download"),
             ctx.href(json_src), ctx.href(csv_src))


def open_data(ctx: Ctx) -> Markup:
    return h('<p class="gk-open-data gk-muted">{}：<a href="{}" type="application/atom+xml">{}</a>'
             ' · <a href="{}" type="text/calendar">{}</a> · <a href="{}">{}</a> · '
             '<a href="{}">{}</a></p>', ctx.t("data.open"), ctx.href("feed.xml"),
             ctx.t("feed.link"), ctx.href("calendar.ics"), ctx.t("cal.link"),
             ctx.href("data/all.json"), ctx.t("data.all"), ctx.href("data/index.json"),
             ctx.t("data.catalog"))


def listing_title(ctx: Ctx, axis: str, key: str) -> str:
    if axis == "category":
        return ctx.t("page.category", label=ctx.category(key))
    if axis == "kind":
        return ctx.t("page.kind", label=ctx.kind(key))
    return ctx.t("page.year", year=key)


def browse(ctx: Ctx) -> Markup:
    view = ctx.view
    cats = [(ctx.link(listing_src("category", c), ctx.category(c)),
             len(view.by_category.get(c, []))) for c in labels.categories() if c in view.by_category]
    kind_rows = [(ctx.link(listing_src("kind", k), ctx.kind(k)), len(view.by_kind.get(k, [])))
                 for k in kinds.names() if k in view.by_kind]
    years = [(ctx.link(listing_src("year", y), ctx.t("page.year", year=y)), len(view.by_year[y]))
             for y in sorted(view.by_year, reverse=True)]
    head = (ctx.t("title"), ctx.t("count"))
    return h('<section class="gk-browse" data-search-exclude><div class="gk-columns">'
             "<div>{}</div><div>{}{}</div></div></section>",
             section(ctx.t("browse.categories"), table(head, cats)),
             section(ctx.t("browse.kinds"), table(head, kind_rows)),
             section(ctx.t("browse.years"), table(head, years)))

