"""A working committee's city pages, made by the ordinary build when harvested data exists
(handbook: federation.md#committee-site): the departments, a page per department, the city
matrix of departments × rules, the city-wide overdue list and the general elections due.

Everything shown comes from other portals' catalogs: untrusted text. It is only ever a field of
:func:`~gongkai.site.html.h` (escaped), never a template or Markdown, and a harvested URL becomes
a link only through :func:`~gongkai.harvest.city.link_url` (http and https only).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from gongkai.harvest.city import Department, elections
from gongkai.harvest.reasons import reason_text
from gongkai.rules import names
from gongkai.site import labels
from gongkai.site.ctx import Ctx, section, table
from gongkai.site.html import Markup, h, join
from gongkai.site.i18n import has
from gongkai.site.orgpage import worst_status

PAGES = (("departments.md", "city_departments", "city.departments"),
         ("city/matrix.md", "city_matrix", "city.matrix"),
         ("city/overdue.md", "city_overdue", "city.overdue"),
         ("city/elections.md", "city_elections", "city.elections"))


def department_src(dep_id: str) -> str:
    return f"departments/{dep_id}.md"


CityPage = tuple[str, str, tuple[str, ...], str, bool]  # src_uri, macro, args, title, searchable


def specs(city: list[Department], lang: str) -> list[CityPage]:
    """The city pages: gongkai.site.pages makes them page specs, as it does board.pages'."""
    from gongkai.site.i18n import t

    out: list[CityPage] = [(src, macro, (), t(key, lang), False) for src, macro, key in PAGES]
    out += [(department_src(d.id), "city_department", (d.id,), d.name, True) for d in city]
    return out


def _city(ctx: Ctx) -> list[Department]:
    return ctx.view.city or []


def links(ctx: Ctx) -> Markup:
    """The city pages, linked from the dashboard of a committee's portal."""
    items = join((ctx.link(src, ctx.t(key)) for src, _, key in PAGES), " · ")
    return h('<p class="gk-city-links"><strong>{}</strong>：{}</p>', ctx.t("city.links"), items)


def _external(url: Any, text: Any) -> Markup:
    from gongkai.harvest.city import link_url

    safe = link_url(url)
    return h('<a href="{}" rel="noopener">{}</a>', safe, text) if safe else h("{}", text)


def _freshness(ctx: Ctx, dep: Department) -> Markup:
    text = ctx.t(f"city.fresh.{dep.status}") if has(f"city.fresh.{dep.status}") else dep.status
    if dep.error:
        reason = (ctx.t(f"reason.{dep.error}") if has(f"reason.{dep.error}")
                  else reason_text(dep.error, ctx.lang))
        return h('<span class="gk-fresh gk-fresh--{}">{}（{}）</span>', dep.status, text, reason)
    return h('<span class="gk-fresh gk-fresh--{}">{}</span>', dep.status, text)


def departments(ctx: Ctx) -> Markup:
    head = [ctx.t("city.department"), ctx.t("city.freshness"), ctx.t("city.fetched"),
            ctx.t("city.dept_as_of"), labels.status("overdue", ctx.lang),
            labels.status("due-soon", ctx.lang),
            labels.status("late", ctx.lang), ctx.t("city.portal")]
    rows = [[ctx.link(department_src(d.id), d.name), _freshness(ctx, d), d.fetched or "",
             d.as_of or "", d.count("overdue"), d.count("due-soon"), d.count("late"),
             _external(d.portal.get("base_url"), d.portal.get("name") or d.name)
             if d.portal else ""] for d in _city(ctx)]
    return h('<section class="gk-city">{}{}</section>', links(ctx),
             table(head, rows, "gk-departments"))


def department(ctx: Ctx, dep_id: str) -> Markup:
    dep = next(d for d in _city(ctx) if d.id == dep_id)
    facts = h("<p>{}：{} · {}：{} · {}：{}</p>", ctx.t("city.freshness"), _freshness(ctx, dep),
              ctx.t("city.fetched"), dep.fetched or "", ctx.t("city.dept_as_of"),
              dep.as_of or "")
    portal = h("<p>{}：{}</p>", ctx.t("city.portal"),
               _external(dep.portal.get("base_url"), dep.portal.get("name") or dep.name))
    records = [[_external(r.get("url"), r.get("title")), dep.org_name(r.get("org")),
                r.get("date"), r.get("modified")] for r in dep.records]
    parts = [facts, portal if dep.portal else Markup(""),
             section(ctx.t("city.findings"), _findings(ctx, [(dep, r) for r in dep.findings],
                                                       False)),
             section(ctx.t("city.records"), table(
                 [ctx.t("title"), ctx.t("city.org"), ctx.t("date"), ctx.t("city.modified")],
                 records) if records else h("<p>{}</p>", ctx.t("city.none")))]
    return h('<section class="gk-city">{}</section>', join(parts))


def _findings(ctx: Ctx, rows: list[tuple[Department, dict[str, Any]]], with_dep: bool = True,
              ) -> Markup:
    if not rows:
        return h("<p>{}</p>", ctx.t("city.none"))
    head = ([ctx.t("city.department")] if with_dep else []) + [
        ctx.t("city.org"), ctx.t("city.rule"), ctx.t("city.period"), ctx.t("city.due"),
        ctx.t("city.status"), ctx.t("city.citation")]
    body = []
    for dep, row in rows:
        org = dep.orgs.get(str(row.get("org")), {})
        line: list[Any] = [ctx.link(department_src(dep.id), dep.name)] if with_dep else []
        line += [_external(org.get("url"), dep.org_name(row.get("org"))),
                 ctx.rule(str(row.get("rule"))), _period(ctx, row), row.get("due") or "",
                 ctx.status(str(row.get("status"))), row.get("citation") or ""]
        body.append(line)
    return table(head, body, "gk-city-findings")


def _period(ctx: Ctx, row: dict[str, Any]) -> str:
    period = row.get("period")
    if not isinstance(period, str) or ":" in period:  # a record rule's period is a record id
        return ""
    return ctx.period(period)


def overdue(ctx: Ctx) -> Markup:
    rows = [(d, r) for d in _city(ctx) for r in d.findings if r.get("status") == "overdue"]
    return h('<section class="gk-city">{}{}</section>', links(ctx), _findings(ctx, rows))


def matrix(ctx: Ctx) -> Markup:
    city = _city(ctx)
    cells: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for dep in city:
        for row in dep.compliance:
            cells[(dep.id, str(row.get("rule")))].append(row)
    rules = [r for r in names.rule_ids() if any(k[1] == r for k in cells)]
    rules += sorted({k[1] for k in cells} - set(rules))
    head = [ctx.t("city.department"), *[ctx.rule(r) for r in rules]]
    body = []
    for dep in city:
        line: list[Any] = [ctx.link(department_src(dep.id), dep.name)]
        for rule_id in rules:
            items = cells.get((dep.id, rule_id))
            if not items:
                line.append("")
                continue
            worst = worst_status(items)
            bad = sum(1 for i in items if i.get("status") == worst) if worst != "ok" else 0
            label = labels.status(worst, ctx.lang)
            line.append(h('<span class="gk-status--{}" title="{}">{} {}</span>', worst, label,
                          labels.STATUS_MARK.get(worst, ""), bad or ""))
        body.append(line)
    legend = join((ctx.status(s) for s in labels.STATUS_ORDER), " ")
    return h('<section class="gk-city">{}{}<p class="gk-legend">{}：{}</p></section>',
             links(ctx), table(head, body, "gk-matrix"), ctx.t("dash.legend"), legend)


def elections_page(ctx: Ctx) -> Markup:
    rows = elections(_city(ctx), ctx.view.as_of)
    head = [ctx.t("city.department"), ctx.t("city.org"), ctx.t("city.term_end"),
            ctx.t("city.status")]
    body = [[ctx.link(department_src(d.id), d.name),
             _external(d.orgs.get(str(r.get("org")), {}).get("url"), d.org_name(r.get("org"))),
             r.get("due") or "", ctx.status(str(r.get("status")))] for d, r in rows]
    content = table(head, body) if body else h("<p>{}</p>", ctx.t("city.none"))
    return h('<section class="gk-city">{}{}</section>', links(ctx), content)
