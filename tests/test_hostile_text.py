"""Hostile input, text and YAML: honest text is published escaped, invisible characters are cleaned with a
warning, hostile YAML is refused with a message, and problems come at the strength an editor would want.

Every case ends in a Vietnamese message naming file, line and field, or a clean publication; never a
traceback, a hang or a crash of the interpreter.
"""

import json
import re
import subprocess
import sys

import pytest

from generator.cli import main
from generator.problems import InputError
from generator.readers import ReadError, parse_yaml
from generator.search import search_terms
from tests.helpers import INDIVIDUAL, build, site_text


def run(project, *args):
    return main(["-f", str(project.root / "mkdocs.yml"), *args])


def problems_of(project) -> list[str]:
    with pytest.raises(InputError) as caught:
        project.load()
    return [str(p) for p in caught.value.problems.sorted()]


def warnings_of(project) -> list[str]:
    return [str(p) for p in project.load().problems.sorted()]


PAYLOADS = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "</title><svg onload=alert(1)>",
            "R&D &amp; A&lt;B", "'single' \"double\""]


# --- honest text is published, escaped where it is written --------------------------------------------------

@pytest.mark.timeout(300)
def test_markup_in_every_field_is_published_as_text_and_never_as_markup(project):
    payload = " ".join(PAYLOADS)
    units = project.root / "data" / "units.yml"
    units.write_text(units.read_text().replace("name: Văn phòng", f"name: 'Văn phòng {payload.replace(chr(39), '’')}'",
                                               1))
    project.write("profiles/an.md", INDIVIDUAL
                  .replace("name: Nguyễn Văn An", f"name: 'Nguyễn Văn An {PAYLOADS[0]}'")
                  .replace("position: Chuyên viên", f"position: '{PAYLOADS[1]}'")
                  .replace("    decision: Quyết định số 1/QĐ-BQL", f"    decision: '{PAYLOADS[2]}'")
                  .replace("    issuer: Trưởng Ban Quản lý", f"    issuer: '{PAYLOADS[3]}'")
                  .replace("consent:", f"quote: '{PAYLOADS[4].replace(chr(39), chr(39) * 2)}'\n"
                           f"highlights: ['{PAYLOADS[1]}']\nconsent:"))
    build(project)
    site = project.root / "site"
    page = (site / "ho-so/an/index.html").read_text()
    html = "\n".join(p.read_text() for p in site.rglob("*.html"))
    for needle in ("<script>alert", "<img src=x", "<svg onload", "onerror=alert(1)>"):
        assert needle not in html
    # What a visitor reads is the text as typed.
    assert "<title>Nguyễn Văn An &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; - " in page
    assert "R&amp;D &amp;amp; A&amp;lt;B" in page
    assert 'content="&#34;&gt;&lt;img src=x onerror=alert(1)&gt;, Văn phòng' in page  # meta description
    ld = re.search(r'<script type="application/ld\+json">(.*?)</script>', page).group(1)
    assert json.loads(ld)["name"] == f"Nguyễn Văn An {PAYLOADS[0]}"
    data = json.loads((site / "kham-pha/ho-so.json").read_text())
    assert data["profiles"][0][1] == f"Nguyễn Văn An {PAYLOADS[0]}"


def test_text_fields_keep_ampersands_quotes_and_angle_brackets(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("position: Chuyên viên", "position: Trưởng nhóm R&D <AI>"))
    assert project.load().profiles[0].data.position == "Trưởng nhóm R&D <AI>"


# --- invisible characters --------------------------------------------------------------------------------------

def test_invisible_characters_are_removed_with_a_warning_naming_file_line_and_field(project):
    project.write("profiles/an.md", INDIVIDUAL
                  .replace("name: Nguyễn Văn An", "name: Nguy\u200bễn Văn\u00ad An")
                  .replace("unit: van-phong", "unit: Văn\u200b phòng\u202e")
                  .replace("position: Chuyên viên", "position: \ufeffChuyên viên\u2066"))
    site = project.load()
    (profile,) = site.profiles
    assert profile.name == "Nguyễn Văn An" and profile.data.position == "Chuyên viên"
    assert profile.unit.id == "van-phong"  # compared without them
    hint = "thường có khi dán văn bản từ Word, Zalo, trang web hay PDF; nội dung được giữ nguyên"
    assert [str(p) for p in site.problems.sorted()] == [
        f"profiles/an.md:2: name: cảnh báo: đã bỏ ký tự ẩn (khoảng trắng độ rộng 0, dấu gạch nối mềm), {hint}",
        f"profiles/an.md:6: position: cảnh báo: đã bỏ ký tự ẩn (dấu BOM, ký tự điều khiển hướng chữ), {hint}",
        f"profiles/an.md:7: unit: cảnh báo: đã bỏ ký tự ẩn (khoảng trắng độ rộng 0, ký tự điều khiển hướng "
        f"chữ), {hint}",
    ]


def test_names_differing_only_by_invisible_characters_are_the_same_person(project):
    project.write("profiles/a.md", INDIVIDUAL)
    project.write("profiles/b.md", INDIVIDUAL.replace("name: Nguyễn Văn An", "name: Nguyễn\u200b Văn An"))
    assert any("b.md:2: name: trùng tên, đơn vị và năm sinh với profiles/a.md" in p for p in problems_of(project))


def test_meaningful_joiners_letters_of_any_script_and_combining_marks_are_kept(project):
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    project.write("profiles/an.md", INDIVIDUAL.replace(
        "position: Chuyên viên", f"position: 'Kỹ sư {family} می\u200cخواهم 山田 Ελένη a\u0301'"))
    site = project.load()
    assert site.profiles[0].data.position == f"Kỹ sư {family} می\u200cخواهم 山田 Ελένη á"  # NFC joins a + ́
    assert site.problems.sorted() == []


def test_control_characters_never_reach_the_terminal(project, capsys):
    project.write("profiles/an.md", INDIVIDUAL.replace("position: Chuyên viên", 'position: "A\\e[2J\\e]8;;http://x\\aB"'))
    assert run(project, "check") == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "profiles/an.md:6: position: cảnh báo: đã bỏ ký tự ẩn (ký tự điều khiển)" in out
    # A file name is printed as it is on disk: its control characters are shown, not sent.
    project.write("profiles/\x1b[31mdo.md", "---\nname: Đỏ\n---\n")
    assert run(project, "check") == 1
    out = capsys.readouterr().out
    assert "profiles/<U+001B>[31mdo.md:2: kind: thiếu trường bắt buộc" in out and "\x1b" not in out


# --- hostile YAML --------------------------------------------------------------------------------------------

@pytest.mark.timeout(120)
def test_thirty_thousand_nested_brackets_are_refused_without_crashing_the_interpreter(project):
    project.write("profiles/sau.md", "---\nname: A\nkind: individual\nunit: van-phong\nnote: "
                  + "[" * 30000 + "]" * 30000 + "\n---\n")
    project.write("profiles/sau2.yml", "name: B\nlist:\n  " + "- " * 30000 + "x\n")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "-f", str(project.root / "mkdocs.yml"), "check"],
                            capture_output=True, text=True, cwd=project.root, check=False)
    assert result.returncode == 1, result.stderr  # a segmentation fault would be -11
    assert result.stdout.splitlines()[:2] == [
        "profiles/sau.md:5: YAML lồng nhau quá sâu (quá 40 cấp)",
        "profiles/sau2.yml:3: YAML lồng nhau quá sâu (quá 40 cấp)",
    ]
    assert "Traceback" not in result.stderr


@pytest.mark.timeout(60)
def test_a_long_text_aliased_many_times_is_refused_quickly(project):
    text = "x" * 250_000
    project.write("profiles/bom.yml", f"name: &a '{text}'\nkind: individual\nunit: van-phong\nhighlights: ["
                  + ", ".join(["*a"] * 9) + "]\n")
    project.write("profiles/bom2.yml", "name: A\nkind: individual\nunit: van-phong\nl0: &l0 [x, x, x, x, x, x, x, x, x]\n"
                  + "".join(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n" for i in range(1, 9)))
    assert problems_of(project) == [
        "profiles/bom.yml:4: tài liệu YAML quá lớn sau khi mở rộng bí danh (quá 2.000.000 ký tự)",
        "profiles/bom2.yml:9: tài liệu YAML quá lớn sau khi mở rộng bí danh (quá 100.000 giá trị)",
    ]


@pytest.mark.parametrize("text, expected", [
    ("a: " + "9" * 5000, {"a": "9" * 5000}),  # Python refuses int() of 4,300 digits: kept as text
    ("a: 1.5e999\nb: -0.5", {"a": "1.5e999", "b": -0.5}),
    ("a: 12:30\nb: no\nc: 2025-02-31", {"a": "12:30", "b": "no", "c": "2025-02-31"}),
])
def test_numbers_and_yaml_1_1_words_stay_what_they_look_like(text, expected):
    assert parse_yaml(text).data == expected


@pytest.mark.parametrize("text, line, message", [
    ("a: 1\n---\nb: 2\n", 2, "tệp chỉ được có một tài liệu YAML (bỏ dòng '---' thứ hai)"),
    ("a: &x [*x]\n", 1, "YAML không hợp lệ: dùng bí danh (*) chưa được định nghĩa"),
    ("a: !!python/object/apply:os.system [ls]\n", 1, "thẻ YAML tag:yaml.org,2002:python/object/apply:os.system "
                                                     "không được phép"),
])
def test_hostile_yaml_is_a_located_read_error(text, line, message):
    with pytest.raises(ReadError) as caught:
        parse_yaml(text)
    assert (caught.value.line, caught.value.message) == (line, message)


def test_a_huge_birth_year_is_a_field_error_not_a_traceback(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("birth_year: 1980", "birth_year: " + "9" * 5000))
    assert problems_of(project) == ["profiles/an.md:5: birth_year: phải là số nguyên (số này quá lớn)"]


# --- rules and their levels -----------------------------------------------------------------------------------

def test_unknown_field_is_a_warning_with_a_suggestion_and_its_value_is_never_published(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("position: Chuyên viên",
                                                       "position: Chuyên viên\nphone_number: 0912 345 678\nquotee: Bí mật"))
    assert warnings_of(project) == [
        "profiles/an.md:7: phone_number: cảnh báo: trường không được hỗ trợ, giá trị bị bỏ qua",
        "profiles/an.md:8: quotee: cảnh báo: trường không được hỗ trợ, giá trị bị bỏ qua; có phải ý bạn là 'quote'?",
    ]
    build(project)
    text = site_text(project.root / "site")
    assert "0912 345 678" not in text and "Bí mật" not in text


def test_a_drafts_problems_are_warnings_and_never_block_the_others(project, capsys):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("profiles/nhap.md", "---\nname: Bản Nháp\nkind: nguoi\nunit: khong-co\ndraft: true\n---\n")
    site = project.load()
    assert [p.id for p in site.profiles] == ["an"]
    assert [str(p) for p in site.problems.sorted()] == [
        "profiles/nhap.md:3: kind: cảnh báo: phải là một trong: 'individual' hoặc 'collective'",
        "profiles/nhap.md:4: unit: cảnh báo: không có đơn vị 'khong-co' trong data/units.yml",
    ]
    assert run(project, "check") == 0
    assert run(project, "check", "--strict") == 1
    out = capsys.readouterr().out
    assert "Còn cảnh báo; với --strict, cảnh báo cũng được tính là lỗi." in out
    assert run(project, "check", "--format", "github") == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        "::warning file=profiles/nhap.md,line=3,title=kind::phải là một trong: 'individual' hoặc 'collective'")


def test_scheduled_profiles_are_checked_in_full(project):
    project.write("profiles/hen.md", INDIVIDUAL.replace("consent:", "publish_on: '2030-01-01'\nunit2: x\nconsent:")
                  .replace("unit: van-phong", "unit: khong-co"))
    assert problems_of(project) == [
        "profiles/hen.md:7: unit: không có đơn vị 'khong-co' trong data/units.yml",
        "profiles/hen.md:16: unit2: cảnh báo: trường không được hỗ trợ, giá trị bị bỏ qua; có phải ý bạn là 'unit'?",
    ]


def test_a_consent_dated_in_the_future_schedules_the_profile(project):
    project.write("profiles/an.md", INDIVIDUAL.replace('  date: "2025-05-20"', '  date: "2025-07-01"'))
    site = project.load()
    assert site.profiles == [] and [(p.id, p.status, str(p.publish_date)) for p in site.skipped] == [
        ("an", "scheduled", "2025-07-01")]


def test_award_dates_and_years_after_publication_are_errors(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("    year: 2024", "    year: 2042")
                  .replace('    date: "2024-12-20"', '    date: "2042-12-20"'))
    message = "ở sau ngày xuất bản hồ sơ (01/06/2025); hãy kiểm tra lại, hoặc hẹn ngày xuất bản (publish_on) từ ngày quyết định"
    assert problems_of(project) == [f"profiles/an.md:11: awards[0].year: 2042 {message}",
                                    f"profiles/an.md:13: awards[0].date: 20/12/2042 {message}"]
    # Published from the decision's day on, the same award is right.
    project.write("profiles/an.md", INDIVIDUAL.replace('    date: "2024-12-20"', '    date: "2025-06-05"')
                  .replace("    year: 2024", "    year: 2025").replace("consent:", "publish_on: '2025-06-05'\nconsent:"))
    assert project.load().skipped[0].status == "scheduled"


@pytest.mark.parametrize("value, message", [
    ('"0001-01-01"', "năm 1 của ngày '0001-01-01' nằm ngoài khoảng 1900 - 2100"),
    ('"31/12/9999"', "năm 9999 của ngày '31/12/9999' nằm ngoài khoảng 1900 - 2100"),
])
def test_dates_at_the_ends_of_the_calendar_are_refused_with_a_message(project, value, message):
    project.write("profiles/an.md", INDIVIDUAL.replace('  date: "2025-05-20"', f"  date: {value}"))
    assert problems_of(project) == [f"profiles/an.md:16: consent.date: {message}"]


def test_a_number_is_not_a_name(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("name: Nguyễn Văn An", "name: 12345"))
    assert problems_of(project) == ["profiles/an.md:2: name: phải là họ tên hoặc tên tập thể, không phải số (12345)"]


# --- ids ---------------------------------------------------------------------------------------------------

def test_ids_come_from_the_name_when_the_file_name_cannot_make_one(project):
    project.write("profiles/中文.md", INDIVIDUAL)
    project.write("profiles/张伟.md", INDIVIDUAL.replace("name: Nguyễn Văn An", "name: 张伟"))
    ids = sorted(p.id for p in project.load().profiles)
    assert ids[1] == "nguyen-van-an"
    assert re.fullmatch(r"ho-so-[0-9a-f]{10}", ids[0])


def test_an_empty_id_never_takes_over_name_only_speakers(project):
    project.write("profiles/中文.md", INDIVIDUAL)
    site = project.load()
    speakers = [profile for session in site.conference.sessions for _, profile in session.speakers]
    assert speakers == [None]  # "Lãnh đạo Ban" names no profile and gets none


@pytest.mark.timeout(300)
def test_a_very_long_file_name_gives_an_id_of_at_most_100_characters_and_a_page(project):
    stem = "-".join(["nguyen-van-an"] * 17)  # 237 characters
    project.write(f"profiles/{stem}.md", INDIVIDUAL)
    (profile,) = project.load().profiles
    assert len(profile.id) <= 100 and stem.startswith(profile.id)
    build(project)
    assert (project.root / "site/ho-so" / profile.id / "index.html").exists()


def test_a_written_id_over_100_characters_is_an_error(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("name: Nguyễn Văn An", "name: Nguyễn Văn An\nid: " + "a" * 101))
    assert problems_of(project) == ["profiles/an.md:3: id: quá dài (101 ký tự; tối đa 100)"]


# --- nothing hangs ---------------------------------------------------------------------------------------

@pytest.mark.timeout(60)
@pytest.mark.parametrize("word", ["a" * 40_000, "Đ" * 40_000, "QĐ-" * 20_000, "a" * 200_000 + "-b"])
def test_search_terms_are_linear_in_one_long_word(project, word):
    project.write("profiles/an.md", INDIVIDUAL.replace("position: Chuyên viên", f"position: {word}"))
    (profile,) = project.load().profiles
    names, fields, story = search_terms(profile)
    assert names == [] and len(fields) >= 1
