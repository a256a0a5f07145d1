"""Shared fixtures: small projects in tmp_path built from the repository's config, theme and registries."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gzip
import http.server
import inspect
import re
import shutil
import textwrap
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from PIL import Image

from generator.load import Paths, load_site
from generator.model import Site
from generator.publish import BuildSummary
from tests import golden
from tests.golden import build_sample

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


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Project:
    """An empty project (no profiles) with the repository's configuration and registries."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("mkdocs.yml",):
        shutil.copy(REPO / name, root / name)
    for name in ("content", "theme", "data"):
        shutil.copytree(REPO / name, root / name)
    (root / "profiles").mkdir()
    project = Project(root)
    project.write("data/conference.yml", CONFERENCE)  # the sample program names sample profiles
    monkeypatch.setenv("VINHDANH_TODAY", TODAY.isoformat())
    return project


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildSummary]:
    """The repository's whole sample project as of `TODAY`, built once for the tests that only read the
    result, the golden snapshot's among them."""
    return build_sample(tmp_path_factory.mktemp("sample"))


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


# --- The `browser` marker ----------------------------------------------------------------------------------
# `pytest -m "not browser"` is the run that gates publication (the workflow's check job, `make test-core`),
# on a machine without the tools `make browser` installs. A test that uses one of them must carry the marker;
# this finds those that do not, by what their code or their fixtures' code names, before anything runs.
_BROWSER_TOOLS = re.compile(r"\b(sync_playwright|CHROMIUM|VNU|AXE|pdftotext|pdftoppm)\b")


@functools.cache
def _source(function: object) -> str:
    try:
        return inspect.getsource(function)  # type: ignore[arg-type]
    except (OSError, TypeError):
        return ""


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unmarked = []
    for item in items:
        if not isinstance(item, pytest.Function) or item.get_closest_marker("browser") is not None:
            continue
        fixtures = [definition.func for definitions in item._fixtureinfo.name2fixturedefs.values()
                    for definition in definitions]
        if any(_BROWSER_TOOLS.search(_source(function)) for function in (item.function, *fixtures)):
            unmarked.append(item.nodeid)
    if unmarked:
        raise pytest.UsageError("These tests use chromium, Java, poppler or npm's packages but lack the `browser` "
                                "marker (import `pytestmark` or `browser_test` from tests.test_browser):\n  "
                                + "\n  ".join(unmarked))
