"""The organization tree and the page of each organization. ``maintainers`` is never read."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from gongkai.core.conventions import footnote, needs_footnote
from gongkai.model.portal import Org
from gongkai.site import board, labels
from gongkai.site.ctx import Ctx, dl, section, table, ul
from gongkai.site.exports import org_twin_src
from gongkai.site.feeds import feed_src
from gongkai.site.html import Markup, h, join
from gongkai.site.lists import twins
from gongkai.site.recordpage import approval, term_note


def tree(ctx: Ctx) -> Markup:
    view = ctx.view
    root = str(view.portal.site.get("root") or "")
    seen: set[str] = set()

    def node(org_id: str) -> Markup:
        seen.add(org_id)
        org = view.orgs[org_id]
        count = len(view.by_org.get(org_id, []))
        badge = h(' <span class="gk-tag">{}</span>', ctx.enum("org_status", "revoked")) \
            if view.revoked(org_id) else Markup("")
        kids = [k for k in view.children(org_id) if k not in seen]
        sub = h('<ul class="gk-tree">{}</ul>', join(node(k) for k in kids)) if kids else Markup("")
        return h('<li>{} <span class="gk-muted">{} · {}</span>{}{}</li>', ctx.org_link(org_id),
                 ctx.org_type(org.type), ctx.t("count") + f" {count}", badge, sub)

    tops = [root] if root in view.orgs else []
    items = [node(o) for o in tops]
    items += [node(o) for o in view.orgs if o not in seen]  # outside the tree: still listed
    return h('<p>{}</p><ul class="gk-tree gk-tree--root">{}</ul>', ctx.t("orgs.intro"),
             join(items))


def render(ctx: Ctx, org_id: str) -> Markup:
    view = ctx.view
    org = view.orgs[org_id]
    head = h('<h1>{}</h1><p class="gk-meta">{}{}</p>', view.org_name(org_id),
             ctx.org_type(org.type),
             h(" · {}", ctx.enum("org_status", "revoked")) if view.revoked(org_id) else "")
    searchable = join([head, section(ctx.t("org.profile"), _profile(ctx, org)),
                       section(ctx.t("org.leadership"), _leadership(ctx, org_id))])
    rest = join([section(ctx.t("org.scorecard"), scorecard(ctx, org_id)),
                 section(ctx.t("org.disclosures"), _disclosures(ctx, org_id)),
                 board.links(ctx, org_id)])
    return h('<article class="gk-org">{}<section data-search-exclude>{}</section></article>',
             searchable, rest)


def _profile(ctx: Ctx, org: Org) -> Markup:
    data: dict[str, Any] = org.data
    pairs: list[tuple[Any, Any]] = [(ctx.t("org.type"), ctx.org_type(org.type))]
    if ctx.lang == "en" and data.get("name_en"):
        pairs.append((ctx.t("org.name_zh"), org.name))
    if org.parent:
        pairs.append((ctx.t("org.parent"), ctx.org_link(org.parent)))
    if data.get("department"):
        pairs.append((ctx.t("org.department"), data["department"]))
    pairs.append((ctx.t("org.status"),
                  ctx.enum("org_status", "revoked" if ctx.view.revoked(org.id) else "active")))
    history = data.get("history") or []
    if history:
        events = [h("{} {} {}{}", e["date"].isoformat(), ctx.enum("event", e.get("event")),
                    h("（{}）", e["from_name"]) if e.get("from_name") else "",
                    h("{}{}", ctx.comma, approval(ctx, e["approval"])) if e.get("approval") else "")
                  for e in history]
        pairs.append((ctx.t("org.history"), ul(events)))
    discipline = data.get("discipline") or {}
    if discipline:
        pairs.append((ctx.t("org.discipline"), h("{}{}", ctx.enum("discipline",
                      discipline.get("kind")), f"：{discipline['name']}"
                      if discipline.get("name") else "")))
    members = ctx.view.members(org.id)
    if members is not None:
        pairs.append((ctx.t("org.stats", year=members[0]), members[1]))
    contact = data.get("contact") or {}
    for key in ("office_phone", "email", "address"):
        if contact.get(key):
            pairs.append((ctx.t(f"contact.{key}"), contact[key]))
    kids = ctx.view.children(org.id)
    if kids:
        pairs.append((ctx.t("org.children"), join((ctx.org_link(k) for k in kids), ctx.sep)))
    return dl(pairs)


def _leadership(ctx: Ctx, org_id: str) -> Markup:
    lead = ctx.view.leadership(org_id)
    if lead is None:
        return h('<p class="gk-muted">{}</p>', ctx.t("org.leadership.none"))
    vacant = {pos: since for pos, since in lead.vacancies}
    pairs: list[tuple[Any, Any]] = []
    secretary: Any = lead.secretary or ""
    if "secretary" in vacant:
        secretary = ctx.t("org.vacant", date=vacant["secretary"].isoformat())
    pairs.append((ctx.field("secretary"), secretary))
    deputies: Any = ctx.sep.join(lead.deputies)
    if "deputy_secretary" in vacant:
        deputies = f"{deputies}（{ctx.t('org.vacant', date=vacant['deputy_secretary'].isoformat())}）"
    if deputies:
        pairs.append((ctx.field("deputy_secretaries"), deputies))
    if lead.members:
        pairs.append((ctx.field("committee_members"), ctx.sep.join(lead.members)))
    term = lead.term
    if term is not None:
        pairs.append((ctx.t("org.term"), h("{}{}", ctx.t("from_to", start=term.start.isoformat(),
                                                          end=term.end.isoformat()),
                                           term_note(ctx, term))))
    if term is not None and term.extended_to is not None:
        pairs.append((ctx.t("org.term_end"),
                      ctx.t("org.postponed", date=term.extended_to.isoformat())))
    pairs.append((ctx.t("org.sources"), join((ctx.record_link(r.id) for r in lead.sources), ctx.sep)))
    return dl(pairs)


def scorecard(ctx: Ctx, org_id: str) -> Markup:
    rows = ctx.view.status_of(org_id)
    if not rows:
        return h('<p class="gk-muted">{}</p>', ctx.t("dash.no_rules") if not
                 ctx.view.rules_enabled else ctx.t("none"))
    by_rule: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_rule[str(row.get("rule"))].append(row)
    out = []
    for rule_id, items in sorted(by_rule.items()):
        worst = worst_status(items)
        counts = Counter(str(i.get("status")) for i in items)
        summary = ctx.comma.join(f"{labels.status(s, ctx.lang)} {counts[s]}"
                           for s in labels.STATUS_ORDER if counts[s])
        open_due = [i for i in items if i.get("status") in ("overdue", "due-soon")]
        due = min((str(i.get("due") or "") for i in open_due), default="")
        out.append((ctx.rule(rule_id), ctx.status(worst), summary, due,
                    str(items[0].get("citation") or "")))
    card = table((ctx.t("rule"), ctx.t("status"), ctx.t("periods"), ctx.t("due"),
                  ctx.t("citation")), out)
    if needs_footnote(row[4] for row in out):
        return h('{}<p class="gk-footnote">{}</p>', card, footnote(ctx.lang))
    return card


def worst_status(items: list[dict[str, Any]]) -> str:
    present = {str(i.get("status")) for i in items}
    return next((s for s in labels.STATUS_ORDER if s in present), "ok")


def _disclosures(ctx: Ctx, org_id: str) -> Markup:
    view = ctx.view
    records = view.by_org.get(org_id, [])
    hidden = view.hidden_by_org.get(org_id, 0)
    note = h('<p class="gk-muted">{}</p>', ctx.t("hidden_records", n=hidden)) if hidden else Markup("")
    note = h("{}{}", note, _open_data(ctx, org_id))
    if not records:
        return h('<p class="gk-muted">{}</p>{}', ctx.t("none"), note)
    years = sorted({r.year for r in records}, reverse=True)
    grid: Counter[tuple[str, int]] = Counter((r.category, r.year) for r in records)
    cats = [c for c in labels.categories() if any(grid[(c, y)] for y in years)]
    head = [ctx.t("category"), *[str(y) for y in years], ctx.t("org.total")]
    rows = [[h('<a href="#cat-{}">{}</a>', c, ctx.category(c)),
             *[str(grid[(c, y)] or "") for y in years], str(sum(grid[(c, y)] for y in years))]
            for c in cats]
    parts = [h("<h3>{}</h3>", ctx.t("org.by_category_year")), table(head, rows)]
    for cat in cats:
        items = [r for r in records if r.category == cat]
        lines = [(str(r.year), *ctx.listing_row_cells(r, org=False)[:3]) for r in items]
        # the anchor is not on the heading: a heading with an id would start a search entry
        parts.append(h('<div id="cat-{}"><h3>{}</h3>{}</div>', cat, ctx.category(cat),
                       table((ctx.t("year"), ctx.t("date"), ctx.t("title"), ctx.t("kind")),
                             lines)))
    parts.append(note)
    return join(parts)


def _open_data(ctx: Ctx, org_id: str) -> Markup:
    """The organization's records as JSON and CSV, and its Atom feed."""
    return h('{}<p class="gk-muted"><a href="{}" type="application/atom+xml">{}</a></p>',
             twins(ctx, org_twin_src(org_id, "json"), org_twin_src(org_id, "csv")),
             ctx.href(feed_src(org_id)), ctx.t("feed.link"))
