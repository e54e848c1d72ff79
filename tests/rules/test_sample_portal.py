"""The sample portal (data/) read under today's rules gives only its deliberate, documented
problems (handbook/docs/rules.md, "示例门户中保留的问题")."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from gongkai.check.run import Options, run_check
from gongkai.core.findings import ERROR

REPO = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 12, 3)


def test_the_sample_gives_only_its_deliberate_errors() -> None:
    result = run_check(Options(root=REPO, as_of=AS_OF))
    errors = sorted((f.code, f.org, f.period) for f in result.report.findings
                    if f.severity == ERROR)
    assert errors == [
        ("rule/contact-regular", "treasury-branch-2", "2026-H1"),
        ("rule/term-expiry", "tax-policy-general", "term"),
        ("rule/three-meetings", "treasury-branch-1", "2026-Q3"),
    ]
    not_due_soon = sorted((f.code, f.org, f.severity) for f in result.report.findings
                          if f.status != "due-soon")
    assert not_due_soon == [
        ("rule/contact-regular", "treasury-branch-2", "error"),
        ("rule/org-setup", "treasury-branch-2", "warning"),
        ("rule/resolution-outcome", "retired-branch", "warning"),
        ("rule/term-expiry", "tax-policy-general", "error"),
        ("rule/term-length", "finance-committee", "warning"),
        ("rule/term-length", "office-branch", "warning"),
        ("rule/three-meetings", "treasury-branch-1", "error"),
        ("rule/timely-disclosure", "tax-policy-branch", "warning"),
    ]
    codes = {f.code for f in result.report.findings}
    assert not {c for c in codes if not c.startswith("rule/")}  # no data problem at all
    setup = [f for f in result.report.findings if f.code == "rule/org-setup"]
    assert [(f.org, f.severity) for f in setup] == [("treasury-branch-2", "warning")]
    # what a secretary corrected: no general branch appraises its branches' members again,
    # and the 2026 branch election is for the 3-year term in force
    assert not [f for f in result.report.findings
                if f.code in ("rule/member-appraisal", "rule/term-length")
                and f.period.startswith(("office-branch/2026", "tax-policy-general",
                                         "treasury-general"))]
