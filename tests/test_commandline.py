"""The command line in the catalogue's words (gongkai.core.commandline, handbook:
contributing.md#add-a-wording): every command's help and every argparse error reads
``中文 / English``, and the argparse messages it translates are still argparse's."""

from __future__ import annotations

import argparse
import inspect

import pytest

from gongkai import cli
from gongkai.core import commandline


def commands() -> dict[str, argparse.ArgumentParser]:
    top = cli.parser()
    [sub] = [a for a in top._actions if isinstance(a, argparse._SubParsersAction)]
    return {"gongkai": top, **sub.choices}


def test_every_option_of_every_command_has_help_in_both_languages() -> None:
    found = commands()
    assert {"check", "new", "schema", "migrate", "codeowners", "init", "build", "serve",
            "harvest"} <= set(found)
    for name, parser in found.items():
        text = parser.format_help()  # fills %(default)s and %(kinds)s
        assert text.startswith("用法 usage: ") and "选项 options:" in text, name
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            zh, _, en = str(action.help).partition(" / ")
            assert zh and en and zh != en, (name, action.dest, action.help)
    assert "kind of record: plan, resolution," in found["new"].format_help()
    assert "（默认 20.0）" in found["harvest"].format_help()


@pytest.mark.parametrize(("argv", "said"), [
    (["new", "plan"], "错误：缺少必需的参数：--org / error: the following arguments are "
                      "required: --org"),
    (["check", "--format", "xml"], "错误：参数 --format：无效的选择：'xml'（可选："),
    (["check", "--as-of", "2025-02-30"], "错误：参数 --as-of：不是有效的日期：'2025-02-30'"
                                         "（格式为 YYYY-MM-DD） / error: argument --as-of: not a "
                                         "valid date: '2025-02-30' (YYYY-MM-DD)"),
    (["check", "--org"], "错误：参数 --org：需要一个值 / error: argument --org: expected one "
                         "argument"),
    (["check", "--bogus"], "错误：无法识别的参数：--bogus / error: unrecognized arguments: --bogus"),
    (["harvest", "--workers", "x"], "错误：参数 --workers：无效的 int 值：'x'"),
    (["check", "a\nb\x1b[31m"], "错误：无法识别的参数：a\\x0ab\\x1b[31m / error: "
                                 "unrecognized arguments: a\\x0ab\\x1b[31m\n"),
])
def test_a_wrong_command_line_is_told_in_both_languages(
        argv: list[str], said: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(argv)
    err = capsys.readouterr().err
    assert exc.value.code == 2 and said in err, err
    assert err.startswith("用法 usage: gongkai") and "Traceback" not in err


def test_the_messages_translated_are_argparse_s_own() -> None:
    """A Python whose argparse words a message differently shows it untranslated: this fails
    first, naming the message id to update."""
    source = inspect.getsource(argparse)
    assert [m for m in commandline._ARGPARSE if repr(m) not in source] == []


def test_a_message_within_an_argument_s_message_is_translated_too() -> None:
    said = commandline.translate("argument --x: invalid choice: 'a: b' (choose from 'c', 'd')")
    assert said.zh == "参数 --x：无效的选择：'a: b'（可选：'c', 'd'）"
    assert said.en == "argument --x: invalid choice: 'a: b' (choose from 'c', 'd')"
    assert commandline.translate("something new").en == "something new"


def test_help_fits_the_terminal_in_columns_not_characters(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A Chinese character takes two columns: argparse's own wrapping, which counts
    characters, let a line of Chinese run to nearly twice the width."""
    monkeypatch.setenv("COLUMNS", "80")
    for name, parser in commands().items():
        text = parser.format_help()
        body = text[text.index("\n\n"):]  # the usage lines are argparse's own
        too_wide = [line for line in body.splitlines() if commandline.cells(line) > 80]
        assert too_wide == [], name


@pytest.mark.parametrize("width", [10, 17, 30, 80])
def test_wrapping_keeps_every_character_and_the_punctuation_rules(width: int) -> None:
    text = ("public：只含向社会公开的记录；party：含向社会公开和向全体党员公开的记录（默认 public）"
            " / public: records of scope public; party: public and party (default: public)")
    lines = commandline.wrap(text, width)
    assert all(commandline.cells(line) <= width for line in lines), lines
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert not [line for line in lines if line[0] in "，。、；：）" or line[-1] in "（"], lines
