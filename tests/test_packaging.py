"""The schemas and built-in profiles ship inside the wheel, so a plain install works in CI."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_wheel_carries_validators_and_finds_them(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                    "--no-build-isolation", "-w", str(tmp_path), str(ROOT)], check=True)
    [wheel] = tmp_path.glob("gongkai-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site-packages")
    for schema in (ROOT / "validators" / "schemas").glob("*.yaml"):
        assert f"gongkai/validators/schemas/{schema.name}" in names
    for profile in (ROOT / "validators" / "profiles").glob("*.yaml"):
        assert f"gongkai/validators/profiles/{profile.name}" in names
    probe = ("import gongkai.resources as r, gongkai.schemas as s; "
             "print(r.validators_dir()); s.load_schema('plan')")
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site-packages")}).stdout
    assert out.strip() == str(tmp_path / "site-packages" / "gongkai" / "validators")
