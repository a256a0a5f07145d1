"""English fields (issue 16): the registries' English names and a profile's `en` block, loaded and checked.

Nothing of them is rendered yet (docs/design/english.md): these tests pin what the English edition will read.
"""

import pytest

from generator.load import Paths, load_registries, load_site
from generator.model import MAX_EN_SUMMARY
from generator.problems import InputError, Problems
from tests.helpers import INDIVIDUAL, REPO, TODAY

COLLECTIVE = """
---
name: Tổ Một cửa
kind: collective
unit: van-phong
headcount: 5
---
"""


def problems_of(project) -> list[str]:  # noqa: D103
    with pytest.raises(InputError) as caught:
        project.load()
    return [str(p) for p in caught.value.problems.sorted()]


def with_english(profile: str, block: str) -> str:
    """`profile` (a Markdown profile) with `block` added at the end of its front matter."""
    lines = profile.lstrip("\n").split("\n")
    end = lines.index("---", 1)
    return "\n".join([*lines[:end], block.strip(), *lines[end:]])


def test_the_sample_registries_have_an_english_name_for_every_entry_and_wording():
    problems = Problems(REPO)
    registries = load_registries(Paths.at(REPO).data, problems)
    assert not problems.items
    for registry in (registries.units, registries.movements, registries.awards):
        assert registry.entries and all(entry.en is not None and entry.en.name for entry in registry.entries)
    dated = [alias for title in registries.awards.entries for alias in title.aliases if not isinstance(alias, str)]
    assert dated and all(wording.en is not None for wording in dated)
    titles = {title.id: title.en.name for title in registries.awards.entries}
    assert titles["chien-si-thi-dua-co-so"] == "Emulation Fighter at Grassroots Level"
    assert titles["bang-khen-thu-tuong"] == "Certificate of Merit of the Prime Minister"
    assert titles["huan-chuong-lao-dong-hang-ba"] == "Labour Order, Third Class"
    assert all(entry.en.description for entry in registries.movements.entries)


def test_at_least_six_sample_profiles_have_an_english_summary():
    site = load_site(Paths.at(REPO), today=TODAY)
    summaries = [p for p in site.profiles if p.data.en is not None and p.data.en.summary]
    assert len(summaries) >= 6


def test_english_fields_load_as_plain_text(project):
    project.write("profiles/an.md", with_english(INDIVIDUAL, """
        en:
          position: "  Senior   Officer <Office> & co  "
          summary: >-
            Mr Nguyễn Văn An cut the time to settle a dossier
            from 15 to 7 days.
        """.replace("\n        ", "\n")))
    project.write("profiles/to.md", with_english(COLLECTIVE, "en:\n  name: One-Stop Shop Team\n"))
    profiles = {p.id: p for p in project.load().profiles}
    english = profiles["an"].data.en
    assert english is not None and english.name is None
    assert english.position == "Senior Officer <Office> & co"
    assert english.summary == "Mr Nguyễn Văn An cut the time to settle a dossier from 15 to 7 days."
    assert profiles["to"].data.en.name == "One-Stop Shop Team"
    assert profiles["to"].data.en.summary is None


def test_a_profile_without_english_fields_has_none(project):
    project.write("profiles/an.md", INDIVIDUAL)
    (profile,) = project.load().profiles
    assert profile.data.en is None


def test_bad_english_fields_are_located_with_their_line(project):
    project.write("profiles/a-list.md", with_english(INDIVIDUAL, "en: [Senior Officer]"))
    project.write("profiles/b-long.md", with_english(INDIVIDUAL.replace("Nguyễn Văn An", "Trần Văn Bình"),
                                                     f"en:\n  position: Officer\n  summary: {'a' * (MAX_EN_SUMMARY + 1)}"))
    project.write("profiles/c-empty.yml", """
        name: Tổ Hai
        kind: collective
        unit: van-phong
        en:
          name: 12345
          position: "   "
        """)
    project.write("profiles/d-misspelt.md", with_english(INDIVIDUAL.replace("Nguyễn Văn An", "Lê Văn Cường"),
                                                        "en:\n  summery: Good work.\n  position: [Officer]"))
    assert problems_of(project) == [
        "profiles/a-list.md:17: en: phải là một nhóm trường (dạng 'khóa: giá trị')",
        f"profiles/b-long.md:19: en.summary: quá dài (tối đa {MAX_EN_SUMMARY} ký tự)",
        "profiles/c-empty.yml:5: en.name: phải là họ tên hoặc tên tập thể, không phải số (12345)",
        "profiles/c-empty.yml:6: en.position: không được để trống",
        "profiles/d-misspelt.md:18: en.summery: cảnh báo: trường không được hỗ trợ, giá trị bị bỏ qua; "
        "có phải ý bạn là 'summary'?",
        "profiles/d-misspelt.md:19: en.position: phải là văn bản",
    ]


@pytest.mark.parametrize("written", ["Nguyen Van An", "Van An Nguyen", "Nguyễn Văn An", "NGUYEN VAN AN"])
def test_an_individuals_english_name_that_only_restates_the_vietnamese_one_is_dropped(project, written):
    project.write("profiles/an.md", with_english(INDIVIDUAL, f"en:\n  name: {written}\n  position: Officer"))
    site = project.load()
    assert [str(p) for p in site.problems.sorted()] == [
        "profiles/an.md:18: en.name: cảnh báo: tên người Việt không dịch: trang tiếng Anh hiện đúng họ tên có dấu "
        "'Nguyễn Văn An', giá trị bị bỏ qua; chỉ ghi en.name khi tên viết bằng tiếng Anh khác hẳn (ví dụ tên "
        "người nước ngoài)"]
    (profile,) = site.profiles
    assert profile.data.en.name is None and profile.data.en.position == "Officer"


def test_an_individuals_english_name_of_its_own_is_kept(project):
    project.write("profiles/an.md", with_english(INDIVIDUAL.replace("Nguyễn Văn An", "Giôn Xmít"),
                                                 "en:\n  name: John Smith"))
    site = project.load()
    assert not site.problems.items
    assert site.profiles[0].data.en.name == "John Smith"


def test_registry_english_names_are_checked(project):
    units = project.root / "data/units.yml"
    text = units.read_text(encoding="utf-8")
    text = text.replace("      name: Office of the Board\n", "      name: Board Leadership\n", 1)
    text = text.replace("      name: Policy and Communications Division\n", "      nam: Policy\n", 1)
    units.write_text(text, encoding="utf-8")
    movements = project.root / "data/movements.yml"
    text = movements.read_text(encoding="utf-8")
    movements.write_text(text.replace("      confirmed: false\n", "      confirmed: maybe\n", 1), encoding="utf-8")
    project.write("profiles/an.md", INDIVIDUAL)
    lines = {line: n for n, line in enumerate(units.read_text(encoding="utf-8").splitlines(), 1)}
    moved = {line: n for n, line in enumerate(movements.read_text(encoding="utf-8").splitlines(), 1)}
    assert problems_of(project) == [
        f"data/movements.yml:{moved['      confirmed: maybe']}: movements[0].en.confirmed: phải là true hoặc false",
        f"data/units.yml:{lines['      name: Board Leadership']}: units[1].en.name: tên tiếng Anh 'Board Leadership' "
        "đã dùng cho đơn vị 'Lãnh đạo Ban'",
        f"data/units.yml:{_line_of_en(units, 2)}: units[2].en.name: thiếu trường bắt buộc",
        f"data/units.yml:{lines['      nam: Policy']}: units[2].en.nam: cảnh báo: trường không được hỗ trợ, giá trị bị bỏ "
        "qua; có phải ý bạn là 'name'?",
    ]


def _line_of_en(path, index: int) -> int:
    """Line of the `en:` key of the registry entry at `index` (0-based) in `path`."""
    seen = -1
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("  - id: "):
            seen += 1
        if seen == index and line == "    en:":
            return number
    raise AssertionError(f"no en: in entry {index}")


def test_english_fields_written_in_vietnamese_are_a_warning(project):
    project.write("profiles/an.md", with_english(INDIVIDUAL, """
        en:
          position: Phó Trưởng phòng Quản lý đầu tư
          summary: Ông Nguyễn Văn An rút ngắn thời gian giải quyết hồ sơ từ 15 xuống 7 ngày.
        """.replace("\n        ", "\n")))
    project.write("profiles/binh.md", with_english(INDIVIDUAL.replace("Nguyễn Văn An", "Trần Văn Bình"), """
        en:
          position: Deputy Head of the Investment Management Division
          summary: Mr Trần Văn Bình, of the Hòa Lạc Hi-Tech Park, cut the time to settle a dossier to 7 days.
        """.replace("\n        ", "\n")))
    site = project.load()
    message = ("cảnh báo: có vẻ viết bằng tiếng Việt; trường trong khối en là chữ của trang tiếng Anh, hãy ghi "
               "bằng tiếng Anh (bỏ trường này nếu chưa có bản tiếng Anh)")
    assert [str(p) for p in site.problems.sorted()] == [f"profiles/an.md:18: en.position: {message}",
                                                        f"profiles/an.md:19: en.summary: {message}"]
    assert len(site.profiles) == 2
