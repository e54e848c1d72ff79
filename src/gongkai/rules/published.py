"""A record whose ``published`` day is still to come: a warning that says when it will appear.

The site shows a record only from its ``published`` day on (handbook/docs/site.md), so a future
day, usually a slip for this year's date, hides it silently. Checked against the as-of day (today
in the site timezone), which is why it is not a per-file check (those are cached by content).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from gongkai.core.findings import WARNING, Finding
from gongkai.model.portal import Portal

CODE = "schema/future-published"  # wording: gongkai/core/catalog.py


def future_published(portal: Portal, as_of: dt.date) -> Iterator[Finding]:
    for record in portal.records.values():
        published = record.published
        if isinstance(published, dt.date) and published > as_of:
            yield record.loaded.finding(CODE, record.file, ("published",), WARNING,
                                        published=published.isoformat(),
                                        today=as_of.isoformat())
