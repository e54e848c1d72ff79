"""The command line's parser and value types, in the catalogue's words (handbook:
contributing.md#add-a-wording).

A command's help and its errors are read before the command knows the reader's language, so
they are written in Chinese and English at once, ``中文 / English``. Each option's help is the
catalogue key ``help.<command>.<dest>`` (or ``help.<dest>`` where every command says the same),
each command's ``help.<command>``: the code that declares an option holds no sentence. argparse's
own words (usage, its error messages) are its gettext message ids, mapped here to catalogue keys.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from typing import Any, NoReturn

from gongkai.core.escaping import visible
from gongkai.wording import LANGS, Text, bilingual, both, has, text, words

_SPLIT = "\x1f"  # between the languages of a value type's message (see worded)

# argparse's messages a command line can meet, by gettext message id, and their catalogue keys
_ARGPARSE = {
    "the following arguments are required: %s": "args.required",
    "one of the arguments %s is required": "args.one-of",
    "unrecognized arguments: %s": "args.unrecognized",
    "expected one argument": "args.expected-one",
    "expected at most one argument": "args.expected-at-most-one",
    "expected at least one argument": "args.expected-at-least-one",
    "invalid choice: %(value)r (choose from %(choices)s)": "args.choice",
    "invalid %(type)s value: %(value)r": "args.invalid-value",
    "ambiguous option: %(option)s could match %(matches)s": "args.ambiguous",
    "not allowed with argument %s": "args.not-allowed",
    "ignored explicit argument %r": "args.ignored",
    "argument %(argument_name)s: %(message)s": "args.argument",
}


def _pattern(msgid: str) -> re.Pattern[str]:
    """``msgid`` as a regular expression: each ``%(name)s`` or ``%(name)r`` a group ``name``,
    a bare ``%s`` or ``%r`` the group ``arg``; the last group takes the rest."""
    parts = re.split(r"%(?:\((\w+)\))?[sr]", msgid)
    out = re.escape(parts[0])
    for n in range(1, len(parts), 2):
        last = n == len(parts) - 2
        out += f"(?P<{parts[n] or 'arg'}>.*{'' if last else '?'})" + re.escape(parts[n + 1])
    return re.compile(out, re.S)


_PATTERNS = [(_pattern(msgid), key) for msgid, key in _ARGPARSE.items()]


def translate(message: str) -> Text:
    """An argparse error message in every language: argparse's own (matched by its message id,
    an argument's inner message translated too), ours (see :func:`worded`), or, unknown, as is."""
    for pattern, key in _PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            params: dict[str, Any] = found.groupdict()
            if "message" in params:
                params["message"] = translate(params["message"])
            return words(key, **params)
    if _SPLIT in message:
        zh, en = message.split(_SPLIT, 1)
        return Text(zh, en)
    return Text(message, message)


def worded(key: str, /, **params: Any) -> str:
    """A value type's message in every language, which :func:`translate` takes apart again
    (argparse keeps only ``str(exc)`` of an ``ArgumentTypeError``)."""
    return _SPLIT.join(text(key, lang, **params) for lang in LANGS)


def iso_date(value: str) -> dt.date:
    """``--as-of`` and ``--date``: a real calendar day, YYYY-MM-DD (argparse exits 2 otherwise)."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(worded("args.bad-date", value=value)) from None


_OPENING, _CLOSING = "（《“‘「【", "，。、；：！？）》”’」】"


def cells(text: str) -> int:
    """How many terminal columns ``text`` takes: a wide (CJK) character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _may_break(before: str, char: str) -> bool:
    """Whether a line may break between ``before`` and ``char``: at a space, and beside a
    Chinese character, but never before closing punctuation or after opening punctuation."""
    if char == " " or char in _CLOSING or before in _OPENING:
        return False
    return before == " " or cells(before) == 2 or cells(char) == 2


def _pieces(text: str) -> list[str]:
    """``text`` cut where a line may break (each piece keeps its trailing space)."""
    pieces: list[str] = []
    for char in text:
        if pieces and not _may_break(pieces[-1][-1], char):
            pieces[-1] += char
        else:
            pieces.append(char)
    return pieces


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (a piece longer than that stands alone)."""
    lines: list[str] = []
    line = ""
    for piece in _pieces(" ".join(text.split())):
        if line and cells((line + piece).rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += piece
    return [*lines, line.rstrip()] if line.strip() else lines


class _Formatter(argparse.HelpFormatter):
    """argparse's layout, with lines measured in terminal columns so that Chinese fits."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any = None) -> None:
        super().add_usage(usage, actions, groups, bilingual("args.usage") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """argparse in the catalogue's words; the sub-commands' parsers are of this class too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.update(add_help=False, formatter_class=_Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = bilingual("args.positionals")
        self._optionals.title = bilingual("args.options")
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help=bilingual("args.help"))

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        if action.help is None:
            action.help = _option_help(self.prog, action.dest)
        return action

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        said = visible(both("args.error", message=translate(message)))  # one line, whatever typed
        self.exit(2, f"{self.prog}: {said}\n")


def _option_help(prog: str, dest: str) -> str:
    """The help of option ``dest`` of the command ``prog`` (``gongkai check``): the key
    ``help.check.<dest>``, else ``help.<dest>``, in both languages."""
    command = prog.split()[-1]
    key = next((k for k in (f"help.{command}.{dest}", f"help.{dest}") if has(k)), None)
    if key is None:
        raise KeyError(f"no help for {prog} {dest} in the wording catalogue (help.yaml)")
    return both(key)


def command(sub: argparse._SubParsersAction, name: str) -> Parser:  # type: ignore[type-arg]
    """The sub-command ``name``, its help and description the key ``help.<name>``."""
    said = both(f"help.{name}")
    parser: Parser = sub.add_parser(name, help=said, description=said)
    return parser
