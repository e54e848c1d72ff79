"""``calendar.ics``: consultation windows, notice windows and upcoming due dates (RFC 5545).

Only what the audience may see: windows of its visible, not withdrawn records; due dates from
the rule status rows, where a row whose period is a record id or whose record is outside the
audience names only its rule and organization. Notice subjects' names are never written: a
calendar file is kept long after the objection window closes.

A small serializer rather than a runtime dependency: all-day events, text escaping, CRLF and
folding at 75 octets. DTSTAMP is the as-of date, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from typing import Any

from gongkai.model.portal import Record
from gongkai.rules.periods import LAST_DAY, add_days
from gongkai.site.ctx import Ctx
from gongkai.site.exports import OutFile
from gongkai.site.i18n import t
from gongkai.site.portalcatalog import portal_id
from gongkai.site.view import SiteView, record_src

SRC = "calendar.ics"
UPCOMING = ("due-soon", "pending")


def escape_text(text: str) -> str:
    # no control characters (RFC 5545 CONTROL, and C1, which no calendar shows)
    text = "".join(c for c in text if (c >= " " and not "\x7f" <= c <= "\x9f") or c in "\r\n")
    return (text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n"))


def fold(line: str) -> str:
    """Lines of at most 75 octets, continued with CRLF + space, never splitting a character."""
    if len(line.encode("utf-8")) <= 75:  # most lines: nothing to fold
        return line
    out, current, size, limit = [], "", 0, 75
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def uid(pid: str, key: str) -> str:
    """Unique across a city's portals: the key is prefixed with the portal id
    (handbook: federation.md#catalog)."""
    return hashlib.sha1(f"{pid}:{key}".encode()).hexdigest() + "@gongkai"


def _date(day: dt.date) -> str:
    return day.strftime("%Y%m%d")


class CalendarWriter:
    def __init__(self, view: SiteView, urls: dict[str, str], base_url: str | None) -> None:
        self.view = view
        self.urls = urls
        self.base = base_url.rstrip("/") + "/" if base_url else ""
        self.ctx = Ctx(view, urls, SRC)
        self.pid = portal_id(view.portal.site)

    def events(self) -> list[dict[str, Any]]:
        view, lang = self.view, self.view.lang
        events: list[dict[str, Any]] = []
        for record in view.by_kind.get("resolution", []):
            window = record.data.get("consultation") or {}
            if not view.withdrawn(record) and window.get("from") and window.get("to"):
                events.append(self._window(record, "consultation", window,
                                           t("cal.consultation", lang)))
        for record in view.by_kind.get("notice", []):
            if not view.withdrawn(record) and record.data.get("from") and record.data.get("to"):
                events.append(self._window(record, "notice", record.data, t("cal.notice", lang)))
        events += self._due()
        return sorted(events, key=lambda e: (e["start"], e["uid"]))

    def _window(self, record: Record, what: str, window: dict[str, Any],
                label: str) -> dict[str, Any]:
        url = self.base + self.urls[record_src(record.id)]
        event = {"uid": uid(self.pid, f"{what}:{record.id}"), "start": window["from"],
                 "end": add_days(window["to"], 1),
                 "summary": f"{label}：{self.view.title(record)}",
                 "description": f"{self.view.org_name(record.org)}\n{url}"}
        if self.base:
            event["url"] = url
        return event

    def _due(self) -> list[dict[str, Any]]:
        view, ctx, seen = self.view, self.ctx, Counter[str]()
        out = []
        for row in view.status:
            due = _parse(row.get("due"))
            if (row.get("status") not in UPCOMING or due is None or due < view.as_of
                    or due >= LAST_DAY):  # past the end of the calendar: no due date
                continue
            org, rule = str(row.get("org") or ""), str(row.get("rule") or "")
            period = ctx.period(row.get("period"))  # "" when the period is a record id
            record = view.visible(row.get("record"))
            summary = f"{t('cal.due', view.lang)}：{ctx.rule(rule)} · {view.org_name(org)}"
            if period:
                summary += f" · {period}"
            description = ctx.status(str(row.get("status"))).striptags()
            if record is not None:
                description += f"\n{view.title(record)}\n{self.base}{self.urls[record_src(record.id)]}"
            key = f"due:{org}:{rule}:{period}:{due.isoformat()}"
            seen[key] += 1  # rows that differ only by a hidden record stay distinct
            out.append({"uid": uid(self.pid, f"{key}:{seen[key]}"), "start": due,
                        "end": add_days(due, 1), "summary": summary,
                        "description": description})
        return out

    def render(self) -> OutFile:
        view = self.view
        lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//gongkai//party affairs disclosure//ZH",
                 "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                 f"X-WR-CALNAME:{escape_text(view.site_name)}"]
        stamp = f"{_date(view.as_of)}T000000Z"
        events = self.events()
        for event in events:
            lines += ["BEGIN:VEVENT", f"UID:{event['uid']}", f"DTSTAMP:{stamp}",
                      f"DTSTART;VALUE=DATE:{_date(event['start'])}"]
            if event["end"] > event["start"]:  # not at 9999-12-31: a one-day event needs none
                lines.append(f"DTEND;VALUE=DATE:{_date(event['end'])}")
            lines += [f"SUMMARY:{escape_text(event['summary'])}",
                      f"DESCRIPTION:{escape_text(event['description'])}"]
            if event.get("url"):
                lines.append(f"URL:{event['url']}")
            lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
        lines.append("END:VCALENDAR")
        body = "".join(fold(line) + "\r\n" for line in lines)
        return OutFile(SRC, body.encode("utf-8"), t("cal.title", view.lang), "ics", len(events))


def _parse(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None
