"""``gongkai build`` and ``gongkai serve``: validate, then build or preview the site with MkDocs.

A build refuses to start when the data has errors in its files (yaml/, layout/, schema/); rule
findings (late or missing disclosures) never stop it, the dashboard shows them. The site is
built into a temporary folder next to the target and swapped in with one rename, so a failed or
killed build leaves the previous site as it was. The same data and as-of date give the same
bytes: MkDocs takes its dates from ``SOURCE_DATE_EPOCH``, which is set from the as-of date.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from gongkai.check.run import CheckResult
from gongkai.core.commandline import command, iso_date
from gongkai.core.errors import PortalError
from gongkai.report import formats
from gongkai.wording import bilingual, text, words

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2



def add_parsers(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    build, serve = command(sub, "build"), command(sub, "serve")
    for p in (build, serve):
        p.add_argument("--audience", choices=["public", "party"], default="public")
        p.add_argument("--as-of", type=iso_date)
        p.add_argument("--config-file", type=Path, metavar="FILE")
        p.add_argument("--lang", choices=["zh", "en"])
        p.add_argument("--no-cache", dest="cache", action="store_false")
    build.add_argument("--site-dir", type=Path, metavar="DIR")
    build.add_argument("--force", action="store_true")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")


def main(args: argparse.Namespace) -> int:
    return cmd_build(args) if args.command == "build" else cmd_serve(args)


def validate(root: Path, as_of: dt.date | None, cache: bool = True) -> tuple[CheckResult, int]:
    """Check the portal; print the findings and return 1 when a file has errors."""
    from gongkai.site.plugin import blocking, check_portal

    result = check_portal(root, as_of, cache)
    if blocking(result):
        lang = result.loaded.portal.language
        sys.stdout.write(formats.text(result.report.sorted(), lang))
        print(text("build.data-errors", lang), file=sys.stderr)
        return result, EXIT_FINDINGS
    return result, EXIT_OK


def config_file(args: argparse.Namespace, root: Path) -> Path:
    path = (args.config_file or root / "mkdocs.yml").resolve()
    if not path.is_file():
        raise PortalError("error.no-site-config", path=path)
    return path


def cmd_build(args: argparse.Namespace) -> int:
    import shutil

    from gongkai.site import audiences
    from gongkai.site.config import command_environment, environment
    from gongkai.site.plugin import checked_once

    root = args.root.resolve()
    cfg_path = config_file(args, root)
    site_dir = (args.site_dir.resolve() if args.site_dir
                else audiences.default_site_dir(root, args.audience))
    _check_site_dir(site_dir, root)
    _check_audience(site_dir, args.audience, args.force)
    result, code = validate(root, args.as_of, args.cache)
    if code:
        return code
    tmp = _temporary_folder(site_dir)
    env = command_environment(args.audience, result.as_of, args.cache, args.lang)
    try:
        with environment(env), checked_once(root, result.as_of, result), _mkdocs_logging():
            pages = _run_mkdocs(cfg_path, tmp)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, KeyboardInterrupt):
            raise
        print(bilingual("build.failed", reason=_reason(exc, cfg_path)), file=sys.stderr)
        return EXIT_FINDINGS
    try:
        swap_in(tmp, site_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _unwritable(site_dir, exc) from None
    print(bilingual("build.done", folder=site_dir, audience=args.audience,
                    as_of=result.as_of.isoformat(), pages=pages))
    return EXIT_OK


def _temporary_folder(site_dir: Path) -> Path:
    """A fresh ``<site>.building-<pid>-*`` next to the site, after removing those that builds
    killed earlier left behind (their process is gone); one clear error when it cannot be made."""
    import tempfile

    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(site_dir)
        return Path(tempfile.mkdtemp(prefix=f"{site_dir.name}.building-{os.getpid()}-",
                                     dir=site_dir.parent))
    except OSError as exc:
        raise _unwritable(site_dir, exc) from None


def remove_leftovers(site_dir: Path) -> list[Path]:
    """Remove the temporary folders of builds that were killed: ``<site>.building-<pid>-*``
    whose process no longer runs, and those of older versions without a process id."""
    import re
    import shutil

    pattern = re.compile(re.escape(site_dir.name) + r"\.(?:building|old)-(?:(\d+)-)?[^/]*")
    removed = []
    for path in site_dir.parent.iterdir():
        match = pattern.fullmatch(path.name)
        if match and path.is_dir() and not path.is_symlink() and not _running(match.group(1)):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    return removed


def _running(pid: str | None) -> bool:
    if pid is None or int(pid) == os.getpid():
        return pid is not None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or cannot tell: leave it
    return True


def _unwritable(site_dir: Path, exc: OSError) -> PortalError:
    reason = exc.strerror or type(exc).__name__
    return PortalError("error.site-unwritable", folder=site_dir, reason=reason)


def _run_mkdocs(cfg_path: Path, site_dir: Path) -> int:
    """The options reach the plugin as they do under ``serve`` (gongkai.site.config)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(cfg_path), site_dir=str(site_dir), strict=True)
    if config.plugins.get("gongkai") is None:
        raise PortalError("error.no-plugin", path=cfg_path)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return sum(1 for _ in site_dir.rglob("index.html"))


def _reason(exc: BaseException, cfg_path: Path) -> str:
    from mkdocs.exceptions import Abort

    if isinstance(exc, Abort):  # a SystemExit too: mkdocs.yml did not load (ERROR lines above)
        return bilingual("build.config-errors", path=cfg_path)
    if isinstance(exc, SystemExit):  # mkdocs-macros exits on a macro error (on_error_fail)
        return bilingual("build.macro-error", code=exc.code)
    said = str(exc) or type(exc).__name__
    if "could not find custom" in said and "module" in said:  # mkdocs-macros' module_name
        return bilingual("build.macros-module", error=said)
    return said


def _check_site_dir(site_dir: Path, root: Path) -> None:
    """The site folder is replaced whole: never let that be the repository or its data."""
    for keep in (root, root / "data", root / "docs", root / "overrides", Path.home()):
        if site_dir == keep or keep.is_relative_to(site_dir):
            raise PortalError("error.site-would-replace", folder=site_dir, keep=keep)
    if site_dir.is_relative_to(root / "data") or site_dir.is_relative_to(root / "docs"):
        raise PortalError("error.site-inside-data", folder=site_dir)
    if site_dir.exists():
        if not site_dir.is_dir():
            raise PortalError("error.not-a-folder", folder=site_dir)
        if any(site_dir.iterdir()) and not (site_dir / "sitemap.xml").is_file():
            raise PortalError("error.site-not-built", folder=site_dir)


def _check_audience(site_dir: Path, audience: str, force: bool) -> None:
    """Never replace the other audience's site by accident (handbook/docs/site.md)."""
    from gongkai.site import audiences

    other = audiences.built_for(site_dir) if site_dir.is_dir() else None
    if other is None or other == audience or force:
        return
    raise PortalError("error.site-other-audience", folder=site_dir,
                      other=words(f"audience.{other}"), audience=words(f"audience.{audience}"),
                      default=audiences.DEFAULT_DIRS[audience])


def swap_in(new: Path, target: Path) -> None:
    """Put ``new`` at ``target`` in one step; the old site (if any) is then removed."""
    import shutil
    import tempfile

    if not target.exists():
        os.rename(new, target)
        return
    if _exchange(new, target):  # atomic: there is never a moment without a site
        shutil.rmtree(new)
        return
    old = Path(tempfile.mkdtemp(prefix=f"{target.name}.old-{os.getpid()}-", dir=target.parent))
    os.rename(target, old / "site")
    os.rename(new, target)
    shutil.rmtree(old)


def _exchange(a: Path, b: Path) -> bool:
    """Linux ``renameat2(RENAME_EXCHANGE)``; False where it does not exist."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return int(renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b),
                         rename_exchange)) == 0


@contextlib.contextmanager
def _mkdocs_logging(level: int | None = None) -> Iterator[None]:
    import logging

    level = logging.WARNING if level is None else level
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler.setLevel(level)
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(min(level, logger.level or level))
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)


def _wait_for_fix(args: argparse.Namespace, root: Path, result: CheckResult) -> int:
    """Started on broken data: the preview address shows the findings until they are fixed."""
    from gongkai.site import preview, waiting
    from gongkai.site.plugin import blocking

    lang = result.loaded.portal.language

    def recheck() -> preview.Failure | None:
        again, code = validate(root, args.as_of, args.cache)
        return preview.from_findings(blocking(again), lang) if code else None

    def announce() -> None:
        print(bilingual("serve.waiting", address=args.dev_addr), file=sys.stderr)

    try:
        waiting.wait_for_fix(args.dev_addr, root / "data",
                             preview.from_findings(blocking(result), lang), recheck, announce)
    except OSError as exc:
        print(bilingual("serve.address", address=args.dev_addr, reason=exc.strerror),
              file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        waiting.hand_over()
        return EXIT_FINDINGS
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    """Options reach the plugin as they do for ``build`` (gongkai.site.config); MkDocs' server
    loads the configuration anew for every rebuild, and they hold for every one."""
    from gongkai.site.config import command_environment, environment
    from gongkai.site.plugin import checked_once

    root = args.root.resolve()
    cfg_path = config_file(args, root)
    with environment(command_environment(args.audience, args.as_of, args.cache, args.lang)):
        result, code = validate(root, args.as_of, args.cache)
        if code:
            return _wait_for_fix(args, root, result) or _serve(args, cfg_path)
        with checked_once(root, args.as_of, result):
            return _serve(args, cfg_path)


def _serve(args: argparse.Namespace, cfg_path: Path) -> int:
    import logging

    from mkdocs.commands.serve import serve

    with _mkdocs_logging(logging.INFO):
        # The plugin adds data/ to what is watched; a dirty build rebuilds only the pages whose
        # content changed (gongkai.site.incremental)
        try:
            serve(config_file=str(cfg_path), dev_addr=args.dev_addr, livereload=True,
                  build_type="dirty")
        except OSError as exc:  # the address is taken or cannot be bound
            reason = exc.strerror or type(exc).__name__
            raise PortalError("error.serve-address", address=args.dev_addr,
                              reason=reason) from None
    return EXIT_OK
