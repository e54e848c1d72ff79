"""``gongkai serve``: after an edit, rebuild only the pages whose content changed.

``gongkai serve`` runs mkdocs' dirty builds, which skip a page unless its ``File.is_modified()``
says otherwise; a generated page always says it is modified, so on its own a dirty build would
rebuild everything. Within a serve session this module decides instead, exactly:

- a generated page (record, organization, listing) is rebuilt when what our macro gives for it,
  its title or its search setting differ from the last build; the check is our macro code only
  (about a fifth of a page's cost: no Jinja, theme or search work);
- a hand-written page in ``docs/`` is always rebuilt (there are five; they hold the nav);
- everything is rebuilt when anything else a page is made of may have changed: mkdocs.yml, the
  files of ``docs/``, of the theme's ``custom_dir`` and of gongkai's own theme folder, the site
  name and language (from data/site.yaml), the site URL; on the first build of a session; and
  after a failed build.

Two things mkdocs leaves undone after a dirty build are done here: pages that no longer exist
(a deleted record) are deleted from the served folder, and the search index keeps the entries
of the pages that were not rebuilt (material's own merge assumes that one page changed). The
result is the same site, byte for byte, as a full build (tests/site/test_site_serve.py).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from gongkai.site.themedir import THEME_DIR

DIRTY_WARNING = "A 'dirty' build is being performed"


def digest(title: str, search: bool, html: str) -> str:
    """What a generated page is made of, besides the configuration."""
    data = f"{title}\0{int(search)}\0{html.strip()}".encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()


class Incremental:
    """The state of one serve session (the plugin object lives as long as the session)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.fingerprint: str | None = None
        self.digests: dict[str, str] = {}  # generated page src_uri -> digest at the last build
        self.outputs: set[str] = set()  # files the last build wrote or kept
        self._current: set[str] = set()  # files this build makes (set by plan)
        self.entries: dict[str, list[Any]] = {}  # page URL -> its search index entries
        self.order: list[str] = []  # page URLs in build order
        self.urls: dict[str, str] = {}
        self.rebuilt: list[str] = []  # src_uris the current build renders
        self.total = 0

    def plan(self, config: MkDocsConfig, files: Files,
             digest_of: Callable[[File], str | None]) -> None:
        """Mark which pages this build renders. ``digest_of`` gives a generated page's digest
        as it would be now (None for a hand-written page: always rebuilt)."""
        fingerprint = _fingerprint(config)
        full = fingerprint != self.fingerprint or _search_internals(config) is False
        self.fingerprint = fingerprint
        pages = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        digests: dict[str, str] = {}
        self.rebuilt = []
        for file in pages:
            now = None if full else digest_of(file)
            if now is not None:
                digests[file.src_uri] = now
            changed = full or now is None or self.digests.get(file.src_uri) != now
            file.is_modified = _answer(changed)  # type: ignore[method-assign]
            if changed:
                self.rebuilt.append(file.src_uri)
        self.digests = digests  # after a full build, filled in by seen() as pages render
        self.total = len(pages)
        self.order = [f.url for f in pages]
        self.urls = {f.src_uri: f.url for f in pages}
        self._current = {f.abs_dest_path for f in files}

    def seen(self, src_uri: str, page_digest: str) -> None:
        """A generated page was rendered in this build."""
        self.digests[src_uri] = page_digest

    def finish(self, config: MkDocsConfig) -> None:
        """After the pages (before the search index is written): merge the search index and
        delete what no longer exists."""
        search = _search_internals(config)
        if search:
            index = search.search_index
            fresh: dict[str, list[Any]] = {}
            for entry in index.entries:
                fresh.setdefault(str(entry.get("location", "")).split("#")[0], []).append(entry)
            for src_uri in self.rebuilt:
                url = self.urls[src_uri]
                self.entries[url] = fresh.get(url, [])
            self.entries = {url: self.entries.get(url, []) for url in self.order}
            index.entries = [entry for url in self.order for entry in self.entries[url]]
            search.search_index_prev = None  # the index above is whole: no merge
        site = Path(config.site_dir).resolve()
        for gone in sorted(self.outputs - self._current):
            _remove(Path(gone), site)
        self.outputs = self._current


def _answer(value: bool) -> Callable[[], bool]:
    return lambda: value


def _fingerprint(config: MkDocsConfig) -> str:
    """Everything besides a generated page's own content that its HTML depends on."""
    h = hashlib.sha256()
    for value in (config.site_name, config.theme["language"], config.site_url or "",
                  config.site_dir, config.use_directory_urls):
        h.update(repr(value).encode("utf-8", "surrogatepass") + b"\0")
    if config.config_file_path and os.path.isfile(config.config_file_path):
        h.update(Path(config.config_file_path).read_bytes())
    for folder in (config.docs_dir, config.theme.custom_dir, str(THEME_DIR)):
        if folder and os.path.isdir(folder):
            for base, dirs, names in os.walk(folder):
                dirs.sort()
                for name in sorted(names):
                    st = os.stat(os.path.join(base, name))
                    h.update(f"{base}/{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode(
                        "utf-8", "surrogateescape"))
    return h.hexdigest()


def _search_internals(config: MkDocsConfig) -> Any:
    """material's search plugin, whose index is merged here; None without search; False for a
    search plugin this was not written for (then every build is a full one)."""
    for name, plugin in config.plugins.items():
        if name.rsplit("/", 1)[-1] != "search":
            continue
        if not plugin.config.get("enabled", True):
            return None
        index = getattr(plugin, "search_index", None)
        if hasattr(plugin, "search_index_prev") and isinstance(getattr(index, "entries", None),
                                                                list):
            return plugin
        return False
    return None


def _remove(path: Path, site: Path) -> None:
    """Delete a file the last build made and this one does not, and its emptied folders."""
    if not path.is_relative_to(site) or not path.is_file():
        return
    path.unlink()
    folder = path.parent
    while folder != site and folder.is_relative_to(site):
        try:
            folder.rmdir()
        except OSError:
            break
        folder = folder.parent


class QuietDirtyWarning(logging.Filter):
    """mkdocs warns that a dirty build may leave links and navigation stale; in a gongkai
    serve session they are not (see above), and under ``strict: true`` the warning would stop
    every build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


def quiet_dirty_warning() -> None:
    """On the logger of the build module that runs: ``mkdocs.commands.build`` under MkDocs,
    ``properdocs.commands.build`` under ProperDocs (which serves ``mkdocs.*`` imports from its
    own modules)."""
    from mkdocs.commands import build

    logger = build.log
    if not any(isinstance(f, QuietDirtyWarning) for f in logger.filters):
        logger.addFilter(QuietDirtyWarning())
