"""Record ``body`` rendering and escaping (handbook: security.md#markup-injection), one payload at a time.

The validator already rejects raw HTML and unsafe links in ``body``; these tests hold the site's
own defence to the same standard in case a payload gets past it."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from markdown import Markdown

from gongkai.site.html import block, h, markdown_escape, render_body, safe_url


@pytest.mark.parametrize("payload", [
    "<script>alert(1)</script>",
    "a <img src=x onerror=alert(1)> b",
    "<div onclick=alert(1)>\n\nx\n\n</div>",
    "<a href='javascript:alert(1)'>x</a>",
    "<!-- comment --><iframe src=https://evil.example/></iframe>",
    "<svg onload=alert(1)>",
])
def test_raw_html_is_text(payload: str) -> None:
    out = str(render_body(payload))
    assert "<script" not in out and "<img" not in out and "<div" not in out
    assert "<iframe" not in out and "<svg" not in out and "<a href='javascript" not in out
    assert "&lt;" in out


@pytest.mark.parametrize("link", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)",
    "&#106;avascript:alert(1)", "&amp;#106;avascript:alert(1)", "javascript&colon;alert(1)",
    "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)", " javascript:alert(1)",
])
def test_unsafe_links_lose_their_href(link: str) -> None:
    out = str(render_body(f"[x]({link}) ![y]({link})\n\n[z][r]\n\n[r]: {link}"))
    assert "href" not in out and "src" not in out, out


@pytest.mark.parametrize("link,expected", [
    ("https://example.gov.cn/a?b=1&c=2", 'href="https://example.gov.cn/a?b=1&amp;c=2"'),
    ("mailto:office@example.gov.cn", 'href="mailto:office@example.gov.cn"'),
    ("../other/", 'href="../other/"'),
    ("scan.pdf", 'href="scan.pdf"'),
])
def test_safe_links_survive(link: str, expected: str) -> None:
    assert expected in str(render_body(f"[x]({link})"))


def test_images_load_from_this_site_only() -> None:
    out = str(render_body("![local](photo.png) ![remote](https://evil.example/t.png) "
                          "![proto](//evil.example/t.png)"))
    assert '<img alt="local" src="photo.png">' in out and out.count("<img") == 1
    assert '<a href="https://evil.example/t.png">remote</a>' in out  # a link, not a request


def test_attribute_lists_are_text() -> None:
    out = str(render_body("## title {: onclick=\"alert(1)\" }\n\npara\n{: .x onmouseover=y }"))
    attributes = [a for _, attrs in _tags(out) for a in attrs]
    assert attributes == []
    assert out.startswith("<h4>")  # headings move below the page's own h1/h2


def _tags(text: str) -> list[tuple[str, dict[str, str | None]]]:
    found: list[tuple[str, dict[str, str | None]]] = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.append((tag, dict(attrs)))

    Collect().feed(text)
    return found


def test_pipe_in_table_cell() -> None:
    out = str(render_body("| a | b |\n|---|---|\n| c \\| d | e |"))
    assert "<td>c | d</td>" in out


def test_escape_helpers() -> None:
    assert str(h("<p>{}</p>", "<b>&")) == "<p>&lt;b&gt;&amp;</p>"
    escaped = markdown_escape("*a* | [b](c) <i>", Markdown())
    assert escaped == "\\*a\\* \\| \\[b\\]\\(c\\) &lt;i&gt;"
    assert safe_url("java\nscript:x") is None and safe_url("https://a/b") == "https://a/b"


def test_block_has_no_blank_lines() -> None:
    out = block(h("<div>\n\n<p>{}</p>\n\n<pre>a\n\nb</pre></div>", "x"))
    assert "\n\n" not in out and "<pre>a&#10;&#10;b</pre>" in out
