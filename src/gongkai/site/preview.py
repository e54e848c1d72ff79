"""``gongkai serve`` (and ``mkdocs serve``) while the data is broken: every request is answered
with a page listing what is wrong, and the browser reloads by itself once it is fixed.

mkdocs' preview server leaves a failed rebuild unfinished: it waits for a build that never
comes before answering any request, so the browser hangs and the findings are only in the
terminal. Here the plugin records why a build failed (the blocking findings, file:line and
message, or the error), the server's builder no longer lets the failure escape (so the server
moves on to the next version of the site and open pages reload), and while a failure is
recorded every request but livereload's own gets the failure page, carrying livereload's
script: the next successful build reloads it into the site (handbook/docs/deploying.md, "预览").
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from mkdocs.plugins import get_plugin_logger

from gongkai.core.findings import Finding
from gongkai.site.config import LANG_ENV
from gongkai.site.i18n import t
from gongkai.wording import bilingual

log = get_plugin_logger(__name__)  # mkdocs' or ProperDocs' own logger tree


@dataclass(frozen=True)
class Failure:
    """Why the last build failed: (where, message) pairs, in the language to show them in."""

    lang: str
    items: tuple[tuple[str, str], ...]


def language(default: str) -> str:
    """``gongkai serve --lang``, else the site's language."""
    lang = os.environ.get(LANG_ENV) or default
    return "en" if lang == "en" else "zh"


def from_findings(findings: Sequence[Finding], lang: str) -> Failure:
    lang = language(lang)
    items = tuple((f"{f.file}:{f.line}" if f.line else f.file, f.message(lang))
                  for f in findings)
    return Failure(lang, items)


def from_text(text: str, lang: str = "zh") -> Failure:
    return Failure(language(lang), (("", text),))


def page(failure: Failure, refresh: bool = False) -> bytes:
    """A whole HTML page, every text escaped; no asset from the (missing) site. ``refresh``:
    reloads itself every two seconds (before the preview server runs; site/waiting.py)."""
    words = {key: t(f"preview.{key}", failure.lang)
             for key in ("title", "lead", "count", "building")}
    if not failure.items:
        words = {**words, "title": words["building"], "lead": "", "count": ""}
    rows = "\n".join(
        f"<li>{'<code>' + html.escape(where) + '</code> ' if where else ''}"
        f"{html.escape(message)}</li>" for where, message in failure.items)
    return f"""<!doctype html>
<html lang="{'en' if failure.lang == 'en' else 'zh-CN'}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{words['title']}</title>{'<meta http-equiv="refresh" content="2">' if refresh else ''}
<style>body{{font:16px/1.6 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}}
h1{{color:#b00020;font-size:1.4rem}}li{{margin:.4rem 0}}code{{background:#f3f3f3;padding:0 .2rem}}</style>
</head>
<body>
<h1>{words['title']}</h1>
<p>{words['lead']}</p>
<p>{words['count'].format(n=len(failure.items))}</p>
<ul>
{rows}
</ul>
</body>
</html>
""".encode()


App = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def install(server: Any, failure: Callable[[], Failure | None]) -> Any:
    """Wrap the preview server's builder and request handler (``on_serve``)."""
    build = server.builder

    def builder(*args: Any, **kwargs: Any) -> None:
        try:
            build(*args, **kwargs)
        except (Exception, SystemExit):  # mkdocs-macros exits on a macro error
            if failure() is None:
                raise
            log.error(bilingual("serve.preview-problems"))

    server.builder = builder
    app: App = server.get_app()

    def serve(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        current = failure()
        if current is None or str(environ.get("PATH_INFO", "")).startswith("/livereload/"):
            return app(environ, start_response)
        body = page(current)
        inject = getattr(server, "_inject_js_into_html", None)
        if inject is not None:  # livereload's poller: reloads on the next successful build
            body = inject(body, server._visible_epoch)
        start_response("503 Service Unavailable", [
            ("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
            ("Cache-Control", "no-store")])
        return [body]

    server.set_app(serve)
    return server
