"""Validation: every problem in every file, located, in Vietnamese; statuses; rules across files."""


import datetime as dt
import os
import unicodedata

import pytest

from generator.problems import InputError
from tests.helpers import INDIVIDUAL


def problems_of(project) -> list[str]:  # noqa: D103
    with pytest.raises(InputError) as caught:
        project.load()
    return [str(p) for p in caught.value.problems.sorted()]


def test_several_broken_profiles_are_all_reported_with_file_and_line(project):
    project.write("profiles/a-bad-fields.md", """
        ---
        name: Trần Thị Bình
        kind: person
        unit: Phòng Quản lí đầu tư
        birth_year: năm 1980
        awardz: []
        ---
        Story.
        """)
    project.write("profiles/b-bad-awards.yml", """
        name: Lê Văn Cường
        kind: individual
        unit: van-phong
        awards:
          - title: Chiến sĩ thi đua cơ sỏ
            year: 2024
          - title: Tập thể lao động xuất sắc
            year: 2024
          - title: Chiến sĩ thi đua cấp bộ, ngành, tỉnh, đoàn thể trung ương
            date: "2024-12-20"
          - title: Lao động tiên tiến
            date: "2025-02-31"
        consent:
          date: 20/5/2025
        """)
    project.write("profiles/c-bad-yaml.md", """
        ---
        name: Phạm Văn Dũng
        kind: individual
          unit: van-phong
        ---
        """)
    project.write("profiles/d-traversal.md", """
        ---
        name: Vũ Thị Hà
        kind: individual
        unit: van-phong
        photo: ../../etc/passwd
        movements: [cai cach hanh chinh, Đẩy mạnh cải cách hành chính]
        ---
        """)
    assert problems_of(project) == [
        "profiles/a-bad-fields.md:3: kind: phải là một trong: 'individual' hoặc 'collective'",
        "profiles/a-bad-fields.md:4: unit: không có đơn vị 'Phòng Quản lí đầu tư' trong data/units.yml; "
        "có phải ý bạn là 'Phòng Quản lý đầu tư' (mã phong-quan-ly-dau-tu)?",
        "profiles/a-bad-fields.md:5: birth_year: phải là số nguyên",
        "profiles/a-bad-fields.md:6: awardz: cảnh báo: trường không được hỗ trợ, giá trị bị bỏ qua; có phải ý bạn "
        "là 'awards'?",
        "profiles/b-bad-awards.yml:5: awards[0].title: không có danh hiệu 'Chiến sĩ thi đua cơ sỏ' trong "
        "data/awards.yml; có phải ý bạn là 'Chiến sĩ thi đua cơ sở' (mã chien-si-thi-dua-co-so)?",
        "profiles/b-bad-awards.yml:7: awards[1].title: 'Tập thể lao động xuất sắc' dành cho tập thể, "
        "không dùng cho hồ sơ cá nhân",
        "profiles/b-bad-awards.yml:9: awards[2].title: tên gọi 'Chiến sĩ thi đua cấp bộ, ngành, tỉnh, đoàn thể "
        "trung ương' chỉ dùng đến 31/12/2023; quyết định năm 2024 dùng tên 'Chiến sĩ thi đua cấp Bộ, ban, "
        "ngành, tỉnh'",
        "profiles/b-bad-awards.yml:12: awards[3].date: ngày không hợp lệ '2025-02-31' "
        "(dùng dạng 2025-06-19 hoặc 19/6/2025)",
        "profiles/c-bad-yaml.md:4: YAML không hợp lệ: dấu ':' không đúng chỗ (kiểm tra thụt lề, hoặc đặt giá trị "
        "có dấu ':' trong dấu nháy)",
        "profiles/d-traversal.md:5: photo: đường dẫn ảnh phải nằm trong thư mục profiles/ "
        "(không dùng '..' hay đường dẫn tuyệt đối)",
        "profiles/d-traversal.md:6: movements[0]: không có phong trào 'cai cach hanh chinh' trong "
        "data/movements.yml; có phải ý bạn là 'Đẩy mạnh cải cách hành chính' (mã cai-cach-hanh-chinh)?",
    ]


def test_valid_profile_is_resolved_against_the_registries(project):
    project.write("profiles/nguyen-van-an.md", INDIVIDUAL)
    site = project.load()
    (profile,) = site.profiles
    assert profile.id == profile.slug == "nguyen-van-an"
    assert profile.unit.name == "Văn phòng"
    assert [m.id for m in profile.movements] == ["cai-cach-hanh-chinh"]
    assert profile.top_award.title.id == "chien-si-thi-dua-co-so"
    assert profile.data.consent.date == dt.date(2025, 5, 20)
    assert "<strong>ông An</strong>" in profile.story_html


def test_nfd_input_is_stored_as_nfc(project):
    project.write("profiles/an.md", unicodedata.normalize("NFD", INDIVIDUAL))
    (profile,) = project.load().profiles
    assert profile.name == "Nguyễn Văn An" and unicodedata.is_normalized("NFC", profile.name)


def test_drafts_scheduled_and_unconsented_profiles_are_not_published(project):
    project.write("profiles/draft.md", INDIVIDUAL.replace("name: Nguyễn Văn An", "name: Bản Nháp\ndraft: true"))
    project.write("profiles/later.md", INDIVIDUAL.replace("name: Nguyễn Văn An",
                                                          "name: Hẹn Giờ\npublish_on: 2025-06-02"))
    project.write("profiles/now.md", INDIVIDUAL.replace("name: Nguyễn Văn An", "name: Đến Hạn\npublish_on: 2025-06-01"))
    project.write("profiles/no-consent.md", INDIVIDUAL.replace("name: Nguyễn Văn An", "name: Chưa Đồng Ý")
                  .replace('consent:\n  date: "2025-05-20"\n', ""))
    site = project.load()
    assert [p.name for p in site.profiles] == ["Đến Hạn"]
    assert {p.name: p.status for p in site.skipped} == {
        "Bản Nháp": "draft", "Hẹn Giờ": "scheduled", "Chưa Đồng Ý": "no-consent"}
    assert [p.name for p in project.load(today=dt.date(2025, 6, 2)).profiles] == ["Hẹn Giờ", "Đến Hạn"]


def test_yml_profile_takes_its_story_from_the_same_named_markdown(project):
    project.write("profiles/tap-the.yml", """
        name: Phòng Quản lý đầu tư
        kind: collective
        unit: phong-quan-ly-dau-tu
        headcount: 12
        awards:
          - title: Tập thể lao động xuất sắc
            year: 2024
        members:
          - name: Trần Thị Bích
            role: Trưởng phòng
        """)
    project.write("profiles/tap-the.md", "## Một cửa\n\nRút ngắn *thời gian*.\n")
    (profile,) = project.load().profiles
    assert profile.kind == "collective"
    assert "<h3>Một cửa</h3>" in profile.story_html and "<em>thời gian</em>" in profile.story_html


def test_story_in_two_places_is_a_problem(project):
    project.write("profiles/x.yml", "name: Tổ A\nkind: collective\nunit: van-phong\nstory: |\n  Một.\n")
    project.write("profiles/x.md", "Hai.\n")
    assert problems_of(project) == [
        "profiles/x.yml:4: story: đã có câu chuyện trong profiles/x.md; chỉ dùng một nơi"]


def test_fields_of_the_other_kind_are_problems(project):
    project.write("profiles/x.md", """
        ---
        name: Tổ Công nghệ
        kind: collective
        unit: van-phong
        birth_year: 1990
        ---
        """)
    project.write("profiles/y.md", INDIVIDUAL.replace("kind: individual", "kind: individual\nheadcount: 5"))
    assert problems_of(project) == [
        "profiles/x.md:5: birth_year: chỉ dùng cho hồ sơ cá nhân (kind: individual)",
        "profiles/y.md:4: headcount: chỉ dùng cho hồ sơ tập thể (kind: collective)",
    ]


def test_markup_and_entities_in_plain_fields_are_kept_as_text(project):
    project.write("profiles/x.md", INDIVIDUAL.replace("name: Nguyễn Văn An", 'name: "An <script>alert(1)</script>"')
                  .replace("position: Chuyên viên", "position: R&D, A &lt;b&gt; \"Q\""))
    (profile,) = project.load().profiles
    assert profile.name == "An <script>alert(1)</script>"  # escaped where it is written, not refused
    assert profile.data.position == 'R&D, A &lt;b&gt; "Q"'


def test_same_person_in_other_spelling_or_normal_form_is_a_duplicate(project):
    base = INDIVIDUAL.replace("name: Nguyễn Văn An", "name: Lê Thị Hoà")
    project.write("profiles/a.md", base)
    project.write("profiles/b.md", base.replace("Hoà", "Hòa"))
    project.write("profiles/c.md", unicodedata.normalize("NFD", base))
    project.write("profiles/d.md", base.replace("name: Lê Thị Hoà", "name: Lê Thị Hoà\nid: a"))
    project.write("profiles/e.md", base.replace("Hoà", "Hoa"))  # another person
    same = ("trùng tên, đơn vị và năm sinh với profiles/a.md ('Lê Thị Hoà'): nếu là một người, hãy bỏ một hồ sơ; "
            "nếu là hai người, năm sinh (birth_year) khác nhau hoặc mã (id) riêng sẽ phân biệt họ")
    assert problems_of(project) == [
        f"profiles/b.md:2: name: {same}",
        f"profiles/c.md:2: name: {same}",
        "profiles/d.md:3: id: trùng mã hồ sơ 'a' với profiles/a.md ('Lê Thị Hoà'); hãy đặt mã (id) khác",
    ]


def test_namesakes_in_other_units_are_a_warning_unless_told_apart(project):
    base = INDIVIDUAL.replace("name: Nguyễn Văn An", "name: Nguyễn Văn Hùng")
    project.write("profiles/a.md", base)
    project.write("profiles/b.md", base.replace("unit: van-phong", "unit: phong-quan-ly-dau-tu"))
    project.write("profiles/c.md", base.replace("unit: van-phong", "unit: phong-quan-ly-dau-tu")
                  .replace("birth_year: 1980", "birth_year: 1991"))
    site = project.load()
    assert [p.id for p in site.profiles] == ["a", "b", "c"]
    assert [str(p) for p in site.problems.sorted()] == [
        "profiles/b.md:2: name: cảnh báo: trùng tên với profiles/a.md ('Nguyễn Văn Hùng') (khác đơn vị): hãy kiểm "
        "tra đây là hai người khác nhau; ghi năm sinh (birth_year) hoặc mã (id) riêng để phân biệt và bỏ cảnh báo này",
    ]


def test_members_must_point_at_existing_profiles(project):
    project.write("profiles/to.md", """
        ---
        name: Tổ Một cửa
        kind: collective
        unit: van-phong
        members:
          - profile: khong-co
            role: Tổ trưởng
          - name: Trần Văn B
            profile: nguoi-khac
        ---
        """)
    assert problems_of(project) == [
        "profiles/to.md:8: members[1]: mỗi thành viên cần đúng một trong hai trường 'profile' (mã hồ sơ) hoặc 'name'",
    ]
    project.write("profiles/to.md", (project.profiles / "to.md").read_text().replace(
        "  - name: Trần Văn B\n    profile: nguoi-khac\n", ""))
    assert problems_of(project) == ["profiles/to.md:6: members[0].profile: không có hồ sơ nào có mã 'khong-co'"]


@pytest.mark.parametrize("photo, message", [
    ("/etc/passwd", "đường dẫn ảnh phải nằm trong thư mục profiles/"),
    ("https://example.com/a.jpg", "ảnh phải là tệp trong thư mục profiles/, không dùng đường dẫn web"),
    ("anh/khong-co.jpg", "không tìm thấy tệp ảnh: anh/khong-co.jpg"),
    ("anh/link.jpg", "ảnh trỏ ra ngoài thư mục profiles/"),
    ("anh/text.jpg", "không phải tệp ảnh đọc được (chấp nhận JPEG, PNG, WebP): anh/text.jpg"),
    ("anh/empty.jpg", "tệp ảnh rỗng: anh/empty.jpg"),
    ("anh/anim.gif", "định dạng GIF không được hỗ trợ (chấp nhận JPEG, PNG, WebP); hãy lưu lại ảnh dưới dạng JPEG: "
                     "anh/anim.gif"),
    ("anh/bomb.png", "ảnh quá nhiều điểm ảnh (tối đa 40 megapixel): anh/bomb.png"),
    ("anh/big.png", "ảnh quá nhiều điểm ảnh (7000x7000; tối đa 40 megapixel): anh/big.png"),
])
def test_bad_photos_are_problems(project, tmp_path, photo, message):
    from PIL import Image

    anh = project.profiles / "anh"
    anh.mkdir()
    outside = tmp_path / "outside.jpg"
    Image.new("RGB", (100, 100)).save(outside)
    os.symlink(outside, anh / "link.jpg")
    (anh / "text.jpg").write_text("not an image")
    (anh / "empty.jpg").write_bytes(b"")
    Image.new("RGB", (100, 100)).save(anh / "anim.gif")
    Image.new("1", (10000, 10000)).save(anh / "bomb.png")  # 10 KB on disk, 100 megapixels decoded
    Image.new("1", (7000, 7000)).save(anh / "big.png")
    project.write("profiles/x.md", INDIVIDUAL.replace("unit: van-phong", f"unit: van-phong\nphoto: {photo}"))
    (problem,) = problems_of(project)
    assert problem.startswith("profiles/x.md:8: photo: ") and message in problem


def test_registry_problems_are_located_too(project):
    awards = project.root / "data" / "awards.yml"
    awards.write_text(awards.read_text().replace("    rank: 980", "    rank: x\n    rankk: 1", 1))
    project.write("profiles/x.md", INDIVIDUAL)
    problems = problems_of(project)
    assert problems[0].startswith("data/awards.yml:") and "rank: phải là số nguyên" in problems[0]
    assert "rankk: cảnh báo: trường không được hỗ trợ" in problems[1]


def test_conference_times_are_checked(project):
    conference = project.root / "data" / "conference.yml"
    text = conference.read_text()
    conference.write_text(text.replace('end: "2025-06-19 11:30"', 'end: "2025-06-19 07:00"'))
    (problem,) = problems_of(project)
    assert problem.startswith("data/conference.yml:") and problem.endswith("end: giờ kết thúc phải sau giờ bắt đầu")


def test_default_order_is_award_rank_then_given_name(project):
    def person(name, award):
        return INDIVIDUAL.replace("Nguyễn Văn An", name).replace("Chiến sĩ thi đua cơ sở", award)
    project.write("profiles/a.md", person("Trần Văn Bình", "Chiến sĩ thi đua cơ sở"))
    project.write("profiles/b.md", person("Lê Thị An", "Chiến sĩ thi đua cơ sở"))
    project.write("profiles/c.md", person("Vũ Văn Yên", "Bằng khen của Chủ tịch UBND Thành phố"))
    project.write("profiles/d.md", person("Đỗ Văn Đức", "Lao động tiên tiến"))
    assert [p.name for p in project.load().profiles] == ["Vũ Văn Yên", "Lê Thị An", "Trần Văn Bình", "Đỗ Văn Đức"]


def test_award_shows_the_wording_in_force_on_its_decision_date(project):
    project.write("profiles/a.md", INDIVIDUAL.replace("Chiến sĩ thi đua cơ sở", "Chiến sĩ thi đua Thành phố")
                  .replace('"2024-12-20"', '"2021-12-20"').replace("year: 2024", "year: 2021"))
    project.write("profiles/b.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Văn Bình")
                  .replace("Chiến sĩ thi đua cơ sở", "Chiến sĩ thi đua Thành phố"))
    wordings = {p.name: p.top_award.wording for p in project.load().profiles}
    assert wordings == {"Nguyễn Văn An": "Chiến sĩ thi đua cấp bộ, ngành, tỉnh, đoàn thể trung ương",
                        "Trần Văn Bình": "Chiến sĩ thi đua cấp Bộ, ban, ngành, tỉnh"}


def test_misspelt_nested_field_is_a_warning_with_a_suggestion_and_is_not_published(project):
    project.write("profiles/x.md", INDIVIDUAL.replace("    issuer: Trưởng Ban Quản lý", "    isuer: Trưởng Ban Quản lý"))
    site = project.load()
    assert [str(p) for p in site.problems.sorted()] == [
        "profiles/x.md:14: awards[0].isuer: cảnh báo: trường không được hỗ trợ, giá trị bị bỏ qua; "
        "có phải ý bạn là 'issuer'?"]
    assert site.profiles[0].awards[0].award.issuer is None


def test_unreadable_story_beside_a_yml_is_reported_on_the_story_file(project):
    project.write("profiles/to.yml", "name: Tổ A\nkind: collective\nunit: van-phong\n")
    (project.profiles / "to.md").write_bytes("Câu chuyện".encode("utf-16"))
    assert problems_of(project) == [
        "profiles/to.md: tệp được lưu bằng mã UTF-16; hãy mở tệp và lưu lại với mã UTF-8"]


def test_a_photo_written_with_other_capitals_or_tone_placement_suggests_the_file_on_disk(project):
    project.photo("Anh/Lê-Thị-Hoà.JPG")
    for written in ("anh/lê-thị-hoà.jpg", "Anh/Lê-Thị-Hòa.JPG"):
        project.write("profiles/x.md", INDIVIDUAL.replace("unit: van-phong", f"unit: van-phong\nphoto: {written}"))
        assert problems_of(project) == [
            f"profiles/x.md:8: photo: không tìm thấy tệp ảnh: {written}; có phải ý bạn là 'Anh/Lê-Thị-Hoà.JPG'? (tên tệp "
            "phải ghi đúng từng chữ hoa, chữ thường và dấu)",
        ]
    project.write("profiles/x.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/khac.jpg"))
    assert problems_of(project) == ["profiles/x.md:8: photo: không tìm thấy tệp ảnh: anh/khac.jpg"]


def test_a_photo_whose_file_name_is_decomposed_unicode_is_the_same_photo(project):
    # macOS writes file names decomposed (NFD); the profile, read as NFC, names the same photo.
    on_disk = project.photo(unicodedata.normalize("NFD", "anh/lê-thị-hoà.jpg"))
    project.write("profiles/x.md", INDIVIDUAL.replace("unit: van-phong", "unit: van-phong\nphoto: anh/lê-thị-hoà.jpg"))
    (profile,) = project.load().profiles
    assert profile.photo == on_disk.resolve()


def test_the_placeholder_story_of_a_new_profile_is_never_published(project):
    placeholder = INDIVIDUAL.replace("Câu chuyện của **ông An**.", "Viết câu chuyện về Nguyễn Văn An ở đây.\n\nÔng An…")
    project.write("profiles/an.md", placeholder)
    assert problems_of(project) == [
        "profiles/an.md:19: story: câu chuyện còn dòng mẫu 'Viết câu chuyện về Nguyễn Văn An ở đây.'; hãy thay dòng đó "
        "bằng câu chuyện (hoặc xóa dòng đó nếu chưa có câu chuyện)",
    ]
    project.write("profiles/an.md", placeholder.replace("kind: individual", "kind: individual\ndraft: true"))
    assert project.load().problems.items == []  # in a draft, it is where it belongs


@pytest.mark.parametrize("consent, message", [
    ('consent: "18/5/2025"', "consent: phải ghi ngày đồng ý công bố trong trường date, theo mẫu 'consent: {date: "
                             "\"18/5/2025\"}', hoặc hai dòng 'consent:' và '  date: \"18/5/2025\"' (thụt vào hai dấu "
                             "cách)"),
    ("consent: true", "consent: phải ghi ngày đồng ý công bố trong trường date, theo mẫu 'consent: {date: "
                      "\"20/5/2025\"}', hoặc hai dòng 'consent:' và '  date: \"20/5/2025\"' (thụt vào hai dấu cách)"),
    ("consent:\n  note: Phiếu đồng ý", "consent: thiếu ngày đồng ý công bố (date); ghi theo mẫu 'consent: {date: "
                                       "\"20/5/2025\"}', hoặc hai dòng 'consent:' và '  date: \"20/5/2025\"' (thụt vào "
                                       "hai dấu cách)"),
])
def test_consent_errors_show_the_right_form(project, consent, message):
    project.write("profiles/an.md", INDIVIDUAL.replace('consent:\n  date: "2025-05-20"', consent))
    assert problems_of(project) == [f"profiles/an.md:15: {message}"]


def test_an_unclosed_front_matter_is_named_as_such(project):
    project.write("profiles/an.md", INDIVIDUAL.replace("---\n\nCâu chuyện", "\nCâu chuyện"))
    assert problems_of(project) == [
        "profiles/an.md:1: phần thông tin đầu tệp (front matter) mở bằng dòng '---' nhưng chưa được đóng: hãy thêm một "
        "dòng '---' ngay sau trường cuối cùng, trước câu chuyện",
    ]


def test_namesakes_in_one_unit_are_told_what_tells_them_apart(project):
    base = INDIVIDUAL.replace("name: Nguyễn Văn An", "name: Nguyễn Văn Hùng")
    project.write("profiles/a.md", base)
    project.write("profiles/b.md", base.replace("birth_year: 1980\n", ""))
    project.write("profiles/c.md", base)
    team = "---\nname: Tổ Một cửa\nkind: collective\nunit: van-phong\n---\n"
    project.write("profiles/to-1.md", team)
    project.write("profiles/to-2.md", team)
    apart = "nếu là hai người, năm sinh (birth_year) khác nhau hoặc mã (id) riêng sẽ phân biệt họ"
    assert problems_of(project) == [
        "profiles/b.md:2: name: trùng tên và đơn vị với profiles/a.md ('Nguyễn Văn Hùng'), hồ sơ này chưa ghi năm "
        f"sinh: nếu là một người, hãy bỏ một hồ sơ; {apart}",
        "profiles/c.md:2: name: trùng tên, đơn vị và năm sinh với profiles/a.md ('Nguyễn Văn Hùng'): nếu là một "
        f"người, hãy bỏ một hồ sơ; {apart}",
        "profiles/to-2.md:2: name: trùng tên và đơn vị với profiles/to-1.md ('Tổ Một cửa'): nếu là một tập thể, hãy "
        "bỏ một hồ sơ; nếu là hai tập thể, mã (id) riêng sẽ phân biệt chúng",
    ]
    # As the message says: a year of birth of its own, or an id in either profile, tells them apart.
    project.write("profiles/b.md", base.replace("birth_year: 1980", "birth_year: 1991"))
    project.write("profiles/a.md", base.replace("name: Nguyễn Văn Hùng", "name: Nguyễn Văn Hùng\nid: hung-van-phong"))
    project.write("profiles/to-1.md", team.replace("kind: collective", "kind: collective\nid: to-mot-cua-cu"))
    site = project.load()
    assert sorted(p.id for p in site.profiles) == ["b", "c", "hung-van-phong", "to-2", "to-mot-cua-cu"]
    assert site.problems.items == []


def test_too_long_text_is_said_in_vietnamese_whatever_its_type(project):
    # `quote` (a paragraph) and `name` are text types with validators, whose length pydantic checks as any
    # sized value's ("too_long"), not as a string's.
    project.write("profiles/x.md", INDIVIDUAL.replace("Nguyễn Văn An", "Ă" * 161)
                  .replace("position: Chuyên viên", f"quote: {'a' * 601}"))
    assert problems_of(project) == ["profiles/x.md:2: name: quá dài (tối đa 160 ký tự)",
                                    "profiles/x.md:6: quote: quá dài (tối đa 600 ký tự)"]
