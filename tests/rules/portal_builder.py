"""Small real portals on disk for the rule tests: write site.yaml, organizations and records as
YAML files, run ``check`` on them, and pick out the rule findings and statuses.

Every portal has a working committee ``wc`` at its root; tests add the organizations they need
under it and look only at the rule and organization they test. :meth:`PortalBuilder.check`
fails the test if the data itself has any yaml/layout/schema problem, so a rule test never
passes because its record was silently left out of the model.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from gongkai.check.run import CheckResult, Options, run_check
from gongkai.core.findings import Finding

D = dt.date
ADOPTED = D(2025, 1, 1)  # checks_from of every test portal unless a test says otherwise


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the data contract refuses anchors and aliases


class PortalBuilder:
    def __init__(self, root: Path, checks_from: dt.date = ADOPTED,
                 profile: str = "shanghai-organs-2010", language: str = "zh") -> None:
        self.root = root
        self.site: dict[str, Any] = {
            "schema_version": 2, "name": "测试局机关党务公开", "root": "wc", "profile": profile,
            "language": language, "checks_from": checks_from,
            "office_email_domains": ["example.gov.cn"],
        }
        self.write_site()
        self.org("wc", "working_committee", parent=None, name="测试市级机关工作党委")

    def write_site(self) -> None:
        self._dump(self.root / "data" / "site.yaml", self.site)

    def org(self, org_id: str, type_: str = "branch", parent: str | None = "wc",
            established: dt.date | None = None, **fields: Any) -> Path:
        """An organization; ``established`` adds an approved establishment event."""
        doc: dict[str, Any] = {"id": org_id, "name": fields.pop("name", f"测试组织 {org_id}"),
                               "type": type_}
        if parent:
            doc["parent"] = parent
        if established is not None:
            approval = {"by": "上级党组织", "ref": "测〔2025〕1号", "date": established}
            doc["history"] = [{"date": established, "event": "established", "approval": approval}]
        if type_ == "committee":
            doc["discipline"] = {"kind": "commission"}
        elif type_ in ("general_branch", "branch") and fields.get("has_committee", True):
            doc["discipline"] = {"kind": "member"}
        doc.update(fields)
        doc = {k: v for k, v in doc.items() if v is not None}
        return self._dump(self.root / "data" / "orgs" / org_id / "org.yaml", doc)

    def record(self, org: str, kind: str, date: dt.date, slug: str | None = None,
               published: dt.date | None = None, scope: str = "party",
               stem_date: dt.date | None = None, **fields: Any) -> Path:
        """A record file; ``published`` defaults to ``date``, the stem to ``date`` and kind."""
        stem_day = stem_date or date
        slug = slug or kind.replace("_", "-")
        doc: dict[str, Any] = {"kind": kind, "title": f"{kind} {date.isoformat()}", "date": date,
                               "published": published or date, "scope": scope}
        doc.update({k: v for k, v in fields.items() if v is not None})
        path = (self.root / "data" / "orgs" / org / f"{stem_day.year}"
                / f"{stem_day.isoformat()}-{slug}.yaml")
        return self._dump(path, doc)

    def profile(self, name: str, doc: dict[str, Any]) -> Path:
        """A deployment's own profile in ``validators/profiles/``."""
        return self._dump(self.root / "validators" / "profiles" / f"{name}.yaml", doc)

    def check(self, as_of: dt.date, orgs: tuple[str, ...] = ()) -> CheckResult:
        result = run_check(Options(root=self.root, as_of=as_of, orgs=orgs))
        data_problems = [f for f in result.report.findings
                         if not f.code.startswith("rule/")
                         and f.code not in ("schema/profile", "schema/future-published")]
        assert data_problems == [], [(f.code, f.file, f.line, f.field) for f in data_problems]
        return result

    @staticmethod
    def _dump(path: Path, doc: dict[str, Any]) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return path


def findings(result: CheckResult, rule: str, org: str | None = None) -> list[Finding]:
    return [f for f in result.report.sorted()
            if f.code == f"rule/{rule}" and (org is None or f.org == org)]


def summary(result: CheckResult, rule: str, org: str | None = None) -> list[tuple[Any, ...]]:
    """``(severity, status, period, due, file, line)`` of a rule's findings."""
    return [(f.severity, f.status, f.period, f.due, f.file, f.line)
            for f in findings(result, rule, org)]


def statuses(result: CheckResult, rule: str, org: str | None = None) -> dict[str, str]:
    """``period -> status`` of a rule's status list entries."""
    return {str(s["period"]): str(s["status"]) for s in result.status
            if s["rule"] == rule and (org is None or s["org"] == org)}


def status_entry(result: CheckResult, rule: str, org: str, period: str) -> dict[str, Any]:
    matches = [s for s in result.status
               if s["rule"] == rule and s["org"] == org and s["period"] == period]
    assert len(matches) == 1, matches
    return dict(matches[0])


def org_file(org: str) -> str:
    return f"data/orgs/{org}/org.yaml"


def record_file(org: str, date: dt.date, slug: str) -> str:
    return f"data/orgs/{org}/{date.year}/{date.isoformat()}-{slug}.yaml"


def line_of(path: Path, key: str) -> int:
    """The 1-based line where ``key:`` first appears (at any indentation)."""
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = text.strip().lstrip("- ")
        if stripped.startswith(f"{key}:"):
            return number
    raise AssertionError(f"{key} not in {path}")
