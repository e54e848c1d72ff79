"""The context every renderer gets: the view, the page being rendered, and safe link helpers."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from gongkai.model.portal import Record
from gongkai.rules import names
from gongkai.site import labels
from gongkai.site.html import Markup, h, join
from gongkai.site.i18n import t
from gongkai.site.view import SiteView, org_src, record_src
from gongkai.wording import Text, words

_PERIOD = re.compile(r"(\d{4})(?:-(Q[1-4]|H[12]|\d{2}))?")


@dataclass
class Ctx:
    view: SiteView
    urls: dict[str, str]  # src_uri -> site URL of every page this build makes
    page_url: str  # URL of the page being rendered

    @property
    def lang(self) -> str:
        return self.view.lang

    @property
    def sep(self) -> str:
        """Between the items of a list: 、 in Chinese."""
        return ", " if self.lang == "en" else "、"

    @property
    def comma(self) -> str:
        return ", " if self.lang == "en" else "，"

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    def href(self, src_uri: str) -> str:
        url = self.urls[src_uri]  # KeyError = a link to a page this build does not make
        return relative_url(url, self.page_url)

    def link(self, src_uri: str, text: Any) -> Markup:
        return h('<a href="{}">{}</a>', self.href(src_uri), text)

    def record_link(self, record_id: Any) -> Markup:
        """A link to a record the audience may see; otherwise only "未公开记录", never its id."""
        record = self.view.visible(record_id)
        if record is None:
            return h('<span class="gk-hidden">{}</span>', self.t("hidden_record"))
        return self.link(record_src(record.id), self.view.title(record))

    def org_link(self, org_id: str) -> Markup:
        if org_id not in self.view.orgs:
            return h("{}", org_id)
        return self.link(org_src(org_id), self.view.org_name(org_id))

    # -- labels ---------------------------------------------------------------------------------
    def kind(self, kind: str) -> str:
        return labels.kind(kind, self.lang)

    def category(self, category: str) -> str:
        return labels.category(category, self.lang)

    def scope(self, scope: str) -> str:
        return labels.scope(scope, self.lang)

    def org_type(self, org_type: str) -> str:
        return labels.org_type(org_type, self.lang)

    def enum(self, name: str, value: Any, kind: str | None = None) -> str:
        return labels.enum(name, value, self.lang, kind)

    def field(self, name: str, kind: str | None = None) -> str:
        return labels.field(name, self.lang, kind)

    def rule(self, rule_id: str) -> str:
        return names.rule(rule_id, self.lang)

    def period(self, period: Any) -> str:
        """A status row's period in words. Record rules use the record id as their period: it
        is never printed (the record column names the record, or says it is not disclosed)."""
        text = str(period or "")
        if text in self.view.portal.records:
            return ""
        if text == "term":
            return self.t("period.term")
        match = _PERIOD.fullmatch(text)
        if match is None:
            return text
        year, part = match.group(1), match.group(2)
        if part is None:
            return self.t("status-period.year", year=year)
        if part[0] in "QH":
            unit = "quarter" if part[0] == "Q" else "half"
            n = words(f"status-period.{unit}.{part[1]}")
            return self.t(f"status-period.{unit}", year=year, n=n)
        return self.t("status-period.month", year=year, n=Text(str(int(part)), part))

    def status(self, status: str) -> Markup:
        text = labels.status(status, self.lang)
        mark = labels.STATUS_MARK.get(status, "")
        return h('<span class="gk-status gk-status--{}">{} {}</span>', status, mark, text)

    def listing_row_cells(self, record: Record, org: bool = True) -> list[Markup]:
        title = self.record_link(record.id)
        if self.view.withdrawn(record):
            title = h('{} <span class="gk-tag">{}</span>', title, self.t("withdrawn_tag"))
        cells = [h("{}", record.date.isoformat()), title]
        if org:
            cells.append(self.org_link(record.org))
        cells += [h("{}", self.kind(record.kind)), h("{}", self.category(record.category))]
        return cells


@lru_cache(maxsize=1 << 16)
def _parts(path: str) -> tuple[str, ...]:
    """mkdocs' ``_norm_parts``: the normalised segments of a slash-separated path."""
    if not path.startswith("/"):
        path = "/" + path
    path = posixpath.normpath(path)[1:]
    return tuple(path.split("/")) if path else ()


@lru_cache(maxsize=1 << 12)
def _base_parts(other: str) -> tuple[str, ...]:
    dirname, _, basename = other.rpartition("/")
    return _parts(dirname if "." in basename else other)


def relative_url(url: str, other: str) -> str:
    """``mkdocs.utils.get_relative_url(url, other)``, with the normalised parts of each URL
    computed once per build rather than once per link (tests/site compare the two)."""
    base, dest = _base_parts(other), _parts(url)
    common = 0
    for a, b in zip(base, dest, strict=False):
        if a != b:
            break
        common += 1
    relurl = "/".join(("..",) * (len(base) - common) + dest[common:]) or "."
    return relurl + "/" if url.endswith("/") else relurl


def table(head: Sequence[Any], rows: Iterable[Sequence[Any]], cls: str = "") -> Markup:
    """A table the theme styles like a Markdown table, scrolling sideways when wide, in a box
    that takes the keyboard focus so that it can be scrolled without a mouse (WCAG 2.1.1)."""
    head = tuple(head)
    thead = h(_cells("th", len(head)), *head)
    # one call of h() per row: "<tr><td>{}</td>...</tr>", each cell escaped as a field
    body = join(h(_cells("td", len(cells), "<tr>", "</tr>"), *cells)
                for cells in map(tuple, rows))
    return h('<div class="md-typeset__scrollwrap" tabindex="0"><div class="md-typeset__table{}">'
             "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div></div>",
             f" {cls}" if cls else "", thead, body)


@lru_cache(maxsize=256)
def _cells(tag: str, n: int, before: str = "", after: str = "") -> str:
    """The template of ``n`` cells: ``<td>{}</td>`` repeated."""
    return before + f"<{tag}>{{}}</{tag}>" * n + after


def section(title: Any, content: Any, anchor: str = "") -> Markup:
    if anchor:
        return h('<h2 id="{}">{}</h2>{}', anchor, title, content)
    return h("<h2>{}</h2>{}", title, content)


def dl(pairs: Iterable[tuple[Any, Any]]) -> Markup:
    items = join(h('<div class="gk-dl__row"><dt>{}</dt><dd>{}</dd></div>', k, v)
                 for k, v in pairs)
    return h('<dl class="gk-dl">{}</dl>', items)


def ul(items: Iterable[Any], cls: str = "") -> Markup:
    inner = join(h("<li>{}</li>", i) for i in items)
    return h('<ul class="{}">{}</ul>', cls, inner) if cls else h("<ul>{}</ul>", inner)
