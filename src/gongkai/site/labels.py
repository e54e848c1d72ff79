"""Names of the data contract's values in Chinese and English: kinds, categories, enums, fields,
rules and statuses. Wording only; the interface's own sentences are in :mod:`gongkai.site.i18n`.
The names of kinds, fields and field values (categories, scopes, organization types) come from
the schema files (:mod:`gongkai.validate.kinds`, handbook: contributing.md#add-a-kind); rule and status
names are the wording catalogue's ``labels`` file (``wording/<lang>/labels.yaml``; handbook:
contributing.md#add-a-wording)."""

from __future__ import annotations

from gongkai import wording
from gongkai.validate import kinds

Pair = tuple[str, str]


# worst first: a matrix cell shows the worst status of the rule's periods
STATUS_ORDER = ("overdue", "due-soon", "late", "pending", "ok")
STATUS_MARK = {"ok": "✓", "pending": "○", "due-soon": "!", "overdue": "✗", "late": "△"}


def pick(pair: Pair | None, lang: str, fallback: str = "") -> str:
    if pair is None:
        return fallback
    return pair[1] if lang == "en" else pair[0]


def categories() -> tuple[str, ...]:
    """The envelope's categories, in their schema's order."""
    return tuple(kinds.registry().values.get("category", {}))


def scopes() -> tuple[str, ...]:
    return tuple(kinds.registry().values.get("scope", {}))


def category(key: str, lang: str) -> str:
    return enum("category", key, lang)


def scope(key: str, lang: str) -> str:
    return enum("scope", key, lang)


def org_type(key: str, lang: str) -> str:
    return enum("type", key, lang)


def kind(name: str, lang: str) -> str:
    return pick(kinds.label(name), lang, name)


def enum(field: str, value: object, lang: str, kind: str | None = None) -> str:
    """The label of a field's value; ``kind``'s own first (handbook: contributing.md#add-a-kind)."""
    return pick(kinds.value_label(field, str(value), kind), lang, str(value))


def field(name: str, lang: str, kind: str | None = None) -> str:
    return pick(kinds.field_label(name, kind), lang, name)


def status(name: str, lang: str) -> str:
    """A compliance status's name (``wording/<lang>/labels.yaml``); the status itself if none."""
    key = f"status.{name}"
    return wording.text(key, lang) if wording.has(key) else name
