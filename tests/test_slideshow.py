"""The ceremony's slideshow without a browser: its order, who may be on it, hostile text, the conference file's
`ceremony` list and its problems, a folder that works on its own, and a zip with the same bytes every time."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.problems import InputError
from generator.render_slideshow import LINE_LIMIT, NAME_LIMIT, ZIP_TIME, cut, zip_folder
from tests.helpers import CONFERENCE, INDIVIDUAL, build

pytestmark = pytest.mark.timeout(180)

SLIDESHOW = "hoi-nghi/trinh-chieu"


def person(name: str, award: str = "Chiến sĩ thi đua cơ sở", extra: str = "") -> str:
    """An individual's profile named `name` with the award `award` (and front matter lines `extra`)."""
    text = INDIVIDUAL.replace("Nguyễn Văn An", name).replace("title: Chiến sĩ thi đua cơ sở", f"title: {award}")
    return text.replace("consent:", f"{extra}consent:") if extra else text


def with_people(project) -> None:
    """Three published individuals of three award ranks, a draft, a scheduled one and one without consent."""
    project.write("profiles/an.md", person("Nguyễn Văn An"))
    project.write("profiles/binh.md", person("Trần Văn Bình", "Bằng khen của Thủ tướng Chính phủ"))
    project.write("profiles/cuc.md", person("Lê Thị Cúc", "Chiến sĩ thi đua cấp Bộ, ban, ngành, tỉnh"))
    project.write("profiles/nhap.md", person("Phạm Bản Nháp", extra="draft: true\n"))
    project.write("profiles/hen.md", person("Đỗ Hẹn Ngày", extra='publish_on: "2025-06-10"\n'))
    project.write("profiles/kin.md", person("Hồ Chưa Đồng Ý").replace('consent:\n  date: "2025-05-20"\n', ""))


def slides_of(site: Path) -> list[str]:
    """The names on the exemplars' slides, in order."""
    html = (site / SLIDESHOW / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<h2 class="vd-slide__name">([^<]*)</h2>', html)


def conference_with(project, text: str) -> None:
    (project.root / "data/conference.yml").write_text(CONFERENCE.lstrip("\n") + text, encoding="utf-8")


def problems_of(project) -> list[str]:
    with pytest.raises(InputError) as caught:
        project.load()
    return [str(p) for p in caught.value.problems.sorted()]


UNPUBLISHED = ("Phạm Bản Nháp", "Đỗ Hẹn Ngày", "Hồ Chưa Đồng Ý")


def test_without_a_list_the_slides_follow_award_rank_and_show_only_published_profiles(project):
    with_people(project)
    build(project)
    site = project.root / "site"
    assert slides_of(site) == ["Trần Văn Bình", "Lê Thị Cúc", "Nguyễn Văn An"]
    with zipfile.ZipFile(site / "hoi-nghi/trinh-chieu.zip") as archive:
        packed = "\n".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    folder = "\n".join(p.read_text(errors="replace") for p in (site / SLIDESHOW).rglob("*") if p.is_file())
    for name in UNPUBLISHED:
        assert name not in folder and name not in packed


def test_the_conference_file_sets_the_order_and_unpublished_entries_are_left_out_with_a_warning(project):
    with_people(project)
    conference_with(project, "ceremony:\n  - an\n  - nhap\n  - cuc\n  - hen\n  - kin\n  - an\n")
    site = project.load()
    assert [p.name for p in site.conference.ceremony] == ["Nguyễn Văn An", "Lê Thị Cúc"]
    assert [str(p) for p in site.problems.sorted() if p.path == "data/conference.yml"] == [
        "data/conference.yml:23: ceremony[1]: cảnh báo: hồ sơ 'nhap' là bản nháp nên không được trình chiếu",
        "data/conference.yml:25: ceremony[3]: cảnh báo: hồ sơ 'hen' hẹn xuất bản ngày 10/6/2025 nên không được "
        "trình chiếu",
        "data/conference.yml:26: ceremony[4]: cảnh báo: hồ sơ 'kin' chưa có đồng ý công bố nên không được trình chiếu",
        "data/conference.yml:27: ceremony[5]: cảnh báo: hồ sơ 'an' đã có trong danh sách; chỉ trình chiếu một lần",
    ]
    build(project)
    assert slides_of(project.root / "site") == ["Nguyễn Văn An", "Lê Thị Cúc"]


def test_unknown_or_malformed_ids_in_the_list_are_errors_with_file_line_and_field(project):
    with_people(project)
    conference_with(project, "ceremony:\n  - binh\n  - bnih\n  - khong-co-ai\n  - Trần Văn Bình\n")
    assert problems_of(project) == [
        "data/conference.yml:23: ceremony[1]: không có hồ sơ nào có mã 'bnih'; có phải ý bạn là 'binh'?",
        "data/conference.yml:24: ceremony[2]: không có hồ sơ nào có mã 'khong-co-ai'",
        "data/conference.yml:25: ceremony[3]: không có hồ sơ nào có mã 'Trần Văn Bình': ghi mã hồ sơ (tên tệp, không có "
        "phần đuôi), ở đây là 'binh'",
    ]


def test_the_award_items_recipients_come_first_and_the_list_is_then_ignored_with_a_warning(project):
    with_people(project)
    conference_with(project, "ceremony: [binh]\n")
    text = (project.root / "data/conference.yml").read_text(encoding="utf-8")
    text = text.replace("    title: Khen thưởng\n", "    title: Khen thưởng\n    speakers:\n      - profile: cuc\n"
                        "      - profile: nhap\n      - profile: an\n")
    (project.root / "data/conference.yml").write_text(text, encoding="utf-8")
    site = project.load()
    assert [p.name for p in site.conference.ceremony] == ["Lê Thị Cúc", "Nguyễn Văn An"]
    assert ("data/conference.yml:25: ceremony: cảnh báo: thứ tự trình chiếu lấy theo người nhận khen thưởng của "
            "mục 'Khen thưởng' trong chương trình; danh sách này bị bỏ qua") in [str(p) for p in site.problems.sorted()]


EVIL = "<script>alert(1)</script> & \"x\" 'y'"
LONG_WORD = "Siêu" * 400


def test_hostile_text_shows_as_text_and_long_text_is_cut(project):
    evil = (person("Nguyễn <b>Văn</b> An")
            .replace("position: Chuyên viên", f"position: '{EVIL.replace(chr(39), chr(39) * 2)}'")
            .replace("consent:", f"highlights:\n  - {LONG_WORD}\nquote: 'javascript:alert(1)'\nconsent:"))
    project.write("profiles/an.md", evil)
    build(project)
    html = (project.root / "site" / SLIDESHOW / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<b>Văn" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;x&#34; &#39;y&#39;" in html
    assert 'Nguyễn &lt;b&gt;Văn&lt;/b&gt; An' in html
    line = re.search(r'<p class="vd-slide__line">([^<]*)</p>', html).group(1)
    assert len(line) == LINE_LIMIT and line.endswith("…")
    assert not re.search(r'(href|src)="\s*javascript', html, re.I)


def test_cut_keeps_whole_words_and_cuts_a_word_longer_than_the_limit():
    assert cut("Chiến sĩ thi đua", 40) == "Chiến sĩ thi đua"
    assert cut("Chiến sĩ thi đua cấp bộ, ngành, tỉnh", 20) == "Chiến sĩ thi đua…"
    assert cut("a" * 500, NAME_LIMIT) == "a" * (NAME_LIMIT - 1) + "…"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.refs += [v for k, v in attrs if k in ("href", "src") and v]


def test_the_folder_works_on_its_own_and_its_zip_holds_exactly_it(project):
    project.photo("anh/an.jpg")
    project.photo("anh/to.jpg", size=(1600, 1000))
    project.write("profiles/an.md", person("Nguyễn Văn An").replace("unit: van-phong", "unit: van-phong\nphoto: anh/an.jpg"))
    project.write("profiles/to.md", """\
        ---
        name: Tổ Một Cửa
        kind: collective
        unit: van-phong
        photo: anh/to.jpg
        headcount: 12
        ---
        """)
    build(project)
    site = project.root / "site"
    folder = site / SLIDESHOW
    parser = _Links()
    parser.feed((folder / "index.html").read_text(encoding="utf-8"))
    css = (folder / "phong-chu/phong-chu.css").read_text(encoding="utf-8")
    refs = parser.refs + [f"phong-chu/{u}" for u in re.findall(r'url\("([^"]+)"\)', css)]
    assert refs and all(not urlsplit(r).scheme and not r.startswith(("/", "..")) for r in refs), refs
    for ref in refs:
        assert (folder / unquote(ref)).is_file(), ref
    photos = sorted(p.name for p in (folder / "anh").iterdir())
    assert [re.sub(r"-[0-9a-f]{10}-", "-KEY-", name) for name in photos] == ["an-KEY-portrait-720.webp",
                                                                              "to-KEY-slide-1400.webp"]
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
    with zipfile.ZipFile(site / "hoi-nghi/trinh-chieu.zip") as archive:
        packed = {info.filename.removeprefix("trinh-chieu/"): archive.read(info) for info in archive.infolist()}
        assert {info.date_time for info in archive.infolist()} == {ZIP_TIME}
        assert [info.filename for info in archive.infolist()] == sorted(info.filename for info in archive.infolist())
    assert packed == files
    assert "trinh-chieu.zip" in (site / "hoi-nghi/index.html").read_text(encoding="utf-8")


def test_the_zip_has_the_same_bytes_for_the_same_files_whatever_their_order():
    files = {f"{SLIDESHOW}/index.html": b"<!doctype html>", f"{SLIDESHOW}/anh/a.webp": b"RIFF....WEBP",
             "hoi-nghi/index.html": b"not in the folder"}
    first = zip_folder(files)
    assert zip_folder(dict(reversed(files.items()))) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["trinh-chieu/anh/a.webp", "trinh-chieu/index.html"]
        assert archive.getinfo("trinh-chieu/anh/a.webp").compress_type == zipfile.ZIP_STORED


def test_two_builds_make_the_same_zip(project, tmp_path):
    with_people(project)
    build(project)
    first = (project.root / "site/hoi-nghi/trinh-chieu.zip").read_bytes()
    build(project, tmp_path / "again")
    assert (tmp_path / "again/hoi-nghi/trinh-chieu.zip").read_bytes() == first


def roles_of(site: Path) -> list[str]:
    html = (site / SLIDESHOW / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<p class="vd-slide__role">([^<]*)</p>', html)


def test_the_unit_follows_the_position_unless_the_position_names_it(project):
    project.write("profiles/an.md", person("Nguyễn Văn An"))
    project.write("profiles/binh.md", person("Trần Văn Bình").replace("position: Chuyên viên",
                                                                      "position: Chánh Văn phòng"))
    build(project)
    assert sorted(roles_of(project.root / "site")) == ["Chuyên viên, Văn phòng", "Chánh Văn phòng"]
