"""Mobile layout and accessibility of every page type, in Debian's Chromium at 1280 and 390 px
(handbook/docs/site.md, 手机、无障碍与打印): no page wider than a phone, no serious or
critical axe-core finding under WCAG 2.1 AA, a skip link first, no focus off screen or unseen.

axe-core comes from the PyPI package ``axe-playwright-python`` (the test extra), which ships
axe-core's ``axe.min.js`` (MPL 2.0); nothing is fetched from the network at test time."""

from __future__ import annotations

import importlib.resources
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser_kit import DESKTOP, MOBILE, PAGES, build, chromium, served

pytestmark = pytest.mark.browser
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa"]


@pytest.fixture(scope="module")
def urls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    base = tmp_path_factory.mktemp("layout")
    public, party = build(base / "public", "public"), build(base / "party", "party")
    with served(public) as pub_url, served(party) as party_url:
        yield {"public": pub_url, "party": party_url}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as instance:
        yield instance


def open_page(browser: Any, viewport: dict[str, int], url: str) -> Any:
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def axe_script() -> str:
    path = importlib.resources.files("axe_playwright_python") / "axe.min.js"
    return Path(str(path)).read_text(encoding="utf-8")


def serious(page: Any) -> list[tuple[str, str, list[Any]]]:
    page.evaluate(axe_script())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})", AXE_TAGS)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_page_fits_a_phone_and_axe_finds_nothing_serious(browser: Any, urls: dict[str, str],
                                                          name: str) -> None:
    audience, path = PAGES[name]
    for viewport in (MOBILE, DESKTOP):
        page = open_page(browser, viewport, urls[audience] + path)
        try:
            if viewport is MOBILE:
                width = page.evaluate("document.documentElement.scrollWidth")
                assert width <= MOBILE["width"], (name, width)
            assert serious(page) == [], (name, viewport["width"])
        finally:
            page.context.close()


FOCUSED = """() => {
  const e = document.activeElement; const r = e.getBoundingClientRect();
  const s = getComputedStyle(e);
  return {tag: e.tagName, text: (e.innerText || e.getAttribute('aria-label') || '').slice(0, 30),
          left: r.left, right: r.right, top: r.top, bottom: r.bottom,
          width: r.width, height: r.height, outline: s.outlineStyle, outlineWidth: s.outlineWidth,
          visible: s.visibility};
}"""


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["desktop", "mobile"])
def test_every_tab_stop_is_on_screen_and_shows_its_focus(browser: Any, urls: dict[str, str],
                                                         viewport: dict[str, int]) -> None:
    page = open_page(browser, viewport, urls["public"] + PAGES["plan"][1])
    try:
        page.keyboard.press("Tab")
        first = page.evaluate(FOCUSED)
        assert first["text"].strip() == "跳到正文", first  # the skip link comes first
        assert 0 <= first["top"] and first["bottom"] <= viewport["height"], first
        for _ in range(30):
            page.keyboard.press("Tab")
            page.wait_for_timeout(30)
            stop = page.evaluate(FOCUSED)
            if stop["tag"] == "BODY":
                break
            on_screen = (stop["right"] > 0 and stop["left"] < viewport["width"]
                         and stop["width"] > 0 and stop["height"] > 0)
            assert on_screen and stop["visible"] == "visible", stop
            assert stop["outline"] != "none" and stop["outlineWidth"] != "0px", stop
    finally:
        page.context.close()


def test_skip_link_moves_to_the_content(browser: Any, urls: dict[str, str]) -> None:
    page = open_page(browser, MOBILE, urls["public"] + PAGES["plan"][1])
    try:
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "gk-content"
        page.keyboard.press("Tab")
        inside = page.evaluate("!!document.activeElement.closest('article')")
        assert inside
    finally:
        page.context.close()
