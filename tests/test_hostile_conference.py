"""Hostile and unfinished conference files: each ends in Vietnamese messages naming file, line and field, or
in a clean publication; never a traceback, a hang, or a file written outside the site folder."""

import dataclasses
import datetime as dt
import json
import zoneinfo

import icalendar
import pytest

from generator.load import Paths
from generator.problems import InputError
from generator.publish import build_site
from generator.render_conference import (
    conference_state,
    render_banner,
    render_calendars,
    render_countdown_page,
    render_embed,
    render_program_json,
    render_program_page,
)
from generator.templates import Templates
from tests.helpers import INDIVIDUAL, snapshot

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
pytestmark = pytest.mark.timeout(120)

HEAD = """\
campaign: Tôn vinh điển hình tiên tiến
organiser: Ban Quản lý
title: Hội nghị điển hình tiên tiến
start: "2025-06-19 08:00"
end: "2025-06-19 11:30"
venue:
  name: Phòng họp tầng 2
  address: Km29 Đại lộ Thăng Long
"""
"""A complete conference without a program; tests replace or add top-level fields."""

PROGRAM = """\
program:
  - {start: "08:00", end: "08:30", kind: opening, title: Khai mạc}
"""


def conference(project, *fields: str, head: str = HEAD) -> str:
    """Write data/conference.yml: `head` with each top-level field of `fields` replacing its namesake."""
    names = {f.split(":", 1)[0] for f in fields}
    kept, skipping = [], False
    for line in head.splitlines(keepends=True):
        if not line.startswith(" "):
            skipping = line.split(":", 1)[0] in names
        if not skipping:
            kept.append(line)
    text = "".join(kept) + "".join(f if f.endswith("\n") else f + "\n" for f in fields)
    (project.root / "data/conference.yml").write_text(text, encoding="utf-8")
    return text


def problems_of(project) -> list[str]:
    with pytest.raises(InputError) as caught:
        project.load()
    return [str(p) for p in caught.value.problems.sorted()]


def warnings_of(site) -> list[str]:
    return [str(p) for p in site.problems.sorted() if p.path == "data/conference.yml"]


def build(project):
    return build_site(Paths.at(project.root), project.root / "mkdocs.yml", project.root / "site")


def inputs(project) -> dict[str, dict[str, str]]:
    return {name: snapshot(project.root / name) for name in ("data", "profiles", "content", "theme")}


def published_text(site) -> str:
    """Every text file a visitor can fetch, calendars included."""
    return "\n".join(p.read_text(errors="replace") for p in site.rglob("*")
                     if p.suffix in (".html", ".json", ".xml", ".txt", ".ics", ".js", ".csv"))


# --- every URL is checked --------------------------------------------------------------------------------

@pytest.mark.parametrize("url", [
    "javascript:alert(1)",
    " JaVa\tScRiPt:alert(document.cookie)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "https:evil.example",
    "//evil.example/x",
    "maps.google.com/?q=Hoa+Lac",
])
def test_a_directions_link_that_is_not_a_web_address_is_refused_naming_it(project, url):
    conference(project, f"venue:\n  name: Phòng họp\n  address: Hòa Lạc\n  map_url: {json.dumps(url)}\n")
    shown = url.strip().replace("\t", " ")
    shown = " ".join(shown.split())
    assert problems_of(project) == [
        f"data/conference.yml:9: venue.map_url: liên kết chỉ đường '{shown}' không dùng được: chỉ nhận địa chỉ web "
        "bắt đầu bằng https:// hoặc http://, ví dụ liên kết chia sẻ của trang bản đồ"]


def test_a_directions_link_is_checked_again_where_it_is_written(project):
    conference(project, 'venue:\n  name: Phòng họp\n  address: Hòa Lạc\n  map_url: "https://osm.org/?q=a&b=1"\n')
    site = project.load()
    page = render_countdown_page(site, dt.datetime(2025, 6, 1, tzinfo=HANOI), Templates()).html
    assert '<a href="https://osm.org/?q=a&amp;b=1" rel="noopener">Chỉ đường</a>' in page
    # A value that reached the model some other way (not validated) is still not written as a link.
    venue = site.conference.data.venue.model_copy(update={"map_url": "javascript:alert(1)"})
    hostile = dataclasses.replace(site.conference, data=site.conference.data.model_copy(update={"venue": venue}))
    page = render_countdown_page(dataclasses.replace(site, conference=hostile), dt.datetime(2025, 6, 1, tzinfo=HANOI),
                                 Templates()).html
    assert "javascript" not in page and "Chỉ đường" not in page


# --- unpublished means absent ----------------------------------------------------------------------------

SECRET = INDIVIDUAL.replace("Nguyễn Văn An", "Lê Thị Kín").replace("position: Chuyên viên", "position: Kế toán bí mật")


@pytest.fixture
def unpublished(project):
    project.write("profiles/le-thi-kin.md", SECRET.replace('consent:\n  date: "2025-05-20"\n', "paper:\n  title: Tham luận kín\n"))
    project.write("profiles/tran-nhap.md", SECRET.replace("Lê Thị Kín", "Trần Bản Nháp")
                  .replace("consent:", "draft: true\npaper:\n  title: Tham luận nháp\nconsent:"))
    project.write("profiles/hen-ngay.md", SECRET.replace("Lê Thị Kín", "Phạm Hẹn Ngày")
                  .replace("consent:", 'publish_on: "2025-06-10"\npaper:\n  title: Tham luận hẹn ngày\nconsent:'))
    conference(project, """\
program:
  - start: "08:00"
    end: "08:15"
    kind: paper
    speakers:
      - profile: le-thi-kin
  - start: "08:15"
    end: "08:30"
    kind: paper
    title: Chuyện tổ sản xuất
    speakers:
      - profile: tran-nhap
        name: Đại diện Tổ sản xuất số 1
        role: Tổ trưởng
  - start: "08:30"
    end: "08:45"
    kind: paper
    speakers:
      - profile: hen-ngay
      - profile: hen-ngay
""")
    return project


def test_a_speaker_whose_profile_is_unpublished_is_shown_by_name_only_with_a_warning(unpublished):
    site = unpublished.load()
    assert warnings_of(site) == [
        "data/conference.yml:14: program[0].speakers[0].profile: cảnh báo: mục thứ 1 (Tham luận): hồ sơ 'le-thi-kin' "
        "chưa có đồng ý công bố nên chương trình chỉ hiện 'Đại diện điển hình tiên tiến', không có liên kết; thêm "
        "'name' để hiện tên do Ban tổ chức ghi",
        "data/conference.yml:20: program[1].speakers[0].profile: cảnh báo: mục 'Chuyện tổ sản xuất': hồ sơ "
        "'tran-nhap' là bản nháp nên chương trình chỉ hiện 'Đại diện Tổ sản xuất số 1', không có liên kết",
        "data/conference.yml:27: program[2].speakers[0].profile: cảnh báo: mục thứ 3 (Tham luận): hồ sơ 'hen-ngay' "
        "hẹn xuất bản ngày 10/6/2025 nên chương trình chỉ hiện 'Đại diện điển hình tiên tiến', không có liên kết; "
        "thêm 'name' để hiện tên do Ban tổ chức ghi",
        "data/conference.yml:28: program[2].speakers[1].profile: cảnh báo: mục thứ 3 (Tham luận): hồ sơ 'hen-ngay' "
        "đã có trong mục này; chỉ hiện một lần",
    ]


def test_nothing_of_an_unpublished_speaker_reaches_any_page_calendar_or_data_file(unpublished):
    before = inputs(unpublished)
    build(unpublished)
    site = unpublished.root / "site"
    text = published_text(site)
    for secret in ("Lê Thị Kín", "Trần Bản Nháp", "Phạm Hẹn Ngày", "Kế toán bí mật", "Tham luận kín",
                   "Tham luận nháp", "Tham luận hẹn ngày", "le-thi-kin", "tran-nhap", "hen-ngay"):
        assert secret not in text, secret
    program = (site / "hoi-nghi/chuong-trinh/index.html").read_text()
    assert ('<p class="vd-session__speakers">Đại diện Tổ sản xuất số 1 <span class="vd-session__role">Tổ trưởng'
            "</span></p>") in program
    assert program.count("Đại diện điển hình tiên tiến</p>") == 2  # the scheduled speaker once, not twice
    data = json.loads((site / "hoi-nghi/chuong-trinh.json").read_text())
    assert [item["title"] for item in data["program"]] == ["Tham luận", "Chuyện tổ sản xuất", "Tham luận"]
    assert data["program"][1]["speakers"] == [{"name": "Đại diện Tổ sản xuất số 1", "role": "Tổ trưởng", "url": None}]
    calendar = icalendar.Calendar.from_ical((site / "hoi-nghi/chuong-trinh.ics").read_bytes())
    assert [str(e["description"]) for e in calendar.walk("VEVENT")] == [
        "Đại diện điển hình tiên tiến", "Đại diện Tổ sản xuất số 1 (Tổ trưởng)", "Đại diện điển hình tiên tiến"]
    assert inputs(unpublished) == before


def test_a_published_speaker_with_the_organisers_wording_is_linked_under_that_wording(project):
    project.write("profiles/nguyen-van-an.md", INDIVIDUAL.replace("consent:", "paper:\n  title: Một cửa số\nconsent:"))
    conference(project, PROGRAM + "  - start: \"08:30\"\n    end: \"08:45\"\n    kind: paper\n    speakers:\n"
                                  "      - {profile: nguyen-van-an, name: ThS. Nguyễn Văn An, role: Chuyên viên Văn phòng}\n")
    site = project.load()
    (_, paper) = site.conference.sessions
    assert paper.title == "Một cửa số"
    html = render_program_page(site, Templates()).html
    assert ('<a href="../../ho-so/nguyen-van-an/">ThS. Nguyễn Văn An</a> <span class="vd-session__role">'
            "Chuyên viên Văn phòng</span>") in html


# --- a program out of order, and late items ------------------------------------------------------------

def test_a_program_out_of_order_is_sorted_with_a_warning_naming_the_item(project):
    conference(project, """\
program:
  - {start: "09:00", end: "09:30", kind: report, title: Báo cáo}
  - {start: "08:00", end: "08:30", kind: opening, title: Khai mạc}
  - {start: "08:30", end: "09:00", kind: art}
""")
    site = project.load()
    assert [s.title for s in site.conference.sessions] == ["Khai mạc", "Văn nghệ", "Báo cáo"]
    assert warnings_of(site) == [
        "data/conference.yml:11: program[1].start: cảnh báo: mục 'Khai mạc' (08:00) được viết sau mục 'Báo cáo' "
        "(09:00) nhưng bắt đầu sớm hơn; trang hiện chương trình theo giờ, hãy chuyển mục này lên đúng chỗ",
        "data/conference.yml:12: program[2].start: cảnh báo: mục thứ 3 (Văn nghệ) (08:30) được viết sau mục "
        "'Báo cáo' (09:00) nhưng bắt đầu sớm hơn; trang hiện chương trình theo giờ, hãy chuyển mục này lên đúng chỗ",
    ]
    data = json.loads(render_program_json(site).content)
    assert [item["start"][11:16] for item in data["program"]] == ["08:00", "08:30", "09:00"]


def test_items_out_of_order_that_overlap_once_sorted_are_an_error(project):
    conference(project, """\
program:
  - {start: "09:00", end: "09:30", kind: report, title: Báo cáo}
  - {start: "08:00", end: "09:10", kind: opening, title: Khai mạc}
""")
    assert problems_of(project) == [
        "data/conference.yml:10: program[0].start: mục 'Báo cáo' (09:00 - 09:30) trùng giờ với mục 'Khai mạc' "
        "(08:00 - 09:10)",
        "data/conference.yml:11: program[1].start: cảnh báo: mục 'Khai mạc' (08:00) được viết sau mục 'Báo cáo' "
        "(09:00) nhưng bắt đầu sớm hơn; trang hiện chương trình theo giờ, hãy chuyển mục này lên đúng chỗ",
    ]


def test_an_item_that_ends_after_midnight_is_accepted_when_it_is_at_most_six_hours_long(project):
    conference(project, 'start: "2025-06-19 19:00"', 'end: "2025-06-20 01:00"', """\
program:
  - {start: "19:00", end: "22:30", kind: art, title: Đêm văn nghệ}
  - {start: "22:30", end: "00:30", kind: discussion, title: Giao lưu}
  - {start: "00:30", end: "01:00", kind: closing, title: Bế mạc}
""")
    sessions = project.load().conference.sessions
    assert [(s.start, s.end) for s in sessions][1:] == [
        (dt.datetime(2025, 6, 19, 22, 30, tzinfo=HANOI), dt.datetime(2025, 6, 20, 0, 30, tzinfo=HANOI)),
        (dt.datetime(2025, 6, 20, 0, 30, tzinfo=HANOI), dt.datetime(2025, 6, 20, 1, 0, tzinfo=HANOI)),
    ]


def test_an_end_before_the_start_that_would_make_a_long_night_is_a_slip(project):
    conference(project, 'end: "2025-06-20 02:00"', """\
program:
  - {start: "08:00", end: "10:00", kind: opening, title: Khai mạc}
  - {start: "19:00", end: "01:30", kind: art, title: Đêm văn nghệ}
""")
    assert problems_of(project) == [
        "data/conference.yml:11: program[1].end: mục 'Đêm văn nghệ': giờ kết thúc '01:30' phải sau giờ bắt đầu "
        "'19:00' (một mục qua nửa đêm dài tối đa 6 giờ)"]


# --- details to be announced -----------------------------------------------------------------------------

UNDECIDED = """\
campaign: Tôn vinh điển hình tiên tiến
organiser: Ban Quản lý
title: Hội nghị điển hình tiên tiến
start: "2025-06-19 08:00"
banner: true
recap: Hội nghị đã diễn ra.
"""


def test_a_conference_without_end_venue_or_program_builds_and_every_output_says_to_be_announced(project):
    (project.root / "data/conference.yml").write_text(UNDECIDED, encoding="utf-8")
    before = inputs(project)
    summary = build(project)
    assert summary.warnings == ""
    site = project.root / "site"
    when = ('Từ <time datetime="2025-06-19T08:00:00+07:00">08:00</time>, thứ Năm, 19/6/2025, giờ Hà Nội (UTC+7); '
            "giờ kết thúc sẽ thông báo sau")
    countdown = (site / "hoi-nghi/index.html").read_text()
    assert when in countdown and "Địa điểm sẽ thông báo sau." in countdown
    assert "data-end" not in countdown and "Chỉ đường" not in countdown
    program = (site / "hoi-nghi/chuong-trinh/index.html").read_text()
    assert '<p class="vd-program__pending">Chương trình chi tiết sẽ thông báo sau.</p>' in program
    assert when in program and "vd-timeline" not in program
    home = (site / "index.html").read_text()
    assert when in home and '<p class="vd-event__where">Địa điểm sẽ thông báo sau</p>' in home
    assert when in (site / "hoi-nghi/nhung.html").read_text()
    assert f'<span class="vd-banner__when">{when}</span>' in (site / "dien-hinh/index.html").read_text()
    note = "Giờ kết thúc, địa điểm và chương trình chi tiết sẽ thông báo sau."
    for name in ("hoi-nghi.ics", "chuong-trinh.ics"):
        (entry,) = icalendar.Calendar.from_ical((site / "hoi-nghi" / name).read_bytes()).walk("VEVENT")
        assert "DTEND" not in entry and "LOCATION" not in entry
        assert entry.decoded("dtstart") == dt.datetime(2025, 6, 19, 8, 0, tzinfo=HANOI)
        assert str(entry["description"]) == f"Ban Quản lý. {note}"
    data = json.loads((site / "hoi-nghi/chuong-trinh.json").read_text())
    assert data["end"] is None and data["venue"] == {"name": None, "address": None, "map_url": None}
    assert data["pending"] == ["end", "venue", "program"] and data["pending_note"] == note and data["program"] == []
    assert inputs(project) == before


def test_without_an_end_the_conference_runs_until_its_day_is_over(project):
    (project.root / "data/conference.yml").write_text(UNDECIDED, encoding="utf-8")
    site = project.load()
    at = lambda *args: dt.datetime(*args, tzinfo=HANOI)  # noqa: E731
    assert conference_state(site.conference, at(2025, 6, 19, 7, 0)) == "today"
    assert conference_state(site.conference, at(2025, 6, 19, 23, 59)) == "live"
    assert conference_state(site.conference, at(2025, 6, 20, 0, 0)) == "past"
    assert render_banner(site, at(2025, 6, 19, 23, 59), Templates()) is not None
    assert render_banner(site, at(2025, 6, 20, 0, 0), Templates()) is None


def test_a_venue_without_address_and_an_end_taken_from_the_program(project):
    text = UNDECIDED.replace("banner: true\n", "venue:\n  name: Phòng họp tầng 2\n") + PROGRAM
    (project.root / "data/conference.yml").write_text(text, encoding="utf-8")
    site = project.load()
    assert site.conference.end == dt.datetime(2025, 6, 19, 8, 30, tzinfo=HANOI)  # the end of the last item
    page = render_countdown_page(site, dt.datetime(2025, 6, 1, tzinfo=HANOI), Templates()).html
    assert "Phòng họp tầng 2 (địa chỉ sẽ thông báo sau)." in page
    assert ">08:30</time>, thứ Năm, 19/6/2025" in page
    data = json.loads(render_program_json(site).content)
    assert data["pending"] == ["venue.address"] and data["pending_note"] == "Địa chỉ sẽ thông báo sau."


# --- every problem, not the first -----------------------------------------------------------------------

def test_a_bad_start_hides_no_other_problem_of_the_file(project):
    (project.root / "data/conference.yml").write_text("""\
organiser: Ban Quản lý
title: Hội nghị
start: "2025-13-45 08:00"
end: ngày mai
timezone: Asia/Ha_Noi
venue:
  name: Hội trường
  map_url: "javascript:alert(document.cookie)"
program:
  - {start: "8:00", end: "08:30", kind: opening, title: Khai mạc}
  - {start: "08:30", end: "8 giờ 45", kind: report, title: Báo cáo}
  - {start: "08:45", end: "09:00", kind: tham luan, speakers: [{profile: khong-co}]}
  - {start: "09:00", end: "09:15", kind: paper, speakers: [{profile: khong-co}]}
""", encoding="utf-8")
    assert problems_of(project) == [
        "data/conference.yml:1: campaign: thiếu trường bắt buộc",
        "data/conference.yml:3: start: thời điểm không hợp lệ '2025-13-45 08:00': không có ngày 2025-13-45",
        "data/conference.yml:4: end: thời điểm không hợp lệ 'ngày mai' (dùng dạng '2025-06-19 08:00')",
        "data/conference.yml:5: timezone: múi giờ 'Asia/Ha_Noi' không tồn tại (ví dụ 'Asia/Ho_Chi_Minh')",
        "data/conference.yml:8: venue.map_url: liên kết chỉ đường 'javascript:alert(document.cookie)' không dùng "
        "được: chỉ nhận địa chỉ web bắt đầu bằng https:// hoặc http://, ví dụ liên kết chia sẻ của trang bản đồ",
        "data/conference.yml:11: program[1].end: mục 'Báo cáo': thời điểm không hợp lệ '8 giờ 45' (dùng dạng "
        "'08:30' hoặc '2025-06-19 08:30')",
        "data/conference.yml:12: program[2].kind: mục thứ 3: không có loại mục 'tham luan'; có phải ý bạn là "
        "'paper'? Dùng một trong: welcome (Đón tiếp đại biểu), art (Văn nghệ), opening (Khai mạc), report (Báo cáo), "
        "paper (Tham luận), discussion (Giao lưu, tọa đàm), award (Khen thưởng), speech (Phát biểu), break "
        "(Giải lao), closing (Bế mạc), other (Hoạt động)",
        "data/conference.yml:13: program[3].speakers[0].profile: mục thứ 4 (Tham luận): không có hồ sơ nào có mã "
        "'khong-co'",
        "data/conference.yml:13: program[3].title: mục thứ 4 (Tham luận): tham luận cần 'title', hoặc người trình "
        "bày có hồ sơ với 'paper'",
    ]


# --- no traceback, ever ----------------------------------------------------------------------------------

BIG = "1" + "0" * 5000
SHOWN_BIG = "'" + "1" + "0" * 58 + "…'"


@pytest.mark.parametrize("field, line, message", [
    ('start: "0001-01-01 00:00+14:00"', 8,
     "start: thời điểm '0001-01-01 00:00+14:00' ở năm 1, ngoài khoảng 2000 - 2099"),
    ('start: "9999-12-31 23:59-12:00"', 8,
     "start: thời điểm '9999-12-31 23:59-12:00' ở năm 9999, ngoài khoảng 2000 - 2099"),
    ('end: "9999-12-31 23:59+14:00"', 8, "end: thời điểm '9999-12-31 23:59+14:00' ở năm 9999, ngoài khoảng 2000 - 2099"),
    ('start: "2025-06-19T08:00+23:59"', 8,
     "start: độ lệch múi giờ '+23:59' trong '2025-06-19T08:00+23:59' không có thật (chỉ từ -12:00 đến +14:00)"),
    ('start: "2025-06-19"', 8, "start: thời điểm không hợp lệ '2025-06-19' (dùng dạng '2025-06-19 08:00')"),
    (f"start: {BIG}", 8, f"start: thời điểm không hợp lệ {SHOWN_BIG} (dùng dạng '2025-06-19 08:00')"),
    ("start: 1.0e999", 8, "start: thời điểm không hợp lệ '1.0e999' (dùng dạng '2025-06-19 08:00')"),
    ("start: true", 8, "start: phải là văn bản"),
    ("start: [2025, 6, 19]", 8, "start: phải là văn bản"),
    ('end: "2025-07-30 11:30"', 8,
     "end: Hội nghị kéo dài từ 19/6/2025 đến 30/7/2025, quá 7 ngày: kiểm tra lại ngày kết thúc"),
    ("timezone: Mars/Olympus", 9, "timezone: múi giờ 'Mars/Olympus' không tồn tại (ví dụ 'Asia/Ho_Chi_Minh')"),
    ("timezone: ../../../../etc/passwd", 9,
     "timezone: múi giờ '../../../../etc/passwd' không tồn tại (ví dụ 'Asia/Ho_Chi_Minh')"),
    ("timezone: localtime", 9, "timezone: múi giờ 'localtime' không tồn tại (ví dụ 'Asia/Ho_Chi_Minh')"),
    (f"timezone: {'A' * 5000}", 9, f"timezone: múi giờ '{'A' * 59}…' không tồn tại (ví dụ 'Asia/Ho_Chi_Minh')"),
    ('timezone: ""', 9, "timezone: không được để trống"),
    ("timezone: [Asia/Ho_Chi_Minh]", 9, "timezone: phải là văn bản"),
    ("banner: có", 9, "banner: phải là true hoặc false"),
    (f"banner: {BIG}", 9, "banner: phải là true hoặc false"),
    ("venue: Hòa Lạc", 6, "venue: phải là một nhóm trường (dạng 'khóa: giá trị')"),
    ("venue:\n  map_url: 12345", 7, "venue.map_url: liên kết chỉ đường '12345' không dùng được: chỉ nhận địa chỉ "
                                    "web bắt đầu bằng https:// hoặc http://, ví dụ liên kết chia sẻ của trang bản đồ"),
    ("title: {vi: Hội nghị}", 8, "title: phải là văn bản"),
    ("program: {khai-mac: '08:00'}", 9, "program: phải là danh sách (mỗi mục một dòng bắt đầu bằng '- ')"),
    ("program:\n  - 08:00 Khai mạc", 10, "program[0]: mục thứ 1: phải là một nhóm trường (dạng 'khóa: giá trị')"),
    ('program:\n  - {start: "08:00", end: "08:30", kind: speech, title: Phát biểu, speakers: Nguyễn Văn A}', 10,
     "program[0].speakers: mục 'Phát biểu': phải là danh sách (mỗi mục một dòng bắt đầu bằng '- ')"),
    ('program:\n  - {start: "08:00", end: "08:30", kind: speech, title: Phát biểu, speakers: [42]}', 10,
     "program[0].speakers[0]: mục 'Phát biểu': phải là một nhóm trường (dạng 'khóa: giá trị')"),
    ('program:\n  - {start: "08:00", end: "08:30", kind: [paper], title: Tham luận}', 10,
     "program[0].kind: mục 'Tham luận': phải là một trong: 'welcome', 'art', 'opening', 'report', 'paper', "
     "'discussion', 'award', 'speech', 'break', 'closing' hoặc 'other'"),
    (f'program:\n  - {{start: {BIG}, end: "08:30", kind: opening, title: Khai mạc}}', 10,
     f"program[0].start: mục 'Khai mạc': thời điểm không hợp lệ {SHOWN_BIG} (dùng dạng '08:30' hoặc "
     "'2025-06-19 08:30')"),
    ('program:\n  - {start: "0001-01-01 00:00+14:00", end: "08:30", kind: opening, title: Khai mạc}', 10,
     "program[0].start: mục 'Khai mạc': thời điểm '0001-01-01 00:00+14:00' ở năm 1, ngoài khoảng 2000 - 2099"),
    ('program:\n  - {start: "08:00", end: "08:30", kind: speech, title: Phát biểu, speakers: [{profile: "../x"}]}', 10,
     "program[0].speakers[0].profile: mục 'Phát biểu': chỉ gồm chữ thường không dấu, số và dấu gạch nối, ví dụ "
     "'nguyen-van-an'"),
])
def test_wrong_values_end_in_one_message_with_their_line(project, field, line, message):
    conference(project, field)
    assert problems_of(project) == [f"data/conference.yml:{line}: {message}"]


@pytest.mark.parametrize("text", ["", "- a\n- b\n", "Hội nghị\n", "~\n"])
def test_a_file_that_is_not_a_group_of_fields_is_one_message(project, text):
    (project.root / "data/conference.yml").write_text(text, encoding="utf-8")
    assert problems_of(project) == ["data/conference.yml:1: phải là một nhóm trường (dạng 'khóa: giá trị')"]


def test_a_number_of_thousands_of_digits_as_text_is_published_as_written(project):
    conference(project, f"delegates: {BIG}")
    assert project.load().conference.data.delegates == BIG


# --- honest text, escaped where written -------------------------------------------------------------------

ODD = "A <b>&amp;</b> & \"B\" 'C' </p><script>x()</script>"


def test_markup_characters_in_every_field_are_published_escaped(project):
    odd = json.dumps(ODD, ensure_ascii=False)
    project.write("data/conference.yml", f"""\
campaign: {odd}
tagline: {odd}
organiser: {odd}
title: {odd}
start: "2025-06-19 08:00"
end: "2025-06-19 11:30"
venue:
  name: {odd}
  address: {odd}
  map_url: "https://osm.org/?q=\\"a\\"&b=<c>"
delegates: {odd}
banner: true
recap: {odd}
program:
  - start: "08:00"
    end: "08:30"
    kind: opening
    title: {odd}
    notes: {odd}
    speakers:
      - name: {odd}
        role: {odd}
""")
    build(project)
    site = project.root / "site"
    escaped = "A &lt;b&gt;&amp;amp;&lt;/b&gt; &amp; &#34;B&#34; &#39;C&#39; &lt;/p&gt;&lt;script&gt;x()&lt;/script&gt;"
    for page in ("index.html", "hoi-nghi/index.html", "hoi-nghi/chuong-trinh/index.html", "hoi-nghi/nhung.html",
                 "dien-hinh/index.html"):
        html = (site / page).read_text()
        assert "<script>x()" not in html and "<b>&amp;" not in html, page
        assert escaped in html, page
    countdown = (site / "hoi-nghi/index.html").read_text()
    assert 'href="https://osm.org/?q=&#34;a&#34;&amp;b=&lt;c&gt;"' in countdown
    program = (site / "hoi-nghi/chuong-trinh/index.html").read_text()
    # organiser, title (and in the banner), venue name and address, item title, speaker, role, notes
    assert program.count(escaped) == 9
    data = json.loads((site / "hoi-nghi/chuong-trinh.json").read_text())
    assert data["title"] == data["venue"]["name"] == data["program"][0]["title"] == data["program"][0]["notes"] == ODD
    assert data["program"][0]["speakers"] == [{"name": ODD, "role": ODD, "url": None}]
    assert data["venue"]["map_url"] == 'https://osm.org/?q="a"&b=<c>'
    (entry,) = icalendar.Calendar.from_ical((site / "hoi-nghi/hoi-nghi.ics").read_bytes()).walk("VEVENT")
    assert str(entry["summary"]) == ODD and str(entry["location"]) == f"{ODD}, {ODD}"
    (item,) = icalendar.Calendar.from_ical((site / "hoi-nghi/chuong-trinh.ics").read_bytes()).walk("VEVENT")
    assert str(item["summary"]) == f"Khai mạc: {ODD}" and str(item["description"]) == f"{ODD} ({ODD})"


def test_calendar_and_embed_keep_separators_quotes_and_line_breaks_of_any_field(project):
    title = 'Hội nghị; "A", B\\C </title><script>x()</script>'
    notes = "Dòng một\nDòng hai; có, dấu"
    conference(project, f"title: {json.dumps(title, ensure_ascii=False)}",
               PROGRAM.replace("title: Khai mạc}", f"title: Khai mạc, notes: {json.dumps(notes, ensure_ascii=False)}}}"))
    site = project.load()
    whole, program = render_calendars(site, dt.datetime(2025, 6, 1, tzinfo=dt.UTC))
    (entry,) = icalendar.Calendar.from_ical(whole.content).walk("VEVENT")
    assert str(entry["summary"]) == title  # `;`, `,` and `\\` escaped in the file, read back as written
    data = json.loads(render_program_json(site).content)
    assert data["title"] == title and data["program"][0]["notes"] == notes
    embed = render_embed(site, dt.datetime(2025, 6, 1, tzinfo=HANOI), Templates()).content.decode()
    assert "<title>Đếm ngược: Hội nghị; &#34;A&#34;, B\\C &lt;/title&gt;&lt;script&gt;x()&lt;/script&gt;</title>" in embed
    assert "<script>x()" not in embed
