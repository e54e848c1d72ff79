"""Names of the data contract's values in Chinese and English: kinds, categories, enums, fields,
rules and statuses. Wording only; the interface's own sentences are in :mod:`gongkai.site.i18n`.
The names of kinds, fields and field values (categories, scopes, organization types) come from
the schema files (:mod:`gongkai.kinds`, handbook: contributing.md#add-a-kind)."""

from __future__ import annotations

from gongkai import kinds

Pair = tuple[str, str]

RULES: dict[str, Pair] = {
    "term-length": ("任期年限", "Term length"),
    "term-expiry": ("按期换届", "Term expiry"),
    "election-approval": ("选举审批", "Election approval"),
    "vacancy-filled": ("缺额补选", "Vacancy filled"),
    "org-approval": ("组织设立审批", "Organization approval"),
    "discipline-body": ("纪检机构", "Discipline body"),
    "activity-budget": ("活动经费预算", "Activity budget"),
    "annual-work-plan": ("年度工作计划", "Annual work plan"),
    "training-plan": ("培训计划", "Training plan"),
    "training-hours": ("培训学时", "Training hours"),
    "organizational-life": ("组织生活会", "Organizational life"),
    "democratic-life": ("民主生活会", "Democratic life"),
    "three-meetings": ("三会一课", "Three meetings, one class"),
    "member-appraisal": ("民主评议党员", "Member appraisal"),
    "congress-report": ("党代会工作报告", "Congress report"),
    "assessment-public": ("考核结果公开", "Assessment made public"),
    "dual-org-life": ("双重组织生活", "Dual organizational life"),
    "cadres-meeting": ("干部大会", "Cadres meeting"),
    "ideological-analysis": ("思想状况分析", "Ideological analysis"),
    "election-report": ("换届选举年报", "Election report"),
    "party-building-report": ("党建工作报告", "Party-building report"),
    "consultation-before-decision": ("决策前征求意见", "Consultation before decision"),
    "resolution-outcome": ("决议结果公开", "Resolution outcome"),
    "contact-regular": ("联系服务群众", "Regular contact"),
    "party-staff-ratio": ("党务干部配备", "Party staff ratio"),
    "secretary-rotation": ("书记任职届数", "Secretary rotation"),
    "petition-handled": ("信访办理", "Petitions handled"),
    "timely-disclosure": ("及时公开", "Timely disclosure"),
    "org-setup": ("组织设置", "Organization set-up"),
    "party-class": ("书记讲党课", "Secretary's party class"),
    "heart-talk": ("谈心谈话", "Heart-to-heart talks"),
    "secretary-review": ("书记述职评议", "Secretaries' review"),
    "dues-disclosure": ("党费公开", "Party dues disclosed"),
}

STATUSES: dict[str, Pair] = {
    "ok": ("正常", "OK"),
    "pending": ("未到期", "Pending"),
    "due-soon": ("即将到期", "Due soon"),
    "overdue": ("逾期", "Overdue"),
    "late": ("逾期后补", "Late"),
}
# worst first: a matrix cell shows the worst status of the rule's periods
STATUS_ORDER = ("overdue", "due-soon", "late", "pending", "ok")
STATUS_MARK = {"ok": "✓", "pending": "○", "due-soon": "!", "overdue": "✗", "late": "△"}


def pick(pair: Pair | None, lang: str, fallback: str = "") -> str:
    if pair is None:
        return fallback
    return pair[1] if lang == "en" else pair[0]


def categories() -> tuple[str, ...]:
    """The envelope's categories, in their schema's order."""
    return tuple(kinds.registry().values.get("category", {}))


def scopes() -> tuple[str, ...]:
    return tuple(kinds.registry().values.get("scope", {}))


def category(key: str, lang: str) -> str:
    return enum("category", key, lang)


def scope(key: str, lang: str) -> str:
    return enum("scope", key, lang)


def org_type(key: str, lang: str) -> str:
    return enum("type", key, lang)


def kind(name: str, lang: str) -> str:
    return pick(kinds.label(name), lang, name)


def enum(field: str, value: object, lang: str, kind: str | None = None) -> str:
    """The label of a field's value; ``kind``'s own first (handbook: contributing.md#add-a-kind)."""
    return pick(kinds.value_label(field, str(value), kind), lang, str(value))


def field(name: str, lang: str, kind: str | None = None) -> str:
    return pick(kinds.field_label(name, kind), lang, name)


def rule(rule_id: str, lang: str) -> str:
    return pick(RULES.get(rule_id), lang, rule_id)
