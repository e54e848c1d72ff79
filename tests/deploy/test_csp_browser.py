"""The Content-Security-Policy and other headers of the shipped nginx configs break nothing: Debian's
Chromium opens every kind of page of both built sample sites through nginx (and searches), and
no page reports a CSP violation, a console error or a failed request."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nginxkit
import pytest
from nginxkit import Deployment, Host

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
WORD = "志愿服务"
pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
"""


def first(site: Path, pattern: str) -> str:
    found = sorted(site.glob(pattern))
    assert found, pattern
    return "/" + found[0].parent.relative_to(site).as_posix() + "/"


def page_kinds(site: Path) -> list[str]:
    """One page of each kind the site builds, and a missing one (the 404 page)."""
    second = [first(site, "*/*/2/index.html")] if list(site.glob("*/*/2/index.html")) else []
    return ["/", "/orgs/", first(site, "orgs/*/index.html"), first(site, "records/*/*/index.html"),
            first(site, "kinds/*/index.html"), first(site, "categories/*/index.html"),
            first(site, "years/*/index.html"), *second, "/browse/", "/dashboard/", "/about/",
            "/no-such-page/"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield instance
        instance.close()


def visit(browser: Any, host: Host, credentials: bool) -> list[str]:
    """Problems seen on every kind of page, and while searching from the home page."""
    auth = {"username": nginxkit.USER, "password": nginxkit.PASSWORD} if credentials else None
    context = browser.new_context(ignore_https_errors=True, http_credentials=auth)
    context.add_init_script(WATCH)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console: {m.text}")
            if m.type == "error" and "404" not in m.text else None)
    page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    base = f"https://127.0.0.1:{host.port}"
    for url in page_kinds(host.site):
        page.goto(base + url, wait_until="networkidle")
        problems += [f"{url}: {v}" for v in page.evaluate("window.__violations")]
    page.goto(base + "/", wait_until="networkidle")
    box = page.locator("#gk-search-input")
    box.click()
    box.fill(WORD)
    page.wait_for_selector(".gk-search__list a", timeout=60_000)
    problems += [f"search: {v}" for v in page.evaluate("window.__violations")]
    context.close()
    return problems


@pytest.mark.parametrize("audience", ["public", "party"])
def test_no_csp_violation_on_any_kind_of_page(deployment: Deployment, browser: Any,
                                              audience: str) -> None:
    host: Host = getattr(deployment, audience)
    csp = host.get("/", Authorization=nginxkit.basic_auth())[1]["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert visit(browser, host, credentials=audience == "party") == []
