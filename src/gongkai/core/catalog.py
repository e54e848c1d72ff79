"""Every finding code and its message, read from the wording catalogue
(handbook: contributing.md#add-a-wording).

Codes are stable and kebab-case, grouped as ``yaml/…``, ``layout/…``, ``schema/…``, ``change/…``
and ``rule/…``. Their wording is data, ``wording/<lang>/findings.yaml``, keyed by code (as
Cerberus keeps its message table apart from its codes), so a new language is one more file. The
handbook's finding-code reference (handbook: findings.md) is generated from the same file.
"""

from __future__ import annotations

from typing import Any

from gongkai import wording
from gongkai.core.escaping import visible


def codes() -> list[str]:
    """Every finding code, in the catalogue's order."""
    return list(wording.area("findings"))


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _value(value: Any, lang: str) -> Any:
    value = wording.resolve(value, lang)
    # keys and values quoted from the data: one line, no control characters (escaping.py)
    return visible(value) if isinstance(value, str) else value


def message(code: str, lang: str, params: dict[str, Any], field: str = "") -> str:
    """The message of ``code`` in ``lang``; parameters given as :class:`wording.Text` are read
    in ``lang``. An unknown code is its own message."""
    if not wording.has(code):
        return code
    values = _Params({name: _value(value, lang) for name, value in params.items()})
    values.setdefault("field", visible(field))
    return wording.template(code, lang).format_map(values)
