"""The interface's sentences in Chinese and English (site.yaml ``language``; zh by default).

Templates are filled with :meth:`str.format`; values go through :func:`gongkai.site.html.h`
afterwards, never into these strings unescaped."""

from __future__ import annotations

from typing import Any

TEXT: dict[str, tuple[str, str]] = {
    # page titles
    "page.home": ("首页", "Home"),
    "page.orgs": ("组织机构", "Organizations"),
    "page.browse": ("公开目录", "Browse"),
    "page.dashboard": ("合规看板", "Compliance"),
    "page.about": ("关于本站", "About"),
    "page.category": ("{label}", "{label}"),
    "page.kind": ("{label}", "{label}"),
    "page.year": ("{year}年", "{year}"),
    "page.numbered": ("{title}（第 {n} 页）", "{title} (page {n})"),
    "site.party_suffix": ("（党内）", " (party members)"),
    # shared words
    "hidden_record": ("未公开记录", "record not disclosed here"),
    "hidden_records": ("另有 {n} 条记录不在本站公开范围内", "{n} more record(s) not disclosed here"),
    "none": ("暂无", "None"),
    "yes": ("是", "yes"),
    "no": ("否", "no"),
    "date": ("日期", "Date"),
    "published": ("公开日期", "Published"),
    "title": ("标题", "Title"),
    "org": ("组织", "Organization"),
    "kind": ("类型", "Kind"),
    "category": ("类别", "Category"),
    "scope": ("公开范围", "Scope"),
    "count": ("条数", "Records"),
    "year": ("年度", "Year"),
    "status": ("状态", "Status"),
    "due": ("截止日期", "Due"),
    "period": ("期间", "Period"),
    "period.term": ("本届任期", "term"),
    "periods": ("各期情况", "Periods"),
    "rule": ("规则", "Rule"),
    "citation": ("依据", "Citation"),
    "record": ("记录", "Record"),
    "from_to": ("{start} 至 {end}", "{start} to {end}"),
    "days_left": ("剩余 {n} 天", "{n} day(s) left"),
    "today_last": ("今天截止", "closes today"),
    "people": ("{n} 人", "{n}"),
    "persons_count": ("共 {n} 人（姓名公示期满后不再显示）",
                      "{n} person(s) (names are no longer shown after the window)"),
    "withdrawn_tag": ("已撤回", "withdrawn"),
    "as_of": ("数据截至 {date}", "As of {date}"),
    "more": ("查看全部", "See all"),
    "pages": ("分页", "Pages"),
    # home
    "home.latest": ("最新公开", "Latest disclosures"),
    "home.consultations": ("正在征求意见", "Open consultations"),
    "home.consultations.none": ("当前没有正在征求意见的事项。", "No consultation is open now."),
    "home.notices": ("正在公示", "Notices in their objection window"),
    "home.notices.none": ("当前没有处于公示期的公示。", "No notice is in its objection window."),
    "home.recent": ("最近结束的：", "Recently closed:"),
    "home.compliance": ("合规概况", "Compliance at a glance"),
    "home.compliance.link": ("查看合规看板", "Open the compliance dashboard"),
    "home.totals": ("本站共公开 {records} 条记录，涉及 {orgs} 个党组织。",
                    "{records} records from {orgs} organizations are disclosed here."),
    "deadline": ("截止", "Deadline"),
    "channel": ("反映渠道", "How to respond"),
    # orgs
    "orgs.intro": ("各级党组织及其公开情况。", "Every organization and what it has disclosed."),
    "org.profile": ("基本情况", "Profile"),
    "org.type": ("组织类型", "Type"),
    "org.name_zh": ("中文名称", "Name in Chinese"),
    "org.parent": ("上级组织", "Parent"),
    "org.children": ("下级组织", "Organizations under it"),
    "org.department": ("所在部门", "Department"),
    "org.status": ("状态", "Status"),
    "org.established": ("成立", "Established"),
    "org.history": ("沿革", "History"),
    "org.discipline": ("纪检组织", "Discipline body"),
    "org.stats": ("党员人数（{year}年）", "Members ({year})"),
    "org.contact": ("联系方式", "Contact"),
    "org.leadership": ("现任领导班子", "Current leadership"),
    "org.leadership.none": ("本站暂无公开的换届选举记录。", "No general election is disclosed here."),
    "org.term": ("任期", "Term"),
    "org.term_end": ("任期届满", "Term ends"),
    "org.postponed": ("经批准延期至 {date}", "extended with approval to {date}"),
    "org.vacant": ("空缺（自 {date}）", "vacant since {date}"),
    "org.sources": ("依据", "Sources"),
    "org.scorecard": ("合规情况", "Compliance scorecard"),
    "org.disclosures": ("公开记录", "Disclosures"),
    "org.by_category_year": ("按类别和年度", "By category and year"),
    "org.total": ("合计", "Total"),
    "contact.office_phone": ("办公电话", "Office phone"),
    "contact.email": ("电子邮箱", "E-mail"),
    "contact.address": ("地址", "Address"),
    # record
    "rec.summary": ("摘要", "Summary"),
    "rec.details": ("主要内容", "Details"),
    "rec.body": ("正文", "Full text"),
    "rec.attachments": ("附件", "Attachments"),
    "rec.refs": ("相关记录", "Related records"),
    "rec.referenced_by": ("被以下记录引用", "Referred to by"),
    "rec.tags": ("标签", "Tags"),
    "rec.history": ("公开记录", "History"),
    "rec.history.published": ("公开", "Published"),
    "rec.history.corrected": ("更正", "Corrected"),
    "rec.history.withdrawn": ("撤回", "Withdrawn"),
    "rec.history.added": ("首次收录", "First added"),
    "rec.history.changed": ("最近修改", "Last changed"),
    # open data, feeds, calendar
    "data.all": ("全部公开记录", "All disclosed records"),
    "data.catalog": ("开放数据目录", "Open data catalog"),
    "data.download": ("下载本列表数据：", "Download this list:"),
    "data.open": ("开放数据", "Open data"),
    "feed.subtitle": ("最新公开的党务信息", "New party-affairs disclosures"),
    "feed.link": ("订阅更新（Atom）", "Subscribe (Atom)"),
    "cal.title": ("征求意见、公示与截止日期", "Consultations, notices and due dates"),
    "cal.link": ("日历（iCalendar）", "Calendar (iCalendar)"),
    "cal.consultation": ("征求意见", "Consultation"),
    "cal.notice": ("公示", "Notice"),
    "cal.due": ("截止", "Due"),
    "rec.withdrawn": ("本记录已于 {date} 撤回。原因：", "This record was withdrawn on {date}. Reason: "),
    "rec.redacted": ("按规定，撤回后仅保留标题、日期和撤回原因。",
                     "Only the title, dates and reason are kept after withdrawal."),
    "rec.timeline": ("决策过程", "From consultation to result"),
    "rec.stage.before": ("事前：征求意见", "Before: consultation"),
    "rec.stage.during": ("事中：执行进展", "During: progress"),
    "rec.stage.after": ("事后：执行结果", "After: outcome"),
    "rec.stage.missing": ("尚未公开", "not yet disclosed"),
    "rec.opinions": ("收到意见 {n} 条", "{n} opinion(s) received"),
    "rec.term_end": ("任期至 {date}", "term until {date}"),
    # browse
    "browse.categories": ("按公开内容类别", "By category"),
    "browse.kinds": ("按记录类型", "By kind of record"),
    "browse.years": ("按年度", "By year"),
    # dashboard
    "dash.summary": ("总体情况", "Overview"),
    "dash.orgs_overdue": ("有逾期事项的组织", "Organizations with overdue items"),
    "dash.matrix": ("各组织合规情况", "Organizations and rules"),
    "dash.overdue": ("逾期未公开", "Overdue"),
    "dash.due_soon": ("即将到期", "Due soon"),
    "dash.late": ("逾期后补公开", "Met late"),
    "dash.terms": ("任期届满提醒", "Term expiries"),
    "dash.warnings": ("数据提示", "Data warnings"),
    "dash.no_rules": ("合规规则尚未启用，本页只显示数据提示。",
                      "Compliance rules are not enabled yet; only data warnings are shown."),
    "dash.legend": ("图例", "Legend"),
    "dash.counts": ("{n} 项", "{n}"),
    "dash.warning_count": ("{n} 条提示", "{n} warning(s)"),
    # about
    "about.scopes": ("公开范围", "Scopes of openness"),
    "about.categories": ("公开内容类别", "Categories of disclosure"),
    "about.kinds": ("记录类型", "Kinds of record"),
    "about.publish": ("如何公开", "How to publish"),
    "about.audience": ("本站版本", "This edition"),
}

ABOUT_INTRO = (
    "本站依据《机关基层党组织党务公开办法》建立，汇集各级党组织的党务公开内容。"
    "每条记录以数据文件形式保存在代码库中，经自动校验后发布；"
    "每条记录都有固定的网址，更正与撤回均留有记录。",
    "This portal gathers the party-affairs disclosures of the organizations listed here. Each "
    "record is a data file in a repository, checked automatically before it is published; "
    "every record keeps its address, and corrections and withdrawals stay on record.",
)

AUDIENCE_NOTE = {
    "public": ("本版为社会公开版，只包含“向社会公开”的记录。",
               "This is the public edition: it holds records open to society only."),
    "party": ("本版为党内版，包含“向社会公开”和“党内公开”的记录，请勿外传。",
              "This is the party edition: it adds records open to party members. "
              "Do not pass it on."),
}

SCOPE_EXPLAINED = {
    "public": ("向社会公开：任何人可见。", "Public: open to anyone."),
    "party": ("党内公开：向全体党员公开，只出现在党内版。",
              "Party: open to all party members, in the party edition only."),
    "unit": ("本组织公开：在本组织内公开，不在网站显示，但计入合规检查。",
             "Unit: open within the organization; never on this site, but counted for compliance."),
    "specific": ("特定对象公开：向指定对象公开，不在网站显示，但计入合规检查。",
                 "Specific: open to a named audience; never on this site, but counted for "
                 "compliance."),
}

PUBLISH_STEPS = (
    ("运行 gongkai new 种类 --org 组织 生成记录骨架，填写每个字段，并选择公开范围。",
     "Run gongkai new KIND --org ORG for a record skeleton; fill in every field and choose "
     "its scope."),
    ("运行 gongkai check 检查：错误会指明文件、行号和字段，并说明如何修改。",
     "Run gongkai check: every error names the file, line and field, and says how to fix it."),
    ("运行 gongkai serve 在本机预览网站。", "Run gongkai serve to preview the site."),
    ("提交合并请求，经上级党组织审核通过后自动发布。",
     "Open a pull request; once the higher-level organization approves, it is published."),
    ("已公开的记录不删除：需要修改时添加更正说明，需要撤下时填写撤回日期和原因。",
     "Published records are never deleted: add a correction to change one, or withdraw it "
     "with a date and reason."),
)


def t(key: str, lang: str, **params: Any) -> str:
    zh, en = TEXT[key]
    template = en if lang == "en" else zh
    return template.format(**params) if params else template


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]
