"""The About page, written for readers (handbook/docs/site.md, "读者看到什么 What readers see"):
what is disclosed here, who may see what, the categories, how to give an opinion, how
corrections and withdrawals are shown. No field names, code values or commands: those belong to
the handbook for the offices that publish.
"""

from __future__ import annotations

from gongkai.site import labels
from gongkai.site.ctx import Ctx, section, ul
from gongkai.site.feedback import contact_for, contact_line
from gongkai.site.html import Markup, h, join
from gongkai.site.i18n import pick
from gongkai.site.view import listing_src

Pair = tuple[str, str]

INTRO: Pair = (
    "本站公开本单位各级党组织的党务信息：党组织的设置和领导班子、工作计划、决议决定及其执行情况、"
    "会议、选举、民主评议、联系服务群众、教育培训和有关报告等。"
    "每条公开记录有固定的网址，长期保留；内容有更正的，更正的日期和说明随记录一并公开。",
    "This site discloses the party affairs of the organizations listed here: how they are set up "
    "and led, their work plans, their resolutions and how these are carried out, meetings, "
    "elections, democratic appraisals, work with the public, training, and their reports. "
    "Every record keeps a permanent address; a correction is shown with its date and note.",
)

AUDIENCE_NOTE: dict[str, Pair] = {
    "public": ("本版为社会公开版，只包含向社会公开的内容。",
               "This is the public edition: it holds what is open to society only."),
    "party": ("本版为党内版，包含向社会公开和向全体党员公开的内容，请勿外传。",
              "This is the party edition: it adds what is open to all party members. "
              "Do not pass it on."),
}

SCOPES: dict[str, Pair] = {
    "public": ("向社会公开：任何人都可以查看。", "Open to society: anyone may read it."),
    "party": ("向全体党员公开：只在党内版中显示。",
              "Open to all party members: shown in the party edition only."),
    "unit": ("在本组织内公开：在组织内部通报，不在本站显示，但上级检查公开情况时计算在内。",
             "Open within the organization: made known inside it, not on this site, but "
             "counted when the higher organization reviews what was disclosed."),
    "specific": ("向特定对象公开：只向指定的组织或人员公开，不在本站显示，但检查公开情况时计算在内。",
                 "Open to a named audience only: not on this site, but counted when what was "
                 "disclosed is reviewed."),
}

CATEGORY_NOTES: dict[str, Pair] = {
    "higher_decisions": ("如何贯彻落实上级党组织的决议、决定。",
                         "How the decisions of higher party organizations are carried out."),
    "department_requirements": ("本部门党组（党委）对党建工作提出的要求及落实情况。",
                                "What the department's leading party group asks for, and how "
                                "it is done."),
    "own_decisions": ("本组织的决议、决定，年度工作计划和阶段性工作部署，以及有关报告。",
                      "The organization's own resolutions, annual plans, phased work and "
                      "reports."),
    "cadres": ("党员、干部的教育培训和队伍建设。", "Education and training of members and cadres."),
    "organization": ("党组织设置、换届选举、领导班子、组织生活和民主评议。",
                     "How the organizations are set up, elections, leadership, meetings and "
                     "appraisals."),
    "masses": ("联系服务群众、结对共建、志愿服务和信访情况。",
               "Work with and for the public, partnerships, volunteering, letters and visits."),
    "integrity": ("落实党风廉政建设责任、加强作风建设的情况。",
                  "How responsibility for integrity and clean government is carried out."),
}

OPINION: tuple[Pair, ...] = (
    ("正在征求意见的事项和正在公示的事项列在首页，写明截止日期和反映渠道，请在截止日期前提出。",
     "Matters open for opinions and notices in their objection window are on the home page, "
     "with their deadline and how to respond: please respond before the deadline."),
    ("每条公开记录的页面末尾都写明了发布该记录的党组织的办公电话和电子邮箱，"
     "对该记录有意见或建议，可以直接联系。",
     "The foot of every record's page gives the office phone and e-mail of the organization "
     "that published it: contact it with an opinion or a suggestion on that record."),
)

CHANGES: Pair = (
    "已公开的记录不会删除。内容需要更正的，记录页面的“公开记录”一栏逐条列出更正日期和说明；"
    "需要撤下的，记录保留原网址，写明撤回日期和原因。",
    "Disclosed records are never deleted. A correction is listed with its date and note in the "
    "record's history; a withdrawn record keeps its address and says when and why it was "
    "withdrawn.",
)

TITLES: dict[str, Pair] = {
    "what": ("公开哪些内容", "What is disclosed"),
    "edition": ("本站版本", "This edition"),
    "scopes": ("公开范围", "Who may see what"),
    "categories": ("公开内容类别", "Categories"),
    "opinion": ("如何提出意见和建议", "How to give an opinion"),
    "changes": ("更正与撤回", "Corrections and withdrawals"),
}


def render(ctx: Ctx) -> Markup:
    lang = ctx.lang

    def title(key: str) -> str:
        return pick(TITLES[key], lang)

    return h('<div class="gk-about">{}{}{}{}{}{}</div>',
             section(title("what"), h("<p>{}</p>", pick(INTRO, lang))),
             section(title("edition"), h("<p>{}</p>", pick(AUDIENCE_NOTE[ctx.view.audience], lang))),
             section(title("scopes"), ul(pick(SCOPES[s], lang) for s in labels.scopes())),
             section(title("categories"), _categories(ctx)),
             section(title("opinion"), _opinion(ctx)),
             section(title("changes"), h("<p>{}</p>", pick(CHANGES, lang))))


def _categories(ctx: Ctx) -> Markup:
    """Each category in words, linked to its listing where something is disclosed in it."""
    items = []
    for key in labels.categories():
        name = ctx.category(key)
        shown = ctx.link(listing_src("category", key), name) if key in ctx.view.by_category \
            else h("{}", name)
        items.append(h("<strong>{}</strong>：{}", shown, pick(CATEGORY_NOTES[key], ctx.lang))
                     if ctx.lang != "en" else
                     h("<strong>{}</strong>: {}", shown, pick(CATEGORY_NOTES[key], ctx.lang)))
    return ul(items)


def _opinion(ctx: Ctx) -> Markup:
    paragraphs = [h("<p>{}</p>", pick(p, ctx.lang)) for p in OPINION]
    contact = contact_for(ctx.view, str(ctx.view.portal.site.get("root", "")))
    if contact is not None:
        paragraphs.append(h("<p>{}{}</p>", ctx.t("feedback.other"), contact_line(ctx, contact)))
    return join(paragraphs)
