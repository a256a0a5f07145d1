"""What test modules share: sample inputs, throwaway projects, builds, local servers and the browser rule.

Fixtures are in `conftest.py`; everything a test imports by name is here, so that no test module imports
another.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import hashlib
import http.server
import os
import shutil
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from generator.cli import main
from generator.derived_files import SHARED_NAME
from generator.load import Paths, load_site
from generator.model import Site
from generator.publish import BuildSummary, build_site
from tests import golden

REPO = Path(__file__).resolve().parent.parent
TODAY = dt.date.fromisoformat(golden.TODAY)
"""The date tests run "on": before the sample conference, after the sample consents."""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a built site's files without logging every request."""

    def log_message(self, *args: object) -> None:
        pass


class PagesHandler(QuietHandler):
    """Serves a built site as GitHub Pages does: text compressed with gzip (so transfer sizes are those
    visitors see), cached for ten minutes, under the path of the site's public address, and 404.html for
    anything missing."""

    prefix = "/"
    """Path of the site's public address (`site_url`); requests outside it get the 404 page."""
    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")

    def _file(self) -> Path | None:
        path = urlsplit(self.path).path
        if not path.startswith(self.prefix):
            return None
        found = Path(self.translate_path("/" + path[len(self.prefix):]))
        if found.is_dir():
            if not path.endswith("/"):
                return found
            found = found / "index.html"
        return found if found.is_file() else None

    def do_GET(self) -> None:
        found = self._file()
        if found is not None and found.is_dir():  # the address without its slash: redirect, as Pages does
            self.send_response(301)
            self.send_header("Location", urlsplit(self.path).path + "/")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = 200 if found is not None else 404
        found = found or Path(self.directory, "404.html")
        body = found.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(found)))
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' own
        if found.suffix in self.COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, 6)
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def serve(directory: Path, handler: type[http.server.SimpleHTTPRequestHandler] = QuietHandler):
    """Serve `directory` on a free port of 127.0.0.1; yields the base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@dataclass
class Project:
    """A throwaway project: the repository's mkdocs.yml, theme, content and data, and chosen profiles."""

    root: Path

    @property
    def profiles(self) -> Path:
        return self.root / "profiles"

    def write(self, relative: str, text: str) -> Path:
        """Write a text file (dedented) under the project root."""
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def photo(self, relative: str, size: tuple[int, int] = (400, 500), color: str = "#8a6d3b") -> Path:
        """Write a small JPEG photo under `profiles/`."""
        path = self.profiles / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", size, color).save(path, "JPEG")
        return path

    def load(self, today: dt.date = TODAY) -> Site:
        return load_site(Paths.at(self.root), today=today)


def share_cache(folder: Path) -> Path:
    """Make `folder` a cache folder (derived files and fonts) that test projects share: marked as shared, so
    that no build prunes what another test's project derived. Returns `folder`."""
    renditions = folder / "renditions"  # the derived files' own folder in it (`build.py`)
    renditions.mkdir(parents=True, exist_ok=True)
    (renditions / SHARED_NAME).touch()
    return folder


def use_cache(root: Path, cache: Path) -> None:
    """Make the project at `root` keep its derived files and fonts in `cache` (the plugin's `cache_dir`)."""
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    plugin = "  - vinhdanh:\n"
    assert text.count(plugin) == 1, "mkdocs.yml declares the vinhdanh plugin once, as a mapping of options"
    config.write_text(text.replace(plugin, f"{plugin}      cache_dir: {cache}\n"), encoding="utf-8")


def new_project(root: Path, cache: Path | None = None) -> Project:
    """An empty project (no profiles) in `root` with the repository's configuration, registries and a
    conference whose program names no profile; its derived files and fonts in `cache` (None: its own)."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    for name in ("content", "theme", "data"):
        shutil.copytree(REPO / name, root / name)
    (root / "profiles").mkdir()
    if cache is not None:
        use_cache(root, cache)
    project = Project(root)
    project.write("data/conference.yml", CONFERENCE)  # the sample program names sample profiles
    return project


def build(project: Project, site_dir: Path | None = None) -> BuildSummary:
    """`vinhdanh build` of `project` into `site_dir` (its `site/` by default)."""
    site_dir = site_dir or project.root / "site"
    return build_site(Paths.at(project.root), project.root / "mkdocs.yml", site_dir)


def snapshot(folder: Path) -> dict[str, str]:
    """The hash of every file under `folder`, by its path: what a failed build must leave unchanged."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


TEXT_SUFFIXES = (".html", ".json", ".xml", ".css", ".js", ".txt", ".csv", ".ics", ".svg")
"""A built site's text files: pages, data, feeds, calendars, open data, scripts and styles."""
COMPRESSED_SUFFIXES = (".gz", ".pf_fragment", ".pf_index", ".pf_meta")
"""A built site's gzip files: the compressed sitemap and Pagefind's search index (its pages' text and words)."""


def site_text(site: Path) -> str:
    """Every text file of a built site, the compressed ones unpacked, joined: where something must never
    appear."""
    texts = []
    for path in sorted(site.rglob("*")):
        if path.suffix in TEXT_SUFFIXES:
            texts.append(path.read_text(errors="replace"))
        elif path.suffix in COMPRESSED_SUFFIXES:
            texts.append(gzip.decompress(path.read_bytes()).decode(errors="replace"))
    return "\n".join(texts)


def run(project: Project, *args: str) -> int:
    """The `vinhdanh` command on `project`'s mkdocs.yml, in this process; its exit status."""
    return main(["-f", str(project.root / "mkdocs.yml"), *args])


CONFERENCE = """
campaign: Tôn vinh điển hình tiên tiến
organiser: Ban Quản lý
title: Hội nghị điển hình tiên tiến
start: "2025-06-19 08:00"
end: "2025-06-19 11:30"
venue:
  name: Phòng họp tầng 2
  address: Km29 Đại lộ Thăng Long, Thạch Thất, Hà Nội
program:
  - start: "08:00"
    end: "08:30"
    kind: opening
    title: Khai mạc
    speakers:
      - name: Lãnh đạo Ban
        role: Trưởng Ban
  - start: "08:30"
    end: "11:30"
    kind: award
    title: Khen thưởng
"""

INDIVIDUAL = """
---
name: Nguyễn Văn An
kind: individual
honorific: Ông
birth_year: 1980
position: Chuyên viên
unit: van-phong
movements: [cai-cach-hanh-chinh]
awards:
  - title: Chiến sĩ thi đua cơ sở
    year: 2024
    decision: Quyết định số 1/QĐ-BQL
    date: "2024-12-20"
    issuer: Trưởng Ban Quản lý
consent:
  date: "2025-05-20"
---

Câu chuyện của **ông An**.
"""


CREATED = dt.datetime(2025, 6, 1, 8, tzinfo=dt.UTC)
"""The creation time of the booklets the tests lay out."""


def hostile_booklet():
    """A booklet whose every text is hostile: markup, a 400-letter word, right-to-left marks."""
    from markupsafe import Markup

    from generator.render_booklet import Booklet, Chapter, IndexEntry, Row

    word = "Đ" + "ư" * 400
    chapter = Chapter(
        anchor="hs-x", kind="individual", kind_label="Cá nhân", name="<script>alert(1)</script>",
        display_name="<b>Tên</b> & {{ x }}", honorific="Ông", badge=word, unit=word, portrait=None,
        initials="<", facts=[("Đơn vị", word)], quote="</style>" + word, highlights=[word] * 3,
        awards=[Row(word, word, "1/1/2024", word)], members=[(word, None)], paper=None, movements=[word],
        story=Markup(f"<p>{word}</p><table><tr><td><ul><li>{word}</li></ul></td></tr></table>"),
        address="https://example.github.io/vinhdanh/ho-so/x/", sample=False)
    return Booklet(campaign=word, organiser="<i>Ban</i>", title=word, tagline=None, when="Từ 08:00", where=word,
                   delegates=None, intro=Markup(""), sessions=[], chapters=[chapter],
                   names=[IndexEntry(chapter.display_name, [("hs-x", "")])],
                   units=[IndexEntry(word, [("hs-x", chapter.display_name)])], site_url=None, built="1/6/2025",
                   files=frozenset())


# --- browser tests ------------------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# A browser test needs the tools `make browser` installs; CI installs them, so there a missing browser fails
# instead of skipping. Modules of browser tests set `pytestmark = BROWSER`; a module that mixes marks its
# browser tests with `browser_test`.
BROWSER = [pytest.mark.browser,
           pytest.mark.skipif(not Path(CHROMIUM).exists() and not os.environ.get("CI"), reason="no chromium")]


def browser_test(test):
    """Mark one test as a browser test, as `pytestmark = BROWSER` marks a whole module."""
    for mark in BROWSER:
        test = mark(test)
    return test
