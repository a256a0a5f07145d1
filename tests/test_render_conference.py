"""The conference's fragments and contexts, without a build: what a visitor sees of hostile text, links and times.

Each test loads a conference file of its own (no registries, no profiles but those it makes) and renders one
fragment, in milliseconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import zoneinfo
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.load_conference import load_conference, resolve_speakers
from generator.model import Registries, Registry, Site
from generator.problems import Problems
from generator.render_conference import (
    LABELS,
    Countdown,
    SessionContext,
    SpeakerContext,
    When,
    conference_fragment,
    render_banner,
    render_countdown_page,
    render_embed,
    render_program_page,
)
from generator.templates import Templates
from tests.helpers import REPO

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
BEFORE = dt.datetime(2025, 6, 1, tzinfo=HANOI)
TEMPLATES = Templates()
EVIL = "Hội <b>nghị</b> & \"x\" 'y' </p><script>alert(1)</script>"
"""Text an editor may write in any field: it must show as written, never as markup."""
SHOWN = "Hội &lt;b&gt;nghị&lt;/b&gt; &amp; &#34;x&#34; &#39;y&#39; &lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
"""`EVIL` as the page's source holds it."""

HEAD = f"""\
campaign: Tôn vinh
organiser: {json.dumps(EVIL, ensure_ascii=False)}
title: {json.dumps(EVIL, ensure_ascii=False)}
start: "2025-06-19 08:00"
end: "2025-06-19 11:30"
delegates: {json.dumps(EVIL, ensure_ascii=False)}
recap: {json.dumps(EVIL, ensure_ascii=False)}
banner: true
venue:
  name: {json.dumps(EVIL, ensure_ascii=False)}
  address: Hòa Lạc
  map_url: "https://osm.org/?q=a&b=1"
"""
PROGRAM = f"""\
program:
  - start: "08:00"
    end: "08:30"
    kind: opening
    title: {json.dumps(EVIL, ensure_ascii=False)}
    notes: {json.dumps(EVIL, ensure_ascii=False)}
    speakers:
      - name: {json.dumps(EVIL, ensure_ascii=False)}
        role: {json.dumps(EVIL, ensure_ascii=False)}
      - name: Lãnh đạo Ban
"""


def site_of(tmp_path: Path, text: str = HEAD + PROGRAM) -> Site:
    """A site holding only the conference `text` (the speakers matched to no profile)."""
    path = tmp_path / "conference.yml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(tmp_path)
    conference = load_conference(path, problems)
    assert conference is not None and not problems.errors, problems.report()
    resolve_speakers(conference, {}, {}, problems)
    registries = Registries(Registry("đơn vị"), Registry("phong trào thi đua"), Registry("danh hiệu"))
    return Site(tmp_path, registries, conference, [], [], problems)


def with_map_url(site: Site, url: str) -> Site:
    """`site` with a directions link the model would have refused (as if it came some other way)."""
    conf = site.conference.data
    assert conf.venue is not None
    data = conf.model_copy(update={"venue": conf.venue.model_copy(update={"map_url": url})})
    return dataclasses.replace(site, conference=dataclasses.replace(site.conference, data=data))


class Links(HTMLParser):
    """Every link target and every element's attributes of a page, as a browser reads them."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.attributes: list[dict[str, str | None]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes.append(dict(attrs))
        self.hrefs += [value or "" for name, value in attrs if name in ("href", "src")]


def labels_of(html: str) -> list[dict]:
    """The words each countdown or program root of `html` gives the script."""
    return [json.loads(a["data-vd-labels"] or "") for a in Links(html).attributes if "data-vd-labels" in a]


# --- the conference page ----------------------------------------------------------------------------------

def test_the_conference_page_shows_every_editor_text_as_text(tmp_path):
    html = render_countdown_page(site_of(tmp_path), BEFORE, TEMPLATES).html
    assert "<script>alert" not in html and "<b>nghị" not in html
    assert f"<h1>{SHOWN}</h1>" in html
    assert f'<p class="vd-countdown__where">{SHOWN}, Hòa Lạc. <a href="https://osm.org/?q=a&amp;b=1" rel="noopener">' \
           "Chỉ đường</a></p>" in html
    assert f'<div class="vd-countdown__after" data-vd-after hidden>\n<p class="vd-countdown__recap">{SHOWN}</p>' in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:x", "data:text/html,x",
                                 "vbscript:x", "//evil.example/x", "/relative"])
def test_a_directions_link_that_is_not_a_web_address_is_never_a_link(tmp_path, url):
    html = render_countdown_page(with_map_url(site_of(tmp_path), url), BEFORE, TEMPLATES).html
    assert "Chỉ đường" not in html and "evil" not in html and "javascript" not in html.lower()
    assert all(not href.lower().lstrip().startswith(("javascript", "data", "vbscript")) for href in Links(html).hrefs)


def test_the_conference_pages_links_are_relative_to_it(tmp_path):
    hrefs = Links(render_countdown_page(site_of(tmp_path), BEFORE, TEMPLATES).html).hrefs
    assert hrefs == ["https://osm.org/?q=a&b=1", "chuong-trinh/", "../dien-hinh/", "ky-yeu.pdf", "hoi-nghi.ics",
                     "chuong-trinh.ics", "chuong-trinh.json", "trinh-chieu/", "trinh-chieu.zip", "nhung.html"]


@pytest.mark.parametrize("now, state, due, after_hidden", [
    (BEFORE, "before", True, True),
    (dt.datetime(2025, 6, 19, 7, 0, tzinfo=HANOI), "today", True, True),
    (dt.datetime(2025, 6, 19, 9, 0, tzinfo=HANOI), "live", True, True),
    (dt.datetime(2025, 6, 19, 12, 0, tzinfo=HANOI), "past", False, False),
])
def test_each_state_is_written_before_the_script_runs(tmp_path, now, state, due, after_hidden):
    html = render_countdown_page(site_of(tmp_path), now, TEMPLATES).html
    assert f'class="vd-countdown vd-countdown--{state}"' in html
    assert f'data-vd-state aria-live="polite">{LABELS["states"][state]}</p>' in html
    assert ('class="vd-timer vd-timer--due"' in html) is due
    assert ("data-vd-after hidden>" in html) is after_hidden


def test_a_conference_running_without_an_end_keeps_no_room_for_a_timer(tmp_path):
    site = site_of(tmp_path, HEAD.replace('end: "2025-06-19 11:30"\n', ""))
    countdown = Countdown.of(site.conference, dt.datetime(2025, 6, 19, 9, 0, tzinfo=HANOI))
    assert countdown.state == "live" and not countdown.due and countdown.clock.end is None
    html = render_countdown_page(site, dt.datetime(2025, 6, 19, 9, 0, tzinfo=HANOI), TEMPLATES).html
    assert "data-end" not in html and "; giờ kết thúc sẽ thông báo sau</p>" in html


# --- the countdown's words, written once ------------------------------------------------------------------

def test_every_root_the_script_reads_carries_its_words(tmp_path):
    site = site_of(tmp_path)
    banner = render_banner(site, BEFORE, TEMPLATES)
    assert banner is not None
    pages = [render_countdown_page(site, BEFORE, TEMPLATES).html, render_program_page(site, TEMPLATES).html,
             conference_fragment(site, BEFORE, "", TEMPLATES), banner("ho-so/an/"),
             render_embed(site, BEFORE, TEMPLATES).content.decode()]
    for html in pages:
        assert labels_of(html) == [LABELS]
        # Single quotes around JSON that keeps its double quotes, and the letters as they are.
        assert "data-vd-labels='{\"states\": {\"before\": \"Sắp diễn ra\"" in html


def test_the_script_has_no_words_of_its_own():
    script = (REPO / "theme/assets/javascripts/vinhdanh.js").read_text(encoding="utf-8")
    countdown = script[:script.index("function init()")]
    for words in LABELS.values():
        for text in words.values():
            assert text not in countdown


# --- the program ------------------------------------------------------------------------------------------

def test_the_program_shows_every_editor_text_as_text(tmp_path):
    html = render_program_page(site_of(tmp_path), TEMPLATES).html
    assert "<script>alert" not in html and "<b>nghị" not in html
    assert f'<p class="vd-program__kicker">{SHOWN}</p>' in html
    assert f'<p class="vd-program__title">{SHOWN}</p>' in html
    assert f'<h2 class="vd-session__title">{SHOWN}</h2>' in html
    assert f'<p class="vd-session__speakers">{SHOWN} <span class="vd-session__role">{SHOWN}</span>; Lãnh đạo Ban</p>' in html
    assert f'<p class="vd-session__notes">{SHOWN}</p>' in html
    assert ('<p class="vd-session__time"><time datetime="2025-06-19T08:00:00+07:00">08:00</time><span aria-hidden="true">'
            ' – </span><span class="vd-visually-hidden"> đến </span><time datetime="2025-06-19T08:30:00+07:00">08:30</time>'
            "</p>") in html


def test_the_program_links_speakers_and_files_relative_to_itself(tmp_path):
    site = site_of(tmp_path)
    html = TEMPLATES.render("program.html", here="hoi-nghi/chuong-trinh/", organiser="Ban", title="Hội nghị",
                            time=When.of(site.conference), where="Hòa Lạc", clock=Countdown.of(site.conference, BEFORE).clock,
                            online=None, sessions=[dataclasses.replace(
                                SessionContext.of(site.conference.sessions[0], HANOI),
                                speakers=[SpeakerContext("Nguyễn Văn An", "ho-so/an/", None)])])
    assert '<p class="vd-session__speakers"><a href="../../ho-so/an/">Nguyễn Văn An</a></p>' in html
    assert Links(html).hrefs == ["../../ho-so/an/", "../ky-yeu.pdf", "../hoi-nghi.ics", "../chuong-trinh.ics",
                                 "../chuong-trinh.json"]


def test_a_program_with_an_address_leads_back_online_from_paper(tmp_path):
    html = render_program_page(site_of(tmp_path), TEMPLATES, "https://example.github.io/vinhdanh/").html
    assert ('<img src="../../assets/qr/chuong-trinh.png" alt="Mã QR dẫn tới chương trình trực tuyến" width="116" '
            'height="116"><figcaption>Chương trình trực tuyến: https://example.github.io/vinhdanh/hoi-nghi/chuong-trinh/'
            "</figcaption>") in html
    assert 'href="../../assets/qr/chuong-trinh.png" download data-vd-link="program-qr"' in html
    assert "chuong-trinh.png" not in render_program_page(site_of(tmp_path), TEMPLATES).html


def test_a_program_not_decided_yet_is_to_be_announced(tmp_path):
    html = render_program_page(site_of(tmp_path, HEAD), TEMPLATES).html
    assert '<p class="vd-program__pending">Chương trình chi tiết sẽ thông báo sau.</p>' in html
    assert "vd-timeline" not in html


# --- the time in words ------------------------------------------------------------------------------------

@pytest.mark.parametrize("end, said", [
    ('end: "2025-06-19 11:30"', 'Từ <time datetime="2025-06-19T08:00:00+07:00">08:00</time> đến '
                                '<time datetime="2025-06-19T11:30:00+07:00">11:30</time>, thứ Năm, 19/6/2025, giờ Hà Nội (UTC+7)'),
    ('end: "2025-06-20 11:30"', 'Từ <time datetime="2025-06-19T08:00:00+07:00">08:00, thứ Năm, 19/6/2025</time> đến '
                                '<time datetime="2025-06-20T11:30:00+07:00">11:30, thứ Sáu, 20/6/2025</time>, giờ Hà Nội (UTC+7)'),
    ("", 'Từ <time datetime="2025-06-19T08:00:00+07:00">08:00</time>, thứ Năm, 19/6/2025, giờ Hà Nội (UTC+7); '
         "giờ kết thúc sẽ thông báo sau"),
])
def test_the_time_is_said_in_one_line_whatever_is_decided(tmp_path, end, said):
    site = site_of(tmp_path, HEAD.replace('end: "2025-06-19 11:30"', end))
    assert f'<p class="vd-event__when">{said}</p>' in conference_fragment(site, BEFORE, "", TEMPLATES)


# --- the home page's teaser -------------------------------------------------------------------------------

def test_the_home_teaser_is_one_html_block_markdown_leaves_alone(tmp_path):
    html = conference_fragment(site_of(tmp_path), BEFORE, "", TEMPLATES)
    assert html.startswith("<section ") and html.endswith("</section>")
    assert "\n\n" not in html and not re.search(r"^ {4}", html, re.MULTILINE)
    assert f'<p class="vd-event__delegates">Khoảng {SHOWN} đại biểu</p>' in html and "<script>alert" not in html
    assert Links(html).hrefs == ["hoi-nghi/", "hoi-nghi/chuong-trinh/"]


# --- the banner -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("here, href", [("", "hoi-nghi/"), ("dien-hinh/", "../hoi-nghi/"),
                                        ("ho-so/nguyen-van-an/", "../../hoi-nghi/"),
                                        ("dien-hinh/ca-nhan/trang-2/", "../../../hoi-nghi/"), ("hoi-nghi/", "./")])
def test_the_banners_link_is_relative_to_the_page_it_is_placed_in(tmp_path, here, href):
    banner = render_banner(site_of(tmp_path), BEFORE, TEMPLATES)
    assert banner is not None
    assert Links(banner(here)).hrefs == [href]


def test_the_banner_of_a_page_served_at_any_address_links_from_the_sites_path(tmp_path):
    banner = render_banner(site_of(tmp_path), BEFORE, TEMPLATES)
    assert banner is not None
    assert Links(banner("", root="/vinhdanh/")).hrefs == ["/vinhdanh/hoi-nghi/"]


def test_the_banner_shows_the_title_as_text(tmp_path):
    banner = render_banner(site_of(tmp_path), BEFORE, TEMPLATES)
    assert banner is not None
    html = banner("ho-so/an/")
    assert f'<span class="vd-banner__title">{SHOWN}</span>' in html and "<script>alert" not in html
    assert '<div class="vd-banner vd-banner--before" data-vd-countdown data-start="2025-06-19T08:00:00+07:00" ' \
           'data-end="2025-06-19T11:30:00+07:00" data-timezone="Asia/Ho_Chi_Minh"' in html


def test_the_banner_shows_only_when_asked_and_until_the_end(tmp_path):
    site = site_of(tmp_path)
    assert render_banner(site, dt.datetime(2025, 6, 19, 11, 29, tzinfo=HANOI), TEMPLATES) is not None
    assert render_banner(site, dt.datetime(2025, 6, 19, 11, 30, tzinfo=HANOI), TEMPLATES) is None
    assert render_banner(site_of(tmp_path, HEAD.replace("banner: true", "banner: false")), BEFORE, TEMPLATES) is None


# --- the embed --------------------------------------------------------------------------------------------

def test_the_embed_is_a_whole_document_with_its_title_as_text(tmp_path):
    html = render_embed(site_of(tmp_path), BEFORE, TEMPLATES).content.decode()
    assert html.startswith("<!doctype html>\n<html lang=\"vi\">") and html.endswith("</html>\n")
    assert f"<title>Đếm ngược: {SHOWN}</title>" in html and f"<h1>{SHOWN}</h1>" in html
    assert f'<meta name="description" content="Đếm ngược đến {SHOWN}, 19/6/2025, {SHOWN}, Hòa Lạc.">' in html
    assert "<script>alert" not in html and html.count("<script") == 2  # the class switch and the site's script
    assert Links(html).hrefs == ["../assets/images/favicon.svg", "../assets/stylesheets/fonts.css", "./",
                                 "../assets/javascripts/vinhdanh.js"]
