"""Realistic search queries for a built site, what each should find, and their evaluation in a
real browser (bench/search_bench.py, tests/test_search_browser.py; handbook/docs/search.md).

What a query should find is read from the built pages, independently of the index: a record
page is expected for a query when its article's text (tags stripped, NFKC, lower case, spaces
removed) contains the query. Query types (issue 13): a word inside a compound (雷锋 in 学雷锋),
a phrase without spaces, an established term, an organization's full name and a part of it, a
year, a person's name (elected, or a notice's subject), an English word, and each record's exact title (the best match
must be in the top 3).
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

COMPOUND_WORDS = ["雷锋", "志愿", "慰问", "廉政", "纪律", "党课", "宣讲", "普法", "调研", "结对",
                  "预算", "社区", "诈骗", "重阳", "决算", "规矩", "学习", "助老", "政策", "财税"]
PHRASES = ["支部党员大会", "组织生活会", "换届选举结果", "党风廉政建设", "志愿服务", "第一季度党课",
           "走访慰问", "年度工作计划", "民主生活会", "结对共建", "深入学习贯彻党的二十大精神",
           "推进党务公开常态化"]
TERMS = ["三会一课", "主题党日", "民主评议", "谈心谈话", "发展对象", "任前公示", "八项规定",
         "四风", "模范机关", "民主集中制", "从严治党", "党务公开"]
YEARS = ["2023年", "2024年", "2025年", "2026年", "2027年", "2028年"]
ORG_SUFFIXES = ("机关党委", "党总支", "党支部", "党委")
ARTICLE = re.compile(r'<article class="gk-(record|org)">(.*?)</article>', re.S)
H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
TAG = re.compile(r"<[^>]+>")


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).lower())


@dataclass
class Page:
    url: str  # site-relative, e.g. records/x/y/
    kind: str  # record or org
    title: str
    text: str  # normalized


@dataclass
class Query:
    type: str
    q: str
    expected: set[str]  # record page URLs
    title: bool = False  # an exact title: the top 3 must hold a page of this title
    org_url: str = ""  # an organization's name: its page must be found (top 3 for a full name)


@dataclass
class Outcome:
    query: Query
    urls: list[str]
    titles: list[str]
    bytes: int = 0
    found: set[str] = field(default_factory=set)

    @property
    def top3(self) -> bool:
        if self.query.title:
            return norm(self.query.q) in {norm(t) for t in self.titles[:3]}
        if self.query.org_url and self.query.type == "org (full name)":
            return self.query.org_url in self.urls[:3]
        return True


def pages(site: Path) -> list[Page]:
    out = []
    for path in sorted(site.glob("*/**/index.html")):
        match = ARTICLE.search(path.read_text(encoding="utf-8"))
        if match is None:
            continue
        title = H1.search(match.group(2))
        text = html.unescape(TAG.sub(" ", match.group(2)))
        out.append(Page(path.parent.relative_to(site).as_posix() + "/", match.group(1),
                        html.unescape(TAG.sub("", title.group(1))) if title else "", norm(text)))
    return out


def person_names(root: Path) -> list[str]:
    """Names of elected office holders and of a notice's subjects in the records (a query
    expects only the pages that show them)."""
    names: set[str] = set()
    for path in sorted((root / "data").rglob("*.yaml")):
        if not any(kind in path.name for kind in ("election", "notice")):
            continue
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError:
            continue
        if not isinstance(doc, dict):
            continue
        elected = doc.get("elected") if isinstance(doc.get("elected"), dict) else {}
        for value in [*elected.values(), doc.get("subjects") or []]:
            for name in value if isinstance(value, list) else [value]:
                if isinstance(name, str):
                    names.add(name)
    return sorted(names)


def queries(site: Path, root: Path, titles: int = 10_000, per_type: int = 12) -> list[Query]:
    """The query set of a built site: every type, each query with at least one expected
    record page; ``titles`` exact-title queries at most (spread over the records)."""
    all_pages = pages(site)
    records = [p for p in all_pages if p.kind == "record"]

    def expect(q: str) -> set[str]:
        n = norm(q)
        return {p.url for p in records if n in p.text}

    out: list[Query] = []

    def add(kind: str, words: list[str], **extra: object) -> None:
        kept = 0
        for word in words:
            found = expect(word)
            if found and kept < per_type:
                out.append(Query(kind, word, found, **extra))  # type: ignore[arg-type]
                kept += 1

    add("word inside a compound", COMPOUND_WORDS)
    add("phrase without spaces", PHRASES)
    add("established term", TERMS)
    add("year", YEARS)
    names = person_names(root)
    add("person's name", names[:: max(1, len(names) // per_type)])
    english = sorted({w for p in records for w in re.findall(r"[a-z]{3,}", p.text)})
    add("English word", english[:: max(1, len(english) // per_type)])
    orgs = [p for p in all_pages if p.kind == "org"]
    for org in orgs[:: max(1, len(orgs) // per_type)][:per_type]:
        out.append(Query("org (full name)", org.title, expect(org.title), org_url=org.url))
        part = _name_part(org.title)
        if part:
            out.append(Query("org (part of name)", part, expect(part), org_url=org.url))
    step = max(1, len(records) // titles)
    for page in records[::step][:titles]:
        out.append(Query("exact title", page.title, expect(page.title), title=True))
    return out


def _name_part(name: str) -> str:
    """An organization's name without its kind (预算处党支部 -> 预算处), or its last part."""
    for suffix in ORG_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)][-6:]
    return ""


def evaluate(run: Callable[[str], tuple[list[str], list[str], int]],
             query_set: list[Query]) -> list[Outcome]:
    """Run each query (``run`` gives the ranked URLs, their titles, bytes fetched)."""
    out = []
    for query in query_set:
        urls, titles, size = run(query.q)
        outcome = Outcome(query, urls, titles, size)
        outcome.found = query.expected & set(urls)
        out.append(outcome)
    return out


def summary(outcomes: list[Outcome]) -> dict[str, dict[str, float]]:
    """Per query type: queries, recall (found / expected pairs), mean recall per query, top-3
    rate, organization page found, bytes per search (median and max)."""
    table: dict[str, dict[str, float]] = {}
    types = sorted({o.query.type for o in outcomes}) + ["all"]
    for kind in types:
        group = [o for o in outcomes if kind in ("all", o.query.type)]
        expected = sum(len(o.query.expected) for o in group)
        found = sum(len(o.found) for o in group)
        sizes = sorted(o.bytes for o in group)
        orgs = [o for o in group if o.query.org_url]
        table[kind] = {
            "queries": len(group),
            "recall": found / expected if expected else 1.0,
            "recall_per_query": sum(len(o.found) / len(o.query.expected) for o in group
                                    if o.query.expected) / max(1, len(group)),
            "top3": sum(o.top3 for o in group) / len(group),
            "org_found": (sum(o.query.org_url in o.urls for o in orgs) / len(orgs)
                          if orgs else 1.0),
            "bytes_median": sizes[len(sizes) // 2],
            "bytes_max": sizes[-1],
        }
    return table


def markdown(table: dict[str, dict[str, float]]) -> str:
    lines = ["| query type | queries | recall | per query | top 3 | org page found | "
             "bytes / search, median | max |", "|---|---|---|---|---|---|---|---|"]
    for kind, row in table.items():
        lines.append(f"| {kind} | {int(row['queries'])} | {row['recall']:.1%} | "
                     f"{row['recall_per_query']:.1%} | {row['top3']:.1%} | "
                     f"{row['org_found']:.1%} | {int(row['bytes_median']):,} | "
                     f"{int(row['bytes_max']):,} |")
    return "\n".join(lines)
