"""Personal data, classification markings and unsafe Markdown in record text
(handbook: data.md#personal-data).

A finding names the field and line and never echoes the value it found.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from gongkai.core.findings import Finding, Path
from gongkai.load.loader import Loaded
from gongkai.wording import Text, words

MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[0-9Xx](?![0-9A-Za-z])")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})")
_LONG_DIGITS = re.compile(r"\d{11}")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,}).*?^\1\2[`~]*[ \t]*$", re.M | re.S)
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*|[^\s<>@]+@[^\s<>@]+)>")
_HTML = re.compile(r"<(?:!--|[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|/[A-Za-z][A-Za-z0-9-]*\s*>|\?|!\[CDATA\[)")
_INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto"}


def valid_resident_id(text: str) -> bool:
    total = sum(int(d) * w for d, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == text[17].upper()


def strings(value: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """Every text value in a document, with its field path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings(item, (*path, index))


def may_carry_personal_data(raw_text: str, markings: list[str],
                            phrases: list[str] | None = None) -> bool:
    """A cheap pass over the whole file: can any field hold an ID, a mobile, an e-mail address or
    a marking? Escapes (``\\u0031``) can hide digits from the raw text, so they always say yes."""
    if "@" in raw_text or "\\" in raw_text or _LONG_DIGITS.search(raw_text):
        return True
    return any(mark and mark in raw_text for mark in [*markings, *(phrases or [])])


def scan_personal_data(doc: dict[str, Any], loaded: Loaded, file: str, office_domains: list[str],
                       markings: list[str], phrases: list[str] | None = None) -> Iterator[Finding]:
    domains = tuple(d.lower() for d in office_domains)
    for path, text in strings(doc):
        what = _personal_data(text, domains)
        if what:
            yield loaded.finding("schema/personal-data", file, path, what=what)
        if is_marked(text, markings, phrases or []):
            yield loaded.finding("schema/banned-marking", file, path)


_OPEN, _CLOSE = "【（(［[〔〖<《", "】）)］]〕〗>》"
_STAR = "★☆"


def is_marked(text: str, markings: list[str], phrases: list[str]) -> bool:
    """A classification marking as the handbook defines it (data.md, personal data and markings): a marking
    word followed by ★ or ☆ (秘密★1年, 机密★), in brackets (【内部】, （内部资料）, [涉密]),
    standing alone as a line or field, or opening a field followed by a space, colon or ★;
    or a phrase of ``banned_phrases`` anywhere. Words that contain one are not markings:
    内部审计, 党内部监督, 保守党的秘密, 机密文件管理培训."""
    if any(phrase and phrase in text for phrase in phrases):
        return True
    marks = [mark for mark in markings if mark and mark in text]
    if not marks:
        return False
    lines = [line.strip(" \t\u3000") for line in text.splitlines()] or [text.strip()]
    for mark in marks:
        if re.search(re.escape(mark) + r"\s*[.．]?\s*[" + _STAR + "]", text):
            return True
        if mark in lines or _bracketed(text, mark, phrases):
            return True
        if any(line.startswith(mark) and line[len(mark):len(mark) + 1] in (" ", "\u3000", ":", "：",
                                                                       *_STAR)
               for line in lines[:1]):
            return True
    return False


def _bracketed(text: str, mark: str, phrases: list[str]) -> bool:
    """``mark`` alone in brackets, or opening a bracketed marking (（内部资料）, 【机密★】)."""
    pattern = "[" + re.escape(_OPEN) + r"]\s*(" + re.escape(mark) + r"[^" + re.escape(_CLOSE) + \
        r"]{0,8}?)\s*[" + re.escape(_CLOSE) + "]"
    for match in re.finditer(pattern, text):
        inside = match.group(1)
        rest = inside[len(mark):]
        if not rest or rest[0] in _STAR or inside in phrases or rest in ("资料", "文件", "使用",
                                                                       "传阅", "★"):
            return True
    return False


def _personal_data(text: str, domains: tuple[str, ...]) -> Text | None:
    if any(valid_resident_id(m.group()) for m in RESIDENT_ID.finditer(text)):
        return words("personal.resident-id")
    if MOBILE.search(text):
        return words("personal.mobile")
    for match in EMAIL.finditer(text):
        domain = match.group(1).lower()
        if not any(domain == d or domain.endswith("." + d) for d in domains):
            return words("personal.email")
    return None


def scan_markdown(doc: dict[str, Any], loaded: Loaded, file: str) -> Iterator[Finding]:
    """``body`` is Markdown without raw HTML, with links only to http(s), mailto or relative."""
    body = doc.get("body")
    if not isinstance(body, str):
        return
    prose = _CODE_SPAN.sub("", _FENCE.sub("", body))
    without_autolinks = _AUTOLINK.sub("", prose)
    if _HTML.search(without_autolinks):
        yield loaded.finding("schema/raw-html", file, ("body",))
    urls = [m.group(1) for m in _AUTOLINK.finditer(prose) if "@" not in m.group(1) or ":" in m.group(1)]
    urls += _INLINE_LINK.findall(prose) + _REF_DEF.findall(prose)
    if any(not safe_url(u) for u in urls):
        yield loaded.finding("schema/unsafe-link", file, ("body",))


def safe_url(url: str) -> bool:
    """http(s), mailto or a relative link; entity and control-character tricks do not help."""
    cleaned = "".join(ch for ch in html.unescape(url) if ch > " " and ch != "\x7f")
    scheme = _SCHEME.match(cleaned)
    if scheme is None:
        return True
    before_slash = cleaned.split("/", 1)[0]
    if ":" not in before_slash:
        return True
    return scheme.group(1).lower() in _SAFE_SCHEMES
