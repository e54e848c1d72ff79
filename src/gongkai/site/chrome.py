"""What a government site shows around every page: the footer from site.yaml ``footer`` and
the 404 page (handbook/docs/site.md, "读者看到什么 What readers see").

Each value is escaped here with :func:`h`; the theme prints the fragments as they are
(``site/theme/partials/copyright.html``, ``site/theme/404.html``). Contacts become plain
``tel:`` and ``mailto:`` links, built only from what is a phone number or an e-mail address.
"""

from __future__ import annotations

import re
from typing import Any

from gongkai.site.html import Markup, h, join
from gongkai.site.i18n import t

# the footer's lines, in the order government sites print them
FOOTER_FIELDS = ("host", "address", "phone", "email", "copyright", "icp", "police", "site_code")
ICP_URL = "https://beian.miit.gov.cn/"
POLICE_URL = "https://beian.mps.gov.cn/"
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}\Z")
_PHONE = re.compile(r"[0-9()（）+ -]{3,40}\Z")


def tel(phone: str) -> Markup:
    """A phone number as a ``tel:`` link (digits and + only in the address), or as text."""
    digits = re.sub(r"[^0-9+]", "", phone)
    if not _PHONE.fullmatch(phone) or len(digits) < 3:
        return h("{}", phone)
    return h('<a href="tel:{}">{}</a>', digits, phone)


def mailto(email: str) -> Markup:
    """An e-mail address as a ``mailto:`` link, or as text when it is not one."""
    if not _EMAIL.fullmatch(email):
        return h("{}", email)
    return h('<a href="mailto:{}">{}</a>', email, email)


def footer(site: dict[str, Any], lang: str) -> Markup:
    """The footer lines that are set, or nothing."""
    values = site.get("footer")
    if not isinstance(values, dict):
        return Markup("")
    lines = [_footer_item(name, str(values[name]), lang) for name in FOOTER_FIELDS
             if isinstance(values.get(name), str) and values[name].strip()]
    if not lines:
        return Markup("")
    return h('<div class="gk-footer"><ul class="gk-footer__list">{}</ul></div>',
             join(h("<li>{}</li>", line) for line in lines))


def _footer_item(name: str, value: str, lang: str) -> Markup:
    if name == "copyright":
        return h("{}", value)  # a copyright line carries its own words
    if name == "phone":
        shown = tel(value)
    elif name == "email":
        shown = mailto(value)
    elif name == "icp":
        shown = h('<a href="{}" rel="noopener">{}</a>', ICP_URL, value)
    elif name == "police":
        shown = h('<a href="{}" rel="noopener">{}</a>', POLICE_URL, value)
    else:
        shown = h("{}", value)
    return h('<span class="gk-footer__label">{}</span>{}', t(f"footer.{name}", lang), shown)


def not_found(lang: str) -> dict[str, str]:
    """The 404 page's words, escaped; the theme adds the links home and to search."""
    return {key: str(h("{}", t(f"404.{key}", lang)))
            for key in ("title", "text", "home", "search")}
