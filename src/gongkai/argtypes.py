"""Command-line value types shared by the subcommands."""

from __future__ import annotations

import argparse
import datetime as dt

from gongkai.wording import bilingual


def iso_date(text: str) -> dt.date:
    """``--as-of`` and ``--date``: a real calendar day, YYYY-MM-DD (argparse exits 2 otherwise)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            bilingual("cli.bad-date", value=text)) from None
