"""Findings as SARIF 2.1.0 (``check --format sarif``), for code scanning (GitHub's
``upload-sarif``, other SARIF viewers); handbook/docs/findings.md.

One run of the tool ``gongkai``; one rule per finding code that occurs; one result per finding,
at its file, line and column. ``partialFingerprints`` carry the same line-independent hash as the
GitLab Code Quality report, so a finding keeps its identity when lines move. The tests validate
the output against the official schema (tests/sarif/, from oasis-tcs/sarif-spec).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

from gongkai.core.findings import ERROR, Finding
from gongkai.report.codequality import fingerprints

SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
LEVEL = {ERROR: "error"}  # anything else: warning


def sarif_log(findings: Sequence[Finding], lang: str) -> dict[str, Any]:
    codes = sorted({f.code for f in findings})
    index = {code: n for n, code in enumerate(codes)}
    results = [_result(f, index[f.code], fingerprint, lang)
               for f, fingerprint in zip(findings, fingerprints(findings), strict=True)]
    driver = {"name": "gongkai", "rules": [{"id": code} for code in codes]}
    return {"$schema": SCHEMA, "version": "2.1.0",
            "runs": [{"tool": {"driver": driver}, "language": "zh-CN" if lang == "zh" else "en",
                      "columnKind": "unicodeCodePoints", "results": results}]}


def _result(f: Finding, rule_index: int, fingerprint: str, lang: str) -> dict[str, Any]:
    region = {"startLine": max(f.line, 1)}
    if f.column:
        region["startColumn"] = f.column
    return {
        "ruleId": f.code,
        "ruleIndex": rule_index,
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": f.message(lang)},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": quote(f.file)},
            "region": region,
        }}],
        "partialFingerprints": {"gongkai/v1": fingerprint},
    }


def sarif(findings: Sequence[Finding], lang: str) -> str:
    return json.dumps(sarif_log(findings, lang), ensure_ascii=False, indent=2) + "\n"
