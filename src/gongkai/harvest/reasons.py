"""Why a source is stale or failed: a stable code and its wording in Chinese and English
(``reason.<code>`` in the wording catalogue's ``city.yaml``; handbook:
contributing.md#add-a-wording), used by the command's report, ``departments.json`` and the
departments page alike."""

from __future__ import annotations

from gongkai import wording


def reason_text(code: str | None, lang: str) -> str:
    key = f"reason.{code}"
    return wording.text(key, lang) if code and wording.has(key) else code or ""
