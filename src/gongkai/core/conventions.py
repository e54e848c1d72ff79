"""The portal-convention footnote (handbook/docs/rules.md, "规则与依据").

A v2 profile marks a value no article states with :data:`MARK` in the citation of each finding
("截止日期（当年 03-31）为本门户约定※"); every report and page that shows such a citation
carries :func:`footnote` once, at its end, instead of the convention's wording on every row.
"""

from __future__ import annotations

from collections.abc import Iterable

from gongkai import wording

MARK = "※"


def footnote(lang: str) -> str:
    """The footnote's wording: ``convention.footnote`` in the catalogue."""
    return wording.text("convention.footnote", lang)


def needs_footnote(citations: Iterable[str]) -> bool:
    return any(MARK in citation for citation in citations)
