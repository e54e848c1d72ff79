"""The ``gongkai`` command. Exit codes: 0 ok, 1 findings that block, 2 a wrong command line or a
portal that cannot be loaded at all. Bad data is always a finding, never a traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from gongkai import formats
from gongkai.check import Options, run_check
from gongkai.portal import PortalError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"不是有效日期 / not a valid date: {text!r} (YYYY-MM-DD)")


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="gongkai", description="党务公开门户 / party-affairs disclosure portal")
    top.add_argument("--root", type=Path, default=Path("."),
                     help="portal repository root (the folder that holds data/); default: here")
    sub = top.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate records and required disclosures")
    check.add_argument("--as-of", type=_date, help="check as of this day (default: today in the site timezone)")
    check.add_argument("--org", action="append", default=[], help="only this organization (repeatable)")
    check.add_argument("--format", choices=["text", "json", "github", "junit"], default="text")
    check.add_argument("--lang", choices=["zh", "en"], help="message language (default: site.yaml language)")
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args)
    except PortalError as exc:
        print(f"gongkai: {exc.message(getattr(args, 'lang', None) or 'zh')}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE


def cmd_check(args: argparse.Namespace) -> int:
    result = run_check(Options(root=args.root, as_of=args.as_of, orgs=tuple(args.org)))
    lang = args.lang or str(result.loaded.portal.site.get("language", "zh"))
    findings = result.report.sorted()
    if args.format == "json":
        out = formats.as_json(findings, lang, {"as_of": result.as_of.isoformat(),
                                                "status": result.status})
    elif args.format == "github":
        out = formats.github(findings, lang)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(formats.github_step_summary(findings, lang))
    elif args.format == "junit":
        out = formats.junit(findings, lang, sorted(result.loaded.checked))
    else:
        out = formats.text(findings, lang)
    sys.stdout.write(out)
    return EXIT_OK if result.report.ok else EXIT_FINDINGS


if __name__ == "__main__":
    sys.exit(main())
