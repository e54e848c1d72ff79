"""The schemas and built-in profiles ship inside the wheel, so a plain install works in CI."""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
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
    wording = ROOT / "src" / "gongkai" / "wording"
    for catalogue in wording.glob("*/*.yaml"):  # the messages, read from the installed package
        assert f"gongkai/wording/{catalogue.parent.name}/{catalogue.name}" in names
    probe = ("import gongkai.core.resources as r, gongkai.validate.schemas as s, gongkai.core.catalog as c; "
             "print(r.validators_dir()); s.load_schema('plan'); "
             "assert c.message('layout/symlink', 'en', {}).startswith('symbolic links')")
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True,
                         cwd=tmp_path, env={"PYTHONPATH": str(tmp_path / "site-packages")}).stdout
    assert out.strip() == str(tmp_path / "site-packages" / "gongkai" / "validators")


# -- issue 14: a new user with only the wheel ----------------------------------------------------

RECORD = """\
# yaml-language-server: $schema=../../../../schema/contact.json
kind: contact
title: 与社区党委结对共建
date: {date}
published: {date}
scope: public
activity_type: twinning
"""


def _run(venv: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(cwd), "LANG": "C.UTF-8",
           "NO_MKDOCS_2_WARNING": "1", "GONGKAI_CACHE_DIR": str(cwd / ".cache-gongkai"),
           "PIP_CACHE_DIR": os.environ.get("PIP_CACHE_DIR",
                                           str(Path.home() / ".cache" / "pip"))}
    done = subprocess.run(list(args), cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900, stdin=subprocess.DEVNULL)
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def test_adopter_journey_from_the_wheel_alone(tmp_path: Path) -> None:
    """`python -m build`, then a fresh venv outside the repository with only the wheel:
    init, new, check, build both audiences; Chinese messages, no traceback."""
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--no-isolation", "-o", str(dist), str(ROOT)],
                   check=True, capture_output=True)
    [wheel], [sdist] = dist.glob("gongkai-*.whl"), dist.glob("gongkai-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {n.split("/", 1)[1] for n in archive.getnames() if "/" in n}
    for part in ("templates/portal/mkdocs.yml", "docs/index.md", "macros/main.py",
                 "validators/profiles/shanghai-organs-2010.yaml", "src/gongkai/site/theme/main.html"):
        assert part in names, part
    home = tmp_path / "adopter"
    home.mkdir()
    assert not home.is_relative_to(ROOT)
    venv = home / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    done = _run(venv, home, str(venv / "bin" / "pip"), "install", "--quiet", str(wheel))
    assert done.returncode == 0, done.stderr
    where = _run(venv, home, "python", "-c", "import gongkai; print(gongkai.__file__)")
    assert where.stdout.strip().startswith(str(venv)), where.stdout

    done = _run(venv, home, "gongkai", "init", "portal", "--name", "市某局机关党务公开",
                "--root-id", "x-committee", "--root-name", "市某局机关党委", "--ci", "gitlab")
    assert done.returncode == 0 and "已在" in done.stdout, done.stdout + done.stderr
    portal = home / "portal"
    done = _run(venv, portal, "gongkai", "new", "contact", "--org", "x-committee",
                "--title", "Twinning")
    assert done.returncode == 0, done.stderr
    record = portal / done.stdout.strip()
    assert record.is_file()
    today = record.name[:10]
    record.write_text(RECORD.format(date=today), encoding="utf-8")  # the clerk fills it in
    done = _run(venv, portal, "gongkai", "check")
    assert done.returncode == 0 and "共 0 个错误" in done.stdout, done.stdout + done.stderr
    for extra in ([], ["--audience", "party"]):
        done = _run(venv, portal, "gongkai", "build", *extra)
        assert done.returncode == 0, done.stdout + done.stderr
    for folder in ("site", "site-party"):
        pages = portal / folder / "records" / "x-committee" / record.stem / "index.html"
        assert "与社区党委结对共建" in pages.read_text(encoding="utf-8")
    done = _run(venv, portal, "gongkai", "init", ".", "--lang", "en", "--name", "x",
                "--root-id", "xx", "--root-name", "x")
    assert done.returncode == 2 and "is not empty" in done.stderr
