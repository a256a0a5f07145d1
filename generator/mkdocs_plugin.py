"""The MkDocs adapter, the one module that imports MkDocs: it hands MkDocs what `build.py` makes of the project.

`mkdocs build` and `mkdocs serve` work through the plugin alone: it loads the site in `on_config` and adds
the generated pages and files (`build.make_site_files`: derived, rendered, fonts) in `on_files`. `vinhdanh
build` (`publish.py`) loads first, hands the loaded site to the plugin, and builds into a fresh folder that
replaces the old site only when the whole build succeeded.

Either way the plugin refuses a site folder that is an input (MkDocs empties it first), checks the files
MkDocs reads itself (`content/`, the theme), gives MkDocs the build's time (`SOURCE_DATE_EPOCH`), places the
home page's fragments at their markers, hands each page to the search index as MkDocs writes it, and once
MkDocs has written the site lets the build finish (search index written, cache pruned).

`vinhdanh serve` (`serve`) is a live preview that never stops on a problem: it builds what is valid
(`build.load_preview` decides what), shows every problem in a banner on every page, and says in an error page
what stopped a build. Only builds into its own temporary folder are previews; a published site never carries
the banner. After its first build, the preview is built in MkDocs' dirty mode: every input is loaded and
rendered again, but MkDocs reads and writes only the generated pages whose output changed (`Preview.written`),
and all of them when what every page shows changed; Pagefind indexes once the pages are shown. Moving to
another engine means rewriting this module alone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import hashlib
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast
from urllib.parse import urlsplit

import jinja2
from jinja2.runtime import Context as JinjaContext
from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils.templates import TemplateContext

from . import messages, routes
from .build import (
    PreviewLoad,
    SiteDirError,
    SiteFiles,
    build_time,
    check_site_dir,
    load,
    load_preview,
    make_site_files,
    mark_site_dir,
    now,
    retired_variable_message,
)
from .load import Paths, check_page_file
from .memo import Memo
from .model import Site
from .output import Page
from .problems import BuildFailed, InputError, Level, Problem, Problems, visible
from .readers import ReadError
from .search import SearchIndexError, SearchIndexRun
from .templates import Templates, theme_folders

log = logging.getLogger("mkdocs.plugins.vinhdanh")

_MARKER = re.compile(r"<!--\s*vinhdanh:([a-z-]+)\s*-->")
# Two spots where Material's templates write invalid HTML (the Nu HTML Checker's errors): `autocomplete`
# on its drawer and search checkboxes, and an empty `tabindex` on navigation section labels.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*" for="[^"]+" id="[^"]+") tabindex="">')


def _paths(config: MkDocsConfig, plugin: VinhdanhConfig) -> Paths:
    """Where the inputs of the project configured by `config` live."""
    root = Path(config.config_file_path).parent
    return Paths.at(root, plugin.profiles_dir, plugin.data_dir, config.docs_dir, config.theme.custom_dir,
                    config.config_file_path, plugin.cache_dir, plugin.articles_dir)


_EPOCH = "SOURCE_DATE_EPOCH"
_own_epoch: str | None = None
"""The value this module gave SOURCE_DATE_EPOCH, to tell it from one the user set."""


def _set_epoch(paths: Paths) -> dt.datetime:
    """The build's time (`build.build_time`), given to MkDocs for this build (its sitemap and the sitemap's
    gzip header) unless the user set it: without it, MkDocs would write the clock's time."""
    global _own_epoch
    _restore_epoch()  # left by a build that stopped before its end
    built = build_time(paths)
    if not os.environ.get(_EPOCH, "").strip().isdigit():  # MkDocs would stop on a value that is not a number
        _own_epoch = os.environ[_EPOCH] = str(int(built.timestamp()))
    return built


def _restore_epoch() -> None:
    """Take back the SOURCE_DATE_EPOCH given to MkDocs, once the build is over."""
    global _own_epoch
    if _own_epoch is not None and os.environ.get(_EPOCH) == _own_epoch:
        del os.environ[_EPOCH]
    _own_epoch = None


def _valid_html(html: str) -> str:
    """A page as Material wrote it, minus the invalid attributes. Firefox would restore the checkboxes'
    state on reload without `autocomplete="off"`; vinhdanh.js closes them when a page is shown instead."""
    return _EMPTY_TABINDEX.sub(r"\1>", _TOGGLE_AUTOCOMPLETE.sub(r"\1>", html))


def _in_theme(file: File, config: MkDocsConfig) -> bool:
    """Whether `file` is one of the theme's own (its folder, or Material's), not a page or file of the docs."""
    source = file.abs_src_path
    return source is not None and any(Path(source).is_relative_to(folder) for folder in config.theme.dirs)


@dataclass
class Preview:
    """The live preview's builds into its own folder, and what they keep from one to the next: MkDocs loads
    a new config, and so a new plugin, for each build."""

    config_file: Path
    site_dir: Path
    """The preview's own site folder: only a build into it, by `build`, is a preview."""
    url: str = ""
    """Where it is served: the site's address in its pages (until it is known, mkdocs.yml's)."""
    dev_addr: str | None = None
    """Host and port to listen on ("127.0.0.1:8000"), as `vinhdanh serve -a` gives them."""
    last_site: Site | None = None
    """The last site made from valid registries and conference file, shown while they have errors."""
    failure: str = ""
    """Why the last build stopped, while the error page that says so is built."""
    had_problems: bool = False
    """Whether the last build had problems, to say in the terminal when they are all fixed."""
    strict: bool = False
    """MkDocs' strict mode as mkdocs.yml sets it: the preview builds without it."""
    capture: _Capture | None = None
    """MkDocs' messages during the build under way."""
    written: dict[str, str] | None = None
    """What the last complete build wrote of the generated pages and files: the digest of everything each
    output depends on, by its path in the site folder; None when the next build must be a full one."""
    whole: str = ""
    """The digest of what every page depends on (mkdocs.yml, the theme, content/, nav, the problem banner)
    in the last complete build: when it changes, every page is written again."""
    inputs: str = ""
    """The part of `whole` known before MkDocs reads the pages: when it is unchanged, unchanged pages are
    not read."""
    before: dict[str, str] | None = None
    """`written` as the build under way found it."""
    indexing: tuple[threading.Thread, SearchIndexRun] | None = None
    """Pagefind indexing the last build for search, once its pages are shown (`index_later`): the thread that
    waits for it, and its run."""
    memo: Memo = field(default_factory=Memo)
    """What the last builds parsed and wrote, by their inputs, for the next to reuse (`memo.py`)."""
    env: tuple[str, jinja2.Environment] | None = None
    """The theme's Jinja environment and what it was made from (`theme_env`)."""
    theme_listing: tuple[str, list[str]] | None = None
    """The theme's static files as MkDocs lists them (`kept_theme_listing`), and what they were listed from."""
    page_digests: dict[str, tuple[Page, str]] = field(default_factory=dict)
    """The last build's generated pages with their digest, by source URI: a page the memo gave back again is
    the same object, whose digest is known (hashing every page again would slow every edit)."""

    def load_config(self) -> MkDocsConfig:
        """mkdocs.yml for a build of the preview; raises MkDocs' Abort when it is broken."""
        from mkdocs.config import load_config

        config = load_config(str(self.config_file), site_dir=str(self.site_dir),
                             **({"dev_addr": self.dev_addr} if self.dev_addr else {}))
        # MkDocs' own warnings (a broken link in a page of content/) would stop a strict build: the plugin
        # shows them in the banner instead, as errors when mkdocs.yml asks for strict mode.
        self.strict, config.strict = config.strict, False
        if self.url:
            config.site_url = self.url
        return config

    def build(self, config: MkDocsConfig | None = None) -> None:
        """Build the preview: what is valid, every problem in a banner on every page. Never raises for what
        the project holds: a build that stops all the same is replaced by an error page saying why."""
        self.stop_search()  # Pagefind reads the folder this build writes: indexed again once it is written
        self.memo.next_build()
        started = time.perf_counter()
        log.info("Đang xây dựng bản xem trước…")
        with _Capture().listening() as capture, _collector_paused():
            failure = self._try(config, capture)
        if failure is not None:
            self._fail(failure, [r.getMessage() for r in capture.records if r.levelno >= logging.ERROR])
            return
        seconds = f"{time.perf_counter() - started:.1f}".replace(".", ",")
        log.info(f"Đã cập nhật bản xem trước trong {seconds} giây.")

    def _try(self, config: MkDocsConfig | None, capture: _Capture | None = None) -> Exception | None:
        """One MkDocs build into the preview's folder; the exception that stopped it, if any."""
        global _preview
        from mkdocs.commands.build import build as mkdocs_build

        _preview, self.capture = self, capture
        # After a complete build, MkDocs' dirty mode: the plugin marks what has to be written (`_Rewrite`).
        # `written` is what the folder holds until this build completes (then the plugin sets it again).
        self.before, self.written = self.written, None
        dirty = self.before is not None
        try:
            config = config or self.load_config()
            with _quiet_dirty_warning():
                mkdocs_build(config, serve_url=self.url or config.site_url, dirty=dirty)
        except Exception as error:  # anything that stops a build is shown, and the preview goes on
            return error
        finally:
            _preview, self.capture, self.before = None, None, None
        return None

    def theme_env(self, env: jinja2.Environment, config: MkDocsConfig) -> jinja2.Environment:
        """The theme's Jinja environment of the last build while the theme is the same (its folders, their
        files, the language): its templates are compiled once, not on every edit. MkDocs' environment holds
        nothing else of a build (it sets no globals; the pages' context is handed to each render)."""
        key = (tuple(config.theme.dirs), config.theme.locale, env.globals.keys(), env.filters.keys(),
               *(_tree_digest(Path(folder)) for folder in config.theme.dirs if config.theme.custom_dir == folder))
        key_text = repr(key)
        if self.env is None or self.env[0] != key_text:
            self.env = (key_text, env)
        return self.env[1]

    def kept_theme_listing(self, config: MkDocsConfig) -> None:
        """Have MkDocs list the theme's static files once while the theme is the same, not on every edit: it
        walks the theme's folders, Material's 14,000 icons included, and matches each name against its
        patterns (about 0.08 s a build). Material's folder is the installed package's, which a preview does not
        see change (as `theme_env`); the project's theme folder is looked at on every build."""
        theme = config.theme
        make_env = theme.get_env

        def get_env() -> jinja2.Environment:
            env = make_env()
            list_templates = env.list_templates

            def kept(extensions: Any = None, filter_func: Any = None) -> list[str]:
                key = repr((theme.dirs, sorted(theme.static_templates), extensions,
                            getattr(filter_func, "__qualname__", filter_func),
                            *(_tree_digest(Path(folder)) for folder in theme.dirs if theme.custom_dir == folder)))
                if self.theme_listing is None or self.theme_listing[0] != key:
                    self.theme_listing = (key, list_templates(extensions, filter_func))
                return list(self.theme_listing[1])

            env.list_templates = kept  # type: ignore[method-assign]
            return env

        theme.get_env = get_env  # type: ignore[method-assign]

    def index_later(self) -> None:
        """Index the preview for search once the build has returned and browsers reload: Pagefind reads every
        page again, seconds at a thousand profiles, and the pages need not wait for it. Until it is done the
        preview has no search index; the terminal says when it has."""

        run = SearchIndexRun(self.site_dir)

        def index() -> None:
            try:
                # No file of the last index may stay: Pagefind names some by their content.
                shutil.rmtree(self.site_dir / "pagefind", ignore_errors=True)
                if run.run() is None:
                    return  # stopped by the next build, which indexes its own pages
            except SearchIndexError as error:
                log.error(str(error))
                return
            log.info("Đã cập nhật chỉ mục tìm kiếm của bản xem trước.")

        log.info("Đang cập nhật chỉ mục tìm kiếm; ô tìm kiếm hoạt động lại sau vài giây.")
        self.indexing = (threading.Thread(target=index, name="vinhdanh-search-index", daemon=True), run)
        self.indexing[0].start()

    def wait_for_search(self) -> None:
        """Wait until the search index of the last build is written."""
        if self.indexing is not None:
            self.indexing[0].join()
            self.indexing = None

    def stop_search(self) -> None:
        """Stop indexing the last build, if it is still under way (seconds at a thousand profiles: an editor
        who saves again need not wait for an index of pages about to change)."""
        if self.indexing is not None:
            self.indexing[1].stop()
            self.wait_for_search()

    def _fail(self, error: Exception, logged: list[str]) -> None:
        message = _failure_message(error, logged, self.config_file.parent)
        expected = isinstance(error, (Abort, PluginError)) or type(error).__module__.startswith("jinja2")
        log.error(message, exc_info=None if expected else error)  # a traceback only for what may be a bug
        self.failure, self.had_problems = message, True
        try:
            if self._try(None) is not None:  # the theme or mkdocs.yml itself is broken
                _write_failure_page(self.site_dir, message)
        finally:
            self.failure = ""


_preview: Preview | None = None
"""The preview being built, if any."""


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused for a preview's build: the memo holds a site's worth of objects, which
    each of its full passes walks (about 0.4 s a build at 1,000 profiles). A build leaves little cyclic garbage,
    and the collector, running again once the build has returned, frees it while the browser reloads."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


@contextlib.contextmanager
def _quiet_dirty_warning() -> Iterator[None]:
    """Without MkDocs' warning that a dirty build may leave navigation stale: the plugin writes again every
    page whose output would change (`VinhdanhPlugin._plan_writes`), and the banner must not list it."""

    def keep(record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("A 'dirty' build is being performed")

    logger = logging.getLogger("mkdocs.commands.build")
    logger.addFilter(keep)
    try:
        yield
    finally:
        logger.removeFilter(keep)


class _Generated(File):
    """A generated page or file, which a preview's dirty build writes only when its output changed.

    MkDocs asks `is_modified` twice in dirty mode: before reading a page and before writing it (or copying a
    file). Every page is read, so that titles, navigation and anchors are those of a full build; `unchanged`
    is set once they all are (`on_env`), for outputs the preview folder already holds as this build would
    write them.
    """

    unchanged = False

    def is_modified(self) -> bool:
        return not self.unchanged


class _Deferred(_Generated):
    """A derived file still being made when MkDocs copies the others (a cold build's share images and QR
    codes, `SiteFiles.pending`): the plugin copies it once it is made, after MkDocs has written the pages."""

    made = False

    def copy_file(self, dirty: bool = False) -> None:
        if self.made:
            super().copy_file(dirty)


def _digest(*parts: str | bytes) -> str:
    """A digest of `parts`, each length-prefixed so that no two sequences share one."""
    hashed = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def _tree_digest(folder: Path | None, pages_by_name: bool = False) -> str:
    """A digest of the names, sizes and modification times of the files under `folder`; of Markdown pages
    only their names with `pages_by_name` (they are read and written on every build anyway)."""
    if folder is None or not folder.is_dir():
        return ""
    entries = []
    for top, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(top, name)
            entry = path.relative_to(folder).as_posix()
            if not (pages_by_name and path.suffix == ".md"):
                with contextlib.suppress(OSError):  # gone meanwhile: the next build sees it
                    stat = path.stat()
                    entry += f"\0{stat.st_size}\0{stat.st_mtime_ns}"
            entries.append(entry)
    return _digest(*entries)


def _still_written(before: dict[str, str], path: str, digest: str) -> bool:
    """Whether the output at `path` is in the folder as a build with `digest` would write it."""
    return before.get(path) == digest and os.path.isfile(path)


def _remove_output(path: Path, site_dir: Path) -> None:
    """Remove a page or file a previous build wrote, and the folders it leaves empty."""
    path.unlink(missing_ok=True)
    folder = path.parent
    while folder != site_dir and folder.is_relative_to(site_dir) and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def _preview_for(config: MkDocsConfig) -> Preview | None:
    """The preview being built if `config` builds into its folder: never `vinhdanh build` nor `mkdocs build`."""
    if _preview is not None and Path(config.site_dir).resolve() == _preview.site_dir.resolve():
        return _preview
    return None


class _Capture(logging.Handler):
    """MkDocs' own warnings and errors during a preview build: a warning (a broken link in a page of
    `content/`) goes to the banner, since the preview builds without strict mode; an error says why a
    build stopped."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith(log.name):  # the plugin's own lines are the problems already listed
            self.records.append(record)

    def take(self) -> list[str]:
        """The messages recorded since the last call."""
        messages = [record.getMessage() for record in self.records]
        self.records.clear()
        return messages

    @contextlib.contextmanager
    def listening(self) -> Iterator[_Capture]:
        logger = logging.getLogger("mkdocs")
        logger.addHandler(self)
        try:
            yield self
        finally:
            logger.removeHandler(self)


def _log_problems(problems: Problems) -> None:
    """Print every problem in the terminal, errors as errors and warnings as warnings, then the summary."""
    for problem in problems.sorted():
        log.log(logging.ERROR if problem.level == "error" else logging.WARNING, str(problem))
    if problems.items:
        log.warning(problems.report().splitlines()[-1])


def _keep_error_page(files: Files, config: MkDocsConfig) -> None:
    """A preview with nothing to show: no page at all, so every address is the theme's 404 page, which then
    says so above the banner."""
    for file in [f for f in files if f.is_documentation_page()]:
        files.remove(file)
    config.nav = None


def _lang_of(context: JinjaContext) -> str:
    """The language of the page a theme template writes: `en` under `en/`, else `vi`, as for a template
    without a page (the 404 page, the sitemap)."""
    page = context.get("page")
    file = getattr(page, "file", None)
    return routes.page_lang(file.src_uri) if file is not None else messages.DEFAULT


@jinja2.pass_context
def _theme_t(context: JinjaContext, key: str, /, lang: str | None = None, **values: Any) -> str:
    """`t("…")` in the theme's templates: the interface text `key` (its Vietnamese) in the page's language,
    or in `lang` when given (the 404 page's English section). Not escaped: MkDocs' templates do not
    autoescape, and the catalogue is the project's own text, escaped where written like any other."""
    themes = cast(tuple[Path, ...], context.environment.globals["vd_themes"])
    return messages.catalogue(themes).translate(key, lang or _lang_of(context), **values)


@jinja2.pass_context
def _theme_lang(context: JinjaContext) -> str:
    """The page's language, for `partials/language.html` (Material's strings and `<html lang>`)."""
    return _lang_of(context)


def _english_nav_config(nav_config: Any, exists: Callable[[str], bool], catalogue: messages.Catalogue) -> Any:
    """mkdocs.yml's `nav` for the English pages: each entry's English page (`en/` + its path) when that page
    exists, its title through the catalogue; entries without an English page, and sections left empty, are
    left out (docs/design/english.md, "Done")."""

    def title(text: Any) -> Any:
        return catalogue.translate(text, routes.ENGLISH) if isinstance(text, str) else text

    def english(path: str) -> str | None:
        # Not `routes.in_lang`, which knows the generator's sections: any page of content/ may have a twin.
        twin = f"{routes.ENGLISH}/{path}"
        return twin if exists(twin) else None

    def entry(item: Any) -> Any:
        if isinstance(item, str):  # a page without a title, or a link
            return english(item)
        if isinstance(item, dict) and len(item) == 1:
            (name, value), = item.items()
            if isinstance(value, str):
                path = english(value)
                return {title(name): path} if path is not None else None
            children = entries(value)
            return {title(name): children} if children else None
        return None

    def entries(items: Any) -> list[Any]:
        if not isinstance(items, list):
            items = [{key: value} for key, value in items.items()] if isinstance(items, dict) else [items]
        return [kept for kept in map(entry, items) if kept is not None]

    return entries(nav_config) if nav_config is not None else None


def _nav_paths(nav_config: Any) -> Iterator[str]:
    """The page paths a `nav` configuration names (`_english_nav_config`'s: strings, lists, one-key dicts)."""
    if isinstance(nav_config, str):
        yield nav_config
    elif isinstance(nav_config, list):
        for item in nav_config:
            yield from _nav_paths(item)
    elif isinstance(nav_config, dict):
        for value in nav_config.values():
            yield from _nav_paths(value)


@dataclass(frozen=True)
class _Alternate:
    """A page in one language, for the switch, `hreflang` links and the sitemap."""

    lang: str
    page: MkDocsPage


class VinhdanhConfig(Config):
    """Options of the `vinhdanh` plugin in `mkdocs.yml`."""

    profiles_dir = c.Type(str, default="profiles")
    """Folder of profile files, relative to `mkdocs.yml`."""
    data_dir = c.Type(str, default="data")
    """Folder of the registries and the conference file, relative to `mkdocs.yml`."""
    cache_dir = c.Type(str, default=".cache/vinhdanh")
    """Folder for derived photos and fonts, kept between builds."""
    articles_dir = c.Type(str, default="articles")
    """Folder of the articles (tin bài), relative to `mkdocs.yml`; none there, no article."""


class VinhdanhPlugin(BasePlugin[VinhdanhConfig]):
    """Hands MkDocs what `build.py` makes of the project: generated pages, photos and fonts, and the fragments
    and banner the theme places; refuses what MkDocs must not read or write."""

    def __init__(self) -> None:
        self.prepared: Site | None = None
        """A site already loaded by `vinhdanh build`, so it is not loaded twice."""
        self.site: Site | None = None
        self.files: SiteFiles | None = None
        """What the build hands MkDocs (`build.make_site_files`)."""
        self.generated: dict[str, Page] = {}
        """The generated pages by source path, whose content and head tags are placed as the engine writes them."""
        self.paths: Paths | None = None
        self.now: dt.datetime | None = None
        """The moment the countdown shows (`build.now`), read once per build."""
        self.built: dt.datetime | None = None
        """The build's time: the inputs', for a reproducible site."""
        self.preview: Preview | None = None
        """The live preview this build is for, if it is one."""
        self.shown: PreviewLoad | None = None
        """What this build of the preview shows: its site's state and every problem, for the banner."""
        self.outputs: dict[str, tuple[_Generated, str]] = {}
        """A preview's generated files by their path in the site folder, each with the digest of what its
        output depends on besides `whole`."""
        self.inputs = ""
        """A preview's digest of the inputs every page depends on, known before MkDocs reads a page."""
        self.whole = ""
        """A preview's digest of what every page depends on (`Preview.whole`): `inputs`, the navigation's
        titles, the problem banner."""
        self.nav: Navigation | None = None
        self.english_nav: Navigation | None = None
        """The navigation of the pages under `en/` (`_english_navigation`), when any English page exists."""
        self.alternates: dict[str, list[_Alternate]] = {}
        """Each page with a twin in the other language: both, Vietnamese first, by either's source path."""
        self.english_urls: set[str] = set()
        """The URLs of the English pages (`en/gioi-thieu/`)."""
        self.homes: dict[str, MkDocsPage] = {}
        """The home page of each language that has one, for the switch of a page without a twin."""
        self.deferred: list[_Deferred] = []
        """The derived files MkDocs does not copy: still being made while it writes the pages."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The public address (mkdocs.yml's `site_url`, or `vinhdanh build --site-url`) is the one MkDocs
        # prints in canonical links and the sitemap, and ours in feeds, share images and QR codes.
        if retired := retired_variable_message():
            log.error(retired)
            raise Abort("Chưa xây dựng trang.")
        if not config.site_url:
            # Info: in strict mode a warning would stop a local build, which needs no address (`vinhdanh
            # build` says so in its summary; `--deploy` refuses to build without one).
            log.info("mkdocs.yml không có site_url (địa chỉ công khai của trang): "
                     "trang hồ sơ sẽ không có thẻ chia sẻ và mã QR")
        self.paths = _paths(config, self.config)
        # MkDocs empties the site folder next: never an input (`mkdocs build -d profiles`) nor a folder
        # that is not a site.
        try:
            check_site_dir(Path(config.site_dir), self.paths)
        except SiteDirError as error:
            raise Abort(str(error)) from None
        if self.prepared is not None:
            self.site = self.prepared
        elif (preview := _preview_for(config)) is not None:
            self._load_for_preview(preview)
            # No search engine reads a preview: its sitemap, which lists every page, would be written again
            # on every edit for no one.
            config.theme.static_templates.discard("sitemap.xml")
            preview.kept_theme_listing(config)
        else:
            try:
                self.site = load(self.paths)
            except InputError as error:
                for line in error.problems.report().splitlines():
                    log.error(line)
                raise Abort("Hồ sơ có lỗi; chưa xây dựng trang.") from None
            # Info, not warning: MkDocs' strict mode would stop the build on a warning, and a warning of
            # ours publishes.
            for line in self.site.problems.report().splitlines():
                log.info(line)
        self.now = now()
        self.built = _set_epoch(self.paths)
        return config

    def _load_for_preview(self, preview: Preview) -> None:
        """Load what the live preview shows (`build.load_preview`), keeping every problem for its banner."""
        assert self.paths is not None
        self.preview = preview
        self.shown = load_preview(self.paths, preview.last_site, preview.failure, preview.memo)
        if self.shown.state == "failed":  # the error page of a build that stopped
            self.site = None
            return
        _log_problems(self.shown.problems)
        for note in self.shown.notes:
            log.warning(note)
        if self.shown.state in ("ok", "partial"):
            preview.last_site = self.shown.site
        if preview.had_problems and not self.shown.problems.items:
            log.info("Đã hết lỗi và cảnh báo.")
        preview.had_problems = bool(self.shown.problems.items)
        self.site = self.shown.site

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.paths is not None and self.now is not None and self.built is not None
        # The theme's fragments are the generator's templates, not files of the site: MkDocs copies a theme's
        # files but its templates (`*.html`), and a fragment may be a stylesheet or script that a page of the
        # generator copies where it wants it (the slideshow's).
        # The catalogues of interface text (`messages/`) are the generator's too.
        for file in [f for f in files if f.src_uri.startswith(("fragments/", "messages/")) and _in_theme(f, config)]:
            files.remove(file)
        self._check_files(files)
        mark_site_dir(Path(config.site_dir))  # emptied by MkDocs by now
        before = len(self.shown.problems.items) if self.shown else 0
        try:
            self.files = make_site_files(self.site, self.paths, config.site_url, self.now, self.built, self.shown,
                                         self.preview.memo if self.preview is not None else None)
        except InputError as error:  # a photo that cannot be derived
            for line in error.problems.report().splitlines():
                log.error(line)
            raise Abort("Ảnh có lỗi; chưa xây dựng trang.") from None
        if self.shown is not None and len(self.shown.problems.items) > before:
            _log_problems(Problems(self.shown.problems.root, self.shown.problems.items[before:]))
        if self.site is None:  # a preview with nothing to show
            _keep_error_page(files, config)
        self.generated = {page.src_uri: page for page in self.files.pages}
        generated = [_Generated.generated(config, page.src_uri, content=page.markdown) for page in self.files.pages]
        pending = self.files.pending
        generated += [(_Deferred if asset.src_uri in pending else _Generated).generated(
                          config, asset.src_uri, abs_src_path=str(asset.source))
                      if asset.source is not None else _Generated.generated(config, asset.src_uri, content=asset.content or b"")
                      for asset in self.files.assets]
        self.deferred = [file for file in generated if isinstance(file, _Deferred)]
        if self.preview is not None:
            self._digest_outputs(config, files, generated)
        # One look-up table: MkDocs rebuilds its own index after every append, which is quadratic.
        taken = {file.src_uri for file in files}
        for file in generated:
            if file.src_uri in taken:
                raise PluginError(f"content/{file.src_uri} trùng với một trang được tạo tự động; hãy đổi tên tệp")
            taken.add(file.src_uri)
            files.append(file)
        return files

    def _digest_outputs(self, config: MkDocsConfig, files: Files, generated: list[File]) -> None:
        """For a preview: the digest of what each generated file's output depends on besides what every page
        does (a page's front matter, HTML, head tags and countdown; a file's bytes or its source's size and
        time), and of the inputs every page depends on. Hand-written pages are always read and written:
        their output is removed before MkDocs, in dirty mode, would compare its time with their source's."""
        assert self.files is not None and self.preview is not None and self.shown is not None
        assert self.paths is not None
        # A page's banner is the countdown's fragment with a link relative to the page: the theme's
        # fragments (in `inputs`) made from the countdown in the page's language, frozen dataclasses of plain
        # values.
        banner = self.files.banner
        countdown = repr((banner.countdown, banner.english)) if banner is not None else ""
        known, self.preview.page_digests = self.preview.page_digests, {}
        for file in generated:
            assert isinstance(file, _Generated)
            page = self.generated.get(file.src_uri)
            if page is not None:
                last = known.get(file.src_uri)
                # Identity, not equality: a page kept by the memo is the same object. The HTML's digest is its
                # compressed bytes' (equal bytes for equal HTML).
                if last is None or last[0] is not page:
                    last = (page, _digest(file.content_string, page.packed, page.packed_head))
                self.preview.page_digests[file.src_uri] = last
                digest = _digest(last[1], countdown)
            elif file.abs_src_path is not None:
                stat = os.stat(file.abs_src_path)
                digest = _digest(file.abs_src_path, str(stat.st_size), str(stat.st_mtime_ns))
            else:
                digest = _digest(file.content_bytes)
            self.outputs[file.abs_dest_path] = (file, digest)
        self.inputs = _digest(
            self.paths.config.read_bytes() if self.paths.config else b"", _tree_digest(self.paths.theme),
            _tree_digest(self.paths.content, pages_by_name=True), self.shown.state, config.site_url or "",
            *(str(problem) + problem.level for problem in self.shown.problems.sorted()))
        if self.preview.before is not None:
            for file in files.documentation_pages():
                if not isinstance(file, _Generated):
                    Path(file.abs_dest_path).unlink(missing_ok=True)

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav = nav
        self.english_nav = self._english_navigation(config, files)
        self._pair_pages(files)
        before = self.preview.before if self.preview is not None else None
        if self.preview is None or before is None or self.inputs != self.preview.inputs:
            return nav
        # Every page will most likely be as it was but those whose digest changed: MkDocs reads only those,
        # and the pages in the navigation, whose titles every page shows. `_plan_writes` reads the others
        # after all if what every page shows changed.
        shown = {page.file.src_uri for page in nav.pages}
        shown |= {page.file.src_uri for page in self.english_nav.pages} if self.english_nav is not None else set()
        for path, (file, digest) in self.outputs.items():
            if file.is_documentation_page() and file.src_uri not in shown:
                file.unchanged = _still_written(before, path, digest)
        return nav

    def _english_navigation(self, config: MkDocsConfig, files: Files) -> Navigation | None:
        """The navigation English pages show: mkdocs.yml's tabs whose English page exists, in English; None
        when no page of the site is English. Built by MkDocs from an English `nav` (`_english_nav_config`)
        in the same build; the `Page` objects of the English pages it names, made for the Vietnamese
        navigation, are made again for this one, and their `file.page` is the one that is written."""
        from mkdocs.structure.nav import get_navigation  # MkDocs 1.x is frozen: its navigation stays as is

        english = [file for file in files.documentation_pages() if routes.page_lang(file.src_uri) == routes.ENGLISH]
        if not english or config.nav is None:
            return None
        assert self.paths is not None
        catalogue = messages.catalogue(theme_folders(Templates.of(self.paths.theme).folders))
        nav_config = _english_nav_config(config.nav, lambda path: files.get_file_from_path(path) is not None,
                                         catalogue)
        # The pages of this navigation (or of the Vietnamese one) get their title, section and neighbours from
        # it: they are made again. The other English pages (a profile's) keep theirs, as it would be made
        # again (no title, no neighbours): a thousand fewer pages to make at 1,000 profiles.
        placed = {page.file.src_uri for page in self.nav.pages} if self.nav is not None else set()
        placed.update(_nav_paths(nav_config))
        for file in english:
            if file.src_uri in placed:
                file.page = None
        vietnamese, config.nav = config.nav, nav_config
        try:
            nav = get_navigation(files, config)
        finally:
            config.nav = vietnamese
        home = files.get_file_from_path(f"{routes.ENGLISH}/index.md")
        if home is not None and home.page is not None:
            nav.homepage = home.page  # the logo's link; MkDocs knows one home page, the site's
        return nav

    def _pair_pages(self, files: Files) -> None:
        """Each page and its twin in the other language (the same path with or without `en/`), when both
        exist, and each language's home page."""
        self.alternates, self.homes = {}, {}
        self.english_urls = {file.url for file in files.documentation_pages()
                             if routes.page_lang(file.src_uri) == routes.ENGLISH}
        for lang, home in ((messages.DEFAULT, "index.md"), (routes.ENGLISH, f"{routes.ENGLISH}/index.md")):
            file = files.get_file_from_path(home)
            if file is not None and file.page is not None:
                self.homes[lang] = file.page
        for file in files.documentation_pages():
            if routes.page_lang(file.src_uri) != routes.ENGLISH or file.page is None:
                continue
            twin = files.get_file_from_path(routes.vietnamese(file.src_uri))
            if twin is None or twin.page is None or not twin.is_documentation_page():
                continue
            pair = [_Alternate(messages.DEFAULT, twin.page), _Alternate(routes.ENGLISH, file.page)]
            self.alternates[file.src_uri] = self.alternates[twin.src_uri] = pair

    def _in_lang(self, path: str, lang: str) -> str:
        """The site path `path` (a Vietnamese page's URL) in `lang` when that page exists, else as it is:
        the theme's links from an English page (the explorer, from the search box)."""
        english = routes.in_lang(path, lang)
        return english if english in self.english_urls else path

    def _plan_writes(self, config: MkDocsConfig, files: Files) -> None:
        """For a preview, once the pages are read: what this build writes. Everything, into an emptied
        folder, when what every page shows changed (mkdocs.yml, the theme, the files of `content/` but the
        text of its pages, the navigation's titles, the problem banner, the preview's state) or the last
        build did not complete; otherwise the hand-written pages and the generated files whose output
        changed, and the outputs of generated pages and files now gone are removed. A hand-written page's
        text shows elsewhere only as its title in the navigation, or as MkDocs' warnings in the banner."""
        assert self.preview is not None
        nav = [(page.title or "", page.url) for nav in (self.nav, self.english_nav) if nav is not None
               for page in nav.pages]
        self.whole = _digest(self.inputs, json.dumps(config.extra.get("vinhdanh_preview"), sort_keys=True),
                             json.dumps(nav))
        before, site_dir = self.preview.before, Path(config.site_dir)
        unread = [file for file, _ in self.outputs.values() if file.unchanged]
        for file in unread:
            # The content MkDocs would find reading the page: none, it is placed as HTML (anchors of a
            # generated page are not MkDocs' to check, in a full build as here).
            if file.page is not None:
                file.page.present_anchor_ids = set()
        if before is None:  # MkDocs emptied the folder: a full build
            return
        if self.whole != self.preview.whole:
            from mkdocs.commands.build import _populate_page  # MkDocs 1.x is frozen: its reading stays as is
            from mkdocs.utils import clean_directory

            for file in unread:
                file.unchanged = False
                assert file.page is not None
                _populate_page(file.page, config, files)
            clean_directory(str(site_dir))
            mark_site_dir(site_dir)
            return
        for path in before.keys() - self.outputs.keys():
            _remove_output(Path(path), site_dir)
        for path, (file, digest) in self.outputs.items():
            file.unchanged = _still_written(before, path, digest)

    def _check_files(self, files: Files) -> None:
        """Refuse, before MkDocs reads them, the files it found in `content/` or the theme that `check` would.

        Checked again here: a file may have changed since `check`, and MkDocs walks into linked folders. A
        preview leaves them out and lists them.
        """
        assert self.paths is not None
        problems = Problems(self.paths.root)
        folders = [Path(folder) for folder in (self.paths.content, self.paths.theme) if folder is not None]
        refused = []
        for file in files:
            source = Path(file.abs_src_path) if file.abs_src_path else None
            folder = next((f for f in folders if source and source.is_relative_to(f)), None)
            if source is None or folder is None:
                continue  # generated, or Material's own files
            try:
                check_page_file(source, folder)
            except ReadError as error:
                problems.add(source, error.line, "", error.message)
                refused.append(file)
        if not problems:
            return
        if self.shown is None:
            for line in problems.report().splitlines():
                log.error(line)
            raise Abort("Có tệp không đọc được; chưa xây dựng trang.")
        for file in refused:
            files.remove(file)
        self.shown.problems.items += problems.items

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        env.globals["routes"] = routes  # the site's addresses, for the theme's templates (404.html)
        # Interface text and the page's language (`partials/language.html`): English under `en/`.
        assert self.paths is not None
        env.globals.update(t=_theme_t, vd_lang=_theme_lang,
                           vd_themes=theme_folders(Templates.of(self.paths.theme).folders))
        # Every page is written after this event: a preview's banner lists everything found until now.
        if self.preview is not None:
            env = self.preview.theme_env(env, config)
            config.extra["vinhdanh_preview"] = self._banner()
            self._plan_writes(config, files)
        return env

    def _banner(self) -> dict | None:
        """What the preview's banner shows (`partials/vd-problems.html`); None when all is well."""
        assert self.shown is not None and self.preview is not None
        problems = Problems(self.shown.problems.root, list(self.shown.problems.items))
        for message in self.preview.capture.take() if self.preview.capture else []:
            # A real build stops on MkDocs' warnings when mkdocs.yml asks for strict mode.
            level: Level = "error" if self.preview.strict else "warning"
            problems.items.append(Problem("", 0, "", f"MkDocs báo: {message}", level))
        if self.shown.state == "ok" and not problems.items:
            return None
        shown = sorted(problems.sorted(), key=lambda p: p.level != "error")  # errors first, each in file order
        return {
            "state": self.shown.state, "errors": len(problems.errors), "warnings": len(problems.warnings),
            "problems": [{"level": p.level, "where": f"{p.path}:{p.line}" if p.line else p.path, "field": p.field,
                       "message": visible(p.message)} for p in shown],
        }

    def on_page_markdown(self, markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        assert self.files is not None
        fragments = self.files.fragments
        here = page.file.url

        def place(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in fragments:
                raise PluginError(f"{page.file.src_uri}: không có đoạn tự động '{name}' "
                                  f"(có: {', '.join(sorted(fragments))})")
            return fragments[name](here)

        return _MARKER.sub(place, markdown)

    def on_page_content(self, html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        # A generated page's content is the fragments' HTML, placed as is (Markdown would only re-parse it) when
        # the page is written (`on_page_context`): MkDocs reads every page before it writes the first, and
        # would otherwise hold every page's HTML at once.
        return "" if page.file.src_uri in self.generated else html

    def on_page_context(self, context: TemplateContext, /, *, page: MkDocsPage, config: MkDocsConfig,
                        nav: Navigation) -> TemplateContext:
        generated = self.generated.get(page.file.src_uri)
        banner = self.files.banner if self.files is not None else None
        ours = cast(dict[str, Any], context)  # MkDocs types the context with its own keys; the theme reads ours too
        if generated is not None:
            page.content = generated.html  # made by the fragments, let go once written (`on_post_page`)
        ours["vinhdanh_head"] = Markup(generated.head) if generated is not None else ""  # made by the fragments
        ours["vinhdanh_banner"] = banner(page.file.url) if banner is not None else ""
        lang = routes.page_lang(page.file.src_uri)
        if lang == routes.ENGLISH and self.english_nav is not None:
            ours["nav"] = self.english_nav
        # The language switch (`partials/vd-language.html`) and the `hreflang` links (main.html): the twin
        # page when there is one, else the other language's home page and no `hreflang` pair.
        pair = self.alternates.get(page.file.src_uri, [])
        other = routes.ENGLISH if lang == messages.DEFAULT else messages.DEFAULT
        twin = next((alternate.page for alternate in pair if alternate.lang == other), None)
        switch = twin or self.homes.get(other)
        ours["vd_alternates"] = pair
        ours["vd_in_lang"] = functools.partial(self._in_lang, lang=lang)
        ours["vd_switch"] = _Alternate(other, switch) if switch is not None and switch is not page else None
        return context

    def on_template_context(self, context: TemplateContext, /, *, template_name: str,
                            config: MkDocsConfig) -> TemplateContext:
        # The 404 page is served at any address: the banner's link is absolute, from the site's path as
        # MkDocs gives it to that page (`base_url`).
        banner = self.files.banner if self.files is not None else None
        if banner is not None and template_name == "404.html":
            cast(dict[str, Any], context)["vinhdanh_banner"] = banner("", root=context["base_url"].rstrip("/") + "/")
        if template_name == "404.html" and routes.ENGLISH in self.homes:
            cast(dict[str, Any], context)["vd_english_home"] = self.homes[routes.ENGLISH].url
        if template_name == "sitemap.xml":  # each page's alternates, by its source path
            cast(dict[str, Any], context)["vd_alternates"] = self.alternates
        return context

    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        output = _valid_html(output)
        # The search index reads the page as MkDocs writes it next, on the other core while MkDocs renders the
        # next page (the plugin is the project's only one, so this is the written HTML). A preview's dirty
        # builds pass only changed pages here: it indexes its whole folder once shown (`Preview.index_later`).
        if self.files is not None and self.preview is None and output.strip():
            try:
                self.files.index_page(Path(config.site_dir), page.file.dest_uri, output)
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
        # Written next, and never read again: its content (for a generated page, the fragments' HTML) is let go,
        # so that a large site's pages are not all held until the search index is written.
        self.generated.pop(page.file.src_uri, None)
        page.content = None
        return output

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return _valid_html(output_content) if template_name.endswith(".html") else output_content  # 404.html

    def on_post_build(self, config: MkDocsConfig) -> None:
        # MkDocs has written every page and copied every file: the search index, fed each page as it was
        # written, is written, and the cache may be pruned. A preview indexes once the build has returned.
        index_later = self.preview is not None and self.files is not None and self.files.searchable
        if self.files is not None:
            self.files.complete()  # the share images and QR codes made while MkDocs wrote the pages
            for file in self.deferred:
                file.made = True
                file.copy_file()
            if index_later:
                self.files.searchable = False
            try:
                self.files.finish(Path(config.site_dir))
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
        if self.preview is not None:  # complete: the next build writes only what changes
            self.preview.written = {path: digest for path, (_, digest) in self.outputs.items()}
            self.preview.inputs, self.preview.whole = self.inputs, self.whole
            if index_later:
                self.preview.index_later()
        _restore_epoch()

    def on_build_error(self, error: Exception) -> None:
        if self.files is not None:
            self.files.abandon()
        _restore_epoch()

    def stop(self) -> None:
        """After a build, however it ended: one stopped by Ctrl+C reached neither `on_post_build` nor
        `on_build_error`, and no worker may go on making its files (after a build that ended, there is nothing
        left to drop). Not MkDocs' `on_shutdown`: a plugin with that event is kept, with the site it was
        handed, for every later build in the process."""
        if self.files is not None:
            self.files.abandon()

    def on_serve(self, server: LiveReloadServer, config: MkDocsConfig, builder: Callable[..., None]
                 ) -> LiveReloadServer:
        paths = self.paths or _paths(config, self.config)
        for folder in (paths.profiles, paths.data, paths.articles_dir, paths.contest_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server


def paths_from_config(config_file: Path) -> Paths:
    """Input folders as configured for the `vinhdanh` plugin in `config_file`."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    plugin = config.plugins.get("vinhdanh")
    if not isinstance(plugin, VinhdanhPlugin):
        raise PluginError("mkdocs.yml phải khai báo plugin 'vinhdanh'")
    return _paths(config, plugin.config)


def configured_site_url(config_file: Path) -> str | None:
    """The public address `config_file` gives (`site_url`), as MkDocs reads it."""
    from mkdocs.config import load_config

    return load_config(str(config_file)).site_url or None


def build(config_file: Path, site_dir: Path, site: Site, site_url: str | None = None) -> int:
    """Build with MkDocs into `site_dir` using the already loaded `site`, at the public address `site_url`
    (mkdocs.yml's when None); return the number of pages."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=str(site_dir), site_url=site_url)
    plugin = config.plugins.get("vinhdanh")
    if not isinstance(plugin, VinhdanhPlugin):
        raise PluginError("mkdocs.yml phải khai báo plugin 'vinhdanh'")
    plugin.prepared = site
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build(config)
    except Abort as error:
        raise BuildFailed(str(error)) from None
    finally:
        plugin.stop()
        config.plugins.on_shutdown()
    return plugin.files.page_count if plugin.files else 0


class ServeError(Exception):
    """The preview cannot start (a broken mkdocs.yml, a port in use); the message says why, in Vietnamese."""


class _PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, saying in Vietnamese when it listens, and reloading its 404 page too."""

    def server_activate(self) -> None:
        super().server_activate()
        print(f"Xem trước tại {self.url} ; trang tự tải lại khi một tệp thay đổi (Ctrl+C để dừng).", flush=True)

    def error_page(self, code: int) -> bytes | None:
        """The site's 404 page for any address that is not a file, with the live-reload script MkDocs adds
        to files only: while nothing is built, every address is this page, and it must reload when fixed."""
        page = Path(self.root, "404.html")
        if code != 404 or not page.is_file():
            return None
        with self._epoch_cond:  # MkDocs 1.x is frozen: its private script injection stays as it is
            epoch = self._visible_epoch
        return self._inject_js_into_html(page.read_bytes(), epoch)


def _failure_message(error: Exception, logged: list[str], root: Path) -> str:
    """What stopped a preview build of the project in `root`, for the terminal and the error page, in
    Vietnamese; `logged` are the errors MkDocs printed before it gave up (its `Abort` only says that it did)."""
    lineno = getattr(error, "lineno", None)
    name = getattr(error, "filename", None) or getattr(error, "name", None)
    if lineno and isinstance(name, str):  # a template of the theme (Jinja's errors carry its name and line)
        name = Problems(root).relative(name)
        what = f"mẫu giao diện {name}, dòng {lineno}: {getattr(error, 'message', None) or error}"
    elif isinstance(error, Abort) and logged:
        what = "; ".join(logged).replace(":; ", ": ")  # MkDocs' "Error reading page 'x.md':" precedes the cause
    else:
        what = str(error) or type(error).__name__
    return visible(f"Chưa xây dựng được bản xem trước: {what.rstrip('.!')}. Hãy sửa rồi lưu tệp; trang tự tải lại.")


def _write_failure_page(site_dir: Path, message: str) -> None:
    """The last resort when even the error page cannot be built (a broken theme or mkdocs.yml): a bare page
    for every address."""
    from mkdocs.utils import clean_directory

    clean_directory(str(site_dir))
    # The generator's own fragment, not the project theme's: that may be what is broken.
    page = Templates().render("preview-failure.html", message=message)
    for name in ("index.html", "404.html"):
        (site_dir / name).write_text(page, encoding="utf-8")


def serve(config_file: Path, host: str) -> None:
    """Live preview on `host` ("127.0.0.1:8000") until Ctrl+C: rebuilds when a profile, registry, page or
    mkdocs.yml changes, and browsers reload.

    Unlike `mkdocs serve` it never stops on a problem: a profile with errors is left out, the registries'
    or conference file's errors keep the last good site, and every page lists every problem in a banner
    (`Preview.build`). Raises ServeError when it cannot start.
    """
    preview = Preview(config_file, Path(tempfile.mkdtemp(prefix="vinhdanh-preview-")), dev_addr=host)
    try:
        config = preview.load_config()
    except Abort as error:  # MkDocs has printed what is wrong with the file
        preview.site_dir.rmdir()
        raise ServeError(f"{config_file} có lỗi (xem các dòng trên): {error}") from None
    config.plugins.on_startup(command="serve", dirty=False)
    dev_host, port = config.dev_addr
    # Served under the path of the public address, as MkDocs does, so that the pages' links are the real ones.
    # The folders are looked at four times a second (MkDocs: twice): an edit waits for the next look.
    server = _PreviewServer(builder=preview.build, host=dev_host, port=port, root=str(preview.site_dir),
                            mount_path=urlsplit(config.site_url or "/").path, polling_interval=0.25)
    server.error_handler = server.error_page
    preview.url = config.site_url = server.url
    try:
        preview.build(config)
        server.watch(config.docs_dir)
        server.watch(config.config_file_path)
        config.plugins.on_serve(server, config=config, builder=preview.build)
        try:
            server.serve()
        except OSError as error:
            raise ServeError(f"Không mở được {host}: {error.strerror}. Cổng đang được dùng? "
                             "Thử cổng khác, ví dụ: vinhdanh serve -a 127.0.0.1:8001") from None
    except KeyboardInterrupt:
        print("Đã dừng xem trước.")
    finally:
        server.shutdown()
        config.plugins.on_shutdown()
        preview.wait_for_search()
        shutil.rmtree(preview.site_dir, ignore_errors=True)
