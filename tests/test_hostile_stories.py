"""Stories are the Markdown editors expect, and whatever a story holds ends in a Vietnamese message naming file,
line and field, or in a clean page: images, links to profiles, fenced code, footnotes, tables, limits that keep
rendering fast, invisible characters, a companion file's front matter."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from generator import photos
from generator.problems import InputError
from generator.stories import (
    MAX_CHARACTERS,
    MAX_LINES,
    MAX_MARKS,
    MAX_NESTING,
    MAX_UNCLOSED,
    StoryError,
    check_limits,
    render_story,
)
from tests.helpers import INDIVIDUAL, build, snapshot

STORY_LINE = INDIVIDUAL.lstrip("\n").split("\n").index("Câu chuyện của **ông An**.") + 1
"""The line of INDIVIDUAL's story in its file: stories written below start there."""


def with_story(story: str, base: str = INDIVIDUAL) -> str:
    """INDIVIDUAL with `story` (dedented) in place of its own."""
    return base.replace("Câu chuyện của **ông An**.", textwrap.dedent(story).strip("\n"))


def person(name: str, extra: str = "", birth_year: int = 1984) -> str:
    """Another individual, published unless `extra` says otherwise (front matter lines)."""
    text = INDIVIDUAL.replace("Nguyễn Văn An", name).replace("birth_year: 1980", f"birth_year: {birth_year}")
    return text.replace("---\nname:", f"---\n{extra}name:", 1) if extra else text


def messages(site_or_error) -> list[str]:
    problems = site_or_error.problems
    return [str(p) for p in problems.sorted()]


def story_of(site, profile_id: str = "an") -> str:
    return next(p for p in site.profiles + site.skipped if p.id == profile_id).story_html


# --- images -------------------------------------------------------------------------------------------------

def test_story_image_is_a_picture_through_the_photo_pipeline_without_metadata(project):
    anh = project.profiles / "anh"
    anh.mkdir()
    image = Image.new("RGB", (1600, 900), "#3366aa")
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (21.0, 1.0, 0.0)  # GPSLatitude
    image.save(anh / "hoi-nghi.jpg", exif=exif.tobytes(), comment=b"may anh cua phong")
    project.write("profiles/an.md", with_story("""
        Ông An tại hội nghị:

        ![Ông An phát biểu tại hội nghị](anh/hoi-nghi.jpg "Hội nghị điển hình tiên tiến 2024")

        Và một ảnh nhỏ ![Logo](anh/hoi-nghi.jpg) trong dòng.
    """))
    before = snapshot(project.profiles)
    summary = build(project)
    assert summary.warnings == ""
    page = (project.root / "site/ho-so/an/index.html").read_text()
    figure = re.search(r'<figure class="vd-story__figure">(.*?)</figure>', page, re.S).group(1)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)" width="800" height="450">',
                     figure)
    assert [w.split()[1] for w in webp.group(1).split(", ")] == ["480w", "800w", "1400w"]
    assert webp.group(2) == "(max-width: 44.9375em) 100vw, 700px"
    assert re.search(r'<img class="vd-story__image" src="\.\./\.\./assets/anh/an-\w+-story-800\.jpg" '
                     r'alt="Ông An phát biểu tại hội nghị" width="800" height="450" loading="lazy"', figure)
    assert "<figcaption>Hội nghị điển hình tiên tiến 2024</figcaption>" in figure
    assert re.search(r'<p>Và một ảnh nhỏ <picture style="aspect-ratio:800/450">.*alt="Logo".*</picture> trong dòng.</p>',
                     page)
    published = sorted((project.root / "site/assets/anh").glob("an-*-story-*"))
    assert [p.name.split("-story-")[1] for p in published] == ["1400.webp", "480.webp", "800.jpg", "800.webp"]
    for path in published:
        data = path.read_bytes()
        assert b"Exif" not in data and b"may anh" not in data, path
        with Image.open(path) as out:
            assert not out.getexif() and "exif" not in out.info and "comment" not in out.info
    assert not list((project.root / "site").rglob("hoi-nghi.jpg"))  # the original is never published
    assert snapshot(project.profiles) == before


@pytest.mark.parametrize("raw", [
    '<img src="https://elsewhere.example/pixel.gif">',
    '<img src="//elsewhere.example/pixel.gif" width="1" height="1">',
    "<IMG SRC=https://elsewhere.example/pixel.gif>",
    '<picture><source srcset="https://elsewhere.example/p.webp"><img src="https://elsewhere.example/p.jpg"></picture>',
    '<img srcset="https://elsewhere.example/p.jpg 1x" src="anh/x.jpg">',
    '<video poster="https://elsewhere.example/p.jpg"></video><audio src="https://elsewhere.example/a.mp3"></audio>',
    '<link rel="stylesheet" href="https://elsewhere.example/s.css"><base href="https://elsewhere.example/">',
])
def test_raw_html_never_fetches_from_another_origin(project, raw):
    project.write("profiles/an.md", with_story(f"Trước.\n\n{raw}\n\nSau."))
    site = project.load()
    html = story_of(site)
    assert "elsewhere" not in html and "<img" not in html and "<source" not in html
    assert "Trước." in html and "Sau." in html
    assert all(m.startswith(f"profiles/an.md:{STORY_LINE + 2}: story: cảnh báo: ảnh ")
               for m in messages(site)), messages(site)


def test_raw_html_image_is_a_warning_naming_its_line(project):
    project.write("profiles/an.md", with_story('Dòng một.\n\nẢnh <img src="https://elsewhere.example/p.gif">.'))
    assert messages(project.load()) == [
        f"profiles/an.md:{STORY_LINE + 2}: story: cảnh báo: ảnh 'https://elsewhere.example/p.gif' viết bằng thẻ HTML "
        "không được đăng: hãy dùng ![mô tả](anh/ten-tep.jpg) với tệp ảnh trong thư mục profiles/",
    ]


def test_missing_image_is_a_warning_and_the_image_is_left_out(project):
    project.photo("anh/co.jpg")
    project.write("profiles/an.md", with_story("""
        Đoạn đầu.

        ![Ảnh không có](anh/khong-co.jpg)

        Đoạn sau ![Ảnh có](anh/co.jpg).
    """))
    site = project.load()
    assert messages(site) == [
        f"profiles/an.md:{STORY_LINE + 2}: story: cảnh báo: ảnh 'anh/khong-co.jpg': không tìm thấy tệp; ảnh bị bỏ "
        "khỏi câu chuyện",
    ]
    html = story_of(site)
    assert "khong-co" not in html and "Ảnh không có" not in html
    assert html.count("<img") == 1 and 'alt="Ảnh có"' in html
    assert "<p></p>" not in html  # the paragraph of the image left out goes with it


@pytest.mark.parametrize("written, reason", [
    ("../ngoai.jpg", "ảnh phải nằm trong thư mục profiles/"),
    ("anh/../../../ngoai.jpg", "ảnh phải nằm trong thư mục profiles/"),
    ("/etc/passwd", "ảnh phải nằm trong thư mục profiles/"),
    ("anh/lien-ket.jpg", "là liên kết tắt trỏ ra ngoài thư mục profiles/; chỉ dùng tệp nằm trong thư mục này"),
    ("anh", "không phải tệp thông thường (thư mục, thiết bị hay đường ống); chỉ dùng tệp văn bản, tệp ảnh"),
    ("anh/dong.gif", "định dạng GIF không được hỗ trợ (chấp nhận JPEG, PNG, WebP); hãy lưu lại ảnh dưới dạng JPEG"),
    ("anh/iphone.heic", "định dạng HEIC (ảnh iPhone) không được hỗ trợ (chấp nhận JPEG, PNG, WebP); hãy lưu lại "
                        "ảnh dưới dạng JPEG"),
    ("anh/cat-cut.jpg", "tệp ảnh bị cắt cụt hoặc hỏng (chưa tải lên hết?); hãy gửi lại tệp gốc"),
    ("anh/x%00.jpg", "ảnh phải nằm trong thư mục profiles/"),
])
def test_refused_image_is_a_warning_naming_why(project, written, reason):
    (project.root / "ngoai.jpg").write_bytes(b"secret")
    (project.profiles / "anh").mkdir()
    os.symlink(project.root / "ngoai.jpg", project.profiles / "anh/lien-ket.jpg")
    Image.new("RGB", (100, 100)).save(project.profiles / "anh/dong.gif")
    (project.profiles / "anh/iphone.heic").write_bytes(b"\0\0\0\x18ftypheic" + bytes(100))
    photo = project.photo("anh/cat-cut.jpg")
    photo.write_bytes(photo.read_bytes()[:-200])
    project.write("profiles/an.md", with_story(f"Ảnh: ![Ảnh]({written})"))
    site = project.load()
    assert messages(site) == [f"profiles/an.md:{STORY_LINE}: story: cảnh báo: ảnh '{written}': {reason}; ảnh bị bỏ "
                              "khỏi câu chuyện"]
    assert "<img" not in story_of(site)


@pytest.mark.parametrize("written", ["https://elsewhere.example/a.jpg", "data:image/png;base64,AAAA",
                                     "//elsewhere.example/a.jpg", "javascript:alert(1)"])
def test_image_from_the_web_is_refused(project, written):
    project.write("profiles/an.md", with_story(f"![Ảnh]({written})"))
    site = project.load()
    assert messages(site) == [f"profiles/an.md:{STORY_LINE}: story: cảnh báo: ảnh '{written}' phải là tệp trong thư "
                              "mục profiles/, không dùng địa chỉ web; ảnh bị bỏ khỏi câu chuyện"]
    assert "<img" not in story_of(site) and "elsewhere" not in story_of(site)


def test_image_without_text_alternative_is_a_warning(project):
    project.photo("anh/co.jpg")
    project.write("profiles/an.md", with_story("![](anh/co.jpg)"))
    site = project.load()
    assert messages(site) == [f"profiles/an.md:{STORY_LINE}: story: cảnh báo: ảnh 'anh/co.jpg' chưa có mô tả: hãy viết "
                              "mô tả ngắn trong ngoặc vuông, ![mô tả](đường-dẫn), cho người đọc bằng trình đọc màn hình"]
    assert '<img alt="" src="#vd-image-0">' in story_of(site)  # published, as a decorative picture


def test_image_of_a_story_beside_a_yml_profile_is_found_beside_it(project):
    project.photo("nhom/anh/to.jpg")
    yml = INDIVIDUAL.split("---")[1].lstrip("\n")
    project.write("profiles/nhom/an.yml", yml)
    project.write("profiles/nhom/an.md", "Dòng một.\n\n![Tổ sản xuất](anh/to.jpg)\n\n![Thiếu](anh/thieu.jpg)\n")
    site = project.load()
    assert messages(site) == ["profiles/nhom/an.md:5: story: cảnh báo: ảnh 'anh/thieu.jpg': không tìm thấy tệp; "
                              "ảnh bị bỏ khỏi câu chuyện"]
    profile = site.profiles[0]
    assert [i.source.name for i in profile.story_images] == ["to.jpg"] and profile.story_images[0].line == 3


def test_raw_html_cannot_show_an_image_the_story_does_not_have(project):
    project.write("profiles/an.md", with_story('Giả: <img src="#vd-image-0" alt="giả"><img alt="x" src="#vd-image-7">'))
    build(project)
    page = (project.root / "site/ho-so/an/index.html").read_text()
    assert "<p>Giả: </p>" in page and "vd-image" not in page


@pytest.mark.own_cache
def test_story_image_failing_in_derivation_is_left_out_with_a_warning(project, monkeypatch):
    project.photo("anh/hong.jpg")
    project.write("profiles/an.yml", INDIVIDUAL.split("---")[1].lstrip("\n"))
    project.write("profiles/an.md", 'Đoạn một.\n\n![Ảnh hỏng](anh/hong.jpg "Chú thích")\n')

    def broken(source, specs):
        raise OSError("broken data stream when reading image file")

    monkeypatch.setattr(photos, "derive_photo", broken)
    summary = build(project)
    assert summary.warnings.splitlines()[0] == (
        "profiles/an.md:3: story: cảnh báo: ảnh 'anh/hong.jpg': không giải mã được ảnh (tệp hỏng hoặc bị cắt cụt): "
        "broken data stream when reading image file; ảnh bị bỏ khỏi câu chuyện")
    page = (project.root / "site/ho-so/an/index.html").read_text()
    assert "<p>Đoạn một.</p>" in page and "vd-image" not in page and "Ảnh hỏng" not in page
    assert "<figure" not in page.split('class="vd-story"')[1].split("</section>")[0]  # nor its caption


# --- links to profiles ------------------------------------------------------------------------------------

def test_link_to_a_profile_file_becomes_a_link_to_its_page(project):
    project.write("profiles/dang-thi-thu-huong.md", person("Đặng Thị Thu Hường"))
    project.write("profiles/vu-duc-loi.yml", person("Vũ Đức Lợi", birth_year=1979).split("---")[1].lstrip("\n"))
    project.write("profiles/vu-duc-loi.md", "Câu chuyện của anh Lợi.\n")
    project.write("profiles/nhom/ba.md", person("Phạm Thị Ba", birth_year=1990))
    project.write("profiles/an.md", with_story("""
        Cùng [chị Hường](dang-thi-thu-huong.md), [anh Lợi](vu-duc-loi.yml) và
        [câu chuyện của anh Lợi](vu-duc-loi.md#sang-kien), [chị Ba](nhom/ba.md), [chị Hường](./dang-thi-thu-huong.md "Chị Hường").
    """))
    project.write("profiles/nhom/con.md", person("Phạm Văn Con", birth_year=1991).replace(
        "Câu chuyện của **ông An**.", "Học từ [ông An](../an.md) và [chị Ba](ba.md)."))
    site = project.load()
    assert messages(site) == []
    html = story_of(site)
    assert '<a href="../dang-thi-thu-huong/" rel="noopener noreferrer">chị Hường</a>' in html
    assert '<a href="../vu-duc-loi/" rel="noopener noreferrer">anh Lợi</a>' in html
    assert '<a href="../vu-duc-loi/#sang-kien" rel="noopener noreferrer">câu chuyện của anh Lợi</a>' in html
    assert '<a href="../ba/" rel="noopener noreferrer">chị Ba</a>' in html
    assert '<a href="../dang-thi-thu-huong/" title="Chị Hường" rel="noopener noreferrer">chị Hường</a>' in html
    assert 'href="../an/"' in story_of(site, "con") and 'href="../ba/"' in story_of(site, "con")


@pytest.mark.parametrize("extra, label", [
    ("draft: true\n", "bản nháp"),
    ('publish_on: "2030-01-01"\n', "hẹn ngày xuất bản"),
])
def test_link_to_an_unpublished_profile_keeps_its_text_with_a_warning(project, extra, label):
    project.write("profiles/dang-thi-thu-huong.md", person("Đặng Thị Thu Hường", extra))
    project.write("profiles/an.md", with_story("Cùng [chị Hường](dang-thi-thu-huong.md) làm việc."))
    site = project.load()
    assert messages(site) == [
        f"profiles/an.md:{STORY_LINE}: story: cảnh báo: liên kết 'dang-thi-thu-huong.md': hồ sơ 'Đặng Thị Thu Hường' "
        f"chưa được xuất bản ({label}); chữ được giữ, không có liên kết",
    ]
    assert "<p>Cùng chị Hường làm việc.</p>" in story_of(site)


def test_link_to_an_individual_without_consent_keeps_its_text(project):
    no_consent = re.sub(r"consent:\n  date: \"2025-05-20\"\n", "", person("Đặng Thị Thu Hường"))
    project.write("profiles/huong.md", no_consent)
    project.write("profiles/an.md", with_story("Cùng [chị Hường](huong.md)."))
    site = project.load()
    assert [m.split(": cảnh báo: ")[1] for m in messages(site)] == [
        "liên kết 'huong.md': hồ sơ 'Đặng Thị Thu Hường' chưa được xuất bản (chưa có đồng ý công bố); chữ được giữ, "
        "không có liên kết"]
    assert "<p>Cùng chị Hường.</p>" in story_of(site)


@pytest.mark.parametrize("target, reason", [
    ("khong-co.md", "không có hồ sơ nào ở tệp này trong thư mục profiles/"),
    ("../mkdocs.yml", "tệp nằm ngoài thư mục profiles/"),
    ("../../../etc/passwd.md", "tệp nằm ngoài thư mục profiles/"),
    ("_schema.yml", "không có hồ sơ nào ở tệp này trong thư mục profiles/"),
    ("tai-lieu.pdf", "chỉ liên kết được tới tệp hồ sơ (.md, .yml) trong thư mục profiles/ hoặc địa chỉ web"),
    ("/ho-so/an/", "chỉ liên kết được tới tệp hồ sơ (.md, .yml) trong thư mục profiles/ hoặc địa chỉ web"),
    ("anh/", "chỉ liên kết được tới tệp hồ sơ (.md, .yml) trong thư mục profiles/ hoặc địa chỉ web"),
    ("x%00.md", "tệp nằm ngoài thư mục profiles/"),
])
def test_relative_link_to_anything_but_a_published_page_keeps_its_text(project, target, reason):
    project.write("profiles/_schema.yml", "a: 1\n")
    project.write("profiles/an.md", with_story(f"Đoạn một.\n\nXem [tài liệu]({target}) nhé."))
    site = project.load()
    assert messages(site) == [f"profiles/an.md:{STORY_LINE + 2}: story: cảnh báo: liên kết '{target}': {reason}; "
                              "chữ được giữ, không có liên kết"]
    assert "<p>Xem tài liệu nhé.</p>" in story_of(site)


def test_web_mail_and_phone_links_stay_and_scripts_never_run(project):
    project.write("profiles/an.md", with_story("""
        [Cổng](https://hhtp.hanoi.gov.vn/tin?id=1&a=2), [thư](mailto:an@example.org), [gọi](tel:+84241234567),
        [chú thích](#fn-1).

        [bấm](javascript:alert(1)) và [bấm nữa](JaVa	Script:alert(1)) và [dữ liệu](data:text/html,<b>x</b>)

        <a href="javascript:alert(1)">html</a> <a href="vbscript:x">vb</a> <a href=" javascript:alert(1)">sp</a>
    """))
    site = project.load()
    html = story_of(site)
    assert '<a href="https://hhtp.hanoi.gov.vn/tin?id=1&amp;a=2" rel="noopener noreferrer">Cổng</a>' in html
    assert '<a href="mailto:an@example.org" rel="noopener noreferrer">thư</a>' in html
    assert '<a href="tel:+84241234567" rel="noopener noreferrer">gọi</a>' in html
    assert "script" not in html.lower() and "data:" not in html and "vbscript" not in html
    assert "bấm và bấm nữa" in html and "html vb sp" in html
    warned = [m for m in messages(site) if "liên kết 'javascript:alert(1)'" in m]
    assert warned == [f"profiles/an.md:{STORY_LINE + 3}: story: cảnh báo: liên kết 'javascript:alert(1)' không được "
                      "đăng (chỉ dùng địa chỉ http://, https://, mailto:, tel: hoặc tệp hồ sơ .md, .yml); chữ được giữ, "
                      "không có liên kết"]


def test_a_broken_link_or_missing_image_never_stops_the_others(project):
    project.write("profiles/an.md", with_story("[Hường](huong.md) ![Ảnh](anh/thieu.jpg)"))
    project.write("profiles/binh.md", person("Lê Văn Bình"))
    summary = build(project)
    assert summary.published == 2
    assert (project.root / "site/ho-so/binh/index.html").exists()
    assert "<p>Hường </p>" in (project.root / "site/ho-so/an/index.html").read_text()
    assert summary.warnings.splitlines()[-1] == "Có 2 cảnh báo trong 1 tệp."


# --- fenced code, footnotes, tables ----------------------------------------------------------------------

def test_fenced_code_footnotes_and_aligned_tables_reach_the_page(project):
    project.write("profiles/an.md", with_story("""
        Quy trình mới[^1] rút ngắn thời gian[^ghi chú].

        ```text
        Bước 1: nhận hồ sơ <một cửa>

            Bước 2: thẩm định (thụt lề giữ nguyên)


        Bước 3: trả kết quả
        ```

        | Năm | Tỷ lệ bổ sung | Ghi chú |
        |:----|:-------------:|--------:|
        | 2022 | 31% | trước |
        | 2023 | 6% | sau |

        [^1]: Theo báo cáo năm 2023.
        [^ghi chú]: Hội đồng sáng kiến công nhận.
    """))
    build(project)
    page = (project.root / "site/ho-so/an/index.html").read_text()
    assert ("<pre><code>Bước 1: nhận hồ sơ &lt;một cửa&gt;\n\n    Bước 2: thẩm định (thụt lề giữ nguyên)\n\n\n"
            "Bước 3: trả kết quả\n</code></pre>") in page
    assert ('Quy trình mới<sup id="fnref-1"><a class="footnote-ref" href="#fn-1" rel="noopener noreferrer">1</a>'
            '</sup> rút ngắn thời gian<sup id="fnref-2"><a class="footnote-ref" href="#fn-2" '
            'rel="noopener noreferrer">2</a></sup>.') in page
    assert '<li id="fn-2">\n<p>Hội đồng sáng kiến công nhận.&nbsp;<a class="footnote-backref" href="#fnref-2" ' \
           'title="Quay lại chỗ chú thích 2" rel="noopener noreferrer">↩︎</a></p>' in page
    assert '<th style="text-align:left">Năm</th>\n<th style="text-align:center">Tỷ lệ bổ sung</th>' in page
    assert '<td style="text-align:right">sau</td>' in page
    assert "[^1]" not in page and "```" not in page


def test_footnotes_ids_never_clobber_the_page(project):
    project.write("profiles/an.md", with_story("""
        Nhãn lạ[^__drawer] và [^__search].

        <p id="__drawer" name="__search">thẻ HTML</p><a id="__skip" name="x">a</a>
        <li id="fn-1x">x</li><sup id="search">y</sup><div id="__drawer" class="md-sidebar footnote">z</div>

        [^__drawer]: Một.
        [^__search]: Hai.
    """))
    site = project.load()
    ids = re.findall(r'\bid="([^"]*)"', story_of(site))
    assert ids == ["fnref-1", "fnref-2", "fn-1", "fn-2"]
    assert 'name="' not in story_of(site) and "md-sidebar" not in story_of(site)


def test_table_cells_keep_only_their_alignment(project):
    project.write("profiles/an.md", with_story(
        '<table><tr><td style="text-align: right; background: url(https://elsewhere.example/x); '
        'position: fixed">a</td><th style="color:red">b</th></tr></table>'))
    html = story_of(project.load())
    assert '<td style="text-align:right">a</td>' in html
    assert "elsewhere" not in html and "fixed" not in html and "color" not in html


# --- nothing hangs -----------------------------------------------------------------------------------------

def _fill(unit: str, size: int = MAX_CHARACTERS - 100) -> str:
    return (unit * (size // len(unit) + 1))[:size]


# Inputs that took minutes to hours in Python-Markdown before the limits (measured, see sanitize.py): each now
# renders at once or is refused at once, with a message saying what to change.
PATHOLOGICAL = {
    "emphasis": _fill("*a "), "nested emphasis": "*" * 20_000 + "a" + "*" * 20_000,
    "underscores": "_" * 20_000 + "a" + "_" * 20_000, "mixed emphasis": _fill("*_"),
    "emphasis pairs": _fill("*a* "), "brackets": "[" * 40_000, "brackets and text": _fill("[a"),
    "nested links": "[" * 5_000 + "a" + "](b)" * 5_000, "open links": _fill("[a]("),
    "images": _fill("!["), "parentheses": "[a](" + "(" * 40_000, "backticks": _fill("`"),
    "backtick runs": "".join("`" * i + "a" for i in range(1, 300)), "runs of <": _fill("<"),
    "open tags": _fill("<a"), "comments": _fill("<!--"), "quotes": _fill(">") + " a",
    "nested quotes": "\n".join(">" * i + " a" for i in range(1, 300)),
    "nested lists": "\n".join("    " * i + "- a" for i in range(300)),
    "inline lists": "- " * 20_000 + "a", "one 300 KB word": "a" * 300_000, "entities": _fill("&amp;"),
    "escapes": _fill("\\*"), "hard breaks": "a  \n" * 12_000, "headings": "# a\n" * 12_000,
    "table columns": "|" + "a|" * 20_000 + "\n|" + "-|" * 20_000, "list items": "- a\n" * 12_000,
    "links": _fill("[a](b) "), "footnotes": "".join(f"x[^{i}] " for i in range(3000)) + "\n\n"
    + "".join(f"[^{i}]: y\n" for i in range(1900)), "paragraphs": "a\n\n" * 12_000,
    "emphasis in many paragraphs": ("*a* " * 1450 + "\n\n") * 8, "autolinks": _fill("<http://a.b> "),
    "smart quotes": _fill('"a" '), "raw html": _fill("<div>"),
}


@pytest.mark.timeout(120)
@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_markdown_renders_or_is_refused_at_once(name):
    try:
        story = render_story(PATHOLOGICAL[name])
    except StoryError as error:
        assert error.line >= 1 and error.message
    else:
        assert story.html


@pytest.mark.timeout(120)
def test_a_300_kb_story_is_an_error_naming_file_and_line_and_the_old_site_stays(project):
    project.write("profiles/an.md", INDIVIDUAL)
    build(project)
    before = snapshot(project.root / "site")
    project.write("profiles/an.md", with_story("[" * 300_000))
    with pytest.raises(InputError) as raised:
        build(project)
    assert messages(raised.value) == [
        f"profiles/an.md:{STORY_LINE}: story: câu chuyện quá dài (300.000 ký tự; tối đa 50.000): hãy rút gọn, hoặc "
        "đưa toàn văn bài tham luận vào tệp riêng (trường paper.file)"]
    assert snapshot(project.root / "site") == before


@pytest.mark.parametrize("story, line, message", [
    ("a\n" * (MAX_LINES - 1) + "b", MAX_LINES,  # the story starts with the blank line below the front matter
     "câu chuyện quá nhiều dòng (2.001; tối đa 2.000): hãy nối các dòng của cùng một đoạn văn"),
    ("Đầu.\n\n" + "> " * (MAX_NESTING + 1) + "a", 3,
     "trích dẫn (>) hoặc danh sách lồng nhau quá sâu (11 cấp; tối đa 10): hãy bớt dấu '>' hoặc bớt thụt lề"),
    ("- a\n" + "".join("    " * i + "- a\n" for i in range(1, MAX_NESTING + 2)), MAX_NESTING + 1,
     "trích dẫn (>) hoặc danh sách lồng nhau quá sâu (11 cấp; tối đa 10): hãy bớt dấu '>' hoặc bớt thụt lề"),
    ("Đầu.\n\nĐoạn " + "[a " * (MAX_UNCLOSED + 1), 3,
     "có hơn 16 dấu '[' chưa đóng hoặc lồng nhau trong một đoạn: hãy thêm dấu ']' còn thiếu, hoặc viết '\\[' để "
     "hiện dấu '['"),
    ("Đầu.\n\nĐoạn\n" + "[a](b " * (MAX_UNCLOSED + 1), 3,
     "có hơn 16 liên kết '](' chưa có dấu ')' đóng trong một đoạn: hãy thêm dấu ')' còn thiếu"),
    ("Đầu.\n\n" + "".join("`" * i + " a " for i in range(1, MAX_UNCLOSED + 2)), 3,
     "có hơn 16 dấu '`' không thành cặp trong một đoạn: hãy bỏ dấu '`' thừa, hoặc viết '\\`' để hiện dấu '`'"),
    ("Đầu.\n\nx\n" + "<a " * (MAX_UNCLOSED + 2), 4,
     "có hơn 16 dấu '<' không có dấu '>' đóng: hãy viết '&lt;' (hoặc thêm một khoảng trắng sau dấu '<') để hiện "
     "dấu '<'"),
    ("Đầu.\n\nĐoạn\n" + "**a** " * (MAX_MARKS // 4 + 1), 3,
     "đoạn văn có quá nhiều định dạng (hơn 3.000 dấu *, _, `, [, &, <, \\, nháy): hãy chia thành nhiều đoạn, mỗi "
     "đoạn cách nhau một dòng trống"),
])
def test_limits_name_the_line_and_what_to_do(project, story, line, message):
    project.write("profiles/an.md", with_story(story))
    with pytest.raises(InputError) as raised:
        project.load()
    assert messages(raised.value) == [f"profiles/an.md:{STORY_LINE + line - 1}: story: {message}"]


CODE = "for (i = 0; i<n; i++) { a[b[c[d[e[f[i]]]]]] = `x`; }\n"


@pytest.mark.parametrize("story", [
    "Giá dưới <5 triệu, a < b, a<b>c, 3 > 2, <br> và <!-- ghi chú -->",
    "- - - - - - - - - - - - - - -",  # a rule, not fourteen lists
    "Lựa chọn [1], [2], [3] " * 500 + "và :( :( :(" * 20,
    "```c\n" + CODE * 100 + "```\n\n~~~~\n" + "> " * 20 + "a\n~~~\n~~~~",  # code is set aside, whatever it holds
    "|a|b|\n|-|-|\n" + "| **đậm** | `mã` [x](y) |\n" * 1500,  # a long table: every row is its own text
    "Mẫu: Họ tên ____________ Đơn vị ____________ " * 40,
])
def test_honest_text_is_never_refused_for_its_characters(story):
    check_limits(story)
    assert render_story(story).html


def test_an_unclosed_fence_opens_no_code_and_is_counted():
    with pytest.raises(StoryError) as raised:
        check_limits("```\n" + CODE * 100)
    assert raised.value.line == 19 and "dấu '<' không có dấu '>' đóng" in raised.value.message


def test_a_drafts_story_over_a_limit_is_a_warning(project):
    project.write("profiles/an.md", with_story("a" * (MAX_CHARACTERS + 1)).replace("---\nname", "---\ndraft: true\nname"))
    site = project.load()
    assert [m.split(": story: ")[1] for m in messages(site)] == [
        "cảnh báo: câu chuyện quá dài (50.001 ký tự; tối đa 50.000): hãy rút gọn, hoặc đưa toàn văn bài tham luận vào "
        "tệp riêng (trường paper.file)"]


# --- invisible characters ---------------------------------------------------------------------------------

def test_invisible_characters_are_removed_with_a_warning_at_their_first_line(project):
    project.write("profiles/an.md", with_story(
        "Dòng sạch.\n\nÔng\u200b An\u00ad làm\u202e việc\u0007 ở Hòa\ufeff Lạc.\n\nGia đình 👨\u200d👩\u200d👧."))
    site = project.load()
    assert messages(site) == [
        f"profiles/an.md:{STORY_LINE + 2}: story: cảnh báo: đã xóa ký tự ẩn (khoảng trắng độ rộng 0, dấu gạch nối mềm, "
        "ký tự điều khiển hướng chữ, ký tự điều khiển, dấu BOM) khỏi câu chuyện (thường có khi dán từ Word, Zalo hay "
        "PDF); hãy xóa chúng trong tệp để bỏ cảnh báo này"]
    html = story_of(site)
    assert "<p>Ông An làm việc ở Hòa Lạc.</p>" in html
    assert "👨\u200d👩\u200d👧" in html  # joiners that join an emoji stay


# --- a companion file's front matter ---------------------------------------------------------------------

YML = INDIVIDUAL.split("---")[1].lstrip("\n")


def test_companion_front_matter_contradicting_the_yml_is_an_error_naming_both_files(project):
    project.write("profiles/an.yml", YML)
    project.write("profiles/an.md", "---\nname: Nguyễn Văn Ân\nunit: van-phong\n---\n\nCâu chuyện.\n")
    with pytest.raises(InputError) as raised:
        project.load()
    assert messages(raised.value) == [
        "profiles/an.md:2: name: 'Nguyễn Văn Ân' khác với 'Nguyễn Văn An' trong profiles/an.yml (dòng 1); thông tin "
        "hồ sơ chỉ lấy từ tệp .yml: hãy sửa trong profiles/an.yml và xóa phần thông tin đầu tệp an.md (giữa hai "
        "dòng '---')"]


def test_companion_front_matter_is_dropped_with_a_warning(project):
    project.write("profiles/an.yml", YML)
    project.write("profiles/an.md", "---\nname: Nguyễn Văn An\nquote: Làm đúng ngay từ đầu.\n---\n\nCâu chuyện.\n\n"
                                    "![Thiếu](anh/thieu.jpg)\n")
    site = project.load()
    assert messages(site) == [
        "profiles/an.md:1: cảnh báo: phần thông tin đầu tệp (giữa hai dòng '---') bị bỏ qua vì thông tin hồ sơ chỉ "
        "lấy từ profiles/an.yml: hãy chuyển quote sang profiles/an.yml rồi xóa phần này khỏi an.md",
        "profiles/an.md:8: story: cảnh báo: ảnh 'anh/thieu.jpg': không tìm thấy tệp; ảnh bị bỏ khỏi câu chuyện",
    ]
    assert story_of(site) == "<p>Câu chuyện.</p>\n"
    assert site.profiles[0].data.quote is None


def test_companion_front_matter_that_is_not_yaml_is_an_error(project):
    project.write("profiles/an.yml", YML)
    project.write("profiles/an.md", "---\nname: [Nguyễn\n---\n\nCâu chuyện.\n")
    with pytest.raises(InputError) as raised:
        project.load()
    (message,) = messages(raised.value)
    assert message.startswith("profiles/an.md:3: YAML không hợp lệ")


# --- line numbers of a story in a .yml ----------------------------------------------------------------

def test_story_field_lines_are_found_in_a_literal_block_and_at_the_field_otherwise(project):
    project.write("profiles/an.yml", YML + "story: |\n  Dòng một.\n\n  Ảnh ![x](anh/thieu.jpg)\n")
    project.write("profiles/binh.yml", YML.replace("Nguyễn Văn An", "Lê Văn Bình")
                  + "story: >\n  Dòng một\n  và hai [x](thieu.md)\n")
    site = project.load()
    story_line = YML.count("\n") + 1
    assert messages(site) == [
        f"profiles/an.yml:{story_line + 3}: story: cảnh báo: ảnh 'anh/thieu.jpg': không tìm thấy tệp; ảnh bị bỏ khỏi "
        "câu chuyện",
        f"profiles/binh.yml:{story_line}: story: cảnh báo: liên kết 'thieu.md': không có hồ sơ nào ở tệp này trong "
        "thư mục profiles/; chữ được giữ, không có liên kết",
    ]


def test_rendering_writes_nothing_outside_the_site(project):
    project.write("profiles/an.md", with_story("[x](../../../tmp/x.md) ![y](../../etc/passwd) <img src=x>"))
    before = snapshot(project.root)
    project.load()
    assert snapshot(project.root) == before
    assert not Path(project.root / "site").exists()
