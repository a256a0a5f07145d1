"""The `vinhdanh` command as editors and CI run it."""

import argparse
import json
import re
import subprocess
import sys

import pytest

from generator.cli import COMMANDS, main, profile_schema
from tests.helpers import INDIVIDUAL, REPO, run


def test_check_clean_project_says_so_and_notes_skipped(project, capsys):
    project.write("profiles/an.md", INDIVIDUAL)
    project.write("profiles/nhap.md", INDIVIDUAL.replace("Nguyễn Văn An", "Trần Bản Nháp")
                  .replace("kind: individual", "kind: individual\ndraft: true"))
    assert run(project, "check") == 0
    assert capsys.readouterr().out.splitlines() == [
        "Không có lỗi. 1 hồ sơ sẽ được xuất bản.",
        "Lưu ý: profiles/nhap.md: bản nháp.",
    ]


def test_check_prints_every_problem_and_fails(project, capsys):
    project.write("profiles/a.md", "---\nname: A\nkind: x\nunit: van-phong\n---\n")
    project.write("profiles/b.md", "no front matter\n")
    assert run(project, "check") == 1
    assert capsys.readouterr().out.splitlines() == [
        "profiles/a.md:3: kind: phải là một trong: 'individual' hoặc 'collective'",
        "profiles/b.md:1: thiếu phần thông tin đầu tệp (front matter) giữa hai dòng '---'",
        "Có 2 lỗi trong 2 tệp.",
    ]


def test_check_github_format_prints_annotations(project, capsys):
    project.write("profiles/a.md", "---\nname: A\nkind: x\nunit: van-phong\n---\n")
    assert run(project, "check", "--format", "github") == 1
    assert capsys.readouterr().out.strip() == (
        "::error file=profiles/a.md,line=3,title=kind::phải là một trong: 'individual' hoặc 'collective'")


def test_build_failure_keeps_the_old_site_and_says_so(project, capsys):
    project.write("profiles/a.md", INDIVIDUAL)
    assert run(project, "build", "--site-dir", str(project.root / "out")) == 0
    out = capsys.readouterr().out
    assert "Đã xuất bản 1 hồ sơ; chưa xuất bản: không có." in out
    project.write("profiles/b.md", "---\nname: B\n---\n")
    assert run(project, "build", "--site-dir", str(project.root / "out")) == 1
    out = capsys.readouterr().out
    assert "profiles/b.md:2: kind: thiếu trường bắt buộc" in out
    assert "Chưa xây dựng trang; trang cũ (nếu có) được giữ nguyên." in out
    assert (project.root / "out/ho-so/a/index.html").exists()


def test_new_scaffolds_a_draft_that_checks_clean_and_never_overwrites(project, capsys):
    assert run(project, "new", "Đặng Thị Hường", "--kind", "individual", "--unit", "Văn phòng") == 0
    created = project.profiles / "dang-thi-huong.md"
    assert created.exists()
    assert run(project, "check") == 0
    assert "profiles/dang-thi-huong.md: bản nháp" in capsys.readouterr().out
    before = created.read_text()
    assert run(project, "new", "Đặng Thị Hường", "--kind", "individual", "--unit", "van-phong") == 1
    assert created.read_text() == before


def test_schema_is_json_schema_and_the_committed_copy_is_current():
    schema = profile_schema()
    assert schema["required"] == ["name", "kind", "unit"]
    assert "Họ và tên" in schema["properties"]["name"]["description"]
    committed = json.loads((REPO / "profiles/_schema.json").read_text(encoding="utf-8"))
    assert committed == schema, "run `make schema` after changing the profile model"


def test_schema_accepts_the_sample_yml_profiles():
    import jsonschema

    from generator.readers import parse_yaml

    for path in (REPO / "profiles").glob("*.yml"):
        jsonschema.validate(parse_yaml(path.read_text(encoding="utf-8")).data, profile_schema())


def test_console_script_runs_from_anywhere_with_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "generator.cli", "check"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "Không tìm thấy mkdocs.yml" in result.stderr


def help_of(capsys, *args) -> str:
    with pytest.raises(SystemExit) as caught:
        main([*args, "--help"])
    assert caught.value.code == 0
    return capsys.readouterr().out


ENGLISH = ("usage", "options:", "positional arguments", "optional arguments", "show this help", "error", "argument")


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_command_has_vietnamese_help_with_a_description_and_examples(command, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")  # argparse wraps to the terminal's width
    text = help_of(capsys, *([command] if command else []))
    usage = text.splitlines()[0]
    assert usage.startswith(f"Cách dùng: vinhdanh {command}".rstrip() + " [-h]")
    assert "\ntùy chọn:\n  -h, --help" in text and "in hướng dẫn này rồi thoát" in text
    assert not [word for word in ENGLISH if word in text.lower()], text
    assert not re.findall(r"\b[A-Z_]{3,}\b", usage), usage  # every value named in Vietnamese (TỆP, THƯ_MỤC...)
    if command:
        assert " ".join(COMMANDS[command].description.split()) in " ".join(text.split())
        assert text.endswith("Ví dụ:\n" + "".join(f"  {line}\n" for line in COMMANDS[command].examples))
    else:
        assert all(f"\n    {name:<20}{COMMANDS[name].summary}\n" in text for name in COMMANDS), text


def test_import_help_reads_as_a_whole(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert help_of(capsys, "import") == """\
Cách dùng: vinhdanh import [-h] [--template TỆP] [TỆP]

Nhập đề cử của các đơn vị từ bảng tính theo mẫu (lấy mẫu trống bằng --template). Mỗi dòng được
kiểm tra như một hồ sơ; lỗi được báo theo dòng và cột của bảng tính, và khi còn lỗi thì chưa dòng
nào được nhập. Dòng hợp lệ thành hồ sơ bản nháp trong profiles/; hồ sơ đã có không bao giờ bị ghi
đè.

tham số:
  TỆP             tệp đề cử .xlsx hoặc .csv

tùy chọn:
  -h, --help      in hướng dẫn này rồi thoát
  --template TỆP  ghi mẫu trống (.xlsx) vào tệp này

Ví dụ:
  vinhdanh import --template mau-de-cu.xlsx
  vinhdanh import de-cu-van-phong.xlsx
"""


@pytest.mark.parametrize("args, usage, error", [
    ([], "vinhdanh [-h] [-f TỆP] LỆNH ...", "vinhdanh: lỗi: thiếu tham số bắt buộc: LỆNH"),
    (["buidl"], "vinhdanh [-h] [-f TỆP] LỆNH ...",
     "vinhdanh: lỗi: tham số LỆNH: không có lựa chọn 'buidl' (chọn một trong: 'new', 'check', 'build', 'serve', "
     "'report', 'import', 'booklet', 'schema')"),
    (["new", "--kind", "nguoi"], "vinhdanh new [-h] [--kind {collective,individual}] [--unit ĐƠN_VỊ] [TÊN]",
     "vinhdanh new: lỗi: tham số --kind: không có lựa chọn 'nguoi' (chọn một trong: 'collective', 'individual')"),
    (["new", "--unit"], "vinhdanh new [-h] [--kind {collective,individual}] [--unit ĐƠN_VỊ] [TÊN]",
     "vinhdanh new: lỗi: tham số --unit: cần một giá trị"),
    (["check", "--strictt"], "vinhdanh [-h] [-f TỆP] LỆNH ...", "vinhdanh: lỗi: không hiểu tham số: --strictt"),
    (["check", "\x1b[2J"], "vinhdanh [-h] [-f TỆP] LỆNH ...", "vinhdanh: lỗi: không hiểu tham số: <U+001B>[2J"),
])
def test_argparse_errors_are_vietnamese_and_point_at_the_help(args, usage, error, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    prog = error.split(": lỗi")[0]
    assert capsys.readouterr().err.splitlines() == [f"Cách dùng: {usage}", error, f"Xem hướng dẫn: {prog} --help"]


def test_other_parsers_keep_argparse_s_own_language(capsys):
    help_of(capsys)
    other = argparse.ArgumentParser(prog="khac").format_help()
    assert other.startswith("usage: khac") and "show this help message and exit" in other


def test_new_refuses_an_unknown_unit_with_the_same_suggestion_as_check(project, capsys):
    assert run(project, "new", "Trần Thị Bình", "--kind", "individual", "--unit", "Phòng Quản lí đầu tư") == 2
    unknown = ("không có đơn vị 'Phòng Quản lí đầu tư' trong data/units.yml; có phải ý bạn là 'Phòng Quản lý đầu tư' "
               "(mã phong-quan-ly-dau-tu)?")
    assert capsys.readouterr().err == f"Chưa tạo hồ sơ: {unknown}\n"
    assert list(project.profiles.iterdir()) == []
    project.write("profiles/binh.md", INDIVIDUAL.replace("unit: van-phong", "unit: Phòng Quản lí đầu tư"))
    assert run(project, "check") == 1
    assert f"profiles/binh.md:7: unit: {unknown}" in capsys.readouterr().out


def test_new_templates_hold_only_their_kind_s_fields_and_the_placeholder_story_is_never_published(project, capsys):
    assert run(project, "new", "Tổ Một cửa", "--kind", "collective", "--unit", "van-phong") == 0
    assert run(project, "new", "Lê Thị Hoà", "--kind", "individual", "--unit", "Văn phòng") == 0
    team, person = (project.profiles / "to-mot-cua.md").read_text(), (project.profiles / "le-thi-hoa.md").read_text()
    assert "position:" not in team and "birth_year:" not in team and "headcount:" in team
    assert "position:" in person and "headcount:" not in person
    assert person.endswith("---\n\nViết câu chuyện về Lê Thị Hoà ở đây.\n")
    assert run(project, "check", "--strict") == 0  # drafts: the placeholder is where it belongs
    capsys.readouterr()
    project.write("profiles/le-thi-hoa.md", person.replace("draft: true", "draft: false")
                  .replace("consent: #", 'consent:\n  date: "2025-05-20" #'))
    assert run(project, "check") == 1
    assert capsys.readouterr().out.splitlines()[0] == (
        "profiles/le-thi-hoa.md:23: story: câu chuyện còn dòng mẫu 'Viết câu chuyện về Lê Thị Hoà ở đây.'; hãy thay "
        "dòng đó bằng câu chuyện (hoặc xóa dòng đó nếu chưa có câu chuyện)")
