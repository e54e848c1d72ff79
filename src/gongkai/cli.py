"""The ``gongkai`` command. Exit codes: 0 ok, 1 findings that block, 2 a wrong command line or a
portal that cannot be loaded at all. Bad data is always a finding, never a traceback.

``check`` is run after every edit, so the modules only some commands need (the site build,
JUnit's XML, git for pull-request mode, the publishing commands) are imported by those commands.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from gongkai import build
from gongkai.check.changes import scope_line
from gongkai.check.run import Options, run_check
from gongkai.core.commandline import Parser, command, iso_date
from gongkai.core.errors import PortalError
from gongkai.harvest import command as harvest_command
from gongkai.report import formats
from gongkai.wording import bilingual, text

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    """Every option's help is in the wording catalogue (gongkai.core.commandline)."""
    top = Parser(prog="gongkai", description=bilingual("cli.description"))
    top.add_argument("--root", type=Path, default=Path("."))
    sub = top.add_subparsers(dest="command", required=True)

    check = command(sub, "check")
    check.add_argument("--as-of", type=iso_date)
    check.add_argument("--org", action="append", default=[])
    check.add_argument("--format", choices=["text", "json", "github", "junit", "codequality", "sarif"],
                       default="text")
    check.add_argument("--lang", choices=["zh", "en"])
    check.add_argument("--changed-since", metavar="REV")
    check.add_argument("--author", metavar="HANDLE")
    check.add_argument("--allow-delete", action="store_true")
    check.add_argument("--no-cache", dest="cache", action="store_false")
    _publishing_commands(sub)
    from gongkai.tools import init

    init.add_parser(sub)
    build.add_parsers(sub)  # build, serve: the module imports mkdocs only when they run
    harvest_command.add_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args)
        if args.command in PUBLISHING:
            return PUBLISHING[args.command](args)
        if args.command in ("build", "serve"):
            return build.main(args)
        if args.command == "init":
            from gongkai.tools import init

            return init.cmd_init(args)
        if args.command == "harvest":
            return harvest_command.main(args)
    except PortalError as exc:
        print(f"gongkai: {exc.message(getattr(args, 'lang', None) or 'zh')}", file=sys.stderr)
        return EXIT_USAGE
    return EXIT_USAGE


def cmd_check(args: argparse.Namespace) -> int:
    if (args.author or args.allow_delete) and args.changed_since is None:
        raise PortalError("error.author-needs-changed-since")
    result = run_check(Options(root=args.root, as_of=args.as_of, orgs=tuple(args.org),
                               changed_since=args.changed_since, author=args.author,
                               allow_delete=args.allow_delete, cache=args.cache))
    lang = args.lang or str(result.loaded.portal.site.get("language", "zh"))
    findings = result.report.sorted()
    if args.format == "json":
        out = formats.as_json(findings, lang, {"as_of": result.as_of.isoformat(),
                                                "status": result.status,
                                                **({"changed_since": result.changes}
                                                   if result.changes else {})})
    elif args.format == "github":
        out = formats.github(findings, lang)
        summary = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary:
            with open(summary, "a", encoding="utf-8") as handle:
                handle.write(formats.github_step_summary(findings, lang))
    elif args.format == "junit":
        out = formats.junit(findings, lang, sorted(result.loaded.checked))
    elif args.format == "codequality":
        from gongkai.report.codequality import codequality

        out = codequality(findings, lang)
    elif args.format == "sarif":
        from gongkai.report.sarif import sarif

        out = sarif(findings, lang)
    else:
        out = formats.text(findings, lang)
    if result.changes and args.format in ("text", "github"):
        scope = scope_line(result.changes, lang)
        out += formats.inert(scope) if args.format == "github" else scope
    sys.stdout.write(out)
    return EXIT_OK if result.report.ok else EXIT_FINDINGS


# -- new, schema, codeowners: the publishing workflow ------------------------------------------


def _publishing_commands(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    new = command(sub, "new")
    kind = new.add_argument("kind", metavar="KIND")
    kind.kinds = _Later(_kinds_help)  # type: ignore[attr-defined]  # read when help is shown
    new.add_argument("--org", required=True, metavar="ID")
    new.add_argument("--date", type=iso_date)
    new.add_argument("--title")
    new.add_argument("--lang", choices=["zh", "en"])
    schema = command(sub, "schema")
    schema.add_argument("--out", type=Path, metavar="DIR")
    schema.add_argument("--check", action="store_true")
    migrate = command(sub, "migrate")
    migrate.add_argument("--lang", choices=["zh", "en"])
    owners = command(sub, "codeowners")
    owners.add_argument("--out", metavar="PATH")


def cmd_new(args: argparse.Namespace) -> int:
    from gongkai.check.run import today_in
    from gongkai.tools import skeleton

    lang = args.lang or "zh"
    try:
        site = skeleton.site_info(args.root)
        lang = args.lang or site.language
        today = today_in(site.timezone)
        rel = skeleton.write_skeleton(args.root, args.kind, args.org, args.date or today,
                                      args.title, lang, published=today)
    except skeleton.FileExists as exc:
        print(f"gongkai: {exc.message(lang)}", file=sys.stderr)
        return EXIT_FINDINGS
    except PortalError as exc:  # unknown kind or organization: a wrong command line
        print(f"gongkai: {exc.message(lang)}", file=sys.stderr)
        return EXIT_USAGE
    print(rel)
    if not (args.root / "schema" / f"{args.kind}.json").is_file():
        print(text("new.hint-schema", lang), file=sys.stderr)
    return EXIT_OK


class _Later:
    """Text made when it is shown (argparse formats ``%(kinds)s`` from the action's attributes
    only for ``--help``), so a command never reads the kind registry for its help."""

    def __init__(self, make: Callable[[], str]) -> None:
        self.make = make

    def __str__(self) -> str:
        return self.make()


def _kinds_help() -> str:
    """The kinds of the registry (gongkai.validate.kinds): ``plan, resolution, …, petition``."""
    from gongkai.validate import kinds

    return ", ".join(kinds.names())


def cmd_schema(args: argparse.Namespace) -> int:
    from gongkai.model.load import use_schemas
    from gongkai.tools import jsonschema_export

    try:
        use_schemas(args.root)  # the portal's own kinds too (handbook: contributing.md#add-a-kind)
    except PortalError as exc:
        print(f"gongkai: {exc.message('zh')}", file=sys.stderr)
        return EXIT_USAGE

    out = args.out or args.root / "schema"
    if args.check:
        stale = jsonschema_export.stale(out)
        for name in stale:
            print(bilingual("schema.stale", path=out / name), file=sys.stderr)
        return EXIT_FINDINGS if stale else EXIT_OK
    written = jsonschema_export.write_all(out)
    print(f"{len(written)} JSON Schema → {out}")
    return EXIT_OK


def cmd_migrate(args: argparse.Namespace) -> int:
    from gongkai.tools import migrate

    sys.stdout.write(migrate.report(migrate.migrate(args.root), args.lang or "zh"))
    return EXIT_OK


def cmd_codeowners(args: argparse.Namespace) -> int:
    from gongkai.tools import codeowners

    root = args.root.resolve()
    target = None if args.out == "-" else (Path(args.out).resolve() if args.out
                                            else root / codeowners.DEFAULT_OUT)
    own = codeowners.DEFAULT_OUT if target is None else None  # stdout: the default file's text
    if target is not None and target.is_relative_to(root):
        own = target.relative_to(root).as_posix()
    owners, orphans = codeowners.generate(root, own)
    for org in orphans:
        print(bilingual("codeowners.orphan", org=org), file=sys.stderr)
    if target is None:
        sys.stdout.write(owners)
        return EXIT_OK
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(owners, encoding="utf-8", newline="\n")
    print(target.relative_to(root).as_posix() if own else str(target))
    return EXIT_OK


PUBLISHING = {"new": cmd_new, "schema": cmd_schema, "codeowners": cmd_codeowners,
              "migrate": cmd_migrate}


if __name__ == "__main__":
    sys.exit(main())
