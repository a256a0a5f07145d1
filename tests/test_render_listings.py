"""The listings' contexts and fragments: cards, listing pages, the pager, the tabs, category indexes, the home
page's fragments and the explorer's page, with hostile text in names, units and movements. No MkDocs build:
each test renders in milliseconds (the loaded project in a few tens)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from html.parser import HTMLParser

import pytest
from markupsafe import Markup

from generator import render_listings as listings
from generator.derive import DerivedFiles, Media
from generator.problems import Problems
from generator.render import render_fragments
from generator.render_explorer import render_explorer
from generator.render_listings import Card, card_context, render_listing, render_listings
from generator.templates import Templates
from tests.helpers import INDIVIDUAL

HOSTILE = '<script>alert("x")</script> \'R&D\''
"""Text that must stay text: a tag, both quotes and an ampersand."""
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &#39;R&amp;D&#39;"
"""How the fragments write it."""
NOW = dt.datetime(2025, 6, 1, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def templates() -> Templates:
    return Templates()


@pytest.fixture
def site(project):
    """A site of two individuals and a collective whose names, unit and movement carry hostile text."""
    units = project.root / "data" / "units.yml"
    units.write_text(units.read_text().replace("name: Văn phòng", f"name: 'Văn phòng {HOSTILE.replace(chr(39), '')}'", 1))
    movements = project.root / "data" / "movements.yml"
    text = movements.read_text()
    start = text.index("- id: cai-cach-hanh-chinh")
    described = re.compile(r"description: >-\n(      .*\n)+").search(text, start)
    movements.write_text(text[:described.start()] + f"description: '{HOSTILE.replace(chr(39), chr(39) * 2)}'\n"
                         + text[described.end():])
    quoted = HOSTILE.replace("'", "''")
    project.write("profiles/an.md", INDIVIDUAL.replace("name: Nguyễn Văn An", f"name: 'Nguyễn Văn An {quoted}'")
                  .replace("position: Chuyên viên", f"position: '{quoted}'"))
    project.write("profiles/binh.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Thị Bình").replace("ông An", "bà Bình"))
    project.write("profiles/to-mot.md", INDIVIDUAL.replace("Nguyễn Văn An", "Tổ Một").replace("kind: individual", "kind: collective")
                  .replace("Chiến sĩ thi đua cơ sở", "Giấy khen").replace("honorific: Ông\nbirth_year: 1980\n", "").replace("consent:\n  date: \"2025-05-20\"\n", ""))
    return project.load()


@pytest.fixture
def media(tmp_path, templates) -> Media:
    """Derived files of a site without photos: every card shows its placeholder."""
    return Media(DerivedFiles(None, Problems(tmp_path)), templates)


def pages_by_src(pages) -> dict[str, str]:
    return {p.src_uri: str(p.html) for p in pages}


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


# --- the card ------------------------------------------------------------------------------------------------

def hostile_card(**changes) -> Card:
    values = dict(url="ho-so/an/", kind="individual", kind_label="Cá nhân", name=HOSTILE, meta=(HOSTILE,),
                  award=HOSTILE, initials="<&", picture=None)
    return Card(**{**values, **changes})


def test_a_card_writes_hostile_text_as_text_and_links_relative_to_its_page(templates):
    html = templates.render("featured.html", here="don-vi/van-phong/", cards=[hostile_card()])
    assert "<script>" not in html and "alert(\"x\")" not in html
    assert html.count(ESCAPED) == 3  # name, meta, award
    assert '<text x="50" y="50" dy=".35em" text-anchor="middle">&lt;&amp;</text>' in html  # the initials
    assert hrefs(html) == ["../../ho-so/an/"]
    assert html.startswith('<ul class="vd-grid"><li class="vd-card vd-card--individual"><a class="vd-card__link" ')


def test_a_card_shows_its_picture_as_it_is_and_no_award_without_one(templates):
    picture = Markup('<picture><img class="vd-card__photo" src="x.webp" alt=""></picture>')
    html = templates.render("featured.html", here="", cards=[hostile_card(picture=picture, award="")])
    assert str(picture) in html and "vd-placeholder" not in html and "vd-card__award" not in html


def test_card_context_of_a_loaded_profile(site, media):
    an = next(p for p in site.profiles if p.slug == "an")
    card = card_context(an, media, "dien-hinh/")
    assert card.url == "ho-so/an/" and card.name == f"Nguyễn Văn An {HOSTILE}" and card.picture is None
    assert ", ".join(card.meta) == f"{HOSTILE}, Văn phòng <script>alert(\"x\")</script> R&D"
    assert card.initials == "N'"  # of the first and the last word
    assert card.award == an.top_award.wording and card.kind == "individual" and card.kind_label == "Cá nhân"


def test_the_placeholder_of_a_profile_without_photo(templates):
    html = templates.macro("picture.html", "placeholder")("N'", "vd-profile__placeholder")
    assert isinstance(html, Markup)
    assert html.startswith('<svg class="vd-profile__placeholder vd-placeholder" viewBox="0 0 100 100"')
    assert ">N&#39;</text></svg>" in html


# --- listing pages, the pager and the tabs -------------------------------------------------------------------

def test_listings_write_hostile_names_units_and_movements_as_text(site, media, templates):
    pages = pages_by_src(render_listings(site, media, templates))
    for src, html in pages.items():
        assert "<script>" not in html, src
    everyone = pages["dien-hinh/index.md"]
    assert everyone.count('class="vd-card ') == 3 and '<p class="vd-count">3 hồ sơ</p>' in everyone
    assert f'<span class="vd-card__name">Nguyễn Văn An {ESCAPED}</span>' in everyone
    assert "<p>Các cá nhân, tập thể điển hình tiên tiến, xếp theo thứ bậc khen thưởng.</p>" in everyone
    assert f"<p>{ESCAPED}</p>" in pages["phong-trao/cai-cach-hanh-chinh.md"]  # the movement's description
    assert "<h1>Văn phòng &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; R&amp;D</h1>" in pages["don-vi/van-phong.md"]
    assert "<p>Chưa có hồ sơ nào.</p>" in pages["don-vi/lanh-dao-ban.md"]
    assert "vd-pager" not in everyone  # one page


def test_the_kind_tabs_mark_the_listing_shown_and_link_relative(site, media, templates):
    pages = pages_by_src(render_listings(site, media, templates))
    tabs = re.search(r'<nav class="vd-tabs" aria-label="Lọc theo loại"><ul>(.*?)</ul></nav>',
                     pages["dien-hinh/ca-nhan/index.md"]).group(1)
    assert tabs == ('<li><a href="../">Tất cả</a></li><li><a href="./" aria-current="page">Cá nhân</a></li>'
                    '<li><a href="../tap-the/">Tập thể</a></li>')
    assert pages["dien-hinh/ca-nhan/index.md"].count('class="vd-card ') == 2
    assert "vd-tabs" not in pages["don-vi/van-phong.md"]


def test_a_long_listing_is_paged_with_relative_links_to_every_page(site, media, templates, monkeypatch):
    monkeypatch.setattr(listings, "PAGE_SIZE", 1)
    pages = pages_by_src(render_listing("dien-hinh", HOSTILE, "", site.profiles, media, templates))
    assert list(pages) == ["dien-hinh/index.md", "dien-hinh/trang-2.md", "dien-hinh/trang-3.md"]
    second = pages["dien-hinh/trang-2.md"]
    assert f"<h1>{ESCAPED} <small>(trang 2/3)</small></h1>" in second and second.count('class="vd-card ') == 1
    pager = re.search(r'<nav class="vd-pager" aria-label="Phân trang"><ul>(.*?)</ul></nav>', second).group(1)
    assert pager == ('<li><a href="../">1</a></li><li><a href="./" aria-current="page">2</a></li>'
                     '<li><a href="../trang-3/">3</a></li>')
    first = pages["dien-hinh/index.md"]
    assert hrefs(first)[-3:] == ["./", "trang-2/", "trang-3/"] and 'href="./" aria-current="page">1<' in first
    assert '<p class="vd-count">3 hồ sơ</p>' in second  # the listing's count, on every page


def test_a_category_listing_is_paged_under_its_own_folder(site, media, templates, monkeypatch):
    monkeypatch.setattr(listings, "PAGE_SIZE", 1)
    pages = pages_by_src(render_listings(site, media, templates))
    assert {"don-vi/van-phong.md", "don-vi/van-phong/trang-2.md", "don-vi/van-phong/trang-3.md"} <= set(pages)
    assert hrefs(pages["don-vi/van-phong/trang-3.md"])[-3:] == ["../", "../trang-2/", "./"]


# --- category indexes ----------------------------------------------------------------------------------------

def test_the_unit_index_counts_profiles_and_marks_empty_units(site, media, templates):
    index = pages_by_src(render_listings(site, media, templates))["don-vi/index.md"]
    assert "<h1>Theo đơn vị</h1><p>Mỗi đơn vị giới thiệu một cá nhân hoặc một tập thể tiêu biểu.</p>" in index
    assert ('<li><a href="van-phong/"><span>Văn phòng &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; R&amp;D</span>'
            '<span class="vd-index__count">3</span></a></li>') in index
    assert ('<li><a href="lanh-dao-ban/"><span>Lãnh đạo Ban</span>'
            '<span class="vd-index__count vd-index__count--zero">0</span></a></li>') in index
    assert "<h2>Lãnh đạo Ban</h2>" in index  # the groups' headings
    movements = pages_by_src(render_listings(site, media, templates))["phong-trao/index.md"]
    assert "<h2>" not in movements and 'href="cai-cach-hanh-chinh/"' in movements


# --- the home page's fragments -------------------------------------------------------------------------------

def test_home_fragments_escape_the_campaign_and_link_relative_to_the_page_they_are_placed_in(site, media, templates):
    data = site.conference.data.model_copy(update={"campaign": HOSTILE, "organiser": HOSTILE, "tagline": HOSTILE})
    site = dataclasses.replace(site, conference=dataclasses.replace(site.conference, data=data))
    fragments = render_fragments(site, media, NOW, templates)
    hero = fragments["campaign"]("")
    assert hero == (f'<div class="vd-hero"><p class="vd-hero__organiser">{ESCAPED}</p><h1>{ESCAPED}</h1>'
                    f'<p class="vd-hero__tagline">{ESCAPED}</p></div>')
    stats = fragments["stats"]("gioi-thieu/")
    assert hrefs(stats) == ["../dien-hinh/ca-nhan/", "../dien-hinh/tap-the/", "../don-vi/", "../phong-trao/"]
    assert "<strong>2</strong> <span>cá nhân</span>" in stats and "<strong>1</strong> <span>tập thể</span>" in stats
    featured = fragments["featured"]("")
    assert featured.count('class="vd-card ') == 3 and "ho-so/an/" in hrefs(featured) and "<script>" not in featured
    for html in (hero, stats, featured):  # placed in Markdown: one block, no blank or indented line
        assert "\n\n" not in html and not re.search(r"^    ", html, re.M)


# --- the explorer --------------------------------------------------------------------------------------------

class Skeleton(HTMLParser):
    """The elements of some HTML as (depth, tag, classes), `<template>` content included."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.items: list[tuple[int, str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.items.append((self.depth, tag, dict(attrs).get("class") or ""))
        if tag not in ("img", "source", "input", "rect", "circle"):
            self.depth += 1

    def handle_startendtag(self, tag, attrs):
        self.items.append((self.depth, tag, dict(attrs).get("class") or ""))

    def handle_endtag(self, tag):
        if tag not in ("img", "source", "input"):
            self.depth -= 1


def skeleton(html: str) -> list[tuple[int, str, str]]:
    parser = Skeleton()
    parser.feed(html)
    return parser.items


@pytest.fixture
def explorer(site, media, templates):
    pages, assets = render_explorer(site, media, templates)
    return pages[0].html, json.loads(assets[0].content)


def without_kind(items: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    return [(depth, tag, re.sub(r" vd-card--\w+", "", cls)) for depth, tag, cls in items]


def test_the_explorers_card_is_the_listings_card_with_empty_slots(explorer, templates):
    html, _ = explorer
    blank = re.search(r'<template id="vd-explorer-card">(.*?)</template>', html, re.S).group(1)
    assert "href" not in blank and re.sub(r"<[^>]+>", "", blank) == ""  # nothing but slots
    # What explorer.js does for a profile without photo (removes the <img>, adds the kind's class) gives the
    # server's card of that profile, element for element.
    server = re.search(r'<li class="vd-card vd-card--collective">.*?</li>', html).group(0)
    assert without_kind(skeleton(server)) == [item for item in skeleton(blank) if item[1] != "img"]
    # With a photo (it removes the placeholder), its <img> stands where the server's card has its <picture>.
    picture = Markup('<picture><source srcset="x.webp"><img class="vd-card__photo" src="x.jpg" alt=""></picture>')
    photo_card = templates.render("featured.html", here="", cards=[hostile_card(picture=picture)])
    assert ([(tag, cls) for _, tag, cls in without_kind(skeleton(photo_card)) if tag not in ("ul", "picture", "source")]
            == [(tag, cls) for _, tag, cls in skeleton(blank) if tag not in ("svg", "rect", "circle", "text")])


def test_the_explorer_shares_its_settings_with_its_script_as_data(explorer):
    html, data = explorer
    config = json.loads(re.search(r'<script type="application/json" id="vd-explorer-config">(.*?)</script>',
                                  html).group(1))
    assert config["pageSize"] == listings.PAGE_SIZE
    fields = re.findall(r'<(?:select|input) id="vd-filter-[^"]+" name="([^"]+)"', html)
    assert config["params"] == fields and config["sort"] == "sap-xep"
    assert config["facets"] == [f for f in fields if f not in ("q", "sap-xep")]
    assert config["kindClasses"] == {"ca-nhan": "individual", "tap-the": "collective"}
    assert set(data["kinds"]) == set(config["kindClasses"])
    assert config["labels"]["more"] == "Xem thêm {n} hồ sơ (còn {left})"


def test_the_explorer_form_writes_hostile_units_as_text(explorer):
    html, _ = explorer
    assert "<script>alert" not in html
    assert ('<option value="van-phong">Văn phòng &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; R&amp;D</option>'
            in html)
    assert '<optgroup label="Phòng, ban chuyên môn"><option value="van-phong">' in html
    assert 'data-src="ho-so.json"' in html and html.count('class="vd-card ') == 3


def test_the_explorer_form_is_on_its_first_page_only(site, media, templates, monkeypatch):
    monkeypatch.setattr(listings, "PAGE_SIZE", 2)
    pages, _ = render_explorer(site, media, templates)
    assert [p.src_uri for p in pages] == ["kham-pha/index.md", "kham-pha/trang-2.md", "en/kham-pha/index.md",
                                          "en/kham-pha/trang-2.md"]
    for first, second in (pages[:2], pages[2:]):
        assert "data-vd-explorer" in first.html and "data-vd-explorer" not in second.html
        assert "vd-explorer-card" not in second.html and "vd-pager" in second.html
