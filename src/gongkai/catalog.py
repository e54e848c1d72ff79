"""Every finding code with its message in Chinese and English.

Codes are stable and kebab-case, grouped as ``yaml/…``, ``layout/…``, ``schema/…`` and ``rule/…``.
Wording lives only here (as Cerberus keeps its message table apart from its codes), so a new
language is one more column. The handbook's finding-code reference (handbook: findings.md) is generated from this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai.escaping import visible


@dataclass(frozen=True, slots=True)
class Entry:
    zh: str
    en: str


CATALOG: dict[str, Entry] = {
    # -- reading a file ------------------------------------------------------------------------
    "yaml/encoding": Entry("文件不是有效的 UTF-8 编码（第 {byte} 字节）",
                           "the file is not valid UTF-8 (byte {byte})"),
    "yaml/too-large": Entry("文件超过 {limit} 字节的上限（实际 {size} 字节）",
                            "the file exceeds the {limit}-byte limit ({size} bytes)"),
    "yaml/unreadable": Entry("无法读取此文件（{reason}）", "the file cannot be read ({reason})"),
    "yaml/control-char": Entry("文件含有不可见的控制字符 {char}，YAML 不允许，请删除",
                               "the file holds the invisible control character {char}, which "
                               "YAML forbids: delete it"),
    "yaml/syntax": Entry("YAML 语法错误：{problem}", "YAML syntax error: {problem}"),
    # a clerk's usual slips (gongkai/yamlslips.py), at the line where they are
    "yaml/fullwidth-colon": Entry("这一行用了全角冒号“：”，YAML 只认半角冒号：把“：”改成半角冒号加一个空格“: ”",
                                  "this line has a full-width colon '：', which YAML does not read "
                                  "as a colon: write an ASCII colon and a space ': '"),
    "yaml/no-space-after-colon": Entry("冒号后缺少空格（如 scope:party），整行被当成了一个值：在冒号后加一个空格（scope: party）",
                                       "no space after the colon (as in scope:party), so the whole "
                                       "line is read as one value: put a space after it (scope: party)"),
    "yaml/tab": Entry("这一行用制表符（Tab）缩进，YAML 只允许空格：把 Tab 换成空格（每一级两个空格）",
                      "this line is indented with a tab, and YAML allows only spaces: replace the "
                      "tab with spaces (two per level)"),
    "yaml/fullwidth-space": Entry("这一行有全角空格“　”，YAML 不把它当作空格：把它换成半角空格",
                                  "this line has a full-width space '　', which YAML does not read "
                                  "as a space: replace it with an ASCII space"),
    "yaml/unclosed-quote": Entry("引号没有配对：这个值以引号开头，行末却没有对应的引号：在值的末尾补上同样的引号，或去掉开头的引号",
                                 "the quote that opens this value is never closed: add the same "
                                 "quote at its end, or remove the opening one"),
    "yaml/missing-dash": Entry("列表项缺少“- ”：上一行的列表项以“- ”开头，这一行没有：在这一行的内容前加上“- ”",
                               "a list item without '- ': the item above starts with '- ' and this "
                               "line does not: put '- ' before its text"),
    "yaml/alias": Entry("不允许使用锚点或别名（& 和 *），请直接写出内容",
                        "anchors and aliases (& and *) are not allowed: write the value out"),
    "yaml/duplicate-key": Entry("键“{key}”重复出现（首次在第 {first} 行）",
                                "key '{key}' appears twice (first on line {first})"),
    "yaml/tag": Entry("不允许使用 YAML 标签 {tag}", "the YAML tag {tag} is not allowed"),
    "yaml/too-deep": Entry("嵌套层级超过 {limit} 层", "nesting is deeper than {limit} levels"),
    "yaml/not-mapping": Entry("文件内容应为“字段: 值”形式的映射",
                              "the file must hold a mapping of fields to values"),
    "yaml/multiple-documents": Entry("一个文件只能包含一个 YAML 文档（不要使用 ---）",
                                     "a file must hold one YAML document (no ---)"),
    "yaml/key-type": Entry("字段名必须是文字", "field names must be text"),
    # -- where files are ------------------------------------------------------------------------
    "layout/unexpected-file": Entry(
        "data/ 下不应有此文件：只允许 site.yaml、orgs/<组织>/org.yaml、"
        "orgs/<组织>/<年份>/<日期-名称>.yaml 及其附件目录",
        "unexpected file under data/: only site.yaml, orgs/<org>/org.yaml, "
        "orgs/<org>/<year>/<date-slug>.yaml and their attachment folders are allowed"),
    "layout/bad-org-id": Entry("组织目录名须为小写字母、数字和连字符（2-63 个字符）",
                               "an organization folder name must be 2-63 lower-case letters, "
                               "digits and hyphens"),
    "layout/bad-stem": Entry("记录文件名须为 YYYY-MM-DD-名称.yaml，名称为小写字母、数字和连字符",
                             "a record file name must be YYYY-MM-DD-slug.yaml, the slug of "
                             "lower-case letters, digits and hyphens"),
    "layout/bad-year": Entry("年份目录须为四位年份", "a year folder must be a four-digit year"),
    "layout/year-mismatch": Entry("文件名日期 {stem_date} 不在年份目录 {year} 中",
                                  "the file name date {stem_date} is not in year folder {year}"),
    "layout/symlink": Entry("data/ 下不允许符号链接", "symbolic links are not allowed under data/"),
    "layout/missing-org-file": Entry("组织目录缺少 org.yaml", "the organization folder has no org.yaml"),
    "layout/orphan-attachments": Entry("附件目录没有对应的记录文件 {stem}.yaml",
                                       "attachment folder without a record file {stem}.yaml"),
    # -- shape of a document ---------------------------------------------------------------------
    "schema/required": Entry("缺少必填字段“{field}”", "required field '{field}' is missing"),
    "schema/unknown-field": Entry("未知字段“{field}”（是否拼写错误？）",
                                  "unknown field '{field}' (a typo?)"),
    "schema/type": Entry("字段“{field}”应为{expected_zh}", "field '{field}' must be {expected}"),
    "schema/allowed": Entry("字段“{field}”的值不在允许范围内，可选：{allowed}",
                            "field '{field}' has a value that is not allowed; allowed: {allowed}"),
    "schema/range": Entry("字段“{field}”的值超出范围（{bound}）",
                          "field '{field}' is out of range ({bound})"),
    "schema/length": Entry("字段“{field}”的长度不符合要求（{bound}）",
                           "field '{field}' has the wrong length ({bound})"),
    "schema/pattern": Entry("字段“{field}”的格式不正确", "field '{field}' has the wrong format"),
    "schema/forbidden": Entry("字段“{field}”在此不允许出现（{reason_zh}）",
                              "field '{field}' is not allowed here ({reason})"),
    "schema/invalid-date": Entry("字段“{field}”不是有效的日期（应为 YYYY-MM-DD 的真实日期）",
                                 "field '{field}' is not a valid calendar date (YYYY-MM-DD)"),
    "schema/timezone": Entry("timezone 应为 IANA 时区名称，例如 Asia/Shanghai",
                             "timezone must be an IANA time zone name, e.g. Asia/Shanghai"),
    "schema/date-order": Entry("日期顺序不对：“{field}”不应早于“{other}”",
                               "dates out of order: '{field}' must not be before '{other}'"),
    "schema/future-published": Entry(
        "公开日期 published（{published}）晚于今天（{today}）：这条记录要到 {published} 才会出现在网站上；"
        "如已公开，请改为实际公开的日期",
        "published ({published}) is after today ({today}): the record will appear on the site only "
        "on {published}; if it is already disclosed, put the day it was"),
    "schema/arithmetic": Entry("数字不一致：{rule_zh}", "numbers do not add up: {rule}"),
    "schema/stem-date": Entry("文件名日期或年份目录与 date 不一致，且没有 corrections 更正说明",
                              "the file name date or year folder disagrees with date, and there "
                              "is no corrections entry"),
    "schema/id-mismatch": Entry("id“{value}”与目录名“{folder}”不一致",
                                "id '{value}' differs from the folder name '{folder}'"),
    "schema/unknown-ref": Entry("“{field}”引用的{target_zh}“{ref}”不存在",
                                "'{field}' refers to {target} '{ref}', which does not exist"),
    "schema/org-tree": Entry("组织隶属关系有误：{problem_zh}",
                             "the organization tree is wrong: {problem}"),
    "schema/status-history": Entry("status 与 history 不一致：撤销的组织最后一条记录应为 revoked，反之亦然",
                                   "status disagrees with history: an organization is revoked "
                                   "exactly when its last event is revoked"),
    "schema/attachment": Entry("附件“{name}”有误：{problem_zh}",
                               "attachment '{name}' is wrong: {problem}"),
    "schema/personal-data": Entry("字段“{field}”含有个人信息（{what_zh}），请删除",
                                  "field '{field}' carries personal data ({what}): remove it"),
    "schema/banned-marking": Entry("字段“{field}”含有密级标识，涉密内容不得公开",
                                   "field '{field}' carries a classification marking: classified "
                                   "content must not be disclosed"),
    "schema/raw-html": Entry("字段“{field}”含有 HTML 代码，正文只能使用 Markdown",
                             "field '{field}' contains raw HTML: the body must be plain Markdown"),
    "schema/unsafe-link": Entry("字段“{field}”含有不允许的链接（只允许 http(s)、mailto 和相对链接）",
                                "field '{field}' has a link that is not allowed (only http(s), "
                                "mailto and relative links)"),
    "schema/old-version": Entry("数据格式是第 {version} 版（现行第 {current} 版）：选举记录的 body 暂按 "
                                "elected_body 读取；请运行 gongkai migrate 升级",
                                "the data uses contract version {version} (current: {current}): "
                                "an election's body is read as elected_body; run gongkai migrate "
                                "to upgrade"),
    "schema/profile": Entry("规则配置“{profile}”有误：{problem}",
                            "rule profile '{profile}' is wrong: {problem}"),
}


def register(code: str, zh: str, en: str) -> None:
    """Rule families add their codes here when they are imported."""
    CATALOG[code] = Entry(zh, en)


class _Params(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def message(code: str, lang: str, params: dict[str, Any], field: str = "") -> str:
    entry = CATALOG.get(code)
    if entry is None:
        return code
    template = entry.en if lang == "en" else entry.zh
    # keys and values quoted from the data: one line, no control characters (escaping.py)
    values = _Params({k: visible(v) if isinstance(v, str) else v for k, v in params.items()})
    values.setdefault("field", visible(field))
    return template.format_map(values)
