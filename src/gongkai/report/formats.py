"""Findings as text, JSON, GitHub workflow commands and JUnit XML."""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

from gongkai import wording
from gongkai.core.conventions import footnote, needs_footnote
from gongkai.core.escaping import markdown_text, visible, workflow_inert
from gongkai.core.findings import ERROR, WARNING, Finding, org_of, org_of_file

JSON_VERSION = 1


def text(findings: Sequence[Finding], lang: str) -> str:
    lines = [f"{visible(f.file)}:{f.line}:{f.column}: {f.severity} {f.code} {f.message(lang)}"
             for f in findings]
    lines.append(summary_line(findings, lang))
    per_org = _per_org(findings)
    for org in sorted(per_org):
        counts = per_org[org]
        label = visible(org) or wording.text("report.portal", lang)
        lines.append(f"  {label}: {_counts(counts, lang)}")
    lines += _footnote(findings, lang)
    return "\n".join(lines) + "\n"


def _footnote(findings: Sequence[Finding], lang: str) -> list[str]:
    """The portal-convention footnote, once, when any finding's citation is marked."""
    return [footnote(lang)] if needs_footnote(f.citation for f in findings) else []


def summary_line(findings: Sequence[Finding], lang: str) -> str:
    counts = Counter(f.severity for f in findings)
    return wording.text("report.summary", lang, errors=counts[ERROR], warnings=counts[WARNING])


def _counts(counts: Counter[str], lang: str) -> str:
    return ", ".join(f"{wording.text(f'report.{s}', lang)} {counts[s]}" for s in (ERROR, WARNING))


def _per_org(findings: Sequence[Finding]) -> dict[str, Counter[str]]:
    per_org: dict[str, Counter[str]] = defaultdict(Counter)
    for f in findings:
        per_org[org_of(f)][f.severity] += 1
    return per_org


def as_json(findings: Sequence[Finding], lang: str, extra: dict[str, Any] | None = None) -> str:
    per_org = _per_org(findings)
    doc: dict[str, Any] = {
        "version": JSON_VERSION,
        "summary": {
            "errors": sum(1 for f in findings if f.severity == ERROR),
            "warnings": sum(1 for f in findings if f.severity == WARNING),
            "by_org": {org or "": {"errors": c[ERROR], "warnings": c[WARNING]}
                       for org, c in sorted(per_org.items())},
        },
        "findings": [f.to_dict(lang) for f in findings],
    }
    if needs_footnote(f.citation for f in findings):
        doc["footnotes"] = _footnote(findings, lang)
    doc.update(extra or {})
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], lang: str) -> str:
    """Workflow commands; GitHub shows only ten per step, so a plain summary follows. Only the
    annotations are commands: every other line is made inert (escaping.workflow_inert)."""
    lines = []
    for f in findings:
        props = [f"file={_escape_property(visible(f.file))}"]
        if f.line:
            props += [f"line={f.line}", f"col={max(f.column, 1)}"]
        props.append(f"title={_escape_property(f.code)}")
        lines.append(f"::{f.severity} {','.join(props)}::{_escape_data(f.message(lang))}")
    lines.append(inert(text(findings, lang)).rstrip("\n"))
    return "\n".join(lines) + "\n"


def inert(plain: str) -> str:
    """Every line of ``plain`` as a line the GitHub runner does not read as a command."""
    return "\n".join(workflow_inert(line) for line in plain.split("\n"))


_MD_UNSAFE_CODE = re.compile(r"[`|\\]")  # what a code span in a table cell cannot hold


def github_step_summary(findings: Sequence[Finding], lang: str) -> str:
    """A Markdown table for ``$GITHUB_STEP_SUMMARY``, with every finding."""
    head = wording.text("report.table-head", lang)
    rows = [f"### {summary_line(findings, lang)}", "", head, "|---|---|---|---|---|"]
    for f in findings:
        file = (f"`{visible(f.file)}`" if not _MD_UNSAFE_CODE.search(f.file)
                else markdown_text(f.file))
        rows.append(f"| {file} | {f.line} | {f.severity} | `{f.code}` | "
                    f"{markdown_text(f.message(lang))} |")
    rows += ["", *_footnote(findings, lang)] if _footnote(findings, lang) else []
    return "\n".join(rows) + "\n"


def junit(findings: Sequence[Finding], lang: str, files: Sequence[str] = ()) -> str:
    """One test case per file (yaml/layout/schema) and per organization and rule (rule/…).
    A case carries the ``file`` and ``line`` of its first finding (for a file: the file)."""
    import xml.etree.ElementTree as ET  # only for this format: not on every check's path

    cases: dict[tuple[str, str], list[Finding]] = {(org_of_file(p), p): [] for p in files}
    for f in findings:
        name = f"{f.org or org_of(f)} {f.code}" if f.code.startswith("rule/") else f.file
        cases.setdefault((org_of(f), name), []).append(f)
    suites: dict[str, list[tuple[str, list[Finding]]]] = defaultdict(list)
    for (org, name), items in sorted(cases.items()):
        suites[org or "portal"].append((name, items))
    root = ET.Element("testsuites", name="gongkai check")
    for suite_name, suite_cases in sorted(suites.items()):
        failures = sum(1 for _, items in suite_cases if any(i.severity == ERROR for i in items))
        suite = ET.SubElement(root, "testsuite", name=visible(suite_name),
                              tests=str(len(suite_cases)), failures=str(failures), errors="0",
                              skipped="0")
        for name, items in suite_cases:
            _junit_case(ET.SubElement(suite, "testcase", classname=visible(suite_name),
                                      name=visible(name)), name, items, lang)
    notes = _footnote(findings, lang)
    if notes:
        ET.SubElement(root, "properties").append(ET.Element("property", name="footnote",
                                                            value=notes[0]))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _junit_case(case: Any, name: str, items: list[Finding], lang: str) -> None:
    """Attributes and children of one test case; every text through ``visible`` (XML 1.0
    cannot carry most control characters, not even as references)."""
    import xml.etree.ElementTree as ET

    first = next((i for i in items if i.severity == ERROR), items[0] if items else None)
    case.set("file", visible(first.file if first else name))
    if first is not None:
        case.set("line", str(max(first.line, 1)))
    errors = [i for i in items if i.severity == ERROR]
    if errors:
        body = "\n".join(f"{visible(i.file)}:{i.line}:{i.column}: {i.code} {i.message(lang)}"
                         for i in errors)
        ET.SubElement(case, "failure", message=errors[0].message(lang),
                      type=errors[0].code).text = body
    warnings = [i for i in items if i.severity == WARNING]
    if warnings:
        ET.SubElement(case, "system-out").text = "\n".join(
            f"{visible(i.file)}:{i.line}:{i.column}: warning {i.code} {i.message(lang)}"
            for i in warnings)
