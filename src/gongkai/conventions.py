"""The portal-convention footnote (handbook/docs/rules.md, "规则与依据").

A v2 profile marks a value no article states with :data:`MARK` in the citation of each finding
("截止日期（当年 03-31）为本门户约定※"); every report and page that shows such a citation
carries :func:`footnote` once, at its end, instead of the convention's wording on every row.
"""

from __future__ import annotations

from collections.abc import Iterable

MARK = "※"
_FOOTNOTE = {
    "zh": "※ 本门户约定：有关规定未明确的期限、频次或数值，由本门户规则配置约定；"
          "各项约定及其理由见“规则与依据”。",
    "en": "※ Portal convention: a time limit, frequency or number the regulations do not state "
          "is set by this portal's rule profile; see \"Rules and their sources\" for each one.",
}


def footnote(lang: str) -> str:
    return _FOOTNOTE["en" if lang == "en" else "zh"]


def needs_footnote(citations: Iterable[str]) -> bool:
    return any(MARK in citation for citation in citations)
