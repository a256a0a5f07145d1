"""The conference file: times, program rules, exports and the pages' text without JavaScript."""

import datetime as dt
import json
import re
import zoneinfo

import icalendar
import pytest

from generator.load import Paths, load_site_for_preview
from generator.load_conference import parse_instant
from generator.problems import InputError
from generator.publish import build_site
from generator.render_conference import conference_state
from tests.helpers import CONFERENCE, INDIVIDUAL, TODAY, new_project

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def problems_of(project) -> list[str]:
    with pytest.raises(InputError) as caught:
        project.load()
    return [str(p) for p in caught.value.problems.sorted()]


def with_program(project, program: str, head: str = CONFERENCE.split("program:")[0]):
    project.write("data/conference.yml", head + "program:\n" + program)


def test_times_are_read_as_text_not_mangled_by_yaml(project):
    with_program(project, "  - {start: 08:00, end: 12:30, kind: opening, title: Khai mạc}\n",
                 CONFERENCE.split("program:")[0].replace('end: "2025-06-19 11:30"', 'end: "2025-06-19 12:30"'))
    conference = project.load().conference
    (session,) = conference.sessions
    assert session.start == dt.datetime(2025, 6, 19, 8, 0, tzinfo=HANOI)
    assert session.end == dt.datetime(2025, 6, 19, 12, 30, tzinfo=HANOI)


def test_bad_program_messages(project):
    with_program(project, """\
  - start: "07:30"
    end: "08:10"
    kind: opening
    title: Sớm quá
  - start: "08:10"
    end: "08:40"
    kind: report
    title: Báo cáo
  - start: "08:30"
    end: "09:00"
    kind: paper
    title: Trùng giờ
  - start: "09:30"
    end: "09:20"
    kind: break
  - start: "25:00"
    end: "10:00"
    kind: speech
    title: Giờ sai
  - start: "10:00"
    end: "10:15"
    kind: paper
    speakers:
      - profile: khong-co
  - start: "10:15"
    end: "10:20"
    kind: dance
    title: Loại lạ
  - start: "10:20"
    end: "10:30"
    kind: speech
    speakers:
      - role: Trưởng Ban
""")
    project.write("profiles/nguyen-van-an.md", INDIVIDUAL)
    assert problems_of(project) == [
        "data/conference.yml:10: program[0].start: mục 'Sớm quá' (07:30 - 08:10) nằm ngoài thời gian Hội nghị "
        "(08:00 - 11:30)",
        "data/conference.yml:18: program[2].start: mục 'Trùng giờ' (08:30 - 09:00) trùng giờ với mục 'Báo cáo' "
        "(08:10 - 08:40)",
        "data/conference.yml:23: program[3].end: mục thứ 4 (Giải lao): giờ kết thúc '09:20' phải sau giờ bắt đầu "
        "'09:30' (một mục qua nửa đêm dài tối đa 6 giờ)",
        "data/conference.yml:25: program[4].start: mục 'Giờ sai': thời điểm không hợp lệ '25:00' (dùng dạng '08:30' "
        "hoặc '2025-06-19 08:30')",
        "data/conference.yml:29: program[5].title: mục thứ 6 (Tham luận): tham luận cần 'title', hoặc người trình bày "
        "có hồ sơ với 'paper'",
        "data/conference.yml:33: program[5].speakers[0].profile: mục thứ 6 (Tham luận): không có hồ sơ nào có mã "
        "'khong-co'",
        "data/conference.yml:36: program[6].kind: mục 'Loại lạ': không có loại mục 'dance'. Dùng một trong: welcome "
        "(Đón tiếp đại biểu), art (Văn nghệ), opening (Khai mạc), report (Báo cáo), paper (Tham luận), discussion "
        "(Giao lưu, tọa đàm), award (Khen thưởng), speech (Phát biểu), break (Giải lao), closing (Bế mạc), other "
        "(Hoạt động)",
        "data/conference.yml:42: program[7].speakers[0]: mục thứ 8 (Phát biểu): người trình bày cần 'profile' "
        "(mã hồ sơ) hoặc 'name' (họ tên)",
    ]


@pytest.mark.parametrize("field, value, message", [
    ("start", '"2025-02-31 08:00"', "start: thời điểm không hợp lệ '2025-02-31 08:00': không có ngày 2025-02-31"),
    ("start", '"8h sáng 19/6"', "start: thời điểm không hợp lệ '8h sáng 19/6' (dùng dạng '2025-06-19 08:00')"),
    ("end", '"2025-06-19 07:00"', "end: giờ kết thúc phải sau giờ bắt đầu"),
    ("timezone", "Asia/Ha_Noi", "timezone: múi giờ 'Asia/Ha_Noi' không tồn tại (ví dụ 'Asia/Ho_Chi_Minh')"),
])
def test_bad_event_times_are_reported(project, field, value, message):
    text = CONFERENCE.split("program:")[0]
    lines = [line for line in text.splitlines() if not line.startswith(f"{field}:")]
    project.write("data/conference.yml", "\n".join(lines) + f"\n{field}: {value}\n")
    (problem,) = problems_of(project)
    assert problem.startswith("data/conference.yml:") and problem.endswith(message)


def test_an_instant_with_offset_is_kept_absolute():
    start = parse_instant("2025-06-19T01:00:00+00:00", HANOI)
    assert start == dt.datetime(2025, 6, 19, 8, 0, tzinfo=HANOI)


def test_states_before_on_the_day_during_and_after(project):
    conference = project.load().conference
    at = lambda *args: dt.datetime(*args, tzinfo=HANOI)  # noqa: E731
    assert conference_state(conference, at(2025, 6, 18, 23, 59)) == "before"
    assert conference_state(conference, at(2025, 6, 19, 0, 1)) == "today"
    assert conference_state(conference, at(2025, 6, 19, 8, 0)) == "live"
    assert conference_state(conference, at(2025, 6, 19, 11, 30)) == "past"


@pytest.fixture(scope="module")
def built(tmp_path_factory, shared_cache):
    """The site of a program with a paper by a published profile and one by a profile without consent, built
    once for the tests that read it."""
    project = new_project(tmp_path_factory.mktemp("conference") / "project", shared_cache)
    project.write("profiles/nguyen-van-an.md", INDIVIDUAL.replace("consent:", "paper:\n  title: Một cửa số\nconsent:"))
    project.write("profiles/chua-dong-y.md", INDIVIDUAL.replace("Nguyễn Văn An", "Lê Thị Kín")
                  .replace('consent:\n  date: "2025-05-20"\n', ""))
    with_program(project, """\
  - {start: "08:00", end: "08:30", kind: opening, title: Khai mạc, speakers: [{name: Lãnh đạo Ban, role: Trưởng Ban}]}
  - {start: "08:30", end: "09:00", kind: paper, speakers: [{profile: nguyen-van-an}]}
  - {start: "09:00", end: "09:30", kind: paper, title: Chuyện tổ sản xuất, speakers: [{profile: chua-dong-y}]}
""")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("VINHDANH_TODAY", TODAY.isoformat())
        build_site(Paths.at(project.root), project.root / "mkdocs.yml", project.root / "site")
    return project.root / "site"


def test_pages_state_date_time_and_zone_without_javascript(built):
    countdown = (built / "hoi-nghi/index.html").read_text()
    assert ('Từ <time datetime="2025-06-19T08:00:00+07:00">08:00</time> đến '
            '<time datetime="2025-06-19T11:30:00+07:00">11:30</time>, thứ Năm, 19/6/2025, giờ Hà Nội (UTC+7)') in countdown
    assert 'href="chuong-trinh/"' in countdown
    assert 'role="timer"' in countdown and 'aria-live="polite"' in countdown
    program = (built / "hoi-nghi/chuong-trinh/index.html").read_text()
    assert "Một cửa số" in program  # a paper's title comes from its speaker's profile
    assert 'href="../../ho-so/nguyen-van-an/">Nguyễn Văn An</a>' in program
    assert "Lê Thị Kín" not in program and "Đại diện điển hình tiên tiến" in program  # no consent: no name
    home = (built / "index.html").read_text()
    assert 'href="hoi-nghi/chuong-trinh/"' in home


def test_calendar_file_has_the_time_zone_and_the_venue(built):
    calendar = icalendar.Calendar.from_ical((built / "hoi-nghi/hoi-nghi.ics").read_bytes())
    (event,) = calendar.walk("VEVENT")
    assert event.decoded("dtstart") == dt.datetime(2025, 6, 19, 8, 0, tzinfo=HANOI)
    assert event["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert event.decoded("dtend") == dt.datetime(2025, 6, 19, 11, 30, tzinfo=HANOI)
    assert str(event["location"]) == "Phòng họp tầng 2, Km29 Đại lộ Thăng Long, Thạch Thất, Hà Nội"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    program = icalendar.Calendar.from_ical((built / "hoi-nghi/chuong-trinh.ics").read_bytes())
    summaries = [str(e["summary"]) for e in program.walk("VEVENT")]
    assert summaries == ["Khai mạc: Khai mạc", "Tham luận: Một cửa số", "Tham luận: Chuyện tổ sản xuất"]


def test_program_json_export(built):
    data = json.loads((built / "hoi-nghi/chuong-trinh.json").read_text())
    assert data["start"] == "2025-06-19T08:00:00+07:00" and data["timezone"] == "Asia/Ho_Chi_Minh"
    assert [item["title"] for item in data["program"]] == ["Khai mạc", "Một cửa số", "Chuyện tổ sản xuất"]
    assert data["program"][1]["speakers"] == [{"name": "Nguyễn Văn An", "role": "Chuyên viên, Văn phòng",
                                                "url": "ho-so/nguyen-van-an/"}]
    assert data["program"][2]["speakers"] == [{"name": "Đại diện điển hình tiên tiến", "role": None, "url": None}]
    assert data["pending"] == [] and data["pending_note"] is None


def test_embed_page_is_standalone(built):
    html = (built / "hoi-nghi/nhung.html").read_text()
    assert html.startswith("<!doctype html>") and 'lang="vi"' in html
    assert 'src="../assets/javascripts/vinhdanh.js"' in html and "giờ Hà Nội (UTC+7)" in html


def test_banner_appears_on_every_page_only_when_asked_and_before_the_end(project):
    project.write("data/conference.yml", CONFERENCE.replace("campaign:", "banner: true\ncampaign:"))
    build_site(Paths.at(project.root), project.root / "mkdocs.yml", project.root / "site")
    page = (project.root / "site/dien-hinh/index.html").read_text()
    assert 'class="vd-banner vd-banner--before"' in page and 'href="../hoi-nghi/"' in page
    # The 404 page is served at any address: its banner links from the site's path.
    missing = (project.root / "site/404.html").read_text()
    assert re.search(r'<div class="vd-banner vd-banner--before"[^>]*>\s*<a href="/vinhdanh/hoi-nghi/">', missing)


def test_what_names_a_profile_with_errors_says_so_instead_of_that_there_is_no_such_profile(project):
    """A speaker, a ceremony entry and a collective's member naming a profile that has an error of its own are
    told, as warnings beside that error, that the profile has errors and where: not 'no profile has this id',
    which would send the editor looking for a file that is there."""
    project.write("profiles/nguyen-van-an.md", INDIVIDUAL.replace("unit: van-phong", "unit: khong-co-don-vi"))
    project.write("profiles/to.md", "---\nname: Tổ A\nkind: collective\nunit: van-phong\nmembers:\n"
                                    "  - profile: nguyen-van-an\n    role: Tổ trưởng\n---\n")
    project.write("data/conference.yml", CONFERENCE.replace("- name: Lãnh đạo Ban", "- profile: nguyen-van-an")
                  + "ceremony: [nguyen-van-an]\n")
    assert problems_of(project) == [
        "data/conference.yml:15: program[0].speakers[0].profile: cảnh báo: mục 'Khai mạc': hồ sơ 'nguyen-van-an' có "
        "lỗi (xem profiles/nguyen-van-an.md) nên chương trình chỉ hiện 'Đại diện điển hình tiên tiến', không có liên "
        "kết; thêm 'name' để hiện tên do Ban tổ chức ghi",
        "data/conference.yml:21: ceremony[0]: cảnh báo: hồ sơ 'nguyen-van-an' có lỗi (xem profiles/nguyen-van-an.md) "
        "nên không được trình chiếu",
        "profiles/nguyen-van-an.md:7: unit: không có đơn vị 'khong-co-don-vi' trong data/units.yml",
        "profiles/to.md:6: members[0].profile: cảnh báo: hồ sơ 'nguyen-van-an' có lỗi (xem profiles/nguyen-van-an.md) "
        "nên thành viên này chưa hiện",
    ]


def test_a_paper_whose_title_is_in_a_profile_with_errors_is_warned_of_not_an_error_listed_before_the_cause(project):
    """A paper without 'title' takes its speaker's `paper`: when that profile has an error, the error is the
    cause, and the program says so as a warning that names the profile (it shows the kind meanwhile)."""
    project.write("profiles/nguyen-van-an.md", INDIVIDUAL.replace("unit: van-phong", "unit: khong-co-don-vi"))
    with_program(project, '  - start: "08:00"\n    end: "08:20"\n    kind: paper\n    speakers:\n'
                          '      - profile: nguyen-van-an\n')
    problems = problems_of(project)
    assert [p for p in problems if "cảnh báo" not in p] == [
        "profiles/nguyen-van-an.md:7: unit: không có đơn vị 'khong-co-don-vi' trong data/units.yml"]
    assert "data/conference.yml:10: program[0].title: cảnh báo: mục thứ 1 (Tham luận): hồ sơ 'nguyen-van-an' có lỗi " \
           "(xem profiles/nguyen-van-an.md) nên chưa lấy được tên tham luận từ 'paper' của hồ sơ; chương trình tạm " \
           "ghi 'Tham luận'" in problems
    # The live preview shows the rest of the site, the program with it, until the profile is mended.
    site, _ = load_site_for_preview(Paths.at(project.root), TODAY)
    assert site is not None and [session.title for session in site.conference.sessions] == ["Tham luận"]
