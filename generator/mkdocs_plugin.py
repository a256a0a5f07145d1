"""The one module that touches MkDocs: a plugin that adds the generated pages, and a build entry point.

`mkdocs build` and `mkdocs serve` work through the plugin alone (it validates and renders in `on_config`
and `on_files`). `vinhdanh build` validates first, hands the loaded site to the plugin, and builds into a
fresh folder that replaces the old site only when the whole build succeeded.

Either way the plugin refuses a site folder that is an input (MkDocs empties it first), checks the files
MkDocs reads itself (`content/`, the theme), and gives MkDocs the build's time (`SOURCE_DATE_EPOCH`).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import re
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkDocsPage

from . import fonts
from .build import SiteDirError, build_time, check_site_dir, mark_site_dir
from .images import RenditionCache
from .problems import BuildFailed, InputError, Problems
from .readers import ReadError
from .render import Output, render_site
from .render_conference import render_banner
from .search import SearchIndexError, build_search_index
from .validate import TIMEZONE, Paths, Site, check_page_file, load_site, today_in_hanoi

log = logging.getLogger("mkdocs.plugins.vinhdanh")

RETIRED_SITE_URL_VARIABLE = "VINHDANH_SITE_URL"
"""Environment variable that used to set the public address; `vinhdanh build --site-url` does now."""

_MARKER = re.compile(r"<!--\s*vinhdanh:([a-z-]+)\s*-->")
# Two spots where Material's templates write invalid HTML (the Nu HTML Checker's errors): `autocomplete`
# on its drawer and search checkboxes, and an empty `tabindex` on navigation section labels.
_TOGGLE_AUTOCOMPLETE = re.compile(r'(<input class="md-toggle" data-md-toggle="\w+" type="checkbox" id="__\w+") autocomplete="off">')
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link[^"]*" for="[^"]+" id="[^"]+") tabindex="">')


def _now() -> dt.datetime:
    """The clock's time on the campaign date (fixed by VINHDANH_TODAY for previews and tests)."""
    return dt.datetime.combine(today_in_hanoi(), dt.datetime.now(TIMEZONE).timetz())


def _paths(config: MkDocsConfig, plugin: VinhdanhConfig) -> Paths:
    """Where the inputs of the project configured by `config` live."""
    root = Path(config.config_file_path).parent
    return Paths.at(root, plugin.profiles_dir, plugin.data_dir, config.docs_dir, config.theme.custom_dir,
                    config.config_file_path)


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


class VinhdanhConfig(Config):
    """Options of the `vinhdanh` plugin in `mkdocs.yml`."""

    profiles_dir = c.Type(str, default="profiles")
    """Folder of profile files, relative to `mkdocs.yml`."""
    data_dir = c.Type(str, default="data")
    """Folder of the registries and the conference file, relative to `mkdocs.yml`."""
    cache_dir = c.Type(str, default=".cache/vinhdanh")
    """Folder for derived photos and fonts, kept between builds."""


class VinhdanhPlugin(BasePlugin[VinhdanhConfig]):
    """Validates the profiles and adds their pages, listings, photos and fonts to the build."""

    def __init__(self) -> None:
        self.prepared: Site | None = None
        """A site already loaded by `vinhdanh build`, so it is not loaded twice."""
        self.site: Site | None = None
        self.output: Output | None = None
        self.paths: Paths | None = None
        self.renditions: RenditionCache | None = None
        self.built: dt.datetime | None = None
        """The build's time: the inputs', for a reproducible site."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # The public address (mkdocs.yml's `site_url`, or `vinhdanh build --site-url`) is the one MkDocs
        # prints in canonical links and the sitemap, and ours in feeds, share cards and QR codes. The old
        # environment variable is refused rather than ignored: ignored, a build would print another address.
        if os.environ.get(RETIRED_SITE_URL_VARIABLE):
            log.error(f"Biến môi trường {RETIRED_SITE_URL_VARIABLE} không còn được dùng: hãy bỏ nó (unset "
                      f"{RETIRED_SITE_URL_VARIABLE}) và cho địa chỉ bằng 'vinhdanh build --site-url ĐỊA_CHỈ' "
                      "(hoặc 'make site SITE_URL=ĐỊA_CHỈ').")
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
        else:
            try:
                self.site = load_site(self.paths)
            except InputError as error:
                for line in error.problems.report().splitlines():
                    log.error(line)
                raise Abort("Hồ sơ có lỗi; chưa xây dựng trang.") from None
            # Info, not warning: MkDocs' strict mode would stop the build on a warning, and a warning of
            # ours publishes.
            for line in self.site.problems.report().splitlines():
                log.info(line)
        config.extra["vinhdanh_banner"] = render_banner(self.site, _now())
        self.built = _set_epoch(self.paths)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        assert self.site is not None and self.paths is not None
        self._check_files(files)
        mark_site_dir(Path(config.site_dir))  # emptied by MkDocs by now
        cache = Path(self.paths.root, self.config.cache_dir)
        # Held until the build has copied the files (`on_post_build`), so that no other build prunes them.
        self.renditions = RenditionCache(cache / "renditions")
        try:
            self.output = render_site(self.site, self.renditions, _now(), config.site_url, self.built)
        except InputError as error:
            for line in error.problems.report().splitlines():
                log.error(line)
            raise Abort("Ảnh có lỗi; chưa xây dựng trang.") from None
        faces = fonts.build_faces(cache / "fonts")
        generated = [File.generated(config, page.src_uri, content=page.text) for page in self.output.pages]
        generated += [File.generated(config, asset.src_uri, abs_src_path=str(asset.source))
                      if asset.source is not None else File.generated(config, asset.src_uri, content=asset.content or b"")
                      for asset in self.output.assets]
        generated += [File.generated(config, f"assets/fonts/{face.name}", abs_src_path=str(face.path))
                      for face in faces]
        generated.append(File.generated(config, "assets/stylesheets/fonts.css", content=fonts.font_css(faces)))
        # One look-up table: MkDocs rebuilds its own index after every append, which is quadratic.
        taken = {file.src_uri for file in files}
        for file in generated:
            if file.src_uri in taken:
                raise PluginError(f"content/{file.src_uri} trùng với một trang được tạo tự động; hãy đổi tên tệp")
            taken.add(file.src_uri)
            files.append(file)
        return files

    def _check_files(self, files: Files) -> None:
        """Refuse, before MkDocs reads them, the files it found in `content/` or the theme that `check` would.

        Checked again here: a file may have changed since `check`, and MkDocs walks into linked folders.
        """
        assert self.paths is not None
        problems = Problems(self.paths.root)
        folders = [Path(folder) for folder in (self.paths.content, self.paths.theme) if folder is not None]
        for file in files:
            source = Path(file.abs_src_path) if file.abs_src_path else None
            folder = next((f for f in folders if source and source.is_relative_to(f)), None)
            if folder is None:
                continue  # generated, or Material's own files
            try:
                check_page_file(source, folder)
            except ReadError as error:
                problems.add(source, error.line, "", error.message)
        if problems:
            for line in problems.report().splitlines():
                log.error(line)
            raise Abort("Có tệp không đọc được; chưa xây dựng trang.")

    def on_page_markdown(self, markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        assert self.output is not None
        fragments = self.output.fragments
        here = page.file.url

        def place(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in fragments:
                raise PluginError(f"{page.file.src_uri}: không có đoạn tự động '{name}' "
                                  f"(có: {', '.join(sorted(fragments))})")
            return fragments[name](here)

        return _MARKER.sub(place, markdown)

    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        return _valid_html(output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        return _valid_html(output_content) if template_name.endswith(".html") else output_content  # 404.html

    def on_post_build(self, config: MkDocsConfig) -> None:
        # The search index is made from the written HTML, so it runs after MkDocs has written every page.
        try:
            build_search_index(Path(config.site_dir))
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        if self.renditions is not None:
            self.renditions.prune()  # photos removed or replaced since the last build
        _restore_epoch()

    def on_build_error(self, error: Exception) -> None:
        if self.renditions is not None:
            self.renditions.release()
        _restore_epoch()

    def on_serve(self, server, config: MkDocsConfig, builder):  # type: ignore[no-untyped-def]
        assert self.paths is not None
        for folder in (self.paths.profiles, self.paths.data):
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
        config.plugins.on_shutdown()
    return len(plugin.output.pages) if plugin.output else 0


def serve(config_file: Path, host: str) -> None:
    """Live preview: rebuilds when a profile, registry or page changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    mkdocs_serve(str(config_file), open_in_browser=False, dev_addr=host, livereload=True)
