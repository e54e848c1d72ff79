"""Real-browser tests: Debian's Chromium, driven by Playwright, against the sample portal built
with ``gongkai build`` and served over http on 127.0.0.1. No external request may leave a page."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "bench"))
import search_bench  # noqa: E402
import search_eval  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF = "2026-11-25"
# A word from the middle of a public record title of the sample portal.
TITLE = "关于修订机关党员志愿服务积分管理办法的决定"
WORD = "志愿服务"

SITE_OF: dict[str, Path] = {}  # base URL -> the built site it serves
pytestmark = pytest.mark.browser  # `make test` installs Debian's chromium first (`make deps`)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser") / "site"
    subprocess.run([sys.executable, "-m", "gongkai.cli", "--root", str(ROOT), "build",
                    "--site-dir", str(site), "--as-of", AS_OF], check=True, capture_output=True)
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    SITE_OF[url] = site
    yield url
    server.shutdown()
    server.server_close()
    shutil.rmtree(site, ignore_errors=True)


class Watched:
    """A page whose console errors, failed requests and non-local requests are recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.failed: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("requestfailed", lambda r: self.failed.append(r.url))
        self.requested: list[str] = []
        page.on("request", lambda r: self.requested.append(r.url))
        page.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                else self.external.append(r.url))

    def assert_clean(self) -> None:
        assert self.errors == [] and self.failed == [] and self.external == [], (
            self.errors, self.failed, self.external)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield Watched(context.new_page())
    context.close()


def test_home_page_loads_offline(page: Watched, base_url: str) -> None:
    page.page.goto(base_url + "/")
    assert page.page.title().startswith("市财政局机关党务公开")
    assert page.page.locator("h1").first.inner_text() == "市财政局机关党务公开"
    page.page.wait_for_load_state("networkidle")
    page.assert_clean()


def search_requests(page: Watched) -> list[str]:
    return [r for r in page.requested if "/search/" in r]


def type_query(page: Watched, query: str) -> Any:
    box = page.page.locator("#gk-search-input")
    box.click()
    box.fill(query)
    page.page.wait_for_selector("#gk-search[data-state=done]", timeout=30_000)
    return page.page.locator(".gk-search__list a")


def test_no_search_index_before_the_reader_focuses_the_box(page: Watched, base_url: str) -> None:
    page.page.goto(base_url + "/")
    page.page.wait_for_load_state("networkidle")
    page.page.mouse.wheel(0, 600)
    page.page.keyboard.press("Tab")  # the first Tab stops before the search box
    page.page.wait_for_timeout(300)
    assert search_requests(page) == []
    page.page.locator("#gk-search-input").focus()
    page.page.wait_for_load_state("networkidle")
    assert search_requests(page) == [base_url + "/search/index.json"]  # only the shape
    page.assert_clean()


def test_chinese_search_finds_a_word_from_the_middle_of_a_title(page: Watched, base_url: str) -> None:
    page.page.goto(base_url + "/")
    results = type_query(page, WORD)
    assert results.count() == 10  # ten at a time
    more = page.page.locator(".gk-search__more")
    while more.is_visible():
        shown = results.count()
        more.click()
        page.page.wait_for_function(f"document.querySelectorAll('.gk-search__list a').length > {shown}")
    texts = [results.nth(i).inner_text() for i in range(results.count())]
    assert any(TITLE in text for text in texts), texts
    status = page.page.locator(".gk-search__status").inner_text()
    assert status == f"找到 {len(texts)} 条结果"
    page.assert_clean()


def test_the_404_pages_search_link_opens_the_search(page: Watched, base_url: str) -> None:
    page.page.goto(base_url + "/404.html", wait_until="networkidle")
    href = page.page.locator(".gk-404 a").nth(1).get_attribute("href")
    assert href is not None and href.endswith("?q=")
    page.page.goto(base_url + "/?q=" + WORD)
    page.page.wait_for_selector("#gk-search[data-state=done]", timeout=30_000)
    assert page.page.evaluate("document.activeElement.id") == "gk-search-input"
    assert page.page.locator(".gk-search__list a").count() > 0
    page.assert_clean()


def test_search_by_keyboard_opens_the_record_page(page: Watched, base_url: str) -> None:
    page.page.goto(base_url + "/about/")
    page.page.keyboard.press("/")  # the shortcut puts the cursor in the search box
    assert page.page.evaluate("document.activeElement.id") == "gk-search-input"
    page.page.keyboard.type(TITLE)
    page.page.wait_for_selector("#gk-search[data-state=done]", timeout=30_000)
    page.page.keyboard.press("ArrowDown")
    focused = page.page.evaluate("document.activeElement.textContent")
    assert focused.startswith(TITLE)  # an exact title comes first
    page.page.keyboard.press("Escape")
    assert page.page.locator("#gk-search-panel").is_hidden()
    page.page.keyboard.press("ArrowDown")
    assert page.page.evaluate("document.activeElement.textContent").startswith(TITLE)
    with page.page.expect_navigation():
        page.page.keyboard.press("Enter")
    assert "/records/finance-committee/2025-05-20-volunteer-points/" in page.page.url
    page.assert_clean()


def test_search_recall_and_top3_on_the_sample(browser: Any, base_url: str) -> None:
    """At least 20 realistic queries of every type (bench/search_eval.py): every type finds
    at least 95% of the record pages holding the query, an exact title is in the top 3."""
    query_set = search_eval.queries(SITE_OF[base_url], ROOT, titles=30, per_type=4)
    assert len(query_set) >= 20
    runner = search_bench.Runner(browser, base_url + "/", fresh=False)
    try:
        table = search_eval.summary(search_eval.evaluate(runner, query_set))
    finally:
        runner.close()
    assert len(table) >= 10, table  # nine query types and "all"
    for kind, row in table.items():
        assert row["recall"] >= 0.95 and row["top3"] >= 0.95, (kind, row)
        assert row["org_found"] == 1.0, (kind, row)
        assert row["bytes_max"] < 1_000_000, (kind, row)


@pytest.mark.parametrize("path", ["/orgs/", "/dashboard/", "/about/"])
def test_main_pages_render_without_errors(page: Watched, base_url: str, path: str) -> None:
    page.page.goto(base_url + path)
    page.page.wait_for_load_state("networkidle")
    assert page.page.locator("article h1").count() >= 1
    page.assert_clean()
