"""The `vinhdanh` command as editors and CI run it."""

import json
import subprocess
import sys

from generator.cli import main, profile_schema
from tests.conftest import INDIVIDUAL, REPO


def run(project, *args):
    return main(["-f", str(project.root / "mkdocs.yml"), *args])


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
