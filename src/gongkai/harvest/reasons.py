"""Why a source is stale or failed: a stable code and its wording in Chinese and English, used
by the command's report, ``departments.json`` and the departments page alike."""

from __future__ import annotations

REASONS: dict[str, tuple[str, str]] = {
    "unreachable": ("无法连接", "cannot connect"),
    "timeout": ("超时未响应", "timed out"),
    "http-status": ("服务器返回错误状态", "the server answered with an error status"),
    "not-json": ("不是有效的 JSON", "not valid JSON"),
    "invalid": ("不符合目录格式", "does not match the catalog format"),
    "future-version": ("目录版本高于本程序支持的版本", "a catalog version newer than this gongkai reads"),
    "too-large": ("超过大小上限", "larger than the size limit"),
    "bad-encoding": ("压缩或编码有误", "bad compression or encoding"),
    "audience": ("目录面向党内，不在本站公开范围内", "a party catalog: not shown on this site"),
}


def reason_text(code: str | None, lang: str) -> str:
    zh, en = REASONS.get(code or "", (code or "", code or ""))
    return en if lang == "en" else zh
