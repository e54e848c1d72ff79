"""The ``harvest`` sub-command's arguments and its entry (handbook: federation.md#harvest)."""

from __future__ import annotations

import argparse
import sys

from gongkai.core.commandline import command
from gongkai.core.errors import PortalError
from gongkai.harvest.config import read_config
from gongkai.harvest.limits import DEFAULT_LIMIT, DEFAULT_TIMEOUT, MAX_WORKERS, Limits
from gongkai.wording import text

EXIT_USAGE = 2


def add_parser(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    cmd = command(sub, "harvest")
    cmd.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS")
    cmd.add_argument("--max-bytes", type=int, default=DEFAULT_LIMIT, metavar="N")
    cmd.add_argument("--workers", type=int, default=MAX_WORKERS, metavar="N")
    cmd.add_argument("--lang", choices=["zh", "en"])


def main(args: argparse.Namespace) -> int:
    from gongkai.harvest.run import exit_code, harvest, report  # jsonschema: only when run

    try:
        config = read_config(args.root)
    except PortalError as exc:
        print(f"gongkai: {exc.message(args.lang or 'zh')}", file=sys.stderr)
        return EXIT_USAGE
    if args.timeout <= 0 or args.max_bytes <= 0 or args.workers <= 0:
        print(text("harvest.bad-limits", args.lang or config.language), file=sys.stderr)
        return EXIT_USAGE
    limits = Limits(timeout=args.timeout, deadline=4 * args.timeout, max_bytes=args.max_bytes)
    states = harvest(args.root, config, limits, args.workers)
    sys.stdout.write(report(states, args.lang or config.language))
    return exit_code(states)
