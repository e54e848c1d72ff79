"""The same data and as-of date give the same findings and statuses: no dependence on the clock,
the order of files or hash seeds."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from portal_builder import PortalBuilder

D = dt.date


def busy_portal(root: Path, reverse: bool = False) -> PortalBuilder:
    """Several organizations with a mix of met, late, missing and incomplete obligations,
    written in one order or the other."""
    portal = PortalBuilder(root)
    orgs = [("c1", "committee", "wc"), ("g1", "general_branch", "c1"), ("b1", "branch", "g1"),
            ("b2", "branch", "g1"), ("b3", "branch", "c1")]
    for org_id, type_, parent in reversed(orgs) if reverse else orgs:
        portal.org(org_id, type_, parent=parent)
    records = []
    for index, org_id in enumerate(("b1", "b2", "b3")):
        for quarter in range(4):
            day = D(2025, 3 * quarter + 2, 10 + index)
            records.append((org_id, "meeting", day, f"members-{quarter}",
                            {"meeting_type": "members_meeting",
                             "published": day + dt.timedelta(days=40 * (quarter == index))}))
        records.append((org_id, "plan", D(2025, 2, 1 + index), "plan",
                        {"plan_type": "annual_work", "year": 2025}))
        records.append((org_id, "contact", D(2025, 5, 5), "twinning",
                        {"activity_type": "twinning"}))
    records.append(("c1", "resolution", D(2025, 4, 9), "decision",
                    {"decided_by": "机关党委", "major": True, "due": D(2025, 6, 30)}))
    records.append(("c1", "petition", D(2025, 7, 5), "petitions",
                    {"period": {"from": D(2025, 1, 1), "to": D(2025, 6, 30)}, "received": 1,
                     "handled": 0, "pending": 1,
                     "cases": [{"received_on": D(2025, 6, 12), "status": "open"}]}))
    for org_id, kind, day, slug, fields in reversed(records) if reverse else records:
        portal.record(org_id, kind, day, slug, **fields)
    return portal


def run_json(root: Path, seed: str) -> dict[str, object]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "--root", str(root), "check", "--format", "json",
         "--as-of", "2025-11-25"], capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 1, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_same_output_under_different_hash_seeds(tmp_path: Path) -> None:
    busy_portal(tmp_path)
    first, second = run_json(tmp_path, "1"), run_json(tmp_path, "4242")
    assert first == second
    assert any(f["code"].startswith("rule/") for f in first["findings"])  # type: ignore[index]
    assert first["status"] and first["as_of"] == "2025-11-25"


def test_same_findings_whatever_order_the_files_were_written(tmp_path: Path) -> None:
    busy_portal(tmp_path / "a")
    busy_portal(tmp_path / "b", reverse=True)
    a, b = run_json(tmp_path / "a", "0"), run_json(tmp_path / "b", "0")
    assert a == b


def test_repeated_in_process_checks_are_identical(tmp_path: Path) -> None:
    portal = busy_portal(tmp_path)
    first, second = portal.check(D(2025, 11, 25)), portal.check(D(2025, 11, 25))
    assert [f.to_dict("zh") for f in first.report.sorted()] == [
        f.to_dict("zh") for f in second.report.sorted()]
    assert first.status == second.status
