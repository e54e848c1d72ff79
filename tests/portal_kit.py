"""Tiny real portals on disk for tests: a site, a committee and a branch."""

from __future__ import annotations

import textwrap
from pathlib import Path

SITE = """\
schema_version: 2
name: 测试局机关党务公开
root: case-committee
profile: shanghai-organs-2010
checks_from: 2024-01-01
office_email_domains: [example.gov.cn]
"""

COMMITTEE = """\
id: case-committee
name: 测试局机关党委
type: committee
history:
  - {date: 2016-04-12, event: established, approval: {by: 市级机关工作党委, ref: 测〔2016〕1号, date: 2016-04-01}}
discipline: {kind: commission, name: 测试局机关纪委}
maintainers: [committee-office]
"""

BRANCH = """\
id: case-branch
name: 测试局第一党支部
type: branch
parent: case-committee
history:
  - {date: 2016-05-10, event: established, approval: {by: 测试局机关党委, ref: 测〔2016〕3号, date: 2016-05-06}}
discipline: {kind: member}
maintainers: [branch-office]
"""

# a valid record of the kind an office writes most (a contact-the-masses activity)
GOOD_RECORD = """\
kind: contact
title: 与社区党委结对共建
date: 2025-10-17
published: 2025-10-20
scope: public
activity_type: twinning
"""


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def make_portal(root: Path, site: str = SITE) -> Path:
    """A valid portal with two organizations and no records; returns its root."""
    write(root / "data" / "site.yaml", site)
    write(root / "data" / "orgs" / "case-committee" / "org.yaml", COMMITTEE)
    write(root / "data" / "orgs" / "case-branch" / "org.yaml", BRANCH)
    return root


def record_path(root: Path, stem: str, org: str = "case-branch") -> Path:
    return root / "data" / "orgs" / org / stem[:4] / f"{stem}.yaml"


def place_case(root: Path, case: Path) -> Path:
    """Put a tests/cases file where its group belongs: site.yaml, an org.yaml, or a record."""
    group = case.parent.parent.name
    if group == "site":
        target = root / "data" / "site.yaml"
    elif group == "org":
        target = root / "data" / "orgs" / case.stem / "org.yaml"
    else:
        target = record_path(root, case.stem)
    write(target, case.read_bytes())
    return target
