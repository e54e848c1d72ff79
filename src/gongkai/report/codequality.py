"""Findings as a GitLab Code Quality report (``check --format codequality``).

GitLab shows the report in a merge request's widget and diff when a job uploads it as
``artifacts: reports: codequality``. The format is a JSON array of Code Climate issues with
``description``, ``check_name``, ``fingerprint``, ``severity`` and ``location.path`` /
``location.lines.begin``. GitLab compares the fingerprints of a merge request with those of its
target branch to tell new problems from old ones, so a fingerprint must not change when the lines
of a file move: it hashes the code, file, field, organization and period, not the line.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from gongkai.core.findings import ERROR, Finding

SEVERITY = {ERROR: "major"}  # GitLab's scale: info, minor, major, critical, blocker
DEFAULT_SEVERITY = "minor"


def fingerprints(findings: Sequence[Finding]) -> list[str]:
    """One stable hash per finding, independent of its line (also SARIF's partialFingerprints)."""
    seen: Counter[str] = Counter()
    out = []
    for f in findings:
        key = "\0".join((f.code, f.file, f.field, f.org, f.period))
        seen[key] += 1
        if seen[key] > 1:  # the same problem twice in one file: keep both, distinctly
            key += f"\0{seen[key]}"
        out.append(hashlib.sha256(key.encode("utf-8")).hexdigest())
    return out


def issues(findings: Sequence[Finding], lang: str) -> list[dict[str, Any]]:
    out = []
    for f, fingerprint in zip(findings, fingerprints(findings), strict=True):
        out.append({
            "type": "issue",
            "check_name": f.code,
            "description": f"{f.code} {f.message(lang)}",
            "categories": ["Bug Risk" if f.severity == ERROR else "Style"],
            "fingerprint": fingerprint,
            "severity": SEVERITY.get(f.severity, DEFAULT_SEVERITY),
            "location": {"path": f.file, "lines": {"begin": max(f.line, 1)}},
        })
    return out


def codequality(findings: Sequence[Finding], lang: str) -> str:
    return json.dumps(issues(findings, lang), ensure_ascii=False, indent=2) + "\n"
