"""The renderers' fast paths give exactly what the slower code they replace gave.

``h()`` and ``join()`` against markupsafe's ``Markup.format`` and ``Markup.join`` (escaping is
still markupsafe's, value by value, hostile values included); ``relative_url`` against mkdocs'
``get_relative_url`` on every pair of URLs of a built site; the open-data files, whose rows are
serialised once per record, against the plain ``json_doc`` / ``csv_bytes``."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hostile import AS_OF
from markupsafe import Markup
from mkdocs.utils import get_relative_url

from gongkai.site.calendar import fold
from gongkai.site.ctx import relative_url, table
from gongkai.site.exports import COMMON, Exporter, csv_bytes, kind_fields
from gongkai.site.html import h, join
from gongkai.site.plugin import check_portal
from gongkai.site.view import SiteView, org_src, record_src


class HasHtml:
    def __html__(self) -> str:
        return "<b>trusted</b>"


class HasHtmlFormat:
    def __html__(self) -> str:
        return "<i>html</i>"

    def __html_format__(self, spec: str) -> Markup:
        return Markup(f"<u>formatted{spec}</u>")


class OddFormat:
    def __format__(self, spec: str) -> str:
        return f"<odd {spec!r}>"

    def __str__(self) -> str:
        return "<str>"


class Sub(str):
    pass


class SubMarkup(Markup):
    pass


VALUES: list[Any] = [
    "", "plain", "<script>alert('x')</script>", '"quoted" & \'single\'', "{}", "{0}", "{{x}}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}", "</title><script>", "党务公开 <b>",
    "&amp; &#106;avascript:", "\x00\x1f\u2028", Markup("<em>safe</em>"), Markup("&lt;kept&gt;"),
    SubMarkup("<s>sub</s>"), Sub("<sub & str>"), 0, 7, -3, 10 ** 20, 1.5, float("nan"), True,
    False, None, Decimal("1.10"), dt.date(2026, 3, 10), dt.datetime(2026, 3, 10, 8, 30),
    ["<li>", 1], {"<k>": "<v>"}, ("<t>",), HasHtml(), HasHtmlFormat(), OddFormat(), b"<bytes>",
]

TEMPLATES = [
    "{}", "<p>{}</p>", '<a href="{}">{}</a>', "{}{}", "{} · {} {}", "", "no fields", "{{}}{}",
    "{{literal}} {} }}", '<span class="gk-status gk-status--{}">{} {}</span>', "{}\n{}",
]


def reference(template: str, *args: Any, **kwargs: Any) -> Markup:
    return Markup(template).format(*args, **kwargs)


def outcome(call: Any) -> tuple[str, Any]:
    try:
        result = call()
    except Exception as exc:  # noqa: BLE001 - the same error is part of the contract
        return "error", type(exc)
    return type(result).__name__, str(result)


@pytest.mark.parametrize("template", TEMPLATES)
def test_h_escapes_every_value_exactly_as_markupsafe(template: str) -> None:
    fields = template.replace("{{", "").count("{")
    for args in itertools.product(VALUES, repeat=min(fields, 2)):
        args = (*args, *VALUES[:max(0, fields - 2)])
        got = h(template, *args)
        assert type(got) is Markup
        assert str(got) == str(reference(template, *args)), (template, args)


@pytest.mark.parametrize("template,args,kwargs", [
    ("{0}{1}", ("<a>", "<b>"), {}), ("{1}{0}", ("<a>", "<b>"), {}),
    ("{x}", (), {"x": "<x>"}), ("{}{x}", ("<a>",), {"x": "<x>"}),
    ("{!r}", ("<r>",), {}), ("{!s}", ("<s>",), {}), ("{!a}", ("党<",), {}),
    ("{:>6}", ("<",), {}), ("{:%Y}", (dt.date(2026, 1, 2),), {}), ("{:d}", (5,), {}),
    ("{:>4}", (Markup("<m>"),), {}), ("{:x}", (HasHtml(),), {}),
    ("{:{}}", ("<a>", ">5"), {}), ("{0.year}", (dt.date(2026, 1, 2),), {}),
    ("{0[k]}", ({"k": "<k>"},), {}),
    ("{}", (), {}), ("{}{}", ("<only one>",), {}), ("{}", ("<a>", "<extra>"), {}),
    ("{", ("<a>",), {}), ("}", (), {}), ("{0}{}", ("<a>", "<b>"), {}),
])
def test_h_falls_back_to_markupsafe_for_anything_else(template: str, args: tuple[Any, ...],
                                                      kwargs: dict[str, Any]) -> None:
    assert outcome(lambda: h(template, *args, **kwargs)) == \
        outcome(lambda: reference(template, *args, **kwargs))


def test_h_keeps_a_template_that_is_markup_or_not_str() -> None:
    for template in (Markup("<p>{}</p>"), SubMarkup("<p>{}</p>"), Sub("<p>{}</p>")):
        assert str(h(template, "<x>")) == str(reference(template, "<x>"))
    assert outcome(lambda: h(HasHtml(), "<x>")) == outcome(lambda: reference(HasHtml(), "<x>"))


@pytest.mark.parametrize("sep", ["", "、", ", ", "<br>", Markup("<hr>")])
def test_join_escapes_every_part_exactly_as_markupsafe(sep: str) -> None:
    for parts in ([], VALUES, [Markup("<a>"), "<b>", 3], (v for v in VALUES)):
        parts = list(parts)
        got = join(parts, sep)
        assert type(got) is Markup
        assert str(got) == str(Markup(sep).join(parts))


def test_table_is_one_h_per_cell_as_before() -> None:
    def old_table(head: Any, rows: Any, cls: str = "") -> Markup:
        thead = join(h("<th>{}</th>", c) for c in head)
        body = join(h("<tr>{}</tr>", join(h("<td>{}</td>", c) for c in row)) for row in rows)
        return h('<div class="md-typeset__scrollwrap" tabindex="0"><div class="md-typeset__table{}">'
                 "<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table></div></div>",
                 f" {cls}" if cls else "", thead, body)

    rows = [VALUES[:5], VALUES[5:12], [], tuple(VALUES[12:20]), VALUES]
    head = ("<h>", Markup("<b>B</b>"), 3)
    for cls in ("", "gk-matrix", '"><script>'):
        assert str(table(head, rows, cls)) == str(old_table(head, rows, cls))
    # rows and head given as iterators, as some renderers do
    assert str(table(iter(head), (iter(r) for r in rows))) == str(old_table(head, rows))
    assert str(table([], [])) == str(old_table([], []))


def site_urls(site: Path) -> list[str]:
    """Every URL of a built site as mkdocs writes it: ``dir/`` for a page, the path otherwise."""
    urls = []
    for path in sorted(site.rglob("*")):
        if path.is_file():
            rel = path.relative_to(site).as_posix()
            if rel == "index.html":
                urls.append("")
            elif rel.endswith("/index.html"):
                urls.append(rel[:-len("index.html")])
            else:
                urls.append(rel)
    return urls


EDGE_URLS = ["", ".", "./", "/", "..", "../", "a", "a/", "a/b/", "a/b.c", "a.b/", "a.b/c/",
             "a/../b/", "/a/b/", "a//b/", "a/./b", "feed.xml", "orgs/x/feed.xml", "orgs/x/",
             "records/org/2026-01-01-x/", "records/org/2026-01-01-x/scan.pdf", "data/all.json",
             "categories/masses/2/", "x/../../y", "#frag", "a/b/#top", "?q=1"]


def test_relative_url_is_mkdocs_on_every_pair_of_a_built_site(public_site) -> None:
    urls = site_urls(public_site.site) + EDGE_URLS
    assert len(urls) > 50
    for url, other in itertools.product(urls, repeat=2):
        assert relative_url(url, other) == get_relative_url(url, other), (url, other)


def hostile_view(hostile_portal: Path, audience: str) -> tuple[SiteView, dict[str, str]]:
    result = check_portal(hostile_portal, dt.date.fromisoformat(AS_OF))
    view = SiteView(result.loaded.portal, audience, result.as_of, result.status,
                    result.report.sorted())
    urls = {record_src(r): f"records/{r}/" for r in view.records}
    urls |= {org_src(o): f"orgs/{o}/" for o in view.orgs}
    for record in view.records.values():
        for name in record.attachments:
            urls[f"records/{record.id}/{name}"] = f"records/{record.id}/{name}"
    return view, urls


@pytest.mark.parametrize("audience", ["public", "party"])
@pytest.mark.parametrize("base", [None, "https://dangwu.example.gov.cn/portal"])
def test_open_data_files_are_the_plain_serialisation(hostile_portal: Path, audience: str,
                                                     base: str | None) -> None:
    view, urls = hostile_view(hostile_portal, audience)
    exporter = Exporter(view, urls, base)
    files = exporter.files()
    assert files
    plain = Exporter(view, urls, base)  # no shared caches
    by_src = {f.src_uri: f for f in files}
    for axis, index in (("category", view.by_category), ("kind", view.by_kind),
                        ("year", view.by_year), ("org", view.by_org)):
        for key, records in index.items():
            folder = {"category": "categories", "kind": "kinds", "year": "years",
                      "org": "orgs"}[axis]
            rows = [plain._row(r) for r in records]
            out = by_src[f"data/{folder}/{key}.json"]
            assert out.content == plain.json_doc(out.title, rows)
            columns = COMMON + (kind_fields(key) if axis == "kind" else ())
            assert by_src[f"data/{folder}/{key}.csv"].content == csv_bytes(columns, rows)
    everything = [plain._row(r) for r in view.newest_first(view.records.values())]
    assert by_src["data/all.json"].content == plain.json_doc(by_src["data/all.json"].title,
                                                             everything)
    assert by_src["data/all.csv"].content == csv_bytes(COMMON, everything)


@pytest.mark.parametrize("line", ["", "BEGIN:VEVENT", "x" * 75, "x" * 76, "公" * 25, "公" * 26,
                                  "SUMMARY:" + "党务公开" * 40, "a" * 74 + "公"])
def test_fold_short_lines_unchanged_long_lines_folded(line: str) -> None:
    folded = fold(line)
    if len(line.encode("utf-8")) <= 75:
        assert folded == line
    else:
        parts = folded.split("\r\n")
        assert len(parts) > 1 and all(len(p.encode("utf-8")) <= 75 for p in parts)
        assert parts[0] + "".join(p[1:] for p in parts[1:]) == line
