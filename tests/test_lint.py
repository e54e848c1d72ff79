"""The code stays lint-clean and type-clean: ruff and mypy run as part of the test command CI
uses, with the same arguments as ``make lint``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
BIN = Path(sys.executable).parent


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True)


def test_ruff_is_clean() -> None:
    proc = _run(str(BIN / "ruff"), "check", "src", "tests", "bench", "macros", "handbook")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_is_clean() -> None:
    proc = _run(sys.executable, "-m", "mypy", "src", "macros", "handbook")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_make_lint_runs_both() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    assert "ruff check src tests bench macros handbook" in lint and "mypy src macros handbook" in lint
