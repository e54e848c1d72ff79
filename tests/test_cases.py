"""Data-driven cases: tests/cases/<kind>/valid|invalid/*.yaml.

An invalid case starts with ``# expect: CODE@LINE ...``: the exact multiset of yaml/, layout/
and schema/ findings it must produce, with lines in the case file. A valid case produces none.
Record cases go to data/orgs/case-branch/<year>/<file name>; ``org`` cases become an
organization's org.yaml; ``site`` cases replace data/site.yaml.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from gongkai.check.run import Options, run_check
from portal_kit import make_portal, place_case

CASES = Path(__file__).parent / "cases"
EXPECT = re.compile(r"^#\s*expect:\s*(.*)$", re.M)


def _cases() -> list[Path]:
    return sorted(p for p in CASES.glob("*/*/*.yaml"))


def _place(root: Path, case: Path) -> str:
    return place_case(root, case).relative_to(root).as_posix()


def _expected(case: Path) -> Counter[tuple[str, int]]:
    match = EXPECT.search(case.read_text(encoding="utf-8", errors="replace"))
    if not match:
        return Counter()
    pairs = [item.rsplit("@", 1) for item in match.group(1).split()]
    return Counter((code, int(line)) for code, line in pairs)


@pytest.mark.parametrize("case", _cases(), ids=lambda p: str(p.relative_to(CASES)))
def test_case(case: Path, tmp_path: Path) -> None:
    assert_case(make_portal(tmp_path), case)


def assert_case(root: Path, case: Path) -> None:
    """The case, placed in the portal ``root``, gives exactly its expected findings (also used
    by tests/test_kind_registry.py for a kind of the portal's own)."""
    placed = _place(root, case)
    result = run_check(Options(root=root, rules=False))
    findings = [f for f in result.report.sorted() if not f.code.startswith("rule/")]
    elsewhere = [f for f in findings if f.file != placed]
    assert elsewhere == [], "the case must not disturb the rest of the portal"
    got = Counter((f.code, f.line) for f in findings)
    expected = _expected(case)
    if case.parent.name == "valid":
        assert got == Counter(), [f"{f.code}@{f.line} {f.message('en')}" for f in findings]
    else:
        assert expected, "an invalid case needs an '# expect:' line"
        assert got == expected, [f"{f.code}@{f.line} {f.message('en')}" for f in findings]


def test_every_kind_has_cases() -> None:
    from gongkai.validate.schemas import KINDS

    for kind in (*KINDS, "org", "site"):
        assert list((CASES / kind / "valid").glob("*.yaml")), kind
        assert list((CASES / kind / "invalid").glob("*.yaml")), kind
