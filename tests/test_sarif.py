"""``check --format sarif``: SARIF 2.1.0, valid against the official schema (vendored in
tests/sarif/ from oasis-tcs/sarif-spec, sarif-2.1/schema/sarif-schema-2.1.0.json)."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from gongkai.cli import main
from portal_kit import GOOD_RECORD, make_portal, record_path, write
from test_hostile_output import hostile_portal

SCHEMA = json.loads((Path(__file__).parent / "sarif" / "sarif-schema-2.1.0.json")
                    .read_text(encoding="utf-8"))


def sarif_of(root: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code = main(["--root", str(root), "check", "--as-of", "2025-11-01", "--no-cache",
                 "--format", "sarif", *args])
    out = capsys.readouterr().out
    assert code in (0, 1)
    return json.loads(out)


def test_sarif_is_valid_against_the_official_schema(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = hostile_portal(tmp_path)
    log = sarif_of(root, capsys)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(rules[r["ruleIndex"]] == r["ruleId"] for r in run["results"])
    assert {r["level"] for r in run["results"]} <= {"error", "warning"}


def test_sarif_result_points_at_file_line_and_column(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    root = make_portal(tmp_path)
    write(record_path(root, "2025-10-17-a"), GOOD_RECORD + "color: red\n")
    log = sarif_of(root, capsys, "--lang", "en", "--org", "case-branch")
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "schema/unknown-field"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "data/orgs/case-branch/2025/2025-10-17-a.yaml"
    assert location["region"] == {"startLine": 7, "startColumn": 1}
    assert result["message"]["text"] == "unknown field 'color' (a typo?)"
    assert len(result["partialFingerprints"]["gongkai/v1"]) == 64


def test_a_broken_sarif_log_fails_the_schema() -> None:
    """The vendored schema really checks: a result without a message is refused."""
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "gongkai"}},
                                            "results": [{"ruleId": "x"}]}]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.Draft4Validator(SCHEMA).validate(broken)
