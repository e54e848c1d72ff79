"""``gongkai init DIR`` (issue 14, item 2): a complete portal that checks clean and builds both
audiences; questions in a terminal; refusals in plain words, never a traceback."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
import sitekit
import yaml

from gongkai.cli import main
from gongkai.rules.profile import DEFAULT_PROFILE
from gongkai.tools.init import schema_version

FLAGS = ["--name", "市某局机关党务公开", "--root-id", "x-committee", "--root-name", "市某局机关党委",
         "--department", "市某局", "--base-url", "https://dangwu.example.gov.cn/"]


def init(target: Path, *args: str) -> int:
    return main(["init", str(target), *args])


def test_init_writes_a_portal_that_checks_clean_and_builds_both_audiences(tmp_path: Path) -> None:
    root = tmp_path / "portal"
    assert init(root, *FLAGS, "--maintainer", "alice") == 0
    for rel in ("data/site.yaml", "data/orgs/x-committee/org.yaml", "mkdocs.yml", "docs/index.md",
                "macros/main.py", ".github/workflows/gongkai-main.yml",
                ".github/workflows/gongkai-pull-request.yml", ".github/CODEOWNERS",
                ".vscode/settings.json", ".pre-commit-config.yaml", ".gitignore", "README.md",
                "schema/meeting.json", "schema/site.json"):
        assert (root / rel).is_file(), rel
    site = yaml.safe_load((root / "data/site.yaml").read_text("utf-8"))
    assert site["schema_version"] == schema_version() and site["profile"] == DEFAULT_PROFILE
    assert "/data/orgs/x-committee/ @alice" in (root / ".github/CODEOWNERS").read_text("utf-8")
    assert not (root / "overrides").exists()
    done = sitekit.gongkai(root, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    for audience, folder in (("public", "site"), ("party", "site-party")):
        done = sitekit.gongkai(root, "build", "--audience", audience, "--site-dir", folder)
        assert done.returncode == 0, done.stdout + done.stderr
        assert (root / folder / "index.html").is_file()


@pytest.mark.parametrize("root_type", ["working_committee", "committee", "general_branch", "branch"])
def test_every_root_type_checks_without_errors(tmp_path: Path, root_type: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert init(tmp_path / "p", *FLAGS, "--root-type", root_type, "--ci", "none") == 0
    capsys.readouterr()
    assert main(["--root", str(tmp_path / "p"), "check"]) == 0, capsys.readouterr().out


def test_ci_choice_and_install_spec(tmp_path: Path) -> None:
    assert init(tmp_path / "gl", *FLAGS, "--ci", "gitlab",
                "--install-spec", "./vendor/gongkai-0.1.0-py3-none-any.whl") == 0
    ci = yaml.safe_load((tmp_path / "gl/.gitlab-ci.yml").read_text("utf-8"))
    assert ci["variables"]["GONGKAI_SPEC"] == "./vendor/gongkai-0.1.0-py3-none-any.whl"
    assert (tmp_path / "gl/.gitlab/CODEOWNERS").is_file()
    assert not (tmp_path / "gl/.github").exists()
    assert init(tmp_path / "none", *FLAGS, "--ci", "none") == 0
    assert (tmp_path / "none/CODEOWNERS").is_file()
    assert not (tmp_path / "none/.github").exists() and not (tmp_path / "none/.gitlab-ci.yml").exists()


def test_refuses_a_folder_that_is_not_empty_unless_forced(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert init(tmp_path, *FLAGS) == 2
    assert "不是空目录" in capsys.readouterr().err and not (tmp_path / "data").exists()
    assert init(tmp_path, *FLAGS, "--lang", "en") == 2
    assert "is not empty: add --force" in capsys.readouterr().err
    assert init(tmp_path, *FLAGS, "--force") == 0
    assert (tmp_path / "notes.txt").read_text("utf-8") == "mine"
    assert (tmp_path / "data/site.yaml").is_file()


@pytest.mark.parametrize("args,zh,en", [
    ([], "缺少 --name", "--name is missing"),
    (["--name", "门户", "--root-id", "X_Y", "--root-name", "党委"], "组织 id 只能用小写字母",
     "an organization id is 2-63"),
    ([*FLAGS[:6], "--base-url", "dangwu.example"], "网址应以 http:// 或 https:// 开头",
     "a URL starts with http"),
])
def test_bad_answers_are_refused_before_anything_is_written(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], zh: str, en: str) -> None:
    assert init(tmp_path / "p", *args) == 2
    assert zh in capsys.readouterr().err
    assert init(tmp_path / "p", *args, "--lang", "en") == 2
    assert en in capsys.readouterr().err
    assert not (tmp_path / "p").exists()


def _interactive(tmp_path: Path, answers: str, *args: str) -> str:
    """Run ``gongkai init`` with a real terminal as its input; returns what it printed."""
    controller, terminal = pty.openpty()
    try:
        proc = subprocess.Popen([sys.executable, "-m", "gongkai.cli", "init", str(tmp_path / "p"),
                                 *args], stdin=terminal, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True, env=sitekit.environment())
        os.write(controller, answers.encode("utf-8"))
        out, _ = proc.communicate(timeout=120)
    finally:
        os.close(controller)
        os.close(terminal)
    assert proc.returncode == 0, out
    return out


def test_asks_in_chinese_in_a_terminal(tmp_path: Path) -> None:
    out = _interactive(tmp_path, "市某局机关党务公开\nBad Id\nx-committee\n市某局机关党委\n\n\n\n\n\n")
    assert "门户名称" in out and "顶端组织 id" in out and "持续集成" in out
    assert "组织 id 只能用小写字母" in out  # asked again after a bad answer
    assert "Traceback" not in out
    org = yaml.safe_load((tmp_path / "p/data/orgs/x-committee/org.yaml").read_text("utf-8"))
    assert org["name"] == "市某局机关党委" and org["type"] == "committee"
    assert (tmp_path / "p/.github/workflows/gongkai-main.yml").is_file()


def test_asks_in_english_with_lang_en(tmp_path: Path) -> None:
    out = _interactive(tmp_path, "Portal\nx-committee\nCommittee\nbranch\n\n\nnone\n\n", "--lang", "en")
    assert "Portal title" in out and "Top organization type" in out and "门户名称" not in out
    assert "wrote a new portal" in out
    org = yaml.safe_load((tmp_path / "p/data/orgs/x-committee/org.yaml").read_text("utf-8"))
    assert org["type"] == "branch"


def test_portal_mkdocs_yml_is_the_sample_s_site() -> None:
    """The init template and the sample's mkdocs.yml configure the same site (no drift)."""
    sample = yaml.safe_load((sitekit.REPO / "mkdocs.yml").read_text("utf-8"))
    portal = yaml.safe_load((sitekit.REPO / "templates/portal/mkdocs.yml").read_text("utf-8"))
    for key in ("theme", "plugins", "markdown_extensions", "nav", "extra", "use_directory_urls"):
        assert portal[key] == sample[key], key
    assert "custom_dir" not in portal["theme"]


def test_build_errors_on_the_way_say_what_they_are(tmp_path: Path) -> None:
    """Issue 14: a broken mkdocs.yml and a missing macros module were both called 'macro error'."""
    root = tmp_path / "portal"
    assert init(root, *FLAGS, "--ci", "none") == 0
    (root / "docs").rename(tmp_path / "docs")
    done = sitekit.gongkai(root, "build")
    assert done.returncode == 1 and "macro error" not in done.stderr
    assert "网站配置" in done.stderr and "有错误，见上方的 ERROR 行" in done.stderr
    (tmp_path / "docs").rename(root / "docs")
    (root / "macros" / "main.py").unlink()
    done = sitekit.gongkai(root, "build")
    assert done.returncode == 1 and "macro error" not in done.stderr
    assert "macros/main.py" in done.stderr and "Traceback" not in done.stderr
    (root / "mkdocs.yml").unlink()
    done = sitekit.gongkai(root, "build")
    assert done.returncode == 2 and "新门户可用 gongkai init 生成全部文件" in done.stderr
