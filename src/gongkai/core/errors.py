"""The one exception gongkai raises on purpose: the portal cannot be loaded or the command cannot
run at all (exit code 2). Bad data never raises; it becomes findings (handbook:
contributing.md#flow)."""

from __future__ import annotations


class PortalError(Exception):
    """The portal cannot be loaded at all (exit code 2)."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en

    def message(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh
