"""Every rule's name in words, from the wording catalogue's ``labels`` file
(``wording/<lang>/labels.yaml``; handbook: contributing.md#add-a-wording): the dashboard's columns,
the rules reference and the scorecards read them here."""

from __future__ import annotations

from gongkai import wording


def rule_ids() -> list[str]:
    """Every rule with a name, in the catalogue's order (the dashboard's columns)."""
    return [key.removeprefix("rule.") for key in wording.area("labels") if key.startswith("rule.")]


def rule(rule_id: str, lang: str, fallback: str | None = None) -> str:
    """A rule's name; its id, or ``fallback``, if it has none."""
    key = f"rule.{rule_id}"
    return wording.text(key, lang) if wording.has(key) else (
        rule_id if fallback is None else fallback)
