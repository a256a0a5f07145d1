"""The English pages of the profiles and listings (`en/...`), written by the same render functions with
`lang="en"`: English interface text and registry names, the profile's own English, Vietnamese text marked
`lang="vi"` where it has no English, links that stay inside the English edition, and the Vietnamese pages
unchanged by any of it."""

from __future__ import annotations

import datetime as dt
import re

from generator.derive import DerivedFiles, Media
from generator.problems import Problems
from generator.render import render_fragments, render_profile_page
from generator.render_listings import render_listings
from generator.templates import Templates
from tests.helpers import INDIVIDUAL

HOSTILE = '<script>alert("x")</script>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"

ENGLISH = """
en:
  position: 'Senior Officer <script>alert("x")</script>'
  summary: 'Mr An digitised the records of the Office. <b>R&D</b>'
"""


def _site(project, english: str = ENGLISH):
    lines = INDIVIDUAL.lstrip("\n").split("\n")
    end = lines.index("---", 1)
    project.write("profiles/an.md", "\n".join([*lines[:end], english.strip(), *lines[end:]])
                  .replace("consent:", "quote: Làm việc tận tâm\nhighlights: ['Số hóa hồ sơ']\nconsent:"))
    project.write("profiles/binh.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Thị Bình")
                  .replace("honorific: Ông", "honorific: Bà"))
    return project.load()


def _media(site) -> Media:
    return Media(DerivedFiles("https://example.org/", Problems(site.root)), Templates())


def _profile(site, profile_id: str, lang: str):
    profile = next(p for p in site.profiles if p.id == profile_id)
    return render_profile_page(profile, site, _media(site), Templates(), lang)


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_an_english_profile_page_lives_under_en_and_speaks_english(project):
    site = _site(project)
    page = _profile(site, "an", "en")
    assert page.src_uri == "en/ho-so/an.md"
    html = str(page.html)
    assert "Exemplary individual" in html and "Year of birth" in html and "Awards" in html
    assert "Senior Officer " + ESCAPED in html and HOSTILE not in html  # the English position, as text
    assert "Mr An digitised the records of the Office. &lt;b&gt;R&amp;D&lt;/b&gt;" in html
    # The name is never translated (and read as Vietnamese); the honorific is the English one.
    assert '<h1><span class="vd-profile__honorific">Mr</span> <span lang="vi">Nguyễn Văn An</span></h1>' in html
    # What is not translated is not shown: the quote, highlights and story stay on the Vietnamese page...
    assert "Làm việc tận tâm" not in html and "Số hóa hồ sơ" not in html
    # ...which the page links, itself Vietnamese.
    assert '<a href="../../../ho-so/an/" hreflang="vi">Read the full profile in Vietnamese</a>' in html
    assert page.meta["description"].startswith("Senior Officer")


def test_vietnamese_text_on_an_english_page_is_marked_and_links_stay_english(project):
    site = _site(project)
    html = str(_profile(site, "binh", "en").html)
    # No English position: the Vietnamese one, marked for screen readers and search.
    assert '<dt>Position</dt> <dd><span lang="vi">Chuyên viên</span></dd>' in html
    assert 'Ms</span> <span lang="vi">Trần Thị Bình</span>' in html
    unit = site.profiles[0].unit
    assert unit.en is not None and unit.en.name in html  # the registry's English name of the unit
    # Every page it links is in the English edition (en/ho-so/binh/ -> en/don-vi/...), but the Vietnamese page.
    pages = [h for h in hrefs(html.replace('href="../../../ho-so/binh/" hreflang="vi"', "")) if h.endswith("/")]
    assert pages == ["../../don-vi/van-phong/", "../../phong-trao/cai-cach-hanh-chinh/"]


def test_the_vietnamese_page_is_as_it_was(project):
    site = _site(project)
    html = str(_profile(site, "an", "vi").html)
    assert "Làm việc tận tâm" in html and "Senior Officer" not in html and 'lang="' not in html
    assert "Cá nhân điển hình tiên tiến" in html and "Ông</span> Nguyễn Văn An" in html


def test_english_listings_mirror_the_vietnamese_ones(project):
    site = _site(project)
    media, templates = _media(site), Templates()
    vietnamese = {p.src_uri: p for p in render_listings(site, media, templates)}
    english = {p.src_uri: p for p in render_listings(site, media, templates, "en")}
    assert set(english) == {f"en/{src}" for src in vietnamese}
    everyone = str(english["en/dien-hinh/index.md"].html)
    assert english["en/dien-hinh/index.md"].meta["title"] == "Exemplars"
    assert '<p class="vd-count">2 profiles</p>' in everyone
    assert english["en/dien-hinh/ca-nhan/index.md"].meta["title"] == "Exemplary individuals"
    # Cards link the English profile pages, and the tabs the English listings.
    assert {"../ho-so/an/", "../ho-so/binh/", "ca-nhan/", "tap-the/"} <= set(hrefs(everyone))
    units = str(english["en/don-vi/index.md"].html)
    assert "Divisions of the Board" in units


def test_home_fragments_follow_the_page_they_are_placed_in(project):
    site = _site(project)
    media = _media(site)
    fragments = render_fragments(site, media, dt.datetime(2025, 6, 1, tzinfo=dt.UTC), Templates())
    english, vietnamese = fragments["stats"]("en/"), fragments["stats"]("")
    assert "individuals" in english and 'href="dien-hinh/ca-nhan/"' in english
    assert "cá nhân" in vietnamese and 'href="dien-hinh/ca-nhan/"' in vietnamese
    featured = fragments["featured"]("en/")
    assert 'href="ho-so/an/"' in featured and "Individual" in featured


def test_the_home_banner_is_the_campaigns_english_on_the_english_home(project):
    site = _site(project)
    fragments = render_fragments(site, _media(site), dt.datetime(2025, 6, 1, tzinfo=dt.UTC), Templates())
    conf = site.conference.data
    vietnamese = fragments["campaign"]("")
    assert f"<h1>{conf.campaign}</h1>" in vietnamese and 'lang="' not in vietnamese
    project.write("data/conference.yml", project.root.joinpath("data/conference.yml").read_text()
                  + '\nen:\n  campaign: "Honouring <Exemplars>"\n')
    site = project.load()
    fragments = render_fragments(site, _media(site), dt.datetime(2025, 6, 1, tzinfo=dt.UTC), Templates())
    english = fragments["campaign"]("en/")
    assert "<h1>Honouring &lt;Exemplars&gt;</h1>" in english
    # The organiser from the registry's English name of that unit; a tagline without English stays Vietnamese.
    if conf.tagline:
        assert f'<p class="vd-hero__tagline"><span lang="vi">{conf.tagline}</span></p>' in english
