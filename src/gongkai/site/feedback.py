"""How a reader gives an opinion (handbook/docs/site.md, "读者看到什么 What readers see").

The measures ask for openness that solicits opinions and accepts supervision. Every record page
says whom to contact: the organization's office phone and e-mail from org.yaml ``contact``, or,
when it has none, those of the nearest organization above it, or the site's footer contacts;
an open consultation or notice names its own channel and deadline first. Plain ``tel:`` and
``mailto:`` links: the site posts no forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.model import asof
from gongkai.model.portal import Record
from gongkai.site.chrome import mailto, tel
from gongkai.site.ctx import Ctx, section
from gongkai.site.html import Markup, h, join
from gongkai.site.view import SiteView

CONTACT_FIELDS = ("office_phone", "email")


@dataclass(frozen=True)
class Contact:
    org: str | None  # whose contacts these are; None for the site's footer
    phone: str | None
    email: str | None


def contact_for(view: SiteView, org_id: str) -> Contact | None:
    """The contacts of the organization, or of the nearest one above it that has any, or the
    site footer's; None when nobody lists a phone or an e-mail."""
    seen: set[str] = set()
    current: str | None = org_id
    while current and current not in seen and current in view.orgs:
        seen.add(current)
        found = _office(view.orgs[current].data.get("contact"))
        if found:
            return Contact(current, *found)
        current = view.orgs[current].parent
    footer = _office(view.portal.site.get("footer"), phone="phone")
    return Contact(None, *footer) if footer else None


def _office(values: Any, phone: str = "office_phone") -> tuple[str | None, str | None] | None:
    if not isinstance(values, dict):
        return None
    pair = (_text(values.get(phone)), _text(values.get("email")))
    return pair if any(pair) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def contact_line(ctx: Ctx, contact: Contact) -> Markup:
    """请联系 某某党支部：办公电话 021-…，电子邮箱 … (plain links)."""
    parts = []
    if contact.phone:
        parts.append(h("{} {}", ctx.t("contact.office_phone"), tel(contact.phone)))
    if contact.email:
        parts.append(h("{} {}", ctx.t("contact.email"), mailto(contact.email)))
    who = ctx.org_link(contact.org) if contact.org else h("{}", ctx.t("feedback.site"))
    return h("{}{}{}{}", ctx.t("feedback.contact"), who, ctx.t("feedback.colon"),
             join(parts, ctx.comma))


def _open(ctx: Ctx, window: dict[str, Any]) -> bool:
    """:func:`gongkai.model.asof.window_state` on the build date."""
    return asof.window_state(window, ctx.view.as_of) == "open"


def window_line(ctx: Ctx, record: Record) -> Markup | None:
    """An open consultation's or notice's own channel and deadline, or None."""
    if ctx.view.withdrawn(record):
        return None
    if record.kind == "resolution":
        window, key = record.data.get("consultation") or {}, "feedback.consultation"
    elif record.kind == "notice":
        window, key = record.data, "feedback.notice"
    else:
        return None
    if not _open(ctx, window):
        return None
    channel = window.get("channel")
    text = h("{}", ctx.t(key, end=window["to"].isoformat()))
    return h("{}{}", text, h("{}：{}", ctx.t("channel"), channel) if channel else "")


def how_to_respond(ctx: Ctx, record: Record) -> Markup:
    """The section at the foot of a record page."""
    lines = []
    window = window_line(ctx, record)
    if window is not None:
        lines.append(h('<p class="gk-feedback__window"><strong>{}</strong></p>', window))
    contact = contact_for(ctx.view, record.org)
    if contact is not None:
        lines.append(h("<p>{}{}</p>", ctx.t("feedback.record"), contact_line(ctx, contact)))
    if not lines:
        return Markup("")
    return h('<div class="gk-feedback">{}</div>',
             section(ctx.t("feedback.title"), join(lines)))
