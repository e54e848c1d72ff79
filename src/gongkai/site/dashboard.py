"""The compliance dashboard: organizations x rules, overdue and due-soon lists, term expiries and
the data warnings that did not stop the build.

A status row or finding that concerns a record outside the audience never names it: the record
shows as "未公开记录", its file path is not printed, and a message that carries one of its
values is left out."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Any

from gongkai.core.conventions import footnote, needs_footnote
from gongkai.core.findings import Finding, org_of
from gongkai.rules import names
from gongkai.site import citypages, labels
from gongkai.site.ctx import Ctx, section, table
from gongkai.site.html import Markup, h, join
from gongkai.site.orgpage import worst_status
from gongkai.site.view import org_src
from gongkai.wording import LANGS, resolve

WARNINGS_SHOWN = 500
_STEM = re.compile(r"\d{4}-\d{2}-\d{2}-[a-z0-9-]{1,60}")  # record ids and paths carry stems


def render(ctx: Ctx) -> Markup:
    view = ctx.view
    parts = [h('<p class="gk-muted">{}</p>', ctx.t("as_of", date=view.as_of.isoformat()))]
    if view.city is not None:  # a working committee's portal: its city pages
        parts.append(citypages.links(ctx))
    if not view.rules_enabled:
        parts.append(h('<div class="admonition note"><p>{}</p></div>', ctx.t("dash.no_rules")))
    if view.status:
        parts.append(section(ctx.t("dash.summary"), _summary(ctx)))
        parts.append(section(ctx.t("dash.matrix"), _matrix(ctx), "matrix"))
        for status, key, anchor in (("overdue", "dash.overdue", "overdue"),
                                    ("due-soon", "dash.due_soon", "due-soon"),
                                    ("late", "dash.late", "late")):
            rows = [s for s in view.status if s.get("status") == status]
            parts.append(section(h("{} <small>{}</small>", ctx.t(key),
                                   ctx.t("dash.counts", n=len(rows))), _rows(ctx, rows), anchor))
    parts.append(section(ctx.t("dash.terms"), _terms(ctx), "terms"))
    if needs_footnote(str(s.get("citation") or "") for s in view.status
                      if s.get("status") not in ("ok", "pending")):
        parts.append(h('<p class="gk-footnote">{}</p>', footnote(ctx.lang)))
    parts.append(section(ctx.t("dash.warnings"), _warnings(ctx), "warnings"))
    return h('<section class="gk-dashboard" data-search-exclude>{}</section>', join(parts))


def _summary(ctx: Ctx) -> Markup:
    counts = Counter(str(s.get("status")) for s in ctx.view.status)
    orgs_overdue = len({s.get("org") for s in ctx.view.status if s.get("status") == "overdue"})
    tiles = join(h('<div class="gk-tile gk-status--{}"><span class="gk-tile__n">{}</span>'
                   "<span>{}</span></div>", s, counts[s],
                   labels.status(s, ctx.lang)) for s in labels.STATUS_ORDER)
    return h('<div class="gk-tiles">{}</div><p>{}：{}</p>', tiles, ctx.t("dash.orgs_overdue"),
             ctx.t("num.orgs_of", n=orgs_overdue, total=len(ctx.view.orgs)))


def _matrix(ctx: Ctx) -> Markup:
    view = ctx.view
    cells: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for row in view.status:
        cells[(str(row.get("org")), str(row.get("rule")))].append(row)
    rules = [r for r in names.rule_ids() if any(k[1] == r for k in cells)]
    rules += sorted({k[1] for k in cells} - set(rules))
    orgs = [o for o in _tree_order(ctx) if any((o, r) in cells for r in rules)]
    head = [ctx.t("org"), *[h('<span class="gk-rule" title="{}">{}</span>', r, ctx.rule(r))
                            for r in rules]]
    rows = []
    for org_id in orgs:
        line: list[Any] = [ctx.link(org_src(org_id), view.org_name(org_id))]
        for rule_id in rules:
            items = cells.get((org_id, rule_id))
            if not items:
                line.append("")
                continue
            worst = worst_status(items)
            label = labels.status(worst, ctx.lang)
            line.append(h('<span class="gk-status--{}" title="{}">{}</span>', worst, label,
                          labels.STATUS_MARK.get(worst, "")))
        rows.append(line)
    legend = join((ctx.status(s) for s in labels.STATUS_ORDER), " ")
    return h('{}<p class="gk-legend">{}：{}</p>', table(head, rows, "gk-matrix"),
             ctx.t("dash.legend"), legend)


def _tree_order(ctx: Ctx) -> list[str]:
    view, out = ctx.view, []
    root = str(view.portal.site.get("root") or "")

    def walk(org_id: str) -> None:
        if org_id in out:
            return
        out.append(org_id)
        for kid in view.children(org_id):
            walk(kid)

    if root in view.orgs:
        walk(root)
    out += [o for o in view.orgs if o not in out]
    return out


def _rows(ctx: Ctx, rows: list[dict[str, Any]]) -> Markup:
    if not rows:
        return h('<p class="gk-muted">{}</p>', ctx.t("none"))
    ordered = sorted(rows, key=lambda s: (str(s.get("due") or ""), str(s.get("org")),
                                          str(s.get("rule")), str(s.get("period"))))
    body = [(ctx.org_link(str(s.get("org"))), ctx.rule(str(s.get("rule"))),
             ctx.period(s.get("period")), str(s.get("due") or ""),
             ctx.record_link(s["record"]) if s.get("record") else "",
             str(s.get("citation") or "")) for s in ordered]
    return table((ctx.t("org"), ctx.t("rule"), ctx.t("period"), ctx.t("due"), ctx.t("record"),
                  ctx.t("citation")), body)


def _terms(ctx: Ctx) -> Markup:
    view = ctx.view
    rows = [s for s in view.status if s.get("rule") == "term-expiry"]
    if rows:
        body = [(ctx.org_link(str(s.get("org"))), str(s.get("due") or ""),
                 ctx.status(str(s.get("status"))), str(s.get("citation") or ""))
                for s in sorted(rows, key=lambda s: (str(s.get("due") or ""), str(s.get("org"))))]
        return table((ctx.t("org"), ctx.t("org.term_end"), ctx.t("status"), ctx.t("citation")),
                     body)
    terms = []
    for org_id in _tree_order(ctx):
        lead = view.leadership(org_id)
        if lead is not None and lead.term is not None:
            terms.append((lead.term.end, org_id))
    if not terms:
        return h('<p class="gk-muted">{}</p>', ctx.t("none"))
    return table((ctx.t("org"), ctx.t("org.term_end")),
                 ((ctx.org_link(o), end.isoformat()) for end, o in sorted(terms)))


def _warnings(ctx: Ctx) -> Markup:
    view = ctx.view
    findings = sorted(view.warnings(), key=lambda f: f.sort_key)
    if not findings:
        return h('<p class="gk-muted">{}</p>', ctx.t("none"))
    by_file = {r.file: r.id for r in view.portal.records.values()}
    hidden = _hidden_values(ctx)
    body = []
    for f in findings[:WARNINGS_SHOWN]:
        record_id = by_file.get(f.file)
        where: Any
        if record_id is not None:
            where = ctx.record_link(record_id)
        elif f.file.endswith(("/org.yaml", "/site.yaml")):
            where = f.file
        else:
            where = ctx.record_link(None)
        named_hidden = record_id is not None and view.visible(record_id) is None
        message = "" if named_hidden or _names_hidden(f, hidden) else f.message(ctx.lang)
        body.append((ctx.org_link(org_of(f)) if org_of(f) else "", where, f.code, message))
    note = h('<p class="gk-muted">{}</p>', ctx.t("dash.warning_count", n=len(findings)))
    return h("{}{}", note, table((ctx.t("org"), ctx.t("record"), "", ""), body))


def _hidden_values(ctx: Ctx) -> set[str]:
    view = ctx.view
    out: set[str] = set()
    for rid, record in view.portal.records.items():
        if rid not in view.records:
            out.update((rid, record.stem, record.title, str(record.data.get("title_en") or "")))
    out.discard("")
    return out


def _names_hidden(finding: Finding, hidden: set[str]) -> bool:
    """Whether a finding's message would carry a value of a record outside the audience: its
    id or file name (anywhere in a value) or its title (a whole value)."""
    for _, value in finding.params:
        for lang in LANGS:
            text = str(resolve(value, lang))
            if text in hidden or any(m in hidden for m in _STEM.findall(text)):
                return True
    return False
