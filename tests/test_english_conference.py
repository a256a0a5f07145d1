"""The conference and the explorer in English (issue 16, docs/design/english.md): the `en` blocks of
`data/conference.yml` checked, the English countdown, program, banner and explorer rendered from the same
functions as the Vietnamese ones, and, in real headless Chromium, the English countdown ticking and the
English explorer filtering with English words and links to English profile pages.

The Vietnamese pages are not tested here: the golden snapshot holds them byte for byte.
"""

from __future__ import annotations

import datetime as dt
import html as html_module
import json
import re
import zoneinfo
from pathlib import Path

import pytest
from jinja2 import nodes

from generator.load import Paths, load_site
from generator.load_conference import UNNAMED_SPEAKER, load_conference, resolve_speakers
from generator.messages import catalogue
from generator.model import ITEM_KINDS, KIND_LABELS, LEVEL_LABELS, UNIT_GROUP_LABELS, Registries, Registry, Site
from generator.problems import Problems
from generator.render_conference import (
    LABELS,
    TBA,
    conference_fragment,
    labels,
    render_banner,
    render_countdown_page,
    render_program_page,
)
from generator.render_explorer import EXPLORER_INTRO, EXPLORER_TITLE, SORTS, english_data, explorer_data
from generator.routes import EXPLORER_ENGLISH_URI
from generator.templates import Templates, environment, theme_folders
from tests.helpers import DESKTOP, REPO, TODAY, browser_test, serve

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


def labels_of(html: str) -> list[dict]:
    """The words each countdown or program root of `html` gives the script (`data-vd-labels`)."""
    return [json.loads(html_module.unescape(found)) for found in re.findall(r"data-vd-labels='([^']*)'", html)]

ENGLISH_HEAD = HEAD.replace("banner: true\n", f"""banner: true
en:
  title: {json.dumps(EVIL + " (en)", ensure_ascii=False)}
  organiser: Hanoi Board
""").replace("  address: Hòa Lạc\n", "  address: Hòa Lạc\n  en: {address: Hoa Lac}\n")
ENGLISH_PROGRAM = PROGRAM.replace("    notes:", "    en: {title: Opening of the conference}\n    notes:", 1)


@pytest.fixture(scope="module")
def sample() -> object:
    """The repository's sample site, loaded (no build): its conference file has English, its profiles some."""
    return load_site(Paths.at(REPO), today=TODAY)


def text_of(html: str) -> str:
    """The visible text of `html`, its tags dropped and white space folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html)).strip()


# --- the conference file's en blocks ---------------------------------------------------------------------

def problems_of(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "conference.yml"
    path.write_text(text, encoding="utf-8")
    problems = Problems(tmp_path)
    load_conference(path, problems)
    return [str(p) for p in problems.sorted()]


def test_the_sample_conference_has_english_for_the_conference_and_every_titled_item(sample):
    conf = sample.conference.data
    assert conf.en is not None and conf.en.title and conf.en.campaign and conf.en.tagline and conf.en.organiser
    assert conf.venue is not None and conf.venue.en is not None and conf.venue.en.address
    assert "Hoa Lac" in conf.venue.en.name and "Hòa" not in conf.venue.en.name  # place names without marks
    assert all(item.en is not None and item.en.title for item in conf.program if item.title)


def test_english_blocks_are_checked_with_their_line_and_field(tmp_path):
    text = HEAD.replace("banner: true\n", f"""banner: true
en:
  titel: Conference
  tagline: [1, 2]
  campaign: {"x" * 201}
""").replace("  address: Hòa Lạc\n", "  address: Hòa Lạc\n  en: {name: '', adress: Hoa Lac}\n") + """\
program:
  - start: "08:00"
    end: "08:30"
    kind: opening
    title: Khai mạc
    en: {title: Opening, note: x}
    speakers:
      - name: Lãnh đạo Ban
        en: Board Leadership
"""
    lines = {line.strip(): n for n, line in enumerate(text.splitlines(), 1)}
    assert problems_of(tmp_path, text) == [
        f"conference.yml:{lines['titel: Conference']}: en.titel: cảnh báo: trường không được hỗ trợ, giá trị bị bỏ "
        "qua; có phải ý bạn là 'title'?",
        f"conference.yml:{lines['tagline: [1, 2]']}: en.tagline: phải là văn bản",
        f"conference.yml:{lines['campaign: ' + 'x' * 201]}: en.campaign: quá dài (tối đa 200 ký tự)",
        f"conference.yml:{lines['en: {name: ' + repr('') + ', adress: Hoa Lac}']}: venue.en.adress: cảnh báo: trường "
        "không được hỗ trợ, giá trị bị bỏ qua; có phải ý bạn là 'address'?",
        f"conference.yml:{lines['en: {name: ' + repr('') + ', adress: Hoa Lac}']}: venue.en.name: không được để trống",
        f"conference.yml:{lines['en: {title: Opening, note: x}']}: program[0].en.note: cảnh báo: mục 'Khai mạc': "
        "trường không được hỗ trợ, giá trị bị bỏ qua; có phải ý bạn là 'notes'?",
        f"conference.yml:{lines['en: Board Leadership']}: program[0].speakers[0].en: mục 'Khai mạc': phải là một "
        "nhóm trường (dạng 'khóa: giá trị')",
    ]


def test_an_english_title_is_too_long_past_300_characters(tmp_path):
    text = HEAD.replace("banner: true\n", f"banner: true\nen:\n  title: {'y' * 301}\n")
    line = text.splitlines().index(f"  title: {'y' * 301}") + 1
    assert problems_of(tmp_path, text) == [f"conference.yml:{line}: en.title: quá dài (tối đa 300 ký tự)"]


# --- the English countdown, program and banner ------------------------------------------------------------

def test_the_english_countdown_speaks_english_with_the_day_and_zone(tmp_path):
    page = render_countdown_page(site_of(tmp_path, ENGLISH_HEAD + ENGLISH_PROGRAM), BEFORE, TEMPLATES, "en")
    assert page.src_uri == "en/hoi-nghi/index.md" and page.meta["vd_lang"] == "en"
    assert page.meta["title"] == "Exemplars Conference"
    assert page.meta["description"].startswith("Thursday 19 June 2025, 08:00, ")
    text = text_of(page.html)
    assert "From 08:00 to 11:30, Thursday 19 June 2025, Hanoi time (UTC+7)" in text
    assert "Coming up" in text and "Time left until the opening" in text and "See the programme" in text
    assert [labels_of(page.html)[0]] == [labels(TEMPLATES, "en")]
    assert labels(TEMPLATES, "en")["states"] == {"before": "Coming up", "today": "Today", "live": "Happening now",
                                                 "past": "Held"}
    # The English title is used, escaped; the hall without English is Vietnamese, said to be.
    assert f"<h1>{SHOWN} (en)</h1>" in page.html
    assert f'<p class="vd-countdown__where"><span lang="vi">{SHOWN}</span>, Hoa Lac.' in page.html
    assert 'href="chuong-trinh/"' in page.html  # the English program, from en/hoi-nghi/


def test_the_vietnamese_words_of_the_script_stay_the_source():
    assert labels() == LABELS and labels(TEMPLATES, "vi") == LABELS


def test_the_english_program_has_english_kinds_titles_and_vietnamese_fallbacks(tmp_path):
    page = render_program_page(site_of(tmp_path, ENGLISH_HEAD + ENGLISH_PROGRAM), TEMPLATES, lang="en")
    assert page.src_uri == "en/hoi-nghi/chuong-trinh.md" and page.meta["title"] == "Conference Programme"
    assert page.meta["description"] == "Conference Programme, 19 June 2025"
    html = page.html
    assert '<p class="vd-program__kicker">Hanoi Board</p>' in html
    assert '<p class="vd-session__kind">Opening<span' in html
    assert '<h2 class="vd-session__title">Opening of the conference</h2>' in html
    # No English notes, speaker or role: the Vietnamese, escaped, in lang="vi".
    assert f'<p class="vd-session__notes"><span lang="vi">{SHOWN}</span></p>' in html
    assert f'<span class="vd-session__role"><span lang="vi">{SHOWN}</span></span>' in html
    assert '<span lang="vi">Lãnh đạo Ban</span>' in html
    assert '<span class="vd-visually-hidden"> to </span>' in html


def test_the_english_program_links_the_speakers_english_profile_pages(sample):
    html = render_program_page(sample, TEMPLATES, lang="en").html
    # From en/hoi-nghi/chuong-trinh/, ../../ho-so/ is en/ho-so/.
    assert '<a href="../../ho-so/dang-thi-thu-huong/"><span lang="vi">ThS. Đặng Thị Thu Hường</span></a>' in html
    assert "Deputy Head of the Investment Management Division" in html  # her en.position
    assert "Leadership of the Management Board" in html and "Hanoi time (UTC+7)" in html
    assert "Lãnh đạo Ban Quản lý" not in html  # every titled item and named speaker has English
    for kind in ("Paper", "Break", "Awards", "Closing"):
        assert f'<p class="vd-session__kind">{kind}<span' in html
    # The files to download are the Vietnamese ones, and say so.
    assert 'href="../../../hoi-nghi/chuong-trinh.ics"' in html and "(.ics, in Vietnamese)" in html


def test_an_item_without_a_title_or_english_shows_its_kind_in_english(tmp_path):
    text = HEAD + PROGRAM.replace(f"    title: {json.dumps(EVIL, ensure_ascii=False)}\n", "", 1)
    html = render_program_page(site_of(tmp_path, text), TEMPLATES, lang="en").html
    assert '<h2 class="vd-session__title">Opening</h2>' in html


def test_a_speaker_without_a_name_or_published_profile_is_said_in_english(tmp_path):
    text = HEAD + """\
program:
  - start: "08:00"
    end: "08:30"
    kind: paper
    title: Tham luận
    speakers:
      - profile: chua-co
"""
    (tmp_path / "own").mkdir()
    path = tmp_path / "own" / "conference.yml"
    path.write_text(text, encoding="utf-8")
    site = site_of(tmp_path, HEAD)
    problems = Problems(tmp_path)
    conference = load_conference(path, problems)
    assert conference is not None
    # A profile with errors of its own: the program shows neither its name nor a link.
    resolve_speakers(conference, {}, {}, problems, failed={"chua-co": "profiles/chua-co.md"})
    site.conference.sessions[:] = conference.sessions
    html = render_program_page(site, TEMPLATES, lang="en").html
    assert '<p class="vd-session__speakers">A representative of the exemplars</p>' in html


def test_the_banner_and_the_home_teaser_speak_the_pages_language(tmp_path):
    site = site_of(tmp_path, ENGLISH_HEAD + ENGLISH_PROGRAM)
    banner = render_banner(site, BEFORE, TEMPLATES)
    assert banner is not None
    english, vietnamese = banner("en/ho-so/an/"), banner("ho-so/an/")
    assert "Coming up" in english and "Hanoi time (UTC+7)" in english and 'href="../../hoi-nghi/"' in english
    assert "Sắp diễn ra" in vietnamese and "giờ Hà Nội (UTC+7)" in vietnamese and "Coming up" not in vietnamese
    teaser = conference_fragment(site, BEFORE, "en/", TEMPLATES)
    assert "About the conference" in teaser and f"About {SHOWN} delegates" in teaser
    assert 'href="hoi-nghi/chuong-trinh/"' in teaser  # from en/, the English program


def test_an_end_not_decided_is_to_be_announced_in_english(tmp_path):
    text = HEAD.replace('end: "2025-06-19 11:30"\n', "")
    html = render_countdown_page(site_of(tmp_path, text), BEFORE, TEMPLATES, "en").html
    assert "; end time to be announced" in text_of(html)


# --- the English explorer -------------------------------------------------------------------------------

def test_the_english_data_file_matches_the_vietnamese_entry_for_entry(sample):
    data = explorer_data(sample, _NoPhotos())
    english = english_data(sample, data, lambda key: TEMPLATES.t(key, "en"))
    assert [len(english[k]) for k in ("units", "movements", "awards", "profiles")] == \
        [len(data[k]) for k in ("units", "movements", "awards", "profiles")]
    assert english["kinds"] == {"ca-nhan": "Individual", "tap-the": "Collective"}
    rows = {data["profiles"][i][0]: dict(zip(english["fields"], row, strict=True))
            for i, row in enumerate(english["profiles"])}
    huong = rows["ho-so/dang-thi-thu-huong/"]
    assert huong["name"] is None  # a Vietnamese name is never translated: the script shows it as lang="vi"
    assert huong["position"] == "Deputy Head of the Investment Management Division"
    assert huong["top_award"] and not re.search("[ăâđêôơư]", huong["top_award"])


class _NoPhotos:
    """`Media` for the explorer's data without photos."""

    def url(self, profile, role):  # noqa: D102
        return None


def test_the_english_explorer_page_has_english_labels_and_names_both_data_files(sample_site):
    site, _ = sample_site
    html = (site / "en/kham-pha/index.html").read_text(encoding="utf-8")
    assert f'data-src="../../kham-pha/ho-so.json" data-src-en="../../{EXPLORER_ENGLISH_URI}"' in html
    for label in ("Name, unit, position", "Filter and sort", "Individual or collective", "Clear filters",
                  "Name (Vietnamese alphabetical order)", '<optgroup label="Divisions of the Board">',
                  "Office of the Board"):
        assert label in html
    config = json.loads(re.search(r'id="vd-explorer-config">(.*?)</script>', html).group(1))
    assert config["linkPrefix"] == "en/" and config["labels"]["found"] == "{found} of {total} profiles match"
    assert (site / EXPLORER_ENGLISH_URI).stat().st_size < 200 * 14 + 4000  # small beside ho-so.json
    vietnamese = (site / "kham-pha/index.html").read_text(encoding="utf-8")
    assert "data-src-en" not in vietnamese and "linkPrefix" not in vietnamese


# --- in the browser ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def base_url(sample_site):
    with serve(sample_site[0]) as url:
        yield url


def open_at(chromium, url, when=None, viewport=None):
    """A page of a fresh context (Hanoi's zone, an English-speaking visitor) whose clock reads `when`."""
    context = chromium.new_context(timezone_id="Asia/Ho_Chi_Minh", locale="en-GB", viewport=viewport or DESKTOP)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.errors = errors
    if when is not None:
        # Installed a day early, before the page has a timer, then jumped to `when`: the installed clock runs
        # in real time until paused, and a second early was overtaken on a loaded machine ("Cannot
        # fast-forward to the past").
        page.clock.install(time=when - dt.timedelta(days=1))
        page.clock.pause_at(when)
    page.goto(url, wait_until="networkidle")
    return page


@browser_test
def test_the_english_countdown_ticks_with_english_words(chromium, base_url):
    page = open_at(chromium, base_url + "en/hoi-nghi/", dt.datetime(2025, 6, 19, 7, 59, 50, tzinfo=HANOI))
    assert page.locator(".vd-countdown__state").inner_text().casefold() == "today"
    assert page.locator(".vd-countdown .vd-timer__caption").inner_text() == "Time left until the opening"
    assert page.locator(".vd-countdown .vd-timer__unit").all_text_contents() == ["days", "hours", "minutes", "seconds"]
    assert page.locator(".vd-countdown .vd-timer__value").all_inner_texts() == ["0", "00", "00", "10"]
    page.clock.run_for(11_000)
    page.wait_for_function("document.querySelector('.vd-countdown__state').textContent === 'Happening now'")
    assert page.locator(".vd-countdown .vd-timer__caption").inner_text() == "Time left until the close"
    assert page.errors == []
    page.context.close()


@browser_test
def test_the_english_program_marks_now_and_next_in_english(chromium, base_url):
    page = open_at(chromium, base_url + "en/hoi-nghi/chuong-trinh/", dt.datetime(2025, 6, 19, 9, 0, tzinfo=HANOI))
    page.wait_for_selector(".vd-session [data-vd-badge]:not(:empty)")
    badges = [b for b in page.locator(".vd-session__badge").all_text_contents() if b.strip()]
    assert badges == ["Happening now", "Next"]
    page.locator(".vd-session__speakers a").first.click()
    page.wait_for_url(re.compile(r"/en/ho-so/dang-thi-thu-huong/$"))
    page.context.close()


def names_shown(page) -> list[str]:
    return page.locator(".vd-grid .vd-card__name").all_inner_texts()


@browser_test
def test_the_english_explorer_filters_in_english_and_links_english_profiles(chromium, base_url):
    page = open_at(chromium, base_url + "en/kham-pha/")
    page.wait_for_selector("[data-vd-explorer][data-ready]")
    count = page.locator(".vd-listing .vd-count")
    assert count.inner_text() == "14 profiles"
    page.get_by_label("Individual or collective").select_option("tap-the")
    assert count.inner_text() == "4 of 14 profiles match"
    assert set(page.locator(".vd-grid .vd-card__kind").all_text_contents()) == {"Collective"}
    assert page.locator("#vd-filter-loai option[value='ca-nhan']").inner_text().startswith("Individual (")
    page.get_by_role("button", name="Clear filters").click()
    page.wait_for_function("!location.search")
    # English words find a profile by its English position; Vietnamese ones typed without marks by its name.
    page.get_by_label("Name, unit, position").fill("deputy head investment")
    page.wait_for_function("document.querySelector('.vd-listing .vd-count').textContent.startsWith('1 of')")
    card = page.locator(".vd-grid .vd-card").first
    assert card.locator(".vd-card__name").inner_text() == "ThS. Đặng Thị Thu Hường"
    assert card.locator(".vd-card__name").get_attribute("lang") == "vi"
    assert "Deputy Head of the Investment Management Division" in card.locator(".vd-card__meta").inner_text()
    assert card.locator("a").get_attribute("href").endswith("/en/ho-so/dang-thi-thu-huong/")
    everyone = "document.querySelector('.vd-listing .vd-count').textContent === '14 profiles'"
    page.get_by_label("Name, unit, position").fill("")
    page.wait_for_function(everyone)
    page.get_by_label("Name, unit, position").fill("dang thi thu")
    page.wait_for_function("document.querySelector('.vd-listing .vd-count').textContent.startsWith('1 of')")
    assert names_shown(page) == ["ThS. Đặng Thị Thu Hường"]
    page.get_by_label("Name, unit, position").fill("")
    page.wait_for_function(everyone)
    page.get_by_label("Sort by").select_option("ten")
    assert page.locator(".vd-grid .vd-card__name").first.inner_text() == "TS. Trần Thị Ngọc Ánh"  # Vietnamese order
    page.locator(".vd-grid .vd-card a").first.click()
    page.wait_for_url(re.compile(r"/en/ho-so/tran-thi-ngoc-anh/$"))
    assert page.errors == []
    page.context.close()



# --- the catalogue ----------------------------------------------------------------------------------------

OWN_FRAGMENTS = ("countdown.html", "program.html", "session.html", "event.html", "timer.html", "banner.html",
                 "when.html", "downloads.html", "explorer.html")


def _constant_keys(name: str) -> set[str]:
    """The constant strings of `t(...)` calls in the fragment `name`, from its Jinja AST."""
    env = environment()
    assert env.loader is not None
    tree = env.parse(env.loader.get_source(env, name)[0])
    return {call.args[0].value for call in tree.find_all(nodes.Call)
            if isinstance(call.node, nodes.Name) and call.node.name == "t" and call.args
            and isinstance(call.args[0], nodes.Const)}


def _python_keys(module: Path) -> set[str]:
    """The constant strings a render module translates: its `t("…", ...)` calls."""
    return set(re.findall(r"""(?<![A-Za-z0-9_])t\(\s*["']([^"']+)["']""", module.read_text(encoding="utf-8")))


def test_every_word_of_the_conference_and_explorer_has_its_english():
    keys = set().union(*(_constant_keys(name) for name in OWN_FRAGMENTS))
    keys |= _python_keys(REPO / "generator/render_conference.py") | _python_keys(REPO / "generator/render_explorer.py")
    keys |= {text for words in LABELS.values() for text in words.values()}
    keys |= set(ITEM_KINDS.values()) | set(KIND_LABELS.values()) | set(LEVEL_LABELS.values())
    keys |= set(UNIT_GROUP_LABELS.values()) | {label for _, label in SORTS} | {UNNAMED_SPEAKER, TBA, EXPLORER_TITLE, EXPLORER_INTRO}
    assert {"Cá nhân hay tập thể", "giờ Hà Nội", "Hội nghị điển hình tiên tiến", "Cấp {level}"} <= keys
    entries = catalogue(theme_folders(TEMPLATES.folders)).entries
    assert sorted(key for key in keys if key not in entries) == []


def test_english_fields_written_in_vietnamese_are_a_warning_and_kept(tmp_path):
    text = HEAD.replace("banner: true\n", "banner: true\nen:\n  title: Hội nghị điển hình tiên tiến của Ban\n") + """\
program:
  - start: "08:00"
    end: "08:30"
    kind: opening
    title: Khai mạc
    en: {title: "Opening by Mr Nguyễn Văn An", notes: "Tuyên bố lý do, giới thiệu đại biểu"}
"""
    lines = {line.strip(): n for n, line in enumerate(text.splitlines(), 1)}
    item = next(n for line, n in lines.items() if line.startswith("en: {title: \"Opening"))
    pasted = ("có vẻ viết bằng tiếng Việt; trường trong khối en là chữ của trang tiếng Anh, hãy ghi bằng tiếng "
              "Anh (bỏ trường này nếu chưa có bản tiếng Anh)")
    assert problems_of(tmp_path, text) == [
        f"conference.yml:{lines['title: Hội nghị điển hình tiên tiến của Ban']}: en.title: cảnh báo: {pasted}",
        f"conference.yml:{item}: program[0].en.notes: cảnh báo: {pasted}",
    ]
