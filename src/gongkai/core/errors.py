"""The one exception gongkai raises on purpose: the portal cannot be loaded or the command cannot
run at all (exit code 2). Bad data never raises; it becomes findings (handbook:
contributing.md#flow)."""

from __future__ import annotations

from typing import Any

from gongkai import wording


class PortalError(Exception):
    """The portal cannot be loaded at all (exit code 2): a key of the wording catalogue
    (``wording/<lang>/errors.yaml``) and its language-neutral parameters, rendered in the
    language of the command when it is printed."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key, self.params = key, params

    def message(self, lang: str) -> str:
        return wording.text(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.message("en")
