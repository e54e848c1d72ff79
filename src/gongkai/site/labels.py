"""Names of the data contract's values in Chinese and English: kinds, categories, enums, fields,
rules and statuses. Wording only; the interface's own sentences are in :mod:`gongkai.site.i18n`.
Rule and status names are the wording catalogue's ``labels`` file (``wording/<lang>/labels.yaml``;
handbook: contributing.md#add-a-wording)."""

from __future__ import annotations

from gongkai import wording

Pair = tuple[str, str]

CATEGORIES: dict[str, Pair] = {
    "higher_decisions": ("贯彻落实上级决议决定", "Implementing higher-level decisions"),
    "department_requirements": ("部门党组工作要求", "Work requirements of the department party group"),
    "own_decisions": ("本组织决议决定和工作部署", "Own resolutions, plans and deployments"),
    "cadres": ("党员干部队伍建设", "Building the ranks of member cadres"),
    "organization": ("党组织和领导班子建设", "Party organizations and leading bodies"),
    "masses": ("联系服务群众", "Contacting and serving the masses"),
    "integrity": ("党风廉政建设", "Party conduct and clean government"),
}

KINDS: dict[str, Pair] = {
    "plan": ("工作计划", "Plans"),
    "resolution": ("决议决定", "Resolutions"),
    "meeting": ("会议", "Meetings"),
    "election": ("选举", "Elections"),
    "vacancy": ("职务空缺", "Vacancies"),
    "appraisal": ("评议考核", "Appraisals"),
    "contact": ("联系群众活动", "Contact with the masses"),
    "training": ("教育培训", "Training"),
    "report": ("报告", "Reports"),
    "notice": ("公示", "Public notices"),
    "petition": ("信访", "Letters and visits"),
}

SCOPES: dict[str, Pair] = {
    "public": ("向社会公开", "Public"),
    "party": ("党内公开", "Party members"),
    "unit": ("本组织公开", "This organization"),
    "specific": ("特定对象公开", "Specific audience"),
}

ORG_TYPES: dict[str, Pair] = {
    "working_committee": ("工委", "Working committee"),
    "committee": ("机关党委", "Party committee"),
    "general_branch": ("党总支", "General branch"),
    "branch": ("党支部", "Branch"),
}

ENUMS: dict[str, dict[str, Pair]] = {
    "plan_type": {
        "annual_work": ("年度工作计划", "Annual work plan"),
        "activity_budget": ("活动计划和经费预算", "Activity plan and budget"),
        "training": ("教育培训计划", "Training plan"),
        "ideological_work": ("思想政治工作计划", "Ideological work plan"),
        "phase": ("阶段性工作部署", "Phased deployment"),
    },
    "meeting_type": {
        "members_meeting": ("党员大会", "General membership meeting"),
        "committee_meeting": ("支委会", "Committee meeting"),
        "group_meeting": ("党小组会", "Party group meeting"),
        "party_class": ("党课", "Party class"),
        "organizational_life": ("组织生活会", "Organizational life meeting"),
        "democratic_life": ("民主生活会", "Democratic life meeting"),
        "cadres_meeting": ("干部大会", "Cadres meeting"),
        "congress": ("党员代表大会", "Congress"),
        "theme_day": ("主题党日", "Theme party day"),
    },
    "election_type": {"general": ("换届选举", "General election"),
                      "by_election": ("补选", "By-election")},
    "elected_body": {
        "committee": ("机关党委", "Party committee"),
        "general_branch_committee": ("党总支委员会", "General branch committee"),
        "branch_committee": ("支部委员会", "Branch committee"),
        "secretary": ("书记", "Secretary"),
    },
    "method": {"congress": ("党员代表大会", "Congress"),
               "members_meeting": ("党员大会", "General membership meeting"),
               "election": ("选举", "Election"), "appointment": ("任命", "Appointment")},
    "position": {"secretary": ("书记", "Secretary"),
                 "deputy_secretary": ("副书记", "Deputy secretary"),
                 "member": ("委员", "Member")},
    "appraisal_type": {
        "member_democratic": ("民主评议党员", "Democratic appraisal of members"),
        "organization_assessment": ("党内考核评议", "Assessment of the organization"),
        "cadre_evaluation": ("干部评议", "Cadre evaluation"),
    },
    "activity_type": {
        "grassroots_service": ("服务基层", "Grass-roots service"),
        "twinning": ("结对共建", "Twinning"),
        "leader_visit": ("领导走访", "Leader visit"),
        "volunteer": ("志愿服务", "Volunteer service"),
        "regional_building": ("区域化党建", "Regional party building"),
        "condolence": ("走访慰问", "Condolence visit"),
    },
    "report_type": {
        "congress_work_report": ("党员大会（代表大会）工作报告", "Work report to the congress"),
        "dual_org_life": ("双重组织生活情况", "Dual organizational life"),
        "cadres_meeting_report": ("干部大会述职报告", "Report to the cadres meeting"),
        "ideological_analysis": ("思想政治状况分析", "Ideological situation analysis"),
        "election_annual_report": ("年度换届选举情况报告", "Annual report on elections"),
        "party_building_report": ("党建工作情况报告", "Party-building report"),
        "heart_talk": ("谈心谈话开展情况", "Heart-to-heart talks"),
        "secretary_review": ("书记抓党建工作述职评议", "Secretaries' party-building review"),
        "party_dues": ("党费收缴使用情况", "Party dues collected and used"),
    },
    "notice_type": {"development_target": ("发展对象公示", "Development target"),
                    "pre_appointment": ("任前公示", "Pre-appointment"),
                    "other": ("其他公示", "Other")},
    "outcome_status": {"completed": ("已完成", "Completed"), "partial": ("部分完成", "Partly done"),
                       "cancelled": ("已取消", "Cancelled")},
    "item_status": {"open": ("未完成", "Open"), "done": ("已完成", "Done"),
                    "handled": ("已办结", "Handled")},
    "event": {"established": ("成立", "Established"), "renamed": ("更名", "Renamed"),
              "revoked": ("撤销", "Revoked")},
    "discipline": {"commission": ("纪律检查委员会", "Discipline commission"),
                   "member": ("纪检委员", "Discipline member")},
    "org_status": {"active": ("正常", "Active"), "revoked": ("已撤销", "Revoked")},
}

FIELDS: dict[str, Pair] = {
    "plan_type": ("计划类型", "Plan type"), "year": ("年度", "Year"),
    "approval": ("审批", "Approval"), "budget": ("经费预算", "Budget"),
    "items": ("主要事项", "Items"), "owner": ("负责", "Owner"), "decided_by": ("决策机构", "Decided by"),
    "meeting": ("决策会议", "Meeting"), "major": ("涉及党员切身利益的重要事项", "Major issue"),
    "due": ("计划完成日期", "Due"), "meeting_type": ("会议类型", "Meeting type"),
    "attendance": ("出席情况", "Attendance"), "topics": ("议题", "Topics"),
    "decisions": ("形成的决议", "Decisions"),
    "opinions_collected": ("会前征求意见（条）", "Opinions collected"),
    "rectification": ("整改清单", "Rectification"), "informed": ("通报日期", "Informed on"),
    "election_type": ("选举类型", "Election type"), "elected_body": ("选举产生", "Body elected"),
    "method": ("选举方式", "Method"), "term_years": ("任期（年）", "Term (years)"),
    "candidates_approval": ("候选人预备人选批复", "Candidates approved"),
    "direct_without_candidates": ("不设候选人直接选举", "Direct election without candidates"),
    "result_approval": ("选举结果批复", "Result approved"), "elected": ("当选", "Elected"),
    "full_time_secretary": ("专职书记", "Full-time secretary"),
    "postponement": ("延期换届", "Postponement"), "position": ("职务", "Position"),
    "advance_approval": ("提前换届批复", "Early election approved"),
    "by_secretary": ("书记讲党课", "Given by the secretary"),
    "since": ("空缺日期", "Vacant since"), "filled": ("补齐情况", "Filled"),
    "appraisal_type": ("评议类型", "Appraisal type"), "participants": ("参加人数", "Participants"),
    "results": ("评议结果", "Results"), "rating": ("评定等次", "Rating"),
    "handling": ("处置情况", "Handling"), "activity_type": ("活动类型", "Activity type"),
    "partner": ("结对对象", "Partner"), "location": ("地点", "Location"),
    "outcome": ("活动成效", "Outcome"), "satisfaction": ("满意度", "Satisfaction"),
    "members": ("党员", "Members"), "leaders": ("领导班子成员", "Leaders"),
    "average_hours": ("人均学时", "Average hours"), "rotation_trained": ("轮训人数", "Rotation trained"),
    "report_type": ("报告类型", "Report type"), "to": ("报送对象", "Submitted to"),
    "submitted": ("报送日期", "Submitted on"), "notice_type": ("公示类型", "Notice type"),
    "window": ("公示期", "Objection window"), "channel": ("反映渠道", "How to respond"),
    "subjects": ("公示对象", "Subjects"), "period": ("统计期间", "Period"),
    "received": ("收到（件）", "Received"), "handled": ("已办结（件）", "Handled"),
    "pending": ("办理中（件）", "Pending"), "cases": ("逐件情况", "Cases"),
    "secretary": ("书记", "Secretary"), "deputy_secretaries": ("副书记", "Deputy secretaries"),
    "committee_members": ("委员", "Members"),
    "excellent": ("优秀", "Excellent"), "qualified": ("合格", "Qualified"),
    "basically_qualified": ("基本合格", "Basically qualified"),
    "unqualified": ("不合格", "Unqualified"),
}

# worst first: a matrix cell shows the worst status of the rule's periods
STATUS_ORDER = ("overdue", "due-soon", "late", "pending", "ok")
STATUS_MARK = {"ok": "✓", "pending": "○", "due-soon": "!", "overdue": "✗", "late": "△"}


def pick(pair: Pair | None, lang: str, fallback: str = "") -> str:
    if pair is None:
        return fallback
    return pair[1] if lang == "en" else pair[0]


def enum(field: str, value: object, lang: str) -> str:
    return pick(ENUMS.get(field, {}).get(str(value)), lang, str(value))


def field(name: str, lang: str) -> str:
    return pick(FIELDS.get(name), lang, name)


def rule_ids() -> list[str]:
    """Every rule with a name, in the catalogue's order (the dashboard's columns)."""
    return [key.removeprefix("rule.") for key in wording.area("labels") if key.startswith("rule.")]


def rule(rule_id: str, lang: str, fallback: str | None = None) -> str:
    """A rule's name (``wording/<lang>/labels.yaml``); its id, or ``fallback``, if it has none."""
    key = f"rule.{rule_id}"
    return wording.text(key, lang) if wording.has(key) else (
        rule_id if fallback is None else fallback)


def status(name: str, lang: str) -> str:
    """A compliance status's name (``wording/<lang>/labels.yaml``); the status itself if none."""
    key = f"status.{name}"
    return wording.text(key, lang) if wording.has(key) else name
