"""``gongkai build`` and ``gongkai serve`` hand their options to the plugin one way
(site/config.py, handbook: contributing.md#flow), and the portal is checked once per build."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from test_site_build import small_portal

import gongkai.site.plugin
from gongkai.check.run import CheckResult, Options
from gongkai.cli import main
from gongkai.site.config import command_environment, environment


def test_the_command_line_decides_and_fixes_mkdocs_dates() -> None:
    env = command_environment("party", dt.date(2026, 6, 30), False, None)
    assert env["GONGKAI_AUDIENCE"] == "party" and env["GONGKAI_AS_OF"] == "2026-06-30"
    assert env["GONGKAI_NO_CACHE"] == "1" and env["GONGKAI_LANG"] is None  # None: removed
    assert env["SOURCE_DATE_EPOCH"] == str(int(dt.datetime(2026, 6, 30,
                                                           tzinfo=dt.timezone.utc).timestamp()))
    today = command_environment("public", None, True, "en")  # serve without --as-of
    assert today["GONGKAI_AS_OF"] is None and today["GONGKAI_NO_CACHE"] is None
    assert today["GONGKAI_LANG"] == "en" and "SOURCE_DATE_EPOCH" not in today


def test_the_environment_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_AUDIENCE", "party")
    monkeypatch.delenv("GONGKAI_AS_OF", raising=False)
    with environment({"GONGKAI_AUDIENCE": None, "GONGKAI_AS_OF": "2026-06-30"}):
        assert "GONGKAI_AUDIENCE" not in os.environ
        assert os.environ["GONGKAI_AS_OF"] == "2026-06-30"
    assert os.environ["GONGKAI_AUDIENCE"] == "party" and "GONGKAI_AS_OF" not in os.environ


def test_build_checks_once_and_the_shell_does_not_decide(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The check ``build`` makes before MkDocs runs is the one the plugin builds from; options
    left in the shell neither reach the site nor outlive the build."""
    root = small_portal(tmp_path / "portal")
    checks: list[Options] = []
    real = gongkai.site.plugin.run_check

    def counted(options: Options) -> CheckResult:
        checks.append(options)
        return real(options)

    monkeypatch.setattr(gongkai.site.plugin, "run_check", counted)
    monkeypatch.setenv("GONGKAI_AUDIENCE", "party")
    monkeypatch.setenv("GONGKAI_AS_OF", "2025-06-30")
    site = tmp_path / "site"
    assert main(["--root", str(root), "build", "--as-of", "2026-06-30", "--site-dir",
                 str(site)]) == 0
    assert len(checks) == 1
    assert "数据截至 2026-06-30" in (site / "index.html").read_text("utf-8")
    assert (site / ".gongkai-audience").read_text().strip() == "public"
    assert os.environ["GONGKAI_AUDIENCE"] == "party" and os.environ["GONGKAI_AS_OF"] == "2025-06-30"
