"""The MkDocs plugin: loads and checks the portal once per build, adds the generated pages and
fills them by calling their macro, sets their titles outside Jinja, copies the attachments of
visible records and writes the search index (site.search, in place of material's).

Event order matters: ``on_page_markdown`` runs after mkdocs-macros (lower priority), so a title
set here is never rendered as a template; the HTML of a generated page (or of a hand-written page
that is one macro call) is kept out of Python-Markdown there and put back in ``on_page_content``
(a fifth of the build, bench/); ``on_page_context`` reads each page's final content for search.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html as htmllib
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import meta
from mkdocs.utils.templates import TemplateContext

from gongkai import wording
from gongkai.check.run import CheckResult, Options, run_check
from gongkai.core.errors import PortalError
from gongkai.harvest.city import departments_json, load_city
from gongkai.report import formats
from gongkai.site import audiences, chrome, history, incremental, macros, pages, preview, search, waiting
from gongkai.site.calendar import CalendarWriter
from gongkai.site.config import GongkaiConfig, effective_as_of, effective_audience, effective_cache
from gongkai.site.exports import Exporter, OutFile, catalog, dumps
from gongkai.site.feeds import FeedWriter
from gongkai.site.html import escape, remember_bodies
from gongkai.site.i18n import t
from gongkai.site.themedir import add_theme_dir
from gongkai.site.view import SiteView

log = get_plugin_logger(__name__)

# a page whose whole source (after the front matter) is one call of one of our page macros, like
# docs/dashboard.md: what macros makes of it is that macro's one HTML block (html.block)
ONE_CALL = re.compile(r"\s*\{\{\s*(home|org_tree|browse|compliance_dashboard|about)\(\s*\)"
                      r"\s*\}\}\s*")


def blocking(result: CheckResult) -> list[Any]:
    """Errors that stop a build: bad files (yaml/, layout/, schema/). Rule errors (overdue
    disclosures) do not; they are what the dashboard is for."""
    return [f for f in result.report.errors if not f.code.startswith("rule/")]


def check_portal(root: Path, as_of: dt.date | None, cache: bool = True) -> CheckResult:
    return run_check(Options(root=root, as_of=as_of, rules=True, cache=cache))


_CHECKED: dict[tuple[Path, dt.date | None], CheckResult] = {}  # see checked_once


@contextlib.contextmanager
def checked_once(root: Path, as_of: dt.date | None, result: CheckResult) -> Iterator[None]:
    """``gongkai build`` and ``gongkai serve`` have just checked the portal: the first build
    inside this block that asks for the same portal and as-of day takes ``result`` instead of
    checking again (a warm check is a tenth of a build: handbook: performance.md#results)."""
    _CHECKED[(root, as_of)] = result
    try:
        yield
    finally:
        _CHECKED.pop((root, as_of), None)


class GongkaiPlugin(BasePlugin[GongkaiConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = "build"
        self.view: SiteView | None = None
        self.urls: dict[str, str] = {}
        self.titles: dict[str, str] = {}
        self.stubs: set[str] = set()  # generated pages: their source is one macro call
        self.specs: dict[str, pages.PageSpec] = {}  # the generated pages, by src_uri
        self.html: dict[str, str] = {}  # a stub's HTML, set aside from Python-Markdown
        self.prerendered: dict[str, str] = {}  # serve: HTML made while finding changed pages
        self.root = Path(".")
        self.incremental = incremental.Incremental(enabled=False)
        self.failure: preview.Failure | None = None  # why the last build failed (serve shows it)
        self._data_failure: preview.Failure | None = None  # the data's part of it
        self.search = search.Collector()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Once per ``mkdocs build`` or serve session (mkdocs keeps this object for the whole
        session because this method exists): a dirty session rebuilds only changed pages."""
        self.command = command
        self.incremental = incremental.Incremental(enabled=dirty)
        remember_bodies(dirty)
        if dirty:
            incremental.quiet_dirty_warning()

    @event_priority(100)  # before the search plugin reads the theme language
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        logging.getLogger("jieba").setLevel(logging.WARNING)
        add_theme_dir(config)  # the escaped <title> comes with the plugin, not from a copy
        base = Path(config.config_file_path or ".").resolve().parent
        self.root = (base / self.config.root).resolve()
        audience = effective_audience(self.config)
        as_of = effective_as_of(self.config)
        result = _CHECKED.pop((self.root, as_of), None)
        self._data_failure = None
        if result is None:
            try:
                result = check_portal(self.root, as_of, cache=effective_cache())
            except PortalError as exc:
                self._data_failure = preview.from_text(exc.message(preview.language("zh")))
                raise PluginError(exc.message("zh") + " / " + exc.message("en")) from exc
        errors = blocking(result)
        if errors:
            lang = result.loaded.portal.language
            self._data_failure = preview.from_findings(errors, lang)
            raise PluginError(  # only what blocks: rule findings go to the dashboard
                formats.text(errors, lang)
                + wording.text("build.plugin-data-errors", lang))
        portal = result.loaded.portal
        self.view = SiteView(portal, audience, result.as_of, result.status,
                             result.report.sorted(), rules_enabled=True,
                             notice_names_days=result.notice_names_days,
                             longest_term=result.longest_term)
        self.view.history = history.read(self.root, result.as_of)
        self.view.city = load_city(self.root, portal.site, audience)
        lang = self.view.lang
        config.theme["language"] = lang
        _without_material_search(config)
        config.extra["gongkai_search"] = search.ui_text(lang)
        name = self.view.site_name + (t("site.party_suffix", lang) if audience == "party" else "")
        config.site_name = str(escape(name))  # the theme prints site_name without escaping
        config.extra["gongkai_footer"] = str(chrome.footer(portal.site, lang))
        config.extra["gongkai_404"] = chrome.not_found(lang)
        base_url = audiences.base_url(portal.site, audience)
        if self.command != "serve" and (audience == "party" or not config.site_url):
            config.site_url = base_url  # a party build never links to the public host
        data_dir = str(self.root / "data")  # `mkdocs serve` rebuilds when a record changes
        if data_dir not in config.watch:
            config.watch.append(data_dir)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        view = self._view()
        self.titles = {}
        for src, key in pages.DOC_TITLES.items():
            if files.get_file_from_path(src) is not None:
                self.titles[src] = t(key, view.lang)
        specs = pages.generated(view, self.config.page_size)
        for spec in specs:
            self._add(files, config, spec.src_uri, pages.stub(spec))
            self.titles[spec.src_uri] = spec.title
        self.specs = {spec.src_uri: spec for spec in specs}
        self.stubs = set(self.specs)
        for f in files.documentation_pages():
            if f.src_uri not in self.stubs and _one_macro_call(f):
                self.stubs.add(f.src_uri)
        for record in view.records.values():
            if view.redacted(record):
                continue  # a redacted record keeps only title, dates and reason: no files
            for name, path in sorted(record.attachments.items()):
                self._add(files, config, f"records/{record.id}/{name}", None,
                          str(self.root / path))
        for out in self._open_data({f.src_uri: f.url for f in files}):
            self._add(files, config, out.src_uri, out.content)
        self.urls = {f.src_uri: f.url for f in files}
        self.search.plan({f.src_uri for f in files.documentation_pages()})
        self.prerendered = {}
        if self.incremental.enabled:
            rendered: dict[str, str] = {}
            self.incremental.plan(config, files, lambda f: self._digest_now(f, rendered))
            self.prerendered = {src: rendered[src] for src in self.incremental.rebuilt
                                if src in rendered}  # what is rebuilt is not rendered twice
        return files

    def _digest_now(self, file: File, rendered: dict[str, str]) -> str | None:
        """A generated page's digest as it would be rendered now; None for a page of docs/."""
        spec = self.specs.get(file.src_uri)
        if spec is None:
            return None
        rendered[spec.src_uri] = html = macros.render(self, file.url, spec.macro, *spec.args)
        return incremental.digest(spec.title, spec.search, html)

    def _open_data(self, urls: dict[str, str]) -> list[OutFile]:
        """Exports, feeds and the calendar: non-page files of the build, so they land in the
        temporary site folder with everything else and are swapped in together."""
        view = self._view()
        base = audiences.base_url(view.portal.site, view.audience)
        exporter = Exporter(view, urls, base)
        out = exporter.files()
        out += FeedWriter(view, urls, base).files()
        out.append(CalendarWriter(view, urls, base).render())
        if view.city is not None:
            out.append(OutFile("data/departments.json", dumps(departments_json(view.city)),
                               t("city.departments", view.lang), "json", len(view.city)))
        return [*out, catalog(exporter, out)]

    def _add(self, files: Files, config: MkDocsConfig, src_uri: str,
             content: str | bytes | None,
             abs_src_path: str | None = None) -> None:
        if files.get_file_from_path(src_uri) is not None:
            raise PluginError(f"docs/{src_uri} clashes with a generated page: remove it")
        if content is not None:
            file = File.generated(config, src_uri, content=content,
                                  inclusion=InclusionLevel.NOT_IN_NAV)
        else:
            file = File.generated(config, src_uri, abs_src_path=abs_src_path or "",
                                  inclusion=InclusionLevel.NOT_IN_NAV)
        files.append(file)

    @event_priority(-100)  # after mkdocs-macros has rendered the page source
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig,
                         files: Files) -> str:
        title = self.titles.get(page.file.src_uri)
        if title is not None:
            # HTML-escaped because the theme prints page.title raw; <title> re-escapes it
            # after striptags (gongkai/site/theme/main.html)
            page.title = str(escape(title))  # type: ignore[misc]
        if page.file.src_uri in self.stubs:
            # A stub (or a page that is one macro call) renders to one raw HTML block
            # (html.block), which Python-Markdown would only pass through after parsing it
            # whole, in time that grows faster than the page (seconds for the dashboard of a
            # large portal): set it aside and put it back as the page's content as it is.
            # (Python-Markdown only adds a newline between top-level elements, as on orgs/;
            # anchors in these pages are not recorded for mkdocs' anchor validation, which
            # only Markdown links use.) A generated page's macro is called here: its stub
            # says render_macros: false, so no Jinja template is compiled for it.
            spec = self.specs.get(page.file.src_uri)
            if spec is not None:
                markdown = self.prerendered.pop(spec.src_uri, "") or macros.render(
                    self, page.file.url, spec.macro, *spec.args)
            self.html[page.file.src_uri] = markdown.strip()
            if spec is not None and self.incremental.enabled:
                self.incremental.seen(spec.src_uri,
                                      incremental.digest(spec.title, spec.search, markdown))
            return ""
        return markdown

    @event_priority(100)  # before any other plugin reads the page's HTML
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig,
                        files: Files) -> str:
        content = self.html.pop(page.file.src_uri, None)
        return html if content is None else content

    @event_priority(-100)  # after every other plugin has changed the page's content
    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        excluded = isinstance(page.meta.get("search"), dict) and page.meta["search"].get("exclude")
        self.search.page(page.file.src_uri, page.url, htmllib.unescape(str(page.title or "")),
                         page.content or "", searchable=not excluded)
        return context

    @event_priority(100)
    def _finish_incremental(self, *, config: MkDocsConfig) -> None:
        if self.incremental.enabled:
            self.incremental.finish(config)
            log.info(wording.bilingual("serve.rebuilt", rebuilt=len(self.incremental.rebuilt),
                                       total=self.incremental.total))

    def on_build_error(self, *, error: Exception) -> None:
        """A build that failed after choosing its pages may have written only some of them:
        the next build of the session rebuilds everything. A preview shows why it failed."""
        self.incremental.fingerprint = None
        self.failure = self._data_failure or preview.from_text(
            str(error) or type(error).__name__, self.view.lang if self.view else "zh")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """While a build has failed, the preview answers with the failure (site/preview.py)."""
        waiting.hand_over()  # `gongkai serve` started on broken data (site/waiting.py)
        return preview.install(server, lambda: self.failure)

    def _build_done(self, *, config: MkDocsConfig) -> None:
        self.failure = None

    @event_priority(-100)
    def _write_search(self, *, config: MkDocsConfig) -> None:
        self.search.write(Path(config.site_dir), self._view().lang)

    def _mark_audience(self, *, config: MkDocsConfig) -> None:
        audiences.write_marker(Path(config.site_dir), self._view().audience)

    on_post_build = CombinedEvent(_finish_incremental, _write_search, _mark_audience,
                                  _build_done)

    def _view(self) -> SiteView:
        if self.view is None:
            raise PluginError("gongkai: the portal was not loaded (on_config did not run)")
        return self.view


def _without_material_search(config: MkDocsConfig) -> None:
    """gongkai's search replaces material's (handbook/docs/search.md): a portal whose
    mkdocs.yml still lists ``search`` gets no second index, which would be fetched on every
    page load."""
    for name, plugin in config.plugins.items():
        if name.rsplit("/", 1)[-1] == "search" and hasattr(plugin.config, "enabled"):
            plugin.config.enabled = False


def _one_macro_call(file: File) -> bool:
    if file.generated_by is not None:
        return False
    try:
        body, front = meta.get_data(file.content_string)
    except (OSError, UnicodeError, ValueError):
        return False
    return front.get("render_macros") is True and ONE_CALL.fullmatch(body) is not None

