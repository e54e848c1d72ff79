"""Search benchmark (issue 13, item 1; handbook/docs/search.md).

    python bench/search_bench.py --site SITE --root PORTAL [--titles 200] [--json FILE]

serves a built site on 127.0.0.1, runs the query set of bench/search_eval.py in Debian's
Chromium through the site's own search client (``window.gongkaiSearch``), each query in a fresh
browser context (an empty cache: the bytes are those of one search), and prints recall per
query type, the top-3 rate of exact titles, bytes transferred per search, and the index build
time (reading every indexed page's content and writing the index, as the plugin does).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import re
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import search_eval  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
CONTENT = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>\s*</div>',
                     re.S)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Runner:
    """Runs one query in a browser page of the site: types it into the search box (the bytes
    fetched until the first results are shown are the search's), then asks the client for all
    its results (for recall). ``fresh`` gives each query an empty cache."""

    def __init__(self, browser: Any, base_url: str, fresh: bool = True) -> None:
        self.browser, self.base_url, self.fresh = browser, base_url, fresh
        self.context: Any = None
        self.page: Any = None
        self.requests: list[Any] = []

    def _open(self) -> None:
        if self.context is not None:
            self.context.close()
        self.context = self.browser.new_context(locale="zh-CN")
        self.page = self.context.new_page()
        self.page.on("requestfinished", lambda r: self.requests.append(r))
        self.page.goto(self.base_url + "about/")
        if type(self) is Runner:
            self.page.wait_for_function("window.gongkaiSearch !== undefined")

    def __call__(self, q: str) -> tuple[list[str], list[str], int]:
        if self.fresh or self.page is None:
            self._open()
        self.requests.clear()
        self.page.fill("#gk-search-input", q)  # what a reader does: results on the screen
        self.page.wait_for_selector("#gk-search[data-state=done]")
        size = sum(r.sizes()["responseBodySize"] for r in self.requests if "/search/" in r.url)
        result = self.page.evaluate("q => window.gongkaiSearch.urls(q)", q)  # every result
        return result["urls"], result["titles"], size

    def close(self) -> None:
        if self.context is not None:
            self.context.close()


class PagefindRunner(Runner):
    """The same queries through Pagefind's own API (a site indexed with ``pagefind``): bytes
    of one search and the data of its first ten results; then every result's data."""

    def __call__(self, q: str) -> tuple[list[str], list[str], int]:
        if self.fresh or self.page is None:
            self._open()
        self.requests.clear()
        self.page.evaluate(PAGEFIND_FIRST, q)
        size = sum(r.sizes()["responseBodySize"] for r in self.requests if "/pagefind/" in r.url)
        rows = self.page.evaluate(PAGEFIND_ALL, q)
        return [r[0].lstrip("/") for r in rows], [r[1] for r in rows], size


PAGEFIND_FIRST = """async q => {
  window.pf = window.pf || await import("/pagefind/pagefind.js");
  const found = await window.pf.search(q);
  await Promise.all(found.results.slice(0, 10).map(r => r.data()));
}"""
PAGEFIND_ALL = """async q => {
  const found = await window.pf.search(q);
  const data = await Promise.all(found.results.map(r => r.data()));
  return data.map(d => [d.url, d.meta.title || ""]);
}"""


def index_build_seconds(site: Path, lang: str = "zh") -> tuple[float, int, int]:
    """Seconds to read every indexed page's content and make the index files; their count
    and total bytes."""
    from gongkai.site import search

    started = time.perf_counter()
    docs = []
    for page in search_eval.pages(site):
        text = (site / page.url / "index.html").read_text(encoding="utf-8")
        match = CONTENT.search(text)
        docs.append(search.read_page(page.url, page.title, match.group(1) if match else ""))
    files = search.build(sorted(docs, key=lambda d: d.url), lang)
    seconds = time.perf_counter() - started
    return seconds, len(files), sum(len(t.encode("utf-8")) for t in files.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--root", type=Path, required=True, help="the portal (for data/)")
    parser.add_argument("--titles", type=int, default=200, help="exact-title queries at most")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--engine", choices=("gongkai", "pagefind"), default="gongkai",
                        help="pagefind: a copy of the site indexed by `python -m pagefind`")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    query_set = search_eval.queries(args.site, args.root, titles=args.titles)
    with serve(args.site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        runner = (PagefindRunner if args.engine == "pagefind" else Runner)(browser, base)
        outcomes = search_eval.evaluate(runner, query_set)
        runner.close()
        browser.close()
    table = search_eval.summary(outcomes)
    seconds, count, size = index_build_seconds(args.site) if args.engine == "gongkai" else (
        0.0, 0, 0)
    print(search_eval.markdown(table))
    print(f"\nindex: {count} files, {size:,} bytes, built in {seconds:.2f} s")
    misses = [(o.query.type, o.query.q, sorted(o.query.expected - o.found)[:3])
              for o in outcomes if o.found != o.query.expected or not o.top3]
    for miss in misses[:30]:
        print("miss:", *miss)
    if args.json:
        args.json.write_text(json.dumps({"table": table, "index_files": count,
                                         "index_bytes": size, "index_seconds": seconds},
                                        ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
