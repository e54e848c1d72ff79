"""The page of one record, at its permanent address ``records/<org>/<stem>/``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from gongkai.model import asof
from gongkai.model.portal import Record
from gongkai.site import history
from gongkai.site.ctx import Ctx, dl, section, table, ul
from gongkai.site.feedback import how_to_respond
from gongkai.site.html import Markup, h, join, render_body
from gongkai.validate import kinds

# page entries that are no one field: the notice's objection window (``from`` to ``to``)
COMPOSITE = ("window",)


def render(ctx: Ctx, record_id: str) -> Markup:
    record = ctx.view.visible(record_id)
    if record is None:  # a stub is only ever made for a visible record
        raise KeyError(f"no visible record {record_id}")
    if ctx.view.redacted(record):
        return _redacted(ctx, record)
    parts = [h("<h1>{}</h1>", ctx.view.title(record)), _meta(ctx, record)]
    withdrawn = ctx.view.withdrawn(record)
    if withdrawn:
        parts.append(_withdrawn_note(ctx, withdrawn, redacted=False))
    if record.data.get("summary"):
        parts.append(h('<p class="gk-summary">{}</p>', record.data["summary"]))
    if record.kind == "resolution":
        parts.append(_timeline(ctx, record))
    rest = [_details(ctx, record)]
    if record.data.get("body"):
        rest.append(section(ctx.t("rec.body"),
                            h('<div class="gk-body">{}</div>', render_body(record.data["body"]))))
    rest += [_attachments(ctx, record), _refs(ctx, record), _tags(ctx, record),
             _history(ctx, record), how_to_respond(ctx, record)]
    parts.append(h("<section>{}</section>", join(rest)))  # all of it is searched (site.search)
    return h('<article class="gk-record">{}</article>', join(parts))


def _redacted(ctx: Ctx, record: Record) -> Markup:
    """Only the title, the dates and the reason (handbook: data.md#changes, ``withdrawn.redact``)."""
    withdrawn = ctx.view.withdrawn(record) or {}
    meta = h('<p class="gk-meta">{} · {} {} · {} {}</p>', ctx.org_link(record.org),
             ctx.t("date"), record.date.isoformat(), ctx.t("published"),
             record.published.isoformat())
    return h('<article class="gk-record"><h1>{}</h1>{}{}{}</article>', ctx.view.title(record),
             meta, _withdrawn_note(ctx, withdrawn, redacted=True), how_to_respond(ctx, record))


def _withdrawn_note(ctx: Ctx, withdrawn: dict[str, Any], redacted: bool) -> Markup:
    text = h("{}{}", ctx.t("rec.withdrawn", date=withdrawn["date"].isoformat()),
             withdrawn.get("reason", ""))
    if redacted:
        text = h("{}<br>{}", text, ctx.t("rec.redacted"))
    return h('<div class="admonition warning gk-withdrawn"><p>{}</p></div>', text)


def _meta(ctx: Ctx, record: Record) -> Markup:
    kind = ctx.kind(record.kind)
    name = kinds.subtype(record.kind)
    if name and record.data.get(name):
        kind = f"{kind} · {ctx.enum(name, record.data[name], record.kind)}"
    return h('<p class="gk-meta">{} · {} · {} · {} {} · {} {} · <span class="gk-scope">{}'
             "</span></p>", ctx.org_link(record.org), kind, ctx.category(record.category),
             ctx.t("date"), record.date.isoformat(), ctx.t("published"),
             record.published.isoformat(), ctx.scope(record.scope))


def _details(ctx: Ctx, record: Record) -> Markup:
    pairs = detail_pairs(ctx, record)
    if not pairs:
        return Markup("")
    return section(ctx.t("rec.details"), dl(pairs))


def detail_pairs(ctx: Ctx, record: Record) -> list[tuple[str, Markup]]:
    """A record's details (label, value), as its page and its notice-board sheet show them: the
    kind's ``page`` entries (handbook: contributing.md#add-a-kind)."""
    kind = kinds.get(record.kind)
    pairs = []
    for name in kind.page if kind is not None else ():
        value = _value(ctx, record, name)
        if value is not None:
            pairs.append((ctx.field(name, record.kind), value))
    return pairs


def _value(ctx: Ctx, record: Record, name: str) -> Markup | None:
    data = record.data
    if name == "window":
        if not data.get("from"):
            return None
        return h("{}", ctx.t("from_to", start=data["from"].isoformat(), end=data["to"].isoformat()))
    if name not in data or data[name] is None:
        return None
    value = data[name]
    kind = kinds.get(record.kind)
    special = RENDERERS.get(kind.shows.get(name, "")) if kind is not None else None
    if special is not None:
        return special(ctx, record, value)
    if kind is not None and name in kind.values:  # a field whose values have labels
        return h("{}", ctx.enum(name, value, record.kind))
    return plain(ctx, value)


def plain(ctx: Ctx, value: Any) -> Markup:
    if isinstance(value, bool):
        return h("{}", ctx.t("yes") if value else ctx.t("no"))
    if isinstance(value, dt.date):
        return h("{}", value.isoformat())
    if isinstance(value, list):
        return ul(plain(ctx, v) for v in value)
    if isinstance(value, dict):
        return dl((ctx.field(str(k)), plain(ctx, v)) for k, v in value.items())
    return h("{}", value)


def approval(ctx: Ctx, value: dict[str, Any]) -> Markup:
    date = value.get("date")
    return h("{} {}（{}）", value.get("by", ""), value.get("ref", ""),
             date.isoformat() if isinstance(date, dt.date) else "")


def _approval(ctx: Ctx, record: Record, value: Any) -> Markup:
    return approval(ctx, value)


def _budget(ctx: Ctx, record: Record, value: Any) -> Markup:
    amount = value.get("amount")
    shown = f"{amount:,}" if isinstance(amount, (int, float)) else str(amount)
    currency = value.get("currency", "")
    return h("{}", ctx.t("num.yuan", amount=shown) if currency in ("CNY", "RMB", "元")
             else f"{shown} {currency}")


def _items(ctx: Ctx, record: Record, value: Any) -> Markup:
    rows = [(i.get("title", ""), _day(i.get("due")), i.get("owner", "")) for i in value]
    return table((ctx.t("title"), ctx.t("due"), ctx.field("owner")), rows)


def _records(ctx: Ctx, record: Record, value: Any) -> Markup:
    ids = value if isinstance(value, list) else [value]
    return join((ctx.record_link(i) for i in ids), ctx.sep)


def _attendance(ctx: Ctx, record: Record, value: Any) -> Markup:
    return h("{}", ctx.t("num.attendance", present=value.get("present", ""),
                         expected=value.get("expected", "")))


def _rectification(ctx: Ctx, record: Record, value: Any) -> Markup:
    rows = [(i.get("item", ""), _day(i.get("due")), ctx.enum("item_status", i.get("status")))
            for i in value]
    return table((ctx.field("rectification"), ctx.t("due"), ctx.t("status")), rows)


def _elected(ctx: Ctx, record: Record, value: Any) -> Markup:
    pairs = []
    if value.get("secretary"):
        pairs.append((ctx.field("secretary"), h("{}", value["secretary"])))
    for key, label in (("deputy_secretaries", "deputy_secretaries"),
                       ("members", "committee_members")):
        if value.get(key):
            pairs.append((ctx.field(label), h("{}", ctx.sep.join(map(str, value[key])))))
    term = ctx.view.term(record)  # the rules' term (handbook: site.md#as-of)
    if term is not None:
        pairs.append((ctx.t("org.term_end"), h("{}{}", term.end.isoformat(),
                                               term_note(ctx, term))))
    return dl(pairs)


def term_note(ctx: Ctx, term: asof.Term) -> str:
    """The note on a term without ``term_years``: its end is the longest term allowed, as the
    rules judge it (handbook: site.md#as-of)."""
    return ctx.t("org.term_assumed", years=term.years) if term.assumed else ""


def _postponement(ctx: Ctx, record: Record, value: Any) -> Markup:
    return h("{}；{}", approval(ctx, value.get("approval") or {}),
             ctx.t("org.postponed", date=_day(value.get("until"))))


def _filled(ctx: Ctx, record: Record, value: Any) -> Markup:
    return h("{} {}（{}{}）", _day(value.get("date")), value.get("name", ""),
             ctx.enum("method", value.get("method", "")),
             f" {value['ref']}" if value.get("ref") else "")


def _results(ctx: Ctx, record: Record, value: Any) -> Markup:
    return join((h("{} {}", ctx.field(k), value[k]) for k in
                 ("excellent", "qualified", "basically_qualified", "unqualified") if k in value),
                ctx.comma)


def _satisfaction(ctx: Ctx, record: Record, value: Any) -> Markup:
    surveyed, satisfied = value.get("surveyed") or 0, value.get("satisfied") or 0
    share = ctx.t("num.share", share=f"{satisfied * 100 / surveyed:.1f}") if surveyed else ""
    return h("{}{}", ctx.t("num.satisfaction", satisfied=satisfied, surveyed=surveyed), share)


def _headcount(ctx: Ctx, record: Record, value: Any) -> Markup:
    text = ctx.t("num.met", met=value.get("met_requirement", ""), total=value.get("total", ""))
    hours = value.get("required_hours")
    return h("{}{}", text, ctx.t("num.required_hours", hours=hours) if hours is not None else "")


def _persons(ctx: Ctx, record: Record, value: Any) -> Markup:
    return h("{}", ctx.t("people", n=value))


def _hours(ctx: Ctx, record: Record, value: Any) -> Markup:
    return h("{}", ctx.t("num.hours", n=value))


def _period(ctx: Ctx, record: Record, value: Any) -> Markup:
    return h("{}", ctx.t("from_to", start=_day(value.get("from")), end=_day(value.get("to"))))


def _cases(ctx: Ctx, record: Record, value: Any) -> Markup:
    rows = [(_day(c.get("received_on")), ctx.enum("item_status", c.get("status")),
             _day(c.get("handled_on"))) for c in value]
    return table((ctx.t("num.received_on"), ctx.t("status"), ctx.t("num.handled_on")), rows)


def _subjects(ctx: Ctx, record: Record, value: Any) -> Markup:
    """Names only until ``notice_names_days`` after the window closes; then only the count."""
    if ctx.view.names_shown(record):
        return h("{}", ctx.sep.join(map(str, value)))
    return h("{}", ctx.t("persons_count", n=len(value)))


def _progress(ctx: Ctx, record: Record, value: Any) -> Markup:
    """Progress entries known as of the build day (:meth:`SiteView.dated`); empty if none."""
    progress = ctx.view.dated(value)
    return ul(h("{} {}{}", _day(p["date"]), p.get("note", ""),
                f"（{p['percent']}%）" if p.get("percent") is not None else "")
              for p in progress) if progress else Markup("")


def _outcome(ctx: Ctx, record: Record, value: Any) -> Markup:
    """The outcome if known as of the build day (:func:`gongkai.model.asof.outcome`)."""
    outcome = ctx.view.outcome(record)
    if not outcome:
        return Markup("")
    return h("<p>{} {}：{}</p>", _day(outcome["date"]),
             ctx.enum("outcome_status", outcome.get("status")), outcome.get("summary", ""))


# the renderers a field may name with ``meta: {show: NAME}`` in its schema file (handbook:
# contributing.md#add-a-kind); any other field is shown by its type (``plain``, an enum's label)
RENDERERS: dict[str, Callable[[Ctx, Record, Any], Markup]] = {
    "approval": _approval, "budget": _budget, "items": _items, "records": _records,
    "attendance": _attendance, "rectification": _rectification, "elected": _elected,
    "postponement": _postponement, "filled": _filled, "results": _results,
    "satisfaction": _satisfaction, "headcount": _headcount, "period": _period, "cases": _cases,
    "subjects": _subjects, "persons": _persons, "hours": _hours, "progress": _progress,
    "outcome": _outcome,
}


def _day(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))


def _timeline(ctx: Ctx, record: Record) -> Markup:
    """Openness in advance, in process and in results (14) (15), as three stages."""
    data, missing = record.data, h('<p class="gk-muted">{}</p>', ctx.t("rec.stage.missing"))
    consultation = data.get("consultation") or {}
    before = missing
    if consultation:
        lines = [h("{}", ctx.t("from_to", start=_day(consultation.get("from")),
                                end=_day(consultation.get("to"))))]
        if consultation.get("channel"):
            lines.append(h("{}：{}", ctx.t("channel"), consultation["channel"]))
        if consultation.get("opinions_received") is not None:
            lines.append(h("{}", ctx.t("rec.opinions", n=consultation["opinions_received"])))
        if consultation.get("summary"):
            lines.append(h("{}", consultation["summary"]))
        before = ul(lines)
    during = _progress(ctx, record, data.get("progress")) or missing
    after = _outcome(ctx, record, data.get("outcome")) or missing
    if data.get("due"):
        during = h("{}<p class=\"gk-muted\">{} {}</p>", during, ctx.field("due"), _day(data["due"]))
    stages = [("before", before), ("during", during), ("after", after)]
    items = join(h('<li class="gk-stage gk-stage--{}"><h3>{}</h3>{}</li>', key,
                   ctx.t(f"rec.stage.{key}"), content) for key, content in stages)
    return section(ctx.t("rec.timeline"), h('<ol class="gk-timeline">{}</ol>', items))


def _attachments(ctx: Ctx, record: Record) -> Markup:
    items = []
    for item in record.data.get("attachments") or []:
        src = f"records/{record.id}/{item.get('file')}"
        if src in ctx.urls:
            items.append(ctx.link(src, item.get("title") or item.get("file")))
    return section(ctx.t("rec.attachments"), ul(items)) if items else Markup("")


def _refs(ctx: Ctx, record: Record) -> Markup:
    parts = []
    refs = record.data.get("refs") or []
    if refs:
        parts.append(section(ctx.t("rec.refs"), ul(ctx.record_link(r) for r in refs)))
    back = ctx.view.referenced_by.get(record.id) or []
    if back:
        parts.append(section(ctx.t("rec.referenced_by"), ul(ctx.record_link(r) for r in back)))
    return join(parts)


def _tags(ctx: Ctx, record: Record) -> Markup:
    tags = record.data.get("tags") or []
    if not tags:
        return Markup("")
    return section(ctx.t("rec.tags"),
                   h("<p>{}</p>", join((h('<span class="gk-tag">{}</span>', x) for x in tags), " ")))


def _history(ctx: Ctx, record: Record) -> Markup:
    """Published, corrected, withdrawn (from the record); added to the site and last updated
    (from git, when the portal is a checkout, only where they add something: site/history.py)."""
    found = history.events(record.published, ctx.view.corrections(record),
                           ctx.view.withdrawn(record), ctx.view.history.of(record.file))
    rows = ((e.date.isoformat(), ctx.t(f"rec.history.{e.what}"), e.note) for e in found)
    table_ = table((ctx.t("date"), ctx.t("rec.history.event"), ctx.t("rec.history.note")), rows)
    if any(e.what in history.FROM_GIT for e in found):
        table_ = h('{}<p class="gk-muted gk-history-note">{}</p>', table_,
                   ctx.t("rec.history.from_git"))
    return section(ctx.t("rec.history"), table_)
