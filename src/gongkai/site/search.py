"""Search for Chinese readers: a character-bigram index in small files, fetched by the reader's
browser only for the words it searches (handbook/docs/search.md).

What a page shows is what is indexed: the text of its rendered content (title, summary, body,
structured fields, elected names, a notice's subjects while the page shows them), minus the
parts marked ``data-search-exclude`` (an organization's list of records and scorecard).
Chinese text is cut into overlapping pairs of characters (学雷锋 -> 学雷 雷锋), as
Elasticsearch's ``cjk_bigram`` does, so every word inside a longer one is found; letters and
digits make words (2025, pdf). The reader's query is cut the same way (assets/javascripts/
gk-search.js) and a page matches when it holds every pair and word of the query.

Files, under ``search/`` of the site:

- ``index.json``: counts and the index's shape (how many token files, documents per file);
- ``t/<n>.json``: the postings of the tokens whose hash is ``n``: token -> the pages holding
  it and the token's weight in each, as text (``encode``);
- ``d/<n>.json``: documents ``n*chunk`` to ``n*chunk+chunk-1``: [url, title, meta line, summary].
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from gongkai import wording

INDEX_VERSION = 1
CHUNK = 20  # documents per d/ file: a page of ten results reads at most ten of them
BUCKET_BYTES = 8_000  # target size of a t/ file
# the digits of the postings: printable ASCII that JSON and _json() leave as they are
DIGITS = "".join(c for c in map(chr, range(0x23, 0x7F)) if c not in "\\<>&")[:88]
MAX_TITLE = 77  # distinct title tokens told apart: 10 + 77 is the last digit
MAX_BUCKETS = 4096
SNIPPET = 80  # characters of a summary shown under a result

# Han characters (CJK Unified Ideographs, extension A, compatibility); the client uses the
# same ranges (gk-search.js)
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
TOKEN = re.compile(f"[{CJK}]+|[a-z0-9]+")
SPACE = re.compile(r"\s+")

# inline elements: text on either side of them is one run (no word boundary); any other tag
# separates words
INLINE_TAG = re.compile(r"</?(?:a|abbr|b|code|em|i|mark|small|span|strong|sub|sup|time|u)\b[^>]*>")
ANY_TAG = re.compile(r"<[^>]*>")
SKIPPED = re.compile(r"<(script|style|template|svg)\b.*?</\1>", re.S | re.I)
EXCLUDE = re.compile(r"<([a-z][a-z0-9]*)\b[^>]*\sdata-search-exclude\b[^>]*>")
META = re.compile(r'<(p|div) class="gk-meta">(.*?)</\1>', re.S)
SUMMARY = re.compile(r'<(p|div) class="gk-summary">(.*?)</\1>', re.S)

UI = ("label", "placeholder", "loading", "none", "count", "partial", "more", "short", "failed",
      "hint")  # the search box's sentences: ``search.<key>`` in the catalogue's site.yaml


def ui_text(lang: str) -> dict[str, str]:
    """The search box's sentences in the site language (written into every page)."""
    return {key: wording.template(f"search.{key}", lang) for key in UI}


@dataclass(frozen=True)
class Doc:
    url: str  # site-relative, e.g. records/budget-branch/2025-04-09-x/
    title: str
    meta: str  # the page's meta line: organization, date
    summary: str
    text: str  # everything indexed, title included


# -- reading a page ----------------------------------------------------------------------------
def read_page(url: str, title: str, content: str) -> Doc:
    """The searchable text of a page from its rendered content (the HTML a reader sees), minus
    the elements marked ``data-search-exclude``. Regular expressions rather than an HTML
    parser: the content is the site's own well-formed HTML, and this runs for every page."""
    content = _without_excluded(SKIPPED.sub(" ", content))
    text = _text(content)
    if title not in text:
        text = f"{title} {text}"
    meta, summary = META.search(content), SUMMARY.search(content)
    brief = _text(summary.group(2)) if summary else ""
    if len(brief) > SNIPPET:
        brief = brief[:SNIPPET] + "…"
    return Doc(url, title, _text(meta.group(2)) if meta else "", brief, text)


def _text(fragment: str) -> str:
    return squeeze(html.unescape(ANY_TAG.sub(" ", INLINE_TAG.sub("", fragment))))


def _without_excluded(content: str) -> str:
    """``content`` without each element marked ``data-search-exclude`` (nesting counted)."""
    while (start := EXCLUDE.search(content)) is not None:
        tag, depth, end = start.group(1), 0, len(content)
        for match in re.finditer(rf"<(/?){tag}\b[^>]*>", content[start.start():]):
            depth += -1 if match.group(1) else 1
            if depth == 0:
                end = start.start() + match.end()
                break
        content = content[:start.start()] + " " + content[end:]
    return content


def squeeze(text: str) -> str:
    return SPACE.sub(" ", text).strip()


# -- tokens ------------------------------------------------------------------------------------
def normalize(text: str) -> str:
    """Full-width letters and digits to ASCII, lower case (the client does the same)."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """Words of letters or digits, and overlapping pairs of Han characters (a lone Han
    character, like 年 in 2025年, is no token: the client drops it from queries too)."""
    out: list[str] = []
    for match in TOKEN.finditer(normalize(text)):
        run = match.group()
        if run[0] <= "z":
            out.append(run)
        else:
            out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def bucket(token: str, buckets: int) -> int:
    """FNV-1a over the token's UTF-16 code units (what JavaScript strings are made of)."""
    value = 0x811C9DC5
    data = token.encode("utf-16-le")
    for i in range(0, len(data), 2):
        value ^= data[i] | data[i + 1] << 8
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value % buckets


def weights(doc: Doc) -> dict[str, int]:
    """A token's weight in a page, one digit of ``DIGITS``: 10 + the number of distinct tokens
    of the title for a token of the title (the client ranks a shorter title higher and knows
    an exact title without reading it), else how often it occurs, up to 9."""
    title = set(tokens(doc.title))
    out = {token: min(n, 9) for token, n in Counter(tokens(doc.text)).items()}
    for token in title:
        out[token] = 10 + min(len(title), MAX_TITLE)
    return out


def encode(numbers: list[tuple[int, int]]) -> str:
    """(document number minus the previous one, weight) pairs as text: the difference in
    base 44 (digits ``DIGITS[:44]`` end a number, ``DIGITS[44:]`` continue it, high first),
    then the weight as one digit."""
    out = []
    for delta, weight in numbers:
        digits = [DIGITS[delta % 44]]
        delta //= 44
        while delta:
            digits.append(DIGITS[44 + delta % 44])
            delta //= 44
        out.append("".join(reversed(digits)) + DIGITS[weight])
    return "".join(out)


# -- the files ---------------------------------------------------------------------------------
def build(docs: list[Doc], lang: str) -> dict[str, str]:
    """The index files (path under search/ -> JSON text) for these pages, in this order."""
    postings: dict[str, list[tuple[int, int]]] = {}
    last: dict[str, int] = {}
    for number, doc in enumerate(docs):
        for token, weight in sorted(weights(doc).items()):
            postings.setdefault(token, []).append((number - last.get(token, 0), weight))
            last[token] = number
    size = sum(len(token) * 3 + 6 + 2.2 * len(p) for token, p in postings.items())
    buckets = max(1, min(MAX_BUCKETS, math.ceil(size / BUCKET_BYTES)))
    grouped: dict[int, dict[str, str]] = {n: {} for n in range(buckets)}
    for token in sorted(postings):
        grouped[bucket(token, buckets)][token] = encode(postings[token])
    files = {f"t/{n}.json": _json(group) for n, group in grouped.items()}
    for start in range(0, len(docs), CHUNK):
        rows = [[d.url, d.title, d.meta, d.summary] for d in docs[start:start + CHUNK]]
        files[f"d/{start // CHUNK}.json"] = _json(rows)
    files["index.json"] = _json({"version": INDEX_VERSION, "lang": lang, "docs": len(docs),
                                 "buckets": buckets, "chunk": CHUNK})
    return files


def _json(value: object) -> str:
    """Compact UTF-8 JSON; <, > and & escaped, so that no file reads as markup even when a
    server labels it HTML (the client puts every value in the page as text anyway)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


class Collector:
    """The pages of a build (or, in a serve session, of the builds so far) to index."""

    def __init__(self) -> None:
        self.docs: dict[str, Doc] = {}  # src_uri -> the page as last rendered
        self.current: set[str] = set()  # src_uris of this build's pages

    def plan(self, src_uris: set[str]) -> None:
        self.current = src_uris

    def page(self, src_uri: str, url: str, title: str, content: str, searchable: bool) -> None:
        if searchable:
            self.docs[src_uri] = read_page(url, title, content)
        else:
            self.docs.pop(src_uri, None)

    def write(self, site_dir: Path, lang: str) -> None:
        """Replace the index files under ``search/`` of the site."""
        self.docs = {k: v for k, v in self.docs.items() if k in self.current}
        docs = sorted(self.docs.values(), key=lambda d: d.url)
        folder = site_dir / "search"
        for sub in ("t", "d"):
            if (folder / sub).is_dir():
                shutil.rmtree(folder / sub)
        for name, text in build(docs, lang).items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
