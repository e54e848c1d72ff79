"""What readers see on a government disclosure site (handbook/docs/site.md, "读者看到什么 What
readers see"): the footer from site.yaml on every page, a 404 with a way back, an About page for
readers, labelled numbers, how to give an opinion, elections without raw codes. Each portal is
built once with the real ``mkdocs build --strict``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import sitekit

from portal_kit import SITE, write

D = dt.date
AS_OF = "2026-06-30"
HOSTILE = "<script>alert('f')</script>"
FOOTER = f"""\
footer:
  host: "市测试局机关党委{HOSTILE}"
  address: 某某路1号
  phone: 021-12345678
  email: dangwei@example.gov.cn
  copyright: 版权所有 © 市测试局
  icp: "沪ICP备00000000号\\"><img src=x onerror=alert(1)>"
  police: 沪公网安备00000000000000号
  site_code: "0000000000"
"""
CONTACT = "contact: {office_phone: 021-87654321, email: office@example.gov.cn}\n"
ELECTION = "case-branch/2025-03-28-election"
MEETING = "case-branch/2026-03-10-meeting"
TRAINING = "case-branch/2026-01-12-training"
PETITION = "case-branch/2026-01-05-petitions"
CONSULTATION = "case-branch/2026-06-20-canteen"


def env(title: str, day: dt.date) -> dict[str, object]:
    return {"title": title, "date": day, "published": day, "scope": "public"}


def readers_portal(root: Path, site: str) -> Path:
    sitekit.new_portal(root, site)
    committee = root / "data/orgs/case-committee/org.yaml"
    committee.write_text(committee.read_text("utf-8") + CONTACT, "utf-8")
    add = sitekit.add_record
    add(root, "case-branch", "2025-03-28-election", {
        "kind": "election", **env("第一党支部换届选举结果", D(2025, 3, 28)),
        "election_type": "general", "elected_body": "branch_committee", "term_years": 3,
        "candidates_approval": {"by": "测试局机关党委", "ref": "测〔2025〕2号", "date": D(2025, 3, 10)},
        "elected": {"secretary": "张三", "members": ["李四", "王五"]},
        "body": "选举大会由**支部书记**主持。"})
    add(root, "case-branch", "2026-03-10-meeting", {
        "kind": "meeting", **env("支部党员大会", D(2026, 3, 10)), "meeting_type": "members_meeting",
        "attendance": {"expected": 30, "present": 28}})
    add(root, "case-branch", "2026-01-12-training", {
        "kind": "training", **env("2025年度党员教育培训情况", D(2026, 1, 12)), "year": 2025,
        "members": {"total": 6, "met_requirement": 6, "required_hours": 24},
        "average_hours": 30})
    add(root, "case-branch", "2026-01-05-petitions", {
        "kind": "petition", **env("2025年下半年信访情况", D(2026, 1, 5)),
        "period": {"from": D(2025, 7, 1), "to": D(2025, 12, 31)}, "received": 1, "handled": 1,
        "pending": 0, "cases": [{"received_on": D(2025, 8, 1), "status": "handled",
                                 "handled_on": D(2025, 8, 20)}]})
    add(root, "case-branch", "2026-06-20-canteen", {
        "kind": "resolution", **env("关于调整食堂开放时间的决定（征求意见稿）", D(2026, 6, 20)),
        "decided_by": "支部委员会",
        "consultation": {"from": D(2026, 6, 20), "to": D(2026, 7, 3),
                         "channel": "书面意见交支部办公室"}})
    add(root, "case-branch", "2026-03-05-volunteer", {
        "kind": "contact", **env("学雷锋志愿服务", D(2026, 3, 5)), "activity_type": "volunteer",
        "participants": 12, "satisfaction": {"surveyed": 50, "satisfied": 45}})
    add(root, "case-committee", "2026-03-04-activity-budget", {
        "kind": "plan", **env("2026年党组织工作经费预算", D(2026, 3, 4)),
        "plan_type": "activity_budget", "year": 2026, "budget": {"amount": 158000, "currency": "CNY"},
        "approval": {"by": "测试局党组", "ref": "测党组〔2026〕1号", "date": D(2026, 3, 1)}})
    add(root, "case-branch", "2026-02-02-redacted", {
        "kind": "contact", **env("误发的活动记录", D(2026, 2, 2)), "activity_type": "volunteer",
        "withdrawn": {"date": D(2026, 2, 3), "reason": "含有个人信息", "redact": True}})
    return root


def build(root: Path, site_dir: Path) -> Path:
    done = sitekit.mkdocs_build(root, site_dir, "public", AS_OF)
    assert done.returncode == 0, done.stdout + done.stderr
    return site_dir


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("readers")
    return build(readers_portal(tmp / "portal", SITE + FOOTER), tmp / "site")


def page(site_dir: Path, src: str) -> str:
    return (site_dir / src / "index.html").read_text("utf-8")


def record(site_dir: Path, record_id: str) -> str:
    return page(site_dir, f"records/{record_id}")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def article(html: str) -> str:
    return html[html.index('<article class="md-content__inner'):html.index("</article>")]


# -- the footer -------------------------------------------------------------------------------


def test_every_page_has_the_footer(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for path in pages:
        html = path.read_text("utf-8")
        assert '<div class="gk-footer">' in html, path
        assert "主办单位：" in html and "网站标识码：" in html and "公安机关备案号：" in html, path
    home = (site / "index.html").read_text("utf-8")
    assert '<a href="tel:02112345678">021-12345678</a>' in home
    assert '<a href="mailto:dangwei@example.gov.cn">dangwei@example.gov.cn</a>' in home
    assert "版权所有 © 市测试局" in home


def test_a_hostile_footer_value_is_text(site: Path) -> None:
    for path in site.rglob("*.html"):
        html = path.read_text("utf-8")
        assert HOSTILE not in html and "<img src=x" not in html, path
    home = (site / "index.html").read_text("utf-8")
    assert "市测试局机关党委&lt;script&gt;alert(&#39;f&#39;)&lt;/script&gt;" in home
    assert "&lt;img src=x onerror=alert(1)&gt;" in home


def test_no_footer_when_site_yaml_sets_none(tmp_path: Path) -> None:
    root = readers_portal(tmp_path / "portal", SITE)
    built = build(root, tmp_path / "site")
    assert "gk-footer" not in (built / "index.html").read_text("utf-8")


# -- the 404 page and the About page ----------------------------------------------------------


def test_chinese_404_with_links_home_and_to_search(site: Path) -> None:
    html = (site / "404.html").read_text("utf-8")
    assert "<h1>页面不存在</h1>" in html and "404 - Not found" not in html
    assert '<a href="/">返回首页</a>' in html and '<a href="/?q=">搜索本站</a>' in html


def test_english_404(tmp_path: Path) -> None:
    root = readers_portal(tmp_path / "portal", sitekit.REPO_SITE_EN)
    html = (build(root, tmp_path / "site") / "404.html").read_text("utf-8")
    assert "<h1>Page not found</h1>" in html and "Back to the home page" in html
    assert "Search this site" in html and "页面不存在" not in html


def test_about_is_written_for_readers(site: Path) -> None:
    html = article(page(site, "about"))
    words = text_of(html)
    for section in ("公开哪些内容", "公开范围", "公开内容类别", "如何提出意见和建议", "更正与撤回"):
        assert section in words
    assert "向全体党员公开" in words and "党风廉政建设" in words
    assert "<code>" not in html and "<th>category</th>" not in html and "<th>kind</th>" not in html
    assert "gongkai" not in words and "own_decisions" not in words and "scope" not in words
    assert '<a href="tel:02187654321">' in html  # the root organization's office


# -- labelled numbers ---------------------------------------------------------------------------


def test_numbers_carry_their_labels(site: Path) -> None:
    assert "实到 28 / 应到 30 人" in text_of(record(site, MEETING))
    training = text_of(record(site, TRAINING))
    assert "达到要求 6 人 / 共 6 人（要求 24 学时）" in training and "30 学时" in training
    volunteer = text_of(record(site, "case-branch/2026-03-05-volunteer"))
    assert "12 人" in volunteer and "满意 45 人 / 调查 50 人（满意率 90.0%）" in volunteer
    assert "158,000 元" in text_of(record(site, "case-committee/2026-03-04-activity-budget"))
    petition = record(site, PETITION)
    assert "<th>收到日期</th>" in petition and "<th>办结日期</th>" in petition
    assert "<th>收到（件）</th>" not in petition


# -- how to give an opinion -------------------------------------------------------------------


def test_every_record_page_says_how_to_give_an_opinion(site: Path) -> None:
    for path in (site / "records").rglob("index.html"):
        html = path.read_text("utf-8")
        assert "意见和建议" in html, path
        # the branch has no contact: its parent's office
        assert '<a href="tel:02187654321">021-87654321</a>' in html, path
        assert '<a href="mailto:office@example.gov.cn">office@example.gov.cn</a>' in html, path
    for path in site.rglob("*.html"):  # the search box is the only form, and it posts nothing
        forms = re.findall(r"<form\b[^>]*>", path.read_text("utf-8"))
        assert all('role="search"' in f and "method" not in f and "action" not in f
                   for f in forms), (path, forms)


def test_an_open_consultation_gives_its_channel_and_deadline(site: Path) -> None:
    words = text_of(record(site, CONSULTATION))
    assert "本事项正在征求意见，截止 2026-07-03。" in words
    assert "书面意见交支部办公室" in words
    home = text_of((site / "index.html").read_text("utf-8"))
    assert "书面意见交支部办公室" in home and "剩余 3 天" in home


# -- elections: only Markdown is ever 正文 --------------------------------------------------------


def test_election_page_shows_no_raw_code(site: Path) -> None:
    html = record(site, ELECTION)
    words = text_of(html)
    assert "选举产生 支部委员会" in words
    assert "branch_committee" not in html
    assert "<strong>支部书记</strong>" in html  # its Markdown body, under 正文
    body_at = words.index("正文")
    assert "选举大会由" in words[body_at:]


def test_a_version_1_portal_still_builds(tmp_path: Path) -> None:
    root = readers_portal(tmp_path / "portal", SITE.replace("schema_version: 2",
                                                            "schema_version: 1"))
    election = root / f"data/orgs/{ELECTION.replace('case-branch/', 'case-branch/2025/')}.yaml"
    text = election.read_text("utf-8")
    text = re.sub(r"(?m)^body: .*\n", "", text).replace("elected_body:", "body:")
    write(election, text)
    built = build(root, tmp_path / "site")
    html = record(built, ELECTION)
    assert "选举产生 支部委员会" in text_of(html) and "branch_committee" not in html
    assert "正文" not in text_of(article(html))
