"""A hostile portal: its public records carry template, markup and Markdown payloads; its party, unit and specific
records (and a redacted, a future and an expired-notice record) carry canary strings that must
never reach the wrong build."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import sitekit

D = dt.date
AS_OF = "2026-06-30"
PWNED = f"/tmp/PWNED-gongkai-{uuid.uuid4().hex[:10]}"
POPEN = "{{ lipsum.__globals__['os'].popen('touch " + PWNED + "-%s').read() }}"

CANARY_PARTY = "canary-party-3f9c"
CANARY_UNIT = "canary-unit-8d2e"
CANARY_SPECIFIC = "canary-specific-5b7a"
CANARY_REDACTED = "canary-redacted-1e4d"
CANARY_FUTURE = "canary-future-9a1b"
OLD_NOTICE_NAME = "欧阳旧名"
CURRENT_NOTICE_NAME = "司马现名"
BODY_MARKER = "BODY-ONLY-MARKER-7c1d"

HOSTILE_TITLE = ("关于{{ 7*7 }}的决定</title><script>alert('t')</script>"
                 "<img src=x onerror=alert('i')>|" + POPEN % "title")
HOSTILE_SUMMARY = ("摘要{{ 7*7 }}<script>alert('s')</script><img src=x onerror=alert('s')> "
                   "| 甲 | 乙 " + POPEN % "summary")
HOSTILE_BODY = f"""正文{{{{ 6+6 }}}}，{{% raw %}}{{{{ 8+8 }}}}{{% endraw %}}，{POPEN % "body"}

| 列一 | 列二 |
|---|---|
| 甲 \\| 乙 | 丙 |

代码 `<script>alert('b')</script>` 与 `<img src=x onerror=alert('b')>`

[安全链接](https://example.gov.cn/a)

## 小标题 {{: onclick="alert('h')" }}

{BODY_MARKER}
"""
SITE = """\
schema_version: 2
name: "测试<script>alert('site')</script>门户{{ 7*7 }}"
root: case-committee
profile: shanghai-organs-2010
checks_from: 2024-01-01
office_email_domains: [example.gov.cn]
"""

HOSTILE_ID = "case-branch/2026-03-10-hostile"
PARTY_PLAN_ID = f"case-branch/2026-02-01-{CANARY_PARTY}"
PARTY_RESOLUTION_ID = f"case-branch/2026-04-01-res-{CANARY_PARTY}"
UNIT_MEETING_ID = f"case-branch/2026-03-09-{CANARY_UNIT}"
REDACTED_ID = "case-branch/2026-01-15-redacted"


def env(scope: str, title: str, date: D, published: D | None = None) -> dict[str, object]:
    return {"title": title, "date": date, "published": published or date, "scope": scope}


def build_hostile_portal(root: Path) -> Path:
    sitekit.new_portal(root, SITE)
    add = sitekit.add_record
    add(root, "case-branch", "2026-03-10-hostile", {
        "kind": "resolution", **env("public", HOSTILE_TITLE, D(2026, 3, 10)),
        "title_en": HOSTILE_TITLE, "summary": HOSTILE_SUMMARY, "body": HOSTILE_BODY,
        "tags": ["<script>alert('tag')</script>", "{{ 7*7 }}"],
        "refs": [PARTY_PLAN_ID, "case-branch/2026-04-02-members-meeting"],
        "decided_by": "<b onmouseover=alert('d')>支部委员会</b>", "meeting": UNIT_MEETING_ID,
        "consultation": {"from": D(2026, 6, 25), "to": D(2026, 7, 5),
                         "channel": "<script>alert('c')</script>书面意见",
                         "summary": "{{ 7*7 }}意见"},
        "progress": [{"date": D(2026, 4, 1), "note": "<img src=x onerror=alert('p')>进展"}],
        "attachments": [{"title": "<script>alert('a')</script>附件", "file": "scan.pdf"}],
    }, {"scan.pdf": b"%PDF-1.4 public attachment\n"})
    add(root, "case-branch", f"2026-02-01-{CANARY_PARTY}", {
        "kind": "plan", **env("party", f"党内计划 {CANARY_PARTY}", D(2026, 2, 1), D(2026, 3, 20)),
        "summary": CANARY_PARTY, "body": f"正文 {CANARY_PARTY}", "plan_type": "annual_work",
        "year": 2026, "attachments": [{"title": CANARY_PARTY, "file": "p.png"}],
    }, {"p.png": b"\x89PNG\r\n\x1a\n" + CANARY_PARTY.encode()})
    add(root, "case-branch", f"2026-04-01-res-{CANARY_PARTY}", {
        "kind": "resolution", **env("party", f"党内决定 {CANARY_PARTY}", D(2026, 4, 1)),
        "decided_by": "支部委员会"})
    add(root, "case-branch", "2026-04-02-members-meeting", {
        "kind": "meeting", **env("public", "支部党员大会（2026年4月）", D(2026, 4, 2)),
        "meeting_type": "members_meeting", "attendance": {"expected": 20, "present": 18},
        "decisions": [PARTY_RESOLUTION_ID, HOSTILE_ID]})
    add(root, "case-branch", f"2026-03-09-{CANARY_UNIT}", {
        "kind": "meeting", **env("unit", f"支委会 {CANARY_UNIT}", D(2026, 3, 9)),
        "meeting_type": "committee_meeting", "attendance": {"expected": 5, "present": 5},
        "topics": [CANARY_UNIT], "decisions": [HOSTILE_ID]})
    add(root, "case-branch", f"2026-03-11-{CANARY_SPECIFIC}", {
        "kind": "contact", **env("specific", f"特定 {CANARY_SPECIFIC}", D(2026, 3, 11)),
        "audience": ["case-branch"], "activity_type": "volunteer", "partner": CANARY_SPECIFIC})
    add(root, "case-branch", "2026-01-15-redacted", {
        "kind": "contact", **env("public", "已撤回的结对活动", D(2026, 1, 15)),
        "summary": CANARY_REDACTED, "body": CANARY_REDACTED, "activity_type": "twinning",
        "partner": CANARY_REDACTED, "tags": [CANARY_REDACTED],
        "attachments": [{"title": CANARY_REDACTED, "file": "r.pdf"}],
        "withdrawn": {"date": D(2026, 1, 20), "reason": "误发，予以撤回", "redact": True},
    }, {"r.pdf": b"%PDF-1.4 " + CANARY_REDACTED.encode()})
    add(root, "case-branch", "2026-02-10-withdrawn", {
        "kind": "contact", **env("public", "撤回但保留内容的活动", D(2026, 2, 10)),
        "summary": "保留的摘要", "activity_type": "volunteer",
        "withdrawn": {"date": D(2026, 2, 12), "reason": "与另一条记录重复"}})
    add(root, "case-branch", "2026-07-10-future", {
        "kind": "contact", **env("public", f"尚未公开 {CANARY_FUTURE}", D(2026, 7, 10)),
        "activity_type": "volunteer"})
    add(root, "case-branch", "2026-03-01-old-notice", {
        "kind": "notice", **env("public", "关于发展对象的公示（三月）", D(2026, 3, 1)),
        "notice_type": "development_target", "from": D(2026, 3, 1), "to": D(2026, 3, 7),
        "subjects": [OLD_NOTICE_NAME, "令狐旧名"]})
    add(root, "case-branch", "2026-06-26-current-notice", {
        "kind": "notice", **env("public", "关于发展对象的公示（六月）", D(2026, 6, 26)),
        "notice_type": "development_target", "from": D(2026, 6, 26), "to": D(2026, 7, 2),
        "channel": "来信请寄支部办公室", "subjects": [CURRENT_NOTICE_NAME]})
    add(root, "case-committee", "2025-05-16-election", {
        "kind": "election", **env("public", "机关党委换届选举结果", D(2025, 5, 16)),
        "election_type": "general", "elected_body": "committee", "method": "congress", "term_years": 4,
        "elected": {"secretary": "书记甲", "deputy_secretaries": ["副书记乙"],
                    "members": ["委员丙"]}})
    return root


