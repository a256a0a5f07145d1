"""Articles (tin bài): checked like profiles (every problem with file, line and field; drafts; scheduled;
unknown profile ids; hostile text), and published as pages linked both ways with the profiles, on the home
page, in the lists by category and year, in the feeds and the sitemap."""

from __future__ import annotations

import json
import re
import time

import pytest
from PIL import Image

from generator.problems import InputError
from generator.render_articles import ARTICLES_PER_PAGE
from tests.helpers import INDIVIDUAL, TODAY, build, snapshot

ARTICLE = """
---
title: Ông An số hóa hồ sơ một cửa
date: "2025-05-20"
author: Phòng Chính sách và Truyền thông
category: story
profiles: [an]
---

Ông [Nguyễn Văn An](../profiles/an.md) rút ngắn thời gian giải quyết hồ sơ.
"""


def problems_of(project) -> list[str]:  # noqa: D103
    with pytest.raises(InputError) as caught:
        project.load()
    return [str(p) for p in caught.value.problems.sorted()]


def warnings_of(site) -> list[str]:  # noqa: D103
    return [str(p) for p in site.problems.sorted()]


def test_several_broken_articles_are_all_reported_with_file_and_line(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("articles/a-fields.md", """
        ---
        title: Tin thử
        date: "31/2/2025"
        author: Văn phòng
        category: tin hoi nghi
        profiles: [an, nguyen-van-bn]
        ---
        Nội dung.
        """)
    project.write("articles/b-missing.md", """
        ---
        title: Tin thiếu
        category: campain
        cover: anh/khong-co.jpg
        ---
        Nội dung.
        """)
    project.write("articles/c-no-front.md", "Chỉ có nội dung.\n")
    assert problems_of(project) == [
        "articles/a-fields.md:3: date: ngày không hợp lệ '31/2/2025' (dùng dạng 2025-06-19 hoặc 19/6/2025)",
        "articles/a-fields.md:6: profiles[1]: không có hồ sơ nào có mã 'nguyen-van-bn'",
        "articles/b-missing.md:2: author: thiếu trường bắt buộc",
        "articles/b-missing.md:2: date: thiếu trường bắt buộc",
        "articles/b-missing.md:3: category: không có chuyên mục 'campain'; có phải ý bạn là 'campaign'? Dùng một "
        "trong: campaign (Tin phong trào), story (Câu chuyện điển hình), conference (Tin Hội nghị)",
        "articles/c-no-front.md:1: thiếu phần thông tin đầu tệp (front matter) giữa hai dòng '---': tiêu đề "
        "(title), ngày (date), tác giả (author), chuyên mục (category)",
    ]


def test_category_may_be_written_as_its_label_and_an_unknown_id_gets_a_guess(project):
    project.write("profiles/nguyen-van-an.md", INDIVIDUAL)
    project.write("articles/tin.md", ARTICLE.replace("category: story", "category: Tin Hội nghị")
                  .replace("profiles: [an]", "profiles: [nguyen-van-anh]").replace("../profiles/an.md", "../profiles/nguyen-van-an.md"))
    assert problems_of(project) == ["articles/tin.md:6: profiles[0]: không có hồ sơ nào có mã 'nguyen-van-anh'; có "
                                    "phải ý bạn là 'nguyen-van-an' (Nguyễn Văn An)?"]
    project.write("articles/tin.md", ARTICLE.replace("category: story", "category: Tin Hội nghị")
                  .replace("profiles: [an]", "profiles: [nguyen-van-an]").replace("../profiles/an.md", "../profiles/nguyen-van-an.md"))
    (article,) = project.load().articles
    assert article.data.category == "conference" and article.category_label == "Tin Hội nghị"


def test_draft_problems_are_warnings_and_drafts_and_scheduled_articles_are_not_published(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("articles/nhap.md", """
        ---
        title: Bản nháp
        date: "2025-05-01"
        author: Văn phòng
        category: campaign
        profiles: [khong-co]
        draft: true
        ---
        """)
    project.write("articles/hen-ngay.md", ARTICLE.replace('date: "2025-05-20"', 'date: "2025-05-20"\npublish_on: "2025-07-01"'))
    project.write("articles/tuong-lai.md", ARTICLE.replace('date: "2025-05-20"', 'date: "2025-06-19"'))
    site = project.load()
    assert warnings_of(site) == ["articles/nhap.md:6: profiles[0]: cảnh báo: không có hồ sơ nào có mã 'khong-co'"]
    assert site.articles == []
    assert sorted((a.id, a.status) for a in site.skipped_articles) == [
        ("hen-ngay", "scheduled"), ("nhap", "draft"), ("tuong-lai", "scheduled")]
    summary = build(project)
    site_dir = project.root / "site"
    assert not (site_dir / "tin-bai/hen-ngay").exists() and not (site_dir / "tin-bai/nhap").exists()
    text = "".join(p.read_text(errors="replace") for p in site_dir.rglob("*") if p.is_file()
                   and p.suffix in (".html", ".xml", ".json"))
    assert "Bản nháp" not in text and "hen-ngay" not in text and "tuong-lai" not in text
    assert "Chưa có tin bài nào." in (site_dir / "tin-bai/index.html").read_text()
    assert summary.pages


def test_profile_not_published_is_a_warning_and_is_not_linked(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("---\nname:", "---\ndraft: true\nname:"))
    project.write("articles/tin.md", ARTICLE)
    site = project.load()
    assert warnings_of(site) == [
        "articles/tin.md:6: profiles[0]: cảnh báo: hồ sơ 'Nguyễn Văn An' chưa được xuất bản (bản nháp); bài viết "
        "không liên kết tới hồ sơ này cho tới khi hồ sơ được xuất bản",
        "articles/tin.md:9: body: cảnh báo: liên kết '../profiles/an.md': hồ sơ 'Nguyễn Văn An' chưa được xuất bản "
        "(bản nháp); chữ được giữ, không có liên kết",
    ]
    (article,) = site.articles
    assert "<a " not in article.body_html and "Nguyễn Văn An" in article.body_html
    assert site.articles_about == {}


def test_a_profile_with_errors_is_named_as_such_and_the_article_stays_in_the_preview(project):
    from generator.load import Paths, load_site_for_preview

    project.write("profiles/an.md", INDIVIDUAL.replace("unit: van-phong", "unit: khong-co"))
    project.write("articles/tin.md", ARTICLE)
    problems = problems_of(project)
    assert "articles/tin.md:6: profiles[0]: cảnh báo: hồ sơ 'an' có lỗi (xem profiles/an.md); bài viết không liên " \
           "kết tới hồ sơ này cho tới khi sửa xong lỗi" in problems
    assert [p for p in problems if "không có hồ sơ nào" in p] == []
    site, _ = load_site_for_preview(Paths.at(project.root), TODAY)
    assert site is not None and [a.title for a in site.articles] == ["Ông An số hóa hồ sơ một cửa"]
    assert "<a " not in site.articles[0].body_html
    # The body's link to that file says why it is not a link, and a mistyped id is guessed among such files too.
    assert [p for p in problems if "body" in p] == [
        "articles/tin.md:9: body: cảnh báo: liên kết '../profiles/an.md': hồ sơ ở tệp này có lỗi (xem các lỗi của "
        "tệp ấy) nên chưa có trang; chữ được giữ, không có liên kết"]
    project.write("articles/tin.md", ARTICLE.replace("profiles: [an]", "profiles: [ann]"))
    assert "articles/tin.md:6: profiles[0]: không có hồ sơ nào có mã 'ann'; có phải ý bạn là 'an' (hồ sơ đang có " \
           "lỗi, xem profiles/an.md)?" in problems_of(project)


def test_article_about_someone_without_consent_is_not_published(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("consent:\n  date: \"2025-05-20\"\n", ""))
    project.write("articles/tin.md", ARTICLE)
    site = project.load()
    assert warnings_of(site)[0] == (
        "articles/tin.md:6: profiles[0]: cảnh báo: 'Nguyễn Văn An' chưa có đồng ý công bố thông tin cá nhân: bài viết "
        "chưa được đăng cho tới khi hồ sơ có ngày đồng ý (consent), hoặc bỏ người này khỏi 'profiles' và khỏi bài")
    assert site.articles == [] and [a.status for a in site.skipped_articles] == ["no-consent"]


def test_article_ids_must_be_unique_and_not_an_address_of_the_lists(project):
    project.write("articles/trang-2.md", ARTICLE.replace("profiles: [an]\n", "").replace("[Nguyễn Văn An](../profiles/an.md)", "An"))
    project.write("articles/mot.md", ARTICLE.replace("profiles: [an]\n", "id: hai\n").replace("[Nguyễn Văn An](../profiles/an.md)", "An"))
    project.write("articles/hai.md", ARTICLE.replace("profiles: [an]\n", "").replace("[Nguyễn Văn An](../profiles/an.md)", "An"))
    assert problems_of(project) == [
        "articles/mot.md:6: id: trùng mã tin bài 'hai' với articles/hai.md ('Ông An số hóa hồ sơ một cửa'); hãy "
        "đặt mã (id) khác",
        "articles/trang-2.md:1: id: mã 'trang-2' trùng với đường dẫn của danh sách tin bài; hãy đổi tên tệp hoặc đặt "
        "mã (id) khác",
    ]


def test_cover_must_be_a_photo_of_the_project_with_a_text_alternative(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.photo("anh/an.jpg")
    project.write("articles/web.md", ARTICLE.replace("profiles: [an]", "cover: https://example.com/a.jpg\ncover_alt: Ảnh"))
    project.write("articles/ngoai.md", ARTICLE.replace("profiles: [an]", "cover: ../mkdocs.yml\ncover_alt: Ảnh"))
    project.write("articles/khong-mo-ta.md", ARTICLE.replace("profiles: [an]", "cover: ../profiles/anh/an.jpg"))
    assert problems_of(project) == [
        "articles/khong-mo-ta.md:6: cover_alt: ảnh đại diện cần mô tả cho người khiếm thị (cover_alt), ví dụ "
        "'cover_alt: Chị Lê Thị Hằng trao đổi với đồng nghiệp'",
        "articles/ngoai.md:6: cover: ảnh đại diện phải nằm trong thư mục tin bài hoặc thư mục hồ sơ: ../mkdocs.yml",
        "articles/web.md:6: cover: ảnh đại diện phải là tệp trong thư mục tin bài hoặc thư mục hồ sơ, không dùng "
        "đường dẫn web",
    ]


def test_hostile_body_is_sanitised_and_never_crashes_or_hangs(project):
    project.write("profiles/an.md", INDIVIDUAL)
    word = "x" * 10_000
    project.write("articles/doc.md", f"""
        ---
        title: "<script>alert('tiêu đề')</script> & \\"nháy\\""
        date: "2025-05-20"
        author: "<b>Tác giả</b>"
        category: campaign
        summary: "<img src=x onerror=alert(1)>"
        ---

        <script>alert(1)</script>

        [bấm vào](javascript:alert(1)) và <a href="javascript:alert(2)">đây</a> <iframe src="https://evil.example"></iframe>

        {word}
        """)
    started = time.perf_counter()
    site = project.load()
    assert time.perf_counter() - started < 20
    assert [w for w in warnings_of(site) if "javascript:alert(1)" in w] == [
        "articles/doc.md:11: body: cảnh báo: liên kết 'javascript:alert(1)' không được đăng (chỉ dùng địa chỉ "
        "http://, https://, mailto:, tel: hoặc tệp hồ sơ hoặc tin bài); chữ được giữ, không có liên kết"]
    build(project)
    page = (project.root / "site/tin-bai/doc/index.html").read_text()
    article = page[page.index('<div class="vd-article"'):]
    assert "<script>alert" not in page and "onerror=alert" not in page.replace("&lt;img src=x onerror=alert(1)&gt;", "")
    assert "javascript:" not in page and "<iframe" not in page and "evil.example" not in page
    assert "&lt;script&gt;alert(&#39;tiêu đề&#39;)&lt;/script&gt; &amp; &#34;nháy&#34;" in article
    assert "&lt;b&gt;Tác giả&lt;/b&gt;" in article
    assert word in article


def test_article_page_links_profiles_which_list_it_and_the_home_page_shows_it(project):
    project.write("profiles/an.md", INDIVIDUAL)
    project.photo("anh/an.jpg")
    project.write("articles/so-hoa.md", ARTICLE.replace("profiles: [an]", "profiles: [an]\ncover: ../profiles/anh/an.jpg\n"
                                                        "cover_alt: Ông An tại bộ phận một cửa"))
    before = snapshot(project.profiles)
    summary = build(project)
    assert summary.warnings == ""
    site = project.root / "site"
    page = (site / "tin-bai/so-hoa/index.html").read_text()
    assert "<h1 data-pagefind-weight=\"3\">Ông An số hóa hồ sơ một cửa</h1>" in page
    assert '<time datetime="2025-05-20">20/5/2025</time> · <span class="vd-article__author">Phòng Chính sách và Truyền thông</span>' in page
    assert '<a href="../chuyen-muc/cau-chuyen-dien-hinh/">Câu chuyện điển hình</a>' in page
    assert 'Ông <a href="../../ho-so/an/" rel="noopener noreferrer">Nguyễn Văn An</a> rút ngắn' in page
    assert re.search(r'<img class="vd-article__image" src="\.\./\.\./assets/anh/tin-bai-so-hoa-\w+-story-800\.jpg" '
                     r'alt="Ông An tại bộ phận một cửa"', page)
    assert '<h2 id="vd-about-title">Điển hình trong bài</h2>' in page and 'href="../../ho-so/an/"' in page
    assert "data-pagefind-body" in page and 'data-pagefind-meta="kind:Câu chuyện điển hình"' in page
    assert '"@type": "NewsArticle"' in page.replace('"@type":"NewsArticle"', '"@type": "NewsArticle"')
    profile = (site / "ho-so/an/index.html").read_text()
    assert ('<h2>Tin bài về Nguyễn Văn An</h2><ul class="vd-article-links"><li><a href="../../tin-bai/so-hoa/">Ông An số '
            'hóa hồ sơ một cửa</a> <time datetime="2025-05-20">20/5/2025</time></li></ul>') in profile
    home = (site / "index.html").read_text()
    assert '<h2 id="vd-latest-title">Tin bài mới</h2>' in home and 'href="tin-bai/so-hoa/"' in home
    assert 'href="tin-bai/">Xem tất cả tin bài</a>' in home
    for listing in ("tin-bai", "tin-bai/chuyen-muc/cau-chuyen-dien-hinh", "tin-bai/nam/2025"):
        assert "Ông An số hóa hồ sơ một cửa" in (site / listing / "index.html").read_text(), listing
    sitemap = (site / "sitemap.xml").read_text()
    assert "/tin-bai/so-hoa/</loc>" in sitemap and "/tin-bai/</loc>" in sitemap
    feed = json.loads((site / "feed.json").read_text())
    assert [i["title"] for i in feed["items"]][:2] == ["Ông An số hóa hồ sơ một cửa", "Nguyễn Văn An"]
    assert "/tin-bai/so-hoa/" in (site / "feed.xml").read_text() and "/tin-bai/so-hoa/" in (site / "rss.xml").read_text()
    for path in (site / "assets/anh").glob("tin-bai-so-hoa-*"):
        with Image.open(path) as out:
            assert not out.getexif()
    assert snapshot(project.profiles) == before


def test_long_lists_are_paged(project):
    for n in range(ARTICLES_PER_PAGE + 1):
        project.write(f"articles/tin-{n:02}.md", f"""
            ---
            title: Tin số {n}
            date: "2025-05-{n + 1:02}"
            author: Văn phòng
            category: campaign
            ---
            Nội dung {n}.
            """)
    build(project)
    site = project.root / "site"
    first = (site / "tin-bai/index.html").read_text()
    second = (site / "tin-bai/trang-2/index.html").read_text()
    assert "Tin số 12" in first and "Tin số 0<" not in first and "Tin số 0</a>" in second
    assert '<a href="../trang-2/">2</a>' not in first and '<a href="trang-2/">2</a>' in first
    assert (site / "tin-bai/chuyen-muc/tin-phong-trao/trang-2/index.html").exists()
    assert f"{ARTICLES_PER_PAGE + 1} tin bài" in first


def test_no_articles_folder_means_an_empty_list_and_no_home_section(project):
    build(project)
    assert "Chưa có tin bài nào." in (project.root / "site/tin-bai/index.html").read_text()
    assert "vd-latest" not in (project.root / "site/index.html").read_text()


def test_sample_articles_are_published_as_of_the_sample_date(sample_site):
    site, _ = sample_site
    pages = sorted(p.parent.name for p in (site / "tin-bai").glob("*/index.html")
                   if p.parent.name not in ("chuyen-muc", "nam"))
    assert len(pages) >= 4
    assert not (site / "tin-bai/hoi-nghi-bieu-duong-dien-hinh").exists()  # dated 19/6/2025: after the sample's today
    assert TODAY.isoformat() == "2025-06-01"


def test_preview_leaves_a_broken_article_out_and_publishes_the_rest(project):
    from generator.load import Paths, load_site_for_preview

    project.write("profiles/an.md", INDIVIDUAL)
    project.write("articles/tot.md", ARTICLE)
    project.write("articles/hong.md", ARTICLE.replace("category: story", "category: khong-co"))
    site, problems = load_site_for_preview(Paths.at(project.root), today=TODAY)
    assert [a.id for a in site.articles] == ["tot"] and [p.id for p in site.profiles] == ["an"]
    assert [str(p) for p in problems.sorted()] == [
        "articles/hong.md:5: category: không có chuyên mục 'khong-co'. Dùng một trong: campaign (Tin phong trào), "
        "story (Câu chuyện điển hình), conference (Tin Hội nghị)"]


def test_body_image_beside_the_article_goes_through_the_photo_pipeline(project):
    anh = project.root / "articles/anh"
    anh.mkdir(parents=True)
    image = Image.new("RGB", (1600, 900), "#3366aa")
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (21.0, 1.0, 0.0)  # GPSLatitude
    image.save(anh / "hoi-truong.jpg", exif=exif.tobytes())
    project.write("articles/hoi-truong.md", """
        ---
        title: Hội trường đã sẵn sàng
        date: "2025-05-25"
        author: Trung tâm Dịch vụ và Hỗ trợ doanh nghiệp
        category: conference
        cover: anh/hoi-truong.jpg
        cover_alt: Hội trường tầng 2 nhà Hội thảo và Triển khai
        ---

        ## Chuẩn bị

        ![Bàn đại biểu](anh/hoi-truong.jpg "Bàn đại biểu") và ![Ảnh ngoài](https://elsewhere.example/a.jpg)
        """)
    summary = build(project)
    assert summary.warnings.splitlines()[0] == (
        "articles/hoi-truong.md:12: body: cảnh báo: ảnh 'https://elsewhere.example/a.jpg' phải là tệp trong thư mục "
        "tin bài hoặc thư mục hồ sơ, không dùng địa chỉ web; ảnh bị bỏ khỏi bài")
    page = (project.root / "site/tin-bai/hoi-truong/index.html").read_text()
    body = page[page.index('<div class="vd-story vd-article__body">'):]
    assert body.startswith('<div class="vd-story vd-article__body"><h2')  # `##` under the title is an h2
    assert 'alt="Bàn đại biểu"' in body and "elsewhere" not in page
    published = sorted((project.root / "site/assets/anh").glob("tin-bai-hoi-truong-*"))
    assert published and not list((project.root / "site").rglob("hoi-truong.jpg"))
    for path in published:
        with Image.open(path) as out:
            assert not out.getexif()
