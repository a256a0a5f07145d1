"""A build, whatever engine writes it: the stages run in order, and what is handed to the engine.

    load (load.py) -> derive (derive.py, through the cache) -> render (render.py) -> the engine writes,
    each page handed to the search index as it is written -> search index written, cache pruned

`make_site_files` runs derive and render for a loaded site, holding the derived files' cache (a shared lock)
until the engine has copied its files (`SiteFiles.finish`), and adds the fonts (the slideshow's folder gets
its own copy, and is packed into its zip here, once every file of it is known): the MkDocs adapter only hands
the result to MkDocs, so that another engine means another thin adapter. On a cold build the share images and
QR codes are still being made, and the printed booklet laid out, while the engine writes the pages: it
copies them after `SiteFiles.complete` (`SiteFiles.pending` names them). `load_preview` decides what the live
preview shows; `check_site` is `vinhdanh check`: load and derive, nothing written but the cache.

The site folder is never an input (building into `profiles/` would replace every profile), and a folder is
replaced only when a previous build marked it as a site (`MARKER`).

A build is reproducible: its time (the calendar's `DTSTAMP`, MkDocs' sitemap) is `SOURCE_DATE_EPOCH` when
set, else the time of the newest input, never the clock, so the same inputs give the same bytes.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import ctypes
import datetime as dt
import gc
import os
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from . import fonts
from .booklet import BookletJob, start_booklet
from .derive import DerivedFiles, derive_site
from .derived_files import DerivedFileCache
from .load import TIMEZONE, Paths, load_site, load_site_for_preview, today_in_hanoi
from .memo import Memo
from .model import Site
from .output import Asset, Output, Page
from .problems import InputError, Problem, Problems
from .render import render_site
from .render_conference import Banner, render_banner
from .render_slideshow import zip_folder
from .routes import BOOKLET_URI, FONT_CSS, FONT_DIR, SLIDESHOW, SLIDESHOW_FONT_CSS, SLIDESHOW_FONT_DIR, SLIDESHOW_ZIP
from .search import SearchIndexer, build_search_index
from .stories import StoryCache
from .templates import Templates

MARKER = ".vinhdanh-site"
"""File that marks a folder as a site built by vinhdanh, which a build may replace whole."""
MARKER_TEXT = "Thư mục này là trang do vinhdanh xây dựng; mỗi lần xây dựng thay toàn bộ nội dung của nó.\n"


class SiteDirError(Exception):
    """The site folder asked for cannot be built into; the message says why, in Vietnamese."""


def _inputs(paths: Paths) -> list[tuple[Path, str]]:
    """The inputs a site folder must keep clear of, with their names for messages."""
    inputs = [(paths.profiles, "thư mục hồ sơ"), (paths.data, "thư mục danh mục và Hội nghị"),
              (paths.content, "thư mục các trang viết tay"), (paths.theme, "thư mục giao diện"),
              (paths.config, "tệp cấu hình"), (paths.articles_dir, "thư mục tin bài"),
              (paths.contest_dir, "thư mục cuộc thi viết")]
    git = next((folder / ".git" for folder in (paths.root, *paths.root.parents) if (folder / ".git").exists()),
               paths.root / ".git")
    return [(path, label) for path, label in inputs if path is not None] + [(git, "kho Git")]


def check_site_dir(site_dir: Path, paths: Paths) -> Path:
    """The site folder `site_dir`, resolved, if a build may replace it; SiteDirError otherwise.

    It may not be, contain or lie inside an input or the Git repository, nor be or contain the project; it
    may be absent, empty, or a site a previous build marked as its own.
    """
    shown = f"Không xây dựng vào '{site_dir}'"
    advice = ("Mỗi lần xây dựng xóa và thay toàn bộ thư mục xuất, nên nó không được là, chứa hay nằm trong dữ liệu "
              "của dự án; hãy chọn thư mục khác, ví dụ 'site'.")
    site_dir = site_dir.resolve()
    if site_dir == paths.root or paths.root.is_relative_to(site_dir):
        around = "là" if site_dir == paths.root else "chứa"
        raise SiteDirError(f"{shown}: thư mục này {around} thư mục dự án ({paths.root}). {advice}")
    for path, label in _inputs(paths):
        path = path.resolve()
        relation = "là" if site_dir == path else "chứa" if path.is_relative_to(site_dir) else \
            "nằm trong" if site_dir.is_relative_to(path) else None
        if relation:
            name = path.relative_to(paths.root).as_posix() if path.is_relative_to(paths.root) else str(path)
            name += "/" if path.is_dir() else ""
            raise SiteDirError(f"{shown}: thư mục này {relation} {label} ({name}). {advice}")
    if site_dir.exists() and not site_dir.is_dir():
        raise SiteDirError(f"{shown}: đó là một tệp, không phải thư mục; hãy chọn thư mục khác, ví dụ 'site'.")
    if site_dir.is_dir() and not (site_dir / MARKER).is_file() and any(site_dir.iterdir()):
        raise SiteDirError(f"{shown}: thư mục đã có tệp nhưng không phải trang do vinhdanh xây dựng (thiếu tệp "
                           f"{MARKER}), nên không bị xóa. Hãy chọn một thư mục mới hoặc trống, hoặc tự xóa thư mục "
                           "này nếu chắc chắn không cần nó.")
    return site_dir


def mark_site_dir(site_dir: Path) -> None:
    """Mark `site_dir` as a site built here, which the next build may replace."""
    site_dir.mkdir(parents=True, exist_ok=True)
    (site_dir / MARKER).write_text(MARKER_TEXT, encoding="utf-8")


def build_time(paths: Paths) -> dt.datetime:
    """The time of this build's inputs: `SOURCE_DATE_EPOCH` when set, else the newest input's modification.

    What a build writes as its time (the calendar's `DTSTAMP`, MkDocs' sitemap) comes from here, so the same
    inputs give the same site wherever and whenever they are built. The workflow sets `SOURCE_DATE_EPOCH`
    from the last commit, since a checkout's files all carry the time of the checkout.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    files = [paths.config] if paths.config else []
    for folder in filter(None, (paths.profiles, paths.data, paths.content, paths.theme, paths.articles_dir,
                                 paths.contest_dir)):
        files += [Path(top, name) for top, _, names in os.walk(folder) for name in names]
    newest = 0
    for path in files:
        with contextlib.suppress(OSError):  # a file gone meanwhile, a dangling link: `check` names it
            newest = max(newest, path.stat().st_mtime_ns)
    return dt.datetime.fromtimestamp(newest // 1_000_000_000, dt.UTC)




def now() -> dt.datetime:
    """The clock's time on the campaign date (fixed by VINHDANH_TODAY for previews and tests): the moment a
    build shows the countdown at. Read once per build, here, and handed to the render stage."""
    return dt.datetime.combine(today_in_hanoi(), dt.datetime.now(TIMEZONE).timetz())


RETIRED_SITE_URL_VARIABLE = "VINHDANH_SITE_URL"
"""Environment variable that used to set the public address; `vinhdanh build --site-url` does now."""


def retired_variable_message() -> str | None:
    """Why a build must not start when the retired address variable is set, else None: ignored, it would
    let a build print another address than the one its operator means."""
    if not os.environ.get(RETIRED_SITE_URL_VARIABLE):
        return None
    return (f"Biến môi trường {RETIRED_SITE_URL_VARIABLE} không còn được dùng: hãy bỏ nó (unset "
            f"{RETIRED_SITE_URL_VARIABLE}) và cho địa chỉ bằng 'vinhdanh build --site-url ĐỊA_CHỈ' "
            "(hoặc 'make site SITE_URL=ĐỊA_CHỈ').")


def _cache(paths: Paths) -> DerivedFileCache:
    """The derived files' cache of the project at `paths` (its photos' renditions, share images, QR codes)."""
    return DerivedFileCache(paths.cache_dir / "renditions")


def _stories(paths: Paths) -> StoryCache:
    """The rendered stories of the project at `paths`, kept between builds in its cache folder."""
    return StoryCache(paths.cache_dir / "stories.json")


def load(paths: Paths) -> Site:
    """`load.load_site` with the project's rendered stories kept between builds (`stories.StoryCache`,
    in the cache folder): loading a large site renders only the stories that changed."""
    stories = _stories(paths)
    try:
        return load_site(paths, stories=stories)
    finally:
        stories.save()


def check_site(paths: Paths) -> Site:
    """`vinhdanh check`: load every input, then derive the photos through the cache, so that a photo only
    decoding shows broken is reported here too, at its profile's `photo:` line. Raises InputError with every
    problem. Share images and QR codes are not made: they are drawn from checked text and the public
    address, and no file of an editor can make them fail."""
    site = load(paths)
    cache = _cache(paths)
    try:
        derived = derive_site(site, cache)
    finally:
        cache.release()  # a check keeps what it derived for the next build, and prunes nothing
    site.problems.items += derived.problems.items
    if site.problems:
        raise InputError(site.problems)
    return site


PreviewState = Literal["ok", "partial", "stale", "empty", "failed"]


@dataclass
class PreviewLoad:
    """What one build of the live preview shows, decided from what loads before anything is rendered."""

    site: Site | None
    """The site to build: what is valid now, else the last valid one; None when there is none."""
    problems: Problems
    """Every problem, for the banner on every page."""
    state: PreviewState = "ok"
    """`ok` or `partial` (profiles with errors left out), `stale` (registries or conference file with errors:
    the last good site), `empty` (none yet) or `failed` (a build stopped)."""
    notes: list[str] = field(default_factory=list)
    """What to tell in the terminal about the state."""


def load_preview(paths: Paths, last: Site | None, failure: str = "", memo: Memo | None = None) -> PreviewLoad:
    """What the live preview shows: what is valid now, every problem kept for the banner; never raises for
    what the project holds. With errors in the registries or the conference file, the `last` site is kept;
    `failure` is why the previous attempt at this build stopped (its error page is built); `memo` is what
    the preview keeps between builds."""
    if failure:
        return PreviewLoad(None, Problems(paths.root, [Problem("", 0, "", failure)]), "failed")
    stories = _stories(paths)
    site, problems = load_site_for_preview(paths, stories=stories, memo=memo)
    stories.save()
    if site is not None:
        return PreviewLoad(site, problems, "partial" if problems else "ok")
    if last is not None:
        return PreviewLoad(last, problems, "stale",
                           ["Danh mục hoặc tệp Hội nghị có lỗi: bản xem trước giữ trang của lần xây dựng trước."])
    return PreviewLoad(None, problems, "empty", ["Chưa có bản xem trước: hãy sửa các lỗi trên."])


@dataclass
class SiteFiles:
    """What a build hands the engine: the generated pages and files (fonts included), the home page's
    fragments and the countdown banner; the derived files' cache stays held until `finish` or `abandon`."""

    output: Output
    banner: Banner | None
    """The site-wide countdown banner, written for each page, while the conference file asks for one."""
    cache: DerivedFileCache | None = None
    """The derived files' cache, held (a shared lock) while the engine copies from it."""
    searchable: bool = True
    """Whether the written site gets a search index (not a preview's error page)."""
    derived: DerivedFiles | None = None
    """The derived files, some perhaps still being made (`pending`)."""
    booklet: BookletJob | None = None
    """The printed booklet, perhaps still being laid out (`pending`); none in a preview."""
    indexer: SearchIndexer | None = field(default=None, repr=False)
    """Pagefind indexing the pages as the engine writes them (`index_page`), once it has written one."""
    page_count: int = field(init=False)
    """How many pages were generated (`pages` is emptied once they are written)."""

    def __post_init__(self) -> None:
        self.page_count = len(self.output.pages)

    @property
    def pages(self) -> list[Page]:
        """The generated pages, as if they were files of `content/`; none once they are written and indexed
        (`finish`)."""
        return self.output.pages

    @property
    def assets(self) -> list[Asset]:
        """The generated and derived files, fonts included."""
        return self.output.assets

    @property
    def fragments(self) -> dict[str, Callable[[str], str]]:
        """The home page's fragments by marker name, each called with the URL of the page it is placed in."""
        return self.output.fragments

    @property
    def pending(self) -> frozenset[str]:
        """Site paths (`Asset.src_uri`) of the files still being made: the engine copies them after `complete`."""
        pending = self.derived.pending if self.derived is not None else frozenset()
        return pending | {BOOKLET_URI} if self.booklet is not None and self.booklet.pending else pending

    def complete(self) -> None:
        """Wait until every file of `assets` is made. Raises OSError when one could not be (a bug or a full
        disk: no input of an editor can cause it)."""
        if self.derived is not None:
            self.derived.complete()
        if self.booklet is not None:
            self.booklet.complete()

    def index_page(self, site_dir: Path, path: str, html: str) -> None:
        """Hand the search index the page the engine writes at `path` (posix) in `site_dir`, whose HTML is
        `html`: Pagefind reads it on the other core while the engine renders the next page (`SearchIndexer`).
        Raises `search.SearchIndexError`."""
        if self.searchable:
            if self.indexer is None:
                self.indexer = SearchIndexer(site_dir)
            self.indexer.add(path, html)

    def finish(self, site_dir: Path) -> None:
        """Once the engine has written the site into `site_dir`: write its search index (from the pages handed
        over by `index_page` and the folder's other HTML files; from the whole folder when the engine handed
        over none), then release the cache and prune what this build did not use (photos removed or
        replaced). Raises `search.SearchIndexError`."""
        self.complete()  # the engine copied the files still being made, so this returns at once
        indexer, self.indexer = self.indexer, None
        if indexer is not None and self.searchable:
            indexer.write(meanwhile=self._let_go)  # while Pagefind builds the index, its most memory-hungry part
        elif indexer is not None:
            indexer.close()
        elif self.searchable:
            build_search_index(site_dir)
        if self.cache is not None:
            self.cache.prune()
            self.cache = None

    def _let_go(self) -> None:
        """Let go of the pages and files handed to the engine, which has written them, and give the memory
        back: a build's process and Pagefind's are at their largest together while the index is written
        (at 10,000 profiles, about 0.3 GB less)."""
        self.output = replace(self.output, pages=[], assets=[])
        gc.collect()
        _trim_heap()

    def abandon(self) -> None:
        """Stop the search index and release the cache after a build that stopped: nothing is pruned, and no
        more files are made."""
        if self.derived is not None:
            self.derived.abandon()
        if self.booklet is not None:
            self.booklet.abandon()
        if self.indexer is not None:
            self.indexer.close()
            self.indexer = None
        if self.cache is not None:
            self.cache.release()
            self.cache = None


def _trim_heap() -> None:
    """Return the C heap's free pages to the system (glibc's `malloc_trim`; elsewhere nothing): Python frees
    objects, but the heap keeps the pages they were in."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).malloc_trim(0)


def make_site_files(site: Site | None, paths: Paths, site_url: str | None, now: dt.datetime,
                    built: dt.datetime, preview: PreviewLoad | None = None, memo: Memo | None = None) -> SiteFiles:
    """Derive and render `site` (None: a preview with nothing to show) for the engine, with the fonts.

    `site_url` is the public address, `now` the moment the countdown shows, `built` the build's time
    (`build_time`). A photo that cannot be derived stops a build (InputError); a `preview` leaves its profile
    out and lists the problem, and its `memo` keeps what the fragments write between builds. Outside a
    preview, share images and QR codes may still be in the making when it returns (`SiteFiles.pending`).
    """
    if site is None:
        faces = fonts.build_faces(paths.cache_dir / "fonts")
        return SiteFiles(Output([], _font_assets(faces), {}), None, searchable=False)
    # Held until the engine has copied the files (`finish`), so that no other build prunes them meanwhile.
    cache = _cache(paths)
    derived: DerivedFiles | None = None
    booklet: BookletJob | None = None
    # The fonts are subset (seconds, on a first build) in a thread of this process, while it waits for the
    # workers deriving the photos.
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        faces_made = thread.submit(fonts.build_faces, paths.cache_dir / "fonts")
        try:
            # A preview derives everything first: it compares what each file's output depends on before MkDocs
            # copies anything.
            derived = derive_site(site, cache, site_url, defer=preview is None)
            if derived.problems:  # a photo that cannot be derived
                if preview is None:
                    raise InputError(Problems(site.root, derived.problems.errors))
                preview.problems.items += derived.problems.errors
                preview.state = "partial" if preview.state == "ok" else preview.state
                broken = {p.path for p in derived.problems.errors}
                site = replace(site, profiles=[p for p in site.profiles if preview.problems.relative(p.source) not in broken],
                               articles=[a for a in site.articles if preview.problems.relative(a.source) not in broken])
                # Again without them: the others' renditions are cached, and their stories' warnings counted once.
                derived = derive_site(site, cache, site_url)
            (preview.problems if preview is not None else site.problems).items += derived.problems.items
            templates = Templates.of(paths.theme, memo)
            output = render_site(site, derived, now, site_url, built, templates)
            if preview is None:
                # Laid out while the engine writes the pages (a preview has none: it would be laid out again
                # on every edit).
                booklet = start_booklet(site, derived, paths, built)
                output.assets.append(Asset(BOOKLET_URI, booklet.path))
            faces = faces_made.result()
        except BaseException:
            if derived is not None:
                derived.abandon()
            if booklet is not None:
                booklet.abandon()
            cache.release()
            raise
    output.assets.extend(_font_assets(faces))
    output.assets.extend(_slideshow_files(output.assets, faces))
    return SiteFiles(output, render_banner(site, now, templates), cache, derived=derived, booklet=booklet)


def _slideshow_files(assets: list[Asset], faces: list[fonts.Face]) -> list[Asset]:
    """The slideshow's own copy of the fonts (its folder works on its own), and the folder as a zip to
    download, made of the slideshow's files among `assets` (its photos were derived before anything was
    rendered, so none is still being made)."""
    own = [Asset(f"{SLIDESHOW_FONT_DIR}/{face.name}", face.path) for face in faces]
    own.append(Asset(SLIDESHOW_FONT_CSS, content=fonts.font_css(faces, "").encode()))
    files = {a.src_uri: a.content if a.source is None else a.source.read_bytes()
             for a in [*assets, *own] if a.src_uri.startswith(SLIDESHOW + "/")}
    return [*own, Asset(SLIDESHOW_ZIP, content=zip_folder({k: v or b"" for k, v in files.items()}))]


def _font_assets(faces: list[fonts.Face]) -> list[Asset]:
    """The site's font files and their stylesheet."""
    assets = [Asset(f"{FONT_DIR}/{face.name}", face.path) for face in faces]
    assets.append(Asset(FONT_CSS, content=fonts.font_css(faces).encode()))
    return assets
