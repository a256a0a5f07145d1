"""Whole builds into tmp_path: what a visitor gets, what is never published, what a failure leaves."""

import gzip
import re

import pytest
from PIL import Image

from generator.problems import BuildFailed, InputError
from tests.helpers import INDIVIDUAL, build, site_text, snapshot


def test_sample_site_has_profile_pages_and_listings(sample_site):
    site, summary = sample_site
    assert summary.published >= 12
    assert summary.skipped["draft"] == 1 and summary.skipped["scheduled"] == 1
    profiles = sorted(p.parent.name for p in (site / "ho-so").glob("*/index.html"))
    assert len(profiles) == summary.published
    for listing in ("dien-hinh", "dien-hinh/ca-nhan", "dien-hinh/tap-the", "don-vi", "phong-trao", "khen-thuong"):
        page = (site / listing / "index.html").read_text()
        assert 'class="vd-' in page, listing
    home = (site / "index.html").read_text()
    assert home.count('class="vd-card ') >= 4
    assert "19/6/2025" in home


def test_profile_page_shows_awards_table_and_links_resolve(sample_site):
    site, _ = sample_site
    page_path = next((site / "ho-so").glob("*/index.html"))
    page = page_path.read_text()
    assert "<table class=\"vd-awards\">" in page and "Số quyết định" in page
    local = [href for href in re.findall(r'href="([^"#:?]+)"', page) if not href.startswith(("http", "//", "mailto"))]
    assert any(href.startswith("../../don-vi/") for href in local), local  # the unit's page among them
    for href in local:
        target = (page_path.parent / href).resolve()
        assert target.exists() or (target / "index.html").exists(), href


def test_drafts_and_scheduled_profiles_appear_nowhere(project):
    project.photo("anh/nhap.jpg", color="#345678")
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("profiles/ban-nhap.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Bản Nháp")
                  .replace("position: Chuyên viên", "position: Thủ quỹ giấu tên\nphoto: anh/nhap.jpg")
                  .replace("consent:", "draft: true\nconsent:").replace("của **ông An**", "chưa kể của ông Nháp"))
    project.write("profiles/hen-ngay.md", INDIVIDUAL.replace("Nguyễn Văn An", "Phạm Hẹn Ngày")
                  .replace("position: Chuyên viên", "position: Kế toán hẹn giờ")
                  .replace("consent:", 'publish_on: "2025-06-10"\nconsent:').replace("của **ông An**", "hẹn kể sau"))
    loaded = project.load()  # as of TODAY, before the publication date
    assert [p.id for p in loaded.profiles] == ["an"]
    assert {p.id: p.status for p in loaded.skipped} == {"ban-nhap": "draft", "hen-ngay": "scheduled"}
    build(project)
    site = project.root / "site"
    # Every kind of output is there, and shows the published profile: where the others are looked for.
    for path in ("ho-so/an/index.html", "dien-hinh/index.html", "don-vi/van-phong/index.html", "feed.xml",
                 "rss.xml", "feed.json", "du-lieu/dien-hinh.csv", "du-lieu/dien-hinh.json", "kham-pha/ho-so.json",
                 "sitemap.xml"):
        assert "Nguyễn Văn An" in (site / path).read_text() or "ho-so/an/" in (site / path).read_text(), path
    fragments = [gzip.decompress(p.read_bytes()).decode() for p in (site / "pagefind/fragment").glob("*.pf_fragment")]
    assert any("Nguyễn Văn An" in fragment for fragment in fragments)  # the search index's text
    text = site_text(site)
    for secret in ("Trần Bản Nháp", "Thủ quỹ giấu tên", "ông Nháp", "ban-nhap", "Phạm Hẹn Ngày", "Kế toán hẹn giờ",
                   "hẹn kể sau", "hen-ngay"):
        assert secret not in text, secret
    # Nor any file of theirs: pages, photos, share images and QR codes are named by the profile's id.
    assert [p for p in site.rglob("*") if "ban-nhap" in p.name or "hen-ngay" in p.name] == []


def test_no_request_to_other_hosts_and_fonts_are_self_hosted(sample_site):
    site, _ = sample_site
    pages = list(site.rglob("*.html"))
    assert len(pages) > 50
    tags = 0
    for page in pages:
        html = page.read_text()
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html, page
        for tag in re.findall(r'<(?:script|link|img|source)\b[^>]*>', html):
            tags += 1
            if 'rel="canonical"' in tag or ('rel="alternate ' in tag and "hreflang=" in tag):
                continue  # the page's own public address (site_url) or its twin's, not a resource
            for url in re.findall(r'(?:src|href|srcset)="(https?:[^"]+)"', tag):
                pytest.fail(f"{page}: third-party resource {url}")
    assert tags > 10 * len(pages)  # the resources looked at: scripts, styles, pictures
    css = (site / "assets/stylesheets/fonts.css").read_text()
    assert 'font-family:"Be Vietnam Pro"' in css
    fonts = list((site / "assets/fonts").glob("*.woff2"))
    assert len(fonts) == 4 and all(f.stat().st_size < 60_000 for f in fonts)


def test_published_photos_carry_no_metadata(sample_site):
    site, _ = sample_site
    photos = [p for p in site.rglob("*") if p.suffix in (".jpg", ".webp", ".png") and "assets/images" not in str(p)]
    assert {p.suffix for p in photos} == {".jpg", ".webp", ".png"}
    for path in photos:
        with Image.open(path) as image:
            assert not image.getexif(), path
            assert "exif" not in image.info and "xmp" not in image.info and "comment" not in image.info


def test_gps_and_orientation_of_a_phone_photo(project):
    # A portrait phone photo: stored landscape with EXIF orientation 6 (rotate 90°) and a GPS block.
    anh = project.profiles / "anh"
    anh.mkdir()
    image = Image.new("RGB", (800, 600), "#406080")
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825)[2] = (21.0, 1.0, 0.0)  # GPSLatitude
    image.save(anh / "phone.jpg", exif=exif.tobytes())
    project.write("profiles/x.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/phone.jpg"))
    build(project)
    portraits = list((project.root / "site/assets/anh").glob("*portrait*"))
    assert len(portraits) == 4  # three WebP widths and a JPEG
    for portrait in portraits:
        with Image.open(portrait) as out:
            assert out.width < out.height  # rotated upright
            assert not out.getexif() and "exif" not in out.info


def test_hostile_story_never_reaches_the_page(project):
    project.write("profiles/x.md", INDIVIDUAL + '\n<script>alert("xss")</script>\n<img src=x onerror=alert(2)>\n'
                  "[a](javascript:alert(3))\n")
    build(project)
    page = (project.root / "site/ho-so/x/index.html").read_text()
    assert "alert(" not in page and "onerror" not in page
    fragments = [gzip.decompress(f.read_bytes()) for f in (project.root / "site/pagefind/fragment").iterdir()]
    assert fragments and not any(b"alert(" in fragment for fragment in fragments)


def test_quotes_in_fields_are_escaped_in_attributes(project):
    project.write("profiles/x.md", INDIVIDUAL.replace("position: Chuyên viên", "position: 'Tổ \"Một cửa\"'"))
    build(project)
    page = (project.root / "site/ho-so/x/index.html").read_text()
    assert '<meta name="description" content="Tổ &#34;Một cửa&#34;, Văn phòng' in page \
        or '<meta name="description" content="Tổ &quot;Một cửa&quot;, Văn phòng' in page


def test_failed_check_leaves_previous_site_and_inputs_untouched(project):
    project.write("profiles/x.md", INDIVIDUAL)
    build(project)
    site = project.root / "site"
    before_site, before_inputs = snapshot(site), snapshot(project.profiles)
    project.write("profiles/y.md", "---\nname: Lỗi\nkind: nobody\n---\n")
    before_inputs = snapshot(project.profiles)
    with pytest.raises(InputError):
        build(project)
    assert snapshot(site) == before_site
    assert snapshot(project.profiles) == before_inputs
    assert not [p for p in project.root.iterdir() if p.name.startswith(".site")]


def test_failed_mkdocs_build_leaves_previous_site(project, caplog):
    project.write("profiles/x.md", INDIVIDUAL)
    build(project)
    site = project.root / "site"
    before = snapshot(site)
    # A hand-written page colliding with a generated one makes the MkDocs stage fail after validation.
    project.write("content/dien-hinh/index.md", "# Trùng\n")
    with pytest.raises(BuildFailed):
        build(project)
    assert "content/dien-hinh/index.md trùng với một trang được tạo tự động" in caplog.text
    assert snapshot(site) == before
    assert not [p for p in project.root.iterdir() if p.name.startswith(".site")]


def test_empty_project_builds_a_site_that_says_so(project):
    summary = build(project)
    assert summary.published == 0
    assert "Chưa có hồ sơ nào." in (project.root / "site/dien-hinh/index.html").read_text()


@pytest.mark.own_cache
def test_photo_renditions_are_cached_and_stale_ones_pruned(project):
    project.photo("anh/a.jpg")
    project.write("profiles/x.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/a.jpg"))
    build(project)
    cache = project.root / ".cache/vinhdanh/renditions"

    def derived():
        return {p.name: p.stat().st_mtime_ns for p in cache.glob("*.*")
                if p.name != "sources.json" and not p.name.startswith(".")}

    first = derived()
    # 8 renditions and their manifest; share image and QR code with theirs; the program's QR code.
    assert len(first) == 9 + 2 + 2 + 2
    build(project)
    assert derived() == first  # reused, not re-derived
    project.photo("anh/a.jpg", color="#123456")
    build(project)
    after = derived()
    assert len(after) == len(first)
    # The photo's renditions and the share image drawn from it are new; the QR codes are unchanged.
    assert len(set(first) & set(after)) == 4


def test_mkdocs_holds_the_html_of_the_page_it_writes_and_of_no_other_generated_page(project, monkeypatch):
    """MkDocs reads every page before it writes the first: a generated page's HTML reaches it only when that
    page is written, and is let go after, so that a large site's pages are never all held as text at once."""
    from generator.mkdocs_plugin import VinhdanhPlugin

    project.write("profiles/nguyen-van-an.md", INDIVIDUAL)
    project.write("profiles/tran-thi-binh.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Thị Bình"))
    pages = {}
    written = []
    on_files, on_page_context = VinhdanhPlugin.on_files, VinhdanhPlugin.on_page_context

    def files_seen(self, files, config):
        files = on_files(self, files, config)
        pages.update({file.src_uri: file for file in files.documentation_pages() if file.src_uri in self.generated})
        return files

    def context_seen(self, context, *, page, config, nav):
        context = on_page_context(self, context, page=page, config=config, nav=nav)
        others = [uri for uri, file in pages.items() if file.page is not page and file.page.content]
        written.append((page.file.src_uri, page.content, others))
        return context

    monkeypatch.setattr(VinhdanhPlugin, "on_files", files_seen)
    monkeypatch.setattr(VinhdanhPlugin, "on_page_context", context_seen)
    build(project)
    generated = [(uri, content, others) for uri, content, others in written if uri in pages]
    assert {uri for uri, _, _ in generated} == set(pages) and len(pages) > 10
    assert [(uri, others) for uri, _, others in generated if others] == []
    profile = next(content for uri, content, _ in generated if uri == "ho-so/nguyen-van-an.md")
    assert "Nguyễn Văn An" in profile and "vd-profile" in profile
