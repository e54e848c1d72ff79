"""The interface's sentences in Chinese and English (site.yaml ``language``; zh by default).

The sentences are the wording catalogue's ``site`` and ``city`` files
(``src/gongkai/wording/<lang>/site.yaml``; handbook: contributing.md#add-a-wording). Templates are
filled with :meth:`str.format`; values go through :func:`gongkai.site.html.h` afterwards, never
into these strings unescaped."""

from __future__ import annotations

from typing import Any

from gongkai import wording


def t(key: str, lang: str, **params: Any) -> str:
    return wording.text(key, lang, **params)


def has(key: str) -> bool:
    return wording.has(key)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]
