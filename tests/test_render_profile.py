"""The profile page and what it shows, written by its fragments (`profile.html`, `picture.html`, `head.html`,
`share.html`, `json-ld.html`, `search-terms.html`) from a loaded site and made-up derived files: no image is
derived and no MkDocs build runs. Text from a profile is text wherever it is written; links are relative."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markupsafe import Markup

from generator.derive import DerivedFiles, Media, Published, Renditions
from generator.derived_files import CachedFile
from generator.problems import Problems
from generator.render import render_profile_page
from generator.render_opendata import linked_data
from generator.templates import Templates
from tests.helpers import INDIVIDUAL

HOSTILE = '<script>alert("x")</script>'
"""Text that would run if it were written as markup: in a value, or closing an attribute (`"`)."""
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"
SITE_URL = "https://example.org/vinh-danh/"

COLLECTIVE = """
---
name: 'Tổ <b>Một</b>'
kind: collective
unit: van-phong
headcount: 1250
members:
  - profile: an
    role: 'Tổ trưởng <i>'
  - name: 'Bình <script>alert("x")</script>'
    role: Tổ phó
  - name: Chi
movements: [cai-cach-hanh-chinh]
awards:
  - title: Tập thể lao động tiên tiến
    year: 2024
    decision: 'QĐ <script>alert("x")</script>'
    issuer: 'Trưởng Ban "Quản lý"'
paper:
  title: 'Tham luận <script>alert("x")</script>'
  summary: 'Tóm tắt <img src=x onerror=alert(1)>'
---
"""


def _site(project, name: str = HOSTILE, unit: str = HOSTILE):
    units = project.root / "data" / "units.yml"
    units.write_text(units.read_text().replace("name: Văn phòng", f"name: 'Văn phòng {unit}'", 1))
    project.write("profiles/an.md", INDIVIDUAL
                  .replace("name: Nguyễn Văn An", f"name: 'Nguyễn Văn An {name.replace(chr(39), chr(39) * 2)}'")
                  .replace("consent:", f"quote: '{HOSTILE}'\nhighlights: ['{HOSTILE}', 'R&D']\nconsent:"))
    project.write("profiles/to.md", COLLECTIVE)
    return project.load()


def _files(role: str, widths: tuple[int, ...]) -> list[CachedFile]:
    name = {"thumbnail": "card", "portrait": "portrait", "story": "story"}[role]
    return [CachedFile(Path(f"/cache/{name}-{w}.{ext}"), f"{name}-{w}.{ext}", w, w * 5 // 4)
            for w in widths for ext in ("webp", "jpg") if ext == "webp" or w == widths[1]]


def _media(site, site_url: str | None = SITE_URL, photo: bool = False) -> Media:
    derived = DerivedFiles(site_url, Problems(site.root))
    for profile in site.profiles:
        if photo and profile.photo:
            derived.photos[profile.photo] = Renditions("0123456789abcdef",
                                                       _files("portrait", (320, 480, 720)) + _files("thumbnail", (240, 360, 480)))
        if site_url:
            derived.qr_codes[profile.slug] = Published(f"assets/qr/ho-so/{profile.slug}.png", Path("/qr.png"), 656, 656)
            derived.share_images[profile.slug] = Published(f"assets/the/{profile.slug}.jpg", Path("/s.jpg"), 1200, 630)
    return Media(derived, Templates())


def _page(site, profile_id: str, media: Media | None = None):
    profile = next(p for p in site.profiles if p.id == profile_id)
    return render_profile_page(profile, site, media or _media(site), Templates())


def _text(html: str) -> str:
    """What a visitor reads: tags dropped (their attributes too), entities left as written."""
    return re.sub(r"<[^>]*>", " ", html)


def test_hostile_text_of_an_individual_is_text_in_every_place_it_is_written(project):
    site = _site(project)
    page = _page(site, "an")
    assert "<script" not in page.html and "<script" not in page.head.replace('<script type="application/ld+json">', "")
    assert f"<h1><span class=\"vd-profile__honorific\">Ông</span> Nguyễn Văn An {ESCAPED}</h1>" in page.html
    assert f'<blockquote class="vd-quote"><p>{ESCAPED}</p></blockquote>' in page.html
    assert f'<ul class="vd-highlights"><li>{ESCAPED}</li><li>R&amp;D</li></ul>' in page.html
    # The unit's name, linked to its page, relative to the profile's.
    assert f'<dt>Đơn vị</dt> <dd><a href="../../don-vi/van-phong/">Văn phòng {ESCAPED}</a></dd>' in page.html
    assert f"khen thưởng của Nguyễn Văn An {ESCAPED}</caption>" in page.html
    assert '<td data-label="Ngày">20/12/2024</td>' in page.html
    # In attributes: the share buttons' title and the search result's metadata.
    assert f'data-title="Nguyễn Văn An {ESCAPED}"' in page.html
    assert f'data-pagefind-meta="title:Nguyễn Văn An {ESCAPED}"' in page.html
    assert f'alt="Mã QR dẫn tới trang của Nguyễn Văn An {ESCAPED}"' in page.html
    assert page.meta["title"] == f"Nguyễn Văn An {HOSTILE}"  # front matter: MkDocs escapes the <title> itself


def test_hostile_text_of_a_collective_members_awards_and_paper(project):
    site = _site(project)
    html = _page(site, "to").html
    assert "<script" not in html and "<b>Một" not in html and "<img src=x" not in html and "<i>" not in html
    assert "<h1>Tổ &lt;b&gt;Một&lt;/b&gt;</h1>" in html
    assert "<dt>Số người</dt> <dd>1.250</dd>" in html
    # A member with a profile links to it (its display name); one without is a name; roles are text.
    assert ('<ul class="vd-members"><li><a href="../an/">Nguyễn Văn An ' + ESCAPED + '</a> '
            '<span class="vd-member__role">Tổ trưởng &lt;i&gt;</span></li>'
            f'<li><span>Bình {ESCAPED}</span> <span class="vd-member__role">Tổ phó</span></li>'
            "<li><span>Chi</span> </li></ul>") in html
    assert f'<td data-label="Số quyết định">QĐ {ESCAPED}</td>' in html
    assert '<td data-label="Ngày">2024</td>' in html  # the year, without the decision's date
    assert '<td data-label="Cấp quyết định">Trưởng Ban &#34;Quản lý&#34;</td>' in html
    assert f'<p class="vd-paper__title">Tham luận {ESCAPED}</p><p>Tóm tắt &lt;img src=x onerror=alert(1)&gt;</p>' in html
    assert '<ul class="vd-chips"><li><a href="../../phong-trao/cai-cach-hanh-chinh/">' in html


def test_the_page_shows_only_the_sections_it_has(project):
    project.write("profiles/an.md", INDIVIDUAL)
    site = project.load()
    html = _page(site, "an").html
    for absent in ("vd-quote", "vd-section--highlights", "vd-section--members", "vd-section--paper", "vd-sample",
                   "vd-profile__image"):
        assert absent not in html
    assert '<section class="vd-section vd-section--story"><h2>Câu chuyện</h2><div class="vd-story"><p>Câu chuyện ' \
           "của <strong>ông An</strong>.</p></div></section>" in html  # the story's sanitised HTML, as it is
    # Without a photo, the initials; the page is one block of HTML inside data-pagefind-body.
    assert re.search(r'<svg class="vd-profile__placeholder vd-placeholder"[^>]*>.*<text [^>]*>NA</text></svg>', html)
    assert html.startswith('<div class="vd-profile vd-profile--individual" data-pagefind-body>\n')
    assert html.endswith("</div>\n") and "\n\n" not in html


def test_portrait_is_a_picture_with_relative_links_and_its_files_are_placed(project):
    project.photo("anh/an.jpg")
    project.write("profiles/an.md", INDIVIDUAL.replace("unit: van-phong", f"unit: van-phong\nphoto: anh/an.jpg\n"
                                                       f"photo_alt: 'Ảnh {HOSTILE}'"))
    site = project.load()
    media = _media(site, photo=True)
    html = _page(site, "an", media).html
    stem = "../../assets/anh/an-0123456789"
    assert ('<figure class="vd-profile__photo"><picture style="aspect-ratio:480/600"><source type="image/webp" '
            f'srcset="{stem}-portrait-320.webp 320w, {stem}-portrait-480.webp 480w, {stem}-portrait-720.webp 720w" '
            'sizes="(max-width: 44.9375em) 240px, 300px" width="480" height="600">'
            f'<img class="vd-profile__image" src="{stem}-portrait-480.jpg" alt="Ảnh {ESCAPED}" width="480" height="600" '
            'decoding="async" fetchpriority="high"></picture></figure>') in html
    assert "assets/anh/an-0123456789-portrait-720.webp" in media.assets
    assert 'data-pagefind-meta="photo:assets/anh/an-0123456789-card-240.webp"' in html


def test_picture_for_python_callers_is_safe_html_and_lazy_by_default(project):
    project.photo("anh/an.jpg")
    project.write("profiles/an.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/an.jpg"))
    site = project.load()
    media = _media(site, photo=True)
    profile = site.profiles[0]
    picture = media.picture(profile, "thumbnail", lambda uri: "../" + uri, alt='"><x>', css_class="vd-card__photo")
    assert isinstance(picture, Markup)
    assert picture.startswith('<picture style="aspect-ratio:360/450"><source type="image/webp" srcset="../assets/')
    assert 'alt="&#34;&gt;&lt;x&gt;"' in picture and ' loading="lazy" decoding="async">' in picture
    assert "\n" not in picture and "fetchpriority" not in picture
    assert media.picture(site.profiles[0], "thumbnail", str, alt="", css_class="x") is not None
    assert _media(site).picture(profile, "thumbnail", str, alt="", css_class="x") is None  # no photo derived


def test_story_images_become_pictures_and_the_story_stays_its_sanitised_html(project):
    project.photo("anh/hinh.jpg")
    project.write("profiles/an.md", INDIVIDUAL.replace("Câu chuyện của **ông An**.",
                                                       f'Trước.\n\n![Mô tả {HOSTILE}](anh/hinh.jpg "Chú thích")\n'))
    site = project.load()
    profile = site.profiles[0]
    media = _media(site)
    media.derived.story_photos[profile.story_images[0].source] = Renditions("fedcba9876543210", _files("story", (480, 700)))
    story = media.story_html(profile, lambda uri: "../../" + uri)
    assert isinstance(story, Markup)
    assert ('<figure class="vd-story__figure"><picture style="aspect-ratio:700/875"><source type="image/webp" '
            'srcset="../../assets/anh/an-fedcba9876-story-480.webp 480w, ../../assets/anh/an-fedcba9876-story-700.webp 700w" '
            'sizes="(max-width: 44.9375em) 100vw, 700px" width="700" height="875"><img class="vd-story__image" '
            f'src="../../assets/anh/an-fedcba9876-story-700.jpg" alt="Mô tả {ESCAPED}" width="700" height="875" '
            'loading="lazy" decoding="async"></picture><figcaption>Chú thích</figcaption></figure>') in story
    # An image that could not be derived goes, with its figure.
    assert "figure" not in _media(site).story_html(profile, str)


def test_head_tags_escape_the_title_and_carry_the_share_image(project):
    site = _site(project)
    head = _page(site, "an").head
    title = f"Nguyễn Văn An {ESCAPED}"
    assert f'<meta property="og:title" content="{title}">' in head
    assert f'<meta name="twitter:title" content="{title}">' in head
    assert f'<meta property="og:description" content="Chuyên viên, Văn phòng {ESCAPED}. ' in head
    assert '<meta property="og:url" content="https://example.org/vinh-danh/ho-so/an/">' in head
    assert '<meta property="og:image" content="https://example.org/vinh-danh/assets/the/an.jpg">' in head
    assert '<meta name="twitter:card" content="summary_large_image">' in head
    local = _page(site, "an", _media(site, site_url=None)).head
    assert "og:url" not in local and "og:image" not in local and '<meta name="twitter:card" content="summary">' in local


def test_share_section_links_with_the_encoded_address_and_the_qr_code(project):
    site = _site(project)
    html = _page(site, "an").html
    encoded = "https%3A%2F%2Fexample.org%2Fvinh-danh%2Fho-so%2Fan%2F"
    assert (f'<li><a class="vd-share__link vd-share__link--facebook" href="https://www.facebook.com/sharer/sharer.php?u={encoded}" '
            'target="_blank" rel="noopener noreferrer">Facebook<span class="vd-visually-hidden"> (mở cửa sổ mới)</span></a></li>'
            ) in html
    assert f'href="https://sp.zalo.me/share_inline?url={encoded}"' in html
    assert 'data-url="https://example.org/vinh-danh/ho-so/an/"' in html
    assert '<a href="../../assets/qr/ho-so/an.png" download="ma-qr-an.png">Tải mã QR (PNG)</a>' in html
    local = _page(site, "an", _media(site, site_url=None)).html
    assert "vd-share__link--" not in local and "vd-qr" not in local and 'data-url=""' in local


@pytest.mark.parametrize("name", ["</script><script>alert(1)</script>", "A & B <!-- x", "'; alert(1); '"])
def test_json_ld_cannot_close_its_script_and_keeps_its_data(project, name):
    site = _site(project, name=name, unit="</SCRIPT>")
    profile = next(p for p in site.profiles if p.id == "an")
    head = _page(site, "an").head
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.DOTALL)
    assert head.count("</script>") == 1 and "<" not in script and ">" not in script and "&" not in script
    assert json.loads(script) == linked_data(profile, site.conference.data.organiser, SITE_URL)
    assert json.loads(script)["name"] == f"Nguyễn Văn An {name}"
    assert json.loads(script)["worksFor"]["name"] == "Văn phòng </SCRIPT>"


def test_search_terms_are_hidden_text_with_their_weights(project):
    site = _site(project)
    html = _page(site, "an").html
    (block,) = re.findall(r'<div class="vd-search-terms" hidden>.*?</div>', html, re.DOTALL)
    assert '<span data-pagefind-meta="kind:Cá nhân"></span>' in block
    assert f'<span data-pagefind-meta="unit:Văn phòng {ESCAPED}"></span>' in block
    assert re.search(r'<p data-pagefind-weight="3.0">· [^<]*Văn phòng &lt;script&gt;', block)
    assert "<script" not in block and block.count("<p") == len(re.findall(r"<p[ >][^<]*</p>", block))
    assert "Văn phòng" in _text(block)


def test_a_generated_page_s_front_matter_is_read_back_as_written_whatever_its_text():
    # Written as JSON, read by MkDocs' YAML: line breaks of YAML's own and controls must survive.
    from mkdocs.utils.meta import get_data

    from generator.output import Page

    title = "Tổ \u2028 A\x85B\x7f \u00a0😀 \"ngoặc\" \\ / : # - [x] {y} \ufeff\uffff\t"
    meta = {"title": title, "description": "---\n...", "hide": ["navigation", "toc"], "template": "profile.html"}
    assert get_data(Page("ho-so/a.md", meta, "<p>x</p>").markdown) == ("", meta)


def test_the_preview_keeps_a_profile_page_but_never_one_made_from_a_profile_that_does_not_pickle(project, monkeypatch):
    from generator import render
    from generator.memo import Memo

    site = _site(project)
    memo = Memo()
    templates = Templates.of(project.root / "theme", memo)
    made: list[str] = []
    real_page = render._profile_page
    monkeypatch.setattr(render, "_profile_page", lambda profile, *rest: made.append(profile.id) or real_page(profile, *rest))

    def pages() -> list:
        memo.next_build()
        media = Media(_media(site).derived, templates)
        return [render_profile_page(p, site, media, templates) for p in site.profiles]

    first = pages()
    assert sorted(made) == sorted(p.id for p in site.profiles)
    made.clear()
    assert pages() == first and made == []  # kept: nothing it is made from changed
    # A profile whose digest cannot be made: its page, and the page of the collective that names it as a
    # member, are made again on every build, and the same.
    unpicklable = next(p for p in site.profiles if p.id == "an")
    real_key, real_model_key = Memo.key, Memo.model_key
    monkeypatch.setattr(Memo, "key", staticmethod(
        lambda *parts: None if parts and parts[0] is unpicklable else real_key(*parts)))
    monkeypatch.setattr(Memo, "model_key", lambda memo, *parts: None if parts and parts[0] is unpicklable
                        else real_model_key(memo, *parts))
    assert pages() == first and sorted(made) == ["an", "to"]
