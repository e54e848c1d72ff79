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
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
AS_OF = "2026-11-25"
# A word from the middle of a public record title of the sample portal.
TITLE = "关于修订机关党员志愿服务积分管理办法的决定"
WORD = "志愿服务"

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
    yield f"http://127.0.0.1:{server.server_address[1]}"
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


def test_chinese_search_finds_a_word_from_the_middle_of_a_title(page: Watched, base_url: str) -> None:
    page.page.goto(base_url + "/")
    box = page.page.locator("input.md-search__input")
    box.click()
    box.fill(WORD)
    box.press("End")  # material searches on keyup
    page.page.wait_for_selector(".md-search-result__item", timeout=30_000)
    results = page.page.locator(".md-search-result__item")
    texts = [results.nth(i).inner_text().replace("\u200b", "") for i in range(results.count())]
    assert any(TITLE in text for text in texts), texts
    page.assert_clean()


def test_search_result_opens_the_record_page(page: Watched, base_url: str) -> None:
    page.page.goto(base_url + "/")
    box = page.page.locator("input.md-search__input")
    box.click()
    box.fill(WORD)
    box.press("End")
    page.page.wait_for_selector(".md-search-result__item", timeout=30_000)
    link = page.page.locator(".md-search-result__link", has_text=WORD[:2]).filter(
        has=page.page.locator("h1")).first
    link.click()
    page.page.wait_for_load_state("networkidle")
    assert "/records/" in page.page.url
    page.assert_clean()


@pytest.mark.parametrize("path", ["/orgs/", "/dashboard/", "/about/"])
def test_main_pages_render_without_errors(page: Watched, base_url: str, path: str) -> None:
    page.page.goto(base_url + path)
    page.page.wait_for_load_state("networkidle")
    assert page.page.locator("article h1").count() >= 1
    page.assert_clean()
