"""The live preview (`vinhdanh serve`): it starts whatever is broken, shows every problem on every page in
the browser, and clears them when they are fixed; a published site never carries its banner."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from generator import photos
from generator.load import Paths, load_site, load_site_for_preview
from generator.mkdocs_plugin import Preview
from generator.problems import InputError
from generator.templates import FRAGMENTS
from tests.helpers import DESKTOP, INDIVIDUAL, PHONE, TODAY, Project, browser_test, build

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts" / "preview"

COLLECTIVE = """
---
name: Tổ Một cửa
kind: collective
unit: van-phong
movements: [cai-cach-hanh-chinh]
members:
  - profile: chi
    role: Tổ trưởng
awards:
  - title: Tập thể lao động tiên tiến
    year: 2024
    decision: Quyết định số 2/QĐ-BQL
    date: "2024-12-20"
    issuer: Trưởng Ban Quản lý
---
"""

ARTICLE = """
---
title: Ông Chi số hóa hồ sơ một cửa
date: "2025-05-20"
author: Phòng Chính sách và Truyền thông
category: story
profiles: [chi]
---

Ông Chi rút ngắn thời gian giải quyết hồ sơ.
"""

BROKEN = """
---
name: Nguyễn Văn Hùng
kind: individual
unit: Phòng <i>Không</i> Có
birth_year: 1985
consent:
  date: "2025-05-20"
---

Câu chuyện của anh Hùng.
"""
FIXED = BROKEN.replace("Phòng <i>Không</i> Có", "Văn phòng")
UNIT_ERROR = "không có đơn vị 'Phòng <i>Không</i> Có' trong data/units.yml"


# --- what the preview is made of --------------------------------------------------------------------------

def test_a_broken_profile_is_left_out_and_every_problem_kept(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("profiles/hung.md", BROKEN)
    with pytest.raises(InputError) as refused:
        load_site(Paths.at(project.root), TODAY)
    site, problems = load_site_for_preview(Paths.at(project.root), TODAY)
    assert site is not None and [p.name for p in site.profiles] == ["Nguyễn Văn An"]
    assert problems.report() == refused.value.problems.report()
    assert f"profiles/hung.md:4: unit: {UNIT_ERROR}" in problems.report()


def test_a_broken_registry_leaves_nothing_new_to_show(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("data/units.yml", "units:\n  - id: van-phong\n    name: [Văn phòng\n")
    site, problems = load_site_for_preview(Paths.at(project.root), TODAY)
    assert site is None and problems.errors[0].path == "data/units.yml"


def test_links_and_speakers_to_a_broken_profile_lead_nowhere(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("Câu chuyện của **ông An**.",
                                                      "Cùng [anh Hùng](hung.md) làm sáng kiến."))
    project.write("profiles/hung.md", BROKEN)
    conference = (project.root / "data/conference.yml").read_text(encoding="utf-8")
    project.write("data/conference.yml", conference.replace(
        "      - name: Lãnh đạo Ban\n", "      - profile: hung\n        name: Anh Nguyễn Văn Hùng\n"))
    with pytest.raises(InputError) as refused:
        load_site(Paths.at(project.root), TODAY)
    # Only the profile itself is in error; what names it says it has errors, not that it is not there.
    assert {p.path for p in refused.value.problems.errors} == {"profiles/hung.md"}
    report = refused.value.problems.report()
    assert "hồ sơ 'hung' có lỗi (xem profiles/hung.md) nên chương trình chỉ hiện 'Anh Nguyễn Văn Hùng'" in report
    assert "liên kết 'hung.md': hồ sơ ở tệp này có lỗi (xem các lỗi của tệp ấy) nên chưa có trang" in report
    site, problems = load_site_for_preview(Paths.at(project.root), TODAY)
    assert site is not None, problems.report()  # a missing speaker does not hold the whole preview back
    an = site.profiles[0]
    assert "anh Hùng" in an.story_html and "<a" not in an.story_html
    assert [(s.name, p) for s, p in site.conference.sessions[0].speakers] == [("Anh Nguyễn Văn Hùng", None)]


def test_a_published_site_never_carries_the_banner(sample_site):
    site, _ = sample_site
    assert not [page for page in site.rglob("*.html") if "data-vd-problems" in page.read_text(encoding="utf-8")]


# --- one build of the preview, in this process -------------------------------------------------------------

def build_preview(project: Project, preview: Preview | None = None) -> Preview:
    """Build the preview of `project` into a folder beside it, as `vinhdanh serve` does on each change."""
    if preview is None:
        site_dir = project.root.parent / "preview"
        site_dir.mkdir()
        preview = Preview(project.root / "mkdocs.yml", site_dir, url="http://127.0.0.1:8000/vinhdanh/")
    preview.build()
    preview.wait_for_search()
    return preview


def pages(preview: Preview) -> dict[str, str]:
    return {page.relative_to(preview.site_dir).as_posix(): page.read_text(encoding="utf-8")
            for page in preview.site_dir.rglob("*.html")}


def banner(html: str) -> str:
    """The banner's text, tags removed, spaces joined."""
    found = re.search(r'<section class="vd-problems".*?</section>', html, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<style>.*?</style>|<[^>]+>", " ", found.group(), flags=re.S)) if found else ""


@pytest.mark.timeout(300)
def test_a_preview_after_a_build_in_the_same_process_shows_what_it_loads(project):
    project.write("profiles/an.md", INDIVIDUAL)
    build(project)  # `vinhdanh build` hands the plugin the site it loaded: no later build may keep it
    (project.profiles / "an.md").unlink()
    project.write("profiles/binh.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Văn Bình"))
    built = pages(build_preview(project))
    assert "ho-so/binh/index.html" in built and "ho-so/an/index.html" not in built


@pytest.mark.timeout(300)
def test_every_page_lists_the_problems_until_they_are_fixed(project):
    project.write("profiles/an.md", INDIVIDUAL)
    broken = project.write("profiles/hung.md", BROKEN)
    preview = build_preview(project)
    built = pages(preview)
    assert "ho-so/an/index.html" in built and "ho-so/hung/index.html" not in built
    # Every page; not the countdown made to be embedded in the e-portal's pages, nor the slideshow (for the hall).
    assert [name for name, html in built.items() if "data-vd-problems" not in html] == [
        "hoi-nghi/nhung.html", "hoi-nghi/trinh-chieu/index.html"]
    assert "Lỗi profiles/hung.md:4 : unit : không có đơn vị &#39;Phòng &lt;i&gt;Không&lt;/i&gt; Có&#39;" in \
        banner(built["index.html"])
    broken.write_text(FIXED.lstrip("\n"), encoding="utf-8")
    built = pages(build_preview(project, preview))
    assert "ho-so/hung/index.html" in built
    assert not [name for name, html in built.items() if "vd-problems" in html]


@pytest.mark.timeout(300)
def test_a_broken_registry_keeps_the_last_good_site_and_says_so(project):
    project.write("profiles/an.md", INDIVIDUAL)
    preview = build_preview(project)
    units = project.root / "data/units.yml"
    units.write_text(units.read_text(encoding="utf-8") + "  - id: [\n", encoding="utf-8")
    built = pages(build_preview(project, preview))
    assert "ho-so/an/index.html" in built
    text = banner(built["index.html"])
    assert "Danh mục hoặc tệp Hội nghị có lỗi: trang đang hiện là bản xem trước lần trước" in text
    assert "data/units.yml:" in text


@pytest.mark.timeout(300)
def test_mkdocs_own_warning_is_an_error_in_the_banner_and_the_page_is_built(project):
    project.write("profiles/an.md", INDIVIDUAL)
    about = project.root / "content/gioi-thieu.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n[Quy chế](quy-che.md)\n", encoding="utf-8")
    built = pages(build_preview(project))
    assert "gioi-thieu/index.html" in built  # strict mode (mkdocs.yml) would have stopped the build
    assert ("Lỗi MkDocs báo: Doc file &#39;gioi-thieu.md&#39; contains a link &#39;quy-che.md&#39;, "
            "but the target is not found among documentation files.") in banner(built["index.html"])


@pytest.mark.own_cache
@pytest.mark.timeout(300)
def test_a_photo_that_cannot_be_derived_leaves_its_profile_out(project, monkeypatch):
    project.photo("anh/a.jpg")
    project.write("profiles/an.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/a.jpg"))
    project.write("profiles/hung.md", FIXED)

    def broken(source, specs):
        raise OSError("broken data stream when reading image file")

    monkeypatch.setattr(photos, "derive_photo", broken)
    built = pages(build_preview(project))
    assert "ho-so/an/index.html" not in built and "ho-so/hung/index.html" in built
    assert ("Lỗi profiles/an.md:8 : photo : không giải mã được ảnh (tệp hỏng hoặc bị cắt cụt): broken data stream "
            "when reading image file: anh/a.jpg") in banner(built["index.html"])


@pytest.mark.timeout(300)
def test_a_page_refused_before_mkdocs_reads_it_is_left_out(project):
    project.write("profiles/an.md", INDIVIDUAL)
    os.symlink("/etc/hostname", project.root / "content/leak.md")
    built = pages(build_preview(project))
    assert "leak/index.html" not in built and "ho-so/an/index.html" in built
    assert "Lỗi content/leak.md : là liên kết tắt trỏ ra ngoài thư mục content/" in banner(built["index.html"])


@pytest.mark.timeout(300)
def test_a_broken_theme_still_gives_a_page_saying_why(project):
    (project.root / "theme/main.html").write_text('{% extends "base.html" %}\n{% block header %}\n',
                                                  encoding="utf-8")
    preview = build_preview(project)
    built = pages(preview)
    assert set(built) == {"index.html", "404.html"}
    assert "Chưa xây dựng được bản xem trước: mẫu giao diện theme/main.html, dòng 2: Unexpected end of template." in built["404.html"]


# --- `vinhdanh serve` in a browser ------------------------------------------------------------------------

class Serving:
    """`vinhdanh serve` running on a free port of 127.0.0.1 in `project`, its output collected."""

    def __init__(self, project: Project):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        # Ctrl+C in a terminal: a command started in the background by a shell without job control (as a CI
        # runner may start the suite) inherits SIGINT ignored, and Python then never raises KeyboardInterrupt.
        command = ("import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                   "from generator.cli import main; sys.exit(main(sys.argv[1:]))")
        self.process = subprocess.Popen(
            [sys.executable, "-c", command, "serve", "-a", f"127.0.0.1:{port}"], cwd=project.root, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8")
        self.lines: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        ready = self.wait_for_line("Xem trước tại ")
        self.url = re.search(r"http://\S+/", ready).group()

    def _read(self) -> None:
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for_line(self, text: str, after: int = 0, timeout: float = 120) -> str:
        """The first line from index `after` on containing `text`, waiting until it is printed."""
        def found() -> str | None:
            return next((line for line in self.lines[after:] if text in line), None) or (
                "" if self.process.poll() is not None else None)

        with self.changed:
            line = self.changed.wait_for(found, timeout)
        assert line, f"'{text}' never printed:\n" + "\n".join(self.lines)
        return line

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def stop(self) -> int:
        """Ctrl+C, as an editor stops it."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        return self.process.wait(timeout=120)  # a bound for a hang, not a speed: it stops in a second or two


@pytest.fixture
def preview(project):
    started: list[Serving] = []

    def start() -> Serving:
        started.append(Serving(project))
        return started[-1]

    yield start
    for running in started:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def screenshot(page, name: str) -> None:
    """Keep a look at the banner at both sizes, beside the quality screenshots."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(viewport)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{label}.png"))


@browser_test
@pytest.mark.timeout(300)
def test_a_broken_profile_shows_in_the_browser_until_it_is_fixed(project, preview, browser):
    from playwright.sync_api import expect

    project.write("profiles/an.md", INDIVIDUAL)
    broken = project.write("profiles/hung.md", BROKEN)
    server = preview()  # starts although a profile is broken
    page = browser.new_page()
    page.set_viewport_size(PHONE)
    page.goto(server.url)
    banner = page.locator("[data-vd-problems]")
    alert = banner.get_by_role("alert")
    expect(alert).to_contain_text("Bản xem trước có 1 lỗi")
    item = alert.get_by_role("listitem")
    expect(item).to_have_text(f"Lỗi profiles/hung.md:4: unit: {UNIT_ERROR}")  # what the editor typed, as text
    assert banner.locator("i").count() == 0
    screenshot(page, "broken-profile")
    # The banner folds with the keyboard.
    alert.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(item).to_be_hidden()
    # The valid profile is there, the broken one is left out, and every page says why.
    page.goto(server.url + "dien-hinh/")
    expect(page.get_by_role("link", name="Nguyễn Văn An")).to_be_visible()
    expect(page.get_by_role("link", name="Nguyễn Văn Hùng")).to_have_count(0)
    expect(alert).to_contain_text("profiles/hung.md:4")
    assert "profiles/hung.md:4: unit: " + UNIT_ERROR in server.output  # the terminal too

    # Fixed: the page reloads by itself, without the banner, and shows the profile.
    broken.write_text(FIXED.lstrip("\n"), encoding="utf-8")
    banner.wait_for(state="detached", timeout=120_000)
    expect(page.get_by_role("link", name="Nguyễn Văn Hùng")).to_be_visible()
    # Broken again: the banner comes back.
    broken.write_text(BROKEN.lstrip("\n"), encoding="utf-8")
    expect(alert).to_contain_text("profiles/hung.md:4", timeout=120_000)
    expect(page.get_by_role("link", name="Nguyễn Văn Hùng")).to_have_count(0)
    page.close()
    assert server.stop() == 0
    assert "Đã dừng xem trước." in server.output
    assert "appear stuck" not in server.output


@browser_test
@pytest.mark.timeout(300)
def test_a_broken_conference_file_at_start_makes_every_page_an_error_page(project, preview, browser):
    from playwright.sync_api import expect

    project.write("profiles/an.md", INDIVIDUAL)
    conference = project.root / "data/conference.yml"
    good = conference.read_text(encoding="utf-8")
    conference.write_text(good.replace('start: "2025-06-19 08:00"', 'start: "2025-06-31 08:00"'), encoding="utf-8")
    server = preview()
    page = browser.new_page()
    for address in ("", "ho-so/an/"):  # the home page and any other address
        page.goto(server.url + address)
        alert = page.locator("[data-vd-problems]").get_by_role("alert")
        expect(alert).to_contain_text("Chưa có trang nào để xem trước")
        expect(alert.get_by_role("listitem").first).to_contain_text("data/conference.yml:4: start:")
    expect(page.get_by_role("heading", level=1)).to_have_text("Chưa có bản xem trước")
    page.goto(server.url)
    screenshot(page, "broken-conference")

    conference.write_text(good, encoding="utf-8")
    page.locator("[data-vd-problems]").wait_for(state="detached", timeout=120_000)
    expect(page.get_by_role("link", name="Nguyễn Văn An").first).to_be_visible()
    # Broken again once a site was shown: the last good one stays, and says so.
    conference.write_text(good.replace('start: "2025-06-19 08:00"', 'start: "2025-06-31 08:00"'), encoding="utf-8")
    alert = page.locator("[data-vd-problems]").get_by_role("alert")
    expect(alert).to_contain_text("trang đang hiện là bản xem trước lần trước", timeout=120_000)
    expect(page.get_by_role("link", name="Nguyễn Văn An").first).to_be_visible()
    page.close()
    assert server.stop() == 0


@browser_test
@pytest.mark.timeout(300)
def test_a_build_that_stops_says_why_in_vietnamese(project, preview, browser):
    from playwright.sync_api import expect

    project.write("profiles/an.md", INDIVIDUAL)
    home = project.root / "content/index.md"
    good = home.read_text(encoding="utf-8")
    server = preview()
    page = browser.new_page()
    page.goto(server.url)
    expect(page.get_by_role("link", name="Nguyễn Văn An").first).to_be_visible()
    assert page.locator("[data-vd-problems]").count() == 0

    home.write_text(good + "\n<!-- vinhdanh:khong-co -->\n", encoding="utf-8")
    alert = page.locator("[data-vd-problems]").get_by_role("alert")
    expect(alert).to_contain_text("không có đoạn tự động 'khong-co'", timeout=120_000)
    expect(alert).to_contain_text("Chưa xây dựng được bản xem trước")
    line = server.wait_for_line("Chưa xây dựng được bản xem trước")
    assert "index.md: không có đoạn tự động 'khong-co'" in line and "Hãy sửa rồi lưu tệp" in line
    assert "appear stuck" not in server.output and "Traceback" not in server.output

    home.write_text(good, encoding="utf-8")
    page.locator("[data-vd-problems]").wait_for(state="detached", timeout=120_000)
    page.close()
    assert server.stop() == 0


@pytest.mark.timeout(300)
def test_a_port_in_use_is_said_in_vietnamese(project):
    project.write("profiles/an.md", INDIVIDUAL)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "generator.cli", "serve", "-a", f"127.0.0.1:{port}"],
                                cwd=project.root, capture_output=True, text=True, encoding="utf-8", timeout=240)
    assert result.returncode == 1
    assert (f"Không mở được 127.0.0.1:{port}: Address already in use. Cổng đang được dùng? Thử cổng khác, "
            "ví dụ: vinhdanh serve -a 127.0.0.1:8001") in result.stderr
    assert "Traceback" not in result.stderr


# --- a preview writes again only what an edit changes ------------------------------------------------------

def _full_preview_files(project: Project, into: Path) -> dict[str, bytes]:
    """Every file of a preview of `project` built from scratch into `into`."""
    preview = Preview(project.root / "mkdocs.yml", into, url="http://127.0.0.1:8000/vinhdanh/")
    preview.build()
    preview.wait_for_search()
    return _files(preview.site_dir)


def _files(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file()}


@pytest.mark.timeout(600)
def test_after_each_edit_the_preview_equals_a_full_build(project, monkeypatch, tmp_path):
    import datetime as dt

    from generator import mkdocs_plugin

    # One moment for every build: the countdown's and the sitemap's.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1748710800")
    monkeypatch.setattr(mkdocs_plugin, "now", lambda: dt.datetime(2025, 6, 1, 9, 30, tzinfo=dt.UTC))
    for name, unit, given in (("an", "van-phong", "An"), ("binh", "van-phong", "Bình"),
                              ("chi", "phong-chinh-sach-truyen-thong", "Chi")):
        project.write(f"profiles/{name}.md", INDIVIDUAL.replace("Nguyễn Văn An", f"Nguyễn Văn {given}")
                      .replace("unit: van-phong", f"unit: {unit}"))
    project.photo("anh/an.jpg")
    with_photo = INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/an.jpg")
    project.write("profiles/an.md", with_photo)
    # A link MkDocs checks: once its target is gone, its warning is in the banner on every page.
    project.write("content/gioi-thieu.md", "# Giới thiệu\n\nXem [anh Bình](ho-so/binh.md).\n")
    preview = build_preview(project)
    written: list[set[str]] = []

    def same_as_full(step: str) -> None:
        before = {path: path.stat().st_mtime_ns for path in preview.site_dir.rglob("*.html")}
        preview.build()
        preview.wait_for_search()  # Pagefind indexes once the pages are shown
        written.append({path.relative_to(preview.site_dir).as_posix() for path in preview.site_dir.rglob("*.html")
                        if before.get(path) != path.stat().st_mtime_ns})
        fresh = tmp_path / f"full-{len(written)}"
        fresh.mkdir()
        expected, got = _full_preview_files(project, fresh), _files(preview.site_dir)
        assert sorted(got) == sorted(expected), step
        assert [path for path in expected if got[path] != expected[path]] == [], step

    units = project.root / "data/units.yml"
    steps = [
        ("a profile's name", lambda: project.write("profiles/an.md", with_photo.replace("Nguyễn Văn An", "Nguyễn Văn Ân"))),
        ("a unit's name", lambda: units.write_text(units.read_text(encoding="utf-8").replace(
            "name: Phòng Chính sách và Truyền thông\n", "name: Phòng Chính sách, Truyền thông\n"), encoding="utf-8")),
        ("a profile added", lambda: project.write("profiles/dung.md", INDIVIDUAL.replace("Nguyễn Văn An", "Lê Thị Dung"))),
        ("a profile removed", lambda: (project.root / "profiles/binh.md").unlink()),
        ("a profile broken", lambda: project.write("profiles/hung.md", BROKEN)),
        ("the profile fixed", lambda: project.write("profiles/hung.md", FIXED)),
        ("a hand-written page", lambda: project.write("content/gioi-thieu.md", "# Giới thiệu\n\nXem [anh Bình](ho-so/binh.md) nữa.\n")),
        # What the preview keeps between builds (`memo.py`) is kept no longer than its inputs are unchanged.
        ("a fragment of the theme", lambda: project.write("theme/fragments/picture.html", picture.replace(
            "<picture", "<picture data-edited"))),
        ("the fragment edited again", lambda: project.write("theme/fragments/picture.html", picture.replace(
            "<picture", "<picture data-edited-again"))),
        ("a template of the theme", lambda: (project.root / "theme/partials/logo.html").write_text(
            logo + "<!-- đã sửa -->\n", encoding="utf-8")),
        # MkDocs' listing of the theme's files is kept while the theme's folder is unchanged.
        ("a file added to the theme", lambda: project.write("theme/assets/images/hoa-sen.svg", "<svg xmlns="
                                                              "'http://www.w3.org/2000/svg'/>\n")),
        ("a photo broken", lambda: (project.profiles / "anh/an.jpg").write_bytes(photo[:len(photo) // 2])),
        ("the photo fixed", lambda: (project.profiles / "anh/an.jpg").write_bytes(photo)),
        ("another photo of the same name", lambda: project.photo("anh/an.jpg", color="#2d5f8a")),
        # A page shows other profiles and articles: kept pages follow them (`render.Around`).
        ("a collective naming a member", lambda: project.write("profiles/to.md", COLLECTIVE)),
        ("the member's name", lambda: project.write("profiles/chi.md", chi.replace("Nguyễn Văn Chi", "Nguyễn Văn Chí"))),
        ("an article about a profile", lambda: project.write("articles/tin.md", ARTICLE)),
        ("the article's title", lambda: project.write("articles/tin.md", ARTICLE.replace("hồ sơ một cửa", "hồ sơ số"))),
        ("the campaign's name", lambda: conference.write_text(conference.read_text(encoding="utf-8").replace(
            "campaign: ", "campaign: Vinh danh ", 1), encoding="utf-8")),
        # The English edition follows its own inputs: the banner's English, a profile's en block, the catalogue.
        ("the banner on", lambda: conference.write_text(conference.read_text(encoding="utf-8") + "banner: true\n",
                                                        encoding="utf-8")),
        ("the conference's English title", lambda: conference.write_text(
            conference.read_text(encoding="utf-8") + "en:\n  title: Conference of Exemplars\n", encoding="utf-8")),
        ("an English summary", lambda: project.write("profiles/chi.md", chi.replace(
            "consent:", "en:\n  summary: Mr Chi keeps the records.\nconsent:"))),
        ("the interface's English", lambda: catalogue.write_text(catalogue.read_text(encoding="utf-8").replace(
            '"Năm sinh": Year of birth', '"Năm sinh": Born'), encoding="utf-8")),
        ("nothing", lambda: None),
    ]
    conference = project.root / "data/conference.yml"
    catalogue = project.root / "theme/messages/en.yml"
    assert '"Năm sinh": Year of birth' in catalogue.read_text(encoding="utf-8")
    chi = (project.profiles / "chi.md").read_text(encoding="utf-8")
    picture = (FRAGMENTS / "picture.html").read_text(encoding="utf-8")
    assert "<picture" in picture
    photo = (project.profiles / "anh/an.jpg").read_bytes()
    logo = (project.root / "theme/partials/logo.html").read_text(encoding="utf-8")
    for step, edit in steps:
        edit()
        same_as_full(step)
    by_step = dict(zip([step for step, _ in steps], written, strict=True))
    # A profile's edit writes its page again, not every other profile's.
    assert "ho-so/an/index.html" in by_step["a profile's name"]
    assert "ho-so/chi/index.html" not in by_step["a profile's name"]
    assert "ho-so/chi/index.html" not in by_step["nothing"]
    # A unit's name: the pages of its profiles and the listings, not the others' pages.
    assert "ho-so/chi/index.html" in by_step["a unit's name"] and "ho-so/an/index.html" not in by_step["a unit's name"]
    assert "ho-so/hung/index.html" in by_step["the profile fixed"]
    # The link's warning, known once the pages are read, changes every page: all are read and written.
    assert "ho-so/chi/index.html" in by_step["a profile removed"]
    # A hand-written page's text is its own (and its title in the navigation's, and MkDocs' warnings').
    assert "ho-so/chi/index.html" not in by_step["a hand-written page"]
    # A fragment's edit shows on the page that uses it; a photo broken leaves its profile out.
    assert "ho-so/an/index.html" in by_step["a fragment of the theme"]
    assert "ho-so/an/index.html" in by_step["the fragment edited again"]
    assert "ho-so/an/index.html" in by_step["the photo fixed"]
    assert "<!-- đã sửa -->" in (preview.site_dir / "ho-so/chi/index.html").read_text(encoding="utf-8")
    assert (preview.site_dir / "assets/images/hoa-sen.svg").is_file()
    assert "ho-so/an/index.html" in by_step["another photo of the same name"]
    assert "ho-so/to/index.html" in by_step["the member's name"]
    assert "ho-so/chi/index.html" in by_step["the article's title"]
    assert "ho-so/an/index.html" in by_step["the campaign's name"]  # its share tags' site name
    assert "en/ho-so/an/index.html" in by_step["the conference's English title"]  # the banner, on every page
    assert "en/ho-so/chi/index.html" in by_step["an English summary"]
    assert "en/ho-so/an/index.html" not in by_step["an English summary"]
    assert "Born" in (preview.site_dir / "en/ho-so/chi/index.html").read_text(encoding="utf-8")


def test_a_build_before_in_the_same_process_does_not_change_what_the_preview_shows(project, sample_site):
    # MkDocs keeps, for the whole process, a plugin with an `on_startup` or `on_shutdown` event, and with it
    # the site a `vinhdanh build` handed it: the preview would show that site.
    from generator.mkdocs_plugin import VinhdanhPlugin

    assert not hasattr(VinhdanhPlugin, "on_startup") and not hasattr(VinhdanhPlugin, "on_shutdown")
    project.write("profiles/an.md", INDIVIDUAL)
    assert [name for name in pages(build_preview(project)) if name.startswith("ho-so/")] == ["ho-so/an/index.html"]


def test_an_edit_while_the_search_index_is_made_stops_it_and_the_next_index_is_whole(project):
    project.write("profiles/an.md", INDIVIDUAL)
    preview = build_preview(project)
    expected = sorted(p.relative_to(preview.site_dir).as_posix() for p in (preview.site_dir / "pagefind").rglob("*")
                      if p.suffix in (".js", ".json"))
    preview.build()  # its index starts in a thread, and is not waited for
    assert preview.indexing is not None
    run = preview.indexing[1]
    preview.build()  # the next edit's build stops it first
    assert run._stopped
    preview.wait_for_search()
    got = sorted(p.relative_to(preview.site_dir).as_posix() for p in (preview.site_dir / "pagefind").rglob("*")
                 if p.suffix in (".js", ".json"))
    assert got == expected and "pagefind/pagefind.js" in got


def test_a_pagefind_that_cannot_start_is_a_search_index_error_not_a_crash(tmp_path, monkeypatch):
    # The preview's indexing thread reports a SearchIndexError in the terminal; anything else would escape it
    # as a traceback (an OSError from starting Pagefind was seen once under heavy load).
    from generator import search

    not_a_program = tmp_path / "pagefind"
    not_a_program.write_text("", encoding="utf-8")  # not executable: starting it raises PermissionError
    monkeypatch.setattr(search, "pagefind_executable", lambda: not_a_program)
    with pytest.raises(search.SearchIndexError, match="Không chạy được Pagefind"):
        search.SearchIndexRun(tmp_path).run()


def test_a_search_index_run_stopped_before_it_starts_starts_no_pagefind(tmp_path):
    from generator.search import SearchIndexRun

    run = SearchIndexRun(tmp_path)
    run.stop()
    assert run.run() is None
    assert not (tmp_path / "pagefind").exists()
