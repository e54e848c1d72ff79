"""Text that leaves the program, made inert for where it goes (handbook/docs/security.md,
"Hostile input"): a terminal, a CI log that reads workflow commands, Markdown, XML.

A record's keys and file names are data: YAML escapes (``"\\e[31m"``, ``"a\\n::error::x"``) put
any character into them, and findings quote them. :func:`visible` writes every control,
line-separating and bidirectional-override character as a visible escape, so a message is one
line that a terminal shows as it is; the functions below build on it.
"""

from __future__ import annotations

import html
import re

# C0 and C1 controls, DEL, U+2028/U+2029 (line and paragraph separators), the bidirectional
# embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), and U+FFFE/U+FFFF
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
_MARKDOWN = re.compile(r"([\\`*_\[\]|#!~])")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every invisible or line-breaking character written as ``\\xNN``/``\\uNNNN``."""
    return _INVISIBLE.sub(_escape, text) if _INVISIBLE.search(text) else text


def workflow_inert(line: str) -> str:
    """One line that the GitHub runner will not read as a workflow command.

    The runner (actions/runner, ``ActionCommand``) takes a line whose text after leading white
    space starts with ``::`` (``TryParseV2``), and one holding ``##[`` anywhere (``TryParse``).
    A backslash before either breaks the match; the line stays readable."""
    line = visible(line)
    stripped = line.lstrip()
    if stripped.startswith("::"):
        line = line[: len(line) - len(stripped)] + "\\" + stripped
    return line.replace("##[", "##\\[")


def markdown_text(text: str) -> str:
    """Plain text for a Markdown table cell: one line, no markup, no links, no raw HTML."""
    return _MARKDOWN.sub(r"\\\1", html.escape(visible(text), quote=False))
