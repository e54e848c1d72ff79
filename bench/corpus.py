"""A deterministic generator of large, valid portals for benchmarks.

``python bench/corpus.py OUT --orgs 170 --years 3`` writes OUT/data/... with about 20 records per
organization and year, each 1-3 KB of Chinese text, of every kind, seeded so every run writes the
same bytes. Years start at 2024; ``--years 5`` (a department portal, 50 x 5) runs to 2028, with
the committee's yearly statistics for every year, and validates like the rest.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

PHRASES = [
    "深入学习贯彻党的二十大精神", "坚持以人民为中心的发展思想", "推动全面从严治党向纵深发展",
    "加强机关党支部标准化规范化建设", "围绕中心、建设队伍、服务群众", "持续深化模范机关创建",
    "认真落实“三会一课”制度", "开展主题党日活动", "组织党员到基层联系点调研",
    "进一步改进工作作风", "推进党务公开常态化", "落实意识形态工作责任制",
    "加强年轻干部教育管理监督", "做好困难党员帮扶工作", "结合财政业务开展专题研讨",
    "推动党建与业务深度融合", "发挥党员先锋模范作用", "完善民主集中制各项制度",
]
TOPICS = ["学习研讨", "专题党课", "谈心谈话", "志愿服务", "调研走访", "警示教育", "业务培训"]
NAMES = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨磊", "赵敏", "黄勇", "周婷", "吴刚"]
YEAR0 = 2024


def text(rng: random.Random, sentences: int) -> str:
    return "，".join(rng.choice(PHRASES) for _ in range(sentences)) + "。"


def body(rng: random.Random) -> str:
    paras = [f"## {rng.choice(TOPICS)}\n\n{text(rng, rng.randint(6, 14))}" for _ in range(rng.randint(2, 4))]
    items = "\n".join(f"- {rng.choice(PHRASES)}" for _ in range(rng.randint(3, 6)))
    return "\n\n".join([*paras, items])


def block(value: str, indent: str = "  ") -> str:
    return "|\n" + "\n".join(indent + line if line else "" for line in value.splitlines())


def org_yaml(oid: str, name: str, kind: str, parent: str | None, rng: random.Random,
             years: int = 3) -> str:
    lines = [f"id: {oid}", f"name: {name}", f"type: {kind}"]
    if parent:
        lines.append(f"parent: {parent}")
    if kind == "branch" and rng.random() < 0.2:
        lines.append("has_committee: false")
    else:
        lines.append("discipline: {kind: %s}" % ("commission" if kind == "committee" else "member"))
    lines += ["department: 市某局", "history:",
              "  - {date: 2016-05-10, event: established, approval: {by: 上级党委, ref: 批〔2016〕1号, date: 2016-05-06}}",
              f"maintainers: [{oid}-office]"]
    if kind == "committee":
        lines.append("stats:")
        lines += [f"  - {{year: {YEAR0 + i}, members: 300, leaders: 9, staff: 520, party_staff_full_time: 7}}"
                  for i in range(max(3, years))]
    return "\n".join(lines) + "\n"


def records(oid: str, year: int, rng: random.Random) -> dict[str, str]:
    out: dict[str, str] = {}

    def add(month: int, day: int, slug: str, kind: str, title: str, extra: str, scope: str = "public") -> None:
        date = f"{year:04d}-{month:02d}-{day:02d}"
        published = f"{year:04d}-{month:02d}-{min(day + 2, 28):02d}"
        head = (f"kind: {kind}\ntitle: {title}\ndate: {date}\npublished: {published}\nscope: {scope}\n"
                f"summary: {text(rng, 3)}\n")
        out[f"{date}-{slug}"] = head + extra + f"body: {block(body(rng))}\n"

    add(2, 10, "annual-plan", "plan", f"{year}年度党建工作计划",
        f"plan_type: annual_work\nyear: {year}\nitems:\n  - {{title: {rng.choice(PHRASES)}, due: {year}-12-31}}\n")
    for q in range(4):
        m = 3 * q + 2
        add(m, 12, f"q{q + 1}-members", "meeting", f"{year}年第{q + 1}季度党员大会",
            f"meeting_type: members_meeting\nattendance: {{expected: 30, present: {rng.randint(24, 30)}}}\n"
            f"topics: [{rng.choice(TOPICS)}, {rng.choice(TOPICS)}]\n", "party")
        add(m, 15, f"q{q + 1}-committee", "meeting", f"{year}年第{q + 1}季度支委会",
            "meeting_type: committee_meeting\nattendance: {expected: 5, present: 5}\n", "unit")
        add(m, 18, f"q{q + 1}-class", "meeting", f"{year}年第{q + 1}季度专题党课",
            f"meeting_type: party_class\ntopics: [{rng.choice(TOPICS)}]\n", "party")
    for h, month in ((1, 5), (2, 10)):
        add(month, 20, f"contact-h{h}", "contact", f"{rng.choice(TOPICS)}进社区活动",
            f"activity_type: volunteer\nparticipants: {rng.randint(5, 30)}\npartner: 某街道社区党委\n"
            f"satisfaction: {{surveyed: 40, satisfied: {rng.randint(30, 40)}}}\n")
    add(6, 8, "resolution", "resolution", f"关于{rng.choice(TOPICS)}的决定",
        "decided_by: 支部委员会\nmajor: true\nconsultation: {from: %d-05-10, to: %d-05-20, channel: 支部党员大会}\n"
        "due: %d-09-30\nprogress:\n  - {date: %d-07-15, note: 已完成过半, percent: 50}\n"
        "outcome: {date: %d-09-20, status: completed, summary: 已完成}\n" % ((year,) * 5), "party")
    add(1, 20, "org-life", "meeting", f"{year - 1}年度组织生活会",
        f"meeting_type: organizational_life\nyear: {year - 1}\nattendance: {{expected: 30, present: 28}}\n", "party")
    add(1, 25, "appraisal", "appraisal", f"{year - 1}年度民主评议党员结果",
        f"appraisal_type: member_democratic\nyear: {year - 1}\nparticipants: 30\n"
        "results: {excellent: 6, qualified: 23, basically_qualified: 1, unqualified: 0}\n", "party")
    add(1, 12, "training", "training", f"{year - 1}年度党员教育培训情况",
        f"year: {year - 1}\nmembers: {{total: 30, met_requirement: 30, required_hours: 24}}\n"
        "leaders: {total: 5, met_requirement: 5, required_hours: 40}\naverage_hours: 36.5\n", "party")
    add(7, 3, "notice", "notice", "关于发展对象的公示",
        f"notice_type: development_target\nfrom: {year}-07-03\nto: {year}-07-09\nchannel: 来信来电请联系机关党委\n"
        f"subjects: [{rng.choice(NAMES)}]\n")
    add(11, 5, "report", "report", f"{year}年度党建工作情况报告",
        f"report_type: party_building_report\nyear: {year}\nto: 局党组\nsubmitted: {year}-11-05\n", "party")
    return out


def generate(out: Path, orgs: int, years: int, seed: int = 20261125) -> int:
    """Write the corpus; returns the number of record files."""
    rng = random.Random(seed)
    data = out / "data"
    if data.exists():
        shutil.rmtree(data)
    (data / "orgs").mkdir(parents=True)
    (data / "site.yaml").write_text(
        "schema_version: 1\nname: 基准测试门户\nroot: org-0000\nprofile: shanghai-organs-2010\n"
        "checks_from: 2024-01-01\noffice_email_domains: [example.gov.cn]\n", encoding="utf-8")
    count = 0
    for i in range(orgs):
        oid = f"org-{i:04d}"
        kind = "committee" if i == 0 else ("general_branch" if i % 10 == 1 else "branch")
        parent = None if i == 0 else ("org-0000" if kind == "general_branch" else f"org-{(i // 10) * 10 + 1:04d}")
        if parent == oid or (parent and int(parent[4:]) >= orgs):
            parent = "org-0000"
        folder = data / "orgs" / oid
        folder.mkdir()
        (folder / "org.yaml").write_text(org_yaml(oid, f"第{i}党组织", kind, parent, rng, years),
                                         encoding="utf-8")
        for y in range(YEAR0, YEAR0 + years):
            (folder / str(y)).mkdir()
            for stem, content in records(oid, y, rng).items():
                (folder / str(y) / f"{stem}.yaml").write_text(content, encoding="utf-8")
                count += 1
    return count


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--orgs", type=int, default=170)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args()
    print(generate(args.out, args.orgs, args.years), "records")
