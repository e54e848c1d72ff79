"""Options of the ``gongkai`` MkDocs plugin (``plugins: - gongkai: {...}`` in mkdocs.yml)."""

from __future__ import annotations

import datetime as dt
import os

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

AUDIENCE_ENV = "GONGKAI_AUDIENCE"
AS_OF_ENV = "GONGKAI_AS_OF"
NO_CACHE_ENV = "GONGKAI_NO_CACHE"  # set (to 1) by ``gongkai build/serve --no-cache``


class GongkaiConfig(Config):
    root = c.Type(str, default="")
    """The portal repository (the folder that holds ``data/``), relative to mkdocs.yml;
    default: the folder of mkdocs.yml."""

    audience = c.Choice(("public", "party"), default="public")
    """Which records the site shows: ``public`` (scope public) or ``party`` (public and party).
    The environment variable ``GONGKAI_AUDIENCE`` overrides it (``gongkai serve`` uses it)."""

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
    """Whether the build's check may use the validation cache (gongkai.cache)."""
    return os.environ.get(NO_CACHE_ENV, "") in ("", "0")
