"""Options of the ``gongkai`` MkDocs plugin (``plugins: - gongkai: {...}`` in mkdocs.yml), and
the one way ``gongkai build`` and ``gongkai serve`` hand the command line's choices to it:
environment variables that override mkdocs.yml (:func:`command_environment`), the same for both
commands, since ``serve`` runs MkDocs' own server, which loads the configuration anew on every
rebuild (handbook: site.md, contributing.md#flow).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Iterator, Mapping

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

AUDIENCE_ENV = "GONGKAI_AUDIENCE"
AS_OF_ENV = "GONGKAI_AS_OF"
NO_CACHE_ENV = "GONGKAI_NO_CACHE"  # set (to 1) by ``gongkai build/serve --no-cache``
LANG_ENV = "GONGKAI_LANG"  # the language of the page serve shows while the data has errors


class GongkaiConfig(Config):
    root = c.Type(str, default="")
    """The portal repository (the folder that holds ``data/``), relative to mkdocs.yml;
    default: the folder of mkdocs.yml."""

    audience = c.Choice(("public", "party"), default="public")
    """Which records the site shows: ``public`` (scope public) or ``party`` (public and party).
    The environment variable ``GONGKAI_AUDIENCE`` overrides it (``gongkai build`` and
    ``gongkai serve`` use it)."""

    as_of = c.Optional(c.Type(str))
    """Build the site as of this day (YYYY-MM-DD); default today in the site's timezone.
    ``GONGKAI_AS_OF`` overrides it."""

    page_size = c.Type(int, default=100)
    """Rows per page of a listing (by category, kind, year); keeps listing pages small."""

    latest = c.Type(int, default=15)
    """How many of the latest disclosures the home page shows."""


def effective_audience(config: GongkaiConfig) -> str:
    value = os.environ.get(AUDIENCE_ENV) or config.audience
    if value not in ("public", "party"):
        raise ValueError(f"{AUDIENCE_ENV} must be public or party, not {value!r}")
    return value


def effective_as_of(config: GongkaiConfig) -> dt.date | None:
    value = os.environ.get(AS_OF_ENV) or config.as_of
    return dt.date.fromisoformat(value) if value else None


def effective_cache() -> bool:
    """Whether the build's check may use the validation cache (gongkai.validate.cache)."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")


def command_environment(audience: str, as_of: dt.date | None, cache: bool,
                        lang: str | None) -> dict[str, str | None]:
    """What ``gongkai build`` and ``gongkai serve`` set (None: remove) for the plugin and MkDocs:
    the command line decides audience, as-of day, cache and language, whatever the shell held;
    an as-of day also fixes MkDocs' dates (sitemap, gzip time) for byte-identical output."""
    env: dict[str, str | None] = {
        AUDIENCE_ENV: audience, AS_OF_ENV: as_of.isoformat() if as_of else None,
        NO_CACHE_ENV: None if cache else "1", LANG_ENV: lang, "NO_MKDOCS_2_WARNING": "1"}
    if as_of is not None:
        midnight = dt.datetime(as_of.year, as_of.month, as_of.day, tzinfo=dt.timezone.utc)
        env["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    return env


@contextlib.contextmanager
def environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    """``os.environ`` with ``changes`` applied, as it was again afterwards."""
    saved = {k: os.environ.get(k) for k in changes}
    try:
        _apply(changes)
        yield
    finally:
        _apply(saved)


def _apply(changes: Mapping[str, str | None]) -> None:
    for key, value in changes.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
