"""Every sentence gongkai shows, in a catalogue per language (handbook: contributing.md#add-a-wording).

The catalogue is data: ``wording/<lang>/*.yaml`` beside this module, one mapping of key to
template per file (``findings.yaml``: the finding codes; ``site.yaml`` and ``city.yaml``: the
interface; ``labels.yaml``: rule names and statuses; ``checks.yaml`` and ``words.yaml``: phrases
that fill other templates; ``errors.yaml``: why a command cannot run; ``cli.yaml``,
``init.yaml``, ``profiles.yaml``, ``report.yaml``, ``skeleton.yaml``: the commands' words). Each
language has the same keys, and each key the same ``{placeholders}`` in every language
(``tests/test_wording.py``). ``bilingual.yaml`` beside the folders holds the lines written in
every language at once (:func:`bilingual`). The files are read once, on first use; nothing
registers wording at import time.

A call site passes its parameters once, by name. A value that is itself wording is passed
language-neutral, as a :class:`Text`, and becomes the reader's language when the message is
rendered; :func:`words` makes one from a catalogue key.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

LANGS = ("zh", "en")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
HOME = Path(__file__).parent


@dataclass(frozen=True, slots=True, order=True)
class Text:
    """A piece of wording in every language, chosen when a message is rendered."""

    zh: str
    en: str

    def in_(self, lang: str) -> str:
        """The wording in ``lang`` (Chinese unless ``en``)."""
        return self.en if lang == "en" else self.zh


class WordingError(Exception):
    """A catalogue file that cannot be used: a packaging mistake, not bad portal data."""


def _read(path: Path) -> dict[str, str]:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise WordingError(f"{path}: a catalogue file maps keys to templates")
    return {str(k): v for k, v in data.items()}


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Every key of ``lang`` (zh or en), from all its files; a key in two files is refused."""
    out: dict[str, str] = {}
    for path in sorted((HOME / lang).glob("*.yaml")):
        entries = _read(path)
        twice = sorted(out.keys() & entries.keys())
        if twice:
            raise WordingError(f"{path}: keys already defined in another file: {twice}")
        out.update(entries)
    return out


@functools.cache
def area(name: str, lang: str = "zh") -> dict[str, str]:
    """The entries of one file (``findings``, ``site``, ...), in the file's order (read once:
    do not change the mapping returned)."""
    return _read(HOME / lang / f"{name}.yaml")


def has(key: str) -> bool:
    return key in catalogue("zh")


def template(key: str, lang: str) -> str:
    return catalogue("en" if lang == "en" else "zh")[key]


def resolve(value: Any, lang: str) -> Any:
    """A parameter as it reads in ``lang``: a :class:`Text` becomes its wording."""
    return value.in_(lang) if isinstance(value, Text) else value


def text(key: str, lang: str, /, **params: Any) -> str:
    """The template ``key`` in ``lang``, filled with ``params`` (a :class:`Text` in ``lang``)."""
    found = template(key, lang)
    if not params:
        return found
    return found.format(**{name: resolve(value, lang) for name, value in params.items()})


def words(key: str, /, **params: Any) -> Text:
    """The wording ``key`` in every language, as one language-neutral parameter value."""
    zh, en = (text(key, lang, **params) for lang in LANGS)
    return Text(zh, en)


@functools.cache
def _bilingual() -> dict[str, str]:
    return _read(HOME / "bilingual.yaml")


def bilingual(key: str, /, **params: Any) -> str:
    """A line in every language at once (``wording/bilingual.yaml``): what a command prints
    before it knows the reader's language, and the text of generated files."""
    found = _bilingual()[key]
    return found.format(**params) if params else found


def both(key: str, /, **params: Any) -> str:
    """The wording ``key`` in every language in one line, ``中文 / English``."""
    return " / ".join(text(key, lang, **params) for lang in LANGS)


def join(parts: list[Text], separator: str) -> Text:
    """``parts`` joined, in each language, with the wording ``separator`` (e.g. ``list.or``)."""
    zh, en = (template(separator, lang).join(part.in_(lang) for part in parts) for lang in LANGS)
    return Text(zh, en)
