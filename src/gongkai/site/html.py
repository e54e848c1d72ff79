"""Escaping, and the safe rendering of a record's ``body`` Markdown.

Every fragment the site inserts into a page is built here with :class:`markupsafe.Markup`, whose
``format`` escapes every argument that is not itself ``Markup``: record text can only ever be
text. Record ``body`` is Markdown by contract (handbook: data.md#envelope) and is rendered by a
Markdown instance of our own that has no raw HTML, no attribute lists and only http(s), mailto
and relative links (handbook: security.md#markup-injection).
"""

from __future__ import annotations

import html
import re
import string
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from typing import Any

import markdown
from markdown.treeprocessors import Treeprocessor
from markdown.util import AMP_SUBSTITUTE
from markupsafe import Markup, escape

__all__ = ["Markup", "escape", "h", "join", "render_body", "block", "markdown_escape",
           "safe_url"]

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_CONTROL = re.compile(r"[\x00-\x20\x7f]+")
_ALIGN = re.compile(r"text-align: (left|right|center);")
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"},
                      "th": {"style"}, "td": {"style"}, "ol": {"start"},
                      "code": {"class"}}


def h(template: str, *args: Any, **kwargs: Any) -> Markup:
    """``Markup(template).format(...)``: every argument that is not Markup is escaped.

    The same result as ``Markup.format``, faster: a template made only of ``{}`` fields is
    split once into its literal parts, and each argument goes through :func:`_field`, which is
    markupsafe's ``EscapeFormatter.format_field`` for an empty format spec. Anything else
    (named or numbered fields, conversions, format specs, keyword arguments, a wrong number of
    arguments) takes markupsafe's own path."""
    plan = _PLANS.get(template) if type(template) is str else None
    if plan is None:
        plan = _plan(template) if type(template) is str else ()
    if kwargs or len(args) + 1 != len(plan):
        return Markup(template).format(*args, **kwargs)
    if not args:
        return Markup(plan[0])
    out = [plan[0]]
    for value, literal in zip(args, plan[1:], strict=True):
        out.append(value if type(value) is Markup else _field(value))
        out.append(literal)
    return Markup("".join(out))


_PLANS: dict[str, tuple[str, ...]] = {}
_PARSER = string.Formatter()


def _plan(template: str) -> tuple[str, ...]:
    """The literal texts around the fields of a template whose fields are all ``{}``; () when a
    field is anything else (then :func:`h` lets markupsafe format it)."""
    segments = [""]
    try:
        for literal, name, spec, conversion in _PARSER.parse(template):
            segments[-1] += literal
            if name is None:
                continue
            if name != "" or spec != "" or conversion is not None:
                segments = []
                break
            segments.append("")
    except ValueError:  # a malformed template: markupsafe raises the error
        segments = []
    plan = tuple(segments)
    if len(_PLANS) < 4096:  # templates are literals in our code: a few dozen
        _PLANS[template] = plan
    return plan


def _field(value: Any) -> Markup:
    """One ``{}`` field, exactly as markupsafe's ``EscapeFormatter.format_field(value, "")``:
    ``__html_format__`` or ``__html__`` if the value has one, else ``format(value, "")``;
    then :func:`markupsafe.escape`."""
    if type(value) is str:
        return escape(value)
    if hasattr(value, "__html_format__"):
        rv = value.__html_format__("")
    elif hasattr(value, "__html__"):
        rv = value.__html__()
    else:
        rv = format(value, "")
    return escape(rv)


def join(parts: Iterable[Any], sep: str = "") -> Markup:
    """``Markup(sep).join(parts)``: every part that is not Markup is escaped (markupsafe's
    ``escape``, as ``Markup.join`` does); the separator is trusted, as there."""
    return Markup(str.join(Markup(sep),
                           [p if type(p) is Markup else escape(p) for p in parts]))


def block(fragment: Markup) -> str:
    """A fragment as one raw HTML block for Python-Markdown: no blank line inside it, so the
    Markdown around a macro call passes it through whole and never reads Markdown inside it."""
    text = str(fragment).strip()
    text = re.sub(r"<pre\b.*?</pre>", lambda m: m.group(0).replace("\n", "&#10;"), text,
                  flags=re.S)
    return re.sub(r"\n\s*\n", "\n", text)


def markdown_escape(value: Any, md: markdown.Markdown | None = None) -> str:
    """HTML-escape, then backslash-escape every Markdown-significant character and ``|``.

    For the rare place where text must go into Markdown rather than into an HTML fragment."""
    chars = set((md or _BODY).ESCAPED_CHARS) | {"|"}
    text = str(escape(str(value)))
    return "".join("\\" + c if c in chars else c for c in text)


def safe_url(url: str | None) -> str | None:
    """The URL as a browser reads it, if it is http(s), mailto or relative; None otherwise.

    Entities are decoded and control characters dropped first, as a browser does, so that
    ``&#106;avascript:`` or ``java\tscript:`` are seen for what they are."""
    if url is None:
        return None
    decoded = _decode(url.replace(AMP_SUBSTITUTE, "&"))
    if decoded is None:
        return None
    head = re.split(r"[/?#\\]", decoded, maxsplit=1)[0]
    if ":" in head and head.split(":", 1)[0].lower() not in SAFE_SCHEMES:
        return None
    return decoded


def _decode(text: str) -> str | None:
    """Decode entities until none are left (Python-Markdown's serialiser keeps ``&#106;`` as it
    is, so the browser would decode it once more), then drop control characters."""
    for _ in range(8):
        decoded = html.unescape(text)
        if decoded == text:
            return _CONTROL.sub("", decoded)
        text = decoded
    return None


class _Sanitize(Treeprocessor):
    """Last step before serialisation: drop unsafe URLs and every attribute not listed."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for index, el in enumerate(list(parent)):
                if el.tag == "img" and not _is_relative(el.get("src")):
                    parent[index] = _image_as_link(el)
        for el in root.iter():
            allowed = ALLOWED_ATTRIBUTES.get(str(el.tag), set())
            for name in list(el.attrib):
                value = el.attrib[name]
                if name not in allowed:
                    del el.attrib[name]
                elif name in ("href", "src"):
                    url = safe_url(value)
                    if url is None:
                        del el.attrib[name]
                    else:  # what the browser will read is exactly what was checked
                        el.attrib[name] = url
                elif name == "style" and not _ALIGN.fullmatch(value):
                    del el.attrib[name]
                elif name == "class" and not value.startswith("language-"):
                    del el.attrib[name]
            if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                el.tag = f"h{min(int(str(el.tag)[1]) + 2, 6)}"  # below the page's own h1/h2


def _is_relative(url: str | None) -> bool:
    """Images load from this site only: an image from another host is an external request."""
    decoded = safe_url(url)
    if decoded is None:
        return False
    head = re.split(r"[/?#\\]", decoded, maxsplit=1)[0]
    return ":" not in head and not re.match(r"[/\\]{2}", decoded)


def _image_as_link(img: ET.Element) -> ET.Element:
    link = ET.Element("a")
    src = safe_url(img.get("src"))
    if src is not None:
        link.set("href", src)
    link.text = img.get("alt") or img.get("title") or src or ""
    link.tail = img.tail
    return link


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists", "fenced_code"],
                           output_format="html")
    for name in ("html_block",):
        md.preprocessors.deregister(name)
    for name in ("html", "automail"):
        md.inlinePatterns.deregister(name)
    md.treeprocessors.register(_Sanitize(md), "gongkai_sanitize", 1)
    return md


_BODY = _markdown()
_REMEMBERED: dict[str, str] | None = None  # bodies already converted, in a serve session


def render_body(text: str) -> Markup:
    """Record ``body`` Markdown as HTML: raw HTML shows as text, only safe links survive."""
    if _REMEMBERED is not None and text in _REMEMBERED:
        return Markup(_REMEMBERED[text])
    _BODY.reset()
    converted = _BODY.convert(text)
    if _REMEMBERED is not None:
        _REMEMBERED[text] = converted
    return Markup(converted)


def remember_bodies(on: bool) -> None:
    """In a serve session every page is rendered again after each edit (to find the changed
    ones) while bodies rarely change: keep each body's HTML (a function of its text only)."""
    global _REMEMBERED
    _REMEMBERED = {} if on else None
