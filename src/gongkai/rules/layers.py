"""Regulations in force by date (handbook: rules.md#sources).

A profile's ``layers`` are regulations, each with its document, issuing body and the date it came
into force, and per rule the values it sets with the article that states them. A rule asks its
configuration for the values in force on a day (:meth:`RuleConfig.at`): the base profile's values
with every layer in force by then laid over them, a value replaced together with its citation.

Articles are cited in words: a layer's value as its document's short name and article
(《支部工作条例》第十二条); the base profile's ``(n)`` articles the same way when the profile
names its ``document`` (《实施办法》第三条). Frozen v1 profiles name no document and keep ``(n)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_DIGITS = "零一二三四五六七八九"
_ARTICLE = re.compile(r"\((\d+)\)")


def chinese_number(n: int) -> str:
    """1 -> 一, 10 -> 十, 15 -> 十五, 37 -> 三十七, 105 -> 一百零五 (n < 1000)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else
                                 ("一" + chinese_number(rest) if rest < 20 else chinese_number(rest)))
    return _DIGITS[n // 100] + "百" + tail


def articles_in_words(articles: str, short: str, short_en: str) -> tuple[str, str]:
    """``(3) (37)`` of a document -> ``《实施办法》第三条、第三十七条`` and its English twin."""
    numbers = [int(n) for n in _ARTICLE.findall(articles)]
    if not numbers:
        return articles, articles
    zh = short + "、".join(f"第{chinese_number(n)}条" for n in numbers)
    word = "article" if len(numbers) == 1 else "articles"
    en = f"{short_en}, {word} {', '.join(str(n) for n in numbers)}"
    return zh, en


@dataclass(frozen=True)
class Layer:
    """One regulation: its document and the values it sets from ``in_force`` on."""

    document: str
    document_en: str
    short: str
    short_en: str
    issuer: str
    in_force: dt.date
    rules: Mapping[str, Mapping[str, Any]]
    note: str = ""

    def cite(self, article: str) -> tuple[str, str]:
        """``第十二条`` -> ``《支部工作条例》第十二条`` / ``the branch regulations, article 12``."""
        if not article:
            return self.short, self.short_en
        number = _article_number(article)
        unit = "item" if article.endswith("项") else "article"
        en = f"{self.short_en}, {unit} {number}" if number else f"{self.short_en}, {article}"
        return self.short + article, en


def read_layers(entries: Any) -> list[Layer]:
    """The layers of a merged profile (the schema has checked their shape), oldest first."""
    layers = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("in_force"), dt.date):
            continue
        raw = entry.get("rules")
        rules: Mapping[str, Mapping[str, Any]] = raw if isinstance(raw, dict) else {}
        layers.append(Layer(str(entry["document"]), str(entry["document_en"]), str(entry["short"]),
                            str(entry["short_en"]), str(entry["issuer"]), entry["in_force"],
                            rules, str(entry.get("note", ""))))
    return sorted(layers, key=lambda layer: layer.in_force)


_NUMERALS = {c: i for i, c in enumerate(_DIGITS)}


def _article_number(article: str) -> int | None:
    """``第十二条`` -> 12, ``第三十七条`` -> 37, ``第一百零五条`` -> 105; else None."""
    match = re.match(r"第([一二三四五六七八九十百零]+)[条项]", article)
    if not match:
        return None
    text, total, current = match.group(1), 0, 0
    for char in text:
        if char == "百":
            total += (current or 1) * 100
            current = 0
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _NUMERALS[char]
    return total + current
